"""kongtun writes nothing in the user's home: PyThaiNLP is kept read-only (no ``~/pythainlp-data``)
unless the user chose otherwise, and a home that cannot be written is no obstacle.

Each command runs in a fresh process (the setting must be made before PyThaiNLP is first
imported); the home is a real folder made immutable (``chattr +i``: the tests run as root,
whom a folder's mode does not stop).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kongtun.tests.importers.helpers import unwritable

SMALL = Path(__file__).resolve().parent.parent / "data" / "small-fund.beancount"
KONGTUN = str(Path(sys.executable).with_name("kongtun"))


def kongtun(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP_")}
    return subprocess.run(
        [KONGTUN, *args],
        env={**clean, "HOME": str(home), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_unwritable_home_is_no_obstacle(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "out"
    with unwritable(home):
        runs = [
            kongtun(home, "--help"),
            kongtun(home, "check", str(SMALL), "--lang", "en"),
            kongtun(home, "report", str(SMALL), "--month", "2567-02", "--out", str(out)),
            kongtun(home, "statements", str(SMALL), "--month", "2024-02", "--out", str(out)),
        ]
    for done in runs:
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    assert list(home.iterdir()) == []
    assert "บาท" in (out / "report-2567-02.html").read_text(encoding="utf-8")


def test_nothing_is_written_in_the_home(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = kongtun(tmp_path, "report", str(SMALL), "--month", "2024-02", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["out"]


def test_the_users_own_choice_is_kept(tmp_path: Path) -> None:
    """A user who set PYTHAINLP_READ_ONLY=0 gets PyThaiNLP's data folder, as they asked."""
    out = tmp_path / "out"
    args = ("report", str(SMALL), "--month", "2024-02", "--out", str(out))
    done = kongtun(tmp_path, *args, PYTHAINLP_READ_ONLY="0")
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out", "pythainlp-data"]
