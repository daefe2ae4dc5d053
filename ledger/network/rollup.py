"""The roll-up: fund summaries reduced to figures per area (tambon, district or province).

:func:`roll_up` adds up every figure of the summaries of one month by area and keeps, beside
each sum, how many funds it covers (a figure a fund does not have — loans in a welfare fund
that does not lend — is not counted for it). Funds that could not be read are passed in as
:class:`LeftOut` and stay listed; funds read with problems are included and listed with their
first problem. Portfolio at risk is a ratio of sums (:func:`par`), never an average of the
funds' ratios.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Literal

from kongtun.ledger.books.fund import ZERO
from kongtun.ledger.network.summary import FundSummary
from kongtun.ledger.network.witness import ChangedClose

Level = Literal["tambon", "district", "province"]
LEVELS: Final[tuple[Level, ...]] = ("tambon", "district", "province")
PAR_DAYS: Final = (30, 60, 90)


def area_of(summary: FundSummary, by: Level) -> tuple[str, ...]:
    """The area a fund is counted in: (province,), (province, district) or
    (province, district, tambon); a part the fund does not declare is ""."""
    area = summary.area
    if by == "province":
        return (area.province,)
    if by == "district":
        return (area.province, area.district)
    return (area.province, area.district, area.tambon)


@dataclass(frozen=True)
class LeftOut:
    """A fund that could not be read: its file and why (a message id and its values, worded
    at the edge)."""

    file: str
    reason: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AreaFigures:
    """Every figure of one area: its sum and how many funds it covers."""

    area: tuple[str, ...]
    funds: int
    figures: Mapping[str, Decimal]
    covers: Mapping[str, int]
    #: funds of the area whose books have problems
    with_problems: int

    def get(self, key: str) -> Decimal:
        return self.figures.get(key, ZERO)

    def par(self, days: int) -> Decimal | None:
        """PAR ``days`` of the area's member loans (None when no fund of it lends)."""
        outstanding = self.figures.get("loans.outstanding")
        if not outstanding:
            return None
        return self.get(f"loans.at-risk.{days}") / outstanding

    def keys(self, prefix: str) -> list[str]:
        """The area's figure keys under ``prefix`` ("borrowed." -> every lender), sorted."""
        return sorted(key for key in self.figures if key.startswith(prefix))


@dataclass(frozen=True)
class RollUp:
    """The month's roll-up by one level of area."""

    month: datetime.date
    by: Level
    areas: tuple[AreaFigures, ...]
    total: AreaFigures
    #: funds found, read (their figures are in), left out
    found: int
    left_out: tuple[LeftOut, ...]
    #: funds read whose books have problems (included, listed)
    with_problems: tuple[FundSummary, ...]
    #: closes whose digest is not the one the network's witness recorded (witness.py)
    closes_changed: tuple[ChangedClose, ...] = ()

    @property
    def complete(self) -> bool:
        """Every fund found is in the figures, none of them has problems and no close the
        network witnessed has changed."""
        return not self.left_out and not self.with_problems and not self.closes_changed


class _Sum:
    def __init__(self) -> None:
        self.funds = 0
        self.problems = 0
        self.figures: dict[str, Decimal] = defaultdict(Decimal)
        self.covers: dict[str, int] = defaultdict(int)

    def add(self, summary: FundSummary) -> None:
        self.funds += 1
        self.problems += summary.problems > 0
        for key, value in summary.figures.items():
            self.figures[key] += value
            self.covers[key] += 1

    def done(self, area: tuple[str, ...]) -> AreaFigures:
        return AreaFigures(
            area,
            self.funds,
            MappingProxyType(dict(sorted(self.figures.items()))),
            MappingProxyType(dict(sorted(self.covers.items()))),
            self.problems,
        )


def roll_up(
    month: datetime.date,
    by: Level,
    summaries: Iterable[FundSummary],
    left_out: Iterable[LeftOut] = (),
) -> RollUp:
    """The summaries of ``month`` added up by area (``by``), and in total. The result does
    not depend on the order of the summaries."""
    ordered = sorted(summaries, key=lambda summary: summary.file)
    sums: dict[tuple[str, ...], _Sum] = defaultdict(_Sum)
    total = _Sum()
    for summary in ordered:
        sums[area_of(summary, by)].add(summary)
        total.add(summary)
    missing = tuple(sorted(left_out, key=lambda left: left.file))
    return RollUp(
        month=month,
        by=by,
        areas=tuple(sums[area].done(area) for area in sorted(sums)),
        total=total.done(()),
        found=len(ordered) + len(missing),
        left_out=missing,
        with_problems=tuple(summary for summary in ordered if summary.problems),
    )


def rollup_json(rollup: RollUp) -> dict[str, object]:
    """The roll-up as JSON: every area's figures with the funds each covers."""

    def area(figures: AreaFigures) -> dict[str, object]:
        return {
            "area": list(figures.area),
            "funds": figures.funds,
            "funds_with_problems": figures.with_problems,
            "figures": {
                key: {"value": str(value), "funds": figures.covers[key]}
                for key, value in figures.figures.items()
            },
        }

    return {
        "format": "kongtun-rollup/1",
        "month": rollup.month.strftime("%Y-%m"),
        "by": rollup.by,
        "funds_found": rollup.found,
        "funds_included": rollup.total.funds,
        "complete": rollup.complete,
        "left_out": [
            {"file": left.file, "reason": left.reason, "values": dict(left.values)}
            for left in rollup.left_out
        ],
        "with_problems": [
            {
                "file": summary.file,
                "problems": summary.problems,
                "first": None
                if summary.first_problem is None
                else {
                    "file": summary.first_problem.file,
                    "line": summary.first_problem.line,
                    "rule": summary.first_problem.rule,
                },
            }
            for summary in rollup.with_problems
        ],
        "closes_changed": [
            {
                "fund": list(changed.recorded.fund),
                "file": changed.file,
                "month": changed.recorded.month,
                "recorded": changed.recorded.digest,
                "recorded_in": changed.recorded.seen,
                "now": changed.digest,
            }
            for changed in rollup.closes_changed
        ],
        "areas": [area(figures) for figures in rollup.areas],
        "total": area(rollup.total),
    }


def rollup_rows(rollup: RollUp) -> list[list[str]]:
    """The roll-up as CSV rows: one per area and figure, with the funds it covers."""
    depth = {"province": 1, "district": 2, "tambon": 3}[rollup.by]
    header = ["province", "district", "tambon"][:depth]
    rows = [[*header, "figure", "value", "funds"]]
    for figures in (*rollup.areas, rollup.total):
        where = list(figures.area) if figures.area else ["*"] * depth
        rows.append([*where, "funds", str(figures.funds), str(figures.funds)])
        for key, value in figures.figures.items():
            rows.append([*where, key, str(value), str(figures.covers[key])])
    return rows
