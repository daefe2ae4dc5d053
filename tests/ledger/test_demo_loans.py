"""The demo books' loans: checked clean, with arrears and portfolio at risk that mean something."""

from __future__ import annotations

import datetime
from pathlib import Path

from kongtun.generators.demo import demo_books
from kongtun.ledger.loans.book import Loans, portfolio
from kongtun.ledger.loans.reader import read_fund_and_loans
from kongtun.ledger.model import loan_problems
from kongtun.tests.conftest import load_text

END = datetime.date(2024, 12, 31)


def demo_loans(tmp_path: Path, name: str) -> Loans:
    entries, errors, options = load_text(tmp_path, demo_books()[name])
    assert errors == []
    fund, _, loans, reader = read_fund_and_loans(entries, options)
    loan_errs = loan_problems(loans, reader, fund)
    assert loan_errs == []
    return loans


def test_savings_group_loans(tmp_path: Path) -> None:
    loans = demo_loans(tmp_path, "savings-group.beancount")
    states = [loan.state(END) for loan in loans.member_loans]
    assert len(states) >= 20
    assert any(
        s.repaid is not None and s.repaid < loan.schedule[-1].due
        for s, loan in zip(states, loans.member_loans, strict=True)
    )
    assert any(s.days_past_due > 90 for s in states)
    assert any(loan.moratoria for loan in loans.member_loans)
    book = portfolio(loans.loans, END)
    assert 0 < book.par(90) < 1


def test_revolving_fund_borrows_and_on_lends(tmp_path: Path) -> None:
    loans = demo_loans(tmp_path, "revolving-fund.beancount")
    (codi,) = loans.borrowings
    assert codi.party == "CODI"
    assert [m.title for m in codi.moratoria] == ["พอช. พักชำระหนี้น้ำท่วม 2567"]
    assert codi.state(END).amount_overdue == 0
    paused = codi.state(datetime.date(2024, 10, 15)).paused_by
    assert paused is not None
    assert all(loan.moratoria for loan in loans.member_loans)
    book = portfolio(loans.loans, END)
    assert book.borrowed["CODI"] > 0
    assert 0 < book.par(30) < 1
    assert sum(loan.principal for loan in loans.member_loans) == codi.principal
