"""Repayment schedules: equal instalments for declining-balance and flat-rate loans.

A loan's terms are its principal, its rate (% a year), its method, its number of instalments,
the first due date and the months between instalments (``every``, 1 unless given).

- **declining** (ลดต้นลดดอก): interest each period is the period's rate on the principal still
  owed; the instalment is the annuity payment ``P·r / (1 − (1 + r)^−n)`` rounded to the satang
  (half up), so principal is repaid a little faster each time.
- **flat** (ดอกเบี้ยคงที่): interest is the rate on the *original* principal for the whole term,
  ``P·rate·months/12``, rounded to the satang; each instalment is ``(P + interest) / n``.

Every amount is rounded to the satang, half up; the last instalment absorbs what rounding left
over, so the principal of the schedule sums to the loan exactly. The rate for a period of
``every`` months is ``rate / 100 × every / 12`` (not compounded).

:func:`rate_on_balance` measures what a schedule really costs: its internal rate per period,
times the periods in a year (not compounded), in % a year — the measure of the Civil and
Commercial Code's 15 % cap (s. 654). :func:`late_interest` is default interest on an overdue
instalment's principal (s. 224/1: 5 % a year, counted in days over a 365-day year).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from kongtun.ledger.record import record
from kongtun.ledger.thai import SATANG, days_in_month

Method = Literal["declining", "flat"]
METHODS: Final[tuple[Method, ...]] = ("declining", "flat")
ZERO: Final = Decimal(0)
HUNDRED: Final = Decimal(100)
#: The Civil and Commercial Code's cap for ordinary lenders, % a year (s. 654).
LEGAL_RATE_CAP: Final = Decimal(15)
#: Default interest allowed on an overdue instalment's principal, % a year (s. 224, 224/1).
LEGAL_LATE_RATE: Final = Decimal(5)


def satang(number: Decimal) -> Decimal:
    """``number`` rounded to the satang, half up."""
    return number.quantize(SATANG, rounding=ROUND_HALF_UP)


#: every month has this many days at least: a day up to it moves as it is
SHORTEST_MONTH: Final = 28


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` months; the 31st becomes the last day of a shorter month.

    Called for every instalment of every schedule: a day up to the 28th needs no month's
    length (tests/ledger/test_schedule.py holds it to :func:`calendar.monthrange` on any
    day)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if day.day <= SHORTEST_MONTH:
        return datetime.date(year, month + 1, day.day)
    last = days_in_month(year, month + 1)
    return datetime.date(year, month + 1, min(day.day, last))


@record
class Terms:
    """What a loan's disbursement says about how it is repaid."""

    principal: Decimal
    #: % a year
    rate: Decimal
    method: Method
    installments: int
    first_due: datetime.date
    #: months between instalments
    every: int = 1

    @property
    def period_rate(self) -> Decimal:
        """The rate for one period between instalments, as a fraction."""
        return self.rate / HUNDRED * self.every / 12


@record
class Installment:
    """One instalment: when it is due and how it splits into principal and interest."""

    number: int
    due: datetime.date
    principal: Decimal
    interest: Decimal
    #: principal still owed after this instalment is paid
    balance: Decimal

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest


Schedule = tuple[Installment, ...]


def annuity(principal: Decimal, rate: Decimal, periods: int) -> Decimal:
    """The equal instalment repaying ``principal`` at ``rate`` a period, to the satang."""
    if rate == 0:
        return satang(principal / periods)
    return satang(principal * rate / (1 - (1 + rate) ** -periods))


def build_schedule(terms: Terms) -> Schedule:
    """The schedule of ``terms``: its principal sums to the loan's principal exactly.

    The amounts depend on the terms but the first due date: loans of the same principal, rate,
    method, count and spacing share them (:func:`_amounts`, worked out once a process); each
    loan's due dates are its own, worked out once a process for each first due date, count and
    spacing (loans lent on one day fall due on the same days). The instalments are made by
    ``map``, with no Python frame between them."""
    count, every = terms.installments, terms.every
    key = (str(terms.principal), str(terms.rate), terms.method, count, every)
    columns = _AMOUNTS.get(key)
    if columns is None:
        if len(_AMOUNTS) >= AMOUNTS_KEPT:
            _AMOUNTS.clear()
        columns = _AMOUNTS[key] = _columns(_amounts(terms))
    numbers, principals, interests, balances = columns
    return tuple(
        map(
            Installment,
            numbers,
            _due_dates(terms.first_due, count, every),
            principals,
            interests,
            balances,
        )
    )


