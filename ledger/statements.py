"""Member statements for a month, from one pass over the entries for all members at once.

:func:`read_month` walks the transactions once, up to the end of the month asked for, and
keeps what every report of that month needs: each account's balance at the start of the year,
the start of the month and the end of the month; what went in and out of every member account
in the month and in the year; the month's transactions of every member; and the key figures at
the end of each of the last 12 months (for the fund report's history). :func:`statements` then
builds one :class:`Statement` per member from it, without looking at the entries again.

Amounts on a statement are the member's *claim*, not Beancount's sign: what the member has
saved or holds in shares, what the member owes on loans, what the member has contributed.

Sections that other rule families add (loan schedules and arrears, moratoria, welfare
benefits) plug in through :data:`STATEMENT_SECTIONS`: a builder that returns a section
(with the name of the template that shows it) for a member, or None when there is nothing to
show. Savings arrears are the first such section.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Protocol

from beancount.core import data

from kongtun.ledger.accounts import (
    MEMBER_ACCOUNT_KINDS,
    MemberAccountType,
    member_account,
    split_member_account,
)
from kongtun.ledger.arrears import SavingsArrear, month_end, next_month, savings_arrears_of
from kongtun.ledger.fund import ZERO, Fund, Member, month_of

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
class MonthBooks:
    """Everything the reports of one month need, from one pass (see :func:`read_month`)."""

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


def _snapshot(
    fund: Fund, month: datetime.date, balances: Mapping[str, Decimal], members: int
) -> Snapshot:
    cash = ZERO
    income = ZERO
    expenses = ZERO
    money: dict[MemberAccountType, Decimal] = dict.fromkeys(fund.member_types, ZERO)
    for account, balance in balances.items():
        split = split_member_account(account)
        if split is not None and split[0] in money:
            money[split[0]] += claim(split[0], balance)
        if is_cash(account):
            cash += balance
        elif account.startswith("Income:"):
            income -= balance
        elif account.startswith("Expenses:"):
            expenses += balance
    return Snapshot(month, cash, MappingProxyType(money), income, expenses, members)


def read_month(entries: Sequence[data.Directive], fund: Fund, month: datetime.date) -> MonthBooks:
    """One pass over ``entries`` (sorted, as Beancount gives them) for the month of ``month``.

    Only amounts in the fund's currency count (as in :func:`~kongtun.ledger.fund.read_fund`).
    The pass stops at the first entry after the month; its cost grows with the entries before.
    """
    period = Period(month_of(month))
    history = period.history
    # the cut points, in order: a snapshot is taken before the first entry dated on or after
    # each (history: the day after each month's end).
    cuts: list[tuple[datetime.date, str]] = [
        (next_month(first), "history") for first in history[:-1]
    ]
    cuts += [(period.year_start, "year"), (period.start, "month")]
    cuts.sort(key=lambda cut: cut[0])
    balances: dict[str, Decimal] = defaultdict(Decimal)
    saved: dict[str, dict[str, Decimal]] = {}
    snapshots: list[Snapshot] = []
    month_flows: dict[str, list[Decimal]] = {}
    year_flows: dict[str, list[Decimal]] = {}
    lines: dict[str, list[Line]] = defaultdict(list)
    currency = fund.currency
    next_cut = 0
    first_day, last_day, year_start = period.start, period.end, period.year_start
    #: account -> (member account type, member id, sign of the claim), None for the fund's own
    owners: dict[str, tuple[MemberAccountType, str, int] | None] = {}

    def take(cut: tuple[datetime.date, str]) -> None:
        day, what = cut
        if what == "history":
            end = day - datetime.timedelta(days=1)
            active = sum(1 for member in fund.members.values() if member_after(member, end))
            snapshots.append(_snapshot(fund, month_of(end), balances, active))
        else:
            saved[what] = dict(balances)

    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        day = entry.date
        if day > last_day:
            break
        while next_cut < len(cuts) and cuts[next_cut][0] <= day:
            take(cuts[next_cut])
            next_cut += 1
        if day < year_start:  # before the year: balances only
            for posting in entry.postings:
                units = posting.units
                if units is not None and units.currency == currency and units.number is not None:
                    balances[posting.account] += units.number
            continue
        in_month = day >= first_day
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
            year_flows.setdefault(account, [ZERO, ZERO])[index] += abs(change)
            if in_month:
                month_flows.setdefault(account, [ZERO, ZERO])[index] += abs(change)
                member_changes = changes.setdefault(member_id, {})
                member_changes[kind] = member_changes.get(kind, ZERO) + change
        for member_id, member_changes in changes.items():
            lines[member_id].append(
                Line(
                    day,
                    entry.payee or "",
                    entry.narration or "",
                    MappingProxyType(member_changes),
                    str(entry.meta.get("filename", "")),
                    int(entry.meta.get("lineno", 0)),
                )
            )
    while next_cut < len(cuts):
        take(cuts[next_cut])
        next_cut += 1
    active = sum(1 for member in fund.members.values() if member_after(member, period.end))
    snapshots.append(_snapshot(fund, period.month, balances, active))
    return MonthBooks(
        period=period,
        at_year_start=MappingProxyType(saved["year"]),
        at_month_start=MappingProxyType(saved["month"]),
        at_month_end=MappingProxyType(dict(balances)),
        month_flows=MappingProxyType({k: (v[0], v[1]) for k, v in month_flows.items()}),
        year_flows=MappingProxyType({k: (v[0], v[1]) for k, v in year_flows.items()}),
        lines=MappingProxyType({k: tuple(v) for k, v in lines.items()}),
        history=tuple(snapshots),
    )


class Section(Protocol):
    """A part of a statement that a rule family adds; ``template`` is the file that shows it."""

    @property
    def template(self) -> str: ...


@dataclass(frozen=True)
class SavingsArrearsSection:
    """The months of the statement's year (up to its month) in which the member saved short."""

    arrears: tuple[SavingsArrear, ...]
    template: str = "statement_savings_arrears.html"

    @property
    def shortfall(self) -> Decimal:
        return sum((arrear.shortfall for arrear in self.arrears), ZERO)


