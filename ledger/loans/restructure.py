"""Restructuring one loan (ปรับโครงสร้างหนี้): a dated, approved change of a loan's terms.

    2025-06-01 custom "loan-restructure" "L0012"
      installments: 24                  ; the new number of instalments
      rate: 6                           ; % a year; the loan's own rate unless given
      grace-months: 2                   ; interest only for the first months (0 unless given)
      overdue-interest: "capitalise"    ; capitalise | waive
      late-charges: "waive"             ; capitalise | waive (waive unless given)
      approved: "มติคณะกรรมการ ครั้งที่ 5/2568"

The restructuring takes effect at the end of its day. What was owed up to that day stays as
it was (the schedule, the repayments, the arrears of every day before it). From the next
day the loan follows the new terms: the principal outstanding at the end of the day is
repaid over ``installments`` equal declining-balance instalments (the loan's ``every``
months apart), the first ``every`` months after the grace period, preceded by one
interest-only instalment every ``every`` months of the grace period.

Interest and late charges still unpaid at the restructuring are not owed under the new
terms:

- ``capitalise``: they are added to the principal by a transaction of the same day with the
  same ``loan:`` that debits the loan account and credits the interest income (the late
  charges: the fines income) — kongtun reads it like a repayment paid by lending more, so the
  new schedule repays it;
- ``waive``: they are forgiven, and nothing is recorded for them.

``overdue-interest`` says which for the interest, ``late-charges`` for the late charges (the
fine per overdue instalment and the default interest the rules allow that day, less what was
already charged: :func:`kongtun.ledger.loans.settle.late_charges`); late charges are waived
unless ``late-charges: "capitalise"`` is given. ``loan-restructure-capitalised`` reports a
capitalised interest that is not the interest unpaid on the day,
``loan-restructure-late-charges`` capitalised late charges that are not those owed on the day
(nothing, when waived); :class:`Settlement` is what a restructuring capitalised and waived.

The rules in force on the day bound the new terms: ``loan-rate-max`` and the law's 15 % a
year (``loan-restructure-rate-over``), ``restructure-max-months`` for the months from the
restructuring to the last new instalment (``loan-restructure-term-over``); a restructuring
needs ``approved:`` (``loan-restructure-not-approved``). A restructuring of the fund's own
borrowing (``Liabilities:Loans:<lender>``) is the lender's: only its approval, the law's 15 %
and the interest capitalised are checked.
``restructured-at-risk-months`` counts a restructured loan in the portfolio at risk (every
PAR band) for that many months after it, however it is paid.

The directive is read by :func:`kongtun.ledger.loans.reader.parse_restructurings`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final, Literal

from kongtun.ledger.i18n import N_
from kongtun.ledger.loans.schedule import (
    ZERO,
    Installment,
    Schedule,
    Terms,
    add_months,
    build_schedule,
    satang,
)
from kongtun.ledger.record import record

Overdue = Literal["capitalise", "waive"]
OVERDUE: Final[tuple[Overdue, ...]] = ("capitalise", "waive")
DIRECTIVE: Final = "loan-restructure"
#: the keys a restructuring must carry (``approved`` has a rule of its own)
REQUIRED_KEYS: Final = ("installments", "overdue-interest")
#: the keys a restructuring may leave out
OPTIONAL_KEYS: Final = ("rate", "grace-months", "late-charges")
EXAMPLES: Final[dict[str, str]] = {
    "loan": 'custom "loan-restructure" "L0012"',
    "installments": "installments: 24",
    "rate": "rate: 6",
    "grace-months": "grace-months: 2",
    "overdue-interest": 'overdue-interest: "capitalise"',
    "late-charges": 'late-charges: "capitalise"',
}
EXPECTED: Final[dict[str, str]] = {
    "loan": N_("the id of a loan disbursed before that day and not repaid by it"),
    "installments": N_("a whole number of instalments, from 1 to 600"),
    "rate": N_("the interest rate in percent a year, as a plain number (12 for 1 % a month)"),
    "grace-months": N_("a whole number of months, from 0 to 60, a multiple of the loan's every"),
    "overdue-interest": N_("capitalise or waive"),
    "late-charges": N_("capitalise or waive"),
}


@record
class Restructuring:
    """One ``custom "loan-restructure"`` directive, read."""

    loan: str
    day: datetime.date
    installments: int
    #: % a year; None: the loan's own rate
    rate: Decimal | None
    grace_months: int
    overdue: Overdue
    approved: str
    meta: Mapping[str, Any]
    #: the last day a loan restructured this day counts as at risk (None: not at all)
    at_risk_until: datetime.date | None = None
    #: what is done with the late charges owed that day
    late_charges: Overdue = "waive"

    def months(self, every: int) -> int:
        """Months from the restructuring to the last new instalment."""
        return self.grace_months + self.installments * every


def _whole(value: object, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        return None
    if value != value.to_integral_value() or not low <= value <= high:
        return None
    return int(value)


def read_key(key: str, value: object, every: int = 1) -> object:
    """The value of ``key`` read from its metadata, or None when it does not read."""
    if key == "installments":
        return _whole(value, 1, 600)
    if key == "grace-months":
        months = _whole(value, 0, 60)
        return months if months is not None and months % every == 0 else None
    if key == "rate":
        ok = isinstance(value, Decimal) and not isinstance(value, bool) and value >= 0
        return value if ok else None
    if key in ("overdue-interest", "late-charges"):
        return value if value in OVERDUE else None
    return None


@record
class Settlement:
    """What a restructuring did with the interest and the late charges unpaid on its day
    (:func:`kongtun.ledger.loans.settle.settlement`)."""

    #: interest due and unpaid that day, and the interest capitalised
    interest_unpaid: Decimal
    interest_capitalised: Decimal
    #: late charges owed that day (what the rules allow less what was charged), capitalised
    charges_owed: Decimal
    charges_capitalised: Decimal
    #: what the late charges owed are made of: the overdue instalments, the fine for each,
    #: the default interest on the overdue principal, and what was already charged
    overdue_installments: int = 0
    fine: Decimal = ZERO
    late_interest: Decimal = ZERO
    charged_before: Decimal = ZERO

    @property
    def interest_waived(self) -> Decimal:
        return max(self.interest_unpaid - self.interest_capitalised, ZERO)

    @property
    def charges_waived(self) -> Decimal:
        return max(self.charges_owed - self.charges_capitalised, ZERO)


def new_terms(terms: Terms, restructuring: Restructuring, balance: Decimal) -> Terms:
    """The terms from ``restructuring``'s day: ``balance`` over the new instalments."""
    first = add_months(restructuring.day, restructuring.grace_months + terms.every)
    rate = terms.rate if restructuring.rate is None else restructuring.rate
    return Terms(balance, rate, "declining", restructuring.installments, first, terms.every)


def restructured_schedule(terms: Terms, restructuring: Restructuring, balance: Decimal) -> Schedule:
    """The instalments after ``restructuring``: interest only through the grace period, then
    the declining schedule of ``balance`` (:func:`new_terms`)."""
    after = new_terms(terms, restructuring, balance)
    rows: list[Installment] = []
    for months in range(terms.every, restructuring.grace_months + 1, terms.every):
        interest = satang(balance * after.period_rate)
        rows.append(Installment(0, add_months(restructuring.day, months), ZERO, interest, balance))
    rows.extend(build_schedule(after))
    return tuple(
        Installment(number, row.due, row.principal, row.interest, row.balance)
        for number, row in enumerate(rows, start=1)
    )
