"""The assembly's report (รายงานประจำปีต่อที่ประชุมใหญ่) for one fiscal year: the income statement,
the balance sheet on the year's last day, the allocation of the surplus, each member's dividend
and return, the loans and arrears at the year's end, and the year's resolutions found in the
books (rules directives, moratoria, loan approvals).

Built from the books of one load and their entries (:func:`annual_report`); the template
``templates/annual_report.html`` only formats it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from beancount.core import data

from kongtun.ledger.books.accounts import MEMBER_ACCOUNT_KINDS, split_member_account
from kongtun.ledger.books.arrears import savings_arrears
from kongtun.ledger.books.fund import ZERO, Fund, Member
from kongtun.ledger.i18n import N_, gettext
from kongtun.ledger.model import Books
from kongtun.ledger.reports.month import MonthBooks
from kongtun.ledger.reports.statements import SectionBuilder
from kongtun.ledger.years.allocation import (
    PURPOSE_ACCOUNTS,
    PURPOSE_LABELS,
    named_fund_names,
    purpose_label,
    purpose_names,
)
from kongtun.ledger.years.figures import YearFigures
from kongtun.ledger.years.meetings import KINDS, Meeting, meetings_between
from kongtun.ledger.years.needs import SURPLUS_ACCOUNT, has_year_end
from kongtun.ledger.years.year_end import PAYABLE_PARENTS, YearData, YearEnd

SURPLUS_LABEL: Final = N_("surplus or loss not yet allocated")
#: the sections of a balance sheet, in order
SHEET: Final = ("Assets", "Liabilities", "Equity")


@dataclass(frozen=True)
class Line:
    """An account and its amount (income and liabilities as positive numbers)."""

    account: str
    name_th: str
    name_en: str
    amount: Decimal


@dataclass(frozen=True)
class PurposeLine:
    purpose: str
    label: str
    amount: Decimal
    share: Decimal
    #: the purpose's name in Thai and in English (a named fund's Thai name from the rules)
    names: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class MemberShare:
    member: str
    name: str
    weight: Decimal
    dividend: Decimal
    interest: Decimal
    back: Decimal


@dataclass(frozen=True)
class LoanLine:
    loan: str
    member: str
    name: str
    outstanding: Decimal
    overdue: Decimal
    days_past_due: int


@dataclass(frozen=True)
class ArrearLine:
    """A member's savings arrears in the year: the months saved short and by how much."""

    member: str
    name: str
    months: int
    shortfall: Decimal


@dataclass(frozen=True)
class Resolution:
    date: datetime.date
    text: str


@dataclass(frozen=True)
class AnnualReport:
    """Everything the assembly's report shows."""

    name: str
    currency: str
    year: YearEnd
    recorded: bool
    income: tuple[Line, ...]
    expenses: tuple[Line, ...]
    #: "Assets", "Liabilities", "Equity" -> lines on the year's last day
    sheet: dict[str, tuple[Line, ...]]
    #: income less expenses not closed into the surplus (the year's, when not recorded)
    unclosed: Decimal
    allocation: tuple[PurposeLine, ...]
    members: tuple[MemberShare, ...]
    loans: tuple[LoanLine, ...]
    resolutions: tuple[Resolution, ...]
    #: the year's meetings (``custom "meeting"``), in date order
    meetings: tuple[Meeting, ...] = ()
    #: members' savings arrears in the year (months below ``savings-monthly-min``), by id
    arrears: tuple[ArrearLine, ...] = ()

    @property
    def kinds(self) -> Mapping[str, str]:
        """A meeting's kind -> its name (a catalog msgid)."""
        return KINDS

    @property
    def total_income(self) -> Decimal:
        return sum((line.amount for line in self.income), ZERO)

    @property
    def total_expenses(self) -> Decimal:
        return sum((line.amount for line in self.expenses), ZERO)

    def total(self, section: str) -> Decimal:
        return sum((line.amount for line in self.sheet[section]), ZERO)

    @property
    def total_dividends(self) -> Decimal:
        return sum((m.dividend for m in self.members), ZERO)

    @property
    def total_returns(self) -> Decimal:
        return sum((m.back for m in self.members), ZERO)


