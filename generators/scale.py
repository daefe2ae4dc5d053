"""Funds of any size, for benchmarks: ``kongtun demo [--kind K] --members N --years Y``.

:func:`scale_book` grows one of the demo funds to ``members`` members over ``years`` years
ending with the demo's last year; founders are a third of the members, the others join over
the years, and about 8 % leave. Two kinds:

- ``savings-group``: the demo savings group — a collection day every month with each
  member's savings and shares (some months missed or saved short), entrance fees, bank
  deposits and costs, exits with their payouts, member loans paid on time, late (with the
  charges the rules allow), early or not at all, the 2024 flood moratorium, and a year end
  each year (the surplus closed and shared out as ``kongtun year-end --write`` records it);
- ``welfare-fund``: the demo community welfare fund (:mod:`kongtun.generators.welfare`) —
  monthly contributions, months skipped and caught up, lapses and rejoins, claims of every
  benefit kind the rules allow, a state matching round every year after the first, local
  government support and administration costs.

Either is about ``members × 8 × years`` transactions. Every account is opened with an
``open`` line, so the same text without the ``plugin`` line is the bare-Beancount baseline of
the benchmarks. The same seed gives the same text.
"""

from __future__ import annotations

import datetime
from typing import Final, Literal

from kongtun.generators.savings import END, SAVINGS_GROUP_HEAD, savings_group
from kongtun.generators.welfare import welfare_book

ScaleKind = Literal["savings-group", "welfare-fund"]
SCALE_KINDS: Final[tuple[ScaleKind, ...]] = ("savings-group", "welfare-fund")
PLUGIN_LINE: Final = 'plugin "kongtun.plugins.fund"\n'
#: the demo's importing lines: a scale book has no import folder and no ``importers.py``
#: (``kongtun demo DIR`` writes them for the demo), and Fava's polling watcher takes a missing
#: ``import-config`` file for a changed one: it would reload the books on every request
DEMO_IMPORT_LINES: Final = tuple(f"{line}\n" for line in SAVINGS_GROUP_HEAD if '"import-' in line)
SCALE_HEADER: Final = (
    "; Benchmark books written by `kongtun demo {kind}--members {members} --years {years} "
    "--seed {seed}`. Synthetic people.\n"
)


def scale_start(years: int) -> datetime.date:
    """The first day of a ``years``-year scale book (it ends with the demo's last year)."""
    return datetime.date(END.year - years + 1, 1, 1)


def scale_file_name(members: int, years: int, kind: ScaleKind = "savings-group") -> str:
    """``scale-60x3.beancount`` (a savings group), ``scale-welfare-60x3.beancount``."""
    middle = "" if kind == "savings-group" else "welfare-"
    return f"scale-{middle}{members}x{years}.beancount"


def scale_book(
    members: int, years: int, seed: int = 2567, kind: ScaleKind = "savings-group"
) -> str:
    """The books of a fund of ``kind`` with ``members`` members over ``years`` years."""
    founders = max(members // 3, 1)
    grow = welfare_book if kind == "welfare-fund" else savings_group
    text = grow(
        seed,
        founders=founders,
        later=members - founders,
        exits=members * 8 // 100,
        start=scale_start(years),
        opens=True,
    )
    body = text.split("\n", 1)[1]  # the demo's header line gives way to the scale one
    for line in DEMO_IMPORT_LINES:
        body = body.replace(line, "", 1)
    option = "" if kind == "savings-group" else f"--kind {kind} "
    return SCALE_HEADER.format(kind=option, members=members, years=years, seed=seed) + body
