"""Crash test: the writer is killed (SIGKILL) at random points, at least 50 times.

Each run is a real process. Most runs stop themselves at a random point of
:func:`kongtun.cli.files.replace_keeping_backup` through its fault-injection hook
(``KONGTUN_FAULT``: after N bytes of the temporary file, before or after a rename); the
others are killed from outside after a random delay while they write. Afterwards the ledger
is byte-for-byte the old or the new version — never a mix — and that version loads cleanly;
the backup is absent or the old version. Then the real ``kongtun import`` is killed at each
stage and run again: it finishes the job once.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

from beancount import loader

from kongtun.cli.files import backups
from kongtun.tests.importers.samples import BOOKS, DATA

WRITER = """
import sys
from pathlib import Path
from kongtun.cli.files import replace_keeping_backup
path, new = Path(sys.argv[1]), Path(sys.argv[2]).read_bytes()
print("ready", flush=True)
replace_keeping_backup(path, path.read_bytes(), new)
"""
RUNS = 56
PADDING = 4 * 1024 * 1024


def new_version(old: bytes) -> bytes:
    """The ledger with a real transaction and megabytes of comments (a long write)."""
    line = b"; " + b"x" * 97 + b"\n"
    padding = line * (PADDING // len(line))
    transaction = (
        '\n2025-01-05 * "นางสมศรี ใจดี" "รับฝากเงิน"\n'
        '  import-id: "collection 2025-01-05 M0001"\n'
        "  Assets:Cash                 200.00 THB\n"
        "  Liabilities:Savings:M0001  -200.00 THB\n"
    ).encode()
    return old + b"\n" + padding + transaction


@cache
def loads_cleanly(content: bytes, folder: str) -> bool:
    path = Path(folder) / f"check-{len(content)}.beancount"
    path.write_bytes(content)
    _, errors, _ = loader.load_file(str(path))
    return errors == []


def test_killed_writer_leaves_old_or_new(tmp_path: Path) -> None:
    rng = random.Random(2567)
    old = BOOKS.read_bytes()
    new = new_version(old)
    source = tmp_path / "new.bin"
    source.write_bytes(new)
    checks = tmp_path / "checks"
    checks.mkdir()
    points = ["before-rename-backup", "after-backup", "before-rename-write", "after-rename"]
    seen = {"old": 0, "new": 0}
    for run in range(RUNS):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        ledger = folder / "books.beancount"
        ledger.write_bytes(old)
        env = dict(os.environ)
        external = run % 4 == 3
        if not external:
            choice = rng.randrange(len(points) + 4)
            env["KONGTUN_FAULT"] = (
                points[choice] if choice < len(points) else f"write:{rng.randrange(len(new))}"
            )
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(ledger), str(source)],
            env=env,
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        if external:
            time.sleep(rng.uniform(0, 0.03))
            child.send_signal(signal.SIGKILL)
        code = child.wait(timeout=30)
        assert code in (0, -signal.SIGKILL), code
        content = ledger.read_bytes()
        assert content in (old, new), f"run {run}: torn ledger ({len(content)} bytes)"
        seen["old" if content == old else "new"] += 1
        assert loads_cleanly(content, str(checks))
        assert [one.read_bytes() for one in backups(ledger)] in ([], [old])
        shutil.rmtree(folder)
    assert seen["old"] > 0, seen
    assert seen["new"] > 0, seen


def test_killed_import_finishes_when_run_again(tmp_path: Path) -> None:
    kongtun = Path(sys.executable).with_name("kongtun")
    sheet = DATA / "sample.xlsx"
    for point in ("write:65536", "after-backup", "after-rename"):
        folder = tmp_path / point.replace(":", "-")
        folder.mkdir()
        ledger = folder / "books.beancount"
        shutil.copyfile(BOOKS, ledger)
        old = ledger.read_bytes()
        command = [str(kongtun), "import", str(sheet), "--into", str(ledger), "--lang", "en"]
        killed = subprocess.run(
            command, env={**os.environ, "KONGTUN_FAULT": point}, capture_output=True, check=False
        )
        assert killed.returncode == -signal.SIGKILL
        assert ledger.read_bytes() == old if point != "after-rename" else ledger.read_bytes() != old
        again = subprocess.run(command, capture_output=True, text=True, check=False)
        assert again.returncode == 0, again.stdout + again.stderr
        text = ledger.read_text(encoding="utf-8")
        assert text.count('import-id: "collection 2025-01-05') == 4, point
        _, errors, _ = loader.load_file(str(ledger))
        assert errors == []
