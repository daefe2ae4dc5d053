"""The loan pass's one-walk checks and schedules, held to the plain versions they replace.

``reader._repayment_breaches`` works out each repayment's interest due and the most interest
it may pay in one walk over the schedule and the repayments; the plain version zips the two
walks of :mod:`kongtun.ledger.loans.checks` (``interest_due_before``,
``interest_allowed_before``). Hypothesis writes the histories: payments before, on and after
due dates, negative principal (capitalised on a restructuring's day), write-offs, late charges
under rules with a fine and late interest, and schedules a moratorium moved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from types import MappingProxyType

from beancount.core.amount import Amount
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.books.rules import Rules, RulesBook
from kongtun.ledger.loans import checks
from kongtun.ledger.loans.book import Loan, Repayment
from kongtun.ledger.loans.moratorium import Moratorium, apply_moratorium
from kongtun.ledger.loans.reader import _repayment_breaches
from kongtun.ledger.loans.schedule import ZERO, Installment, Terms, build_schedule
from kongtun.ledger.problems import Problem

D = Decimal
DAY = datetime.date
START = DAY(2024, 1, 6)
RULES = RulesBook(
    (DAY(2024, 1, 1),),
    (
        Rules(
            "r",
            MappingProxyType(
                {"fine-late-installment": Amount(D(20), "THB"), "late-interest-rate": D(5)}
            ),
        ),
    ),
)
FLOOD = Moratorium(
    "flood",
    DAY(2024, 3, 20),
    DAY(2024, 4, 1),
    DAY(2024, 6, 30),
    "all",
    (),
    "principal-and-interest",
    "waived",
    "resolution",
    MappingProxyType({}),
)


def plain_repayment_breaches(
    loan: Loan, book: RulesBook, currency: str, restructured: frozenset[datetime.date]
) -> Iterator[Problem | None]:
    """The walk as it was: the two walks of the checks zipped with the repayments."""
    walk = zip(
        loan.repayments,
        checks.interest_due_before(loan),
        checks.interest_allowed_before(loan),
        strict=True,
    )
    for index, (repayment, due, allowed) in enumerate(walk):
        yield checks.repayment_order(loan, repayment, due, currency)
        yield checks.repayment_interest_over_due(loan, repayment, allowed, currency)
        yield checks.loan_write_off_not_approved(loan, repayment, currency)
        if repayment.charge <= 0 or (repayment.principal < 0 and repayment.date in restructured):
            continue
        allowance = checks.late_charge_allowance(loan, index, book.on(repayment.date))
        yield checks.late_charge_in_moratorium(loan, repayment, allowance, currency)
        yield checks.late_charge_over_rules(loan, repayment, allowance, currency)


money = st.decimals(min_value=D(-500), max_value=D(3000), places=2)
payments = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=500),
        money,
        st.decimals(min_value=D(0), max_value=D(300), places=2)
        | st.just(D(0))
        | st.just(D("-5.00")),  # interest given back
        st.sampled_from([D(0), D(0), D("0.00"), D(25), D("80.50")]),
        st.sampled_from([D(0), D(0), D(0), D(1000)]),
        st.booleans(),
    ),
    max_size=25,
)


def member_loan(
    terms: Terms,
    repayments: tuple[Repayment, ...],
    original: tuple[Installment, ...] | None = None,
    schedule: tuple[Installment, ...] | None = None,
    moratoria: tuple[Moratorium, ...] = (),
) -> Loan:
    """Member M0001's loan L1 of 5 Jan 2024 on ``terms`` (its schedule built from them unless
    given), with ``repayments``."""
    built = build_schedule(terms) if original is None else original
    return Loan(
        "L1",
        "member",
        "M0001",
        "Assets:Loans:M0001",
        DAY(2024, 1, 5),
        terms,
        (),
        "",
        MappingProxyType({}),
        built,
        built if schedule is None else schedule,
        moratoria,
        repayments,
    )


@settings(max_examples=200, deadline=None)
@given(
    paid=payments,
    method=st.sampled_from(["declining", "flat"]),
    count=st.integers(min_value=1, max_value=14),
    every=st.sampled_from([1, 2]),
    paused=st.booleans(),
    restructured=st.sets(st.integers(min_value=0, max_value=500), max_size=3),
)
@example(
    paid=[(40, D(1000), D(100), D(25), D(0), False), (40, D(-500), D(0), D(25), D(0), True)],
    method="declining",
    count=12,
    every=1,
    paused=True,
    restructured={40},
)
@example(  # principal repaid in full, then principal with interest given back: out of order
    paid=[(40, D(12000), D(0), D(0), D(0), False), (50, D(10), D("-5.00"), D(0), D(0), False)],
    method="declining",
    count=12,
    every=1,
    paused=False,
    restructured=set(),
)
def test_one_walk_is_the_two_walks_zipped(  # noqa: PLR0917 - the history
    paid: list[tuple[int, Decimal, Decimal, Decimal, Decimal, bool]],
    method: str,
    count: int,
    every: int,
    paused: bool,
    restructured: set[int],
) -> None:
    """The same problems, in the same order, from the one walk as from the plain version."""
    terms = Terms(
        D(12000), D(12), "flat" if method == "flat" else "declining", count, DAY(2024, 2, 5), every
    )
    original = build_schedule(terms)
    schedule = apply_moratorium(original, terms, FLOOD) if paused else original
    repayments = tuple(
        Repayment(
            START + datetime.timedelta(days=day),
            principal,
            interest,
            charge,
            MappingProxyType({"approved": "yes"} if approved else {}),
            None,
            written_off,
        )
        for day, principal, interest, charge, written_off, approved in sorted(
            paid, key=lambda one: one[0]
        )
    )
    loan = member_loan(terms, repayments, original, schedule, (FLOOD,) if paused else ())
    days = frozenset(START + datetime.timedelta(days=day) for day in restructured)
    found: list[Problem | None] = []
    _repayment_breaches(loan, RULES, "THB", days, found)
    plain = [one for one in plain_repayment_breaches(loan, RULES, "THB", days) if one is not None]
    assert [one for one in found if one is not None] == plain


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.decimals(allow_nan=False, allow_infinity=False, places=2)
        | st.decimals(allow_nan=False, allow_infinity=False)
        | st.sampled_from([D("-0.00"), D("-0"), D("0E+3"), D("1E+2"), D("-5.000")]),
        max_size=6,
    )
)
@example(parts=[D("-0.00")])
@example(parts=[D("1E+2")])
@example(parts=[D(-5), D(5)])
def test_a_sum_from_zero_is_unchanged_by_adding_zero(parts: list[Decimal]) -> None:
    """What lets the reader leave out ``+ ZERO`` (a repayment that writes off or recovers
    nothing): a sum started at ZERO, plus ZERO, is the same number to the digit and the sign."""
    total = ZERO
    for part in parts:
        total += part
    assert (total + ZERO).as_tuple() == total.as_tuple()
    assert (total - total).as_tuple() == (total - (total + ZERO)).as_tuple()


@settings(max_examples=150, deadline=None)
@given(
    paid=payments,
    recovered=st.lists(st.sampled_from([ZERO, D("0.00"), D(0), D("12.50"), D(300)]), max_size=25),
    day=st.integers(min_value=0, max_value=520),
)
def test_a_state_sums_what_the_plain_sums_give(
    paid: list[tuple[int, Decimal, Decimal, Decimal, Decimal, bool]],
    recovered: list[Decimal],
    day: int,
) -> None:
    """``Loan.state`` sums the repayments in one walk, leaving out the ZERO of a repayment
    that writes off or recovers nothing: the same numbers, digit for digit, as ``sum()``."""
    terms = Terms(D(12000), D(12), "declining", 12, DAY(2024, 2, 5))
    repayments = tuple(
        Repayment(
            START + datetime.timedelta(days=when),
            principal,
            interest,
            charge,
            MappingProxyType({}),
            None,
            written_off or ZERO,  # ZERO itself, as a repayment without write-off holds
            recovered[index] if index < len(recovered) else ZERO,
        )
        for index, (when, principal, interest, charge, written_off, _) in enumerate(
            sorted(paid, key=lambda one: one[0])
        )
    )
    loan = member_loan(terms, repayments)
    on = START + datetime.timedelta(days=day)
    counted = [r for r in repayments if r.date <= on]
    state = loan.state(on)
    written_off = sum((r.written_off for r in counted), ZERO)
    outstanding = terms.principal - sum((r.principal for r in counted), ZERO) - written_off
    assert state.written_off.as_tuple() == written_off.as_tuple()
    assert state.recovered.as_tuple() == sum((r.recovered for r in counted), ZERO).as_tuple()
    assert state.outstanding.as_tuple() == max(outstanding, ZERO).as_tuple()
