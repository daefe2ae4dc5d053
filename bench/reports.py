"""Benchmark: member statements and the fund's page on a large ledger, as ratios.

    .venv/bin/python bench/reports.py [--kind savings-group] [--members 1000] [--years 13]
    .venv/bin/python bench/reports.py --views-only --ledger BOOKS.beancount

Writes the books ``kongtun demo --kind KIND --members MEMBERS --years YEARS`` writes
(:mod:`kongtun.generators.scale`: by default a savings group of about 100,000 transactions), or
reads existing books (``--ledger``: written by ``kongtun demo --members N``, with kongtun's
plugin line; writing a 300k book takes about 100 s of CPU and 1.5 GB), then prints:

- the time to build every member's statement for one month (the one pass of
  ``read_month`` plus ``statements``) as a ratio to the ledger's load time (goal ≤ 0.25);
- the extension's fund report page as a ratio to Fava's balance sheet page (the page and its
  API call) on the same ledger, with the extension's caches cold and warm (goal ≤ 1.0);
- every page the extension shows for the books (report, members, statement, loans, welfare,
  the assembly's report, the auditor's workpaper, grants, the verification form), warm and on
  its first request after a load, on the books' last month (the one a reload reads; the
  extension's reload work done first, outside the timing: every page pays what it reads
  once per load), wall and CPU time, as ratios to the
  balance sheet's (``--views-only`` skips the statements and the whole-process run: the pages
  alone, and loads the books once, in Fava, where the full run loads them three times more).

Ratios, not times, so that the figures mean the same on a fast and a slow machine. Never run
by the tests.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from beancount import loader

from kongtun.generators.scale import SCALE_KINDS, scale_book
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.reports.statements import statements


def best(action: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times)


def wall_and_cpu(action: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``action`` (this process's CPU: Fava's test client
    serves the request in it)."""
    began, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - began, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=SCALE_KINDS, default="savings-group")
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--years", type=int, default=13)
    parser.add_argument("--views-only", action="store_true", help="only Fava's pages")
    parser.add_argument("--ledger", type=Path, help="existing books instead of writing them")
    parser.add_argument("--repeat", type=int, default=3, help="timings of each view")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.ledger or Path(folder) / "bench.beancount"
        if args.ledger is None:
            path.write_text(scale_book(args.members, args.years, kind=args.kind), encoding="utf-8")
        if args.views_only:
            fava_pages(path, None, args.repeat)
            return
        entries, errors, options = loader.load_file(str(path))
        count = sum(1 for entry in entries if type(entry).__name__ == "Transaction")
        print(f"ledger: {args.members} members, {count} transactions, {len(errors)} errors")
        load = best(lambda: loader.load_file(str(path)), repeat=2)
        model = loaded_books(entries, options)
        fund = model.fund
        month = datetime.date(2024, 9, 1)

        def build() -> object:
            return statements(fund, read_month(entries, model, month))

        built = best(build)
        print(f"load (beancount + kongtun plugin): {load:.2f} s")
        print(f"every member's statement for 2024-09: {built:.3f} s")
        print(f"ratio statements / load: {built / load:.3f} (goal <= 0.25)")
        fava_pages(path, load, args.repeat)
        whole_process(path, Path(folder) / "out")


