"""The loan model: moratoria on schedules, arrears, portfolio at risk, allocation.

Ledgers are loaded through the real Beancount loader; Hypothesis writes the repayments.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from types import MappingProxyType

from beancount import loader
from hypothesis import given, settings
from hypothesis import strategies as st

from kongtun.ledger.loans.book import (
    Loans,
    Repayment,
    allocate,
    portfolio,
)
from kongtun.ledger.loans.checks import interest_due_before
from kongtun.ledger.loans.moratorium import Moratorium, apply_moratorium
from kongtun.ledger.loans.reader import read_fund_and_loans
from kongtun.ledger.loans.schedule import Terms, add_months, build_schedule
from kongtun.tests.conftest import load_text
from kongtun.tests.ledger.test_loan_walks import member_loan

D = Decimal
DAY = datetime.date


def flood(defer: str = "principal-and-interest", interest: str = "waived") -> Moratorium:
    return Moratorium(
        "น้ำท่วม 2567",
        DAY(2024, 9, 20),
        DAY(2024, 9, 1),
        DAY(2024, 11, 30),
        "all",
        (),
        defer,  # type: ignore[arg-type]
        interest,  # type: ignore[arg-type]
        "มติคณะกรรมการ พอช. ครั้งที่ 10/2567",
        MappingProxyType({}),
    )


TERMS = Terms(D(10000), D(12), "declining", 12, DAY(2024, 5, 15))


def test_three_month_moratorium_shifts_every_later_instalment() -> None:
    original = build_schedule(TERMS)
    moved = apply_moratorium(original, TERMS, flood())
    assert flood().months == 3
    assert len(moved) == 12
    for before, after in zip(original, moved, strict=True):
        if before.due < DAY(2024, 9, 1):
            assert after == before
        else:
            assert after.due == add_months(before.due, 3)
            assert (after.principal, after.interest) == (before.principal, before.interest)
    assert [row.due.isoformat() for row in moved[4:7]] == [
        "2024-12-15",
        "2025-01-15",
        "2025-02-15",
    ]
    assert not [row for row in moved if DAY(2024, 9, 1) <= row.due <= DAY(2024, 11, 30)]


def test_deferred_interest_is_paid_after_the_period() -> None:
    original = build_schedule(TERMS)
    moved = apply_moratorium(original, TERMS, flood(interest="deferred"))
    balance = original[3].balance  # after the August instalment
    assert moved[4].interest == original[4].interest + (balance * 3 / 100).quantize(D("0.01"))


def test_principal_only_moratorium_keeps_interest_due() -> None:
    original = build_schedule(TERMS)
    moved = apply_moratorium(original, TERMS, flood("principal", "accrues"))
    inside = [row for row in moved if DAY(2024, 9, 1) <= row.due <= DAY(2024, 11, 30)]
    balance = original[3].balance
    assert [(row.due.isoformat(), row.principal, row.interest) for row in inside] == [
        ("2024-09-15", D(0), (balance / 100).quantize(D("0.01"))),
        ("2024-10-15", D(0), (balance / 100).quantize(D("0.01"))),
        ("2024-11-15", D(0), (balance / 100).quantize(D("0.01"))),
    ]
    assert len(moved) == 15
    assert sum(row.principal for row in moved) == D(10000)


def test_allocation_order() -> None:
    assert allocate(D(100), D(20), D(50), D(1000)) == (D(20), D(50), D(30), D(0))
    assert allocate(D(10), D(20), D(50), D(1000)) == (D(10), D(0), D(0), D(0))
    assert allocate(D(2000), D(0), D(50), D(1000)) == (D(0), D(50), D(1000), D(950))


HEAD = """
plugin "kongtun.plugins.fund" "{'lang': 'en'}"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "r"
  fine-late-installment: 20 THB
  late-interest-rate: 5
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
  village: "หมู่ 2"
2024-01-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
  village: "หมู่ 3"
