"""A fund's daily load with one file a year: the last year's file against ten years in one.

    python bench/years.py [--members 1000] [--years 10] [--repeat 3] [--instructions]

Writes a savings group of ``--members`` over ``--years`` years, splits it at the start of the
last year with ``kongtun carry`` (as a committee would), and measures, each in a fresh
process: the load of the full history and of the last year's file; and the daily load — the
last year's file with kongtun — against the same file loaded by bare Beancount (its
``plugin`` line taken out), runs alternating: kongtun's share of a carried year's load.
The daily load reads kongtun's verified-year-ends cache (written by an earlier load, the file
dated back, the cache in a folder of the run); the first load (``KONGTUN_NO_CACHE=1``) checks
the year end in full. ``--instructions`` also counts the daily load's instructions and its bare
twin's under cachegrind (``bench/instructions.py``), the measure of the goal in
docs/performance.md (one load's CPU time on a shared machine moves by 10–20 %).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.parser import parser, printer

from kongtun.generators.scale import PLUGIN_LINE, scale_book, scale_start

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from instructions import compile_kongtun, daily_against_bare  # noqa: E402 - bench/ is not a package
from run import measure, median_of, settle_change_time  # noqa: E402 - bench/ is not a package


def split(full: Path, start: datetime.date, folder: Path) -> Path:
    """The last year's file: the earlier years carried forward, then the year's entries."""
    text = full.read_text(encoding="utf-8")
    head = text[: text.index("\n20")] + "\n"
    raw, errors, _ = parser.parse_file(str(full))
    assert not errors, errors[:3]
    old = folder / "earlier.beancount"
    old.write_text(
        head + "".join(printer.format_entry(e) + "\n" for e in raw if e.date < start),
        encoding="utf-8",
    )
    new = folder / "last-year.beancount"
    kongtun = Path(sys.executable).parent / "kongtun"
    subprocess.run(
        [str(kongtun), "carry", "--start", start.isoformat(), str(old), str(new)],
        check=True,
        capture_output=True,
    )
    with new.open("a", encoding="utf-8") as out:
        out.write("".join(printer.format_entry(e) + "\n" for e in raw if e.date >= start))
    return new


def bare_year(last: Path, bare: Path) -> Path:
    """The last year's file for bare Beancount: no ``plugin`` line, and the ``open`` and
    ``close`` lines kongtun adds (its members' accounts) written out, so that it loads with no
    error — the same entries, without kongtun's work."""
    raw, _, _ = parser.parse_file(str(last))
    written = {(type(e).__name__, e.account) for e in raw if isinstance(e, (data.Open, data.Close))}
    entries, _, _ = loader.load_file(str(last))
    added = [
        printer.format_entry(e)
        for e in entries
        if isinstance(e, (data.Open, data.Close)) and (type(e).__name__, e.account) not in written
    ]
    text = last.read_text(encoding="utf-8").replace(PLUGIN_LINE, "", 1)
    bare.write_text(text + "\n" + "".join(added), encoding="utf-8")
    return bare


def main() -> None:
    parser_ = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser_.add_argument("--members", type=int, default=1000)
    parser_.add_argument("--years", type=int, default=10)
    parser_.add_argument("--repeat", type=int, default=3)
    parser_.add_argument(
        "--instructions",
        action="store_true",
        help="also the daily load against bare by instructions (bench/instructions.py; valgrind)",
    )
    args = parser_.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # kongtun's load caches for every load of this run (never the user's ~/.cache): the
        # books settle during the run, and a load then writes its verified-year-ends cache
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        full = folder / "full.beancount"
        full.write_text(scale_book(args.members, args.years), encoding="utf-8")
        start = scale_start(1)
        last = split(full, start, folder)
        whole = measure("load", full, args.repeat)
        bare = bare_year(last, folder / "last-year-bare.beancount")
        past = time.time() - 120
        os.utime(last, (past, past))
        settle_change_time()
        daily = {"XDG_CACHE_HOME": str(folder / "cache")}
        measure("load", last, 1, daily)  # writes the cache
        first = {**daily, "KONGTUN_NO_CACHE": "1"}
        order = [(bare, None), (last, daily), (last, first)]
        runs = [measure("load", path, 1, env) for _ in range(args.repeat) for path, env in order]
        year_bare, year, year_first = (median_of(runs[at::3]) for at in range(3))
        pairs = [
            k["cpu_seconds"] / b["cpu_seconds"] for b, k in zip(runs[0::3], runs[1::3], strict=True)
        ]
        pairs_first = [
            k["cpu_seconds"] / b["cpu_seconds"] for b, k in zip(runs[0::3], runs[2::3], strict=True)
        ]
        counted = by_instructions(last, bare) if args.instructions else None
    result = {
        "members": args.members,
        "years": args.years,
        "full": whole,
        "last_year": year,
        "ratio_last_year_to_full": year["seconds"] / whole["seconds"],
        "last_year_bare": year_bare,
        "ratio_year_to_bare": year["seconds"] / year_bare["seconds"],
        "ratio_year_to_bare_cpu": year["cpu_seconds"] / year_bare["cpu_seconds"],
        "pairs_cpu": pairs,
        "last_year_first": year_first,
        "ratio_first_to_bare_cpu": year_first["cpu_seconds"] / year_bare["cpu_seconds"],
        "pairs_first_cpu": pairs_first,
    }
    print(
        f"{args.years} years in one file: {whole['seconds']:.2f} s, {whole['peak_mb']:.0f} MB; "
        f"the last year's file: {year['seconds']:.2f} s, {year['peak_mb']:.0f} MB "
        f"(ratio {result['ratio_last_year_to_full']:.3f})"
    )
    print(
        f"the daily load: the last year's file with kongtun {year['seconds']:.2f} s against "
        f"bare Beancount {year_bare['seconds']:.2f} s ({year_bare['errors']} errors bare): "
        f"{result['ratio_year_to_bare']:.3f} wall, {result['ratio_year_to_bare_cpu']:.3f} CPU "
        f"(pairs {min(pairs):.2f}-{max(pairs):.2f}; goal <= 1.05); the first load "
        f"(no cache) {result['ratio_first_to_bare_cpu']:.3f} CPU "
        f"(pairs {min(pairs_first):.2f}-{max(pairs_first):.2f})"
    )
    if counted is not None:
        result["instructions"] = counted
        print(
            f"the daily load by instructions: {counted['daily'] / 1e6:,.1f} M against bare "
            f"{counted['bare'] / 1e6:,.1f} M ({counted['ratio']:.4f}; goal <= 1.05)"
        )
    print(json.dumps(result))


def by_instructions(last: Path, bare: Path) -> dict[str, Any]:
    """The daily load of the last year's file against its bare twin by instructions, the measure
    of docs/performance.md's goals (``bench/instructions.py``: kongtun's byte code compiled, the
    caches written by a plain load just before, both under cachegrind in this run)."""
    compile_kongtun()
    return daily_against_bare(last, bare, "carried year")


if __name__ == "__main__":
    main()
