"""The cost of verifying month closes on each load, against a bare Beancount load.

    python bench/closes.py [--members 1000] [--years 13] [--repeat 3]

Writes a savings group of about ``members × 8 × years`` transactions (``kongtun demo
--members``; 1000 × 13 is about 100k), closes every month of it as ``kongtun close`` would
(one ``custom "period-close"`` a month, chained), and measures, as medians of ``--repeat``:

- a bare Beancount load of the books with their closes (no kongtun plugin line);
- :func:`kongtun.ledger.years.closes.verify_closes` on the loaded entries: the work the
  plugin adds on each load for the closes (every entry up to the last close digested once);

and prints the second as a share of the first (the issue's budget: 3 %). Not a test.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

from beancount import loader

# every load is a real one, never Beancount's pickle of an earlier load
os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"

from kongtun.generators.scale import PLUGIN_LINE, scale_book
from kongtun.ledger.years.closes import close_digest, close_text, digest_days, month_end


def closes_for(entries: list[object]) -> str:
    """The closes of every month of ``entries`` but the last, chained."""
    dates = [entry.date for entry in entries]  # type: ignore[attr-defined]
    days = digest_days(entries, max(dates))  # type: ignore[arg-type]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--years", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from kongtun.ledger.years.closes import verify_closes  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.beancount"
        text = scale_book(args.members, args.years).replace(PLUGIN_LINE, "", 1)
        bare.write_text(text, encoding="utf-8")
        entries, _, _ = loader.load_file(str(bare))
        closes = closes_for(entries)
        bare.write_text(text + "\n" + closes, encoding="utf-8")
        loads, verifies = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            entries, _, _ = loader.load_file(str(bare))
            loads.append(time.perf_counter() - started)
            started = time.perf_counter()
            problems = verify_closes(entries)
            verifies.append(time.perf_counter() - started)
            assert problems == [], problems[:3]
    load, verify = statistics.median(loads), statistics.median(verifies)
    count = sum(1 for entry in entries if type(entry).__name__ == "Transaction")
    print(f"{count} transactions, {closes.count('period-close')} closes")
    print(f"bare Beancount load      {load:8.2f} s")
    share = 100 * verify / load
    print(f"verify every close       {verify:8.3f} s   {share:5.1f} % of the bare load")


if __name__ == "__main__":
    main()
