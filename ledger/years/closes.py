"""Month closes: a SHA-256 digest of every entry up to a closed month's last day, chained.

A close is a directive the treasurer appends with ``kongtun close`` after the committee
approves a month::

    2024-09-30 custom "period-close" "sha256:9f2c…"
      previous: "sha256:41aa…"
      closed-by: "M0003 M0007"
      resolution: "ประชุมกรรมการ 5 ต.ค. 2567 มติที่ 3"
      month-2024-08: "0c1d2e3f4a5b6c7d"
      day-2024-09-05: "5e6f7a8b9c0d1e2f"
      entries-2024-09-05: "t3fa09c1d t81b2a04f"

The digest covers every entry dated on or before the close's day in a canonical form that
formatting cannot change (docs/closes.md gives the recipe an auditor can run without kongtun):

- each entry is one JSON array (:func:`canonical`): its kind, date and fields, its metadata
  without ``filename``, ``lineno`` and Beancount's own ``__`` keys, amounts as normalized
  decimals (``100.00`` is ``"100"``), strings as JSON strings; a transaction's postings as
  booked, in their order; tags and links sorted;
- left out: ``open`` and ``close`` (kongtun opens members' accounts from the member lines,
  which are in), padding transactions (made from ``pad`` lines, which are in), the closes
  themselves (they are the chain), Fava's settings (``custom "fava-…"``), ``option``,
  ``plugin`` and ``include`` lines, comments;
- a day's digest is SHA-256 of that day's records sorted (UTF-8), each followed by ``\\n``;
- the close's digest is SHA-256 of ``kongtun-close-v1\\n`` then ``YYYY-MM-DD <day digest>\\n``
  for every day with entries up to the close's day, in date order.

The close also keeps short digests (16 hex digits) of the span it newly covers: one per
month before its month not covered by the previous close, one per day of its month, so a
change is found to its month or day, and a token of each entry of each day of its month
(:func:`month_tokens`; not in the digest, read only when a close fails, to tell what changed:
:mod:`kongtun.ledger.years.changes`). :func:`verify_closes` recomputes every close of a load.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.problems import Problem
from kongtun.ledger.years.checks import (
    closed_period_chain,
    closed_period_changed,
    period_close_malformed,
)
from kongtun.ledger.years.needs import CLOSE_TYPE

if TYPE_CHECKING:
    from kongtun.ledger.model import Books
    from kongtun.ledger.reports.statements import Statement

VERSION_LINE: Final = b"kongtun-close-v1\n"
PREVIOUS_KEY: Final = "previous"
BY_KEY: Final = "closed-by"
RESOLUTION_KEY: Final = "resolution"
DAY_PREFIX: Final = "day-"
MONTH_PREFIX: Final = "month-"
SHORT: Final = 16
#: metadata of a carried year's opening transaction: the digest of the last close before it
CARRIED_CLOSE_KEY: Final = "carried-close"
DIGEST_RE: Final = re.compile(r"sha256:[0-9a-f]{64}\Z")
#: metadata kept out of the canonical form: where an entry is written, Beancount's own
_SKIPPED_META: Final = frozenset({"filename", "lineno"})
PADDING_FLAG: Final = "P"
#: Fava's own settings (``custom "fava-extension"``, ``"fava-option"``): how the books are
#: shown, not what they say
FAVA_PREFIX: Final = "fava-"


def _number(number: Decimal | None) -> str | None:
    """A decimal as the canonical form writes it: normalized, no exponent (100.00 -> 100)."""
    if number is None:
        return None
    text = str(number)
    if "E" in text:  # rare: a number Beancount keeps with an exponent
        text = format(number.normalize(), "f")
    elif "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _value(value: Any) -> Any:
    """A metadata or custom value as JSON: numbers ``["D", "1.5"]``, amounts ``["A", n, cur]``,
    dates ``["T", "2024-09-30"]``, strings and booleans as themselves."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal | int):
        return ["D", _number(Decimal(value))]
    if isinstance(value, Amount):
        return ["A", _number(value.number), value.currency]
    if isinstance(value, datetime.date):
        return ["T", value.isoformat()]
    return ["S", str(value)]


