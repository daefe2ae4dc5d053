"""bench/rollup.py works (a tiny run on the process pool); it asserts no time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_tiny_rollup_bench_runs(tmp_path: Path) -> None:
    out = tmp_path / "rollup.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "rollup.py"),
            "--funds",
            "2",
            "--workers",
            "1",
            "--engines",
            "pool",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    # two funds, one of them a revolving fund: its lender's books are read too
    assert lines[0].startswith("2 funds (3 found)")
    assert lines[1].startswith("  pool    1 workers:")
    assert lines[1].endswith("3 funds")
    assert "(1 read)" in lines[-1]
    assert out.read_text(encoding="utf-8").count('"engine": "pool"') == 2
    # the worker's memory and CPU, sampled from /proc (a forkserver's worker is no child)
    document = json.loads(out.read_text(encoding="utf-8"))
    [cold, _] = document["sizes"][0]["rows"]
    assert cold["worker_peak_mb"] > 20
    assert cold["cpu_seconds"] > cold["descendants_cpu_seconds"] > 0
