"""Problems as data: what the model finds wrong in the books, before anyone words it.

A :class:`Problem` is a rule id (stable, documented in docs/rules.md), where it is (the
entry's file and line), the typed values the message needs (amounts, dates, ids) and the
entry. The model returns problems and never takes a language; words are made at the edge by
:func:`kongtun.ledger.messages.render_problem`, in Thai or English.

Parameters that are themselves words are typed too: :class:`Msg` (a catalog msgid) and
:class:`Phrase` (a template with its own parameters), so they are translated with the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any, NamedTuple

from kongtun.ledger.record import record


class Problem(NamedTuple):
    """A breach of a kongtun rule, as data."""

    rule: str
    source: Mapping[str, Any]
    params: Mapping[str, object]
    entry: Any = None


class Msg(str):
    """A message parameter that is itself text to translate (a catalog msgid)."""

    __slots__ = ()


@record
class Phrase:
    """A message parameter that is a translatable template with its own parameters.

    ``Phrase(N_("{units} × {rate}"), {"units": 3, "rate": Amount(...)})`` is worded in the
    reader's language like a whole message is; a list of phrases is joined with ", ".
    """

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)


def phrase(msgid: str, **params: object) -> Phrase:
    """A :class:`Phrase` from keyword parameters."""
    return Phrase(msgid, params)


def source_of(meta: Mapping[str, Any] | None) -> dict[str, Any]:
    """The filename/lineno part of an entry's metadata (the problem's source)."""
    if not meta:
        return {"filename": "<kongtun>", "lineno": 0}
    return {"filename": meta.get("filename", "<kongtun>"), "lineno": meta.get("lineno", 0)}


def problem(
    rule: str, meta: Mapping[str, Any] | None, entry: Any = None, **params: object
) -> Problem:
    """The problem ``rule`` at ``meta``'s file and line."""
    return Problem(rule, source_of(meta), params, entry)


def where(meta: Mapping[str, Any] | None) -> str:
    """``file:line`` of an entry, for messages that point at another entry."""
    source = source_of(meta)
    return f"{source['filename']}:{source['lineno']}"
