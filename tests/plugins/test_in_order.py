"""The plugin hands its entries back in an :class:`~kongtun.plugins.common.InOrder` list, so
that Beancount's sort after the plugin (``loader.run_transformations``: "Don't trust the
plugins themselves") is skipped: it would give the very same list. Held here: a real load is
still in Beancount's order and skips that sort; the list skips one sort by Beancount's key
and nothing else; any change to it first makes it sort again."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from beancount import loader
from beancount.core import data
from hypothesis import given, settings
from hypothesis import strategies as st

from kongtun.generators.scale import PLUGIN_LINE, scale_book
from kongtun.ledger.model import with_new
from kongtun.plugins.common import InOrder
from kongtun.tests.ledger.test_with_new import DRAWN, Drawn, directive

ROOT = Path(__file__).resolve().parents[2]


def made(drawn: list[Drawn], first: int = 0) -> list[data.Directive]:
    return [directive(one, first + number) for number, one in enumerate(drawn)]


def ids(entries: list[data.Directive]) -> list[int]:
    return [id(entry) for entry in entries]


@settings(max_examples=200, deadline=None)
@given(old=st.lists(DRAWN, max_size=30), added=st.lists(DRAWN, max_size=10))
def test_the_skipped_sort_is_the_sort_beancount_would_do(
    old: list[Drawn], added: list[Drawn]
) -> None:
    """What the plugin returns, once Beancount has "sorted" it, is the list a real sort of
    the same directives gives, in the same order."""
    entries = sorted(made(old), key=data.entry_sortkey)
    new = made(added, 100)
    expected = sorted([*entries, *new], key=data.entry_sortkey)
    returned = InOrder(with_new(entries, new))
    returned.sort(key=data.entry_sortkey)  # what loader.run_transformations does next
    assert ids(returned) == ids(expected)


def out_of_order() -> list[data.Directive]:
    """Three directives in the reverse of Beancount's order."""
    return [
        directive(("transaction", 2, 1), 0),
        directive(("open", 1, 1), 1),
        directive(("open", 0, 1), 2),
    ]


def test_only_the_first_sort_by_beancounts_key_is_skipped() -> None:
    """The list keeps its promise once: a list claimed in order (here, wrongly, to see the
    skip) is left as it is by the first sort by ``data.entry_sortkey``, then sorts."""
    entries = out_of_order()
    skipped = InOrder(entries)
    skipped.sort(key=data.entry_sortkey)
    assert ids(skipped) == ids(entries)
    skipped.sort(key=data.entry_sortkey)
    assert ids(skipped) == ids(sorted(entries, key=data.entry_sortkey))


@pytest.mark.parametrize(
    "how",
    [
        {"key": lambda entry: entry.date},
        {"key": data.entry_sortkey, "reverse": True},
    ],
    ids=["another key", "reversed"],
)
def test_any_other_sort_sorts(how: dict[str, Any]) -> None:
    entries = out_of_order()
    listed = InOrder(entries)
    listed.sort(**how)
    assert ids(listed) == ids(sorted(entries, **how))


CHANGES: dict[str, Callable[[InOrder, data.Directive], object]] = {
    "append": lambda listed, extra: listed.append(extra),
    "extend": lambda listed, extra: listed.extend([extra]),
    "insert": lambda listed, extra: listed.insert(0, extra),
    "remove": lambda listed, extra: listed.remove(listed[0]),
    "pop": lambda listed, extra: listed.pop(0),
    "reverse": lambda listed, extra: listed.reverse(),
    "setitem": lambda listed, extra: listed.__setitem__(0, extra),
    "setslice": lambda listed, extra: listed.__setitem__(slice(0, 1), [extra]),
    "delitem": lambda listed, extra: listed.__delitem__(0),
    "iadd": lambda listed, extra: listed.__iadd__([extra]),
    "imul": lambda listed, extra: listed.__imul__(2),
    "clear": lambda listed, extra: listed.clear(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_list_sorts(change: str) -> None:
    """Every way of changing a list in place ends the promise: the next sort sorts."""
    listed = InOrder(out_of_order())
    CHANGES[change](listed, directive(("close", 0, 9), 9))
    before = list(listed)
    listed.sort(key=data.entry_sortkey)
    assert ids(listed) == ids(sorted(before, key=data.entry_sortkey))


def test_pickled_it_is_a_plain_list() -> None:
    """Beancount's load cache pickles the entries: no trace of kongtun's class in them."""
    listed = InOrder(sorted(out_of_order(), key=data.entry_sortkey))
    again = pickle.loads(pickle.dumps(listed))
    assert type(again) is list
    assert again == list(listed)
    assert b"InOrder" not in pickle.dumps(listed)


def key_calls(path: Path) -> tuple[list[Any], int]:
    """A real load of ``path``, and how many times Beancount's sort key was called in it."""
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call" and frame.f_code is data.entry_sortkey.__code__:
            calls += 1

    sys.setprofile(count)
    try:
        entries, errors, _ = loader.load_file(str(path))
    finally:
        sys.setprofile(None)
    assert errors == []
    return entries, calls


def test_a_real_load_skips_the_sort_after_kongtuns_plugin(tmp_path: Path) -> None:
    """A savings group of 40 members written as the benchmark writes them (every account
    opened in the books: kongtun adds nothing) loaded by Beancount with kongtun's plugin and
    without it: the same entries in the same order, and Beancount's sort key called exactly
    as often — not once more for every entry, as Beancount's sort after the plugin would."""
    text = scale_book(40, 1)
    with_plugin = tmp_path / "books.beancount"
    with_plugin.write_text(text, encoding="utf-8")
    bare = tmp_path / "bare.beancount"
    bare.write_text(text.replace(PLUGIN_LINE, "", 1), encoding="utf-8")
    entries, calls = key_calls(with_plugin)
    bare_entries, bare_calls = key_calls(bare)
    assert len(entries) > 500
    assert [(e.date, type(e), e.meta["lineno"]) for e in entries] == [
        (e.date, type(e), e.meta["lineno"] + 1) for e in bare_entries
    ]
    assert calls == bare_calls


def test_the_directives_kongtun_adds_are_in_beancounts_order() -> None:
    """The savings group example opens few accounts itself: kongtun adds the rest, each in
    its place, and the load's entries are in Beancount's order."""
    entries, _ = key_calls(ROOT / "examples" / "savings-group.beancount")
    added = [entry for entry in entries if isinstance(entry, data.Open) and "name" in entry.meta]
    assert len(added) > 10
    assert type(entries) is list  # Beancount's later plugins make lists of their own
    assert ids(entries) == ids(sorted(entries, key=data.entry_sortkey))
