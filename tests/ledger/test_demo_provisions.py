"""The demo savings group sets its allowance for doubtful loans aside at each year end, before
the year end shares the surplus out, and still checks clean."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from kongtun.generators.demo import demo_books
from kongtun.ledger.loans.provision import provision
from kongtun.ledger.model import loaded_books
from kongtun.ledger.years.year_end import read_year_data, year_end
from kongtun.tests.conftest import load_text

D = datetime.date


def test_demo_records_each_year_ends_provision(tmp_path: Path) -> None:
    text = demo_books()["savings-group.beancount"]
    entries, errors, options = load_text(tmp_path, text)
    assert errors == []
    books = loaded_books(entries, options)
    loans = books.loans
    found = {
        year: provision(loans.member_loans, books.fund.rules.on(day), day, loans.allowance)
        for year, day in ((2565, D(2022, 12, 31)), (2566, D(2023, 12, 31)), (2567, D(2024, 12, 31)))
    }
    # no loan is past 30 days at the ends of 2565 and 2566: nothing to set aside
    zero = Decimal(0)
    assert [(f.required, f.recorded) for f in (found[2565], found[2566])] == [(zero, zero)] * 2
    # 2567: one loan 117 days past due with 4,700.00 outstanding, 25 % of it
    (line,) = [line for line in found[2567].lines if line.required]
    assert (line.days_past_due, line.outstanding, line.band, line.rate) == (
        117,
        Decimal(4700),
        90,
        Decimal(25),
    )
    assert (found[2567].required, found[2567].recorded) == (Decimal("1175.00"), Decimal("1175.00"))
    # recorded before the year end closes the year, so the surplus is after it
    provision_at = text.index('"ค่าเผื่อหนี้สงสัยจะสูญ ณ 2024-12-31"')
    assert provision_at < text.index('year-end: "2567"')
    closing = year_end(books, read_year_data(entries, "THB"), 2567)
    assert closing.closing["Expenses:BadDebts"] == Decimal("1475.00")  # 300 written off
    assert closing.surplus == Decimal("4157.04")
    assert closing.allocation.dividend_rate == 2
    assert closing.allocation.short == 0
