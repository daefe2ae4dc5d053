"""Writing files so that a failure never leaves a torn or half-written file behind."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import tempfile
from collections.abc import Sequence
from pathlib import Path


def _mode(path: Path) -> int:
    """The file's current permissions, or the usual ones for a new file (umask applied)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path``: a temporary file beside it, fsync, then rename."""
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


def _write_new(path: Path, content: bytes, mode: int, point: str) -> None:
    """``content`` into ``path`` through a temporary file beside it, fsync, rename."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, mode)
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


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept: ``books.beancount.bak`` beside it."""
    return path.with_name(path.name + ".bak")


def replace_keeping_backup(path: Path, old: bytes, new: bytes) -> Path:
    """Replace ``path`` (whose content is ``old``) by ``new``, keeping ``old`` as a backup.

    The backup is written first (atomically), then the new version (a temporary file, fsync,
    rename, fsync of the folder): if the process stops at any point, ``path`` holds either
    ``old`` or ``new`` in full. Returns the backup's path.
    """
    if path.read_bytes() != old:
        raise FileChangedError(str(path))
    mode = _mode(path)
    backup = backup_path(path)
    _write_new(backup, old, mode, "backup")
    _fault("after-backup")
    _write_new(path, new, mode, "write")
    _fault("after-rename")
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
