"""The roll-up's lenders: what each area owes each lender, the lender's PAR, its moratoria.

A roll-up that reads a lender's books (``custom "fund" "lender"``, docs/network.md) has its
figures under ``lent.<code>.`` (its loans to organisations and their PAR), ``owed.<code>.
<province>`` (what the organisations of each province owe it by its books) and ``paused.
<code>.<province>`` (their loans paused by a moratorium at the month's end); the funds that
borrow have ``borrowed.<code>`` (what each owes the lender by its own books). :func:`lenders`
gathers them per lender from a :class:`~kongtun.ledger.network.rollup.RollUp`, never
computing a figure a second way: each is a sum the roll-up already holds.

By area (at the roll-up's level) the borrowers' side; by province the lender's side beside
the borrowers' (an area's first part is its province at every level), so that a province
where the two differ — a borrower's books missing from the roll-up, or books that do not
reconcile (``kongtun reconcile``) — shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from kongtun.ledger.books.fund import ZERO
from kongtun.ledger.network.rollup import AreaFigures, RollUp

#: a lender's figures in the roll-up's total (``lent.<code>.<what>``) shown in its section
LENT: Final = ("count", "outstanding", "in-arrears", "overdue", "paused", "moratoria")


@dataclass(frozen=True)
class OwedByArea:
    """What the funds of one area owe one lender by their own books (``borrowed.<code>``)."""

    area: tuple[str, ...]
    owed: Decimal
    #: the area's funds that owe the lender
    funds: int


@dataclass(frozen=True)
class OwedByProvince:
    """One province: what its organisations owe the lender by the lender's books
    (``owed.<code>.<province>``), by the borrowers' own books in the roll-up
    (``borrowed.<code>`` of the province's funds; None when none of them is in it), and
    their loans paused by a moratorium at the month's end."""

    province: str
    lender: Decimal
    borrowers: Decimal | None
    paused: int


@dataclass(frozen=True)
class LenderSection:
    """One lender in the roll-up."""

    code: str
    #: the lender's books read (0: only borrowers name it)
    books: int
    #: ``lent.<code>.<what>`` of the total (:data:`LENT`, ``at-risk.N``, ``late.N``)
    lent: Mapping[str, Decimal]
    areas: tuple[OwedByArea, ...]
    provinces: tuple[OwedByProvince, ...]

    @property
    def owed(self) -> Decimal:
        """What the funds in the roll-up owe the lender by their own books."""
        return sum((area.owed for area in self.areas), ZERO)

    def par(self, days: int) -> Decimal | None:
        """The lender's PAR ``days``: principal more than ``days`` past due ÷ outstanding
        (None when it has nothing outstanding, or its books are not in the roll-up)."""
        outstanding = self.lent.get("outstanding")
        if not outstanding:
            return None
        return self.lent.get(f"at-risk.{days}", ZERO) / outstanding


def codes(total: AreaFigures) -> list[str]:
    """Every lender the roll-up knows: whose books it read, or whom a fund owes."""
    found = {key.split(".")[1] for key in total.figures if key.startswith("lent.")}
    found |= {key.removeprefix("borrowed.") for key in total.figures if key.startswith("borrowed.")}
    return sorted(found)


def _of(total: AreaFigures, head: str) -> dict[str, Decimal]:
    """``head.<rest>`` figures of the total, by ``<rest>``."""
    return {
        key.removeprefix(head): value
        for key, value in total.figures.items()
        if key.startswith(head)
    }


def lender_section(rollup: RollUp, code: str) -> LenderSection:
    """The lender ``code`` in ``rollup``."""
    total = rollup.total
    key = f"borrowed.{code}"
    areas = tuple(
        OwedByArea(area.area, area.figures[key], area.covers[key])
        for area in rollup.areas
        if key in area.figures
    )
    borrowed: dict[str, Decimal] = defaultdict(Decimal)
    for one in areas:
        borrowed[one.area[0]] += one.owed
    owed = _of(total, f"owed.{code}.")
    paused = _of(total, f"paused.{code}.")
    provinces = tuple(
        OwedByProvince(
            province,
            owed.get(province, ZERO),
            borrowed.get(province),
            int(paused.get(province, ZERO)),
        )
        for province in sorted(owed.keys() | borrowed.keys() | paused.keys())
    )
    return LenderSection(
        code,
        max((n for k, n in total.covers.items() if k.startswith(f"lent.{code}.")), default=0),
        _of(total, f"lent.{code}."),
        areas,
        provinces,
    )


def lenders(rollup: RollUp) -> tuple[LenderSection, ...]:
    """Each lender of the roll-up (:func:`codes`), in the order of their codes."""
    return tuple(lender_section(rollup, code) for code in codes(rollup.total))
