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