def _names(
    books: Books, account: str, funds: Mapping[str, tuple[str, str]] | None = None
) -> tuple[str, str]:
    """An account's names in Thai and English: the chart's, a purpose's of the allocation, a
    named fund's (``funds``: :func:`named_fund_names`), or the account itself."""
    life = books.fund.accounts.get(account)
    if life is not None:
        return life.name_th, life.name_en
    if funds and account in funds:
        return funds[account]
    for purpose, where in PURPOSE_ACCOUNTS.items():
        label = PURPOSE_LABELS[purpose]
        if account == where:
            return gettext(label, "th"), gettext(label, "en")
    if account == SURPLUS_ACCOUNT:
        return gettext(SURPLUS_LABEL, "th"), gettext(SURPLUS_LABEL, "en")
    return account, account


def _line(books: Books, account: str, amount: Decimal) -> Line:
    return Line(account, *_names(books, account), amount)


def _group(account: str) -> str:
    """The line of the balance sheet an account is added to: members' accounts by kind, the
    members' dividends and returns still to pay as one line each (no member on it)."""
    split = split_member_account(account)
    if split is not None:
        return MEMBER_ACCOUNT_KINDS[split[0]].parent
    parent = account.rpartition(":")[0]
    return parent if parent in PAYABLE_PARENTS else account


def _group_names(books: Books, group: str, funds: Mapping[str, tuple[str, str]]) -> tuple[str, str]:
    for kind in MEMBER_ACCOUNT_KINDS.values():
        if kind.parent == group:
            return kind.name_th, kind.name_en
    return _names(books, group, funds)


def _sheet(
    books: Books, balances: Mapping[str, Decimal], end: datetime.date
) -> dict[str, tuple[Line, ...]]:
    funds = named_fund_names(books.fund.rules, end)
    grouped: dict[str, Decimal] = defaultdict(Decimal)
    for account, number in balances.items():
        grouped[_group(account)] += number
    sheet: dict[str, tuple[Line, ...]] = {}
    for section in SHEET:
        sign = 1 if section == "Assets" else -1
        sheet[section] = tuple(
            Line(group, *_group_names(books, group, funds), sign * number)
            for group, number in sorted(grouped.items())
            if group.startswith(f"{section}:") and number != 0
        )
    return sheet


def _resolutions(books: Books, start: datetime.date, end: datetime.date) -> tuple[Resolution, ...]:
    found: dict[tuple[datetime.date, str], None] = {}
    for kind in ("rules", "moratorium"):
        for entry in books.fund.customs.get(kind, ()):
            if start <= entry.date <= end and entry.values:
                found[entry.date, str(entry.values[0].value)] = None
                resolution = entry.meta.get("resolution")
                if isinstance(resolution, str):
                    found[entry.date, resolution] = None
    for loan in books.loans.member_loans:
        if start <= loan.date <= end and loan.approved:
            found[loan.date, loan.approved] = None
    return tuple(Resolution(day, text) for day, text in sorted(found))


def _loans(books: Books, end: datetime.date) -> tuple[LoanLine, ...]:
    lines = []
    members = books.fund.members
    for loan in books.loans.member_loans:
        if loan.date > end:
            continue
        state = loan.state(end)
        if state.outstanding <= 0:
            continue
        member = members.get(loan.party)
        lines.append(
            LoanLine(
                loan.id,
                loan.party,
                member.name if member else "",
                state.outstanding,
                state.amount_overdue,
                state.days_past_due,
            )
        )
    return tuple(sorted(lines, key=lambda line: (line.member, line.loan)))


def annual_report(
    books: Books,
    entries: Sequence[data.Directive],
    year: int,
    figures: YearFigures | None = None,
) -> AnnualReport:
    """The assembly's report of fiscal ``year`` (either era); ``figures``: the load's year
    figures when a caller keeps them (the Fava extension), else read here."""
    figures = figures or YearFigures(books, entries)
    closing = figures.year_end(year)
    balances = figures.balances(closing.start, closing.end)[1]
    return report_of_year(books, figures.data(), closing, balances)


