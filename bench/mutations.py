"""The mutation run of month closes: random edits of closed months, and what caught them.

    python bench/mutations.py [--meaningful 1000] [--meaningless 200] [--seed 1]

Writes a small fund in six files with three closed months (``kongtun.tests.ledger.mutations``),
makes each edit on the original books, loads them with kongtun's plugin and counts: every
meaningful edit (an amount digit, a date within the month, an account, a member id in
metadata, a narration, an entry deleted, duplicated or inserted, a rule or member line) must
be reported as ``closed-period-changed`` or ``closed-period-entry``; no meaningless edit
(indentation, comments and blank lines, amounts written otherwise, entries or included files
in another order, an unrelated option) may raise any error. Exit status 1 when one did.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from kongtun.tests.ledger.mutations import fixture, run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meaningful", type=int, default=1000)
    parser.add_argument("--meaningless", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        fixture(Path(folder))
        counts = run(Path(folder), args.meaningful, args.meaningless, args.seed)
        seconds = time.perf_counter() - started
    print(f"{'meaningful edit':<16}{'made':>8}{'detected':>10}{'told':>8}")
    for kind, made in sorted(counts.meaningful.items()):
        print(f"{kind:<16}{made:>8}{counts.detected[kind]:>10}{counts.told[kind]:>8}")
    total, caught = sum(counts.meaningful.values()), sum(counts.detected.values())
    told = sum(counts.told.values())
    print(f"{'all':<16}{total:>8}{caught:>10}{told:>8}")
    print("(told: the error names the entry that differs and what changed)\n")
    print(f"{'meaningless edit':<16}{'made':>8}{'flagged':>10}")
    for kind, made in sorted(counts.meaningless.items()):
        print(f"{kind:<16}{made:>8}{counts.flagged[kind]:>10}")
    quiet, flagged = sum(counts.meaningless.values()), sum(counts.flagged.values())
    print(f"{'all':<16}{quiet:>8}{flagged:>10}\n")
    print(f"seed {args.seed}, {total + quiet} loads in {seconds:.1f} s")
    for line in [*counts.missed, *counts.false_alarms]:
        print("  ", line)
    return 1 if counts.missed or counts.false_alarms else 0


if __name__ == "__main__":
    sys.exit(main())
