"""Late charges owed, and what a restructuring did with what was unpaid on its day.

**Late charges owed.** kongtun's books are kept on a cash basis: a late charge is income
(``Income:Fines``) when it is charged, with a repayment. What the rules in force allow on a
day for a loan's arrears is the fine per overdue instalment (``fine-late-installment``) plus
default interest on the overdue principal (``late-interest-rate``, :func:`late_charges`);
less what repayments already charged for the same arrears, it is what the member owes in late
charges that day. A moratorium moves every instalment out of its period, so a loan paid up to
its start owes no late charge for the months it pauses.

**A restructuring's settlement.** Interest and late charges unpaid on the day of a
restructuring are not owed under the new terms: they are capitalised (a transaction that day
with the loan's ``loan:``, debiting the loan account, crediting the interest and the fines
income) or waived (:mod:`~kongtun.ledger.loans.restructure`, ``overdue-interest`` and
``late-charges``). :func:`settlement` gives, for one restructuring, what was unpaid and what
was capitalised, interest and late charges apart — what the checks compare and the
statements, ``kongtun loans`` and Fava's loan pages show.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from kongtun.ledger.books.rules import Rules
from kongtun.ledger.loans.book import Loan, LoanState
from kongtun.ledger.loans.restructure import Restructuring, Settlement
from kongtun.ledger.loans.schedule import ZERO


class LateCharge(NamedTuple):
    """The late charge the rules allow on a day, and what it is made of."""

    #: the loan on the day (before the repayment the charge comes with, if any)
    state: LoanState
    #: fine-late-installment and late-interest-rate in force that day
    fine: Decimal
    late_rate: Decimal
    #: charged by earlier repayments for the same arrears
    earlier: Decimal
    allowed: Decimal


def late_charges(loan: Loan, day: datetime.date, rules: Rules, paid: int) -> LateCharge:
    """What the ``rules`` allow as ``loan``'s late charge on ``day``, counting its first
    ``paid`` repayments: the fine per overdue instalment plus default interest on the overdue
    principal, less what those repayments charged for the same arrears."""
    late_rate = rules.number("late-interest-rate") or ZERO
    fine = rules.amount("fine-late-installment")
    fine_number = fine.number if fine is not None and fine.number is not None else ZERO
    state = loan.state(day, late_rate, paid=paid)
    since = day - datetime.timedelta(days=state.days_past_due)
    earlier = sum(
        (
            r.charge
            for r in loan.repayments[:paid]
            if state.overdue_installments and r.date >= since
        ),
        ZERO,
    )
    allowed = max(fine_number * state.overdue_installments + state.late_interest - earlier, ZERO)
    return LateCharge(state, fine_number, late_rate, earlier, allowed)


def late_charges_owed(loan: Loan, day: datetime.date, rules: Rules) -> Decimal:
    """The late charges ``loan`` owes at the end of ``day`` (every repayment of the day
    counted)."""
    paid = sum(1 for r in loan.repayments if r.date <= day)
    return late_charges(loan, day, rules, paid).allowed


def capitalising(before: Loan, day: datetime.date) -> int:
    """The index, among ``before``'s repayments, of the first that capitalises on ``day`` (a
    repayment of the day that lends more: negative principal), or their count if none."""
    return next(
        (i for i, r in enumerate(before.repayments) if r.date == day and r.principal < 0),
        len(before.repayments),
    )


def settlement(before: Loan, restructuring: Restructuring, rules: Rules) -> Settlement:
    """What ``restructuring`` did with the interest and the late charges unpaid on its day:
    ``before`` is the loan's phase that ends with it, ``rules`` those in force that day.
    Unpaid means just before the first capitalising transaction of the day."""
    day = restructuring.day
    first = capitalising(before, day)
    charges = late_charges(before, day, rules, first)
    lent_more = [r for r in before.repayments[first:] if r.date == day and r.principal < 0]
    return Settlement(
        interest_unpaid=charges.state.interest_due,
        interest_capitalised=sum((r.interest for r in lent_more), ZERO),
        charges_owed=charges.allowed,
        charges_capitalised=sum((r.charge for r in lent_more), ZERO),
        overdue_installments=charges.state.overdue_installments,
        fine=charges.fine,
        late_interest=charges.state.late_interest,
        charged_before=charges.earlier,
    )
