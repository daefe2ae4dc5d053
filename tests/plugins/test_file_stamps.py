"""The caches' file stamps (``plugins/load_cache.py`` ``prefix_digests``): a file the file
system describes as it did when its prefix was hashed — size, modification and change times,
inode, device — is not read again, its kept digest taken; any write to it, a file renamed over
it, and it is hashed anew; a file changed moments ago is not stamped (docs/year-end.md,
"The key"). Real files, real loads; each test waits for a change time to settle. And how a
cache file is written: whole or not at all, readable by its owner alone."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from kongtun.plugins import closes_cache, year_ends_cache
from kongtun.plugins.load_cache import (
    STAMP_SETTLED_NS,
    WHOLE_FILE,
    cache_file,
    file_stamp,
    prefix_digests,
    prefixes_record,
    read_prefixes,
    write_json,
)
from kongtun.plugins.year_ends_cache import FOLDER
from kongtun.tests.plugins import test_closes_cache as closes
from kongtun.tests.plugins.test_year_ends_cache import HIT, LATER, aged, cached, load

RAW = b"2024-01-01 open Assets:Cash\n2024-01-02 open Assets:Bank\n"


def settle() -> None:
    """Wait until a change made now is older than the stamps ask."""
    time.sleep(STAMP_SETTLED_NS / 1e9 + 0.3)


def settled_file(tmp_path: Path, raw: bytes = RAW) -> Path:
    path = tmp_path / "books.beancount"
    path.write_bytes(raw)
    aged(path)
    settle()
    return path


def plain(raw: bytes) -> str:
    return hashlib.sha256(raw.rstrip()).hexdigest()


def test_a_file_described_the_same_is_not_read_again(tmp_path: Path) -> None:
    path = settled_file(tmp_path)
    name = str(path)
    hashed = prefix_digests({name: None})
    assert hashed is not None
    digests, prefixes = hashed
    assert digests == {name: plain(RAW)}
    assert prefixes[name].line == WHOLE_FILE
    assert prefixes[name].stamp == file_stamp(name)
    # a kept digest the bytes would not give is given back unread: the trust the stamp places
    # in the file system (anyone who can write the cache can also write the books)
    forged = prefixes[name]._replace(digest="forged")
    assert prefix_digests({name: None}, {name: forged}) == ({name: "forged"}, {name: forged})
    # kept for another end of the prefix: hashed
    again = prefix_digests({name: 2}, {name: forged})
    assert again is not None
    assert again[0] == {name: plain(RAW.split(b"\n")[0])}


@pytest.mark.parametrize("change", ["same length, times set back", "renamed over", "appended"])
def test_any_write_is_hashed_anew(tmp_path: Path, change: str) -> None:
    path = settled_file(tmp_path)
    name = str(path)
    hashed = prefix_digests({name: None})
    assert hashed is not None
    kept = hashed[1]
    assert kept[name].stamp is not None
    before = os.stat(path)
    times = (before.st_atime_ns, before.st_mtime_ns)
    if change == "same length, times set back":
        path.write_bytes(RAW.replace(b"Cash", b"Gold"))
        os.utime(path, ns=times)
    elif change == "renamed over":
        other = tmp_path / "other.beancount"
        other.write_bytes(RAW.replace(b"Cash", b"Gold"))
        os.utime(other, ns=times)
        os.replace(other, path)
    else:
        path.write_bytes(RAW + b"2024-01-03 open Assets:Gold\n")
    found = prefix_digests({name: None}, kept)
    assert found is not None
    digests, prefixes = found
    assert digests == {name: plain(path.read_bytes())} != {name: kept[name].digest}
    assert prefixes[name].stamp is None  # changed moments ago: not stamped until it settles
    settle()
    settled = prefix_digests({name: None}, prefixes)
    assert settled is not None
    assert settled[0] == digests
    assert settled[1][name].stamp == file_stamp(name)


def kept_stamp(path: Path) -> list[int] | None:
    kept = json.loads(cache_file(str(path), FOLDER).read_text(encoding="utf-8"))
    stamp: list[int] | None = kept["prefixes"][str(path)][4]
    return stamp


def test_the_year_ends_cache_keeps_the_books_stamped(tmp_path: Path) -> None:
    path = cached(tmp_path)
    settle()
    assert load(path) == ([], HIT)
    assert kept_stamp(path) == list(file_stamp(str(path)) or ())
    restamped = year_ends_cache.RESTAMPED["written"]
    assert load(path) == ([], HIT)
    assert year_ends_cache.RESTAMPED["written"] == restamped  # nothing to keep anew
    # an entry of the open year appended: the same key, the file's new stamp kept on a hit
    text = path.read_text(encoding="utf-8")
    path.write_text(text + LATER, encoding="utf-8")
    aged(path)
    settle()
    assert load(path) == ([], HIT)
    assert year_ends_cache.RESTAMPED["written"] == restamped + 1
    assert kept_stamp(path) == list(file_stamp(str(path)) or ())
    assert load(path) == ([], HIT)
    assert year_ends_cache.RESTAMPED["written"] == restamped + 1
    # a closed year's text changed, the same length and modification time: a miss, as ever
    times = os.stat(path)
    changed = text.replace('"ชำระงวดที่ 6"', '"ชำระงวดที่ 7"', 1)
    assert changed != text
    assert len(changed.encode()) == len(text.encode())
    path.write_text(changed + LATER, encoding="utf-8")
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    errors, counts = load(path)
    assert (errors, counts["hit"], counts["full"], counts["checked"]) == ([], 0, 1, 3)


def test_a_cache_file_is_written_whole_and_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "kongtun" / "year-ends" / "books.json"
    assert write_json(path, {"key": "k", "ชื่อ": "กองทุน"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"key": "k", "ชื่อ": "กองทุน"}
    assert path.stat().st_mode & 0o777 == 0o600
    assert write_json(path, {"key": "again"})
    # a value JSON cannot hold: nothing written, the file as it was, no temporary left behind
    assert not write_json(path, {"key": object()})
    assert json.loads(path.read_text(encoding="utf-8")) == {"key": "again"}
    assert [one.name for one in path.parent.iterdir()] == ["books.json"]


def test_a_stamp_not_as_written_is_no_stamp(tmp_path: Path) -> None:
    """What a cache file keeps of a prefix is read back as written; a stamp of another shape
    (or a cache of round 10, without stamps) is no stamp: the file is hashed."""
    path = settled_file(tmp_path)
    name = str(path)
    hashed = prefix_digests({name: None})
    assert hashed is not None
    record = prefixes_record(hashed[1])
    assert read_prefixes({"prefixes": record}) == hashed[1]
    line, start, newlines, digest, stamp = record[name]
    for other in (
        [line, start, newlines, digest],
        [*record[name][:4], ["x"]],
        [*record[name][:4], stamp[:4]],
    ):
        (kept,) = read_prefixes({"prefixes": {name: other}}).values()
        assert kept.stamp is None
        assert kept.digest == digest


def test_the_closes_cache_keeps_the_books_stamped(tmp_path: Path) -> None:
    """The verified closes' cache the same way: a hit keeps a settled file's stamp, anew after
    an entry of an open month is appended, and a closed month changed is a miss as ever."""
    path = closes.cached(tmp_path)
    settle()
    assert closes.load(path) == ([], closes.HIT)
    kept = json.loads(cache_file(str(path)).read_text(encoding="utf-8"))
    assert kept["prefixes"][str(path)][4] == list(file_stamp(str(path)) or ())
    restamped = closes_cache.RESTAMPED["written"]
    assert closes.load(path) == ([], closes.HIT)
    assert closes_cache.RESTAMPED["written"] == restamped
    text = path.read_text(encoding="utf-8")
    path.write_text(text + closes.LATER, encoding="utf-8")
    aged(path)
    settle()
    assert closes.load(path) == ([], closes.HIT)
    assert closes_cache.RESTAMPED["written"] == restamped + 1
    kept = json.loads(cache_file(str(path)).read_text(encoding="utf-8"))
    assert kept["prefixes"][str(path)][4] == list(file_stamp(str(path)) or ())
    # an amount of a closed month changed, the same length and modification time: a miss
    times = os.stat(path)
    changed = text.replace("35.50 THB", "53.50 THB")
    assert changed != text
    path.write_text(changed + closes.LATER, encoding="utf-8")
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    errors, counts = closes.load(path)
    assert counts["full"] == 1
    assert counts["hit"] == 0
    assert [error.rule for error in errors] == ["closed-period-changed"]
