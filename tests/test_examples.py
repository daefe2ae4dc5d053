"""The hand-written examples in examples/ are clean and show what the docs say they show."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from beancount import loader

from kongtun.ledger.books.arrears import savings_arrears
from kongtun.ledger.books.fund import read_fund

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.beancount"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_example_is_clean(path: Path) -> None:
    _, errors, _ = loader.load_file(str(path))
    assert errors == []


def test_savings_group_example() -> None:
    entries, _, options = loader.load_file(str(EXAMPLES[-1].parent / "savings-group.beancount"))
    fund, _ = read_fund(entries, options)
    assert sorted(fund.members) == ["M0001", "M0002", "M0003", "M0004"]
    assert fund.members["M0003"].exited == datetime.date(2024, 2, 29)
    assert fund.claim("Liabilities:Savings:M0001") == 300
    assert [
        (a.member, a.month.month) for a in savings_arrears(fund, datetime.date(2024, 3, 31))
    ] == [("M0002", 2)]
