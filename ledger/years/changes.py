"""What changed in a closed month: the first entry that differs, and how, when it can be told.

A close keeps one short digest per day of its month (and per earlier month it newly covers),
never the entries themselves. When a day's digest no longer matches, this module works on that
day (or month) only: it makes the canonical record of each of its entries (in memory, for the
failing span only) and tries the explanations one edit can give, each checked against the
digest the close kept:

1. an entry **added**: the day without it matches (``closed-period-entry``; when the same
   entry, dated on another changed day of the close, makes that day match too, its **date**
   was changed);
2. one entry **changed**: the day matches with the entry's amount (one digit), an account, a
   metadata value (another value the books use for that key), its flag, or a metadata key
   taken away put back as it was;
3. an entry **removed** or **moved out**: the day matches with an entry written elsewhere in
   the books (within three months after the close) dated back to it — the same entry on the
   same day is a removed duplicate, another changed day a changed date.

4. with the close's list of the day's entries (``entries-YYYY-MM-DD``: a token an entry,
   :func:`entry_token`; closes written before it have none): an entry whose **words** changed
   (a narration, a payee, a text of a ``custom`` such as a member's name), an entry changed
   in more than one edit (named, the how not told), or an entry **removed** with no entry
   like it left (its kind and place in the day's order, at the entry next to it).

Nothing found (several edits at once, a close without the list): the first entry of the
day, with words saying which entry changed cannot be told. The work is bounded
(:data:`BUDGET` digests) and runs only when a close does not match; a load of books that
match never comes here.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from beancount.core import data

from kongtun.ledger.i18n import N_
from kongtun.ledger.problems import Phrase, Problem, phrase
from kongtun.ledger.years.checks import closed_period_changed, closed_period_entry

#: at most this many digests are tried for one close before saying it cannot tell
BUDGET: Final = 100_000
#: entries written up to this many days after a close are tried as moved out of it
MOVED_WITHIN: Final = datetime.timedelta(days=92)
DAY_PREFIX: Final = "day-"
MONTH_PREFIX: Final = "month-"
SHORT: Final = 16
_NUMBER: Final = re.compile(r'"-?(\d+(?:\.\d+)?)"')
_ENCODE: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

Line = tuple[data.Directive, str]

#: a close's metadata key of the tokens of a day's entries: ``entries-2024-09-05``
ENTRIES_PREFIX: Final = "entries-"
#: hex digits of an entry's frame (its record, words left out) and of each of its words
FRAME_DIGITS: Final = 4
WORD_DIGITS: Final = 2
#: the letter a token starts with: the kind of the entry
KIND_LETTERS: Final = {
    "txn": "t",
    "custom": "c",
    "balance": "b",
    "pad": "p",
    "price": "r",
    "note": "n",
    "event": "e",
    "commodity": "m",
    "query": "q",
    "document": "d",
}
#: the kind of an entry a token's letter names, as a message says it
_KIND_WORDS: Final = {
    "t": N_("a transaction"),
    "c": N_("a custom directive"),
    "b": N_("a balance assertion"),
    "p": N_("a pad"),
    "r": N_("a price"),
    "n": N_("a note"),
    "e": N_("an event"),
    "m": N_("a commodity"),
    "q": N_("a query"),
    "d": N_("a document"),
    "x": N_("an entry"),
}
_TOKEN: Final = re.compile(r"[a-z][0-9a-f]{4}(?:[0-9a-f]{2})*\Z")


@dataclass(frozen=True)
class Finding:
    """The first entry that differs (``at``), on ``day``, and how (``change``); ``added``:
    it is new in the closed month."""

    at: data.Directive | None
    day: datetime.date
    change: Phrase | None
    added: bool = False


class _Budget:
    def __init__(self) -> None:
        self.left = BUDGET

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _day_hex(lines: Sequence[str]) -> str:
    return hashlib.sha256(("\n".join(sorted(lines)) + "\n").encode("utf-8")).hexdigest()


@dataclass
class _Span:
    """One key of a close (a day or a month) with its records now."""

    key: str
    target: str
    days: Mapping[datetime.date, str]
    records: dict[datetime.date, list[Line]]
    month: dict[datetime.date, str]

    @property
    def is_day(self) -> bool:
        return self.key.startswith(DAY_PREFIX)

    def calendar(self) -> list[datetime.date]:
        """Every day a record of the span can be dated."""
        text = self.key.removeprefix(DAY_PREFIX).removeprefix(MONTH_PREFIX)
        if self.is_day:
            return [datetime.date.fromisoformat(text)]
        first = datetime.date.fromisoformat(text + "-01")
        following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return [first + datetime.timedelta(days=n) for n in range((following - first).days)]

    def matches(self, date: datetime.date, lines: list[str]) -> bool:
        """Whether the span's digest is the close's when ``date`` holds ``lines``."""
        if self.is_day:
            return _day_hex(lines)[:SHORT] == self.target
        days = dict(self.month)
        if lines:
            days[date] = _day_hex(lines)
        else:
            days.pop(date, None)
        text = "".join(f"{day.isoformat()} {days[day]}\n" for day in sorted(days))
        return hashlib.sha256(text.encode()).hexdigest()[:SHORT] == self.target


def _lines(span: _Span, date: datetime.date) -> list[str]:
    return [record for _, record in span.records.get(date, [])]


def _redate(record: str, date: datetime.date) -> str:
    return f'["{date.isoformat()}"' + record[len('["2024-01-01"') :]


def locate(
    closed: datetime.date,
    key: str,
    days: Mapping[datetime.date, str],
    entries: Sequence[data.Directive],
    failing: Mapping[str, str],
    *,
    canonical: Callable[[data.Directive], str | None],
    kept: Mapping[datetime.date, Sequence[str]] | None = None,
) -> Finding | None:
    """What changed in the span ``key`` of the close on ``closed`` (a day or month it keeps
    a digest of, that no longer matches); ``failing``: every key of the close that fails,
    with its kept digest. None when the books no longer have a record of the span and
    nothing explains it; ``canonical``: the record of an entry
    (:func:`kongtun.ledger.years.closes.canonical`); ``kept``: the close's tokens of the
    entries of each day of its month (:func:`day_tokens`), when it has them."""
    limit = closed + MOVED_WITHIN
    pool: list[Line] = []
    opened: list[str] = []
    members: list[str] = []  # a member's accounts end in their id: another member's, too
    for entry in entries:
        if isinstance(entry, data.Open):
            opened.append(entry.account)
        elif isinstance(entry, data.Custom) and entry.type == "member" and entry.values:
            members.append(str(entry.values[0].value))
        if entry.date <= limit:
            record = canonical(entry)
            if record is not None:
                pool.append((entry, record))
    spans = {name: _span(name, target, days, pool) for name, target in failing.items()}
    span = spans[key]
    budget = _Budget()
    if not span.target:  # a day that had no entries when the month was closed
        return _new_day(span, spans, budget)
    return (
        _added(span, spans, budget)
        or _changed(span, pool, (opened, members), budget)
        or _removed(span, spans, pool, budget)
        or _by_tokens(span, kept or {})
        or _unknown(span)
    )


def _span(key: str, target: str, days: Mapping[datetime.date, str], pool: list[Line]) -> _Span:
    span = _Span(key, target, days, {}, {})
    dates = set(span.calendar())
    span.month = {day: hex_ for day, hex_ in days.items() if day in dates}
    records: dict[datetime.date, list[Line]] = defaultdict(list)
    for entry, record in pool:
        if entry.date in dates:
            records[entry.date].append((entry, record))
    span.records = dict(records)
    return span


def _added(span: _Span, spans: Mapping[str, _Span], budget: _Budget) -> Finding | None:
    for date, lines in sorted(span.records.items()):
        records = [record for _, record in lines]
        for entry, record in _written_last_first(lines):
            if not budget.spend():
                return None
            rest = list(records)
            rest.remove(record)
            if span.matches(date, rest):
                moved = _moved_from(entry, record, span, spans, budget)
                if moved is not None:
                    words = N_("this entry was dated {old} when the month was closed")
                    return Finding(entry, date, phrase(words, old=moved))
                return Finding(entry, date, None, added=True)
    return None


def _new_day(span: _Span, spans: Mapping[str, _Span], budget: _Budget) -> Finding | None:
    """The first entry of a day that had none: new, or moved from another changed day."""
    for date, lines in sorted(span.records.items()):
        for entry, record in sorted(lines, key=lambda line: _position(line[0])):
            moved = _moved_from(entry, record, span, spans, budget)
            if moved is not None:
                words = N_("this entry was dated {old} when the month was closed")
                return Finding(entry, date, phrase(words, old=moved))
            return Finding(entry, date, None, added=True)
    return None


def _member_accounts(opened: list[str], members: list[str]) -> list[str]:
    """The accounts opened, and each account ending in a member's id with every other id."""
    ids = set(members)
    accounts = dict.fromkeys(opened)
    for account in opened:
        parent, _, last = account.rpartition(":")
        if last in ids:
            accounts.update(dict.fromkeys(f"{parent}:{other}" for other in members))
    return list(accounts)


