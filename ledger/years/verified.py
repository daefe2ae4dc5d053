"""The key of a load's closes: what the verified-closes cache compares (docs/closes.md, Cost).

A load whose key equals the key of a load whose closes all held has the same closed months, so
its closes hold too without being recomputed. The key (:func:`closes_key`) is made of:

- the versions of kongtun and Beancount and a digest of the closes' code (given by the caller);
- the options that shape the entries (booking method, tolerances, operating currencies, the
  plugins and their configuration: every Beancount option but the file's name, its includes
  and the load's own hash);
- every close (its day, digest and the previous digest it names) and the carried close;
- for each source file, the digest of its **closed prefix** (:func:`closed_prefixes`): its
  bytes from the start up to the line before the first entry written after the last entry
  dated on or before the last close — every entry of the closed months written in the file
  lies in it;
- the record of every entry dated on or before the last close that does not lie in a hashed
  prefix: entries that plugins made (a pad's padding transaction, which a balance assertion
  after the close could change, were it made before kongtun's plugin) and entries of no
  source file. An entry added at the end of a file but dated in a closed month moves the
  prefix's end past it: the prefix's bytes change.

Pure: the bytes are hashed by the caller (``plugins/closes_cache.py``), which keeps the cache.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress, count, repeat
from operator import attrgetter, eq, itemgetter, not_
from typing import TYPE_CHECKING, Any, Final

from beancount.core import data
from beancount.core.flags import FLAG_PADDING as PADDING_FLAG
from beancount.parser.options import OPTIONS_DEFAULTS

if TYPE_CHECKING:
    from kongtun.ledger.years.closes import Close

# The closes' module is imported only when a record or a close is needed: the year ends' key
# (ledger/years/year_ends_key.py) uses this module on books that record no close.

KEY_VERSION: Final = "kongtun-closes-cache-v1"
#: options that say where the books are, not what they hold
_WHERE_OPTIONS: Final = frozenset({"filename", "include", "input_hash", "dcontext"})
#: the plugins whose entries the key accounts for: kongtun's own (they add accounts only)
TRUSTED_PLUGINS: Final = "kongtun.plugins."


def cacheable(options: Mapping[str, Any]) -> bool:
    """Whether the key can stand for the closes: no plugin but kongtun's runs (another plugin
    could change entries of the closed months from text outside their prefix)."""
    return all(str(name).startswith(TRUSTED_PLUGINS) for name, _ in options.get("plugin", []))


def closed_prefixes(
    entries: Sequence[data.Directive], files: Sequence[str], last: datetime.date
) -> tuple[dict[str, int | None], list[str]]:
    """For each source file, the first line after its closed prefix (None: the whole file);
    and the records of the entries dated on or before ``last`` that lie in no prefix, sorted.
    ``entries`` are in date order, as a load gives them to its plugins.

    An entry of a closed month written in a source file lies in its prefix by construction
    (the prefix runs to the last such entry, and on to the next entry), so the others are
    those of no source file and those a plugin made with a line's metadata (a padding
    transaction).

    The entries dated on or before ``last`` (most of a book, found by bisection) are not
    walked one by one: the few that need a look of their own (of no source file, or flagged as
    a padding transaction) are set apart by passes in C; the entries after ``last`` are walked
    (:func:`_walk`) first, and a file's last line among the earlier ones is a maximum taken in
    C only for a file with an entry after ``last``: a file with none has no end to find (the
    whole file is its prefix), whatever its last line. The answer is the walk's over every
    entry (tests/ledger/test_verified.py holds them equal)."""
    start = bisect_right(entries, last, key=_DATE)
    closing: dict[str, int] = dict.fromkeys(files, 0)
    records: list[str] = []
    head = entries[:start]
    try:
        metas = list(map(_META, head))
        names = set(map(_GET, metas, repeat("filename")))
    except TypeError:  # an entry without metadata: the walk over them all
        return _prefix_ends(_walk(entries, closing, last, records), closing, records)
    later = _walk(entries[start:], closing, last, records)  # dated after ``last``: no record
    special = _special(head, metas, names, closing)
    if special:  # each walked on its own, then left out of the maxima
        _walk([head[index] for index in special], closing, last, records)
        metas = [meta for index, meta in enumerate(metas) if index not in special]
    wanted = {name for name, _ in later}  # the files whose last closed line is needed
    if len(wanted) == 1 and len(closing) == 1:
        (name,) = closing
        lines = map(_GET, metas, repeat("lineno"))
        closing[name] = max(closing[name], max(lines, default=0))
    elif wanted:
        found = list(map(_GET, metas, repeat("lineno")))
        named = list(map(_GET, metas, repeat("filename")))
        for name in wanted:
            mine = compress(found, map(eq, named, repeat(name)))
            closing[name] = max(closing[name], max(mine, default=0))
    return _prefix_ends(later, closing, records)


_DATE: Final = attrgetter("date")
_META: Final = attrgetter("meta")
_THIRD: Final = itemgetter(2)
#: ``dict.get`` as a function of two arguments (raises TypeError for metadata of no dict)
_GET: Final[Callable[[dict[str, Any], str], Any]] = dict.get


def _special(
    entries: Sequence[data.Directive],
    metas: list[dict[str, Any]],
    names: set[Any],
    files: Mapping[str, int],
) -> set[int]:
    """The positions of the ``entries`` (``metas`` their metadata, ``names`` their files) of
    no source file among ``files`` or flagged as a padding transaction: each needs a look of
    its own (:func:`_walk`)."""
    found: set[int] = set()
    if not names.issubset(files):
        named = map(_GET, metas, repeat("filename"))
        found.update(compress(count(), map(not_, map(files.__contains__, named))))
    if _maybe_padding(entries):
        flags = map(getattr, entries, repeat("flag"), repeat(None))
        found.update(compress(count(), map(eq, flags, repeat(PADDING_FLAG))))
    return found


def _maybe_padding(entries: Sequence[data.Directive]) -> bool:
    """Whether any of ``entries`` may be a padding transaction: one has the padding flag for
    its third field (a transaction's flag; another directive's account, currency or type,
    which may be "P" too: those are looked at again by their flag). The third field is read
    by index, cheaper than asking each directive for a ``flag`` most do not have."""
    try:
        return PADDING_FLAG in map(_THIRD, entries)
    except (TypeError, IndexError):  # an entry that is not a directive's tuple
        return PADDING_FLAG in map(getattr, entries, repeat("flag"), repeat(None))


def _walk(
    entries: Iterable[data.Directive],
    closing: dict[str, int],
    last: datetime.date,
    records: list[str],
) -> list[tuple[str, int]]:
    """Walk ``entries``: each file's last line dated on or before ``last`` into ``closing``,
    the records of the entries so dated in no prefix into ``records``; returns the file and
    line of each entry of a file dated after ``last``."""
    later: list[tuple[str, int]] = []
    transaction, padding = data.Transaction, PADDING_FLAG
    for entry in entries:
        meta = entry.meta
        name = meta.get("filename") if meta else None
        if name not in closing or (type(entry) is transaction and entry.flag == padding):
            if entry.date <= last:
                records.append(record(entry))
            continue
        line = meta["lineno"]
        if entry.date > last:
            later.append((name, line))
        elif line > closing[name]:
            closing[name] = line
    return later


def _prefix_ends(
    later: list[tuple[str, int]], closing: dict[str, int], records: list[str]
) -> tuple[dict[str, int | None], list[str]]:
    """Each file's first line of an entry dated after the close past its last closed line."""
    ends: dict[str, int | None] = dict.fromkeys(closing)
    for name, line in later:
        end = ends[name]
        if line > closing[name] and (end is None or line < end):
            ends[name] = line
    records.sort()
    return ends, records


