"""The first-view benchmark still runs (on a tiny ledger; its figures are printed, never
asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "first_view.py"


def test_the_first_view_benchmark_runs_on_a_small_ledger() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--members", "20", "--years", "1", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "this: 2 reloads" in result.stdout
    assert "share of the load, wall:" in result.stdout
