"""kongtun never reads or writes Beancount's pickle cache (``.LEDGER.picklecache``).

``beancount.loader.load_file`` pickles a load that took ``PICKLE_CACHE_THRESHOLD`` (1 s) or
more beside the books, and unpickles that file on the next load when the books' sizes and
times look unchanged. The books here are large enough that Beancount caches them — the first
test proves it with bare Beancount — and kongtun's commands and Fava's load of them (which
kongtun's extension reads) neither leave a cache, nor trust a stale one, nor unpickle a
crafted one (whose unpickling would make a folder).
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from beancount import loader
from click.testing import CliRunner
from fava.core import FavaLedger

from kongtun.cli.main import main

MEMBERS, YEARS = 400, 3
NAME = f"scale-{MEMBERS}x{YEARS}.beancount"


class Crafted:
    """A pickle that makes a folder when unpickled (as one could run any code)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


@pytest.fixture(autouse=True)
def beancount_caches_every_load() -> Iterator[None]:
    """Bare Beancount here caches every load, not only those over its 1 s threshold: on a fast
    (or idle) machine these books load in under a second, and the tests must not depend on
    the machine's speed. kongtun's loads must leave no cache all the same."""
    threshold = loader.PICKLE_CACHE_THRESHOLD
    loader.PICKLE_CACHE_THRESHOLD = 0.0
    loader.initialize(use_cache=True)
    yield
    loader.PICKLE_CACHE_THRESHOLD = threshold
    loader.initialize(use_cache=True)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The books of a 400-member fund over three years (about 12,000 entries)."""
    folder = tmp_path_factory.mktemp("big")
    result = CliRunner().invoke(
        main, ["demo", str(folder), "--members", str(MEMBERS), "--years", str(YEARS)]
    )
    assert result.exit_code == 0, result.output
    return folder / NAME


def cache_of(path: Path) -> Path:
    return path.with_name(f".{path.name}.picklecache")


def kongtun(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def commands(path: Path, out: Path) -> list[list[str]]:
    return [
        ["check", str(path), "--lang", "en"],
        ["loans", str(path), "--lang", "en"],
        ["report", str(path), "--month", "2024-12", "--out", str(out), "--lang", "en"],
    ]


def test_beancount_itself_would_cache_these_books(big: Path, tmp_path: Path) -> None:
    copy = tmp_path / NAME
    shutil.copyfile(big, copy)
    loader.load_file(str(copy))
    assert cache_of(copy).exists(), "the books load in 1 s or more: Beancount caches them"


def test_kongtuns_commands_and_fava_leave_no_cache(big: Path, tmp_path: Path) -> None:
    for args in commands(big, tmp_path / "out"):
        code, output = kongtun(*args)
        assert code == 0, output
    FavaLedger(str(big))
    assert sorted(path.name for path in big.parent.iterdir()) == [NAME]


def test_a_crafted_cache_is_never_unpickled(big: Path, tmp_path: Path) -> None:
    marker = tmp_path / "the-cache-ran-code"
    crafted = pickle.dumps(Crafted(marker))
    cache = cache_of(big)
    cache.write_bytes(crafted)
    try:
        for args in commands(big, tmp_path / "out"):
            code, output = kongtun(*args)
            assert code == 0, output
            assert "Traceback" not in output
        FavaLedger(str(big))
        assert not marker.exists(), "the crafted cache was unpickled"
        assert cache.read_bytes() == crafted, "kongtun neither rewrites nor removes it"
        cache.write_bytes(b"\x80\x04damaged")
        code, output = kongtun("check", str(big), "--lang", "en")
        assert (code, "Traceback" in output) == (0, False)
    finally:
        cache.unlink()


def test_a_stale_cache_is_ignored(big: Path, tmp_path: Path) -> None:
    """The cache of the clean books, beside an edited copy of the same size and time (as a
    copy made with ``cp -p`` and edited keeps them): bare Beancount answers from the cache
    ("clean"); kongtun reads the books."""
    books = tmp_path / NAME
    shutil.copy2(big, books)
    loader.load_file(str(books))
    assert cache_of(books).exists()
    text = books.read_bytes()
    edited = text.replace(b'plugin "kongtun.plugins.fund"', b';lugin "kongtun.plugins.fund"', 1)
    assert len(edited) == len(text)
    times = books.stat()
    books.write_bytes(edited)
    os.utime(books, ns=(times.st_atime_ns, times.st_mtime_ns))
    _, stale_errors, _ = loader.load_file(str(books))
    assert stale_errors == [], "bare Beancount trusts the stale cache"
    cached = cache_of(books).read_bytes()
    code, output = kongtun("check", str(books), "--lang", "en")
    assert code == 1
    assert "plugin-missing" in output.splitlines()[0]
    assert cache_of(books).read_bytes() == cached