#: metadata that is where an entry is written, or Beancount's own (a fast path)
_PLAIN: Final = frozenset({"filename", "lineno", "__tolerances__", "__automatic__", "__residual__"})


def _meta(meta: Mapping[str, Any] | None) -> list[list[Any]]:
    if not meta or meta.keys() <= _PLAIN:
        return []
    return [
        [key, _value(value)]
        for key, value in sorted(meta.items())
        if key not in _SKIPPED_META and not key.startswith("__")
    ]


def _posting(posting: data.Posting) -> list[Any]:
    units, cost, price = posting.units, posting.cost, posting.price
    if units is None:  # not booked: only in books with errors of their own
        units = Amount(None, None)  # type: ignore[arg-type]
    return [
        posting.account,
        _number(units.number),
        units.currency,
        None if cost is None else _cost(cost),
        None if price is None else [_number(price.number), price.currency],
        posting.flag,
        _meta(posting.meta),
    ]


def _cost(cost: Any) -> list[Any]:
    return [
        _number(getattr(cost, "number", None)),
        getattr(cost, "currency", None),
        _value(getattr(cost, "date", None)),
        getattr(cost, "label", None),
    ]


def _fields(entry: data.Directive) -> list[Any] | None:  # noqa: PLR0911 - one case a kind
    """The kind and fields of ``entry`` (after its date), or None when it is left out."""
    if isinstance(entry, data.Transaction):
        if entry.flag == PADDING_FLAG:
            return None
        return [
            "txn",
            entry.flag,
            entry.payee,
            entry.narration,
            sorted(entry.tags) if entry.tags else [],
            sorted(entry.links) if entry.links else [],
            [_posting(posting) for posting in entry.postings],
        ]
    if isinstance(entry, data.Custom):
        if entry.type == CLOSE_TYPE or entry.type.startswith(FAVA_PREFIX):
            return None
        return ["custom", entry.type, [_value(value.value) for value in entry.values]]
    if isinstance(entry, data.Balance):
        amount = entry.amount
        return ["balance", entry.account, _number(amount.number), amount.currency]
    if isinstance(entry, data.Pad):
        return ["pad", entry.account, entry.source_account]
    if isinstance(entry, data.Price):
        return ["price", entry.currency, _number(entry.amount.number), entry.amount.currency]
    if isinstance(entry, data.Note):
        return ["note", entry.account, entry.comment]
    if isinstance(entry, data.Event):
        return ["event", entry.type, entry.description]
    if isinstance(entry, data.Commodity):
        return ["commodity", entry.currency]
    if isinstance(entry, data.Query):
        return ["query", entry.name, entry.query_string]
    if isinstance(entry, data.Document):
        return ["document", entry.account, entry.filename.replace("\\", "/").rsplit("/", 1)[-1]]
    return None  # open, close: see the module's doc


#: one encoder for every record (json.dumps with options builds one per call)
_ENCODE: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
#: a string as _ENCODE writes it (UTF-8 kept, quotes and controls escaped)
_STRING: Final = json.encoder.encode_basestring


#: a posting's number as the plain record writes it (``"100"``, or ``null``), by value: equal
#: decimals have one canonical form (100 and 100.00 are ``"100"``), so the value is the key
_NUMBERS: dict[Decimal, str] = {}


def _quoted_number(number: Decimal | None) -> str:
    if number is None:
        return "null"
    text = _NUMBERS.get(number)
    if text is None:
        if len(_NUMBERS) > 100_000:
            _NUMBERS.clear()
        text = _NUMBERS[number] = f'"{_number(number)}"'
    return text


