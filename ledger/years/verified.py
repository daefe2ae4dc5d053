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
  prefix (:func:`outside`): entries that plugins made (a pad's padding transaction, which a
  balance assertion after the close can change), entries of other files, and an entry written
  after the prefix but dated in a closed month.

Pure: the bytes are hashed by the caller (``plugins/closes_cache.py``), which keeps the cache.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from beancount.core import data
from beancount.parser.options import OPTIONS_DEFAULTS

from kongtun.ledger.years.closes import PADDING_FLAG, Close, canonical, carried_close

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
    entries: Iterable[data.Directive], files: Sequence[str], last: datetime.date
) -> dict[str, int | None]:
    """For each source file, the first line after its closed prefix (None: the whole file)."""
    closing: dict[str, int] = dict.fromkeys(files, 0)
    lines: dict[str, list[int]] = {name: [] for name in files}
    for entry in entries:
        meta = entry.meta
        name = meta.get("filename") if meta else None
        if name not in lines or _synthetic(entry):
            continue
        line = meta["lineno"]
        lines[name].append(line)
        if entry.date <= last and line > closing[name]:
            closing[name] = line
    return {
        name: min((line for line in lines[name] if line > closing[name]), default=None)
        for name in files
    }


def _synthetic(entry: data.Directive) -> bool:
    """An entry a plugin made with the metadata of a line (a pad's padding transaction)."""
    return type(entry) is data.Transaction and entry.flag == PADDING_FLAG


def outside(
    entries: Iterable[data.Directive], prefixes: Mapping[str, int | None], last: datetime.date
) -> list[str]:
    """The records of the entries dated on or before ``last`` that lie in no hashed prefix."""
    records = []
    for entry in entries:
        if entry.date > last:
            continue
        meta = entry.meta or {}
        name = str(meta.get("filename"))
        if name in prefixes and not _synthetic(entry):
            end = prefixes[name]
            if end is None or int(meta.get("lineno") or 0) < end:
                continue
        records.append(_record(entry))
    records.sort()
    return records


def _record(entry: data.Directive) -> str:
    """The canonical record of ``entry``, or for an entry the closes leave out (a padding
    transaction, an account opened) its fields without where it is written."""
    record = canonical(entry)
    if record is not None:
        return record
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
    ends: Mapping[str, int | None],
    prefix_digests: Mapping[str, str],
    code: str,
) -> str:
    """The key of the closes of a load: ``ends`` as :func:`closed_prefixes` gives them,
    ``prefix_digests`` each file's closed prefix hashed, ``code`` the versions and the closes'
    code as the caller knows them. Where a prefix ends is not in the key: an entry of a closed
    month written in a file lies either in its prefix (in its bytes) or after it (its record)."""
    last = closes[-1].date
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
    for record in outside(entries, ends, last):
        hasher.update(record.encode())
        hasher.update(b"\n")
    return hasher.hexdigest()
