"""The roll-up: fund summaries reduced to figures per area (tambon, district or province).

:func:`roll_up` adds up every figure of the summaries of one month by area and keeps, beside
each sum, how many funds it covers (a figure a fund does not have — loans in a welfare fund
that does not lend — is not counted for it). Funds that could not be read are passed in as
:class:`LeftOut` and stay listed; funds read with problems are included and listed with their
first problem. Portfolio at risk is a ratio of sums (:func:`par`), never an average of the
funds' ratios.

The funds' grants (:attr:`FundSummary.grants`) are added up apart (:func:`roll_up_grants`): by
the grant's own area at the same level — a network's book can hold the grants of many tambons
— and by grantor, each figure with how many grants and funds it covers.
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
from kongtun.ledger.network.summary import GRANT_FIGURES, Area, FundGrant, FundSummary
from kongtun.ledger.network.witness import ChangedClose

Level = Literal["tambon", "district", "province"]
LEVELS: Final[tuple[Level, ...]] = ("tambon", "district", "province")
PAR_DAYS: Final = (30, 60, 90)


def area_of(summary: FundSummary, by: Level) -> tuple[str, ...]:
    """The area a fund is counted in: (province,), (province, district) or
    (province, district, tambon); a part the fund does not declare is ""."""
    return at_level(summary.area, by)


def at_level(area: Area, by: Level) -> tuple[str, ...]:
    """``area`` as far as the level ``by``."""
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
class GrantFigures:
    """Grants of one area (the grants' own; ``()``: every area) and one grantor (None: every
    grantor) added up: each figure's sum and how many grants and funds it covers (a grant
    whose vouchers record no households is not counted for ``households``)."""

    area: tuple[str, ...]
    grantor: str | None
    grants: int
    funds: int
    figures: Mapping[str, Decimal]
    covers: Mapping[str, int]
    fund_covers: Mapping[str, int]

    def get(self, key: str) -> Decimal:
        return self.figures.get(key, ZERO)


@dataclass(frozen=True)
class GrantRollUp:
    """The grants of the month by the grants' own area and by grantor."""

    #: by area, every grantor; with each area's grantors in ``cells``
    areas: tuple[GrantFigures, ...] = ()
    #: by area and grantor
    cells: tuple[GrantFigures, ...] = ()
    #: by grantor, every area
    grantors: tuple[GrantFigures, ...] = ()
    total: GrantFigures = GrantFigures(
        (), None, 0, 0, MappingProxyType({}), MappingProxyType({}), MappingProxyType({})
    )

    def of_area(self, area: tuple[str, ...]) -> tuple[GrantFigures, ...]:
        """The grantors of ``area``."""
        return tuple(cell for cell in self.cells if cell.area == area)


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
    #: the funds' grants by the grants' own area and by grantor
    grants: GrantRollUp = GrantRollUp()

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


class _GrantSum:
    def __init__(self) -> None:
        self.grants = 0
        self.funds: set[str] = set()
        self.figures: dict[str, Decimal] = defaultdict(Decimal)
        self.covers: dict[str, int] = defaultdict(int)
        self.fund_covers: dict[str, set[str]] = defaultdict(set)

    def add(self, file: str, grant: FundGrant) -> None:
        self.grants += 1
        self.funds.add(file)
        for key in GRANT_FIGURES:
            value = grant.figures.get(key)
            if value is None or (key == "households" and not value):
                continue
            self.figures[key] += value
            self.covers[key] += 1
            self.fund_covers[key].add(file)

    def done(self, area: tuple[str, ...], grantor: str | None) -> GrantFigures:
        keys = [key for key in GRANT_FIGURES if key in self.figures]
        return GrantFigures(
            area,
            grantor,
            self.grants,
            len(self.funds),
            MappingProxyType({key: self.figures[key] for key in keys}),
            MappingProxyType({key: self.covers[key] for key in keys}),
            MappingProxyType({key: len(self.fund_covers[key]) for key in keys}),
        )


def roll_up_grants(summaries: Iterable[FundSummary], by: Level) -> GrantRollUp:
    """The grants of ``summaries`` added up by the grant's own area at the level ``by``, by
    area and grantor, by grantor, and in total; the same in any order."""
    areas: dict[tuple[str, ...], _GrantSum] = defaultdict(_GrantSum)
    cells: dict[tuple[tuple[str, ...], str], _GrantSum] = defaultdict(_GrantSum)
    grantors: dict[str, _GrantSum] = defaultdict(_GrantSum)
    total = _GrantSum()
    for summary in sorted(summaries, key=lambda summary: summary.file):
        for grant in summary.grants:
            area = at_level(grant.area, by)
            for into in (areas[area], cells[area, grant.grantor], grantors[grant.grantor], total):
                into.add(summary.file, grant)
    return GrantRollUp(
        areas=tuple(areas[area].done(area, None) for area in sorted(areas)),
        cells=tuple(cells[key].done(*key) for key in sorted(cells)),
        grantors=tuple(grantors[name].done((), name) for name in sorted(grantors)),
        total=total.done((), None),
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
        grants=roll_up_grants(ordered, by),
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
        "format": "kongtun-rollup/2",
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
        "grants": grants_json(rollup.grants),
    }


def _grant_figures_json(figures: GrantFigures) -> dict[str, object]:
    return {
        "grants": figures.grants,
        "funds": figures.funds,
        "figures": {
            key: {
                "value": str(value),
                "grants": figures.covers[key],
                "funds": figures.fund_covers[key],
            }
            for key, value in figures.figures.items()
        },
    }


def grants_json(grants: GrantRollUp) -> dict[str, object]:
    """The grants' block of the roll-up's JSON: by area (with each area's grantors), by
    grantor, and in total."""
    return {
        "areas": [
            {
                "area": list(area.area),
                **_grant_figures_json(area),
                "grantors": [
                    {"grantor": cell.grantor, **_grant_figures_json(cell)}
                    for cell in grants.of_area(area.area)
                ],
            }
            for area in grants.areas
        ],
        "grantors": [
            {"grantor": grantor.grantor, **_grant_figures_json(grantor)}
            for grantor in grants.grantors
        ],
        "total": _grant_figures_json(grants.total),
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


def grant_rows(rollup: RollUp) -> list[list[str]]:
    """The grants as CSV rows: one per area (the grants' own), grantor and figure, with the
    grants and funds it covers; ``*`` for every area or every grantor."""
    depth = {"province": 1, "district": 2, "tambon": 3}[rollup.by]
    header = ["province", "district", "tambon"][:depth]
    rows = [[*header, "grantor", "figure", "value", "grants", "funds"]]
    grants = rollup.grants
    for figures in (
        *(cell for area in grants.areas for cell in (*grants.of_area(area.area), area)),
        *grants.grantors,
        grants.total,
    ):
        where = list(figures.area) if figures.area else ["*"] * depth
        who = figures.grantor if figures.grantor is not None else "*"
        count = [str(figures.grants), str(figures.funds)]
        rows.append([*where, who, "grants", str(figures.grants), *count])
        for key, value in figures.figures.items():
            covers = [str(figures.covers[key]), str(figures.fund_covers[key])]
            rows.append([*where, who, key, str(value), *covers])
    return rows
