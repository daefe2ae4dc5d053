"""The member list and the members' accounts pages, from the month's one pass.

:func:`member_list` gives every member with status and balances at the end of the month, in
Thai dictionary order of names; :func:`member_accounts` what every member owes on loans or
has contributed (the Fava extension's loans and welfare pages).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from kongtun.ledger.books.accounts import (
    MemberAccountType,
    member_account,
)
from kongtun.ledger.books.arrears import savings_arrears
from kongtun.ledger.books.fund import ZERO, Fund, Member
from kongtun.ledger.reports.fund_report import (
    ReportSectionBuilder,
)
from kongtun.ledger.reports.month import (
    MonthBooks,
    Period,
    claim,
)
from kongtun.ledger.reports.sections import (
    LoanRow,
    LoansReportSection,
    WelfareReportSection,
    loan_row,
    loans_report_section,
    welfare_report_section,
)
from kongtun.ledger.reports.statements import Section, on_statement
from kongtun.ledger.reports.welfare import StandingRow, standings_on
from kongtun.ledger.thai import thai_order
from kongtun.ledger.welfare.book import STATUS_LABELS


@dataclass(frozen=True)
class MemberListRow:
    """One member on the member list, at the end of the month."""

    id: str
    name: str
    village: str
    joined: datetime.date
    exited: datetime.date | None
    exit_reason: str
    #: account type -> what the member has in it (saved, held, owed, contributed)
    amounts: tuple[tuple[MemberAccountType, Decimal], ...]
    months_in_arrears: int

    @property
    def active(self) -> bool:
        return self.exited is None


@dataclass(frozen=True)
class MemberList:
    """Every member who had joined by the end of the month, in Thai dictionary order."""

    period: Period
    name: str
    currency: str
    member_types: tuple[MemberAccountType, ...]
    rows: tuple[MemberListRow, ...]
    totals: tuple[tuple[MemberAccountType, Decimal], ...]

    @property
    def active(self) -> int:
        return sum(1 for row in self.rows if row.active)


def member_list(fund: Fund, books: MonthBooks) -> MemberList:
    """Every member who had joined by the end of the month, with balances at its end.

    Status is as of the month's end (a member who leaves later is still active here); the
    months in arrears count every month short from joining to the end of the month.
    """
    period = books.period
    arrears = Counter(arrear.member for arrear in savings_arrears(fund, period.end))
    members: list[Member] = [m for m in fund.members.values() if m.joined <= period.end]
    order = thai_order(member.name for member in members)
    totals: dict[MemberAccountType, Decimal] = dict.fromkeys(fund.member_types, ZERO)
    rows = []
    for member in sorted(members, key=lambda m: (order[m.name], m.id)):
        amounts = tuple(
            (kind, claim(kind, books.at_month_end.get(member_account(kind, member.id), ZERO)))
            for kind in fund.member_types
        )
        for kind, amount in amounts:
            totals[kind] += amount
        left = member.exited is not None and member.exited <= period.end
        rows.append(
            MemberListRow(
                member.id,
                member.name,
                member.village,
                member.joined,
                member.exited if left else None,
                member.exit_reason if left else "",
                amounts,
                arrears[member.id],
            )
        )
    return MemberList(
        period=period,
        name=fund.info.name if fund.info else "",
        currency=fund.currency,
        member_types=fund.member_types,
        rows=tuple(rows),
        totals=tuple(totals.items()),
    )


def statement_members(fund: Fund, period: Period) -> list[Member]:
    """Members with a statement for the month, in Thai dictionary order (for pickers)."""
    members = [m for m in fund.members.values() if on_statement(m, period)]
    order = thai_order(member.name for member in members)
    return sorted(members, key=lambda m: (order[m.name], m.id))


@dataclass(frozen=True)
class AccountRow:
    """One member's account of one kind over the month and the year to date."""

    id: str
    name: str
    opening: Decimal
    increase: Decimal
    decrease: Decimal
    closing: Decimal
    year_increase: Decimal
    year_decrease: Decimal


