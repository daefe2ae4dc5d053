"""The year ends' figures of one load (``kongtun.ledger.years.figures``): the one walk gives
what the walks it replaces give — the year data of ``read_year_data`` and every account's
balance on each day as ``balances_on`` adds it up, key order included (the trial balance and
the balance sheet list them in that order) — and the store answers each question once."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.cli.load import load_books
from kongtun.ledger.audit import money
from kongtun.ledger.model import loaded_books
from kongtun.ledger.years.figures import (
    YearFigures,
    balances_at,
    first_postings,
    read_year_figures,
)
from kongtun.ledger.years.year_end import YearData, read_year_data

ROOT = Path(__file__).resolve().parent.parent.parent
BOOKS = {
    name: ROOT / "tests" / "data" / f"{name}.beancount"
    for name in ("audit-2567", "year-end-2567", "small-fund")
}
DAYS = st.lists(st.dates(datetime.date(2023, 6, 1), datetime.date(2025, 6, 1)), max_size=5)


@pytest.fixture(scope="module")
def loaded() -> dict[str, tuple[Any, Any]]:
    found = {}
    for name, path in BOOKS.items():
        entries, _, options = load_books(path)
        found[name] = (entries, loaded_books(entries, options))
    return found


def as_lists(balances: dict[datetime.date, Any]) -> dict[datetime.date, list[Any]]:
    return {day: list(found.items()) for day, found in balances.items()}


def same_year_data(one: YearData, other: YearData) -> None:
    assert one == other
    assert {k: v for k, v in one.shares.items() if v} == {
        k: v for k, v in other.shares.items() if v
    }
    assert list(one.recorded) == list(other.recorded)


@settings(max_examples=20, deadline=None)
@given(name=st.sampled_from(sorted(BOOKS)), days=DAYS)
@example(name="audit-2567", days=[datetime.date(2023, 12, 31), datetime.date(2024, 12, 31)])
@example(name="year-end-2567", days=[datetime.date(2024, 12, 31), datetime.date(2024, 12, 31)])
def test_one_walk_gives_the_year_data_and_each_days_balances(
    loaded: dict[str, tuple[Any, Any]], name: str, days: list[datetime.date]
) -> None:
    entries, books = loaded[name]
    currency = books.fund.currency
    found, at, first = read_year_figures(entries, currency, days)
    same_year_data(found, read_year_data(entries, currency))
    assert first == first_postings(entries)
    walks = {day: money.balances_on(entries, day, currency) for day in days}
    assert as_lists(at) == as_lists(walks)
    assert as_lists(balances_at(entries, currency, days)) == as_lists(walks)


def test_the_store_answers_each_question_once(loaded: dict[str, tuple[Any, Any]]) -> None:
    entries, books = loaded["audit-2567"]
    figures = YearFigures(books, entries)
    closing = figures.year_end(2567)
    assert figures.year_end(2024) is closing, "either era, one year end"
    start, end = closing.start, closing.end
    before, on = figures.balances(start, end)
    assert figures.balances(start, end) == (before, on)
    day_before = start - datetime.timedelta(days=1)
    assert list(before.items()) == list(money.balances_on(entries, day_before, "THB").items())
    assert list(on.items()) == list(money.balances_on(entries, end, "THB").items())
    assert figures.data() is figures.data_alone() is figures.data()
    assert figures.first_postings() == first_postings(entries)
    odd = (datetime.date(2024, 3, 5), datetime.date(2024, 8, 9))  # not a fiscal year
    spans = figures.balances(*odd)
    assert figures.balances(*odd) is spans
    assert [list(one.items()) for one in spans] == [
        list(money.balances_on(entries, day, "THB").items())
        for day in (datetime.date(2024, 3, 4), odd[1])
    ]
    assert sum(on.values(), Decimal(0)) == 0


def test_a_statement_reads_the_year_data_alone(loaded: dict[str, tuple[Any, Any]]) -> None:
    entries, books = loaded["year-end-2567"]
    figures = YearFigures(books, entries)
    figures.data_alone()
    assert figures._at is None, "no balance taken"
    closing = figures.year_end(2567)
    before, on = figures.balances(closing.start, closing.end)
    assert list(on.items()) == list(money.balances_on(entries, closing.end, "THB").items())
    assert not before
    assert figures.first_postings() == first_postings(entries), "a walk of its own"
