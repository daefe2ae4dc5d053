"""The fund report's sections from other rule families: loans and welfare.

:func:`loans_report_section` gives the loan book at the end of the month (what members owe,
portfolio at risk, what the fund owes its lenders, moratoria in force);
:func:`welfare_report_section` the welfare fund's contributions, benefits paid by kind and
money by source. Each returns None when the books have nothing of the kind.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from kongtun.ledger.books.fund import ZERO, Fund
from kongtun.ledger.loans.book import PAR_DAYS, Loan, LoanState, Portfolio, portfolio
from kongtun.ledger.loans.moratorium import Moratorium
from kongtun.ledger.loans.provision import recorded_on
from kongtun.ledger.loans.restructure import Settlement
from kongtun.ledger.loans.schedule import build_schedule
from kongtun.ledger.reports.month import (
    MonthBooks,
)
from kongtun.ledger.reports.statements import Section, in_force
from kongtun.ledger.reports.welfare import StandingRow, annual_status, standings_on
from kongtun.ledger.welfare.book import STATUS_LABELS
from kongtun.ledger.welfare.contributions import statuses_on


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
    #: the day of the loan's last restructuring by the day of the row (None: never)
    restructured: datetime.date | None = None
    #: what that restructuring capitalised and waived
    settlement: Settlement | None = None


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
    #: principal written off and money recovered on written-off loans in the year to date
    written_off_year: Decimal = ZERO
    recovered_year: Decimal = ZERO
    #: the allowance for doubtful loans recorded at the month's end
    allowance: Decimal = ZERO
    #: member loans of the year to date that pay off an outside debt: how many, the principal
    #: moved into the fund, and the interest their schedules save at the outside rates
    refinanced: int = 0
    refinanced_principal: Decimal = ZERO
    interest_saved: Decimal = ZERO

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
        restructuring.day if (restructuring := loan.restructured_by(state.day)) else None,
        loan.settled_by(restructuring) if restructuring is not None else None,
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
    """Member loans owing at the month's end: those late (the report's list) and paused."""

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


def moratorium_rows(moratoria: Sequence[Moratorium], owing: Sequence[Loan]) -> list[MoratoriumRow]:
    """Each moratorium with the member loans and borrowings it covers that are still owing
    at the month's end (a loan repaid in full is paused no more: the same loans the report's
    "paused by a moratorium" count)."""
    rows = []
    for moratorium in moratoria:
        covered = [loan for loan in owing if moratorium in loan.moratoria]
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
    owing = []
    for loan in lent:
        state = loan.state(end)
        if state.outstanding > 0:
            owing.append(loan)
        if loan.kind == "borrowing":
            borrowings.append(borrowing_row(loan, state))
        elif state.outstanding > 0:
            arrears.add(fund, loan, state)
    par = tuple(
        ParRow(days, held.at_risk_loans[days], held.at_risk[days], held.par(days))
        for days in PAR_DAYS
    )
    arrears.rows.sort(key=lambda row: (-row.days_past_due, row.member, row.id))
    written_off, recovered = _written_off_and_recovered(lent, period.year_start, end)
    return LoansReportSection(
        held,
        par,
        arrears.in_arrears,
        arrears.overdue,
        arrears.paused,
        tuple(borrowings),
        tuple(moratorium_rows(moratoria, owing)),
        tuple(arrears.rows),
        written_off_year=written_off,
        recovered_year=recovered,
        allowance=recorded_on(loans.allowance, end),
        **_refinanced(lent, period.year_start),
    )


def _refinanced(loans: Sequence[Loan], start: datetime.date) -> dict[str, Any]:
    """Member loans lent since ``start`` that pay off an outside debt, their principal, and
    the interest saved: their schedule's interest at the outside rate less at the fund's."""
    found = [
        loan
        for loan in loans
        if loan.kind == "member" and loan.date >= start and loan.outside_creditor is not None
    ]
    saved = ZERO
    for loan in found:
        if loan.outside_rate is not None:
            outside = build_schedule(replace(loan.terms, rate=loan.outside_rate))
            saved += sum((row.interest for row in outside), ZERO)
            saved -= sum((row.interest for row in build_schedule(loan.terms)), ZERO)
    return {
        "refinanced": len(found),
        "refinanced_principal": sum((loan.principal for loan in found), ZERO),
        "interest_saved": saved,
    }


def _written_off_and_recovered(
    loans: Sequence[Loan], start: datetime.date, end: datetime.date
) -> tuple[Decimal, Decimal]:
    """Principal written off, and money recovered, from ``start`` to ``end``."""
    entries = [r for loan in loans for r in loan.repayments if start <= r.date <= end]
    return (
        sum((r.written_off for r in entries), ZERO),
        sum((r.recovered for r in entries), ZERO),
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