@dataclass(frozen=True)
class Statement:
    """One member's statement for one month."""

    fund_name: str
    currency: str
    period: Period
    member: Member
    #: the month: balances at its start and end, what went in and out
    month: tuple[Movement, ...]
    #: the year to the end of the month
    year: tuple[Movement, ...]
    lines: tuple[Line, ...]
    sections: tuple[Section, ...]

    @property
    def status_left(self) -> bool:
        """The member had left by the end of the month."""
        return self.member.exited is not None and self.member.exited <= self.period.end

    def closing(self, kind: MemberAccountType) -> Decimal:
        for movement in self.month:
            if movement.kind == kind:
                return movement.closing
        return ZERO


#: Builds one section of a member's statement, or None when it has nothing to show.
SectionBuilder = Callable[[Fund, MonthBooks, Member], Section | None]


def savings_arrears_section(fund: Fund, books: MonthBooks, member: Member) -> Section | None:
    """Savings arrears in the statement's year, up to the end of its month."""
    arrears = tuple(savings_arrears_of(fund, member, books.period.end, books.period.year_start))
    return SavingsArrearsSection(arrears) if arrears else None


#: Every section a statement can have, in the order they are shown. The loan rules add the
#: member's loans (schedule, due, paid, overdue, moratoria), the welfare rules the member's
#: contribution status and benefits received.
STATEMENT_SECTIONS: Final[tuple[SectionBuilder, ...]] = (savings_arrears_section,)


def _movement(
    kind: MemberAccountType,
    account: str,
    opening: Mapping[str, Decimal],
    closing: Mapping[str, Decimal],
    flows: Mapping[str, tuple[Decimal, Decimal]],
) -> Movement:
    increase, decrease = flows.get(account, (ZERO, ZERO))
    return Movement(
        kind,
        claim(kind, opening.get(account, ZERO)),
        increase,
        decrease,
        claim(kind, closing.get(account, ZERO)),
    )


def on_statement(member: Member, period: Period) -> bool:
    """A member gets a statement for a month when they were a member on any day of it."""
    return member.joined <= period.end and (member.exited is None or member.exited >= period.start)


def statement(
    fund: Fund,
    books: MonthBooks,
    member: Member,
    sections: Sequence[SectionBuilder] = STATEMENT_SECTIONS,
) -> Statement:
    """``member``'s statement for the month of ``books``."""
    month = []
    year = []
    for kind in fund.member_types:
        account = member_account(kind, member.id)
        month.append(
            _movement(kind, account, books.at_month_start, books.at_month_end, books.month_flows)
        )
        year.append(
            _movement(kind, account, books.at_year_start, books.at_month_end, books.year_flows)
        )
    built = (build(fund, books, member) for build in sections)
    return Statement(
        fund_name=fund.info.name if fund.info else "",
        currency=fund.currency,
        period=books.period,
        member=member,
        month=tuple(month),
        year=tuple(year),
        lines=books.lines.get(member.id, ()),
        sections=tuple(section for section in built if section is not None),
    )


def statements(
    fund: Fund, books: MonthBooks, members: Iterable[str] | None = None
) -> tuple[Statement, ...]:
    """The statements of ``members`` (default: everyone who was a member during the month)."""
    if members is None:
        chosen = [m for m in fund.members.values() if on_statement(m, books.period)]
    else:
        chosen = [fund.members[member_id] for member_id in members]
    return tuple(statement(fund, books, member) for member in sorted(chosen, key=lambda m: m.id))


def member_lines_total(lines: Iterable[Line], kind: MemberAccountType) -> Decimal:
    """The sum of ``kind`` changes over ``lines`` (a check: opening + this = closing)."""
    return sum((line.changes.get(kind, ZERO) for line in lines), ZERO)