def _where_only(meta: Mapping[str, Any] | None) -> bool:
    """Whether ``meta`` keeps nothing for the record: only where the entry is written (the
    parser's two keys, tested first: the common case) or Beancount's own keys."""
    return (
        not meta
        or (len(meta) == 2 and "lineno" in meta and "filename" in meta)
        or meta.keys() <= _PLAIN
    )


def _plain_meta(meta: Mapping[str, Any] | None) -> str:
    """The metadata of a record as :data:`_ENCODE` writes :func:`_meta` of it (``[]`` when
    none is kept); strings and decimals written directly, other values through the encoder."""
    if not meta or meta.keys() <= _PLAIN:
        return "[]"
    string, number_of = _STRING, _quoted_number
    items = []
    for key in sorted(meta):
        if key in _SKIPPED_META or key.startswith("__"):
            continue
        value = meta[key]
        kind = type(value)
        if kind is str:
            text = string(value)
        elif kind is Decimal:
            text = f'["D",{number_of(value)}]'
        else:
            text = _ENCODE(_value(value))
        items.append(f"[{string(key)},{text}]")
    return f"[{','.join(items)}]"


def _plain_transaction(entry: data.Transaction) -> str | None:
    """The record of a transaction whose postings carry no cost or price (most of a fund's
    books), written directly: the same text as :data:`_ENCODE` makes of :func:`_fields`,
    faster. None for any other transaction."""
    rest = _plain_rest(entry)
    return None if rest is None else f'["{entry.date.isoformat()}",{rest}'


def _plain_rest(entry: data.Transaction) -> str | None:
    """:func:`_plain_transaction` after the date: the records of a day share ``["YYYY-MM-DD",``,
    so they sort the same without it and it is written once a day."""
    postings: list[str] = []
    append, string, numbers = postings.append, _STRING, _NUMBERS
    # inline, in one expression a record: this loop is the hot path of verifying the closes
    for account, units, cost, price, flag, meta in entry.postings:
        if cost is not None or price is not None or units is None:
            return None
        number = units.number
        text = numbers.get(number) if number is not None else None
        if text is None:
            text = _quoted_number(number)
        # account and currency names never hold what JSON escapes (Beancount's grammar)
        if flag is None and (
            not meta or (len(meta) == 2 and "lineno" in meta and "filename" in meta)
        ):  # only where the posting is written: the common case, tested first
            append(f'["{account}",{text},"{units.currency}",null,null,null,[]]')
        else:
            flagged = "null" if flag is None else string(flag)
            append(
                f'["{account}",{text},"{units.currency}",null,null,{flagged},{_plain_meta(meta)}]'
            )
    flag, payee, narration = entry.flag, entry.payee, entry.narration
    tags, links, meta = entry.tags, entry.links, entry.meta
    return (
        f'"txn",{"null" if flag is None else string(flag)},'
        f"{'null' if payee is None else string(payee)},"
        f"{'null' if narration is None else string(narration)},"
        f"{_ENCODE(sorted(tags)) if tags else '[]'},{_ENCODE(sorted(links)) if links else '[]'},"
        f"[{','.join(postings)}],{'[]' if _where_only(meta) else _plain_meta(meta)}]"
    )


def canonical(entry: data.Directive) -> str | None:
    """The canonical record of ``entry`` (one line of JSON), or None when it is left out."""
    if type(entry) is data.Transaction and entry.flag != PADDING_FLAG:
        fast = _plain_transaction(entry)
        if fast is not None:
            return fast
    fields = _fields(entry)
    if fields is None:
        return None
    record = [entry.date.isoformat(), *fields, _meta(entry.meta)]
    return _ENCODE(record)


