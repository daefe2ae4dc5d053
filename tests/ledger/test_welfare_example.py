"""examples/welfare-fund.beancount is clean and shows what docs/ledger-language.md says."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from beancount import loader

from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.reports.welfare import annual_status
from kongtun.ledger.welfare.book import read_welfare

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "welfare-fund.beancount"
D = datetime.date


def test_welfare_example() -> None:
    entries, errors, options = loader.load_file(str(EXAMPLE))
    assert errors == []
    fund, _ = read_fund(entries, options)
    welfare, problems = read_welfare(fund, entries)
    assert problems == []
    status = welfare.status_on
    assert status("W0003", D(2023, 4, 30)).kind == "active"
    assert status("W0003", D(2023, 5, 1)).kind == "arrears"
    assert status("W0003", D(2023, 7, 1)).lapsed == D(2023, 7, 1)
    assert status("W0003", D(2024, 2, 1)).since == D(2024, 2, 1)
    assert status("W0001", D(2024, 6, 11)).kind == "left"
    assert [(r.id, r.eligible, r.amount) for r in welfare.rounds] == [
        ("codi-2567", ("W0002",), Decimal("365.00"))
    ]
    figures = annual_status(welfare, 2024)
    assert (figures.members.founding, figures.members.cumulative, figures.members.current) == (
        3,
        4,
        3,
    )
    assert figures.benefits_year == Decimal("6700.00")
    assert {row.key: row.baht_total for row in figures.benefits_by_kind}["hospital-night"] == 1000
