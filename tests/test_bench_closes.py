"""bench/closes.py and bench/mutations.py work (a tiny run of each); they assert no time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_tiny_closes_bench_runs() -> None:
    args = ("--members", "20", "--years", "1", "--repeat", "1", "--whole")
    lines = bench("closes.py", *args).splitlines()
    assert lines[0].endswith("closes")
    assert lines[1].startswith("bare Beancount load")
    assert lines[2].startswith("verify every close")
    assert lines[2].endswith("% of the bare load")
    assert lines[3].startswith("cache hit (usual load)")
    assert lines[4].startswith("cache miss, key written")
    assert lines[4].endswith("% of the bare load")
    assert lines[5].startswith("kongtun, no closes")
    assert lines[6].startswith("kongtun, with closes")
    assert lines[6].endswith("% of the bare load")
    assert lines[7].startswith("CPU time of this process")


def test_tiny_mutation_run_prints_its_counts() -> None:
    out = bench("mutations.py", "--meaningful", "9", "--meaningless", "5", "--seed", "3")
    assert re.search(r"(?m)^all {20}9 {9}9 +[0-9]$", out), out  # made, detected, told
    assert "(told: the error names the entry that differs and what changed)" in out
    assert "all                    5         0\n" in out
