"""Loans: to members, and the fund's own borrowings from a lender, with their arrears.

A **disbursement** is a transaction with ``loan:`` metadata and the loan's terms:

    2024-03-15 * "นายสมชาย ใจดี" "เงินกู้สามัญ"
      loan: "L2567-015"
      rate: 12                        ; % a year (1 % a month)
      method: "declining"             ; declining | flat
      installments: 12
      first-due: 2024-04-15           ; then every month (every: 3 for every 3 months)
      guarantors: "M0002 M0011"
      approved: "มติกรรมการ ครั้งที่ 3/2567"
      Assets:Loans:M0007     30000 THB
      Assets:Bank           -30000 THB

A loan to a member debits ``Assets:Loans:<member>``; a **borrowing** credits
``Liabilities:Loans:<lender>`` (``Liabilities:Loans:CODI``) and carries the same terms.
A **repayment** is any later transaction with the same ``loan:`` and no terms. Its postings
say how it splits: the loan account (principal), ``Income:Interest:…`` or
``Expenses:Interest:…`` (interest), ``Income:Fines`` or ``Expenses:Fines`` (late charge).
:func:`allocate` gives the documented order for splitting a payment: late charge, then
interest, then principal.

On any day :meth:`Loan.state` gives the principal outstanding, the interest due, what is
overdue and for how many days, and whether a moratorium pauses the loan; :func:`portfolio`
gives the fund's portfolio at risk (PAR 30 / 60 / 90: the principal outstanding of member
loans more than 30, 60, 90 days past due, over all member loans' principal outstanding; a
loan restructured within ``restructured-at-risk-months`` counts in every band) and the
restructured loans apart. A restructured loan (:mod:`~kongtun.ledger.loans.restructure`)
follows its new terms from the day after the restructuring (:meth:`Loan.phase`).

The entries are read by :mod:`kongtun.ledger.loans.reader`; the rules on loans are checked
by :mod:`kongtun.ledger.loans.checks`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import field
from decimal import Decimal
from typing import Any, Final, Literal

from beancount.core.amount import Amount

from kongtun.ledger.i18n import N_
from kongtun.ledger.loans.moratorium import Moratorium
from kongtun.ledger.loans.restructure import Restructuring, Settlement
from kongtun.ledger.loans.schedule import ZERO, Schedule, Terms, late_interest, satang
from kongtun.ledger.record import record

LoanKind = Literal["member", "borrowing"]
MEMBER_LOANS: Final = "Assets:Loans:"
#: where a write-off is debited: the allowance for doubtful loans, or straight to bad debts
WRITE_OFF_ACCOUNTS: Final = ("Assets:Allowance:Loans", "Expenses:BadDebts")
#: where money recovered on a written-off loan is credited
RECOVERIES: Final = "Income:Recoveries"
#: the allowance for doubtful loans (a contra-asset: its balance is a credit)
ALLOWANCE: Final = "Assets:Allowance:Loans"
#: the metadata of a transaction that sets the allowance
PROVISION_KEY: Final = "provision"
BORROWINGS: Final = "Liabilities:Loans:"
TERM_KEYS: Final = ("rate", "method", "installments", "first-due")
EXAMPLE: Final = (
    'loan: "L1"  rate: 12  method: "declining"  installments: 12  first-due: 2024-04-15'
)
EXAMPLES: Final[dict[str, str]] = {
    "rate": "rate: 12",
    "method": 'method: "declining"',
    "installments": "installments: 12",
    "first-due": "first-due: 2024-04-15",
    "every": "every: 1",
    "guarantors": 'guarantors: "M0002 M0003"',
    "loan": 'loan: "L2567-015"',
    "outside-creditor": 'outside-creditor: "นายทุนนอกระบบ"',
    "outside-rate": "outside-rate: 60",
}
EXPECTED: Final[dict[str, str]] = {
    "rate": N_("the interest rate in percent a year, as a plain number (12 for 1 % a month)"),
    "method": N_("declining or flat"),
    "installments": N_("a whole number of instalments, from 1 to 600"),
    "first-due": N_("a date such as 2024-04-15"),
    "every": N_("a whole number of months between instalments, from 1 to 12"),
    "guarantors": N_("member ids separated by spaces"),
    "loan": N_("a loan id in quotes"),
    "outside-creditor": N_("the name of the outside creditor the loan pays off, in quotes"),
    "outside-rate": N_("the outside creditor's rate in percent a year, as a plain number"),
}
METHOD_LABELS: Final[dict[str, str]] = {
    "declining": N_("declining balance"),
    "flat": N_("flat rate on the original principal"),
}


@record
class Repayment:
    """One payment on a loan (or, for a borrowing, by the fund to its lender)."""

    date: datetime.date
    principal: Decimal
    interest: Decimal
    charge: Decimal
    meta: Mapping[str, Any]
    entry: Any = None
    #: principal written off by this entry (credited to the loan against the allowance or
    #: bad debts), and money recovered on a written-off loan (credited to Income:Recoveries)
    written_off: Decimal = ZERO
    recovered: Decimal = ZERO


@record
class LoanState:
    """A loan on one day."""

    day: datetime.date
    outstanding: Decimal
    #: interest of instalments due on or before the day, not yet paid
    interest_due: Decimal
    principal_overdue: Decimal
    interest_overdue: Decimal
    #: instalments due before the day and not fully paid
    overdue_installments: int
    days_past_due: int
    #: default interest allowed on the overdue principal at ``late_rate`` (% a year)
    late_interest: Decimal
    repaid: datetime.date | None
    paused_by: Moratorium | None
    #: principal written off by the day (the member still owes it) and recovered since
    written_off: Decimal = ZERO
    recovered: Decimal = ZERO

    @property
    def still_owed(self) -> Decimal:
        """What the member still owes: the principal outstanding and that written off, less
        what was recovered."""
        return self.outstanding + self.written_off - self.recovered

    @property
    def amount_overdue(self) -> Decimal:
        return self.principal_overdue + self.interest_overdue


@record
class Loan:
    """A loan and everything the ledger says about it."""

    id: str
    kind: LoanKind
    #: the borrowing member's id, or the lender of a borrowing
    party: str
    account: str
    date: datetime.date
    terms: Terms
    guarantors: tuple[str, ...]
    approved: str
    meta: Mapping[str, Any]
    #: the schedule as disbursed, and as the moratoria covering the loan change it
    original: Schedule
    schedule: Schedule
    moratoria: tuple[Moratorium, ...]
    repayments: tuple[Repayment, ...]
    #: the restructurings of the loan, in date order (:mod:`~kongtun.ledger.loans.restructure`)
    restructurings: tuple[Restructuring, ...] = ()
    #: one loan per stretch of terms when restructured: the loan as disbursed up to the first
    #: restructuring, then from each restructuring the principal outstanding that day with
    #: the new schedule and the repayments after it (empty when never restructured)
    phases: tuple[Loan, ...] = ()
    #: what each restructuring capitalised and waived, one for each of ``restructurings``
    settlements: tuple[Settlement, ...] = ()

    @property
    def principal(self) -> Decimal:
        return self.terms.principal

    def phase(self, day: datetime.date) -> Loan:
        """The stretch of terms ``day`` falls in: the last restructuring before ``day``
        (a restructuring takes effect at the end of its day), the loan itself if none."""
        found = self.phases[0] if self.phases else self
        for stretch, restructuring in zip(self.phases[1:], self.restructurings, strict=True):
            if restructuring.day < day:
                found = stretch
        return found

    def stretches(
        self, day: datetime.date | None = None
    ) -> list[tuple[Schedule, tuple[Repayment, ...], Restructuring | None]]:
        """The loan's schedule as it stands on ``day`` (every restructuring when None), one
        stretch of terms at a time: the instalments due under them, the repayments paid
        under them, and the restructuring that ended them (None for the terms in force)."""
        if not self.phases:
            return [(self.schedule, self.repayments, None)]
        found: list[tuple[Schedule, tuple[Repayment, ...], Restructuring | None]] = []
        for index, phase in enumerate(self.phases):
            ended = self.restructurings[index] if index < len(self.restructurings) else None
            if ended is None or (day is not None and ended.day >= day):
                found.append((phase.schedule, phase.repayments, None))
                break
            rows = tuple(row for row in phase.schedule if row.due <= ended.day)
            found.append((rows, phase.repayments, ended))
        return found

    def restructured_by(self, day: datetime.date) -> Restructuring | None:
        """The last restructuring on or before ``day``, if any."""
        found = None
        for restructuring in self.restructurings:
            if restructuring.day <= day:
                found = restructuring
        return found

    def settled_by(self, restructuring: Restructuring) -> Settlement | None:
        """What ``restructuring`` (one of the loan's) capitalised and waived, if known."""
        for one, settled in zip(self.restructurings, self.settlements, strict=False):
            if one is restructuring:
                return settled
        return None

    @property
    def outside_creditor(self) -> str | None:
        """The outside creditor this loan pays off (household debt relief), if any."""
        value = self.meta.get("outside-creditor")
        return value.strip() if isinstance(value, str) and value.strip() else None

    @property
    def outside_rate(self) -> Decimal | None:
        """The outside creditor's rate, % a year, if given."""
        value = self.meta.get("outside-rate")
        return value if isinstance(value, Decimal) and not isinstance(value, bool) else None

    def paused_by(self, day: datetime.date) -> Moratorium | None:
        """The moratorium pausing the loan on ``day``, if any."""
        for moratorium in self.moratoria:
            if moratorium.covers_day(day):
                return moratorium
        return None

    def state(
        self, day: datetime.date, late_rate: Decimal = ZERO, *, paid: int | None = None
    ) -> LoanState:
        """The loan on ``day``, counting the repayments dated on or before it (or only the
        first ``paid`` repayments); a restructured loan as the terms of its phase give it."""
        if self.phases:
            stretch = self.phase(day)
            if paid is not None:
                ids = {id(r) for r in stretch.repayments}
                paid = sum(1 for r in self.repayments[:paid] if id(r) in ids)
            return stretch.state(day, late_rate, paid=paid)
        counted = (
            self.repayments[:paid]
            if paid is not None
            else [r for r in self.repayments if r.date <= day]
        )
        # The four sums in one walk, each in the repayments' order (as sum() adds them); the
        # ZERO a repayment holds when it writes off or recovers nothing is not added: a sum
        # started at ZERO is the same number, digit for digit, with or without it.
        paid_principal = paid_interest = written_off = recovered = ZERO
        for r in counted:
            paid_principal += r.principal
            paid_interest += r.interest
            if r.written_off is not ZERO:
                written_off += r.written_off
            if r.recovered is not ZERO:
                recovered += r.recovered
        outstanding = self.principal - paid_principal - written_off
        repaid = None
        if outstanding <= 0 and counted:
            repaid = max(r.date for r in counted)
        due_principal = due_interest = ZERO
        overdue = days = 0
        late = ZERO
        principal_overdue = interest_overdue = interest_due = ZERO
        for row in self.schedule:
            if row.due > day or repaid is not None:
                break
            due_principal += row.principal
            due_interest += row.interest
            interest_due = max(due_interest - paid_interest, ZERO)
            if row.due == day:
                continue
            principal_overdue = max(due_principal - paid_principal, ZERO)
            interest_overdue = interest_due
            unpaid_principal = min(row.principal, principal_overdue)
            if unpaid_principal > 0 or interest_overdue > 0:
                overdue += 1
                days = max(days, (day - row.due).days)
                late += late_interest(unpaid_principal, late_rate, (day - row.due).days)
        return LoanState(
            day,
            max(outstanding, ZERO),
            interest_due,
            min(principal_overdue, max(outstanding, ZERO)),  # a write-off is never overdue
            interest_overdue,
            overdue,
            days,
            satang(late),
            repaid,
            self.paused_by(day),
            written_off,
            recovered,
        )


def allocate(
    amount: Decimal, charge: Decimal, interest: Decimal, principal: Decimal
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Split a payment of ``amount`` in kongtun's order: the late charge owed, then the
    interest due, then principal (up to ``principal``). Returns (charge, interest, principal,
    left over)."""
    to_charge = min(amount, charge)
    amount -= to_charge
    to_interest = min(amount, interest)
    amount -= to_interest
    to_principal = min(amount, principal)
    return to_charge, to_interest, to_principal, amount - to_principal


@record
class Portfolio:
    """Member loans on one day: principal outstanding and portfolio at risk."""

    day: datetime.date
    loans: int
    outstanding: Decimal
    #: days -> principal outstanding of loans more than that many days past due
    at_risk: Mapping[int, Decimal]
    #: principal still owed to each lender
    borrowed: Mapping[str, Decimal]
    #: member loans restructured on or before the day, and their principal outstanding
    restructured: int = 0
    restructured_outstanding: Decimal = ZERO
    #: days -> how many member loans count at risk at that age (the loans of ``at_risk``:
    #: more than that many days past due, or held at risk after a restructuring)
    at_risk_loans: Mapping[int, int] = field(default_factory=dict)

    def par(self, days: int) -> Decimal:
        """PAR ``days``, as a fraction of the principal outstanding (0 when none is)."""
        if not self.outstanding:
            return ZERO
        return self.at_risk[days] / self.outstanding


PAR_DAYS: Final = (30, 60, 90)


def portfolio(loans: Sequence[Loan], day: datetime.date) -> Portfolio:
    """The fund's member loans and borrowings on ``day``."""
    outstanding = ZERO
    at_risk = dict.fromkeys(PAR_DAYS, ZERO)
    at_risk_loans = dict.fromkeys(PAR_DAYS, 0)
    borrowed: dict[str, Decimal] = {}
    count = restructured = 0
    restructured_outstanding = ZERO
    for loan in loans:
        if loan.date > day:
            continue
        state = loan.state(day)
        if loan.kind == "borrowing":
            borrowed[loan.party] = borrowed.get(loan.party, ZERO) + state.outstanding
            continue
        if state.outstanding <= 0:
            continue
        count += 1
        outstanding += state.outstanding
        restructuring = loan.restructured_by(day)
        if restructuring is not None:
            restructured += 1
            restructured_outstanding += state.outstanding
        for days in PAR_DAYS:
            if state.days_past_due > days or _held_at_risk(restructuring, day):
                at_risk[days] += state.outstanding
                at_risk_loans[days] += 1
    return Portfolio(
        day,
        count,
        outstanding,
        at_risk,
        borrowed,
        restructured,
        restructured_outstanding,
        at_risk_loans,
    )


def _held_at_risk(restructuring: Restructuring | None, day: datetime.date) -> bool:
    """Whether the rules count a loan restructured by ``restructuring`` at risk on ``day``."""
    if restructuring is None or restructuring.at_risk_until is None:
        return False
    return day <= restructuring.at_risk_until


@record(frozen=False)
class Draft:
    """A loan while the pass reads its entries."""

    id: str
    kind: LoanKind
    party: str
    account: str
    date: datetime.date
    terms: Terms
    guarantors: tuple[str, ...]
    approved: str
    meta: Mapping[str, Any]
    entry: Any
    repayments: list[Repayment] = field(default_factory=list)
    outstanding: Decimal = ZERO
    #: principal written off so far, and recovered since
    written_off: Decimal = ZERO
    recovered: Decimal = ZERO


@record
class Disbursement:
    """A member loan on the day it is disbursed: what the rules on lending are checked against."""

    draft: Draft
    currency: str
    #: the member's savings and shares just before it
    held: Decimal
    #: the member's loans with principal outstanding, this one included
    open_loans: int
    #: the principal the member owes on them
    owed: Decimal

    @property
    def amount(self) -> Amount:
        """The principal lent."""
        return Amount(self.draft.terms.principal, self.currency)


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return None


def loan_id(meta: Mapping[str, Any]) -> str | None:
    """The ``loan:`` of an entry's metadata, as text."""
    return _text(meta.get("loan")) if "loan" in meta else None


def is_disbursement(meta: Mapping[str, Any]) -> bool:
    return not _TERMS.isdisjoint(meta)


_TERMS: Final = frozenset(TERM_KEYS)


@record
class ProvisionEntry:
    """A transaction with ``provision:`` metadata (:mod:`~kongtun.ledger.loans.provision`)."""

    day: datetime.date
    meta: Mapping[str, Any]
    entry: Any


@record
class Loans:
    """Every loan in the ledger, member loans and borrowings, and the moratoria."""

    loans: tuple[Loan, ...]
    moratoria: tuple[Moratorium, ...]
    #: every posting to the allowance for doubtful loans (its day and amount), and the
    #: ``provision:`` entries that set it
    allowance: tuple[tuple[datetime.date, Decimal], ...] = ()
    provisions: tuple[ProvisionEntry, ...] = ()

    @property
    def member_loans(self) -> tuple[Loan, ...]:
        return tuple(loan for loan in self.loans if loan.kind == "member")

    @property
    def borrowings(self) -> tuple[Loan, ...]:
        return tuple(loan for loan in self.loans if loan.kind == "borrowing")

    def by_id(self) -> dict[str, Loan]:
        return {loan.id: loan for loan in self.loans}