def quote(text: str) -> str:
    """``text`` as a Beancount string on one line."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sha(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


#: a day of the books -> the hex digest of its records
Days = Mapping[datetime.date, str]


class DayDigests(dict[datetime.date, str]):
    """The digest of every day, in date order (:func:`digest_days`), remembering how far
    :func:`close_digest` has hashed them: the closes of a load, checked in date order, hash
    each day once rather than every day again for each close. Equal to a plain dict."""

    __slots__ = ("_count", "_hashed", "_hasher", "_last")

    def __init__(self) -> None:
        super().__init__()
        self._hasher: Any = None
        self._hashed: list[datetime.date] = []
        self._last = datetime.date.min
        self._count = 0

    def __setitem__(self, date: datetime.date, digest: str) -> None:
        self._hasher = None  # a changed day: hash again from the first
        super().__setitem__(date, digest)

    def __delitem__(self, date: datetime.date) -> None:
        self._hasher = None
        super().__delitem__(date)

    def close_digest(self, last: datetime.date) -> str:
        """The digest of every day up to ``last`` (see :func:`close_digest`)."""
        if self._hasher is None or last < self._last or len(self) != self._count:
            self._hasher = hashlib.sha256(VERSION_LINE)
            self._hashed = sorted(self)
            self._hashed.reverse()  # popped from the end: the earliest day last
            self._count = len(self)
        hasher, dates = self._hasher, self._hashed
        while dates and dates[-1] <= last:
            date = dates.pop()
            hasher.update(f"{date.isoformat()} {self[date]}\n".encode())
        self._last = last
        return "sha256:" + str(hasher.copy().hexdigest())


def digest_days(entries: Iterable[data.Directive], last: datetime.date) -> DayDigests:
    """Every day with entries on or before ``last``, with its digest (hex)."""
    # the records are many small strings: without the cyclic collector running over the whole
    # load's entries again and again while they are made, the pass stays linear
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _digest_days(entries, last)
    finally:
        if collecting:
            gc.enable()


def _digest_days(entries: Iterable[data.Directive], last: datetime.date) -> DayDigests:
    # a day's records without their common start ``["YYYY-MM-DD",`` (see _plain_rest)
    records: dict[datetime.date, list[str]] = {}
    day: datetime.date | None = None
    lines: list[str] = []
    transaction, plain = data.Transaction, _plain_rest
    for entry in entries:
        date = entry.date
        if date > last:
            continue
        record = None
        if type(entry) is transaction and entry.flag != PADDING_FLAG:
            record = plain(entry)
        if record is None:
            whole = canonical(entry)
            if whole is None:
                continue
            record = whole[len('["YYYY-MM-DD",') :]
        if date != day:  # the books come sorted by date: one look-up a day
            day, lines = date, records.setdefault(date, [])
        lines.append(record)
    days = DayDigests()
    sha256 = hashlib.sha256
    for date in sorted(records):
        lines = records[date]
        lines.sort()
        start = f'["{date.isoformat()}",'
        text = start + ("\n" + start).join(lines) + "\n"
        days[date] = sha256(text.encode("utf-8")).hexdigest()
    return days


def entries_on(entries: Iterable[data.Directive], date: datetime.date) -> list[data.Directive]:
    """The entries of ``date`` that the digest covers, in the ledger's order."""
    return [entry for entry in entries if entry.date == date and canonical(entry) is not None]


def close_digest(days: Days, last: datetime.date) -> str:
    """The digest of every day up to ``last``: ``sha256:`` and 64 hex digits."""
    if isinstance(days, DayDigests):
        return days.close_digest(last)
    chunks = [VERSION_LINE]
    chunks += [f"{date.isoformat()} {day}\n".encode() for date, day in days.items() if date <= last]
    return "sha256:" + _sha(chunks)


