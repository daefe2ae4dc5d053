"""The loan sections of a member's statement and of the fund's monthly report.

The statements and the fund report (:mod:`kongtun.ledger.statements`,
:mod:`kongtun.ledger.reports`) take extra sections from the rule families. The loan rules add:

- to a member's statement, each loan the member owed in the month: the principal outstanding
  at the month's end, the instalments due in the month, what was paid in it (principal,
  interest, late charge), what is overdue and for how many days, the next instalments, and
  the moratorium that pauses the loan, if any (:class:`LoanStatementSection`);
- to the fund report, member loans outstanding at the month's end with the portfolio at risk
  (PAR 30 / 60 / 90), what the fund owes its lenders, and the moratoria in force
  (:class:`LoanReportSection`).

The sections need the loans (:func:`kongtun.plugins.loans.loan_errors` gives them), so the
builders are made for one ledger's loans: ``statement(fund, books, member,
sections=(*STATEMENT_SECTIONS, statement_builder(loans)))``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from kongtun.ledger.fund import ZERO, Fund, Member
from kongtun.ledger.loans import PAR_DAYS, Loan, Loans, LoanState, portfolio
from kongtun.ledger.moratorium import Moratorium
from kongtun.ledger.reports import ReportSectionBuilder
from kongtun.ledger.schedule import Installment
from kongtun.ledger.statements import MonthBooks, Section, SectionBuilder

#: how many instalments after the month a statement shows
NEXT_INSTALLMENTS: Final = 3


@dataclass(frozen=True)
class LoanMonth:
    """One loan of a member in one month."""

    loan: Loan
    state: LoanState
    #: instalments due in the month
    due: tuple[Installment, ...]
    paid_principal: Decimal
    paid_interest: Decimal
    paid_charge: Decimal
    #: the next instalments after the month
    upcoming: tuple[Installment, ...]


@dataclass(frozen=True)
class LoanStatementSection:
    """A member's loans on their statement."""

    loans: tuple[LoanMonth, ...]
    template: str = "statement_loans.html"


@dataclass(frozen=True)
class LenderLine:
    """What the fund owes a lender at the month's end."""

    loan: Loan
    state: LoanState


@dataclass(frozen=True)
class LoanReportSection:
    """Member loans, portfolio at risk, borrowings and moratoria at the month's end."""

    day: datetime.date
    loans: int
    outstanding: Decimal
    #: days -> (principal outstanding more than that many days past due, its share in %)
    at_risk: Mapping[int, tuple[Decimal, Decimal]]
    #: member loans past due at the month's end, most days first
    overdue: tuple[tuple[Loan, LoanState], ...]
    lenders: tuple[LenderLine, ...]
    moratoria: tuple[Moratorium, ...]
    #: member id -> name, for the overdue list (masked in public reports by the template)
    names: Mapping[str, str]
    template: str = "report_loans.html"


def loan_month(
    loan: Loan, start: datetime.date, end: datetime.date, late_rate: Decimal
) -> LoanMonth:
    """``loan`` over the month from ``start`` to ``end``."""
    paid = [r for r in loan.repayments if start <= r.date <= end]
    return LoanMonth(
        loan,
        loan.state(end, late_rate),
        tuple(row for row in loan.schedule if start <= row.due <= end),
        sum((r.principal for r in paid), ZERO),
        sum((r.interest for r in paid), ZERO),
        sum((r.charge for r in paid), ZERO),
        tuple(row for row in loan.schedule if row.due > end)[:NEXT_INSTALLMENTS],
    )


def statement_builder(loans: Loans) -> SectionBuilder:
    """The statement section builder for the member loans of one ledger."""
    by_member: dict[str, list[Loan]] = {}
    for loan in loans.member_loans:
        by_member.setdefault(loan.party, []).append(loan)

    def build(fund: Fund, books: MonthBooks, member: Member) -> Section | None:
        start, end = books.period.start, books.period.end
        late_rate = fund.rules.on(end).number("late-interest-rate") or ZERO
        months = []
        for loan in by_member.get(member.id, ()):
            if loan.date > end:
                continue
            month = loan_month(loan, start, end, late_rate)
            if month.state.repaid is not None and month.state.repaid < start:
                continue
            months.append(month)
        return LoanStatementSection(tuple(months)) if months else None

    return build


def report_builder(loans: Loans) -> ReportSectionBuilder:
    """The fund report section builder for the loans of one ledger."""

    def build(fund: Fund, books: MonthBooks) -> Section | None:
        end = books.period.end
        lent = [loan for loan in loans.loans if loan.date <= end]
        if not lent and not loans.moratoria:
            return None
        book = portfolio(lent, end)
        overdue = []
        for loan in lent:
            if loan.kind != "member":
                continue
            state = loan.state(end)
            if state.days_past_due and state.outstanding > 0:
                overdue.append((loan, state))
        overdue.sort(key=lambda pair: (-pair[1].days_past_due, pair[0].id))
        return LoanReportSection(
            end,
            book.loans,
            book.outstanding,
            {days: (book.at_risk[days], book.par(days) * 100) for days in PAR_DAYS},
            tuple(overdue),
            tuple(LenderLine(loan, loan.state(end)) for loan in lent if loan.kind == "borrowing"),
            tuple(m for m in loans.moratoria if m.start <= end and m.end >= books.period.start),
            {
                loan.party: fund.members[loan.party].name
                for loan, _ in overdue
                if loan.party in fund.members
            },
        )

    return build
