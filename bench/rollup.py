"""The roll-up of many funds: process pool and Dask LocalCluster, cold and incremental.

    python bench/rollup.py [--funds 100,1000] [--workers 1,2,all] [--engines pool,dask]
                           [--seed 2567] [--json FILE]

For each number of funds, writes ``kongtun demo --network`` funds into a temporary folder
and times the roll-up of December 2024 by tambon (finding the funds, reading each on the
engine, adding up) with an empty cache: on the process pool with each number of workers, and
on a Dask ``LocalCluster`` of that many worker processes (``--dask-workers``; one thread
each; the cluster's start is timed apart). Then, on the pool with the most workers, the
second, incremental roll-up after one fund changed (on the cache of its cold run), as a
share of the first (the issue's goal: 0.05 or less). Memory:
the largest peak of a worker process (VmHWM). Prints one row per run and ratios to one
worker; ``--json`` keeps them. Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"

from kongtun.cli.network import SummaryCache, find_funds
from kongtun.cli.rollup import gather
from kongtun.generators.network import network_books
from kongtun.ledger.network.rollup import roll_up
from kongtun.ledger.network.summary import from_json

MONTH = datetime.date(2024, 12, 1)


def vm_hwm_mb() -> float:
    """This process's peak memory (VmHWM), in MB (run on each Dask worker)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def roll(files: list[str], cache: Path, workers: int, scheduler: str | None) -> dict[str, Any]:
    """One roll-up as ``kongtun rollup`` does it; its wall time, CPU (pool) and counts."""
    store = SummaryCache(cache, MONTH)
    start, cpu = time.perf_counter(), children_cpu() + time.process_time()
    outcomes = gather(
        files, cache=store, month=MONTH, workers=workers, scheduler=scheduler, lang="en"
    )
    rollup = roll_up(MONTH, "tambon", [from_json(o.summary) for o in outcomes if o.summary])
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": children_cpu() + time.process_time() - cpu,
        "read": sum(1 for o in outcomes if not o.cached),
        "included": rollup.total.funds,
    }


#: the rows of the current size (the incremental run takes its first run from them)
ROWS: list[dict[str, Any]] = []


def pool_rows(files: list[str], folder: Path, workers: list[int]) -> list[dict[str, Any]]:
    rows = ROWS
    for count in workers:
        row = roll(files, folder / f"cache-pool-{count}", count, None)
        row |= {"engine": "pool", "workers": count}
        row["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rows.append(row)
        show(row)
    return rows


def dask_rows(files: list[str], folder: Path, workers: list[int]) -> list[dict[str, Any]]:
    from distributed import Client, LocalCluster  # noqa: PLC0415 - kongtun[network]

    rows = []
    for count in workers:
        started = time.perf_counter()
        with LocalCluster(
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            ready = time.perf_counter() - started
            row = roll(files, folder / f"cache-dask-{count}", count, cluster.scheduler_address)
            with Client(cluster) as client:
                peaks = client.run(vm_hwm_mb)
        row |= {"engine": "dask", "workers": count, "cluster_start_seconds": ready}
        row["worker_peak_mb"] = max(peaks.values())
        rows.append(row)
        show(row)
    return rows


def incremental(files: list[str], folder: Path, workers: int) -> dict[str, Any]:
    """The roll-up again after one fund changed, on the cache the cold pool run with
    ``workers`` left (or a cold run of its own when there was none)."""
    cache = folder / f"cache-pool-{workers}"
    first = roll(files, cache, workers, None) if not cache.exists() else None
    if first is None:
        first = next(row for row in ROWS if row["engine"] == "pool" and row["workers"] == workers)
    with open(files[len(files) // 2], "a", encoding="utf-8") as changed:
        changed.write("\n; checked by the district\n")
    second = roll(files, cache, workers, None)
    row = {
        "engine": "pool",
        "workers": workers,
        "incremental": True,
        "first_seconds": first["seconds"],
        "seconds": second["seconds"],
        "read": second["read"],
        "share": second["seconds"] / first["seconds"],
    }
    print(
        f"  incremental ({workers} workers): first {first['seconds']:.1f} s, second "
        f"{second['seconds']:.2f} s after one fund changed ({second['read']} read): "
        f"{row['share']:.3f} of the first",
        flush=True,
    )
    return row


def show(row: dict[str, Any]) -> None:
    print(
        f"  {row['engine']:<5} {row['workers']:>3} workers: {row['seconds']:8.1f} s wall, "
        f"{row['cpu_seconds']:8.1f} s CPU, worker peak {row['worker_peak_mb']:.0f} MB, "
        f"{row['included']} funds",
        flush=True,
    )


def ratios(rows: list[dict[str, Any]]) -> None:
    for engine in ("pool", "dask"):
        base = next((r for r in rows if r["engine"] == engine and r["workers"] == 1), None)
        for row in rows:
            if base is not None and row["engine"] == engine and not row.get("incremental"):
                row["speedup"] = base["seconds"] / row["seconds"]
                print(f"  {engine} {row['workers']} workers: {row['speedup']:.2f} x one worker")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--funds", default="100,1000")
    parser.add_argument("--workers", default="1,2,all")
    parser.add_argument("--engines", default="pool,dask")
    parser.add_argument("--dask-workers", default=None, help="default: --workers")
    parser.add_argument("--seed", type=int, default=2567)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    workers = sorted(
        {cores if part == "all" else int(part) for part in args.workers.split(",") if part}
    )
    dask_workers = (
        sorted({cores if p == "all" else int(p) for p in args.dask_workers.split(",")})
        if args.dask_workers
        else None
    )
    results: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, "
        f"{cores} cores, Python {platform.python_version()}",
        "load_average": os.getloadavg(),
        "sizes": [],
    }
    for funds in (int(part) for part in args.funds.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for name, text in network_books(funds, args.seed).items():
                (folder / "books" / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / "books" / name).write_text(text, encoding="utf-8")
            files = find_funds([str(folder / "books")])
            print(f"{funds} funds ({len(files)} found), load average {os.getloadavg()[0]:.1f}")
            ROWS.clear()
            rows = pool_rows(files, folder, workers) if "pool" in args.engines else ROWS
            if "dask" in args.engines:
                rows += dask_rows(files, folder, dask_workers or workers)
            ratios(rows)
            rows.append(incremental(files, folder, max(workers)))
            results["sizes"].append({"funds": funds, "rows": list(rows)})
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
