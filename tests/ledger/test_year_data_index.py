"""The year ends' per-load look-ups (:class:`YearData` ``shares_in`` and ``flows_in``) give
exactly what a scan of the whole lists gives, for any moves and any year, in or out of order."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kongtun.ledger.years.allocation import ZERO
from kongtun.ledger.years.year_end import YearData

DAYS = st.dates(datetime.date(2020, 1, 1), datetime.date(2023, 12, 31))
NUMBERS = st.decimals(-5000, 5000, places=2, allow_nan=False, allow_infinity=False)
SPANS = st.tuples(DAYS, DAYS).map(sorted)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(DAYS, NUMBERS), max_size=40), st.lists(SPANS, min_size=1, max_size=4))
def test_shares_in_is_the_scan(
    moves: list[tuple[datetime.date, Decimal]], spans: list[list[datetime.date]]
) -> None:
    moves.sort(key=lambda move: move[0])  # a member's moves are in date order
    found = YearData()
    found.shares["M0001"] = moves
    for start, end in spans:  # several years asked of the same data: the totals are kept
        opening, inside = found.shares_in("M0001", start, end)
        before = [change for day, change in moves if day < start]
        assert opening == sum(before, ZERO)
        assert str(opening) == str(sum(before, ZERO))  # the same digits, not only the value
        assert inside == [move for move in moves if start <= move[0] <= end]
    assert found.shares_in("M0002", spans[0][0], spans[0][1]) == (ZERO, [])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(DAYS, st.sampled_from(["Income:Fines", "Expenses:Admin"]), NUMBERS), max_size=40
    ),
    st.booleans(),
    st.lists(SPANS, min_size=1, max_size=4),
)
def test_flows_in_is_the_scan(
    flows: list[tuple[datetime.date, str, Decimal]],
    in_order: bool,
    spans: list[list[datetime.date]],
) -> None:
    if in_order:
        flows.sort(key=lambda flow: flow[0])
    found = YearData(flows=flows)
    for start, end in spans:
        assert list(found.flows_in(start, end)) == [f for f in flows if start <= f[0] <= end]
