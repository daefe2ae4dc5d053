"""Writing files so that a failure never leaves a torn or half-written file behind."""

from __future__ import annotations

import datetime
import errno
import glob
import os
import re
import signal
import tempfile
from pathlib import Path
from typing import Final


def _mode(path: Path) -> int:
    """The file's current permissions, or the usual ones for a new file (umask applied)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def named(error: OSError, path: Path) -> OSError:
    """``error`` naming ``path`` (the file the user asked for) rather than a temporary file."""
    if error.filename == str(path) or error.errno is None:
        return error
    return OSError(error.errno, error.strerror, str(path))


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path``: a temporary file beside it, fsync, then rename.
    An ``OSError`` names ``path``, and leaves no temporary file."""
    try:
        _write_atomic(path, text)
    except OSError as error:
        raise named(error, path) from error


def _write_atomic(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, _mode(path))
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(text)
                binary.flush()
                os.fsync(binary.fileno())
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


#: Fault injection for the crash test (tests/cli/test_import_crash.py): when the environment
#: names a point of :func:`replace_keeping_backup`, the process kills itself there with
#: SIGKILL, exactly as a power cut or ``kill -9`` would stop it. ``write:N`` stops after N
#: bytes of the new version are written to the temporary file.
FAULT_ENV = "KONGTUN_FAULT"
CHUNK = 64 * 1024


def _fault(point: str, written: int | None = None) -> None:
    wanted = os.environ.get(FAULT_ENV)
    if not wanted:
        return
    name, _, count = wanted.partition(":")
    if name != point:
        return
    if written is not None and (not count.isdigit() or written < int(count)):
        return
    os.kill(os.getpid(), signal.SIGKILL)


def _fsync_dir(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _owner(path: Path) -> tuple[int, int] | None:
    """The file's owner and group when they are not this process's (a new file would change
    them); None when they are the same."""
    if not path.exists():
        return None
    info = path.stat()
    if (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid()):
        return None
    return info.st_uid, info.st_gid


def _write_new(
    path: Path, content: bytes, mode: int, point: str, owner: tuple[int, int] | None = None
) -> None:
    """``content`` into ``path`` through a temporary file beside it, fsync, rename; the file
    keeps ``mode`` and, when given, ``owner`` (uid, gid) — or nothing is written."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, mode)
        if owner is not None:
            os.fchown(handle, *owner)
        with os.fdopen(handle, "wb") as out:
            for start in range(0, len(content), CHUNK):
                out.write(content[start : start + CHUNK])
                if point == "write":
                    out.flush()
                    _fault("write", start + CHUNK)
            out.flush()
            os.fsync(out.fileno())
        _fault(f"before-rename-{point}")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


#: How many dated backups of a file kongtun keeps besides the first (docs/importing.md).
BACKUPS_KEPT: Final = 10
#: ``books.beancount.2025-01-05T101500.bak`` (``-2``, ``-3``, ... for a second in the same second)
BACKUP_NAME: Final = re.compile(r"\.(\d{4}-\d{2}-\d{2}T\d{6})(?:-(\d+))?\.bak")
STAMP: Final = "%Y-%m-%dT%H%M%S"


def backup_path(path: Path, now: datetime.datetime) -> Path:
    """Where the version of ``path`` before a write at ``now`` is kept, beside it:
    ``books.beancount.2025-01-05T101500.bak`` (a name no backup has yet)."""
    stamp = now.strftime(STAMP)
    backup = path.with_name(f"{path.name}.{stamp}.bak")
    count = 1
    while backup.exists():
        count += 1
        backup = path.with_name(f"{path.name}.{stamp}-{count}.bak")
    return backup


def backups(path: Path) -> list[Path]:
    """The dated backups of ``path`` beside it, oldest first."""
    found: list[tuple[str, int, Path]] = []
    for other in path.parent.glob(f"{glob.escape(path.name)}.*.bak"):
        match = BACKUP_NAME.fullmatch(other.name[len(path.name) :])
        if match is not None and other.is_file():
            found.append((match.group(1), int(match.group(2) or 1), other))
    return [other for _, _, other in sorted(found)]


def rotate_backups(path: Path, keep: int = BACKUPS_KEPT) -> list[Path]:
    """Remove the dated backups of ``path`` beyond the first and the ``keep`` latest; returns
    those removed. The first is never removed: it is the books as they were before kongtun
    first wrote them (the only copy of the original)."""
    found = backups(path)
    removed = found[1 : max(1, len(found) - keep)]
    for old in removed:
        old.unlink()
    return removed


class ReadOnlyError(PermissionError):
    """The file's permissions say it must not be written (``chmod 444``); kongtun does not
    replace it, even where the folder would allow it."""


def refuse_read_only(path: Path) -> None:
    """Raise :class:`ReadOnlyError` when nobody may write ``path`` by its permissions, or this
    user may not (root may write anything, so the permission bits are read too)."""
    if not path.exists():
        return
    if not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK):
        raise ReadOnlyError(errno.EACCES, "read-only", str(path))


def replace_keeping_backup(
    path: Path, old: bytes, new: bytes, now: datetime.datetime | None = None
) -> Path:
    """Replace ``path`` (whose content is ``old``) by ``new``, keeping ``old`` as a dated
    backup (:func:`backup_path`), then rotating the backups (:func:`rotate_backups`).

    The backup is written first (atomically), then the new version (a temporary file, fsync,
    rename, fsync of the folder): if the process stops at any point, ``path`` holds either
    ``old`` or ``new`` in full. A read-only ``path`` is refused (:class:`ReadOnlyError`); the
    new version keeps the file's permissions and owner. When writing fails (an ``OSError``),
    the backup just made is removed and ``path`` is as it was. Returns the backup's path.
    """
    refuse_read_only(path)
    if path.read_bytes() != old:
        raise FileChangedError(str(path))
    mode = _mode(path)
    owner = _owner(path)
    backup = backup_path(path, now or datetime.datetime.now())
    try:
        _write_new(backup, old, mode, "backup", owner)
    except OSError as error:
        raise named(error, path) from error
    _fault("after-backup")
    try:
        _write_new(path, new, mode, "write", owner)
    except OSError as error:
        backup.unlink(missing_ok=True)
        raise named(error, path) from error
    _fault("after-rename")
    rotate_backups(path)
    return backup


class FileChangedError(OSError):
    """The file changed on disk between reading and replacing it (another program wrote it)."""