def month_of(date: datetime.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def month_end(month: datetime.date) -> datetime.date:
    """The last day of the month of ``month``."""
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def span_digests(days: Days, after: datetime.date | None, last: datetime.date) -> dict[str, str]:
    """The short digests a close on ``last`` keeps: each month before ``last``'s month (after
    the previous close's day ``after``), and each day of ``last``'s month."""
    first_of_month = last.replace(day=1)
    months: dict[str, list[str]] = defaultdict(list)
    out: dict[str, str] = {}
    for date, day in days.items():
        if (after is not None and date <= after) or date > last:
            continue
        if date >= first_of_month:
            out[DAY_PREFIX + date.isoformat()] = day[:SHORT]
        else:
            months[month_of(date)].append(f"{date.isoformat()} {day}\n")
    month_keys = {
        MONTH_PREFIX + month: _sha(line.encode() for line in lines)[:SHORT]
        for month, lines in months.items()
    }
    return {**month_keys, **out}


@dataclass(frozen=True)
class Close:
    """A ``custom "period-close"`` directive as read."""

    entry: data.Custom
    digest: str
    previous: str | None
    spans: Mapping[str, str]

    @property
    def date(self) -> datetime.date:
        return self.entry.date

    @property
    def month(self) -> str:
        return month_of(self.entry.date)

    @property
    def tokens(self) -> dict[datetime.date, tuple[str, ...]]:
        """The tokens of the entries of each day of the month (``entries-YYYY-MM-DD``), in
        the day's order; none for a close written before closes kept them. Read only when
        a close fails: they tell what changed, never whether."""
        return _tokens(self.entry)


def read_close(entry: data.Custom) -> Close | Problem:
    """The close ``entry`` says, or the problem with how it is written."""
    values = [value.value for value in entry.values]
    digest = values[0] if len(values) == 1 else None
    previous = entry.meta.get(PREVIOUS_KEY)
    bad = (
        not isinstance(digest, str)
        or not DIGEST_RE.match(digest)
        or month_end(entry.date) != entry.date
        or (previous is not None and not (isinstance(previous, str) and DIGEST_RE.match(previous)))
    )
    if bad or not isinstance(digest, str):
        return period_close_malformed(entry)
    spans = {
        key: str(value)
        for key, value in entry.meta.items()
        if key.startswith((DAY_PREFIX, MONTH_PREFIX))
    }
    return Close(entry, digest, previous if isinstance(previous, str) else None, spans)


def _tokens(entry: data.Custom) -> dict[datetime.date, tuple[str, ...]]:
    """The tokens of each day a close lists (``entries-YYYY-MM-DD``); a value not as
    ``kongtun close`` writes it is left out (the tokens only tell what changed)."""
    # imported here: only a close that fails needs it
    from kongtun.ledger.years.changes import ENTRIES_PREFIX, read_tokens  # noqa: PLC0415

    found: dict[datetime.date, tuple[str, ...]] = {}
    for key, value in entry.meta.items():
        if key.startswith(ENTRIES_PREFIX):
            tokens = read_tokens(value)
            try:
                date = datetime.date.fromisoformat(key.removeprefix(ENTRIES_PREFIX))
            except ValueError:
                continue
            if tokens is not None:
                found[date] = tokens
    return found


def read_closes(entries: Iterable[data.Directive]) -> tuple[list[Close], list[Problem]]:
    """Every close of the books in date order, and the problems with how they are written."""
    closes: list[Close] = []
    problems: list[Problem] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CLOSE_TYPE:
            read = read_close(entry)
            if isinstance(read, Close):
                closes.append(read)
            else:
                problems.append(read)
    closes.sort(key=lambda close: close.date)
    return closes, problems


def closed_through(closes: Sequence[Close]) -> datetime.date | None:
    """The last day the books are closed to, if any."""
    return closes[-1].date if closes else None


def first_difference(
    close: Close, days: Days, after: datetime.date | None
) -> tuple[str, datetime.date | None] | None:
    """The first month or day (key) of ``close``'s span whose digest changed, with the first
    day of the books it names (None when that day has no entries now); None when the span
    agrees."""
    now = span_digests(days, after, close.date)
    keys = sorted(set(now) | set(close.spans), key=_span_order)
    for key in keys:
        if now.get(key) != close.spans.get(key):
            return key, _first_day(key, days)
    return None


def _span_order(key: str) -> str:
    """Months before days; ``month-2024-08`` sorts as 2024-08."""
    return key.removeprefix(MONTH_PREFIX).removeprefix(DAY_PREFIX)


def _first_day(key: str, days: Days) -> datetime.date | None:
    if key.startswith(DAY_PREFIX):
        date = datetime.date.fromisoformat(key.removeprefix(DAY_PREFIX))
        return date if date in days else None
    month = key.removeprefix(MONTH_PREFIX)
    return next((date for date in days if month_of(date) == month), None)


def _earliest(entries: Sequence[data.Directive]) -> data.Directive:
    """The entry written first (file, then line)."""
    return min(
        entries,
        key=lambda entry: (str(entry.meta.get("filename")), int(entry.meta.get("lineno") or 0)),
    )


def carried_close(entries: Iterable[data.Directive]) -> str | None:
    """The last close of the previous year's file, as the opening transaction records it."""
    for entry in entries:
        if isinstance(entry, data.Transaction) and CARRIED_CLOSE_KEY in entry.meta:
            return str(entry.meta[CARRIED_CLOSE_KEY])
    return None


def last_close_digest(entries: Iterable[data.Directive]) -> str | None:
    """The digest of the last month close of ``entries`` (None when there is none)."""
    closes, _ = read_closes(entries)
    return closes[-1].digest if closes else None


def verify_closes(entries: Sequence[data.Directive], carried: str | None = None) -> list[Problem]:
    """Every close of ``entries`` recomputed: the problems of the closed months and the chain
    (``carried``: the last close of the previous year's file, when the books were carried)."""
    closes, problems = read_closes(entries)
    if carried is None and closes and closes[0].previous is not None:
        carried = carried_close(entries)
    if not closes:
        return problems
    days = digest_days(entries, closes[-1].date)
    previous: Close | None = None
    for close in closes:
        problems += _check_close(close, previous, days, carried, entries)
        previous = close
    return problems


def _check_close(
    close: Close,
    previous: Close | None,
    days: Days,
    carried: str | None,
    entries: Sequence[data.Directive],
) -> list[Problem]:
    after = previous.date if previous is not None else None
    expected = previous.digest if previous is not None else carried
    same_month = previous is not None and previous.month == close.month
    found = [closed_period_chain(close.entry, close.previous, expected, same_month)]
    if close_digest(days, close.date) != close.digest:
        difference = first_difference(close, days, after)
        if difference is not None:
            found += closed_period_differs(close, *difference, entries)
        elif previous is None:
            found.append(closed_period_changed(close.entry, close.entry, close.date, None))
    return [one for one in found if one is not None]


def closed_period_differs(
    close: Close, key: str, date: datetime.date | None, entries: Sequence[data.Directive]
) -> list[Problem | None]:
    """A day (or month) of ``close``'s span differs: new entries on a day that had none, or
    the first entry that differs and how (:mod:`kongtun.ledger.years.changes`)."""
    # imported here: only a close that fails needs it
    from kongtun.ledger.years.changes import locate, problems_of, removed_day  # noqa: PLC0415

    days = digest_days(entries, close.date)
    now = span_digests(days, _after(close, entries), close.date)
    failing = {
        name: close.spans.get(name, "")
        for name in {*now, *close.spans}
        if now.get(name) != close.spans.get(name)
    }
    finding = None
    if key in failing:
        finding = locate(
            close.date, key, days, entries, failing, canonical=canonical, kept=close.tokens
        )
    if finding is not None:
        return list(problems_of(close.entry, finding))
    span = key.removeprefix(DAY_PREFIX).removeprefix(MONTH_PREFIX)
    day = datetime.date.fromisoformat(span if len(span) == 10 else span + "-01")
    tokens = close.tokens.get(day) if key.startswith(DAY_PREFIX) and day not in days else None
    change = removed_day(tokens) if tokens else None
    return [closed_period_changed(close.entry, close.entry, day, change)]


def _after(close: Close, entries: Sequence[data.Directive]) -> datetime.date | None:
    """The day of the close before ``close``, if any."""
    earlier = [one.date for one in read_closes(entries)[0] if one.date < close.date]
    return max(earlier) if earlier else None


def close_text(
    days: Days,
    last: datetime.date,
    previous: tuple[str, datetime.date | None] | None,
    by: Sequence[str],
    resolution: str | None,
    *,
    entries: Sequence[data.Directive] | None = None,
) -> str:
    """The ``custom "period-close"`` directive closing the month whose last day is ``last``
    (``previous``: the digest and day of the close before it, if any; the day is None for the
    last close of the year the books were carried from); with ``entries`` (the books, as
    ``kongtun close`` gives them) it lists the tokens of each day's entries too."""
    digest = close_digest(days, last)
    lines = [f'{last.isoformat()} custom "{CLOSE_TYPE}" "{digest}"\n']
    after = None
    if previous is not None:
        lines.append(f'  {PREVIOUS_KEY}: "{previous[0]}"\n')
        after = previous[1]
    if by:
        lines.append(f'  {BY_KEY}: "{" ".join(by)}"\n')
    if resolution:
        lines.append(f"  {RESOLUTION_KEY}: {quote(resolution)}\n")
    spans = span_digests(days, after, last)
    lines += [f'  {key}: "{spans[key]}"\n' for key in sorted(spans, key=_span_order)]
    if entries is not None:
        lines += [f'  {key}: "{value}"\n' for key, value in month_tokens(entries, last).items()]
    return "".join(lines)


def month_tokens(entries: Iterable[data.Directive], last: datetime.date) -> dict[str, str]:
    """The ``entries-YYYY-MM-DD`` values of a close on ``last``: for each day of its month
    with entries, the tokens of its entries in the day's order (docs/closes.md)."""
    from kongtun.ledger.years.changes import ENTRIES_PREFIX, day_tokens  # noqa: PLC0415

    first = last.replace(day=1)
    records: dict[datetime.date, list[str]] = defaultdict(list)
    for entry in entries:
        if first <= entry.date <= last:
            record = canonical(entry)
            if record is not None:
                records[entry.date].append(record)
    return {
        ENTRIES_PREFIX + date.isoformat(): day_tokens(records[date]) for date in sorted(records)
    }


# Statements a member can verify

CODE_VERSION: Final = "kongtun-statement-v1"


#: hex digits of a verification code (48 bits: ``XXXX-XXXX-XXXX``); codes printed before
#: were the first 8 of them (``XXXX-XXXX``, 32 bits) and still verify (see :func:`code_matches`)
CODE_DIGITS: Final = 12
OLD_CODE_DIGITS: Final = 8


def statement_code(digest: str, member_id: str, closing: Mapping[str, Decimal]) -> str:
    """The verification code of a member's statement: the first 12 hex digits (upper case,
    ``XXXX-XXXX-XXXX``) of SHA-256 over ``kongtun-statement-v1``, the close's digest, the
    member's id and their closing balance of each kind (``kind number``, sorted), a line each."""
    lines = [CODE_VERSION, digest, member_id]
    lines += [f"{kind} {_number(number)}" for kind, number in sorted(closing.items())]
    return normal_code(_sha(line.encode("utf-8") + b"\n" for line in lines)[:CODE_DIGITS])


def normal_code(code: str) -> str:
    """A code as typed (spaces, lower case, no hyphens) in the form it is printed: groups of
    four hex digits joined by ``-``."""
    text = "".join(code.split()).replace("-", "").upper()
    return "-".join(text[at : at + 4] for at in range(0, len(text), 4))


def code_matches(typed: str, sealed: str) -> bool:
    """Whether ``typed`` is the code ``sealed``: the whole code, or a code printed before
    codes were 12 digits long (its first 8 digits, ``XXXX-XXXX``)."""
    code = normal_code(typed)
    digits = len(code.replace("-", ""))
    return code == sealed or (digits == OLD_CODE_DIGITS and sealed.startswith(code + "-"))


@dataclass(frozen=True)
class Seal:
    """What a statement of a closed month prints: the close that covers the month, its short
    digest and the member's code."""

    closed: datetime.date
    digest: str
    code: str

    @property
    def short(self) -> str:
        """``sha256:`` and the first 16 hex digits."""
        return self.digest[: len("sha256:") + SHORT]


def published_as(digest: str, expect: str) -> bool:
    """Whether ``expect`` (a digest as published: whole, or its printed start of at least 16
    hex digits, with or without ``sha256:``) is ``digest``."""
    text = expect.strip().lower()
    if not text.startswith("sha256:"):
        text = "sha256:" + text
    return len(text) >= len("sha256:") + SHORT and digest.startswith(text)


def covering_close(closes: Sequence[Close], month: datetime.date) -> Close | None:
    """The first close on or after the last day of ``month``'s month (it covers the month)."""
    last = month_end(month)
    return next((close for close in closes if close.date >= last), None)


def seal(
    closes: Sequence[Close], month: datetime.date, member_id: str, closing: Mapping[str, Decimal]
) -> Seal | None:
    """The seal of a member's statement for ``month`` (None when the month is not closed)."""
    close = covering_close(closes, month)
    if close is None:
        return None
    return Seal(close.date, close.digest, statement_code(close.digest, member_id, closing))


def closing_of(statement: Statement) -> dict[str, Decimal]:
    """A statement's closing balance of each kind of the member's money."""
    return {movement.kind: movement.closing for movement in statement.month}


def close_holds(entries: Sequence[data.Directive], close: Close) -> bool:
    """Whether the books up to ``close``'s day are still those it closed."""
    return close_digest(digest_days(entries, close.date), close.date) == close.digest


@dataclass(frozen=True)
class Verdict:
    """The answer to "does this paper statement match the books?": ``outcome`` is one of
    :data:`OUTCOMES`, ``params`` what its words need (see ``templates/verdict.py``)."""

    outcome: str
    params: Mapping[str, object]

    @property
    def ok(self) -> bool:
        return self.outcome == "matches"


OUTCOMES: Final = ("matches", "not-closed", "changed", "not-published", "wrong-code")


def check_statement(
    entries: Sequence[data.Directive],
    books: Books,
    month: datetime.date,
    *,
    member_id: str,
    code: str,
    expect: str | None = None,
) -> Verdict:
    """Whether ``code`` is the code of ``member_id``'s statement for ``month`` in the closed
    books (and the close is ``expect``, a digest as published, when given)."""
    # imported here: the plugin's hot path never needs the month pass
    from kongtun.ledger.reports.month import read_month  # noqa: PLC0415
    from kongtun.ledger.reports.statements import statement  # noqa: PLC0415

    close = covering_close(read_closes(entries)[0], month)
    if close is None:
        return Verdict("not-closed", {"month": month})
    where = _where(close)
    if not close_holds(entries, close):
        return Verdict("changed", {"closed": close.date, "where": where, "digest": close.digest})
    if expect is not None and not published_as(close.digest, expect):
        found = {"month": close.date, "where": where, "digest": close.digest, "expect": expect}
        return Verdict("not-published", found)
    member = books.fund.members[member_id]
    built = statement(books.fund, read_month(entries, books, month), member)
    sealed = statement_code(close.digest, member_id, closing_of(built))
    if not code_matches(code, sealed):
        return Verdict("wrong-code", {"code": code, "member": member_id, "month": month})
    short = close.digest[: len("sha256:") + SHORT]
    found = {"member": member_id, "month": month, "closed": close.date, "digest": short}
    return Verdict("matches", found)


def _where(close: Close) -> str:
    return f"{close.entry.meta.get('filename')}:{close.entry.meta.get('lineno')}"
