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


def _index(month: datetime.date) -> int:
    return month.year * 12 + month.month - 1


class _Minimums:
    """The savings minimum of every month over by ``until`` from ``first``'s month (None in a
    month without one): the rules are read once per month for all the members, not once per
    member and month."""

    def __init__(self, fund: Fund, first: datetime.date, until: datetime.date) -> None:
        self.base = _index(first)
        self.months: list[tuple[datetime.date, Decimal | None]] = []
        month = month_of(first)
        while month_end(month) <= until:
            rule = fund.rules.on(month_end(month)).amount("savings-monthly-min")
            number = None if rule is None else rule.number
            self.months.append((month, number if number is not None and number > 0 else None))
            month = next_month(month)

    def of(
        self, member: Member, since: datetime.date | None
    ) -> list[tuple[datetime.date, Decimal | None]]:
        """The months ``member`` owed savings for, with their minimum (see :func:`due_months`)."""
        start = month_of(member.joined)
        if since is not None and start < month_of(since):
            start = month_of(since)
        stop = len(self.months)
        if member.exited is not None:
            stop = min(stop, _index(member.exited) - self.base)
        return self.months[max(_index(start) - self.base, 0) : max(stop, 0)]


def _no_minimum(fund: Fund) -> bool:
    """Whether the rules never ask for monthly savings (a welfare fund, say)."""
    for rules in fund.rules.versions:
        rule = rules.amount("savings-monthly-min")
        if rule is not None and rule.number is not None and rule.number > 0:
            return False
    return True


def _arrears_of(
    fund: Fund, member: Member, minimums: _Minimums, since: datetime.date | None
) -> list[SavingsArrear]:
    arrears: list[SavingsArrear] = []
    deposits, member_id = fund.deposits, member.id
    for month, minimum in minimums.of(member, since):
        if minimum is None:
            continue
        saved = deposits.get((member_id, month), ZERO)
        if saved < minimum:
            arrears.append(SavingsArrear(member_id, month, saved, minimum))
    return arrears


def _since(fund: Fund, since: datetime.date | None) -> datetime.date | None:
    if fund.books_start is not None and (since is None or since < fund.books_start):
        return fund.books_start  # carried-forward books know nothing of earlier months
    return since


def savings_arrears_of(
    fund: Fund, member: Member, until: datetime.date, since: datetime.date | None = None
) -> list[SavingsArrear]:
    """``member``'s months with savings below the minimum, among those over by ``until``
    (and from the month of ``since`` on, when given)."""
    since = _since(fund, since)
    if _no_minimum(fund):
        return []
    first = member.joined if since is None else max(member.joined, since)
    return _arrears_of(fund, member, _Minimums(fund, first, until), since)


def savings_arrears(
    fund: Fund, until: datetime.date, since: datetime.date | None = None
) -> list[SavingsArrear]:
    """Every (member, month) with savings below the minimum, by member id then month."""
    since = _since(fund, since)
    if _no_minimum(fund) or not fund.members:
        return []
    first = min(member.joined for member in fund.members.values())
    if since is not None:
        first = max(first, since)
    minimums = _Minimums(fund, first, until)
    arrears: list[SavingsArrear] = []
    for member_id in sorted(fund.members):
        arrears += _arrears_of(fund, fund.members[member_id], minimums, since)
    return arrears
