"""The months the books have figures for, and whether a month someone asks for is one of them.

The command line (``kongtun statements``, ``kongtun report``) and the Fava pages ask the same
question with the same answer: the books run from the month of their first day to the month
of their last entry. Their first day is the fund's date (``custom "fund"``: the chart of
accounts opens then, so nothing is recorded earlier), or, in a year carried forward from
earlier books, the day of the opening (the months before it are in the earlier file); books
that declare no fund start with their first member. The answer is data; the edges word it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kongtun.ledger.books.fund import Fund, month_of


@dataclass(frozen=True)
class BookMonths:
    """The first and the last month the books have figures for (each the month's first day)."""

    first: datetime.date
    last: datetime.date


@dataclass(frozen=True)
class MonthOutside:
    """A month asked for that the books have no figures for."""

    month: datetime.date
    first: datetime.date
    last: datetime.date


def first_day(fund: Fund) -> datetime.date | None:
    """The first day of these books (None for books that declare neither fund nor member)."""
    if fund.books_start is not None:
        return fund.books_start
    if fund.info is not None:
        return fund.info.date
    return min((member.joined for member in fund.members.values()), default=None)


def book_months(fund: Fund, today: datetime.date) -> BookMonths:
    """The months the books run over (books with no entry at all: the month of ``today``)."""
    last = month_of(fund.last_date or today)
    first = first_day(fund)
    return BookMonths(min(month_of(first), last) if first is not None else last, last)


def month_outside(months: BookMonths, month: datetime.date) -> MonthOutside | None:
    """Why the books cannot show ``month`` (the first day of a month), or None when they can."""
    if months.first <= month <= months.last:
        return None
    return MonthOutside(month, months.first, months.last)
