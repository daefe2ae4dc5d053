"""The statement's passbook (สมุดบัญชี): each account, each loan, a running balance that ends
at the statement's closing balance — a hand-checked month, every member of every demo fund's
month, and Hypothesis over any postings."""

from __future__ import annotations

import datetime
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount import loader
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kongtun.generators.demo import demo_books
from kongtun.ledger.books.months import book_months
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.reports.statements import Passbook, Statement, statement, statements
from kongtun.templates.render import Format, render_fragment
from kongtun.tests.ledger.test_statements import lives, postings, render

D = Decimal
MARCH = datetime.date(2024, 3, 1)


def test_a_month_as_a_passbook(load_doc: Any) -> None:
    """
    option "operating_currency" "THB"
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "savings-group"
      name: "กลุ่มออมทรัพย์บ้านทดสอบ"
    2024-01-01 custom "rules" "r"
      savings-withdrawal-allowed: TRUE
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-05 * "ฝากสัจจะ"
      Assets:Cash                 1000.00 THB
      Liabilities:Savings:M0001  -1000.00 THB
    2024-02-10 * "นางสมศรี ใจดี" "เงินกู้ฉุกเฉิน"
      loan: "L1"
      rate: 12
      method: "declining"
      installments: 10
      first-due: 2024-03-10
      approved: "มติกรรมการ 1/2567"
      Assets:Loans:M0001          1000.00 THB
      Assets:Cash                -1000.00 THB
    2024-03-05 * "ฝากสัจจะ"
      Assets:Cash                  200.00 THB
      Liabilities:Savings:M0001   -200.00 THB
    2024-03-10 * "นางสมศรี ใจดี" "ชำระงวดที่ 1"
      loan: "L1"
      Assets:Cash                  110.00 THB
      Assets:Loans:M0001          -100.00 THB
      Income:Interest:Loans        -10.00 THB
    2024-03-20 * "ถอนสัจจะ"
      Assets:Cash                 -50.00 THB
      Liabilities:Savings:M0001    50.00 THB
    """
    entries, errors, options = load_doc
    assert errors == []
    model = loaded_books(entries, options)
    books = read_month(entries, model, MARCH)
    s = statement(model.fund, books, model.fund.members["M0001"])
    savings, loan = s.passbooks
    assert (savings.kind, savings.loan, savings.opening, savings.closing) == (
        "savings",
        "",
        D("1000.00"),
        D("1150.00"),
    )
    assert [
        (x.date.day, x.description, x.increase, x.decrease, x.balance) for x in savings.lines
    ] == [
        (5, "ฝากสัจจะ", D("200.00"), D(0), D("1200.00")),
        (20, "ถอนสัจจะ", D(0), D("50.00"), D("1150.00")),
    ]
    assert (loan.kind, loan.loan, loan.opening, loan.closing) == (
        "loans",
        "L1",
        D("1000.00"),
        D("900.00"),
    )
    assert [(x.description, x.increase, x.decrease, x.balance) for x in loan.lines] == [
        ("ชำระงวดที่ 1", D(0), D("100.00"), D("900.00"))
    ]
    th = render_fragment("statement", Format("th"), s=s)
    assert "สมุดบัญชี" in th
    assert re.search(r"1 มี\.ค\. 2567</td>\s*<td[^>]*>ยอดยกมา</td>", th)
    assert re.search(r"5 มี\.ค\. 2567</td><td[^>]*>ฝากสัจจะ</td>\s*<td[^>]*>200\.00</td>", th)
    assert re.search(r"ยอดยกไป</td>.*?1,150\.00</td>", th, re.S)
    assert "เงินกู้ L1" in th
    for header in ("ให้กู้", "รับชำระคืน", "ฝาก", "ถอน", "คงเหลือ"):
        assert f">{header}<" in th
    en = render_fragment("statement", Format("en"), s=s)
    for words in ("Passbook", "Brought forward", "Carried forward"):
        assert words in en
    cells = r"<td[^>]*>ถอนสัจจะ</td>\s*<td[^>]*>-</td>\s*<td[^>]*>50\.00</td>\s*<td[^>]*>1,150\.00<"
    assert re.search("2024-03-20</td>" + cells, en)
    for header in ("Lent", "Repaid", "Deposit", "Withdrawal", "Balance"):
        assert f">{header}<" in en


