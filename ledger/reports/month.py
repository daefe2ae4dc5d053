"""The month pass: one walk over the entries for every report of a month.

:func:`read_month` walks the transactions once, up to the end of the month asked for, and
keeps what every report of that month needs: each account's balance at the start of the year,
the start of the month and the end of the month; what went in and out of every member account
in the month and in the year; the month's transactions of every member; and the key figures at
the end of each of the last 12 months (for the fund report's history). It takes the loans and
the welfare model from the :class:`~kongtun.ledger.model.Books` of the load (read again only
for a month before the books' last entry, as the books stood then). Statements
(:mod:`kongtun.ledger.reports.statements`) and the fund report
(:mod:`kongtun.ledger.reports.fund_report`) are built from it without looking at the entries
again.

Amounts are the member's *claim*, not Beancount's sign: what the member has saved or holds in
shares, what the member owes on loans, what the member has contributed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Literal

from beancount.core import data

from kongtun.ledger.books.accounts import (
    MEMBER_ACCOUNT_KINDS,
    MemberAccountType,
    split_member_account,
)
from kongtun.ledger.books.arrears import month_end, next_month
from kongtun.ledger.books.fund import (
    OPENING_KEY,
    YEAR_END_CLOSE,
    YEAR_END_STEP_KEY,
    ZERO,
    Fund,
    Member,
    month_of,
)
from kongtun.ledger.grants.needs import Grants
from kongtun.ledger.loans.book import Loan, Loans, loan_id
from kongtun.ledger.loans.reader import member_provinces, read_loans
from kongtun.ledger.model import Books
from kongtun.ledger.welfare.book import Claim, Welfare, read_welfare

HISTORY_MONTHS: Final = 12
CASH_PREFIXES: Final = ("Assets:Cash", "Assets:Bank")


def under(account: str, prefixes: Iterable[str]) -> bool:
    """``account`` is one of ``prefixes`` or a sub-account of one."""
    return any(account == prefix or account.startswith(prefix + ":") for prefix in prefixes)


def is_cash(account: str) -> bool:
    """Cash in hand and money in the bank: ``Assets:Cash``, ``Assets:Bank`` and sub-accounts."""
    return under(account, CASH_PREFIXES)


def member_after(member: Member, day: datetime.date) -> bool:
    """Still a member when ``day`` is over (joined by then and not left on or before it)."""
    return member.joined <= day and (member.exited is None or member.exited > day)


def claim(kind: MemberAccountType, balance: Decimal) -> Decimal:
    """A member account's Beancount balance as the member's claim (saved, held, owed)."""
    return -balance if MEMBER_ACCOUNT_KINDS[kind].credit else balance


def _owner(account: str) -> tuple[MemberAccountType, str, int] | None:
    split = split_member_account(account)
    if split is None:
        return None
    return split[0], split[1], -1 if MEMBER_ACCOUNT_KINDS[split[0]].credit else 1


@dataclass(frozen=True)
class Period:
    """A month: its first and last day, and the first day of its year."""

    month: datetime.date

    @property
    def start(self) -> datetime.date:
        return self.month

    @property
    def end(self) -> datetime.date:
        return month_end(self.month)

    @property
    def year_start(self) -> datetime.date:
        return self.month.replace(month=1)

    @property
    def history(self) -> tuple[datetime.date, ...]:
        """The first days of the 13 months ending with this one, oldest first (12 months of
        history and the month before them, whose figures the first month's flows start from)."""
        months = [self.month]
        for _ in range(HISTORY_MONTHS):
            first = months[-1]
            months.append(
                first.replace(year=first.year - 1, month=12)
                if first.month == 1
                else first.replace(month=first.month - 1)
            )
        return tuple(reversed(months))


@dataclass(frozen=True)
class Snapshot:
    """The key figures at the end of a month (one point of the history); income and expenses
    are the balances of every Income and Expenses account (income as a positive number)."""

    month: datetime.date
    cash: Decimal
    #: member account type -> total of every member's claim
    members_money: Mapping[MemberAccountType, Decimal]
    income: Decimal
    expenses: Decimal
    members: int


@dataclass(frozen=True)
class Line:
    """One transaction on a member's statement: what it changed in each of their accounts."""

    date: datetime.date
    payee: str
    narration: str
    changes: Mapping[MemberAccountType, Decimal]
    filename: str
    lineno: int
    #: the loan the transaction is about (its ``loan:`` metadata), or empty
    loan: str = ""


@dataclass(frozen=True)
class Movement:
    """A member account over a period: where it started, what went in and out, where it ended.

    In and out are of the member's claim: a deposit to savings is *in*, a loan repayment is
    *out* of what the member owes.
    """

    kind: MemberAccountType
    opening: Decimal
    increase: Decimal
    decrease: Decimal
    closing: Decimal


@dataclass(frozen=True)
class LoanBooks:
    """The loans model of the books up to the month's end, read once for every report."""

    loans: Loans
    #: member id -> their loans, in the order they were disbursed
    by_member: Mapping[str, tuple[Loan, ...]]


@dataclass(frozen=True)
class WelfareBooks:
    """The welfare model of the books up to the month's end, read once for every report."""

    welfare: Welfare
    #: member id -> the benefits paid to them, in date order
    claims_by_member: Mapping[str, tuple[Claim, ...]]


def loan_books(loans: Loans) -> LoanBooks:
    """The loans model with each member's loans at hand."""
    by_member: dict[str, list[Loan]] = defaultdict(list)
    for loan in loans.member_loans:
        by_member[loan.party].append(loan)
    return LoanBooks(loans, MappingProxyType({k: tuple(v) for k, v in by_member.items()}))


def welfare_books(welfare: Welfare) -> WelfareBooks:
    """The welfare model with the benefits paid to each member at hand."""
    claims: dict[str, list[Claim]] = defaultdict(list)
    for paid in welfare.claims:
        if paid.member:
            claims[paid.member].append(paid)
    return WelfareBooks(welfare, MappingProxyType({k: tuple(v) for k, v in claims.items()}))


def _models(
    loans: Loans | None, welfare: Welfare | None
) -> tuple[LoanBooks | None, WelfareBooks | None]:
    return (
        loan_books(loans) if loans is not None else None,
        welfare_books(welfare) if welfare is not None else None,
    )


def read_models(
    entries: Sequence[data.Directive], fund: Fund
) -> tuple[LoanBooks | None, WelfareBooks | None]:
    """The loans model (funds that lend) and the welfare model (welfare funds) of ``entries``:
    one pass each, for every member's statement and the fund's report at once."""
    loans = welfare = None
    if "loans" in fund.member_types:
        villages = {member.id: member.village for member in fund.members.values()}
        loans, _ = read_loans(entries, fund.currency, villages, member_provinces(fund))
    if "contributions" in fund.member_types:
        welfare, _ = read_welfare(fund, entries)
    return _models(loans, welfare)


def month_models(
    entries: Sequence[data.Directive], books: Books, period: Period
) -> tuple[LoanBooks | None, WelfareBooks | None]:
    """The loans and welfare models as the books stood at the end of ``period``: those of the
    load (``books``) when the month reaches the books' last entry, else those of ``entries``
    (the entries up to the month's end), read again."""
    fund = books.fund
    if fund.last_date is not None and fund.last_date > period.end:
        return read_models(entries, fund)
    return _models(books.loans if "loans" in fund.member_types else None, books.welfare)


@dataclass(frozen=True)
class MonthBooks:
    """Everything the reports of one month need, from one pass (see :func:`read_month`), and
    the loans and welfare models of the books up to the month's end (one pass each)."""

    period: Period
    #: every account's balance before the year, before the month and after the month
    at_year_start: Mapping[str, Decimal]
    at_month_start: Mapping[str, Decimal]
    at_month_end: Mapping[str, Decimal]
    #: member account -> (increase, decrease) of the claim in the month / in the year to date
    month_flows: Mapping[str, tuple[Decimal, Decimal]]
    year_flows: Mapping[str, tuple[Decimal, Decimal]]
    #: member id -> the month's transactions touching their accounts, in ledger order
    lines: Mapping[str, tuple[Line, ...]]
    history: tuple[Snapshot, ...]
    loans: LoanBooks | None = None
    welfare: WelfareBooks | None = None
    #: the grants of the books (figures by date: kongtun.ledger.reports.grants)
    grants: Grants | None = None


#: where a month-end snapshot counts an account: cash, income, expenses, or nowhere ("")
_Place = Literal["cash", "income", "expenses", ""]


def _role(account: str) -> tuple[MemberAccountType | None, _Place]:
    """The member account type of ``account`` (None for the fund's own), and where the
    snapshots count it."""
    split = split_member_account(account)
    kind = split[0] if split is not None else None
    if is_cash(account):
        return kind, "cash"
    if account.startswith("Income:"):
        return kind, "income"
    if account.startswith("Expenses:"):
        return kind, "expenses"
    return kind, ""


#: account -> (member account type, member id, sign of the claim), None for the fund's own
_Owners = dict[str, tuple[MemberAccountType, str, int] | None]


class _MonthPass:
    """The state of :func:`read_month`'s pass (private; read_month returns MonthBooks)."""

    def __init__(self, fund: Fund, period: Period) -> None:
        self.fund = fund
        self.period = period
        self.currency = fund.currency
        # the cut points, in order: a snapshot is taken before the first entry dated on or
        # after each (history: the day after each month's end).
        cuts = [(next_month(first), "history") for first in period.history[:-1]]
        cuts += [(period.year_start, "year"), (period.start, "month")]
        cuts.sort(key=lambda cut: cut[0])
        self.cuts = cuts
        self.next_cut = 0
        self.balances: dict[str, Decimal] = defaultdict(Decimal)
        self.saved: dict[str, dict[str, Decimal]] = {}
        self.snapshots: list[Snapshot] = []
        self.month_flows: dict[str, list[Decimal]] = {}
        self.year_flows: dict[str, list[Decimal]] = {}
        self.lines: dict[str, list[Line]] = defaultdict(list)
        self.owners: _Owners = {}
        self.roles: dict[str, tuple[MemberAccountType | None, _Place]] = {}

    def upcoming(self) -> datetime.date:
        """The day of the next cut point (the last day there is when none is left)."""
        cuts = self.cuts
        return cuts[self.next_cut][0] if self.next_cut < len(cuts) else datetime.date.max

    def cut(self, day: datetime.date | None, *, strict: bool = False) -> None:
        """Take the snapshots of the cut points up to ``day`` (before it when ``strict``;
        every one left when ``day`` is None)."""
        cuts = self.cuts
        while self.next_cut < len(cuts):
            when, what = cuts[self.next_cut]
            if day is not None and (when >= day if strict else when > day):
                return
            self.next_cut += 1
            if what == "history":
                end = when - datetime.timedelta(days=1)
                self.snapshots.append(self.snapshot(month_of(end), self.active_on(end)))
            else:
                self.saved[what] = dict(self.balances)

    def snapshot(self, month: datetime.date, members: int) -> Snapshot:
        """The key figures of the balances so far, as those of ``month``'s end."""
        cash = income = expenses = ZERO
        money: dict[MemberAccountType, Decimal] = dict.fromkeys(self.fund.member_types, ZERO)
        roles = self.roles
        for account, balance in self.balances.items():
            role = roles.get(account)
            if role is None:
                role = roles[account] = _role(account)
            kind, place = role
            if kind is not None and kind in money:
                money[kind] += claim(kind, balance)
            if place == "cash":
                cash += balance
            elif place == "income":
                income -= balance
            elif place == "expenses":
                expenses += balance
        return Snapshot(month, cash, MappingProxyType(money), income, expenses, members)

    def active_on(self, day: datetime.date) -> int:
        return sum(1 for member in self.fund.members.values() if member_after(member, day))

    def run(self, entries: Sequence[data.Directive]) -> int:
        """Walk ``entries`` up to the month's end; the position of the first entry after it."""
        last_day, year_start = self.period.end, self.period.year_start
        currency, balances = self.currency, self.balances
        upcoming = self.upcoming()
        for position, entry in enumerate(entries):
            if entry.date > last_day:
                return position
            if not isinstance(entry, data.Transaction):
                continue
            day = entry.date
            if entry.meta.get(YEAR_END_STEP_KEY) == YEAR_END_CLOSE:
                continue  # the year end's closing: the year's income stays the year's income
            # a carried year's opening balances are where its first day starts from: neither
            # income nor a movement of the month; before the year: balances only
            opening = OPENING_KEY in entry.meta
            if upcoming <= day:
                self.cut(day, strict=opening)
                upcoming = self.upcoming()
            if opening or day < year_start:
                for posting in entry.postings:
                    units = posting.units
                    if units is None or units.number is None or units.currency != currency:
                        continue
                    balances[posting.account] += units.number
                continue
            self.transaction(entry)
        return len(entries)

    def transaction(self, entry: data.Transaction) -> None:
        """A transaction of the year: balances, member flows, and the members' lines."""
        currency, balances, owners = self.currency, self.balances, self.owners
        in_month = entry.date >= self.period.start
        changes: dict[str, dict[MemberAccountType, Decimal]] = {}
        for posting in entry.postings:
            units = posting.units
            if units is None or units.number is None or units.currency != currency:
                continue
            account = posting.account
            balances[account] += units.number
            if account in owners:
                owner = owners[account]
            else:
                owner = owners[account] = _owner(account)
            if owner is None:
                continue
            kind, member_id, sign = owner
            change = sign * units.number
            index = 0 if change > 0 else 1
            self.year_flows.setdefault(account, [ZERO, ZERO])[index] += abs(change)
            if in_month:
                self.month_flows.setdefault(account, [ZERO, ZERO])[index] += abs(change)
                member_changes = changes.setdefault(member_id, {})
                member_changes[kind] = member_changes.get(kind, ZERO) + change
        for member_id, member_changes in changes.items():
            self.lines[member_id].append(_line(entry, member_changes))

    def finish(self, loans: LoanBooks | None, welfare: WelfareBooks | None) -> MonthBooks:
        """The month's books, once the pass is over."""
        self.cut(None)
        period = self.period
        last = self.snapshot(period.month, self.active_on(period.end))
        return MonthBooks(
            period=period,
            at_year_start=MappingProxyType(self.saved["year"]),
            at_month_start=MappingProxyType(self.saved["month"]),
            at_month_end=MappingProxyType(dict(self.balances)),
            month_flows=MappingProxyType({k: (v[0], v[1]) for k, v in self.month_flows.items()}),
            year_flows=MappingProxyType({k: (v[0], v[1]) for k, v in self.year_flows.items()}),
            lines=MappingProxyType({k: tuple(v) for k, v in self.lines.items()}),
            history=(*self.snapshots, last),
            loans=loans,
            welfare=welfare,
        )


def _line(entry: data.Transaction, changes: dict[MemberAccountType, Decimal]) -> Line:
    return Line(
        entry.date,
        entry.payee or "",
        entry.narration or "",
        MappingProxyType(changes),
        str(entry.meta.get("filename", "")),
        int(entry.meta.get("lineno", 0)),
        loan_id(entry.meta) or "",
    )


def read_month(entries: Sequence[data.Directive], books: Books, month: datetime.date) -> MonthBooks:
    """One pass over ``entries`` (sorted, as Beancount gives them) for the month of ``month``.

    ``books`` is the model of the same load (:mod:`kongtun.ledger.model`). Only amounts in the
    fund's currency count (as in :func:`~kongtun.ledger.books.fund.read_fund`). The pass stops
    at the first entry after the month; its cost grows with the entries before. The loans and
    welfare models come as the books stood at the month's end (:func:`month_models`: the
    load's own for the month of the last entry).
    """
    walk = _MonthPass(books.fund, Period(month_of(month)))
    stop = walk.run(entries)
    read = walk.finish(*month_models(entries[:stop], books, walk.period))
    return replace(read, grants=books.grants) if books.grants else read


def month_history(
    entries: Sequence[data.Directive], fund: Fund, month: datetime.date
) -> tuple[Snapshot, ...]:
    """The figures at the end of the 12 months up to ``month`` and of the month before them
    (:attr:`MonthBooks.history`), from the same pass without the loans and welfare models."""
    walk = _MonthPass(fund, Period(month_of(month)))
    walk.run(entries)
    return walk.finish(None, None).history