def record(entry: data.Directive) -> str:
    """The canonical record of ``entry``, or for an entry the closes leave out (a padding
    transaction, an account opened) its fields without where it is written."""
    from kongtun.ledger.years.closes import canonical  # noqa: PLC0415 - see the imports

    found = canonical(entry)
    if found is not None:
        return found
    meta = {key: value for key, value in (entry.meta or {}).items() if key not in _SKIPPED}
    return repr(entry._replace(meta=meta))


_SKIPPED: Final = frozenset({"filename", "lineno"})


def options_record(options: Mapping[str, Any]) -> str:
    """The options that shape the entries, as one string."""
    kept = {
        key: sorted(value) if isinstance(value, set | frozenset) else value
        for key, value in sorted(options.items())
        if key in OPTIONS_DEFAULTS and key not in _WHERE_OPTIONS
    }
    return repr(kept)


def closes_key(  # noqa: PLR0917 - the parts of the key, each named
    entries: Sequence[data.Directive],
    options: Mapping[str, Any],
    closes: Sequence[Close],
    outside: Sequence[str],
    prefix_digests: Mapping[str, str],
    code: str,
) -> str:
    """The key of the closes of a load: ``outside`` and the prefixes' ends as
    :func:`closed_prefixes` gives them, ``prefix_digests`` each file's closed prefix hashed,
    ``code`` the versions and the closes' code as the caller knows them. Where a prefix ends
    is not in the key: an entry of a closed month lies in a prefix (in its bytes: where it
    ends moves with them) or is a record."""
    from kongtun.ledger.years.closes import carried_close  # noqa: PLC0415 - see the imports

    carried = carried_close(entries) if closes[0].previous is not None else None
    head = {
        "version": KEY_VERSION,
        "code": code,
        "options": options_record(options),
        "closes": [[one.date.isoformat(), one.digest, one.previous] for one in closes],
        "carried": carried,
        "files": sorted(prefix_digests.items()),
    }
    hasher = hashlib.sha256(json.dumps(head, ensure_ascii=False).encode())
    for record in outside:
        hasher.update(record.encode())
        hasher.update(b"\n")
    return hasher.hexdigest()
