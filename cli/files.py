"""Writing files so that a failure never leaves a torn or half-written file behind."""

from __future__ import annotations

import os
import signal
import tempfile
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
