"""The benchmark still runs (on a tiny ledger; its figures are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "reports.py"


def test_the_benchmark_runs_on_a_small_ledger() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--members", "20", "--years", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "0 errors" in result.stdout, "the generated books pass kongtun's checks"
    assert "ratio statements / load" in result.stdout
    assert "ratio fund page / balance sheet" in result.stdout
    assert "whole process ÷ load, wall" in result.stdout
    for page in ("report", "members", "statement", "loans"):
        assert f"view {page}: " in result.stdout


def test_the_views_alone_on_existing_books(tmp_path: Path) -> None:
    """``--views-only --ledger``: the books as they are (one load, Fava's), every view warm
    and on its first request after a load (issue 14: the ~300k run wrote its books and loaded
    them four times before the first page)."""
    kongtun = Path(sys.executable).parent / "kongtun"
    subprocess.run(
        [str(kongtun), "demo", "--members", "20", "--years", "1", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    books = next(tmp_path.glob("scale-*.beancount"))
    before = books.read_bytes()
    result = subprocess.run(
        [sys.executable, str(BENCH), "--views-only", "--ledger", str(books), "--repeat", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "Fava's load (beancount + kongtun plugin + Fava)" in result.stdout
    for page in ("report", "members", "statement", "loans", "annual", "audit", "verify"):
        assert f"view {page}: " in result.stdout
        assert f"view {page}, first request after a load: " in result.stdout
    assert "ratio statements / load" not in result.stdout
    assert books.read_bytes() == before
