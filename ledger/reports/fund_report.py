"""The fund's report for a month, from the month's one pass.

:func:`fund_report` reads a :class:`~kongtun.ledger.reports.month.MonthBooks` (one pass over the
entries, shared with the member statements) and gives what the committee posts on the notice
board and sends to the district: cash and bank, members' savings and shares, loans
outstanding, income and expenses of the month and of the year to date, members who joined and
left, savings arrears, the number of open problems in the books, and a 12-month history.

Sections that other rule families add (loans: portfolio at risk, moratoria; welfare: benefits
paid by kind; :mod:`kongtun.ledger.reports.sections`) plug in through :data:`REPORT_SECTIONS`,
like the statements' sections. The member list and the members' accounts pages are in
:mod:`kongtun.ledger.reports.members`.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from kongtun.ledger.books.accounts import (
    MEMBER_ACCOUNT_KINDS,
    FundKind,
    MemberAccountType,
    split_member_account,
)
from kongtun.ledger.books.arrears import SavingsArrear, savings_arrears
from kongtun.ledger.books.fund import ZERO, Fund, month_of
from kongtun.ledger.books.records import HistoryRow
from kongtun.ledger.books.rules import Rules
from kongtun.ledger.reports.grants import grants_report_section
from kongtun.ledger.reports.month import (
    MonthBooks,
    Period,
    Snapshot,
    claim,
    is_cash,
    member_after,
    under,
)
from kongtun.ledger.reports.sections import (
    loans_report_section,
    welfare_report_section,
)
from kongtun.ledger.reports.statements import Section

WELFARE: Final = ("Expenses:Welfare",)


@dataclass(frozen=True)
class AccountFigure:
    """An account (or a group of member accounts, ``Income:Contributions``) on the report."""

    account: str
    name_th: str
    name_en: str
    opening: Decimal
    closing: Decimal
    #: the month's and the year-to-date's amount (income positive, expenses positive)
    month: Decimal = ZERO
    year: Decimal = ZERO


@dataclass(frozen=True)
class MemberChange:
    """A member who joined or left in the month."""

    id: str
    name: str
    day: datetime.date
    reason: str


@dataclass(frozen=True)
class MembersMoney:
    """The total of every member's claim in one kind of member account."""

    kind: MemberAccountType
    opening: Decimal
    closing: Decimal
    #: members with a non-zero balance at the end of the month
    holders: int


def history_rows(snapshots: Sequence[Snapshot], fund: Fund | None = None) -> tuple[HistoryRow, ...]:
    """The history from month-end snapshots (the first one only gives the starting point).

    In a year's file carried from earlier books (``fund``), a month with a row carried from
    them (``custom "month-end"``) takes that row, and the members' money the opening did not
    carry is added to the months of the file.
    """
    carried = fund.history if fund is not None else {}
    start = fund.books_start if fund is not None else None
    extra = fund.not_carried if fund is not None and start is not None else {}
    rows = []
    for before, point in itertools.pairwise(snapshots):
        row = carried.get(point.month)
        if row is None:
            money = point.members_money
            if start is not None and extra and point.month >= month_of(start):
                money = MappingProxyType(
                    {kind: value + extra.get(kind, ZERO) for kind, value in money.items()}
                )
            row = HistoryRow(
                point.month,
                point.cash,
                money,
                point.income - before.income,
                point.expenses - before.expenses,
                point.members,
            )
        rows.append(row)
    return tuple(rows)


@dataclass(frozen=True)
class FundReport:
    """The fund's report for one month."""

    period: Period
    kind: FundKind | None
    name: str
    location: tuple[str, str, str]
    currency: str
    rules: Rules
    cash: tuple[AccountFigure, ...]
    members_money: tuple[MembersMoney, ...]
    income: tuple[AccountFigure, ...]
    expenses: tuple[AccountFigure, ...]
    members_at_start: int
    members_at_end: int
    joined: tuple[MemberChange, ...]
    left: tuple[MemberChange, ...]
    #: savings arrears of the month (members who saved less than the minimum)
    arrears: tuple[SavingsArrear, ...]
    #: member id -> name, for the arrears list (masked in public reports by the template)
    names: Mapping[str, str]
    problems: int
    history: tuple[HistoryRow, ...]
    sections: tuple[Section, ...]

    @property
    def cash_opening(self) -> Decimal:
        return sum((figure.opening for figure in self.cash), ZERO)

    @property
    def cash_closing(self) -> Decimal:
        return sum((figure.closing for figure in self.cash), ZERO)

    @property
    def income_month(self) -> Decimal:
        return sum((figure.month for figure in self.income), ZERO)

    @property
    def income_year(self) -> Decimal:
        return sum((figure.year for figure in self.income), ZERO)

    @property
    def expenses_month(self) -> Decimal:
        return sum((figure.month for figure in self.expenses), ZERO)

    @property
    def expenses_year(self) -> Decimal:
        return sum((figure.year for figure in self.expenses), ZERO)

    @property
    def welfare_paid(self) -> tuple[AccountFigure, ...]:
        """Benefits paid: ``Expenses:Welfare`` and its sub-accounts (by kind, when the books
        keep one account per kind)."""
        return _welfare_only(self.expenses)

    @property
    def arrears_shortfall(self) -> Decimal:
        return sum((arrear.shortfall for arrear in self.arrears), ZERO)


#: Builds one section of the fund report, or None when it has nothing to show.
ReportSectionBuilder = Callable[[Fund, MonthBooks], Section | None]


REPORT_SECTIONS: Final[tuple[ReportSectionBuilder, ...]] = (
    loans_report_section,
    welfare_report_section,
    grants_report_section,
)


