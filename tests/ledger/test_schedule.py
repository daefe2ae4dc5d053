"""Schedules: golden values from the issue, and invariants over any loan (Hypothesis)."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from kongtun.ledger.loans.schedule import (
    ZERO,
    Installment,
    Method,
    Terms,
    add_months,
    annuity,
    build_schedule,
    late_interest,
    rate_on_balance,
    satang,
)

D = Decimal
FIRST = datetime.date(2024, 2, 15)


def terms(method: str = "declining", rate: str = "12", count: int = 12) -> Terms:
    return Terms(D(10000), D(rate), "flat" if method == "flat" else "declining", count, FIRST)


def test_declining_golden() -> None:
    schedule = build_schedule(terms())
    assert [row.amount for row in schedule[:11]] == [D("888.49")] * 11
    assert schedule[-1].amount == D("888.47")
    assert sum(row.principal for row in schedule) == D(10000)
    assert sum(row.interest for row in schedule) == D("661.86")  # about 661.85: satang rounding
    assert schedule[0].interest == D("100.00")
    assert schedule[0].principal == D("788.49")
    assert schedule[-1].balance == 0
    assert [row.due for row in schedule[:3]] == [
        datetime.date(2024, 2, 15),
        datetime.date(2024, 3, 15),
        datetime.date(2024, 4, 15),
    ]
    assert rate_on_balance(D(10000), schedule) == D("12.00")


def test_flat_golden_is_over_the_legal_cap() -> None:
    schedule = build_schedule(terms("flat"))
    assert [row.amount for row in schedule[:11]] == [D("933.33")] * 11
    assert schedule[-1].amount == D("933.37")
    assert sum(row.interest for row in schedule) == D(1200)
    assert sum(row.principal for row in schedule) == D(10000)
    assert rate_on_balance(D(10000), schedule) == D("21.46")


def test_declining_at_one_and_a_quarter_percent_a_month_is_at_the_cap() -> None:
    schedule = build_schedule(terms(rate="15"))
    assert schedule[0].amount == D("902.58")
    assert rate_on_balance(D(10000), schedule) == D("15.00")


def test_every_three_months() -> None:
    quarterly = Terms(D(12000), D(12), "declining", 4, FIRST, every=3)
    schedule = build_schedule(quarterly)
    assert [row.due.isoformat() for row in schedule] == [
        "2024-02-15",
        "2024-05-15",
        "2024-08-15",
        "2024-11-15",
    ]
    assert schedule[0].interest == D("360.00")
    assert rate_on_balance(D(12000), schedule, every=3) == D("12.00")


def test_zero_rate() -> None:
    schedule = build_schedule(Terms(D(1000), D(0), "declining", 3, FIRST))
    assert [row.amount for row in schedule] == [D("333.33"), D("333.33"), D("333.34")]
    assert rate_on_balance(D(1000), schedule) == 0


def test_month_ends() -> None:
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 1, 31), 13) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 11, 5), 2) == datetime.date(2025, 1, 5)


def test_late_interest_golden() -> None:
    assert late_interest(D(1000), D(5), 30) == D("4.11")
    assert late_interest(D(1000), D(5), 0) == 0


amounts = st.decimals(min_value=D("0.01"), max_value=D(5_000_000), places=2)
rates = st.decimals(min_value=D(0), max_value=D(36), places=2)


@given(
    amount=amounts,
    rate=rates,
    count=st.integers(min_value=1, max_value=360),
    method=st.sampled_from(["declining", "flat"]),
    every=st.sampled_from([1, 3, 6, 12]),
)
@example(amount=D("0.05"), rate=D(0), count=10, method="declining", every=1)
@example(amount=D("0.05"), rate=D(0), count=10, method="flat", every=1)
def test_schedule_repays_the_principal_exactly(
    amount: Decimal, rate: Decimal, count: int, method: str, every: int
) -> None:
    loan = Terms(amount, rate, "flat" if method == "flat" else "declining", count, FIRST, every)
    schedule = build_schedule(loan)
    assert len(schedule) == count
    assert sum(row.principal for row in schedule) == amount
    assert all(row.principal >= 0 and row.interest >= 0 for row in schedule)
    assert all(row.principal == row.principal.quantize(D("0.01")) for row in schedule)
    assert schedule[-1].balance == 0
    assert [row.due for row in schedule] == sorted(row.due for row in schedule)


def months_by_calendar(day: datetime.date, months: int) -> datetime.date:
    """``add_months`` as it was before round 8: the month's length from the calendar."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


@given(
    day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2400, 12, 31)),
    months=st.integers(min_value=-240, max_value=600),
)
@example(day=datetime.date(2024, 1, 29), months=1)  # a leap February
@example(day=datetime.date(2100, 1, 29), months=1)  # not a leap year
@example(day=datetime.date(2000, 3, 31), months=-1)
@example(day=datetime.date(2024, 8, 31), months=1)
def test_add_months_is_the_calendars(day: datetime.date, months: int) -> None:
    assert add_months(day, months) == months_by_calendar(day, months)


def schedule_as_computed(terms: Terms) -> tuple[Installment, ...]:
    """``build_schedule`` as it was before round 8: every instalment worked out per loan."""
    count, rate, balance = terms.installments, terms.period_rate, terms.principal
    rows: list[Installment] = []
    total = satang(terms.principal * rate * count)
    part, interest_part, interest_left = (
        satang(terms.principal / count),
        satang(total / count),
        total,
    )
    payment = annuity(terms.principal, rate, count)
    for number in range(1, count + 1):
        due = months_by_calendar(terms.first_due, (number - 1) * terms.every)
        if terms.method == "flat":
            last = number == count
            interest = interest_left if last else min(interest_part, interest_left)
            principal = balance if last else min(part, balance)
            interest_left -= interest
        else:
            interest = satang(balance * rate)
            principal = balance if number == count else min(max(payment - interest, ZERO), balance)
        balance -= principal
        rows.append(Installment(number, due, principal, interest, balance))
    return tuple(rows)


@given(
    amount=st.sampled_from([D(5000), D("5000.00"), D("5E+3"), D("12345.67")]) | amounts,
    rate=st.sampled_from([D(12), D("12.0"), D(0)]) | rates,
    count=st.integers(min_value=1, max_value=60),
    method=st.sampled_from(["declining", "flat"]),
    every=st.sampled_from([1, 3]),
    firsts=st.lists(st.dates(min_value=datetime.date(2020, 1, 1)), min_size=1, max_size=3),
)
@example(amount=D(5000), rate=D(12), count=12, method="flat", every=1, firsts=[FIRST, FIRST])
def test_schedules_sharing_amounts_are_as_computed_per_loan(  # noqa: PLR0917 - the terms
    amount: Decimal, rate: Decimal, count: int, method: str, every: int, firsts: list[datetime.date]
) -> None:
    """Loans of the same terms but their first due date share the amounts; each schedule is
    still the one worked out on its own, to the representation of every amount (5000 and
    5000.00 are equal but written differently)."""
    kind: Method = "flat" if method == "flat" else "declining"
    for first in firsts:
        loan = Terms(amount, rate, kind, count, first, every)
        assert [
            (row, *map(str, (row.principal, row.interest, row.balance)))
            for row in build_schedule(loan)
        ] == [
            (row, *map(str, (row.principal, row.interest, row.balance)))
            for row in schedule_as_computed(loan)
        ]
