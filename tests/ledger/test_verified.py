"""The load caches' key walk (ledger/years/verified.py ``closed_prefixes``, docs/closes.md,
docs/year-end.md §6): the prefixes' ends and the records it gives, found by bisection and by
maxima taken in C, are those of the plain walk over every entry it replaced (kept here as the
reference), on any books in date order — several files, entries of no file or without
metadata, padding transactions, lines in any order, cutoffs before, inside and after them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from beancount.core import data
from beancount.core.flags import FLAG_OKAY, FLAG_PADDING
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.years.verified import closed_prefixes, record

FILES = ("/books/a.beancount", "/books/b.beancount")
START = datetime.date(2024, 1, 1)


def plain_walk(
    entries: Sequence[data.Directive], files: Sequence[str], last: datetime.date
) -> tuple[dict[str, int | None], list[str]]:
    """``closed_prefixes`` as it was before round 8: one walk over every entry."""
    closing: dict[str, int] = dict.fromkeys(files, 0)
    later: list[tuple[str, int]] = []
    records: list[str] = []
    for entry in entries:
        meta = entry.meta
        name = meta.get("filename") if meta else None
        if name not in closing or (type(entry) is data.Transaction and entry.flag == FLAG_PADDING):
            if entry.date <= last:
                records.append(record(entry))
            continue
        line = meta["lineno"]
        if entry.date > last:
            later.append((name, line))
        elif line > closing[name]:
            closing[name] = line
    ends: dict[str, int | None] = dict.fromkeys(files)
    for name, line in later:
        end = ends[name]
        if line > closing[name] and (end is None or line < end):
            ends[name] = line
    records.sort()
    return ends, records


def _entry(day: int, where: int, line: int, kind: int) -> data.Directive:
    """One entry ``day`` days after START: in FILES[where] (2: another file, a document's;
    3: empty metadata; 4: none, as a plugin could make), at ``line``; ``kind`` 0 a transaction,
    1 a padding transaction, 2 a note, 3 a custom directive of type "P" (the padding flag where
    a transaction has its flag)."""
    date = START + datetime.timedelta(days=day)
    meta: Any
    if where < len(FILES):
        meta = {"filename": FILES[where], "lineno": line}
    elif where == len(FILES):
        meta = {"filename": "/documents/receipt.pdf", "lineno": 0}
    else:
        meta = {} if where == len(FILES) + 1 else None
    if kind == 2:
        return data.Note(meta, date, "Assets:Cash", f"note {line}", None, None)
    if kind == 3:
        return data.Custom(meta, date, FLAG_PADDING, [])
    flag = FLAG_PADDING if kind == 1 else FLAG_OKAY
    return data.Transaction(meta, date, flag, None, f"t {line}", frozenset(), frozenset(), [])


ENTRIES = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4]),
        st.integers(1, 400),
        st.sampled_from([0, 0, 0, 0, 0, 1, 2, 3]),
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(rows=ENTRIES, cut=st.integers(-2, 62), files=st.integers(0, 2))
@example(rows=[], cut=0, files=1)
@example(rows=[(0, 0, 5, 0), (1, 0, 3, 0), (2, 0, 4, 0)], cut=1, files=1)  # a line back
@example(rows=[(0, 0, 5, 1), (1, 0, 3, 0), (2, 0, 4, 0)], cut=1, files=1)  # padding last
@example(rows=[(0, 4, 1, 0), (1, 0, 3, 0), (2, 0, 4, 0)], cut=1, files=1)  # no metadata
@example(rows=[(0, 0, 5, 3), (1, 0, 3, 0), (2, 0, 4, 0)], cut=1, files=1)  # a custom "P"
@example(rows=[(0, 0, 5, 0), (0, 1, 9, 0), (2, 1, 4, 0)], cut=1, files=2)  # later in b only
def test_closed_prefixes_are_the_plain_walks(
    rows: list[tuple[int, int, int, int]], cut: int, files: int
) -> None:
    entries = sorted((_entry(*row) for row in rows), key=lambda entry: entry.date)
    last = START + datetime.timedelta(days=cut)
    assert closed_prefixes(entries, FILES[:files], last) == plain_walk(entries, FILES[:files], last)
