"""The loan book on a day: every loan's state, and the fund's portfolio at risk.

A pure function from the model (:mod:`kongtun.ledger.loans.book`) to rows that the command line
(``kongtun loans``) and reports format; it formats nothing itself.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from kongtun.ledger.books.fund import Fund
from kongtun.ledger.loans.book import Loan, Loans, LoanState, Portfolio, portfolio
from kongtun.ledger.loans.schedule import ZERO


@dataclass(frozen=True)
class LoanStanding:
    """Where one loan stands on the day (its borrower's name, its state)."""

    loan: Loan
    name: str
    state: LoanState


@dataclass(frozen=True)
class LoanBook:
    """Open member loans (most days past due first), borrowings, and PAR on ``day``."""

    day: datetime.date
    members: tuple[LoanStanding, ...]
    borrowings: tuple[LoanStanding, ...]
    portfolio: Portfolio
    repaid: int
    currency: str = "THB"


def loan_book(fund: Fund, loans: Loans, day: datetime.date) -> LoanBook:
    """The loans disbursed on or before ``day`` as they stand that day."""
    late_rate = fund.rules.on(day).number("late-interest-rate") or ZERO
    members: list[LoanStanding] = []
    borrowings: list[LoanStanding] = []
    repaid = 0
    for loan in loans.loans:
        if loan.date > day:
            continue
        state = loan.state(day, late_rate)
        if state.outstanding <= 0:
            repaid += 1
            continue
        member = fund.members.get(loan.party)
        line = LoanStanding(loan, member.name if member is not None else loan.party, state)
        (members if loan.kind == "member" else borrowings).append(line)
    members.sort(key=lambda line: (-line.state.days_past_due, line.loan.id))
    return LoanBook(
        day,
        tuple(members),
        tuple(borrowings),
        portfolio(loans.loans, day),
        repaid,
        fund.currency,
    )


def percent(fraction: Decimal) -> Decimal:
    """A fraction as a percentage to one decimal place."""
    return (fraction * 100).quantize(Decimal("0.1"))