def report_of_year(
    books: Books, found: YearData, closing: YearEnd, balances: Mapping[str, Decimal]
) -> AnnualReport:
    """The assembly's report of the year ``closing`` closes, from the entries' year data and
    every account's balance at the year's end (read only): for a caller that walked the
    entries already (the auditor's workpaper)."""
    unclosed = -sum(
        (n for a, n in balances.items() if a.startswith(("Income:", "Expenses:"))), ZERO
    )
    allocation = closing.allocation
    surplus = allocation.surplus
    purposes = tuple(
        PurposeLine(
            p,
            purpose_label(p),
            amount,
            amount / surplus if surplus > 0 else ZERO,
            purpose_names(p, closing.rules),
        )
        for p, amount in allocation.lines.items()
        if amount or p == "reserve"
    )
    members = books.fund.members
    shares = tuple(
        MemberShare(
            m.member,
            members[m.member].name,
            m.weight,
            allocation.dividends.get(m.member, ZERO),
            m.interest,
            allocation.returns.get(m.member, ZERO),
        )
        for m in closing.members
    )
    info = books.fund.info
    return AnnualReport(
        name=info.name if info else "",
        currency=books.fund.currency,
        year=closing,
        recorded=closing.label in found.recorded,
        income=tuple(
            _line(books, a, -n) for a, n in closing.closing.items() if a.startswith("Income:")
        ),
        expenses=tuple(
            _line(books, a, n) for a, n in closing.closing.items() if a.startswith("Expenses:")
        ),
        sheet=_sheet(books, balances, closing.end),
        unclosed=unclosed,
        allocation=purposes,
        members=shares,
        loans=_loans(books, closing.end),
        resolutions=_resolutions(books, closing.start, closing.end),
        meetings=meetings_between(books.fund, closing.start, closing.end),
        arrears=_arrears(books, closing.start, closing.end),
    )


def _arrears(books: Books, start: datetime.date, end: datetime.date) -> tuple[ArrearLine, ...]:
    """Each member's months of the year saved below the minimum, and the shortfall."""
    months: dict[str, int] = defaultdict(int)
    short: dict[str, Decimal] = defaultdict(Decimal)
    for arrear in savings_arrears(books.fund, end, start):
        months[arrear.member] += 1
        short[arrear.member] += arrear.shortfall
    members = books.fund.members
    return tuple(
        ArrearLine(member, members[member].name, months[member], short[member])
        for member in sorted(months)
    )


# -- the member's statement of the year's last month ---------------------------------------------


@dataclass(frozen=True)
class YearEndSection:
    """A member's dividend and return on the statement of the fiscal year's last month."""

    label: str
    recorded: bool
    basis: str
    weight: Decimal
    dividend: Decimal
    dividend_rate: Decimal
    interest: Decimal
    back: Decimal
    return_rate: Decimal
    paid_to: str
    template: str = "statement_year_end.html"


def year_end_sections(
    books: Books,
    entries: Sequence[data.Directive],
    month: datetime.date,
    figures: YearFigures | None = None,
) -> tuple[SectionBuilder, ...]:
    """The statement section builders for ``month`` (its first day): the year end's, when
    the month closes a fiscal year of books that share out a surplus; none otherwise
    (``figures``: the load's year figures when a caller keeps them)."""
    fund = books.fund
    if not has_year_end(fund) or (fund.info is not None and fund.info.kind == "welfare-fund"):
        return ()
    figures = figures or YearFigures(books, entries)
    found = figures.data_alone()
    closing = figures.year_end(month.year)
    if (closing.end.year, closing.end.month) != (month.year, month.month):
        return ()
    if closing.allocation.loss:
        return ()
    shares = {m.member: m for m in closing.members}
    recorded = closing.label in found.recorded

    def build(_fund: Fund, _books: MonthBooks, member: Member) -> YearEndSection | None:
        mine = shares.get(member.id)
        if mine is None:
            return None
        allocation = closing.allocation
        return YearEndSection(
            closing.label,
            recorded,
            allocation.rules.basis,
            mine.weight,
            allocation.dividends.get(member.id, ZERO),
            allocation.dividend_rate,
            mine.interest,
            allocation.returns.get(member.id, ZERO),
            allocation.return_rate,
            closing.payees.get(member.id, ("", ""))[0],
        )

    return (build,)
