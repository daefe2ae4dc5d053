"""The fund's report for a month, and the member list, from the month's one pass.

:func:`fund_report` reads a :class:`~kongtun.ledger.statements.MonthBooks` (one pass over the
entries, shared with the member statements) and gives what the committee posts on the notice
board and sends to the district: cash and bank, members' savings and shares, loans
outstanding, income and expenses of the month and of the year to date, members who joined and
left, savings arrears, the number of open problems in the books, and a 12-month history.

:func:`member_list` gives every member with status and balances at the end of the month,
in Thai dictionary order of names.

Sections that other rule families add (loans: portfolio at risk, moratoria; welfare: benefits
paid by kind) plug in through :data:`REPORT_SECTIONS`, like the statements' sections.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from kongtun.ledger.books.accounts import (
    MEMBER_ACCOUNT_KINDS,
    FundKind,
    MemberAccountType,
    member_account,
    split_member_account,
)
from kongtun.ledger.books.arrears import SavingsArrear, savings_arrears
from kongtun.ledger.books.fund import ZERO, Fund, Member, month_of
from kongtun.ledger.books.records import HistoryRow
from kongtun.ledger.books.rules import Rules
from kongtun.ledger.loans.book import PAR_DAYS, Loan, LoanState, Portfolio, portfolio
from kongtun.ledger.loans.moratorium import Moratorium
from kongtun.ledger.reports.statements import (
    MonthBooks,
    Period,
    Section,
    Snapshot,
    claim,
    in_force,
    is_cash,
    member_after,
    on_statement,
    under,
)
from kongtun.ledger.reports.welfare import StandingRow, annual_status, standings_on
from kongtun.ledger.thai import thai_order
from kongtun.ledger.welfare.book import STATUS_LABELS
from kongtun.ledger.welfare.contributions import statuses_on

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
        return tuple(figure for figure in self.expenses if under(figure.account, WELFARE))

    @property
    def arrears_shortfall(self) -> Decimal:
        return sum((arrear.shortfall for arrear in self.arrears), ZERO)


#: Builds one section of the fund report, or None when it has nothing to show.
ReportSectionBuilder = Callable[[Fund, MonthBooks], Section | None]


@dataclass(frozen=True)
class LoanRow:
    """One member loan at the month's end (the loans page; the report's overdue loans)."""

    id: str
    member: str
    name: str
    date: datetime.date
    principal: Decimal
    outstanding: Decimal
    amount_overdue: Decimal
    days_past_due: int
    paused_by: Moratorium | None


@dataclass(frozen=True)
class BorrowingRow:
    """One of the fund's own loans from a lender (CODI) at the month's end."""

    id: str
    lender: str
    principal: Decimal
    outstanding: Decimal
    amount_overdue: Decimal
    days_past_due: int
    paused_by: Moratorium | None


@dataclass(frozen=True)
class MoratoriumRow:
    """A moratorium in force in the month and how many loans it covers."""

    moratorium: Moratorium
    member_loans: int
    borrowings: int


@dataclass(frozen=True)
class ParRow:
    """Loans more than ``days`` past due: how many, their principal, its share."""

    days: int
    loans: int
    outstanding: Decimal
    share: Decimal


@dataclass(frozen=True)
class LoansReportSection:
    """Member loans outstanding and at risk (PAR 30/60/90), what the fund owes its lenders,
    and the moratoria in force, at the month's end."""

    portfolio: Portfolio
    par: tuple[ParRow, ...]
    #: member loans with something overdue at the month's end
    in_arrears: int
    amount_overdue: Decimal
    paused: int
    borrowings: tuple[BorrowingRow, ...]
    moratoria: tuple[MoratoriumRow, ...]
    #: member loans past due at the month's end, most days first (names masked when public)
    overdue: tuple[LoanRow, ...] = ()
    template: str = "report_loans.html"

    @property
    def borrowed(self) -> Decimal:
        return sum((row.outstanding for row in self.borrowings), ZERO)


def loan_row(fund: Fund, loan: Loan, state: LoanState) -> LoanRow:
    member = fund.members.get(loan.party)
    return LoanRow(
        loan.id,
        loan.party,
        member.name if member is not None else "",
        loan.date,
        loan.principal,
        state.outstanding,
        state.amount_overdue,
        state.days_past_due,
        state.paused_by,
    )


def borrowing_row(loan: Loan, state: LoanState) -> BorrowingRow:
    return BorrowingRow(
        loan.id,
        loan.party,
        loan.principal,
        state.outstanding,
        state.amount_overdue,
        state.days_past_due,
        state.paused_by,
    )


