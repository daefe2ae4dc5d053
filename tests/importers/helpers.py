"""Running ``kongtun import`` in tests, and what a test checks after it."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.tests.importers.samples import BOOKS

LINE = re.compile(r"^(?P<file>.*?)(?::(?P<row>\d+))?: (?P<rule>import-[a-z-]+): ")


def books(folder: Path) -> Path:
    """A copy of the test books in ``folder``."""
    path = folder / "books.beancount"
    shutil.copyfile(BOOKS, path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def rows_and_rules(out: str) -> list[tuple[int, str]]:
    """(row, rule id) of each problem line ``kongtun import`` printed."""
    found = []
    for line in out.splitlines():
        match = LINE.match(line)
        assert match, line
        found.append((int(match.group("row") or 0), match.group("rule")))
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (and below) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` cannot be written while the block runs, for real: the tests run as root, who
    may write any folder whatever its mode, so the folder is made immutable (``chattr +i``, as
    a protected or read-only share behaves: creating a file in it fails with EPERM); as another
    user its mode is 0o555 (EACCES). Skips the test where neither is possible."""
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip(f"chattr +i is not available here: {made.stderr!r}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(mode)
