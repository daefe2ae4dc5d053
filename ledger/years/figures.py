"""The year ends' figures of one load, worked out once and only when first asked.

The assembly's report (:mod:`kongtun.ledger.years.annual_report`), the auditor's workpaper
(:mod:`kongtun.ledger.audit.workpaper`) and a member's statement of a fiscal year's last month
read the same things of the entries: the year data of :func:`~kongtun.ledger.years.year_end.
read_year_data`, a fiscal year's end (:func:`~kongtun.ledger.years.year_end.year_end`) and
every account's balance before the year and at its end. :class:`YearFigures` keeps them for
one load: the Fava extension makes one per load and hands it to every page, so the second
page asking for them (or the same page for another year) reads nothing again.

The first question for balances walks the entries once for everything: the year data, every
account's balance at the end of the day before each fiscal year of the books and at its end,
and each account's first posting (:func:`read_year_figures`); a statement, which needs no
balance, reads the year data alone. Nothing is read while the books load: the store starts empty.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from beancount.core import data

from kongtun.ledger.model import Books
from kongtun.ledger.years.allocation import fiscal_year
from kongtun.ledger.years.year_end import (
    _FLOW,
    _IGNORED,
    YEAR_KEY,
    YearData,
    YearEnd,
    _kind_of,
    _see,
    gregorian,
    read_year_data,
    year_end,
)

#: account -> its balance in the fund's currency
Balances = Mapping[str, Decimal]

ONE_DAY = datetime.timedelta(days=1)


def _snapshot(
    found: dict[datetime.date, dict[str, Decimal]],
    balances: dict[str, Decimal],
    cuts: list[datetime.date],
    at: int,
    day: datetime.date | None,
) -> int:
    """Copy ``balances`` as the balances at the end of each cut day before ``day`` (every one
    left when ``day`` is None); the position of the next cut."""
    while at < len(cuts) and (day is None or cuts[at] < day):
        found[cuts[at]] = defaultdict(Decimal, balances)
        at += 1
    return at


def balances_at(
    entries: Sequence[data.Directive], currency: str, days: Collection[datetime.date]
) -> dict[datetime.date, dict[str, Decimal]]:
    """Every account's balance in ``currency`` at the end of each of ``days``, in one walk
    (each mapping in the order the accounts were first posted to)."""
    cuts = sorted(set(days))
    found: dict[datetime.date, dict[str, Decimal]] = {}
    balances: dict[str, Decimal] = defaultdict(Decimal)
    at = 0
    for entry in entries:
        if at == len(cuts):
            break
        if entry.date > cuts[at]:
            at = _snapshot(found, balances, cuts, at, entry.date)
            if at == len(cuts):
                break
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                units = posting.units
                if units is not None and units.number is not None and units.currency == currency:
                    balances[posting.account] += units.number
    _snapshot(found, balances, cuts, at, None)
    return found


def read_year_figures(
    entries: Sequence[data.Directive], currency: str, days: Collection[datetime.date]
) -> tuple[YearData, dict[datetime.date, dict[str, Decimal]], dict[str, Any]]:
    """:func:`~kongtun.ledger.years.year_end.read_year_data`, :func:`balances_at` of ``days``
    and :func:`first_postings` in one walk (the same figures, in the same order, as the three
    walks)."""
    found = YearData()
    first: dict[str, Any] = {}
    payables: dict[str, Decimal] = defaultdict(Decimal)
    kinds: dict[str, int | str] = {}
    recorded, flows, shares = found.recorded, found.flows, found.shares
    cuts = sorted(set(days))
    at_days: dict[datetime.date, dict[str, Decimal]] = {}
    balances: dict[str, Decimal] = defaultdict(Decimal)
    at, upcoming = 0, cuts[0] if cuts else datetime.date.max
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        if entry.date > upcoming:
            at = _snapshot(at_days, balances, cuts, at, entry.date)
            upcoming = cuts[at] if at < len(cuts) else datetime.date.max
        label = entry.meta.get(YEAR_KEY)
        if label is not None:
            label = str(label)
            recorded[label].append(entry)
        for posting in entry.postings:
            account = posting.account
            kind = kinds.get(account)
            if kind is None:  # an account's first posting
                kind = kinds[account] = _kind_of(account)
                first[account] = entry.meta
            units = posting.units
            if units is None or units.number is None or units.currency != currency:
                continue
            balances[account] += units.number
            if kind == _IGNORED:
                continue
            if kind == _FLOW:
                if label is None:
                    flows.append((entry.date, account, units.number))
            elif isinstance(kind, str):
                shares[kind].append((entry.date, -units.number))
            else:
                _see(found, payables, entry, (account, kind, units.number), label)
    _snapshot(at_days, balances, cuts, at, None)
    return found, at_days, first


def first_postings(entries: Iterable[data.Directive]) -> dict[str, Any]:
    """Account -> the metadata of the first transaction posting to it."""
    found: dict[str, Any] = {}
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                found.setdefault(posting.account, entry.meta)
    return found


class YearFigures:
    """The year ends' figures of one load's ``books`` and ``entries``, each worked out on its
    first question and kept (the values are shared: read them, never change them)."""

    def __init__(self, books: Books, entries: Sequence[data.Directive]) -> None:
        self.books = books
        self.entries = entries
        self._data: YearData | None = None
        #: the balances at the end of each of :meth:`fiscal_days` (None: not walked yet)
        self._at: dict[datetime.date, dict[str, Decimal]] | None = None
        self._years: dict[int, YearEnd] = {}
        self._spans: dict[tuple[datetime.date, datetime.date], tuple[Balances, Balances]] = {}
        self._first: dict[str, Any] | None = None

    def fiscal_days(self) -> list[datetime.date]:
        """The last day before each fiscal year of the books and its last day (a fiscal year
        ends in the Gregorian year it is named after; the rules on 31 December say how)."""
        if not self.entries:
            return []
        rules = self.books.fund.rules
        days: list[datetime.date] = []
        for year in range(self.entries[0].date.year, self.entries[-1].date.year + 2):
            start, end = fiscal_year(rules.on(datetime.date(year, 12, 31)), year)
            days += [start - ONE_DAY, end]
        return days

    def data(self) -> YearData:
        """What the year ends need of the entries, once: read in the one walk that also
        takes every fiscal year's balances (:meth:`balances` asks next, on the pages)."""
        if self._data is None:
            self._walk()
        assert self._data is not None
        return self._data

    def data_alone(self) -> YearData:
        """:meth:`data`, without the balances when not read yet (a statement needs none)."""
        if self._data is None:
            self._data = read_year_data(self.entries, self.books.fund.currency)
        return self._data

    def _walk(self) -> dict[datetime.date, dict[str, Decimal]]:
        """Every fiscal year's balances, with the year data when not read yet (one walk)."""
        if self._at is None:
            currency, days = self.books.fund.currency, self.fiscal_days()
            if self._data is None:
                self._data, self._at, self._first = read_year_figures(self.entries, currency, days)
            else:
                self._at = balances_at(self.entries, currency, days)
        return self._at

    def year_end(self, year: int) -> YearEnd:
        """The year end of fiscal ``year`` (either era), once a load."""
        key = gregorian(year)
        found = self._years.get(key)
        if found is None:
            found = self._years[key] = year_end(self.books, self.data(), key)
        return found

    def balances(self, start: datetime.date, end: datetime.date) -> tuple[Balances, Balances]:
        """Every account's balance at the end of the day before ``start`` and at the end of
        ``end`` (``start`` <= ``end``): a fiscal year's from the one walk of every fiscal
        year, another span's from a walk of its own (once)."""
        at = self._walk()
        before = start - ONE_DAY
        if before in at and end in at:
            return at[before], at[end]
        span = self._spans.get((start, end))
        if span is None:
            walked = balances_at(self.entries, self.books.fund.currency, (before, end))
            span = self._spans[start, end] = (walked[before], walked[end])
        return span

    def first_postings(self) -> Mapping[str, Any]:
        """Account -> the metadata of the first transaction posting to it (from the one walk
        when it was taken, else a walk of its own; once)."""
        if self._first is None:
            self._first = first_postings(self.entries)
        return self._first
