"""The report back to a grant's giver, and the grants in progress (docs/grants.md).

:func:`grant_report` builds, from the :class:`~kongtun.ledger.model.Books` of one load, what
``kongtun grant-report`` prints: the grant, the tranches received, each budget line against
its budget (after the transfers) with every voucher, the community share, what was returned
or converted to the fund's loan capital (and what the fund lent since: the money's second
life), what is left and the households served. :func:`grants_in_progress` is the short table
the fund report and the Fava page show. Templates only format these values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from kongtun.ledger.books.fund import Fund
from kongtun.ledger.grants.book import (
    ZERO,
    Grant,
    GrantBook,
    Movement,
    Transfer,
    grants_as_of,
)
from kongtun.ledger.grants.needs import Grants
from kongtun.ledger.model import Books
from kongtun.ledger.problems import Problem
from kongtun.ledger.reports.month import MonthBooks


@dataclass(frozen=True)
class Voucher:
    """One movement of the grant's money as the report lists it."""

    date: datetime.date
    payee: str
    description: str
    amount: Decimal
    households: int | None
    resolution: str | None
    line: str | None


@dataclass(frozen=True)
class LineRow:
    """A budget line: its budget as first declared, after the transfers, what was used and
    what is left, with its vouchers."""

    name: str
    declared: Decimal
    budget: Decimal
    used: Decimal
    left: Decimal
    vouchers: tuple[Voucher, ...]

    @property
    def over(self) -> bool:
        return self.left < 0


@dataclass(frozen=True)
class SecondLife:
    """The grant's money after a conversion: the fund's own loan capital, and what the fund
    lent to its members from the first conversion on."""

    converted: Decimal
    since: datetime.date
    loans: int
    lent: Decimal


@dataclass(frozen=True)
class GrantReport:
    """Everything the report back says about one grant."""

    grant: Grant
    as_of: datetime.date | None
    tranches: tuple[Voucher, ...]
    received: Decimal
    shares: tuple[Voucher, ...]
    share: Decimal
    lines: tuple[LineRow, ...]
    transfers: tuple[Transfer, ...]
    #: money spent on no line the grant has
    unlined: tuple[Voucher, ...]
    spent: Decimal
    returns: tuple[Voucher, ...]
    returned: Decimal
    conversions: tuple[Voucher, ...]
    converted: Decimal
    second_life: SecondLife | None
    left: Decimal
    households: int
    problems: tuple[Problem, ...]


def voucher(move: Movement) -> Voucher:
    return Voucher(
        move.date,
        move.payee,
        move.narration,
        move.amount,
        move.households,
        move.resolution,
        move.line,
    )


def _line_rows(book: GrantBook) -> tuple[LineRow, ...]:
    grant = book.grant
    return tuple(
        LineRow(
            name,
            declared,
            grant.budget(name),
            book.used(name),
            book.line_left(name),
            tuple(
                voucher(m)
                for m in book.movements
                if m.line == name and m.kind in ("spent", "converted")
            ),
        )
        for name, declared in grant.lines.items()
    )


def _second_life(books: Books, book: GrantBook) -> SecondLife | None:
    conversions = [m for m in book.movements if m.kind == "converted"]
    if not conversions:
        return None
    since = min(m.date for m in conversions)
    lent = [loan for loan in books.loans.member_loans if loan.date >= since]
    return SecondLife(
        sum((m.amount for m in conversions), ZERO),
        since,
        len(lent),
        sum((loan.principal for loan in lent), ZERO),
    )


def _its_problems(books: Books, grant: str) -> tuple[Problem, ...]:
    return tuple(
        found
        for found in books.problems
        if found.rule.startswith("grant-") and found.params.get("grant") == grant
    )


def grant_report(books: Books, grant_id: str) -> GrantReport | None:
    """The report back for ``grant_id`` (None when the books have no such grant)."""
    book = books.grants.books.get(grant_id)
    if book is None:
        return None
    moves = book.movements

    def of(kind: str, *, lined: bool | None = None) -> tuple[Voucher, ...]:
        return tuple(
            voucher(m)
            for m in moves
            if m.kind == kind and (lined is None or (m.line is not None) == lined)
        )

    known = set(book.grant.lines)
    return GrantReport(
        grant=book.grant,
        as_of=books.fund.last_date,
        tranches=of("received"),
        received=book.received,
        shares=of("share"),
        share=book.share,
        lines=_line_rows(book),
        transfers=book.grant.transfers,
        unlined=tuple(voucher(m) for m in moves if m.kind == "spent" and m.line not in known),
        spent=book.spent,
        returns=of("returned"),
        returned=book.returned,
        conversions=of("converted"),
        converted=book.converted,
        second_life=_second_life(books, book),
        left=book.left,
        households=book.households,
        problems=_its_problems(books, grant_id),
    )


def grant_reports(books: Books) -> tuple[GrantReport, ...]:
    """The report back of every grant of the books, in the ledger's order (Fava's page)."""
    return tuple(report for grant in books.grants.books if (report := grant_report(books, grant)))


@dataclass(frozen=True)
class GrantInProgress:
    """One grant in a line of the fund report: its period, what came and went, what is left."""

    grant: str
    grantor: str
    purpose: str
    start: datetime.date
    end: datetime.date
    amount: Decimal
    received: Decimal
    spent: Decimal
    left: Decimal
    #: the period is over (money still held)
    ended: bool


def grants_in_progress(grants: Grants, day: datetime.date) -> tuple[GrantInProgress, ...]:
    """The grants declared by ``day`` that have not ended or still hold money, with their
    figures as they stood on ``day`` (the fund report's and Fava's table), in the ledger's
    order."""
    rows = []
    for book in grants_as_of(grants, day).books.values():
        grant = book.grant
        if grant.end < day and book.left == 0:
            continue
        rows.append(
            GrantInProgress(
                grant.id,
                grant.grantor,
                grant.purpose,
                grant.start,
                grant.end,
                grant.amount,
                book.received,
                book.spent,
                book.left,
                grant.end < day,
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class GrantsReportSection:
    """The fund report's section: grants in progress at the month's end."""

    rows: tuple[GrantInProgress, ...]
    template: str = "report_grants.html"


def grants_report_section(fund: Fund, books: MonthBooks) -> GrantsReportSection | None:
    """Grants in progress at the end of the month (None when there are none)."""
    if books.grants is None:
        return None
    rows = grants_in_progress(books.grants, books.period.end)
    return GrantsReportSection(rows) if rows else None
