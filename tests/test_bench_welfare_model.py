"""bench/welfare_model.py works: the same books give the same digests, run after run, and a
damaged copy is compared too (with its problems). It asserts no time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kongtun.generators.scale import scale_book

ROOT = Path(__file__).resolve().parent.parent


def digests(*args: str) -> list[list[str]]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "welfare_model.py"), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line.split("\t") for line in done.stdout.splitlines()]


def test_the_model_digests_are_the_same_each_run(tmp_path: Path) -> None:
    book = tmp_path / "welfare.beancount"
    book.write_text(scale_book(40, 2, kind="welfare-fund"), encoding="utf-8")
    first = digests(str(book), "--drop", "5", "--out", str(tmp_path / "model.txt"))
    assert first == digests(str(book), "--drop", "5")
    parts = {(name, part): int(size) for name, part, _, size in first}
    for part in ("standings", "claims", "rounds", "received", "admin", "assets", "problems"):
        assert ("welfare.beancount", part) in parts
    assert parts["welfare.beancount", "problems"] == 0  # the benchmark books are clean
    assert parts["damaged-welfare.beancount", "problems"] > 0  # their damaged copy is not
    assert "## damaged-welfare.beancount standings\n" in (tmp_path / "model.txt").read_text()
