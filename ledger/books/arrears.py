"""Savings arrears: the months in which a member saved less than the rules' minimum.

Saving less than ``savings-monthly-min`` is not an error in the books — it happens, and the
committee follows it up. The model computes it per member and month, for reports:

- a month is due from the member's joining month on, and up to the month before the exit;
  in books carried forward from an earlier file (:mod:`kongtun.ledger.years.carry`), from the
  month the books start;
- a month counts once it is over (its last day is on or before the date asked for);
- the minimum is the one in the rules in force on the month's last day;
- what counts as saved is every deposit to the member's savings account in that month
  (withdrawals do not reduce it, and a larger deposit one month does not cover another).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kongtun.ledger.books.fund import ZERO, Fund, Member, month_of


@dataclass(frozen=True)
class SavingsArrear:
    """One member's shortfall in one month."""

    member: str
    month: datetime.date
    saved: Decimal
    minimum: Decimal

    @property
    def shortfall(self) -> Decimal:
        return self.minimum - self.saved


def next_month(month: datetime.date) -> datetime.date:
    """The first day of the month after ``month``."""
    return (
        month.replace(year=month.year + 1, month=1)
        if month.month == 12
        else month.replace(month=month.month + 1)
    )


def month_end(month: datetime.date) -> datetime.date:
    """The last day of ``month``'s month."""
    return next_month(month_of(month)) - datetime.timedelta(days=1)


def due_months(
    member: Member, until: datetime.date, since: datetime.date | None = None
) -> Iterator[datetime.date]:
    """The months ``member`` owed savings for, among those over by ``until`` (and from the
    month of ``since`` on, when given)."""
    month = month_of(member.joined)
    if since is not None and month < month_of(since):
        month = month_of(since)
    stop = month_of(member.exited) if member.exited is not None else None
    while month_end(month) <= until and (stop is None or month < stop):
        yield month
        month = next_month(month)


def savings_arrears_of(
    fund: Fund, member: Member, until: datetime.date, since: datetime.date | None = None
) -> list[SavingsArrear]:
    """``member``'s months with savings below the minimum, among those over by ``until``
    (and from the month of ``since`` on, when given)."""
    arrears: list[SavingsArrear] = []
    if fund.books_start is not None and (since is None or since < fund.books_start):
        since = fund.books_start  # carried-forward books know nothing of earlier months
    for month in due_months(member, until, since):
        minimum = fund.rules.on(month_end(month)).amount("savings-monthly-min")
        if minimum is None or minimum.number is None or minimum.number <= 0:
            continue
        saved = fund.deposits.get((member.id, month), ZERO)
        if saved < minimum.number:
            arrears.append(SavingsArrear(member.id, month, saved, minimum.number))
    return arrears


def savings_arrears(
    fund: Fund, until: datetime.date, since: datetime.date | None = None
) -> list[SavingsArrear]:
    """Every (member, month) with savings below the minimum, by member id then month."""
    arrears: list[SavingsArrear] = []
    for member_id in sorted(fund.members):
        arrears += savings_arrears_of(fund, fund.members[member_id], until, since)
    return arrears
