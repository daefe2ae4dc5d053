"""The loan book on a day: every loan's state, and the fund's portfolio at risk.

A pure function from the model (:mod:`kongtun.ledger.loans.book`) to rows that the command line
(``kongtun loans``) and reports format; it formats nothing itself. :func:`loan_schedule` is one
loan's whole schedule under its moratoria, with what is paid against each instalment
(``kongtun loans LEDGER --loan ID``).

**The day of the figures.** Left out, it is :func:`default_day`: the last day of the month of
the books' last entry — the day the fund report of that month (and Fava's fund page, which
shows the last month) has its loan figures on, so the same loan shows the same figures in
both.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from kongtun.ledger.books.arrears import month_end
from kongtun.ledger.books.fund import Fund
from kongtun.ledger.loans.book import Loan, Loans, LoanState, Portfolio, portfolio
from kongtun.ledger.loans.moratorium import Moratorium
from kongtun.ledger.loans.schedule import ZERO


def default_day(fund: Fund, today: datetime.date) -> datetime.date:
    """The day loan figures are on when none is asked for: the last day of the month of the
    books' last entry (of ``today``'s month for books with no entries)."""
    return month_end(fund.last_date or today)


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
    #: member loans written off (the members still owe them), and what they still owe
    written_off: int = 0
    still_owed: Decimal = ZERO


def loan_book(fund: Fund, loans: Loans, day: datetime.date) -> LoanBook:
    """The loans disbursed on or before ``day`` as they stand that day."""
    late_rate = fund.rules.on(day).number("late-interest-rate") or ZERO
    members: list[LoanStanding] = []
    borrowings: list[LoanStanding] = []
    repaid = written_off = 0
    still_owed = ZERO
    for loan in loans.loans:
        if loan.date > day:
            continue
        state = loan.state(day, late_rate)
        if state.outstanding <= 0 and state.written_off:
            written_off += 1
            still_owed += state.still_owed
            continue
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
        written_off,
        still_owed,
    )


def percent(fraction: Decimal) -> Decimal:
    """A fraction as a percentage to one decimal place."""
    return (fraction * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ScheduleRow:
    """One instalment of a loan's schedule, as the moratoria left it, and what is paid on it."""

    number: int
    due: datetime.date
    #: the due date before a moratorium moved it (None when it did not move)
    was_due: datetime.date | None
    #: interest only, due inside a moratorium (``interest: "accrues"``)
    accrual: bool
    principal: Decimal
    interest: Decimal
    paid_principal: Decimal
    paid_interest: Decimal
    #: paid, part-paid, overdue, due (on the day), to-come, or restructured (left unpaid
    #: when the loan's terms changed: capitalised or waived)
    status: str

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest

    @property
    def paid(self) -> Decimal:
        return self.paid_principal + self.paid_interest


@dataclass(frozen=True)
class LoanSchedule:
    """A loan's whole schedule on ``day``: its instalments, the moratoria that moved them,
    what was paid (principal, interest, late charges) and where it stands."""

    loan: Loan
    name: str
    day: datetime.date
    rows: tuple[ScheduleRow, ...]
    moratoria: tuple[Moratorium, ...]
    paid_principal: Decimal
    paid_interest: Decimal
    paid_charges: Decimal
    state: LoanState
    currency: str = "THB"


def _status(
    due: datetime.date, day: datetime.date, owed: Decimal, paid: Decimal, *, ended: bool
) -> str:
    if paid >= owed:
        return "paid"
    if ended:
        return "restructured"
    if due < day:
        return "overdue"
    if due == day:
        return "due"
    return "part-paid" if paid > 0 else "to-come"


def loan_schedule(fund: Fund, loan: Loan, day: datetime.date) -> LoanSchedule:
    """``loan``'s schedule on ``day``: payments dated on or before it are counted against the
    instalments oldest first (interest against interest, principal against principal); a
    restructured loan's payments against the instalments of the terms they were paid under."""
    # a capitalisation (lending the unpaid interest: negative principal) pays nothing
    counted = [r for r in loan.repayments if r.date <= day and r.principal >= 0]
    paid_principal = sum((r.principal for r in counted), ZERO)
    paid_interest = sum((r.interest for r in counted), ZERO)
    originals = iter(loan.original)
    rows: list[ScheduleRow] = []
    for index, (segment, repayments, ended) in enumerate(loan.stretches(day)):
        paid_here = [r for r in repayments if r.date <= day and r.principal >= 0]
        left_principal = sum((r.principal for r in paid_here), ZERO)
        left_interest = sum((r.interest for r in paid_here), ZERO)
        for row in segment:
            # a moratorium adds interest-only rows; the others keep the order of the original
            accrual = (
                index == 0 and bool(loan.moratoria) and row.principal == 0 and row.interest > 0
            )
            was = None if accrual or index else next(originals, None)
            on_principal = max(min(row.principal, left_principal), ZERO)
            on_interest = max(min(row.interest, left_interest), ZERO)
            left_principal -= on_principal
            left_interest -= on_interest
            rows.append(
                ScheduleRow(
                    len(rows) + 1,
                    row.due,
                    was.due if was is not None and was.due != row.due else None,
                    accrual,
                    row.principal,
                    row.interest,
                    on_principal,
                    on_interest,
                    _status(
                        row.due,
                        day,
                        row.amount,
                        on_principal + on_interest,
                        ended=ended is not None,
                    ),
                )
            )
    member = fund.members.get(loan.party)
    late_rate = fund.rules.on(day).number("late-interest-rate") or ZERO
    return LoanSchedule(
        loan,
        member.name if member is not None else loan.party,
        day,
        tuple(rows),
        loan.moratoria,
        paid_principal,
        paid_interest,
        sum((r.charge for r in counted), ZERO),
        loan.state(day, late_rate),
        fund.currency,
    )
