"""Python's full collections in a load, bare and with kongtun, over books of several sizes.

    python bench/collector.py [--kind savings-group] [--members 1200,1350,1500] [--years 1]

Beancount's own load spends a fifth of its CPU in Python's full (oldest-generation) garbage
collections: at ~116k transactions 13 of them, 3.2–3.5 s of a 14.6 s load. Python starts one
when the objects that became long-lived since the last one pass a quarter of those it kept, so
the number in a load is a step function of the book's size, and the objects a kongtun load
keeps (the books: members, accounts, loans' schedules, standings — about 7,000 at ~10k
transactions) move the step: for some sizes a kongtun load runs one full collection more than
the bare load of the same file, which at ~10k transactions is about 4 % of the load by itself.
This prints, for each size, the transactions, the full collections bare and with kongtun, the
CPU of each load and the objects the collector tracks after it, so that a ratio of a load can
be read against it (docs/performance.md, round 8). Each figure is one fresh process; the
counts do not depend on the machine's load (they do depend on everything the process
allocates, so they hold for `bench/measure.py`'s processes, not for any other program).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import get_args

from kongtun.generators.scale import PLUGIN_LINE, ScaleKind, scale_book

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import compile_kongtun, measure  # noqa: E402 - bench/ is not a package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kind", choices=get_args(ScaleKind), default="savings-group")
    parser.add_argument("--members", default="1200,1350,1500", help="comma-separated sizes")
    parser.add_argument("--years", type=int, default=1)
    args = parser.parse_args()
    compile_kongtun()
    print(
        "members txns  full collections: bare kongtun  load CPU s: bare kongtun  "
        "objects tracked after: kongtun − bare"
    )
    with tempfile.TemporaryDirectory(prefix="kongtun-collector-") as tmp:
        folder = Path(tmp)
        env = {"XDG_CACHE_HOME": str(folder / "cache")}
        for members in (int(size) for size in args.members.split(",")):
            text = scale_book(members, args.years, kind=args.kind)
            book, bare = folder / f"{members}.beancount", folder / f"{members}-bare.beancount"
            book.write_text(text, encoding="utf-8")
            bare.write_text(text.replace(PLUGIN_LINE, "", 1), encoding="utf-8")
            past = time.time() - 120  # kongtun's caches vouch only for files a minute old
            os.utime(book, (past, past))
            measure("load", book, 1, env)  # the daily load: caches written
            plain, kongtun = measure("collector", bare, 1), measure("collector", book, 1, env)
            kept = kongtun["tracked_objects"] - plain["tracked_objects"]
            print(
                f"{members} {text.count(' * ')}  "
                f"{plain['full_collections']:.0f} {kongtun['full_collections']:.0f}  "
                f"{plain['cpu_seconds']:.3f} {kongtun['cpu_seconds']:.3f}  {kept:.0f}"
            )


if __name__ == "__main__":
    main()
