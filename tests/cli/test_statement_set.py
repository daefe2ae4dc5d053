"""A month's statements are one set: a ``kongtun statements`` stopped part-way by ``kill -9``
(a real process, killed at each point of the write) leaves the month's folder with the old set
or the new one, byte for byte, never a mix; the next run clears what the stopped one left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kongtun.cli.files import FAULT_ENV

SMALL = Path(__file__).resolve().parent.parent / "data" / "small-fund.beancount"
KONGTUN = Path(sys.executable).parent / "kongtun"


def statements(out: Path, digits: str, fault: str | None = None) -> int:
    """The month's statements in Thai, with Latin digits ("latin") or Thai digits ("thai"):
    two versions of the same set (an English set is a folder of its own)."""
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    if fault is not None:
        env[FAULT_ENV] = fault
    args = [str(KONGTUN), "statements", str(SMALL), "--month", "2024-02", "--out", str(out)]
    done = subprocess.run(
        [*args, *(["--thai-digits"] if digits == "thai" else [])],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    return done.returncode


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The month's set with Latin digits and with Thai digits, each written whole."""
    found = []
    for digits in ("latin", "thai"):
        out = tmp_path_factory.mktemp(digits)
        assert statements(out, digits) == 0
        found.append(snapshot(out / "statements-2024-02"))
    assert found[0].keys() == found[1].keys()
    assert found[0] != found[1]
    return found[0], found[1]


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("set-write:1", "old"),
        ("set-write:3", "old"),
        ("set-before-swap", "old"),
        ("set-after-swap", "new"),
    ],
)
def test_kill_during_the_write_leaves_one_whole_set(
    tmp_path: Path, sets: tuple[dict[str, bytes], dict[str, bytes]], fault: str, expected: str
) -> None:
    latin, thai = sets
    assert statements(tmp_path, "latin") == 0
    assert statements(tmp_path, "thai", fault) == -signal.SIGKILL
    folder = tmp_path / "statements-2024-02"
    assert snapshot(folder) == (latin if expected == "old" else thai)
    # the next run clears what the killed one left and writes its set whole
    assert statements(tmp_path, "thai") == 0
    assert snapshot(folder) == thai
    assert sorted(path.name for path in tmp_path.iterdir()) == ["statements-2024-02"]


def test_a_first_run_killed_writes_no_folder(tmp_path: Path) -> None:
    assert statements(tmp_path, "latin", "set-before-swap") == -signal.SIGKILL
    assert not (tmp_path / "statements-2024-02").exists()
    assert statements(tmp_path, "latin") == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["statements-2024-02"]
