"""The grants of a fund: what each grant allows and what became of its money.

A grant is declared with ``custom "grant"`` and its budget lines with ``custom "grant-line"``;
``custom "grant-transfer"`` moves budget between two lines, approved by the grantor. Every
transaction that moves a grant's money carries ``grant: "ID"``, and a spending also
``budget-line: "NAME"`` (docs/grants.md). The grant's money is kept apart from the fund's own:

- ``Assets:Restricted:ID`` — the grant's money (its own bank account or cash box);
- ``Equity:Grants:ID`` — what the fund holds for the grant's purpose: credited when the
  grantor pays a tranche, debited when the money is spent on a line, returned to the grantor
  or converted to the fund's own capital by a resolution;
- ``Equity:Grants:ID:Community`` — the community's own share put into the project;
- ``Equity:Revolving`` — the fund's own loan capital (ทุนหมุนเวียน), credited by a conversion.

So the balance sheet shows the restricted money and what it is held for side by side, and the
income statement (and the year's surplus, paid out as dividends) never counts grant money.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, Literal

from kongtun.ledger.grants.needs import HELD, RESTRICTED, Grants
from kongtun.ledger.record import record

#: A grant id: a capital letter, then capital letters, digits or '-' (an account component).
GRANT_ID: Final = re.compile(r"[A-Z][A-Z0-9-]{0,29}")
COMMUNITY: Final = "Community"
REVOLVING: Final = "Equity:Revolving"
ZERO: Final = Decimal(0)

#: what a movement of a grant's money is
MovementKind = Literal["received", "share", "spent", "returned", "converted"]


def restricted_account(grant: str) -> str:
    """``Assets:Restricted:G1``: the grant's money."""
    return f"{RESTRICTED}:{grant}"


def held_account(grant: str) -> str:
    """``Equity:Grants:G1``: what the fund holds for the grant's purpose."""
    return f"{HELD}:{grant}"


def community_account(grant: str) -> str:
    """``Equity:Grants:G1:Community``: the community's share in the project."""
    return f"{HELD}:{grant}:{COMMUNITY}"


def grant_of_account(account: str) -> str | None:
    """The grant whose account ``account`` is (restricted money or what it is held for)."""
    for parent in (RESTRICTED, HELD):
        if account.startswith(parent + ":"):
            return account[len(parent) + 1 :].split(":", 1)[0]
    return None


@record
class Transfer:
    """A budget transfer between two lines, approved by the grantor."""

    date: datetime.date
    source: str
    target: str
    amount: Decimal
    approved_by: str
    meta: Mapping[str, Any]


@record
class Grant:
    """A grant as its directives declare it."""

    id: str
    grantor: str
    purpose: str
    amount: Decimal
    currency: str
    start: datetime.date
    end: datetime.date
    date: datetime.date
    meta: Mapping[str, Any]
    #: required community share (zero when none)
    share: Decimal = ZERO
    tambon: str = ""
    district: str = ""
    province: str = ""
    #: line name -> budget as first declared, in the order of the ledger
    lines: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    #: line name -> the metadata of its ``custom "grant-line"`` (its date and file:line)
    declared: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    #: line name -> the date of its ``custom "grant-line"``
    declared_on: Mapping[str, datetime.date] = field(default_factory=lambda: MappingProxyType({}))
    transfers: tuple[Transfer, ...] = ()

    def budget(self, line: str, day: datetime.date | None = None) -> Decimal:
        """The budget of ``line`` after the transfers dated on or before ``day`` (all)."""
        total = self.lines.get(line, ZERO)
        for transfer in self.transfers:
            if day is not None and transfer.date > day:
                continue
            if transfer.source == line:
                total -= transfer.amount
            if transfer.target == line:
                total += transfer.amount
        return total


@record
class Movement:
    """One transaction's movement of a grant's money (a voucher)."""

    date: datetime.date
    kind: MovementKind
    amount: Decimal
    line: str | None
    narration: str
    payee: str
    meta: Mapping[str, Any]
    households: int | None = None
    resolution: str | None = None


@record
class GrantBook:
    """A grant and every movement of its money, in the ledger's order."""

    grant: Grant
    movements: tuple[Movement, ...] = ()

    def total(self, *kinds: MovementKind, line: str | None = None) -> Decimal:
        """The sum of the movements of ``kinds`` (on ``line`` when given)."""
        return sum(
            (
                move.amount
                for move in self.movements
                if move.kind in kinds and (line is None or move.line == line)
            ),
            ZERO,
        )

    @property
    def received(self) -> Decimal:
        """Paid by the grantor (every tranche)."""
        return self.total("received")

    @property
    def share(self) -> Decimal:
        """The community's share put in."""
        return self.total("share")

    @property
    def spent(self) -> Decimal:
        """Used on the budget lines (a line converted to loan capital included)."""
        return self.total("spent") + self.converted - self.converted_remainder

    @property
    def returned(self) -> Decimal:
        """Returned to the grantor."""
        return self.total("returned")

    @property
    def converted(self) -> Decimal:
        """Turned into the fund's own loan capital by resolutions (lines and remainder)."""
        return self.total("converted")

    @property
    def converted_remainder(self) -> Decimal:
        """Converted by a resolution naming no line (what was left)."""
        return sum(
            (m.amount for m in self.movements if m.kind == "converted" and m.line is None), ZERO
        )

    @property
    def left(self) -> Decimal:
        """What is still held for the purpose: in minus out."""
        return self.received + self.share - self.spent - self.returned - self.converted_remainder

    def used(self, line: str) -> Decimal:
        """Spent on ``line``, its conversion to loan capital included."""
        return self.total("spent", "converted", line=line)

    def line_left(self, line: str) -> Decimal:
        """The budget of ``line`` (after every transfer) not yet used."""
        return self.grant.budget(line) - self.used(line)

    @property
    def households(self) -> int:
        """Households served, as the vouchers record them (``households:``)."""
        return sum(move.households or 0 for move in self.movements)


def grants_as_of(grants: Grants, day: datetime.date) -> Grants:
    """The grants declared on or before ``day``, each with only the movements dated on or
    before it: the books as they stood at the end of ``day``."""
    return Grants(
        MappingProxyType(
            {
                grant: GrantBook(book.grant, tuple(m for m in book.movements if m.date <= day))
                for grant, book in grants.books.items()
                if book.grant.date <= day
            }
        )
    )


@record
class GrantSummary:
    """One grant in a few figures, for a network's roll-up (by grantor and area)."""

    grant: str
    grantor: str
    purpose: str
    tambon: str
    district: str
    province: str
    start: datetime.date
    end: datetime.date
    amount: Decimal
    received: Decimal
    share: Decimal
    spent: Decimal
    returned: Decimal
    converted: Decimal
    left: Decimal
    households: int


def grant_summaries(grants: Grants) -> tuple[GrantSummary, ...]:
    """Every grant of one fund's books in figures (the roll-up's input), in the ledger's order."""
    return tuple(
        GrantSummary(
            book.grant.id,
            book.grant.grantor,
            book.grant.purpose,
            book.grant.tambon,
            book.grant.district,
            book.grant.province,
            book.grant.start,
            book.grant.end,
            book.grant.amount,
            book.received,
            book.share,
            book.spent,
            book.returned,
            book.converted,
            book.left,
            book.households,
        )
        for book in grants.books.values()
    )
