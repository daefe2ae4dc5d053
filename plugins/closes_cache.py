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

import contextlib
import contextvars
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final

import beancount
from beancount.core import data

from kongtun.ledger.problems import Problem
from kongtun.ledger.years import closes as closes_module
from kongtun.ledger.years import verified
from kongtun.ledger.years.closes import read_closes, verify_closes
from kongtun.ledger.years.verified import cacheable, closed_prefixes, closes_key

NO_CACHE_ENV: Final = "KONGTUN_NO_CACHE"
#: a source file changed this recently is not vouched for by a written key: the bytes hashed
#: could be newer than the bytes Beancount parsed (a save during the load)
SETTLED_SECONDS: Final = 60.0
_FULL: contextvars.ContextVar[bool] = contextvars.ContextVar("kongtun_full_check", default=False)

#: what the loads of this process did: ``hit`` (the cache answered), ``full`` (every close
#: recomputed), ``written`` (a key written); read by the tests
COUNTS: dict[str, int] = {"hit": 0, "full": 0, "written": 0}


@contextlib.contextmanager
def full_check() -> Iterator[None]:
    """Loads inside recompute every close, never reading or writing the cache."""
    token = _FULL.set(True)
    try:
        yield
    finally:
        _FULL.reset(token)


def disabled() -> bool:
    """Whether this load must recompute every close."""
    return _FULL.get() or os.environ.get(NO_CACHE_ENV, "") not in ("", "0")


def cache_file(ledger: str) -> Path:
    """Where the cache of the books at ``ledger`` is kept (never beside the books)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = hashlib.sha256(os.path.abspath(ledger).encode()).hexdigest()
    return Path(base) / "kongtun" / "closes" / f"{name}.json"


def checked_closes(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> list[Problem]:
    """The problems of the closes of a load: none on a hit, every close recomputed otherwise."""
    key = None if disabled() else _key(entries, options)
    if key is not None and _read(options) == key[0]:
        COUNTS["hit"] += 1
        return []
    COUNTS["full"] += 1
    problems = verify_closes(entries)
    if key is not None and not problems and _settled(key[1]):
        _write(options, key[0])
    return problems


def _key(
    entries: Sequence[data.Directive], options: Mapping[str, Any]
) -> tuple[str, list[str]] | None:
    """The key of this load and its source files, or None when the cache cannot answer."""
    closes, malformed = read_closes(entries)
    files = [str(name) for name in options.get("include") or ()]
    if malformed or not closes or not files or not cacheable(options):
        return None
    ends, outside = closed_prefixes(entries, files, closes[-1].date)
    digests = {}
    for name, end in ends.items():
        digest = _prefix_digest(name, end)
        if digest is None:
            return None
        digests[name] = digest
    return closes_key(entries, options, closes, outside, digests, _code()), files


def _prefix_digest(name: str, end: int | None) -> str | None:
    """SHA-256 of the bytes of ``name`` before line ``end`` (the whole file when None), the
    blank lines and spaces at its end left out: an entry appended after a close, with a blank
    line before it, leaves the prefix as it was."""
    try:
        raw = Path(name).read_bytes()
    except OSError:
        return None
    if end is not None:
        parts = raw.split(b"\n", end - 1)
        raw = raw[: len(raw) - len(parts[-1])] if len(parts) == end else raw
    return hashlib.sha256(raw.rstrip()).hexdigest()


def _code() -> str:
    """The versions of kongtun and Beancount, and a digest of the closes' code."""
    try:
        ours = version("kongtun")
    except PackageNotFoundError:
        ours = "?"
    source = hashlib.sha256()
    for module in (closes_module, verified):
        with contextlib.suppress(OSError, TypeError):
            source.update(Path(str(module.__file__)).read_bytes())
    return f"{ours} {beancount.__version__} {source.hexdigest()}"


def _settled(files: Sequence[str]) -> bool:
    now = time.time()
    try:
        return all(now - os.stat(name).st_mtime > SETTLED_SECONDS for name in files)
    except OSError:
        return False


def _read(options: Mapping[str, Any]) -> str | None:
    try:
        text = cache_file(str(options["filename"])).read_text(encoding="utf-8")
        found = json.loads(text)
        return str(found["key"]) if isinstance(found, dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(options: Mapping[str, Any], key: str) -> None:
    path = cache_file(str(options["filename"]))
    with contextlib.suppress(OSError, ValueError, KeyError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".closes-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"key": key, "ledger": os.path.abspath(options["filename"])}, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
            COUNTS["written"] += 1
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
