"""Funds of any size, for benchmarks: ``kongtun demo --members N --years Y``.

:func:`scale_book` is the demo savings group grown to ``members`` members over ``years``
years ending with the demo's last year: founders and later joiners, exits with their payouts,
a collection day every month with each member's savings and shares (some months missed or
saved short), entrance fees, bank deposits and costs, member loans paid on time, late (with
the charges the rules allow), early or not at all, and the 2024 flood moratorium — about
``members × 8 × years`` transactions and more with the loans. Every account is opened with
an ``open`` line, so the same text without the ``plugin`` line is the bare-Beancount
baseline of the benchmarks. The same seed gives the same text.
"""

from __future__ import annotations

import datetime
from typing import Final

from kongtun.ledger.demo import END, savings_group

PLUGIN_LINE: Final = 'plugin "kongtun.plugins.fund"\n'
SCALE_HEADER: Final = (
    "; Benchmark books written by `kongtun demo --members {members} --years {years} "
    "--seed {seed}`. Synthetic people.\n"
)


def scale_start(years: int) -> datetime.date:
    """The first day of a ``years``-year scale book (it ends with the demo's last year)."""
    return datetime.date(END.year - years + 1, 1, 1)


def scale_book(members: int, years: int, seed: int = 2567) -> str:
    """The books of a savings group of ``members`` members over ``years`` years."""
    founders = max(members // 3, 1)
    text = savings_group(
        seed,
        founders=founders,
        later=members - founders,
        exits=members * 8 // 100,
        start=scale_start(years),
        opens=True,
    )
    body = text.split("\n", 1)[1]  # the demo's header line gives way to the scale one
    return SCALE_HEADER.format(members=members, years=years, seed=seed) + body
