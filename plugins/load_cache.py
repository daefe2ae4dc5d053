"""What kongtun's load caches share (docs/closes.md, docs/year-end.md): where a cache is kept,
the switch that turns every cache off, a source file's prefix hashed, and a small JSON file
read and written atomically. The verified-closes cache (:mod:`kongtun.plugins.closes_cache`)
and the verified-year-ends cache (:mod:`kongtun.plugins.year_ends_cache`) use them.

Every load cache is off with ``KONGTUN_NO_CACHE=1`` in the environment or inside
:func:`full_check` (``verify-chain``, ``verify-statement``, ``audit``, ``close``, ``carry``,
``check --no-cache``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple

import beancount

NO_CACHE_ENV: Final = "KONGTUN_NO_CACHE"
#: a source file changed this recently is not vouched for by a written key: the bytes hashed
#: could be newer than the bytes Beancount parsed (a save during the load)
SETTLED_SECONDS: Final = 60.0
_FULL: contextvars.ContextVar[bool] = contextvars.ContextVar("kongtun_full_check", default=False)


#: kongtun's version, the one pyproject.toml gives (tests/plugins/test_load_imports.py holds
#: them equal), written here because reading it through ``importlib.metadata`` imports that
#: package and ``email`` on every load: about 17 ms of CPU, 1-2 % of a load of ~10k
#: transactions (docs/performance.md, round 7)
VERSION: Final = "0.1.0"


@contextlib.contextmanager
def full_check() -> Iterator[None]:
    """Loads inside recompute every close and check every recorded year end, never reading or
    writing a load cache."""
    token = _FULL.set(True)
    try:
        yield
    finally:
        _FULL.reset(token)


def disabled() -> bool:
    """Whether this load must do without the load caches (every close recomputed, every
    recorded year end checked)."""
    return _FULL.get() or os.environ.get(NO_CACHE_ENV, "") not in ("", "0")


def cache_file(ledger: str, folder: str = "closes") -> Path:
    """Where the cache of the books at ``ledger`` is kept (never beside the books): the
    verified closes' in ``closes``, the verified year ends' in ``year-ends``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = hashlib.sha256(os.path.abspath(ledger).encode()).hexdigest()
    return Path(base) / "kongtun" / folder / f"{name}.json"


class Prefix(NamedTuple):
    """Where a file's hashed prefix ended when a key was written, kept with the key: the line
    it ran to (:func:`prefix_digest`'s ``end``; 0 for the whole file), the byte that line
    starts at, the newlines in the bytes hashed and their digest. A later load with the same
    ``end`` finds the line's start from it without counting every newline of the file
    (:func:`hashed_prefix`). ``stamp``, when known, is the file as the file system described it
    while it was hashed (:func:`file_stamp`): a later load that finds the file so takes the
    digest without reading the file (:func:`prefix_digests`)."""

    line: int
    start: int
    newlines: int
    digest: str
    stamp: tuple[int, ...] | None = None


#: a :class:`Prefix`'s ``line`` for the whole file (lines count from 1): such a prefix is kept
#: for its digest and stamp alone, its ``start`` the file's length and ``newlines`` 0
WHOLE_FILE: Final = 0


def prefix_digest(name: str, end: int | None) -> str | None:
    """SHA-256 of the bytes of ``name`` before line ``end`` (the whole file when None), the
    blank lines and spaces at its end left out: an entry appended after a close, with a blank
    line before it, leaves the prefix as it was."""
    try:
        raw = Path(name).read_bytes()
    except OSError:
        return None
    return hashed_prefix(raw, end)[0]


def hashed_prefix(
    raw: bytes, end: int | None, kept: Prefix | None = None
) -> tuple[str, Prefix | None]:
    """:func:`prefix_digest` of the bytes ``raw``, and where its prefix ends (None for the whole
    file, or a line past its last).

    ``kept``, where the prefix ended when a key was written, saves counting the newlines of the
    whole file (8 instructions a byte: 200 M for a file of 25 MB) when it still holds: the same
    line, a newline just before its start, the same number of newlines between the bytes
    hashed and it, and the bytes before them hashed to the same digest — the same bytes, so
    the line starts where it did. Otherwise, or with anything kept that is not so, the
    newlines are counted (:func:`line_start`): the digest is always the one counting gives
    (tests/plugins/test_year_ends_cache.py holds them equal)."""
    if end is None:
        return _digest(raw, _stripped(raw, len(raw))), None
    if kept is not None and kept.line == end and 0 < kept.start <= len(raw):
        start = kept.start
        stop = _stripped(raw, start)
        if raw[start - 1] == _NEWLINE and kept.newlines + raw.count(b"\n", stop, start) == end - 1:
            digest = _digest(raw, stop)
            if digest == kept.digest:
                return digest, kept
    start, exact = _line_start(raw, end)
    stop = _stripped(raw, start)
    digest = _digest(raw, stop)
    if not exact:
        return digest, None
    return digest, Prefix(end, start, end - 1 - raw.count(b"\n", stop, start), digest)