@dataclass(frozen=True)
class MemberAccounts:
    """Every member's account of one kind (loans, contributions) for the month.

    The loans page lists what members owe (lent in the month, repaid, owed at its end); the
    welfare page what members contributed. Schedules, arrears and moratoria (loan rules) and
    benefits by kind (welfare rules) join as ``sections``.
    """

    kind: MemberAccountType
    period: Period
    name: str
    currency: str
    rows: tuple[AccountRow, ...]
    sections: tuple[Section, ...]

    def total(self, field: str) -> Decimal:
        return sum((getattr(row, field) for row in self.rows), ZERO)


@dataclass(frozen=True)
class LoansPageSection:
    """Every member loan owing at the month's end (or repaid in it), most days past due
    first, and the portfolio figures of the fund report."""

    rows: tuple[LoanRow, ...]
    summary: LoansReportSection | None
    template: str = "page_loans.html"


def loans_page_section(fund: Fund, books: MonthBooks) -> Section | None:
    """Per loan: member, outstanding, overdue, days past due, the moratorium pausing it."""
    if books.loans is None:
        return None
    period = books.period
    rows = []
    for loan in books.loans.loans.member_loans:
        if loan.date > period.end:
            continue
        state = loan.state(period.end)
        if state.outstanding <= 0 and (state.repaid is None or state.repaid < period.start):
            continue
        rows.append(loan_row(fund, loan, state))
    rows.sort(key=lambda row: (-row.days_past_due, row.member, row.id))
    summary = loans_report_section(fund, books)
    if not rows and summary is None:
        return None
    assert summary is None or isinstance(summary, LoansReportSection)
    return LoansPageSection(tuple(rows), summary)


@dataclass(frozen=True)
class WelfarePageSection:
    """Every member's contribution standing at the month's end (by member id), and the
    benefits paid by kind and members by status of the fund report."""

    standings: tuple[StandingRow, ...]
    summary: WelfareReportSection
    template: str = "page_welfare.html"

    @property
    def status_labels(self) -> Mapping[str, str]:
        return STATUS_LABELS


def welfare_page_section(fund: Fund, books: MonthBooks) -> Section | None:
    """Contribution standing per member; benefits by kind."""
    summary = welfare_report_section(fund, books)
    if books.welfare is None or not isinstance(summary, WelfareReportSection):
        return None
    standings = standings_on(books.welfare.welfare, books.period.end, only_behind=False)
    return WelfarePageSection(standings, summary)


#: Sections of the loans page and the welfare page, by member account kind.
ACCOUNT_PAGE_SECTIONS: Final[dict[MemberAccountType, tuple[ReportSectionBuilder, ...]]] = {
    "loans": (loans_page_section,),
    "contributions": (welfare_page_section,),
}


def member_accounts(fund: Fund, books: MonthBooks, kind: MemberAccountType) -> MemberAccounts:
    """Every member's ``kind`` account with a balance or a movement in the year, Thai order."""
    rows = []
    members = [m for m in fund.members.values() if m.joined <= books.period.end]
    order = thai_order(member.name for member in members)
    for member in sorted(members, key=lambda m: (order[m.name], m.id)):
        account = member_account(kind, member.id)
        opening = claim(kind, books.at_month_start.get(account, ZERO))
        closing = claim(kind, books.at_month_end.get(account, ZERO))
        increase, decrease = books.month_flows.get(account, (ZERO, ZERO))
        year_increase, year_decrease = books.year_flows.get(account, (ZERO, ZERO))
        if not (opening or closing or year_increase or year_decrease):
            continue
        rows.append(
            AccountRow(
                member.id,
                member.name,
                opening,
                increase,
                decrease,
                closing,
                year_increase,
                year_decrease,
            )
        )
    built = (build(fund, books) for build in ACCOUNT_PAGE_SECTIONS.get(kind, ()))
    return MemberAccounts(
        kind=kind,
        period=books.period,
        name=fund.info.name if fund.info else "",
        currency=fund.currency,
        rows=tuple(rows),
        sections=tuple(section for section in built if section is not None),
    )
