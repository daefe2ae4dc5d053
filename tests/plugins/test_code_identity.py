"""The code part of the load caches' keys (plugins/load_cache.py ``code_identity``): a digest of
kongtun's sources, kept in the cache folder beside each source's identity on the file system
(size, modification and change times, inode, device), so that a process whose sources are
those of the process that hashed them takes the digest from there instead of hashing them
again (docs/performance.md, round 10). Whatever was kept, the identity is always the digest of
the sources' bytes as they are."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kongtun.plugins import load_cache
from kongtun.plugins.load_cache import CODE_FOLDER, cache_file, code_identity, source_digest


def identity(paths: list[Path]) -> str:
    """``code_identity`` of ``paths`` as a new process would find it (no digest in memory)."""
    code_identity.cache_clear()
    return code_identity(tuple(str(path) for path in paths))


def hashed(paths: list[Path]) -> str:
    """The identity the sources' bytes give, hashed now."""
    return load_cache._identity(source_digest([str(path) for path in paths]))


def sources(tmp_path: Path, texts: list[bytes]) -> list[Path]:
    paths = []
    for index, text in enumerate(texts):
        path = tmp_path / f"module{index}.py"
        path.write_bytes(text)
        paths.append(path)
    return paths


def test_the_digest_is_kept_and_read_back(tmp_path: Path) -> None:
    paths = sources(tmp_path, [b"a = 1\n", b"b = 2\n"])
    first = identity(paths)
    assert first == hashed(paths)
    memo = cache_file("\n".join(str(path) for path in paths), CODE_FOLDER)
    kept = json.loads(memo.read_text(encoding="utf-8"))
    assert kept["digest"] == first.rsplit(" ", 1)[1]
    # the kept digest is the one read: a process with the same sources does not hash them
    memo.write_text(json.dumps({**kept, "digest": "kept"}), encoding="utf-8")
    assert identity(paths).endswith(" kept")


def test_an_edit_keeping_size_and_modification_time_is_seen(tmp_path: Path) -> None:
    """A source rewritten with bytes of the same length and its modification time set back
    (what Python's byte code check would not see): its change time moved, so it is hashed."""
    paths = sources(tmp_path, [b"limit = 1\n"])
    before = os.stat(paths[0])
    old = identity(paths)
    assert old == hashed(paths)
    time.sleep(0.05)  # the file system's clock moves in ticks of a few milliseconds
    paths[0].write_bytes(b"limit = 9\n")
    os.utime(paths[0], ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(paths[0]).st_mtime_ns == before.st_mtime_ns
    assert identity(paths) == hashed(paths) != old


def test_a_source_replaced_by_a_rename_is_seen(tmp_path: Path) -> None:
    paths = sources(tmp_path, [b"x = 1\n", b"y = 2\n"])
    old = identity(paths)
    other = tmp_path / "new.py"
    other.write_bytes(b"x = 3\n")
    os.replace(other, paths[0])
    assert identity(paths) == hashed(paths) != old


def test_a_missing_source_then_one_written_is_seen(tmp_path: Path) -> None:
    paths = [tmp_path / "gone.py", *sources(tmp_path, [b"z = 1\n"])]
    assert identity(paths) == hashed(paths)
    paths[0].write_bytes(b"w = 1\n")
    assert identity(paths) == hashed(paths)


def test_a_memo_that_cannot_be_read_or_written_is_a_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    paths = sources(tmp_path, [b"q = 1\n"])
    assert identity(paths) == hashed(paths)


KEPT = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.dictionaries(st.sampled_from(["stamps", "digest", "other"]), st.text(max_size=8)),
    st.fixed_dictionaries(
        {"stamps": st.lists(st.lists(st.integers() | st.text(max_size=4))), "digest": st.text()}
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.binary(max_size=40), min_size=1, max_size=3),
    edits=st.lists(st.tuples(st.integers(0, 2), st.binary(max_size=40)), max_size=4),
    kept=KEPT,
)
def test_the_identity_is_always_the_sources_digest(
    tmp_path_factory: pytest.TempPathFactory,
    texts: list[bytes],
    edits: list[tuple[int, bytes]],
    kept: object,
) -> None:
    """Any sources, any edits between processes, anything a memo file could hold: the identity
    is the digest of the sources' bytes as they are."""
    folder = tmp_path_factory.mktemp("sources")
    paths = sources(folder, texts)
    memo = cache_file("\n".join(str(path) for path in paths), CODE_FOLDER)
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps(kept), encoding="utf-8")
    assert identity(paths) == hashed(paths)
    for which, text in edits:
        time.sleep(0.02)
        paths[which % len(paths)].write_bytes(text)
        assert identity(paths) == hashed(paths)