@dataclass
class _Arrears:
    """Member loans owing at the month's end: those late (the report's list), paused, and
    how many are more than each PAR age past due."""

    late: dict[int, int] = field(default_factory=lambda: dict.fromkeys(PAR_DAYS, 0))
    in_arrears: int = 0
    paused: int = 0
    overdue: Decimal = ZERO
    rows: list[LoanRow] = field(default_factory=list)

    def add(self, fund: Fund, loan: Loan, state: LoanState) -> None:
        self.paused += state.paused_by is not None
        if state.amount_overdue > 0:
            self.in_arrears += 1
            self.overdue += state.amount_overdue
            self.rows.append(loan_row(fund, loan, state))
        for days in PAR_DAYS:
            self.late[days] += state.days_past_due > days


def moratorium_rows(moratoria: Sequence[Moratorium], lent: Sequence[Loan]) -> list[MoratoriumRow]:
    """Each moratorium with the member loans and borrowings it covers."""
    rows = []
    for moratorium in moratoria:
        covered = [loan for loan in lent if moratorium in loan.moratoria]
        rows.append(
            MoratoriumRow(
                moratorium,
                sum(1 for loan in covered if loan.kind == "member"),
                sum(1 for loan in covered if loan.kind == "borrowing"),
            )
        )
    return rows


def loans_report_section(fund: Fund, books: MonthBooks) -> Section | None:
    """Loans outstanding and PAR, borrowings and moratoria (funds that lend)."""
    if books.loans is None:
        return None
    loans = books.loans.loans
    period = books.period
    end = period.end
    lent = [loan for loan in loans.loans if loan.date <= end]
    moratoria = [m for m in loans.moratoria if in_force(m, period)]
    if not lent and not moratoria:
        return None
    held = portfolio(lent, end)
    arrears = _Arrears()
    borrowings = []
    for loan in lent:
        state = loan.state(end)
        if loan.kind == "borrowing":
            borrowings.append(borrowing_row(loan, state))
        elif state.outstanding > 0:
            arrears.add(fund, loan, state)
    par = tuple(
        ParRow(days, arrears.late[days], held.at_risk[days], held.par(days)) for days in PAR_DAYS
    )
    arrears.rows.sort(key=lambda row: (-row.days_past_due, row.member, row.id))
    return LoansReportSection(
        held,
        par,
        arrears.in_arrears,
        arrears.overdue,
        arrears.paused,
        tuple(borrowings),
        tuple(moratorium_rows(moratoria, lent)),
        tuple(arrears.rows),
    )


@dataclass(frozen=True)
class BenefitKindRow:
    """Benefits of one kind: people, claims and baht in the month and the year to date."""

    kind: str
    label: str
    category: str
    people: int
    claims: int
    baht: Decimal
    people_year: int
    claims_year: int
    baht_year: Decimal


@dataclass(frozen=True)
class WelfareReportSection:
    """Benefits paid by kind (from the claims, not the accounts) and members by their
    contribution status at the month's end, with who is behind (ids; names masked in
    public reports). Counts and sums only: no claim details (PDPA)."""

    by_kind: tuple[BenefitKindRow, ...]
    #: status (active, arrears, lapsed) -> members at the month's end
    by_status: tuple[tuple[str, int], ...]
    behind: tuple[StandingRow, ...]
    template: str = "report_welfare.html"

    @property
    def baht(self) -> Decimal:
        return sum((row.baht for row in self.by_kind), ZERO)

    @property
    def baht_year(self) -> Decimal:
        return sum((row.baht_year for row in self.by_kind), ZERO)

    @property
    def status_labels(self) -> Mapping[str, str]:
        return STATUS_LABELS


def welfare_report_section(fund: Fund, books: MonthBooks) -> Section | None:
    """Benefits by kind and members by contribution status (welfare funds)."""
    if books.welfare is None:
        return None
    welfare = books.welfare.welfare
    period = books.period
    # the books end with the month: the year's figures are the year to date
    year = annual_status(welfare, period.month.year)
    month: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for paid in welfare.claims:
        if paid.kind and period.start <= paid.date <= period.end:
            month[paid.kind].append((paid.member, paid.amount))
    rows = []
    for row in year.benefits_by_kind:
        if not row.claims:
            continue
        claims = month.get(row.key, [])
        tiers = welfare.benefits.tiers(row.key, period.end)
        rows.append(
            BenefitKindRow(
                row.key,
                tiers[0].label if tiers else "",
                row.category,
                len({member for member, _ in claims}),
                len(claims),
                sum((amount for _, amount in claims), ZERO),
                row.people,
                row.claims,
                row.baht,
            )
        )
    counts = Counter(status.kind for status in statuses_on(welfare.standings, period.end).values())
    return WelfareReportSection(
        tuple(rows),
        tuple((kind, counts[kind]) for kind in ("active", "arrears", "lapsed")),
        standings_on(welfare, period.end),
    )


#: Sections of the fund report beyond the core figures: loans outstanding by age of arrears
#: (PAR 30/60/90), borrowings and moratoria in force; benefits paid by kind and members by
#: contribution status.
REPORT_SECTIONS: Final[tuple[ReportSectionBuilder, ...]] = (
    loans_report_section,
    welfare_report_section,
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
