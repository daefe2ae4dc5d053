"""The cost of verifying month closes on each load, against a bare Beancount load.

    python bench/closes.py [--members 1000] [--years 13] [--repeat 3] [--whole]

Writes a savings group of about ``members × 8 × years`` transactions (``kongtun demo
--members``; 1000 × 13 is about 100k), closes every month of it as ``kongtun close`` would
(one ``custom "period-close"`` a month, chained, with the list of each day's entries), and
measures in CPU time of this process, as medians (with the spread) of ``--repeat`` runs:

- a bare Beancount load of the books with their closes (no kongtun plugin line);
- :func:`kongtun.ledger.years.closes.verify_closes` on the loaded entries: the work the
  plugin adds on each load for the closes (every entry up to the last close digested once);

- the same through the verified-closes cache (:mod:`kongtun.plugins.closes_cache`): a **hit**
  (the usual load: the closed months unchanged, the key computed and found) and a **miss**
  (the key computed, every close recomputed, the key written);

and prints each as a share of the first (the issue's budget: 3 %). ``--whole`` also
loads the books with kongtun's plugin, with and without their closes, the three loads
alternating: what the closes add to a whole load, as a share of the bare load. Not a test.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

# every load is a real one, never Beancount's pickle of an earlier load: set before Beancount's
# loader is imported, which reads it then (set after, as before, the loads were cached)
os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"

from beancount import loader
from beancount.core import data

from kongtun.generators.scale import PLUGIN_LINE, scale_book
from kongtun.ledger.years.closes import (
    close_digest,
    close_text,
    digest_days,
    month_end,
    verify_closes,
)
from kongtun.plugins.closes_cache import COUNTS, checked_closes
from kongtun.plugins.load_cache import cache_file


def closes_for(entries: list[data.Directive]) -> str:
    """The closes of every month of ``entries`` but the last, chained."""
    dates = [entry.date for entry in entries]
    days = digest_days(entries, max(dates))
    month = min(dates).replace(day=1)
    last_month = max(dates).replace(day=1)
    previous: tuple[str, datetime.date] | None = None
    out = []
    while month < last_month:
        last = month_end(month)
        out.append(close_text(days, last, previous, ["M0001"], "bench", entries=entries) + "\n")
        previous = (close_digest(days, last), last)
        month = last + datetime.timedelta(days=1)
    return "".join(out)


def settle(*paths: Path) -> None:
    """Date the books two minutes back: the cache vouches only for files that settled."""
    past = time.time() - 120
    for path in paths:
        os.utime(path, (past, past))


def through_cache(entries: list[data.Directive], options: dict[str, Any], kind: str) -> float:
    """CPU time of the closes checked through the cache: a ``miss`` (the cache removed first:
    the key computed, every close recomputed, the key written) or a ``hit``."""
    if kind == "miss":
        cache_file(options["filename"]).unlink(missing_ok=True)
    before = dict(COUNTS)
    started = time.process_time()
    problems = checked_closes(entries, options)
    spent = time.process_time() - started
    assert problems == [], problems[:3]
    done = {key: COUNTS[key] - before[key] for key in COUNTS}
    assert done == (
        {"hit": 1, "full": 0, "written": 0}
        if kind == "hit"
        else {"hit": 0, "full": 1, "written": 1}
    ), done
    return spent


def shown(times: list[float]) -> str:
    """The median and the spread (min–max) of ``times``."""
    return f"{statistics.median(times):7.3f} s ({min(times):.3f}–{max(times):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--years", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--whole", action="store_true", help="also whole loads with kongtun")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bare, plain, closed = (Path(folder) / f"{name}.beancount" for name in "abc")
        text = scale_book(args.members, args.years)
        without = text.replace(PLUGIN_LINE, "", 1)
        bare.write_text(without, encoding="utf-8")
        entries, _, _ = loader.load_file(str(bare))
        closes = closes_for(entries)
        bare.write_text(without + "\n" + closes, encoding="utf-8")
        plain.write_text(text, encoding="utf-8")
        closed.write_text(text + "\n" + closes, encoding="utf-8")
        settle(bare, plain, closed)
        # the verified-closes cache of the bench's books kept apart, removed with them
        cache = tempfile.mkdtemp(prefix="kongtun-bench-cache-")
        os.environ["XDG_CACHE_HOME"] = cache
        loads: list[float] = []
        verifies: list[float] = []
        cached: dict[str, list[float]] = {"hit": [], "miss": []}
        whole: dict[Path, list[float]] = {plain: [], closed: []}
        for _ in range(args.repeat):
            started = time.process_time()
            entries, _, options = loader.load_file(str(bare))
            loads.append(time.process_time() - started)
            started = time.process_time()
            problems = verify_closes(entries)
            verifies.append(time.process_time() - started)
            assert problems == [], problems[:3]
            for kind in ("miss", "hit"):
                cached[kind].append(through_cache(entries, options, kind))
            for path in whole if args.whole else ():
                started = time.process_time()
                loader.load_file(str(path))
                whole[path].append(time.process_time() - started)
    shutil.rmtree(cache, ignore_errors=True)
    load, verify = statistics.median(loads), statistics.median(verifies)
    count = sum(1 for entry in entries if type(entry).__name__ == "Transaction")
    print(f"{count} transactions, {closes.count('period-close')} closes")
    print(f"bare Beancount load      {shown(loads)}")
    share = 100 * verify / load
    print(f"verify every close       {shown(verifies)}   {share:5.1f} % of the bare load")
    for kind, words in (("hit", "cache hit (usual load)"), ("miss", "cache miss, key written")):
        share = 100 * statistics.median(cached[kind]) / load
        print(f"{words:24} {shown(cached[kind])}   {share:5.1f} % of the bare load")
    if args.whole:
        added = statistics.median(whole[closed]) - statistics.median(whole[plain])
        print(f"kongtun, no closes       {shown(whole[plain])}")
        share = 100 * added / load
        print(f"kongtun, with closes     {shown(whole[closed])}   {share:5.1f} % of the bare load")
    loads_now = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"CPU time of this process, medians (min–max); load average {loads_now}")


if __name__ == "__main__":
    main()
