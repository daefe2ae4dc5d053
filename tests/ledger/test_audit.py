"""The auditor's workpaper against a hand-built ledger with one planted finding per section
(tests/data/audit-2567.beancount): each is found, nothing else is; the thresholds' boundaries;
the sample is the same for the same seed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kongtun.cli.load import load_books
from kongtun.ledger.audit import people
from kongtun.ledger.audit.checks import FINDINGS
from kongtun.ledger.audit.workpaper import Workpaper, sample, workpaper
from kongtun.ledger.messages import render_problem
from kongtun.ledger.model import load_errors, loaded_books

ROOT = Path(__file__).resolve().parent.parent.parent
AUDIT = ROOT / "tests" / "data" / "audit-2567.beancount"
YEAR = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
D = Decimal


def paper_of(path: Path, year: int = 2567, size: int = 0, seed: int = 0) -> Workpaper:
    entries, errors, options = load_books(path)
    books = loaded_books(entries, options)
    return workpaper(
        books, entries, load_errors(errors, options), year, sample_size=size, seed=seed
    )


@pytest.fixture(scope="module")
def paper() -> Workpaper:
    return paper_of(AUDIT)


def test_each_planted_finding_is_found_and_nothing_else(paper: Workpaper) -> None:
    found = [(p.rule, int(p.source["lineno"])) for p in paper.findings()]
    assert found == [
        ("control-differs", 135),  # 250 baht of savings posted to no member
        ("cash-count-missing", 0),  # July has no cash count
        ("bank-recorded-twice", 87),  # the deposit of 4 March written and imported
        ("bank-books-only", 103),  # the bank's fee of April, on no statement line
        ("bank-statement-only", 113),  # the transfer of 2 May went to Assets:Suspense
        ("suspense-held", 0),
        ("loan-to-committee", 68),  # the chair's loan
        ("loan-unapproved", 78),
        ("paid-to-committee", 119),  # the treasurer's travel
        ("expense-round-sum", 110),
        ("expense-large", 126),
        ("number-gap", 39),  # receipt R2567-003 is missing
        ("number-duplicate", 63),  # R2567-005 twice
    ]


def test_the_findings_in_english_and_thai(paper: Workpaper) -> None:
    by_rule = {p.rule: p for p in paper.findings()}
    assert render_problem(by_rule["control-differs"], "en", FINDINGS) == (
        "control-differs: Liabilities:Savings: the members' accounts add up to 40,600.00 THB "
        "but the control account holds 40,850.00 THB on 2024-12-31; 250.00 THB is posted to "
        "no member."
    )
    assert render_problem(by_rule["number-gap"], "en", FINDINGS) == (
        "number-gap: receipt numbers from R2567-001 to R2567-007: 3 not in the books."
    )
    assert render_problem(by_rule["expense-large"], "th", FINDINGS) == (
        "expense-large: Expenses:Repairs: 12,345.50 บาท เมื่อ 2024-09-15 (15 ก.ย. 2567) "
        "เท่ากับหรือมากกว่าเกณฑ์ 10,000.00 บาท"
    )
    assert render_problem(by_rule["cash-count-missing"], "th", FINDINGS) == (
        "cash-count-missing: ไม่มีการตรวจนับเงินสดตั้งแต่ 2024-07-01 (1 ก.ค. 2567) ถึง "
        "2024-07-31 (31 ก.ค. 2567): ไม่มีบรรทัด `balance` ของ Assets:Cash ในเดือนนั้น"
    )


def test_every_finding_has_thai_words() -> None:
    from kongtun.ledger.i18n import catalog  # noqa: PLC0415

    assert [msgid for msgid in FINDINGS.values() if msgid not in catalog("th")] == []


def test_the_trial_balance_ties_to_the_balance_sheet(paper: Workpaper) -> None:
    trial = paper.trial
    assert trial.debits == trial.credits == D("42196.50")
    assert trial.ties == {
        "Assets": (D("25567.00"), D("25567.00")),
        "Liabilities": (D("40850.00"), D("40850.00")),
        "Equity": (D("-15283.00"), D("-15283.00")),
    }
    assert trial.findings == ()
    assert [(c.parent, c.members, c.control) for c in paper.controls] == [
        ("Liabilities:Savings", D("40600.00"), D("40850.00")),
        ("Equity:Shares", D("100.00"), D("100.00")),
        ("Assets:Loans", D("8000.00"), D("8000.00")),
    ]


def test_cash_bank_and_suspense(paper: Workpaper) -> None:
    assert len(paper.cash.counts) == 11
    assert all(count.diff is None for count in paper.cash.counts)
    assert paper.cash.uncounted == (datetime.date(2024, 7, 1),)
    (bank,) = paper.banks
    assert bank.account == "Assets:Bank"
    assert bank.imported == 4
    assert bank.span == (datetime.date(2024, 3, 5), datetime.date(2024, 6, 20))
    assert [(i.date, i.amount) for i in bank.books_only] == [(datetime.date(2024, 4, 10), D(-700))]
    assert [(i.date, i.amount) for i in bank.statement_only] == [
        (datetime.date(2024, 5, 2), D(1234))
    ]
    assert [(a.date, b.date) for a, b in bank.twice] == [
        (datetime.date(2024, 3, 4), datetime.date(2024, 3, 5))
    ]
    assert paper.suspense.balance == D("-1234.00")
    assert [i.text for i in paper.suspense.items] == ["TRANSFER IN 0012345"]


def test_problems_closes_and_confirmations(paper: Workpaper) -> None:
    assert [e.rule for e in paper.errors] == ["loan-not-approved", "closed-period-entry"]
    (close,) = paper.closes
    assert close.date == datetime.date(2024, 1, 31)
    assert close.closed_by == "M0001 M0003"
    assert not close.holds
    assert [(p.rule, p.source["lineno"]) for p in close.problems] == [("closed-period-entry", 169)]
    assert paper.committee == (("M0001", "ประธาน"), ("M0003", "เหรัญญิก"))
    assert [(c.member, c.balances, c.loans) for c in paper.confirmations] == [
        (
            "M0001",
            (("savings", D("15200.00")), ("shares", D(0)), ("loans", D("5000.00"))),
            (("L2567-001", D("5000.00")),),
        ),
        (
            "M0002",
            (("savings", D("15200.00")), ("shares", D("100.00")), ("loans", D("3000.00"))),
            (("L2567-002", D("3000.00")),),
        ),
        ("M0003", (("savings", D("10200.00")), ("shares", D(0)), ("loans", D(0))), ()),
    ]


def test_a_year_before_the_books_has_no_findings() -> None:
    paper = paper_of(AUDIT, 2566)
    assert paper.findings() == ()
    assert paper.confirmations == ()
    assert paper.trial.lines == ()


THRESHOLDS = """
option "operating_currency" "THB"
plugin "kongtun.plugins.fund"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "r"
{rules}
2024-01-01 open Expenses:Office THB
2024-01-02 * "opening"
  Assets:Cash          100000.00 THB
  Equity:Opening
{expenses}
"""


@pytest.mark.parametrize(
    ("rules", "amount", "found"),
    [
        ("", "999.00", []),
        ("", "1000.00", ["expense-round-sum"]),
        ("", "1500.00", []),
        ("", "9999.99", []),
        ("", "10000.00", ["expense-round-sum", "expense-large"]),
        ("", "10000.01", ["expense-large"]),
        ("  audit-large-expense: 5000 THB", "4999.99", []),
        ("  audit-large-expense: 5000 THB", "5000.01", ["expense-large"]),
        ("  audit-round-sum: 500 THB", "1500.00", ["expense-round-sum"]),
        ("  audit-round-sum: 500 THB", "499.00", []),
    ],
)
def test_the_expense_thresholds_and_their_boundaries(
    tmp_path: Path, rules: str, amount: str, found: list[str]
) -> None:
    expense = f'2024-03-01 * "paper"\n  Expenses:Office  {amount} THB\n  Assets:Cash\n'
    books = tmp_path / "books.beancount"
    books.write_text(THRESHOLDS.format(rules=rules, expenses=expense), encoding="utf-8")
    paper = paper_of(books)
    assert paper.errors == ()
    assert [p.rule for p in (*paper.round_sums, *paper.large_expenses)] == found


def test_the_same_seed_draws_the_same_sample() -> None:
    one = paper_of(AUDIT, size=5, seed=42).sample
    two = paper_of(AUDIT, size=5, seed=42).sample
    other = paper_of(AUDIT, size=5, seed=43).sample
    assert one is not None
    assert two is not None
    assert other is not None
    assert one == two
    assert one.items != other.items
    assert one.seed == 42
    assert one.population == 21
    assert [(i.date, i.amount, i.where.rsplit("/", 1)[1]) for i in one.items] == [
        (datetime.date(2024, 1, 3), D("40000.00"), "audit-2567.beancount:33"),
        (datetime.date(2024, 1, 15), D("20000.00"), "audit-2567.beancount:49"),
        (datetime.date(2024, 2, 7), D("100.00"), "audit-2567.beancount:63"),
        (datetime.date(2024, 2, 10), D("5000.00"), "audit-2567.beancount:68"),
        (datetime.date(2024, 11, 10), D("100.00"), "audit-2567.beancount:140"),
    ]


@pytest.fixture(scope="module")
def entries() -> list[object]:
    return list(load_books(AUDIT)[0])


@settings(max_examples=60, deadline=None)
@given(size=st.integers(min_value=0, max_value=30), seed=st.integers(min_value=0, max_value=2**32))
def test_a_sample_is_drawn_again_from_its_seed(entries: list[object], size: int, seed: int) -> None:
    drawn = sample(entries, YEAR, size, seed)  # type: ignore[arg-type]
    assert drawn == sample(entries, YEAR, size, seed)  # type: ignore[arg-type]
    assert len(drawn.items) == min(size, drawn.population)
    assert len({item.where for item in drawn.items}) == len(drawn.items)
    assert list(drawn.items) == sorted(drawn.items, key=lambda item: item.date)


@settings(max_examples=40, deadline=None)
@given(
    start=st.dates(datetime.date(2023, 6, 1), datetime.date(2025, 6, 1)),
    days=st.integers(0, 500),
)
def test_the_years_entries_by_bisection(
    entries: list[object], start: datetime.date, days: int
) -> None:
    """The workpaper's year sections read the year's entries found by bisection: the same
    entries, in the same order, as a scan; books out of date order are scanned."""
    span = (start, start + datetime.timedelta(days=days))
    walked: Any = entries
    scan = [e for e in walked if span[0] <= e.date <= span[1]]
    assert list(people.within(walked, span)) == scan
    shuffled = [*walked[1:], walked[0]]
    assert people.within(shuffled, span) is shuffled