def _written_last_first(lines: list[Line]) -> list[Line]:
    """A day's entries, the one written last first (of two copies, the later one is new)."""
    return sorted(lines, key=lambda line: _position(line[0]), reverse=True)


def _position(entry: data.Directive) -> tuple[str, int]:
    meta = entry.meta or {}
    return (str(meta.get("filename")), int(meta.get("lineno") or 0))


def _moved_from(
    entry: data.Directive, record: str, span: _Span, spans: Mapping[str, _Span], budget: _Budget
) -> datetime.date | None:
    """The day of another failing span that matches with ``record`` dated back to it."""
    for other in spans.values():
        if not other.target:
            continue
        for date in other.calendar():
            if (other is span and date == entry.date) or not budget.spend():
                continue
            lines = [*_lines(other, date), _redate(record, date)]
            if other.matches(date, lines):
                return date
    return None


def _changed(
    span: _Span, pool: list[Line], known: tuple[list[str], list[str]], budget: _Budget
) -> Finding | None:
    """One entry of the span changed (``known``: the accounts opened and the members' ids)."""
    accounts, values = _vocabulary(pool, known[0])
    accounts = _member_accounts(accounts, known[1])
    for date, lines in sorted(span.records.items()):
        records = [record for _, record in lines]
        for entry, record in sorted(lines, key=lambda line: _position(line[0])):
            rest = list(records)
            rest.remove(record)
            for variant, change in _variants(record, accounts, values):
                if not budget.spend():
                    return None
                if span.matches(date, [*rest, variant]):
                    return Finding(entry, date, change)
    return None