def _names(fund: Fund, account: str) -> tuple[str, str]:
    life = fund.accounts.get(account)
    if life is not None:
        return life.name_th, life.name_en
    return account, account


def _group(account: str) -> str:
    """Member accounts are grouped under their parent (``Income:Contributions``)."""
    split = split_member_account(account)
    return account.rpartition(":")[0] if split is not None else account


def _welfare_only(expenses: tuple[AccountFigure, ...]) -> tuple[AccountFigure, ...]:
    return tuple(figure for figure in expenses if under(figure.account, WELFARE))


def welfare_paid(fund: Fund, books: MonthBooks) -> tuple[AccountFigure, ...]:
    """The benefits paid in the month of ``books`` and its year (:attr:`FundReport.welfare_paid`)
    without the rest of the report: what the welfare page shows of it."""
    return _welfare_only(_flows(fund, books, "Expenses", 1))


def _flows(fund: Fund, books: MonthBooks, root: str, sign: int) -> tuple[AccountFigure, ...]:
    """Income (sign -1) or expense (sign 1) accounts: the month's and the year's amounts."""
    month: dict[str, Decimal] = defaultdict(Decimal)
    year: dict[str, Decimal] = defaultdict(Decimal)
    for account, closing in books.at_month_end.items():
        if not account.startswith(root + ":"):
            continue
        group = _group(account)
        month[group] += sign * (closing - books.at_month_start.get(account, ZERO))
        year[group] += sign * (closing - books.at_year_start.get(account, ZERO))
    figures = []
    for group in sorted(year):
        if month[group] == 0 and year[group] == 0:
            continue
        name_th, name_en = _group_names(fund, group)
        figures.append(
            AccountFigure(group, name_th, name_en, ZERO, ZERO, month[group], year[group])
        )
    return tuple(figures)


def _group_names(fund: Fund, group: str) -> tuple[str, str]:
    for kind in MEMBER_ACCOUNT_KINDS.values():
        if kind.parent == group:
            return kind.name_th, kind.name_en
    return _names(fund, group)


def cash_figures(fund: Fund, books: MonthBooks) -> tuple[AccountFigure, ...]:
    """Cash in hand and in the bank: every such account of the books or of the fund's chart."""
    accounts = sorted(
        {a for a in books.at_month_end if is_cash(a)} | {a for a in fund.accounts if is_cash(a)}
    )
    figures = []
    for account in accounts:
        name_th, name_en = _names(fund, account)
        figures.append(
            AccountFigure(
                account,
                name_th,
                name_en,
                books.at_month_start.get(account, ZERO),
                books.at_month_end.get(account, ZERO),
            )
        )
    return tuple(figures)


def members_money(fund: Fund, books: MonthBooks) -> tuple[MembersMoney, ...]:
    """Every member account in the books, declared members or not: the totals are the
    ledger's (with what a carried year's opening did not carry)."""
    opening: dict[MemberAccountType, Decimal] = dict.fromkeys(fund.member_types, ZERO)
    closing: dict[MemberAccountType, Decimal] = dict.fromkeys(fund.member_types, ZERO)
    holders: Counter[MemberAccountType] = Counter()
    for account, balance in books.at_month_end.items():
        split = split_member_account(account)
        if split is None or split[0] not in closing:
            continue
        kind = split[0]
        opening[kind] += claim(kind, books.at_month_start.get(account, ZERO))
        closing[kind] += claim(kind, balance)
        holders[kind] += balance != 0
    if fund.books_start is not None and fund.books_start < books.period.start:
        for kind, value in fund.not_carried.items():
            opening[kind] += value
            closing[kind] += value
    return tuple(
        MembersMoney(kind, opening[kind], closing[kind], holders[kind])
        for kind in fund.member_types
    )


def member_changes(
    fund: Fund, period: Period
) -> tuple[tuple[MemberChange, ...], tuple[MemberChange, ...]]:
    """The members who joined in the month, and those who left, by day."""
    joined = []
    left = []
    for member in fund.members.values():
        if period.start <= member.joined <= period.end:
            joined.append(MemberChange(member.id, member.name, member.joined, ""))
        if member.exited is not None and period.start <= member.exited <= period.end:
            left.append(MemberChange(member.id, member.name, member.exited, member.exit_reason))
    return (
        tuple(sorted(joined, key=lambda change: (change.day, change.id))),
        tuple(sorted(left, key=lambda change: (change.day, change.id))),
    )


def fund_report(
    fund: Fund,
    books: MonthBooks,
    problems: int,
    sections: Sequence[ReportSectionBuilder] = REPORT_SECTIONS,
) -> FundReport:
    """The fund's report for the month of ``books``; ``problems``: errors in the books."""
    period = books.period
    joined, left = member_changes(fund, period)
    before = period.start - datetime.timedelta(days=1)
    arrears = tuple(savings_arrears(fund, period.end, since=period.month))
    info = fund.info
    built = (build(fund, books) for build in sections)
    return FundReport(
        period=period,
        kind=info.kind if info else None,
        name=info.name if info else "",
        location=(info.tambon, info.district, info.province) if info else ("", "", ""),
        currency=fund.currency,
        rules=fund.rules.on(period.end),
        cash=cash_figures(fund, books),
        members_money=members_money(fund, books),
        income=_flows(fund, books, "Income", -1),
        expenses=_flows(fund, books, "Expenses", 1),
        members_at_start=sum(1 for m in fund.members.values() if member_after(m, before)),
        members_at_end=books.history[-1].members,
        joined=joined,
        left=left,
        arrears=arrears,
        names=MappingProxyType({a.member: fund.members[a.member].name for a in arrears}),
        problems=problems,
        history=history_rows(books.history, fund),
        sections=tuple(section for section in built if section is not None),
    )