def fava_pages(path: Path, load: float | None, repeat: int = 3) -> None:
    """Fava's pages of the books at ``path`` against its balance sheet (``load``: the books'
    load time, else Fava's own load of them, timed here)."""
    from fava.application import create_app  # noqa: PLC0415 (only for this part)

    began, cpu = time.perf_counter(), time.process_time()
    app = create_app([str(path)])
    app.testing = True
    client = app.test_client()
    name = client.get("/").headers["Location"].strip("/").split("/")[0]  # Fava loads here
    fava_load = time.perf_counter() - began, time.process_time() - cpu
    slug = f"/{name}"
    entries = app.config["LEDGERS"][name].all_entries
    count = sum(1 for entry in entries if type(entry).__name__ == "Transaction")
    print(
        f"Fava's load (beancount + kongtun plugin + Fava): {fava_load[0]:.2f} s, CPU "
        f"{fava_load[1]:.2f} s; {count} transactions, {len(entries)} entries"
    )
    load = fava_load[0] if load is None else load

    def get(url: str) -> None:
        response = client.get(slug + url)
        assert response.status_code == 200, (url, response.status_code)

    def balance_sheet() -> None:
        get("/balance_sheet/")
        get("/api/balance_sheet")

    extension = app.config["LEDGERS"][name].extensions.get_extension("KongTun")

    def extension_load() -> None:
        extension.after_load_file()  # what the extension adds to each load of the books

    def extension_cold() -> None:
        extension._months.clear()  # a month not yet shown: its one pass, then the page
        get("/extension/KongTun/?month=2024-09")

    balance_sheet()  # Fava's own first-request work, outside the timings
    get("/extension/KongTun/?month=2024-09")
    sheets = [wall_and_cpu(balance_sheet) for _ in range(max(5, repeat))]
    sheet = statistics.median(wall for wall, _ in sheets)
    sheet_cpu = statistics.median(cpu for _, cpu in sheets)
    cold = statistics.median(best(extension_cold, 1) for _ in range(3))
    loading = statistics.median(best(extension_load, 1) for _ in range(3))
    warm = statistics.median(
        best(lambda: get("/extension/KongTun/?month=2024-09"), 1) for _ in range(3)
    )
    print(
        f"Fava balance sheet (page + API): {sheet:.3f} s, CPU {sheet_cpu:.3f} s "
        f"(CPU {min(c for _, c in sheets):.3f}-{max(c for _, c in sheets):.3f}); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for page, (wall, cpu) in every_view(get, extension.pages(), repeat).items():
        print(
            f"view {page}: {wall[0]:.3f} s ({wall[1]:.3f}-{wall[2]:.3f}); ratio to the balance "
            f"sheet {wall[0] / sheet:.2f} ({wall[1] / sheet:.2f}-{wall[2] / sheet:.2f}); CPU "
            f"{cpu[0] / sheet_cpu:.2f} ({cpu[1] / sheet_cpu:.2f}-{cpu[2] / sheet_cpu:.2f}) "
            "(goal <= 1.0)"
        )
    # the extension keeps each page's model (and the year ends' figures) for the load: its
    # first request after a load builds it; the reload's own work is done before the timing
    # (the books' default month, the last: the one a reload reads; another month's pass is
    # "another month" below)
    first = every_view(get, extension.pages(), repeat, reload=extension_load, month="")
    for page, (wall, cpu) in first.items():
        print(
            f"view {page}, first request after a load: {wall[0]:.3f} s "
            f"({wall[1]:.3f}-{wall[2]:.3f}); ratio {wall[0] / sheet:.2f} "
            f"({wall[1] / sheet:.2f}-{wall[2] / sheet:.2f}); CPU {cpu[0] / sheet_cpu:.2f} "
            f"({cpu[1] / sheet_cpu:.2f}-{cpu[2] / sheet_cpu:.2f}); CPU ÷ Fava's load's CPU "
            f"{cpu[0] / fava_load[1]:.3f} (goal <= 0.05)"
        )
    print(f"kongtun fund report page: {warm:.3f} s; another month (its pass first): {cold:.3f} s")
    print(f"ratio fund page / balance sheet: {warm / sheet:.2f} (goal <= 1.0)")
    print(f"ratio another month's page / balance sheet: {cold / sheet:.2f}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"kongtun's work at each load of the books (fund, last month): {loading:.2f} s")
    print(f"ratio of it to the ledger's load: {loading / load:.2f}")


def timed(command: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``command`` in a fresh process (no Beancount load cache, as
    in bench/measure.py: both sides parse the books)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    env = {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def whole_process(path: Path, out: Path, repeat: int = 3) -> None:
    """``kongtun statements`` for every member of a month, as a whole process (load, month,
    pages, writing the set), against a load of the same books in a fresh process; the runs
    alternate. Wall time (the disk included) and CPU time."""
    kongtun = Path(sys.executable).parent / "kongtun"
    write = [str(kongtun), "statements", str(path), "--month", "2024-09", "--out", str(out)]
    load = [sys.executable, str(Path(__file__).parent / "measure.py"), "load", str(path)]
    ratios: dict[str, list[float]] = {"wall": [], "cpu": []}
    for _ in range(repeat):
        load_wall, load_cpu = timed(load)
        wall, cpu = timed(write)
        ratios["wall"].append(wall / load_wall)
        ratios["cpu"].append(cpu / load_cpu)
    files = len(list((out / "statements-2024-09").iterdir()))
    for key, found in ratios.items():
        print(
            f"every member's statements ({files} files), whole process ÷ load, {key}: "
            f"{statistics.median(found):.2f} ({min(found):.2f}-{max(found):.2f}) (goal <= 1.25)"
        )


#: median, lowest and highest
Spread = tuple[float, float, float]
#: every page of the extension, for the month the benchmark reads (the verification page as
#: a member opens it: the form, no code typed)
VIEWS: Final = {
    "report": "?page=report{month}",
    "members": "?page=members{month}",
    "statement": "?page=statement{month}&member={member}",
    "loans": "?page=loans{month}",
    "welfare": "?page=welfare{month}",
    "annual": "?page=annual&year=2024",
    "audit": "?page=audit&year=2024",
    "grants": "?page=grants{month}",
    "verify": "?page=verify{month}",
}


def every_view(
    get: Callable[[str], None],
    pages: Sequence[str],
    repeat: int = 3,
    reload: Callable[[], None] | None = None,
    month: str = "2024-09",
) -> dict[str, tuple[Spread, Spread]]:
    """Each page the books have (no loans page for a welfare fund without loans, say), warm
    (shown once before), or on its first request after a load (``reload``: the extension's
    work at a reload, run before each timing and not timed): the median, lowest and highest
    of ``repeat`` times, wall and CPU; ``month``: the month the pages show ("": the books'
    default, their last month)."""
    found: dict[str, tuple[Spread, Spread]] = {}
    for page in (page for page in pages if page in VIEWS):
        asked = f"&month={month}" if month else ""
        url = "/extension/KongTun/" + VIEWS[page].format(member="M0001", month=asked)
        get(url)
        runs = []
        for _ in range(repeat):
            if reload is not None:
                reload()
            runs.append(wall_and_cpu(lambda url=url: get(url)))
        walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
        found[page] = (
            (statistics.median(walls), min(walls), max(walls)),
            (statistics.median(cpus), min(cpus), max(cpus)),
        )
    return found


if __name__ == "__main__":
    main()
