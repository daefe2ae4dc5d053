"""The roll-up of many funds: process pool and Dask LocalCluster, cold and incremental.

    python bench/rollup.py [--funds 100,1000] [--workers 1,2,all] [--engines pool,dask]
                           [--seed 2567] [--json FILE]

For each number of funds, writes ``kongtun demo --network`` funds into a temporary folder
and times the roll-up of December 2024 by tambon (finding the funds, reading each on the
engine, adding up) with an empty cache: on the process pool with each number of workers, and
on a Dask ``LocalCluster`` of that many worker processes (``--dask-workers``; one thread
each; the cluster's start is timed apart). Then, on the pool with the most workers, the
second, incremental roll-up after one fund changed (on the cache of its cold run), as a
share of the first (the issue's goal: 0.05 or less). Memory: the largest peak (VmHWM) of a
worker process, and CPU the time of every process below this one, sampled from /proc while
the run lasts (the pool's workers come from a forkserver, Dask's from its nannies: neither
are this process's children). The books are written by a process of their own, so that this
one (which the pool's workers used to be forked from) stays small; ``--books DIR`` takes a
folder written before. Prints one row per run and ratios to one worker; ``--json`` keeps
them (after each size). Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
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


def _status(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return dict(line.rstrip("\n").split(":\t", 1) for line in status if ":\t" in line)


class Descendants(threading.Thread):
    """Every process below this one, sampled every ``every`` seconds while a run lasts: the
    peak memory (VmHWM) of each and its CPU time (utime + stime), for the pool's workers
    (started by a forkserver: not this process's children) and Dask's alike."""

    def __init__(self, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        self.names: dict[int, str] = {}
        self.done = threading.Event()
        self.ticks = os.sysconf("SC_CLK_TCK")

    def sample(self) -> None:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    parents[int(entry)] = int(_status(int(entry)).get("PPid", "0"))
                except (OSError, ValueError):
                    continue
        mine = {os.getpid()}
        grew = True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in mine} - mine
            grew = bool(more)
            mine |= more
        for pid in mine - {os.getpid()}:
            try:
                status = _status(pid)
                with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.peaks[pid] = max(self.peaks.get(pid, 0.0), int(status["VmHWM"].split()[0]) / 1024)
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / self.ticks
            self.names[pid] = status.get("Name", "")

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.sample()

    def stop(self) -> dict[str, float]:
        """The peak of the largest worker (the forkserver itself left out) and the CPU time
        of every process below this one."""
        self.done.set()
        self.join()
        workers = sorted(self.peaks.values())
        return {
            "worker_peak_mb": workers[-1] if workers else 0.0,
            "descendants_cpu_seconds": sum(self.cpu.values()),
            "worker_processes": len(self.peaks),
        }


def roll(files: list[str], cache: Path, workers: int, scheduler: str | None) -> dict[str, Any]:
    """One roll-up as ``kongtun rollup`` does it; its wall time, CPU (pool) and counts."""
    store = SummaryCache(cache, MONTH)
    watch = Descendants()
    watch.start()
    start, cpu = time.perf_counter(), time.process_time()
    outcomes = gather(
        files, cache=store, month=MONTH, workers=workers, scheduler=scheduler, lang="en"
    )
    rollup = roll_up(MONTH, "tambon", [from_json(o.summary) for o in outcomes if o.summary])
    seconds = time.perf_counter() - start
    watched = watch.stop()
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu + watched["descendants_cpu_seconds"],
        "read": sum(1 for o in outcomes if not o.cached),
        "included": rollup.total.funds,
        **watched,
    }


#: the rows of the current size (the incremental run takes its first run from them)
ROWS: list[dict[str, Any]] = []


def pool_rows(files: list[str], folder: Path, workers: list[int]) -> list[dict[str, Any]]:
    rows = ROWS
    for count in workers:
        row = roll(files, folder / f"cache-pool-{count}", count, None)
        row |= {"engine": "pool", "workers": count}
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
        row["worker_peak_mb"] = max(peaks.values())  # the workers' own (not the nannies')
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


def write_books(root: Path, funds: int, seed: int) -> None:
    """The network's books, written by a process of their own: this one stays as small as
    ``kongtun rollup`` is (the books' texts are hundreds of MB at 1,000 funds)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as one:
        one.submit(_write_books, str(root), funds, seed).result()


def _write_books(root: str, funds: int, seed: int) -> None:
    for name, text in network_books(funds, seed).items():
        (Path(root) / name).parent.mkdir(parents=True, exist_ok=True)
        (Path(root) / name).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--funds", default="100,1000")
    parser.add_argument("--workers", default="1,2,all")
    parser.add_argument("--engines", default="pool,dask")
    parser.add_argument("--dask-workers", default=None, help="default: --workers")
    parser.add_argument("--seed", type=int, default=2567)
    parser.add_argument("--json", default=None)
    parser.add_argument(
        "--books",
        default=None,
        help="a folder kongtun demo --network wrote with --funds N --seed S (one size: N); "
        "copied, so that the incremental run's change stays out of it",
    )
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
            if args.books:
                shutil.copytree(args.books, folder / "books")
            else:
                write_books(folder / "books", funds, args.seed)
            files = find_funds([str(folder / "books")])
            print(f"{funds} funds ({len(files)} found), load average {os.getloadavg()[0]:.1f}")
            ROWS.clear()
            rows = pool_rows(files, folder, workers) if "pool" in args.engines else ROWS
            if "dask" in args.engines:
                rows += dask_rows(files, folder, dask_workers or workers)
            ratios(rows)
            if "pool" in args.engines:  # on the pool's cache of its cold run
                rows.append(incremental(files, folder, max(workers)))
            results["sizes"].append({"funds": funds, "rows": list(rows)})
            results["load_average_after"] = os.getloadavg()
            if args.json:
                text = json.dumps(results, indent=1) + "\n"
                Path(args.json).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