def _due_dates(first: datetime.date, count: int, every: int) -> tuple[datetime.date, ...]:
    """The due dates of ``count`` instalments ``every`` months apart from ``first``."""
    key = (first, count, every)
    found = _DUES.get(key)
    if found is None:
        if len(_DUES) >= AMOUNTS_KEPT:
            _DUES.clear()
        found = _DUES[key] = tuple(add_months(first, step * every) for step in range(count))
    return found


#: the instalments' numbers, principals, interests and balances after them, one tuple each
Columns = tuple[tuple[int, ...], tuple[Decimal, ...], tuple[Decimal, ...], tuple[Decimal, ...]]


def _columns(rows: tuple[tuple[Decimal, Decimal, Decimal], ...]) -> Columns:
    """``rows`` (each instalment's principal, interest, balance) as columns, numbered from 1."""
    return (
        tuple(range(1, len(rows) + 1)),
        tuple(row[0] for row in rows),
        tuple(row[1] for row in rows),
        tuple(row[2] for row in rows),
    )


#: how many sets of terms' amounts, and of due dates, :func:`build_schedule` keeps (then it
#: starts again)
AMOUNTS_KEPT: Final = 4096
#: (principal and rate as written, method, installments, every) -> the instalments' columns
_AMOUNTS: dict[tuple[str, str, str, int, int], Columns] = {}
#: (first due date, installments, every) -> the due dates
_DUES: dict[tuple[datetime.date, int, int], tuple[datetime.date, ...]] = {}


def _amounts(terms: Terms) -> tuple[tuple[Decimal, Decimal, Decimal], ...]:
    """Each instalment's principal, interest and the balance after it, under ``terms``."""
    count = terms.installments
    rate = terms.period_rate
    balance = terms.principal
    rows: list[tuple[Decimal, Decimal, Decimal]] = []
    if terms.method == "flat":
        total_interest = satang(terms.principal * rate * count)
        principal_part = satang(terms.principal / count)
        interest_part = satang(total_interest / count)
        interest_left = total_interest
        for number in range(1, count + 1):
            last = number == count
            interest = interest_left if last else min(interest_part, interest_left)
            principal = balance if last else min(principal_part, balance)
            interest_left -= interest
            balance -= principal
            rows.append((principal, interest, balance))
        return tuple(rows)
    payment = annuity(terms.principal, rate, count)
    for number in range(1, count + 1):
        interest = satang(balance * rate)
        principal = balance if number == count else min(max(payment - interest, ZERO), balance)
        balance -= principal
        rows.append((principal, interest, balance))
    return tuple(rows)


def rate_on_balance(principal: Decimal, schedule: Schedule, every: int = 1) -> Decimal:
    """What ``schedule`` costs, in % a year on the balance actually outstanding.

    The internal rate of return per period (the rate at which the instalments, discounted
    period by period, repay the principal), times the periods in a year, not compounded;
    rounded to a hundredth of a percent, half up.
    """
    payments = [float(row.amount) for row in schedule]
    target = float(principal)
    if target <= 0 or sum(payments) <= target:
        return ZERO

    def value(rate: float) -> tuple[float, float]:
        """The payments' present value at ``rate`` per period, and its slope."""
        discount, factor, total, slope = 1 / (1 + rate), 1.0, 0.0, 0.0
        for period, pay in enumerate(payments, start=1):
            factor *= discount
            total += pay * factor
            slope -= period * pay * factor * discount
        return total, slope

    # Newton's method kept inside a bracket that always holds the root (bisection when a
    # step would leave it): a few steps reach the root to the float's precision.
    low, high = 0.0, 1.0
    while value(high)[0] > target and high < 1e6:
        high *= 2
    rate = high / 2
    for _ in range(100):
        present, slope = value(rate)
        if present > target:
            low = rate
        else:
            high = rate
        step = rate - (present - target) / slope if slope else (low + high) / 2
        if not low < step < high:
            step = (low + high) / 2
        if step in (rate, low, high) or abs(step - rate) <= 1e-15:
            rate = step
            break
        rate = step
    yearly = Decimal(repr(rate)) * 12 / every * HUNDRED
    return yearly.quantize(SATANG, rounding=ROUND_HALF_UP)


def late_interest(principal: Decimal, rate: Decimal, days: int) -> Decimal:
    """Default interest on ``principal`` overdue ``days`` days at ``rate`` % a year (365 days)."""
    if days <= 0 or principal <= 0:
        return ZERO
    return satang(principal * rate / HUNDRED * days / 365)