def _vocabulary(pool: list[Line], opened: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """The accounts the books open or post to, and the string values of each metadata key."""
    accounts: dict[str, None] = dict.fromkeys(opened)
    values: dict[str, dict[str, None]] = defaultdict(dict)
    for entry, _ in pool:
        for posting in getattr(entry, "postings", None) or ():
            accounts[posting.account] = None
        for key, value in (entry.meta or {}).items():
            if isinstance(value, str) and key not in {"filename"} and not key.startswith("__"):
                values[key][value] = None
    return sorted(accounts), {key: sorted(found) for key, found in values.items()}


def _variants(
    record: str, accounts: list[str], values: Mapping[str, list[str]]
) -> Iterator[tuple[str, Phrase]]:
    """Each record one edit away from ``record``, with the words for the edit undone."""
    fields: list[Any] = json.loads(record)
    yield from _amounts(record)
    if fields[1] == "txn":
        yield from _flags(fields)
        yield from _accounts(fields, accounts)
    yield from _metas(fields, values)


def _amounts(record: str) -> Iterator[tuple[str, Phrase]]:
    for number in dict.fromkeys(match.group(1) for match in _NUMBER.finditer(record)):
        for old in _digit_variants(number):
            variant = record.replace(f'"{number}"', f'"{old}"').replace(f'"-{number}"', f'"-{old}"')
            words = N_("this entry's amount {new} was {old} when the month was closed")
            yield variant, phrase(words, new=_shown(number), old=_shown(old))


def _digit_variants(number: str) -> Iterator[str]:
    """``number`` with one digit changed or two neighbouring digits swapped (written with two
    decimals), normalized."""
    try:
        value = Decimal(number)
    except InvalidOperation:
        return
    text = f"{value:.2f}" if value.as_tuple().exponent >= -2 else number  # type: ignore[operator]
    seen = {number}
    for candidate in _one_edit(text):
        old = _normal(Decimal(candidate))
        if old not in seen:
            seen.add(old)
            yield old


def _one_edit(text: str) -> Iterator[str]:
    digits = [at for at, char in enumerate(text) if char.isdigit()]
    for at in digits:
        for digit in "0123456789":
            if digit != text[at]:
                yield text[:at] + digit + text[at + 1 :]
    for at, following in itertools.pairwise(digits):
        swapped = list(text)
        swapped[at], swapped[following] = text[following], text[at]
        yield "".join(swapped)


def _shown(number: str) -> Decimal:
    """A number as a message shows it: at least two decimals (35.5 -> 35.50)."""
    value = Decimal(number)
    return value.quantize(Decimal("0.01")) if value == value.quantize(Decimal("0.01")) else value


def _normal(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _flags(fields: list[Any]) -> Iterator[tuple[str, Phrase]]:
    for flag in ("*", "!"):
        if flag != fields[2]:
            words = N_("this entry's flag was {old} when the month was closed")
            yield _ENCODE([*fields[:2], flag, *fields[3:]]), phrase(words, old=flag)


def _accounts(fields: list[Any], accounts: list[str]) -> Iterator[tuple[str, Phrase]]:
    postings = fields[7]
    for index, posting in enumerate(postings):
        for account in accounts:
            if account == posting[0]:
                continue
            changed = [*postings[:index], [account, *posting[1:]], *postings[index + 1 :]]
            words = N_("this entry's account {new} was {old} when the month was closed")
            yield (
                _ENCODE([*fields[:7], changed, *fields[8:]]),
                phrase(words, new=posting[0], old=account),
            )


def _metas(fields: list[Any], values: Mapping[str, list[str]]) -> Iterator[tuple[str, Phrase]]:
    meta: list[list[Any]] = fields[-1]
    for index, (key, value) in enumerate(meta):
        without = [*meta[:index], *meta[index + 1 :]]
        words = N_("this entry's {key} was added after the month was closed")
        yield _ENCODE([*fields[:-1], without]), phrase(words, key=key)
        if not isinstance(value, str):
            continue
        for old in values.get(key, ()):
            if old != value:
                changed = [*meta[:index], [key, old], *meta[index + 1 :]]
                words = N_("this entry's {key} {new} was {old} when the month was closed")
                yield _ENCODE([*fields[:-1], changed]), phrase(words, key=key, new=value, old=old)


def _removed(
    span: _Span, spans: Mapping[str, _Span], pool: list[Line], budget: _Budget
) -> Finding | None:
    for date in span.calendar():
        lines = _lines(span, date)
        for entry, record in pool:
            if not budget.spend():
                return None
            if span.matches(date, [*lines, _redate(record, date)]):
                return _removed_like(entry, date, spans)
    return None


def _removed_like(
    entry: data.Directive, date: datetime.date, spans: Mapping[str, _Span]
) -> Finding:
    if entry.date == date:
        words = N_("an entry the same as this one was removed")
        return Finding(entry, date, phrase(words))
    if any(entry.date in span.calendar() for span in spans.values()):
        words = N_("this entry was dated {old} when the month was closed")
        return Finding(entry, date, phrase(words, old=date))
    words = N_(
        "an entry of {old} was removed; this one is the same but for its date (was it moved here?)"
    )
    return Finding(entry, date, phrase(words, old=date))


def _unknown(span: _Span) -> Finding | None:
    words = N_(
        "which entry changed, and how, cannot be told (a narration, a payee, an entry removed "
        "or several changes); this is the day's first entry"
    )
    for date in sorted(span.records):
        first = min(span.records[date], key=lambda line: _position(line[0]))
        return Finding(first[0], date, phrase(words))
    return None


# The close's tokens of a day's entries


def _split(record: str) -> tuple[str, list[tuple[str, str]], str]:
    """The kind of the entry of ``record``, its words (``payee``, ``narration`` of a
    transaction; ``text``: the comment of a note, the description of an event, each string
    value of a custom) and its frame: the record with its words written ``null``."""
    fields: list[Any] = json.loads(record)
    kind = fields[1]
    words: list[tuple[str, Any]] = []
    if kind == "txn":
        words = [("payee", fields[3]), ("narration", fields[4])]
        fields[3] = fields[4] = None
    elif kind in {"note", "event"}:
        words, fields[3] = [("text", fields[3])], None
    elif kind == "custom":
        values = fields[3]
        for index, value in enumerate(values):
            if isinstance(value, str):
                words.append(("text", value))
                values[index] = None
    return kind, [(name, _ENCODE(text)) for name, text in words], _ENCODE(fields)


def _hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_token(record: str) -> str:
    """The token of an entry in a close: the letter of its kind, the first
    :data:`FRAME_DIGITS` hex digits of SHA-256 of its frame, then :data:`WORD_DIGITS` of
    each of its words (see :func:`_split`): ``t3fa09c1d`` is a transaction."""
    kind, words, frame = _split(record)
    token = KIND_LETTERS.get(kind, "x") + _hex(frame)[:FRAME_DIGITS]
    return token + "".join(_hex(text)[:WORD_DIGITS] for _, text in words)


def day_tokens(records: Sequence[str]) -> str:
    """The tokens of a day's records in the day's order (the records sorted), as a close
    keeps them."""
    return " ".join(entry_token(record) for record in sorted(records))


def read_tokens(value: object) -> tuple[str, ...] | None:
    """A close's ``entries-…`` value as tokens; None when it is not as a close writes it."""
    if not isinstance(value, str):
        return None
    tokens = tuple(value.split())
    return tokens if all(_TOKEN.match(token) for token in tokens) else None


def _by_tokens(span: _Span, kept: Mapping[datetime.date, Sequence[str]]) -> Finding | None:
    """The one entry of a day that is not in the close's tokens (its words changed, or
    something else), or the one token of the close with no entry now (removed)."""
    date = span.calendar()[0]
    tokens = kept.get(date) if span.is_day else None
    if not tokens:
        return None
    lines = sorted(span.records.get(date, []), key=lambda line: line[1])
    now = [(entry, record, entry_token(record)) for entry, record in lines]
    left = Counter(tokens)
    new = []
    for entry, record, token in now:
        if left[token] > 0:
            left[token] -= 1
        else:
            new.append((entry, record, token))
    present = Counter(token for _, _, token in now)
    gone = []
    for position, token in enumerate(tokens):
        if present[token] > 0:
            present[token] -= 1
        else:
            gone.append(position)
    if len(new) == 1 and len(gone) == 1:
        return _changed_words(date, *new[0], tokens[gone[0]])
    if not new and len(gone) == 1 and now:
        return _removed_at(date, gone[0], tokens, [entry for entry, _, _ in now])
    return None


def _changed_words(
    date: datetime.date, entry: data.Directive, record: str, token: str, old: str
) -> Finding | None:
    """``entry`` (``record``, ``token``) is the close's entry of token ``old``, changed."""
    if token[0] != old[0] or len(token) != len(old):
        return None
    head = 1 + FRAME_DIGITS
    if token[:head] != old[:head]:
        words = N_(
            "this entry is not as it was when the month was closed: something other than its "
            "words changed (an amount, an account, metadata, tags or its flag)"
        )
        return Finding(entry, date, phrase(words))
    changed = [
        (name, text)
        for index, (name, text) in enumerate(_split(record)[1])
        if token[head + index * WORD_DIGITS : head + (index + 1) * WORD_DIGITS]
        != old[head + index * WORD_DIGITS : head + (index + 1) * WORD_DIGITS]
    ]
    names = {name for name, _ in changed}
    if not changed:
        return None
    if names == {"payee", "narration"}:
        words = N_("this entry's payee and narration were changed after the month was closed")
    elif names == {"payee"}:
        words = N_("this entry's payee was changed after the month was closed")
    elif names == {"narration"}:
        words = N_("this entry's narration was changed after the month was closed")
    else:  # the first text of a custom, a note or an event that changed
        words = N_('this entry\'s text "{text}" was changed after the month was closed')
        return Finding(entry, date, phrase(words, text=json.loads(changed[0][1])))
    return Finding(entry, date, phrase(words))


def _removed_at(
    date: datetime.date, position: int, tokens: Sequence[str], now: Sequence[data.Directive]
) -> Finding:
    """The close's entry at ``position`` of ``tokens`` has no entry now; the entries now
    (``now``, in the day's order) are the others: it came before ``now[position]``."""
    kind = _KIND_WORDS.get(tokens[position][0], _KIND_WORDS["x"])
    params = {"kind": phrase(kind), "position": position + 1, "count": len(tokens)}
    if position < len(now):
        words = N_(
            "an entry of this day was removed after the month was closed ({kind}, number "
            "{position} of the day's {count} as the close lists them), just before this one"
        )
        return Finding(now[position], date, Phrase(words, params))
    words = N_(
        "an entry of this day was removed after the month was closed ({kind}, number "
        "{position} of the day's {count} as the close lists them), just after this one"
    )
    return Finding(now[-1], date, Phrase(words, params))


def removed_day(tokens: Sequence[str]) -> Phrase:
    """What a close says of a day of its month with no entries now: the kinds of the entries
    it lists for that day (``tokens``), every one removed."""
    kinds = [phrase(_KIND_WORDS.get(token[0], _KIND_WORDS["x"])) for token in tokens]
    words = N_(
        "every entry of that day was removed after the month was closed (as the close lists "
        "them: {kinds})"
    )
    return phrase(words, kinds=kinds)


def problems_of(close: data.Custom, finding: Finding) -> list[Problem]:
    """The problem a finding is (``close``: the close's directive)."""
    at = finding.at if finding.at is not None else close
    if finding.added or finding.change is None:
        return [closed_period_entry(close, at)]
    return [closed_period_changed(close, at, finding.day, finding.change)]