"""


def loan_text(loan: str, member: str, day: DAY, terms: Terms) -> str:
    return (
        f'{day} * "loan"\n  loan: "{loan}"\n  rate: {terms.rate}\n  method: "{terms.method}"\n'
        f"  installments: {terms.installments}\n  first-due: {terms.first_due}\n"
        f'  approved: "มติ 1/2567"\n'
        f"  Assets:Loans:{member}  {terms.principal} THB\n  Assets:Bank  -{terms.principal} THB\n"
    )


def repay_text(loan: str, member: str, day: DAY, principal: Decimal, interest: Decimal) -> str:
    lines = [f'{day} * "repay"', f'  loan: "{loan}"', f"  Assets:Cash  {principal + interest} THB"]
    if principal:
        lines.append(f"  Assets:Loans:{member}  -{principal} THB")
    if interest:
        lines.append(f"  Income:Interest:Loans  -{interest} THB")
    return "\n".join(lines) + "\n"


def load_loans(folder: Path, text: str) -> tuple[Loans, list[str]]:
    entries, errors, options = load_text(folder, HEAD + text)
    _, _, loans, _ = read_fund_and_loans(entries, options)
    return loans, [
        error.render("en") if hasattr(error, "render") else str(error.message) for error in errors
    ]


def test_arrears_and_portfolio_at_risk(tmp_path: Path) -> None:
    first = Terms(D(10000), D(12), "declining", 12, DAY(2024, 2, 15))
    second = Terms(D(5000), D(12), "declining", 10, DAY(2024, 2, 15))
    text = loan_text("L1", "M0001", DAY(2024, 1, 15), first)
    text += loan_text("L2", "M0002", DAY(2024, 1, 15), second)
    text += repay_text("L1", "M0001", DAY(2024, 2, 15), D("788.49"), D("100.00"))
    loans, errors = load_loans(tmp_path, text)
    assert errors == []
    l1, l2 = loans.by_id()["L1"], loans.by_id()["L2"]
    state = l1.state(DAY(2024, 4, 16), D(5))
    assert state.outstanding == D("9211.51")
    assert state.days_past_due == 32
    assert state.overdue_installments == 2
    assert state.principal_overdue == l1.schedule[1].principal + l1.schedule[2].principal
    assert state.interest_overdue == l1.schedule[1].interest + l1.schedule[2].interest
    assert state.paused_by is None
    on_due_day = l1.state(DAY(2024, 3, 15))
    assert on_due_day.overdue_installments == 0
    assert on_due_day.interest_due == l1.schedule[1].interest
    book = portfolio(loans.loans, DAY(2024, 4, 16))
    assert book.loans == 2
    assert book.outstanding == D("14211.51")
    assert l2.state(DAY(2024, 4, 16)).days_past_due == 61
    assert book.at_risk == {30: D("14211.51"), 60: D(5000), 90: 0}
    assert book.par(30) == 1
    assert portfolio(loans.loans, DAY(2024, 2, 16)).at_risk == {30: 0, 60: 0, 90: 0}


def test_moratorium_state_is_visible(tmp_path: Path) -> None:
    terms = Terms(D(3000), D(12), "declining", 6, DAY(2024, 8, 15))
    text = loan_text("L1", "M0001", DAY(2024, 7, 15), terms)
    text += loan_text("L2", "M0002", DAY(2024, 7, 15), terms)
    text += (
        '2024-09-20 custom "moratorium" "น้ำท่วม 2567"\n  start: 2024-09-01\n  end: 2024-11-30\n'
        '  applies-to: "villages หมู่ 2"\n  defer: "principal-and-interest"\n'
        '  interest: "waived"\n  resolution: "มติกรรมการ 9/2567"\n'
    )
    loans, errors = load_loans(tmp_path, text)
    assert errors == []
    l1, l2 = loans.by_id()["L1"], loans.by_id()["L2"]
    paused = l1.state(DAY(2024, 10, 1)).paused_by
    assert paused is not None
    assert (paused.title, paused.resolution) == ("น้ำท่วม 2567", "มติกรรมการ 9/2567")
    assert l2.state(DAY(2024, 10, 1)).paused_by is None
    assert l1.schedule[1].due == DAY(2024, 12, 15)
    assert l1.state(DAY(2024, 11, 30)).overdue_installments == 1  # August, before the pause
    assert l2.state(DAY(2024, 11, 30)).overdue_installments == 4


@settings(max_examples=25, deadline=None)
@given(
    amount=st.decimals(min_value=D(100), max_value=D(200000), places=2),
    rate=st.decimals(min_value=D(0), max_value=D(15), places=1),
    count=st.integers(min_value=1, max_value=24),
    method=st.sampled_from(["declining", "flat"]),
)
def test_paying_the_schedule_leaves_nothing_owed(
    amount: Decimal, rate: Decimal, count: int, method: str
) -> None:
    terms = Terms(amount, rate, "flat" if method == "flat" else "declining", count, DAY(2024, 2, 5))
    text = loan_text("L1", "M0001", DAY(2024, 1, 5), terms)
    for row in build_schedule(terms):
        text += repay_text("L1", "M0001", row.due, row.principal, row.interest)
    with TemporaryDirectory() as folder:
        loans, errors = load_loans(Path(folder), text)
    assert [e for e in errors if not e.startswith("loan-rate-over-law")] == []
    loan = loans.by_id()["L1"]
    end = add_months(terms.first_due, count)
    for day in (terms.first_due, end):
        state = loan.state(day)
        assert state.amount_overdue == 0
        assert state.days_past_due == 0
    assert loan.state(end).outstanding == 0
    assert loan.state(end).repaid == loan.schedule[-1].due


@settings(max_examples=25, deadline=None)
@given(
    start=st.dates(min_value=DAY(2024, 2, 6), max_value=DAY(2025, 1, 5)),
    length=st.integers(min_value=0, max_value=200),
    method=st.sampled_from(["declining", "flat"]),
    offset=st.integers(min_value=0, max_value=200),
    charge=st.decimals(min_value=D("0.01"), max_value=D(500), places=2),
)
def test_a_moratorium_never_makes_anything_overdue_nor_lets_a_charge_pass(
    start: DAY, length: int, method: str, offset: int, charge: Decimal
) -> None:
    end = start + datetime.timedelta(days=length)
    terms = Terms(D(12000), D(12), "flat" if method == "flat" else "declining", 12, DAY(2024, 2, 5))
    schedule = build_schedule(terms)
    text = loan_text("L1", "M0001", DAY(2024, 1, 5), terms)
    for row in schedule:  # paid on time up to the start: no arrears of its own
        if row.due < start:
            text += repay_text("L1", "M0001", row.due, row.principal, row.interest)
    text += (
        f'{start} custom "moratorium" "พัก"\n  start: {start}\n  end: {end}\n'
        '  applies-to: "all"\n  defer: "principal-and-interest"\n  interest: "waived"\n'
        '  resolution: "มติ"\n'
    )
    day = start + datetime.timedelta(days=min(offset, length))
    text += (
        f'{day} * "late charge"\n  loan: "L1"\n  Assets:Cash  {charge} THB\n'
        f"  Income:Fines  -{charge} THB\n"
    )
    with TemporaryDirectory() as folder:
        loans, errors = load_loans(Path(folder), text)
    loan = loans.by_id()["L1"]
    for inside in (start, day, end):
        state = loan.state(inside)
        assert state.amount_overdue == 0
        assert state.paused_by is not None
    rules = [e.split(":")[0] for e in errors if not e.startswith("loan-rate-over-law")]
    assert rules == ["late-charge-in-moratorium"]


def test_revolving_fund_example() -> None:
    """examples/revolving-fund.beancount shows what docs/ledger-language.md says it shows."""
    path = Path(__file__).resolve().parents[2] / "examples" / "revolving-fund.beancount"
    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    _, _, loans, _ = read_fund_and_loans(entries, options)
    (codi,) = loans.borrowings
    october = DAY(2024, 10, 15)
    assert codi.state(october).paused_by is not None
    assert [loan.state(october).amount_overdue for loan in loans.member_loans] == [0, 0]
    late = loans.by_id()["H2567-002"].repayments[1]
    assert late.charge == D("50.67")
    book = portfolio(loans.loans, october)
    assert book.borrowed == {"CODI": D("89267.34")}
    assert book.outstanding == D("88898.89")


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=DAY(2024, 2, 6), max_value=DAY(2025, 1, 5)),
    length=st.integers(min_value=0, max_value=400),
    method=st.sampled_from(["declining", "flat"]),
    interest=st.sampled_from(["waived", "deferred", "accrues"]),
    skipped=st.sets(st.integers(min_value=0, max_value=11)),
)
def test_nothing_new_falls_overdue_inside_a_moratorium(
    start: DAY, length: int, method: str, interest: str, skipped: set[int]
) -> None:
    """Whatever was paid before it, the arrears inside a principal-and-interest moratorium
    are those of its first day: nothing falls due inside it."""
    end = start + datetime.timedelta(days=length)
    terms = Terms(D(12000), D(12), "flat" if method == "flat" else "declining", 12, DAY(2024, 2, 5))
    original = build_schedule(terms)
    pause = Moratorium(
        "พัก",
        start,
        start,
        end,
        "all",
        (),
        "principal-and-interest",
        interest,  # type: ignore[arg-type]
        "มติ",
        MappingProxyType({}),
    )
    schedule = apply_moratorium(original, terms, pause)
    assert sum(row.principal for row in schedule) == terms.principal
    assert not [row for row in schedule if start <= row.due <= end]
    repayments = tuple(
        Repayment(row.due, row.principal, row.interest, D(0), MappingProxyType({}))
        for index, row in enumerate(original)
        if row.due < start and index not in skipped
    )
    loan = replace(member_loan(terms, repayments, original, schedule, (pause,)), approved="มติ")
    first = loan.state(start, D(5))
    for offset in (0, length // 2, length):
        inside = loan.state(start + datetime.timedelta(days=offset), D(5))
        assert inside.amount_overdue == first.amount_overdue
        assert inside.overdue_installments == first.overdue_installments
        assert inside.paused_by is pause


@settings(max_examples=100, deadline=None)
@given(
    payments=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=400),
            st.decimals(min_value=D(0), max_value=D(2000), places=2),
            st.decimals(min_value=D(0), max_value=D(200), places=2),
        ),
        max_size=20,
    )
)
def test_interest_due_walk_agrees_with_the_state(
    payments: list[tuple[int, Decimal, Decimal]],
) -> None:
    """The one-walk interest due used by repayment-order is what Loan.state says."""
    terms = Terms(D(12000), D(12), "declining", 12, DAY(2024, 2, 5))
    schedule = build_schedule(terms)
    repayments = tuple(
        Repayment(
            DAY(2024, 1, 6) + datetime.timedelta(days=day),
            principal,
            interest,
            D(0),
            MappingProxyType({}),
        )
        for day, principal, interest in sorted(payments)
    )
    loan = member_loan(terms, repayments, schedule, schedule)
    walked = list(interest_due_before(loan))
    assert walked == [
        loan.state(r.date, paid=index).interest_due for index, r in enumerate(repayments)
    ]


@settings(max_examples=150, deadline=None)
@given(
    payments=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=500),
            st.decimals(min_value=D(0), max_value=D(3000), places=2),
            st.decimals(min_value=D(0), max_value=D(300), places=2),
        ),
        max_size=15,
    ),
    day=st.integers(min_value=0, max_value=600),
    method=st.sampled_from(["declining", "flat"]),
)
def test_any_history_gives_a_consistent_state(
    payments: list[tuple[int, Decimal, Decimal]], day: int, method: str
) -> None:
    """Whatever was paid and when: the state adds up, and PAR is a share of the portfolio."""
    terms = Terms(D(12000), D(12), "flat" if method == "flat" else "declining", 12, DAY(2024, 2, 5))
    schedule = build_schedule(terms)
    start = DAY(2024, 1, 6)
    repayments = tuple(
        Repayment(start + datetime.timedelta(days=d), p, i, D(0), MappingProxyType({}))
        for d, p, i in sorted(payments)
    )
    loan = member_loan(terms, repayments, schedule, schedule)
    on = start + datetime.timedelta(days=day)
    state = loan.state(on, D(5))
    paid = sum((r.principal for r in repayments if r.date <= on), D(0))
    assert state.outstanding == max(terms.principal - paid, D(0))
    due_before = [row for row in schedule if row.due < on]
    assert 0 <= state.principal_overdue <= sum((row.principal for row in due_before), D(0))
    assert 0 <= state.interest_overdue <= sum((row.interest for row in due_before), D(0))
    assert state.overdue_installments <= len(due_before)
    assert (state.days_past_due > 0) == (state.overdue_installments > 0)
    assert state.late_interest >= 0
    if state.repaid is not None:
        assert state.amount_overdue == 0
    book = portfolio([loan], on)
    assert all(0 <= book.par(days) <= 1 for days in (30, 60, 90))