def test_a_loan_lent_in_the_month_starts_from_nothing(load_doc: Any) -> None:
    """
    option "operating_currency" "THB"
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "savings-group"
    2024-01-01 custom "rules" "r"
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-05 * "ฝากสัจจะ"
      Assets:Cash                 1000.00 THB
      Liabilities:Savings:M0001  -1000.00 THB
    2024-02-10 * "นางสมศรี ใจดี" "เงินกู้ฉุกเฉิน"
      loan: "L1"
      rate: 12
      method: "declining"
      installments: 10
      first-due: 2024-03-10
      approved: "มติกรรมการ 1/2567"
      Assets:Loans:M0001          1000.00 THB
      Assets:Cash                -1000.00 THB
    """
    entries, errors, options = load_doc
    assert errors == []
    model = loaded_books(entries, options)
    s = statement(
        model.fund,
        read_month(entries, model, datetime.date(2024, 2, 1)),
        model.fund.members["M0001"],
    )
    loan = s.passbooks[-1]
    assert (loan.loan, loan.opening, loan.closing) == ("L1", D(0), D("1000.00"))
    assert [(x.increase, x.decrease, x.balance) for x in loan.lines] == [
        (D("1000.00"), D(0), D("1000.00"))
    ]


def ends_at_the_closing(s: Statement) -> None:
    """Each passbook's balances run line by line; per account they end at the closing."""
    for book in s.passbooks:
        running = book.opening
        for line in book.lines:
            running += line.increase - line.decrease
            assert line.balance == running
        assert book.closing == running
    for movement in s.month:
        books: list[Passbook] = [b for b in s.passbooks if b.kind == movement.kind]
        assert sum((b.closing for b in books), D(0)) == movement.closing, (s.member.id, movement)
        assert sum((b.opening for b in books), D(0)) == movement.opening


FILES = ("savings-group.beancount", "welfare-fund.beancount", "revolving-fund.beancount")


@pytest.mark.parametrize("name", FILES)
def test_every_member_of_a_demo_month(tmp_path: Path, name: str) -> None:
    """Every member of the demo fund's last month: the passbooks end at the closing balances,
    and each loan's at what the loan model says is outstanding."""
    path = tmp_path / name
    path.write_text(demo_books()[name], encoding="utf-8")
    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    model = loaded_books(entries, options)
    fund = model.fund
    month = book_months(fund, datetime.date(2030, 1, 1)).last
    books = read_month(entries, model, month)
    checked = loans = 0
    for s in statements(fund, books):
        ends_at_the_closing(s)
        checked += 1
        for book in s.passbooks:
            if book.kind == "loans":
                assert book.loan, s.member.id  # every demo loan line names its loan
                loan = next(x for x in books.loans.by_member[s.member.id] if x.id == book.loan)  # type: ignore[union-attr]
                assert book.closing == loan.state(books.period.end).outstanding
                loans += 1
    assert checked > 0
    if "loans" in fund.member_types:
        assert loans > 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=st.lists(postings, max_size=30), lives=lives, month=st.integers(1, 7))
def test_running_balances_add_up(
    history: list[tuple[datetime.date, str, str, Decimal]],
    lives: dict[str, tuple[datetime.date, datetime.date | None]],
    month: int,
) -> None:
    """Any postings (even ones the rules reject, loan postings without a loan): each line's
    balance is the one before plus in minus out, and the passbooks end at the closing."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "books.beancount"
        path.write_text(render(history, lives), encoding="utf-8")
        entries, _, options = loader.load_file(str(path))
    model = loaded_books(entries, options)
    for s in statements(model.fund, read_month(entries, model, datetime.date(2024, month, 1))):
        ends_at_the_closing(s)
