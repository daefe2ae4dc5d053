"""Writing files so that a failure never leaves a torn or half-written file behind."""

from __future__ import annotations

import ctypes
import datetime
import errno
import glob
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Sequence
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


# --- sets of files (a month's statements): written whole, in one folder -------------------

#: Linux's renameat2 flag: swap two paths in one step
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to ask
        return None


def _sync_files(folder: Path, names: Sequence[str]) -> None:
    """Make the files of ``folder`` durable: one ``syncfs`` of its file system where Linux has
    it, else one ``fsync`` per file; then the folder itself."""
    libc = _libc()
    syncfs = getattr(libc, "syncfs", None) if libc is not None else None
    directory = os.open(folder, os.O_RDONLY)
    try:
        if syncfs is None or syncfs(directory) != 0:
            for name in names:
                handle = os.open(folder / name, os.O_RDONLY)
                try:
                    os.fsync(handle)
                finally:
                    os.close(handle)
        os.fsync(directory)
    finally:
        os.close(directory)


def _exchange(new: Path, old: Path) -> bool:
    """Swap the folders ``new`` and ``old`` in one step (False where the system cannot)."""
    libc = _libc()
    renameat2 = getattr(libc, "renameat2", None) if libc is not None else None
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system that cannot exchange
    raise OSError(code, os.strerror(code), str(old))


def _put_in_place(temp: Path, folder: Path) -> Path | None:
    """Move the finished set ``temp`` to ``folder``; returns where the old set went (if any)."""
    if not folder.exists():
        os.rename(temp, folder)
        return None
    if _exchange(temp, folder):
        return temp  # now holds the old set
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(folder, old)  # (a stop here leaves the old set at .NAME.old: see _recover)
    os.rename(temp, folder)
    return old


def _recover(folder: Path) -> None:
    """Clear what a run stopped part-way left: its temporary set (never in place), or put the
    old set back where a system without exchange was stopped between its two renames."""
    old = folder.with_name(f".{folder.name}.old")
    if not folder.exists() and old.is_dir():
        os.rename(old, folder)
    for stale in folder.parent.glob(f".{folder.name}.*.tmp"):
        shutil.rmtree(stale, ignore_errors=True)


def write_set(folder: Path, files: Sequence[tuple[str, str | bytes]], keep: bool = False) -> None:
    """Write ``files`` (name, text or bytes) as the folder ``folder``: all of them or none.

    The set is written into a temporary folder beside ``folder`` with no sync per file, made
    durable with one sync, then put in place in one step (Linux: the new folder and the old
    one exchanged, and the old one removed). A run stopped at any point — an error, a full
    disk, ``kill -9``, a power cut — leaves ``folder`` with the old set or the new one, never a
    mix. With ``keep``, the old set's files not in ``files`` stay in the new set.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    _recover(folder)
    temp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".tmp"))
    try:
        names = _fill(temp, folder, files, keep)
        _sync_files(temp, names)
        _fault("set-before-swap")
        old = _put_in_place(temp, folder)
        _fsync_dir(folder.parent)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _fault("set-after-swap")
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _fill(
    temp: Path, folder: Path, files: Sequence[tuple[str, str | bytes]], keep: bool
) -> list[str]:
    """The new set's files in ``temp`` (and, with ``keep``, the old set's others, linked)."""
    mode = _mode(folder / "new")
    names = []
    for count, (name, content) in enumerate(files, start=1):
        data = content.encode("utf-8") if isinstance(content, str) else content
        handle = os.open(temp / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        names.append(name)
        _fault("set-write", count)
    if keep and folder.is_dir():
        wanted = set(names)
        for path in folder.iterdir():
            if path.name not in wanted and path.is_file():
                os.link(path, temp / path.name)
    return names