_NEWLINE: Final = ord("\n")


def _stripped(raw: bytes, stop: int) -> int:
    """``stop`` moved back over the blank bytes before it (what ``bytes.rstrip`` leaves out)."""
    while stop and raw[stop - 1 : stop].isspace():
        stop -= 1
    return stop


def _digest(raw: bytes, stop: int) -> str:
    return hashlib.sha256(memoryview(raw)[:stop]).hexdigest()


def prefix_digests(
    ends: Mapping[str, int | None], kept: Mapping[str, Prefix] | None = None
) -> tuple[dict[str, str], dict[str, Prefix]] | None:
    """:func:`prefix_digest` of each file of ``ends`` (file -> its prefix's end, as
    ``ledger.years.verified.closed_prefixes`` gives them), and where each prefix ended (to keep
    with a key: ``kept`` on a later load, see :func:`hashed_prefix`); None when a file cannot
    be read: the part of both caches' keys that reads the books' files.

    A file whose ``kept`` prefix ends where it ends now and whose :func:`file_stamp` is the one
    kept is not read: its digest is the kept one (the same bytes: any write to the file moves
    its change time, which no program can set back, and a file put in its place by a rename
    has another inode — the trust the code's kept digest already places in the file system,
    :func:`code_identity`). Hashing a file of 3.6 MB is about 100 M instructions where the
    processor has no SHA instructions (docs/performance.md, round 11). A file is stamped only
    when the file system describes it the same before it is read and after it is hashed."""
    digests, prefixes = {}, {}
    for name, end in ends.items():
        was = kept.get(name) if kept else None
        stamp = file_stamp(name)
        line = WHOLE_FILE if end is None else end
        if was is not None and stamp is not None and was.stamp == stamp and was.line == line:
            digests[name], prefixes[name] = was.digest, was
            continue
        try:
            raw = Path(name).read_bytes()
        except OSError:
            return None
        digests[name], prefix = hashed_prefix(raw, end, was)
        if prefix is None and end is None:
            prefix = Prefix(WHOLE_FILE, len(raw), 0, digests[name])
        if prefix is not None:
            prefixes[name] = prefix._replace(stamp=stamp if _stampable(name, stamp) else None)
    return digests, prefixes


#: a file whose change time is this recent is not stamped (nanoseconds): the file system's
#: clock moves in ticks of a few milliseconds, and a write within the tick of the change the
#: stamp shows could leave its size and times as they were
STAMP_SETTLED_NS: Final = 2_000_000_000


def _stampable(name: str, stamp: tuple[int, ...] | None) -> bool:
    """Whether ``stamp``, the file's before it was read, stands for the bytes hashed: the file
    system describes the file the same after the hash, and its last change is older than
    :data:`STAMP_SETTLED_NS` (any later write gives it another change time)."""
    return (
        stamp is not None
        and time.time_ns() - stamp[2] > STAMP_SETTLED_NS
        and file_stamp(name) == stamp
    )


def restamped(kept: Mapping[str, Prefix], now: Mapping[str, Prefix], files: Sequence[str]) -> bool:
    """Whether a hit keeps the prefixes ``now`` in place of those ``kept``: a file was written
    since (the key the same), each prefix has its file's stamp, and the files have settled —
    so that the next load need not hash them again (:func:`prefix_digests`)."""
    return (
        now != kept and all(prefix.stamp is not None for prefix in now.values()) and settled(files)
    )


def file_stamp(name: str) -> tuple[int, ...] | None:
    """The file at ``name`` as the file system describes it: size, modification and change
    times (nanoseconds), inode and device; None when it cannot say."""
    try:
        stat = os.stat(name)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)


def prefixes_record(prefixes: Mapping[str, Prefix]) -> dict[str, list[Any]]:
    """``prefixes`` as a cache file keeps them (JSON)."""
    return {
        name: [*prefix[:4], None if prefix.stamp is None else list(prefix.stamp)]
        for name, prefix in sorted(prefixes.items())
    }


def read_prefixes(found: Mapping[str, Any]) -> dict[str, Prefix]:
    """The prefixes a cache file keeps (``prefixes``), those not as written left out (a
    stamp not as written is no stamp)."""
    kept = found.get("prefixes")
    prefixes: dict[str, Prefix] = {}
    if not isinstance(kept, dict):
        return prefixes
    for name, value in kept.items():
        if (
            isinstance(value, list)
            and len(value) in (4, 5)
            and all(type(one) is int for one in value[:3])
            and isinstance(value[3], str)
        ):
            stamp = value[4] if len(value) == 5 else None
            good = (
                isinstance(stamp, list)
                and len(stamp) == 5
                and all(type(one) is int for one in stamp)
            )
            line, start, newlines, digest = value[:4]
            stamp_kept = tuple(stamp) if good and isinstance(stamp, list) else None
            prefixes[str(name)] = Prefix(line, start, newlines, digest, stamp_kept)
    return prefixes


