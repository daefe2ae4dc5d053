"""Property: the plugin puts the directives it adds in place by a search from where the one
before went, galloping then bisecting (:func:`kongtun.ledger.model.with_new`), and gets the
list ``sorted()`` gives — the same
directives in the same order, a new one after the entries of the same key — for entries
already sorted as Beancount gives them to a plugin."""

from __future__ import annotations

import datetime

from beancount.core import data
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.model import with_new

D = datetime.date

#: a directive as the strategy draws it: kind, days after the start, line
Drawn = tuple[str, int, int]


def directive(drawn: Drawn, number: int) -> data.Directive:
    """A real directive of ``kind`` (its sort key: date, kind's order, line); ``number`` tells
    apart directives of the same key."""
    kind, days, line = drawn
    meta = data.new_metadata("books.beancount", line, {"n": number})
    day = D(2024, 1, 1) + datetime.timedelta(days=days)
    if kind == "open":
        return data.Open(meta, day, f"Assets:A{number}", [], None)
    if kind == "close":
        return data.Close(meta, day, f"Assets:A{number}")
    return data.Transaction(meta, day, "*", None, "", frozenset(), frozenset(), [])


def drawn(days: int) -> st.SearchStrategy[Drawn]:
    """Directives over ``days`` days after the start, on lines 1 to 6."""
    return st.tuples(
        st.sampled_from(["open", "close", "transaction"]),
        st.integers(min_value=0, max_value=days),
        st.integers(min_value=1, max_value=6),
    )


DRAWN = drawn(5)


@settings(max_examples=200, deadline=None)
@given(old=st.lists(DRAWN, max_size=40), added=st.lists(DRAWN, max_size=12))
@example(old=[("open", 0, 1), ("open", 0, 1)], added=[("open", 0, 1), ("open", 0, 1)])
@example(old=[("transaction", 1, 2)], added=[("close", 1, 2), ("open", 1, 2)])
def test_with_new_is_sorted(old: list[Drawn], added: list[Drawn]) -> None:
    _same_as_sorted(old, added)


def _same_as_sorted(old: list[Drawn], added: list[Drawn]) -> None:
    entries = sorted(
        (directive(drawn, number) for number, drawn in enumerate(old)), key=data.entry_sortkey
    )
    new = [directive(drawn, 100 + number) for number, drawn in enumerate(added)]
    expected = sorted([*entries, *new], key=data.entry_sortkey)
    merged = with_new(list(entries), new)
    assert [id(entry) for entry in merged] == [id(entry) for entry in expected]


WIDE = drawn(400)


@settings(max_examples=100, deadline=None)
@given(old=st.lists(WIDE, max_size=400), added=st.lists(WIDE, max_size=40))
@example(old=[("transaction", day, 1) for day in range(300)], added=[("open", 299, 1)])
@example(old=[("transaction", day, 1) for day in range(300)], added=[("open", 400, 1)])
def test_with_new_is_sorted_far_apart(old: list[Drawn], added: list[Drawn]) -> None:
    """The same over longer books, the new directives far apart or past every entry: the
    search gallops 1, 2, 4, … entries before it bisects."""
    _same_as_sorted(old, added)


def test_nothing_new_is_the_same_list() -> None:
    entries = [directive(("open", 0, 1), 0)]
    assert with_new(entries, []) is entries
