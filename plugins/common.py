"""What kongtun's Beancount plugins share: reading their config, and never raising."""

from __future__ import annotations

import ast
import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Self, SupportsIndex

from beancount.core import data

from kongtun.ledger.books import checks
from kongtun.ledger.i18n import DEFAULT_LANG, Lang, parse_lang
from kongtun.ledger.problems import Problem

if TYPE_CHECKING:
    from kongtun.ledger.messages import FundError


def parse_config(config: str | None) -> tuple[Lang, list[Problem]]:
    """The message language from the plugin's config string (a Python dict literal)."""
    if not config:
        return DEFAULT_LANG, []
    try:
        value = ast.literal_eval(config)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        value = None
    lang = parse_lang(value.get("lang", DEFAULT_LANG)) if isinstance(value, dict) else None
    if lang is None:
        return DEFAULT_LANG, [checks.plugin_config(config)]
    return lang, []


def internal_error(options: Mapping[str, Any], lang: Lang, exc: Exception) -> FundError:
    """The error a plugin returns instead of raising (Beancount would show a traceback)."""
    return worded([checks.internal_error(options, exc)], lang)[0]


def worded(problems: list[Problem], lang: Lang) -> list[FundError]:
    """Beancount errors for ``problems`` in ``lang`` (:func:`kongtun.ledger.messages.to_errors`).
    The catalogue of messages is imported only by a load with a problem to word: a clean load
    does without it (about 4.4 M instructions, docs/performance.md round 10)."""
    if not problems:
        return []
    from kongtun.ledger.messages import to_errors  # noqa: PLC0415 - words at the edge

    return to_errors(problems, lang)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the plugin's pass, then restore it.

    The pass allocates a few hundred thousand small objects (events, standings, problems) on
    top of the loaded entries; each allocation-triggered collection of the oldest generation
    walks the whole heap of entries, which made the plugin's cost per transaction grow with
    the books (welfare fund: 12.8 µs at 98k transactions with it, 7.7 µs paused). The pass
    makes almost no reference cycles, so nothing waits long for the collector: it runs again
    as soon as the pass ends. A collector already disabled by the caller stays disabled.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class InOrder(list[data.Directive]):
    """A plugin's entries, handed back already in Beancount's order (``data.entry_sortkey``).

    Beancount's loader sorts the entries again after every plugin ("Don't trust the plugins
    themselves", ``loader.run_transformations``): ``entries.sort(key=data.entry_sortkey)``, a
    call of that key for every entry (about 2,900 instructions an entry, one twelfth of
    kongtun's whole cost at ~100k transactions: docs/performance.md, round 9). kongtun's
    plugin gets its entries sorted and puts each directive it adds in its place
    (:func:`kongtun.ledger.model.with_new`), so that sort would give the very same list: this
    list skips it once — the first ``sort`` by that key, if nothing changed the list before it.
    Any change (``append``, ``extend``, ``insert``, item assignment or deletion, ``+=``, ...)
    and any other sort make it an ordinary list again; pickled, it is a plain list.
    """

    __slots__ = ("in_order",)

    def __init__(self, entries: Iterable[data.Directive] = ()) -> None:
        super().__init__(entries)
        #: true until the list changes or is sorted once
        self.in_order = True

    def sort(self, *, key: Any = None, reverse: bool = False) -> None:
        if self.in_order and key is data.entry_sortkey and not reverse:
            self.in_order = False
            return
        self.in_order = False
        super().sort(key=key, reverse=reverse)

    def __reduce__(self) -> tuple[type[list[data.Directive]], tuple[list[data.Directive]]]:
        return list, (list(self),)

    # every way to change a list in place ends the promise

    def append(self, entry: data.Directive) -> None:
        self.in_order = False
        super().append(entry)

    def extend(self, entries: Iterable[data.Directive]) -> None:
        self.in_order = False
        super().extend(entries)

    def insert(self, index: SupportsIndex, entry: data.Directive) -> None:
        self.in_order = False
        super().insert(index, entry)

    def remove(self, entry: data.Directive) -> None:
        self.in_order = False
        super().remove(entry)

    def pop(self, index: SupportsIndex = -1) -> data.Directive:
        self.in_order = False
        return super().pop(index)

    def clear(self) -> None:
        self.in_order = False
        super().clear()

    def reverse(self) -> None:
        self.in_order = False
        super().reverse()

    def __setitem__(self, index: Any, value: Any) -> None:
        self.in_order = False
        super().__setitem__(index, value)

    def __delitem__(self, index: Any) -> None:
        self.in_order = False
        super().__delitem__(index)

    def __iadd__(self, entries: Iterable[data.Directive]) -> Self:  # type: ignore[override,misc]
        self.in_order = False
        super().__iadd__(entries)
        return self

    def __imul__(self, times: SupportsIndex) -> Self:
        self.in_order = False
        super().__imul__(times)
        return self
