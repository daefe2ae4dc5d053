"""The verified-closes cache: a load whose closed months are those of a load whose closes all
held skips recomputing them (docs/closes.md, "Cost").

The cache is one small JSON file a ledger, outside the books:
``$XDG_CACHE_HOME/kongtun/closes/<SHA-256 of the ledger's absolute path>.json`` (``~/.cache``
without ``XDG_CACHE_HOME``), holding the key (:func:`kongtun.ledger.years.verified.closes_key`)
of the last load whose closes all held. A load computes its key in a cheap pass (each source
file's closed prefix hashed, the records of the few entries of closed months outside them): the
same key is a hit and the closes hold; another key is a miss: every close is recomputed as
without the cache and, when all hold, the key is written (atomically). Any failure to read or
write the cache is a miss, silently.

The full check always runs, never the cache, with ``KONGTUN_NO_CACHE=1`` in the environment or
inside :func:`full_check` (``verify-chain``, ``verify-statement``, ``audit``, ``close``,
``check --no-cache``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from beancount.core import data

from kongtun.ledger.problems import Problem
from kongtun.ledger.years import closes as closes_module
from kongtun.ledger.years import verified
from kongtun.ledger.years.closes import read_closes, verify_closes
from kongtun.ledger.years.verified import cacheable, closed_prefixes, closes_key
from kongtun.plugins.load_cache import (
    Prefix,
    cache_file,
    code_identity,
    disabled,
    prefix_digests,
    prefixes_record,
    read_json,
    read_prefixes,
    restamped,
    settled,
    write_json,
)

#: what the loads of this process did: ``hit`` (the cache answered), ``full`` (every close
#: recomputed), ``written`` (a key written); read by the tests
COUNTS: dict[str, int] = {"hit": 0, "full": 0, "written": 0}
#: hits that kept the files' stamps anew (a file written since, the key the same)
RESTAMPED: dict[str, int] = {"written": 0}


def checked_closes(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> list[Problem]:
    """The problems of the closes of a load: none on a hit, every close recomputed otherwise."""
    path = cache_file(str(options["filename"]))
    found = None if disabled() else read_json(path)
    kept = read_prefixes(found or {})
    key = None if disabled() else _key(entries, options, kept)
    if key is not None and _key_in(found) == key[0]:
        COUNTS["hit"] += 1
        if restamped(kept, key[2], key[1]):  # a file written since (after the last close)
            RESTAMPED["written"] += _write(path, key, options)
        return []
    COUNTS["full"] += 1
    problems = verify_closes(entries)
    if key is not None and not problems and settled(key[1]):
        COUNTS["written"] += _write(path, key, options)
    return problems


def _write(
    path: Path, key: tuple[str, list[str], dict[str, Prefix]], options: Mapping[str, Any]
) -> bool:
    """Write the key of closes that all held (atomically); False when it cannot (silently)."""
    ledger = os.path.abspath(options["filename"])
    value = {"key": key[0], "ledger": ledger, "prefixes": prefixes_record(key[2])}
    return write_json(path, value)


def _key_in(found: dict[str, Any] | None) -> str | None:
    key = found.get("key") if found is not None else None
    return str(key) if key is not None else None


def _key(
    entries: Sequence[data.Directive],
    options: Mapping[str, Any],
    kept: Mapping[str, Prefix] | None = None,
) -> tuple[str, list[str], dict[str, Prefix]] | None:
    """The key of this load, its source files and where each file's prefix ends, or None when
    the cache cannot answer; ``kept``: where they ended when the cache was written
    (:func:`kongtun.plugins.load_cache.hashed_prefix`)."""
    closes, malformed = read_closes(entries)
    files = [str(name) for name in options.get("include") or ()]
    if malformed or not closes or not files or not cacheable(options):
        return None
    ends, outside = closed_prefixes(entries, files, closes[-1].date)
    hashed = prefix_digests(ends, kept)
    if hashed is None:
        return None
    digests, prefixes = hashed
    return closes_key(entries, options, closes, outside, digests, _code()), files, prefixes


def _code() -> str:
    """The versions of kongtun and Beancount, and a digest of the closes' code."""
    return code_identity(tuple(str(module.__file__) for module in (closes_module, verified)))