def line_start(raw: bytes, line: int) -> int:
    """Where line ``line`` (from 1) of ``raw`` starts, or its length when it has fewer lines.

    The newlines are counted in C, then walked from the nearer end: a prefix that runs to the
    open year of a long file lies near its end (no list of every line is made)."""
    return _line_start(raw, line)[0]


def _line_start(raw: bytes, line: int) -> tuple[int, bool]:
    """:func:`line_start`, and whether the line is in ``raw`` after a newline (its start is the
    byte after the ``line - 1``-th newline)."""
    total, wanted = raw.count(b"\n"), line - 1  # the newline before the line is the wanted-th
    if wanted <= 0 or wanted > total:
        return (0, False) if wanted <= 0 else (len(raw), False)
    if wanted <= total - wanted:
        at = -1
        for _ in range(wanted):
            at = raw.index(b"\n", at + 1)
        return at + 1, True
    at = len(raw)
    for _ in range(total - wanted + 1):
        at = raw.rindex(b"\n", 0, at)
    return at + 1, True


def settled(files: Sequence[str]) -> bool:
    """Whether every one of ``files`` was last changed more than :data:`SETTLED_SECONDS` ago
    (a key is written only for such files)."""
    now = time.time()
    try:
        return all(now - os.stat(name).st_mtime > SETTLED_SECONDS for name in files)
    except OSError:
        return False


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object kept at ``path``, or None when it cannot be read (no cache)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def write_json(path: Path, value: Mapping[str, Any]) -> bool:
    """Write ``value`` to ``path`` atomically (a temporary file, fsync, rename); False when it
    cannot be written (no cache, silently).

    The temporary file is made as ``tempfile.mkstemp`` makes one (a random name in the cache's
    folder, created only if it does not exist, readable by its owner alone), without importing
    ``tempfile``: it brings ``shutil``, ``random``, ``bz2`` and ``lzma`` (about 11 M
    instructions) into every load that writes a cache — the first after a day's entries, which
    keeps the books' new stamp (docs/performance.md, round 11)."""
    with contextlib.suppress(OSError, ValueError, TypeError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.parent / f".cache-{os.urandom(8).hex()}.tmp"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(value, out, ensure_ascii=False)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
            return True
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return False


@functools.cache
def code_identity(paths: tuple[str, ...]) -> str:
    """kongtun's and Beancount's versions and a digest of the sources at ``paths`` (each file's
    name and bytes, in the order given): the code part of both caches' keys, read once a process
    (the code a process runs does not change); a file that cannot be read adds nothing.

    The digest is kept in the cache folder beside each source file's identity as the file
    system gives it (:func:`_stamps`: size, modification and change times in nanoseconds,
    inode, device); a later process whose sources all have the identities kept takes the
    digest from there instead of hashing 470 kB of sources again (17 M instructions, about
    3 ms of CPU, on every load: docs/performance.md, round 10). Any write to a source changes
    its change time (which no program can set back): such a source, or any other difference,
    and the sources are hashed as before and the digest kept again."""
    memo = cache_file("\n".join(paths), CODE_FOLDER)
    stamps = _stamps(paths)
    found = read_json(memo)
    if (
        found is not None
        and found.get("stamps") == stamps
        and isinstance(digest := found.get("digest"), str)
    ):
        return _identity(digest)
    digest = source_digest(paths)
    write_json(memo, {"stamps": stamps, "digest": digest})
    return _identity(digest)


#: where :func:`code_identity` keeps the sources' digest with their identities
CODE_FOLDER: Final = "code"


def _identity(digest: str) -> str:
    return f"{VERSION} {beancount.__version__} {digest}"


def _stamps(paths: Sequence[str]) -> list[list[Any]]:
    """Each of ``paths`` with its :func:`file_stamp` (size, modification and change times in
    nanoseconds, inode and device); a file that cannot be read has none."""
    return [[one, *(file_stamp(one) or ())] for one in paths]


def source_digest(paths: Sequence[str]) -> str:
    """SHA-256 of the sources at ``paths`` (each file's name and bytes, in the order given;
    a file that cannot be read adds nothing)."""
    source = hashlib.sha256()
    for one in paths:
        with contextlib.suppress(OSError):
            path = Path(one)
            source.update(path.name.encode())
            source.update(path.read_bytes())
    return source.hexdigest()
