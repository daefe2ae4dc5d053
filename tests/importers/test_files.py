"""The books' files are never unsafe, never lost: real files, real permissions.

- a folder kongtun may not write (made immutable with ``chattr +i``: the tests run as root,
  whom a folder's mode does not stop) ends the import with the file named, exit status 2,
  every file as it was;
- a ``chmod 444`` ledger in a writable folder is refused, not replaced; a ledger owned by
  another user keeps its owner;
- each import keeps the version before it as a dated backup; the backups are rotated (the
  first and the ten latest kept) and the only copy of the original is never removed;
- an operating-system error on any other command is one message, exit status 2.
"""

from __future__ import annotations

import datetime
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.files import BACKUPS_KEPT, backups, replace_keeping_backup, rotate_backups
from kongtun.cli.main import main
from kongtun.tests.importers.helpers import books, run, snapshot, unwritable
from kongtun.tests.importers.samples import DATA

SMALL = Path(__file__).resolve().parent.parent / "data" / "small-fund.beancount"


def sheet(folder: Path, name: str = "sample.xlsx") -> Path:
    """The sample sheet, outside the folder of the books (which may be made unwritable)."""
    path = folder / name
    shutil.copyfile(DATA / name, path)
    return path


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "kongtun: cannot use {path}: the operation is not permitted (the file or its folder "
            "is protected). Nothing was changed. Make the file and its folder writable for you, "
            "or work on a copy in a folder you own.\n",
        ),
        (
            "th",
            "kongtun: ใช้ {path} ไม่ได้: ระบบไม่อนุญาต (ไฟล์หรือโฟลเดอร์ของไฟล์ถูกป้องกันไว้) "
            "ไม่มีอะไรเปลี่ยนแปลง ให้สิทธิ์เขียนไฟล์และโฟลเดอร์นั้นแก่ผู้ใช้ของคุณ "
            "หรือทำงานกับสำเนาในโฟลเดอร์ของคุณเอง\n",
        ),
    ],
)
def test_a_folder_that_is_not_writable(tmp_path: Path, lang: str, message: str) -> None:
    folder = tmp_path / "books"
    folder.mkdir()
    ledger = books(folder)
    source = sheet(tmp_path)
    before = snapshot(folder)
    with unwritable(folder):
        code, out, err = run(str(source), "--into", str(ledger), "--lang", lang)
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert err == message.format(path=ledger)
    assert snapshot(folder) == before


def test_a_read_only_ledger_is_refused_not_replaced(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    ledger.chmod(0o444)
    inode = ledger.stat().st_ino
    source = sheet(tmp_path)
    before = snapshot(tmp_path)
    code, out, err = run(str(source), "--into", str(ledger), "--lang", "en")
    assert (code, out) == (2, "")
    assert err == (
        f"kongtun: {ledger} is read-only (its permissions do not allow writing); nothing was "
        f"written. If the books should change, make it writable (chmod u+w {ledger}) and "
        "import again.\n"
    )
    assert snapshot(tmp_path) == before
    assert ledger.stat().st_ino == inode, "the same file, not a replacement"
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o444
    code, _, err = run(str(source), "--into", str(ledger))
    assert code == 2
    assert err.startswith(f"kongtun: {ledger} อ่านได้อย่างเดียว")
    # a dry run writes nothing, so it may look
    code, _, _ = run(str(source), "--into", str(ledger), "--dry-run")
    assert code == 0
    assert snapshot(tmp_path) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_ledger_of_another_user_keeps_its_owner_and_mode(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    os.chown(ledger, 65534, 65534)
    ledger.chmod(0o640)
    code, out, _ = run(str(sheet(tmp_path)), "--into", str(ledger), "--lang", "en")
    assert code == 0, out
    for path in (ledger, *backups(ledger)):
        info = path.stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)


def test_each_import_keeps_a_dated_backup(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    versions = [ledger.read_bytes()]
    for name in ("sample.xlsx", "bank-ktb.csv", "bank-gsb.csv"):
        code, out, _ = run(str(sheet(tmp_path, name)), "--into", str(ledger), "--lang", "en")
        assert code == 0, out
        kept = backups(ledger)
        assert f"(the previous version is in {kept[-1]})" in out
        versions.append(ledger.read_bytes())
    kept = backups(ledger)
    assert [path.read_bytes() for path in kept] == versions[:-1], "every version, oldest first"
    for path in kept:
        stamp = path.name.removeprefix("books.beancount.").split(".")[0].split("-2")[0]
        assert len(path.name) >= len("books.beancount.2025-01-05T101500.bak")
        assert stamp[:2] == "20"


def test_two_imports_in_one_second_keep_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "books.beancount"
    path.write_bytes(b"; 1\n")
    now = datetime.datetime(2025, 1, 5, 10, 15, 0)
    first = replace_keeping_backup(path, b"; 1\n", b"; 2\n", now)
    second = replace_keeping_backup(path, b"; 2\n", b"; 3\n", now)
    assert first.name == "books.beancount.2025-01-05T101500.bak"
    assert second.name == "books.beancount.2025-01-05T101500-2.bak"
    assert [one.read_bytes() for one in backups(path)] == [b"; 1\n", b"; 2\n"]


def test_the_rotation_keeps_the_original_and_the_latest(tmp_path: Path) -> None:
    path = tmp_path / "books.beancount"
    path.write_bytes(b"v0\n")
    (tmp_path / "books.beancount.bak").write_bytes(b"an old undated backup\n")
    (tmp_path / "other.beancount.2025-01-01T000000.bak").write_bytes(b"another file's\n")
    start = datetime.datetime(2025, 1, 5, 10, 0, 0)
    count = BACKUPS_KEPT + 5
    for number in range(count):
        old, new = f"v{number}\n".encode(), f"v{number + 1}\n".encode()
        replace_keeping_backup(path, old, new, start + datetime.timedelta(days=number))
        kept = [one.read_bytes() for one in backups(path)]
        assert kept[0] == b"v0\n", "the original is never removed"
        assert len(kept) == min(number + 1, BACKUPS_KEPT + 1)
    assert kept == [b"v0\n"] + [f"v{n}\n".encode() for n in range(count - BACKUPS_KEPT, count)]
    assert (tmp_path / "books.beancount.bak").read_bytes() == b"an old undated backup\n"
    assert (tmp_path / "other.beancount.2025-01-01T000000.bak").exists()
    assert rotate_backups(path) == []
    assert rotate_backups(path, keep=0) == backups(path)[1:] or len(backups(path)) == 1
    assert [one.read_bytes() for one in backups(path)] == [b"v0\n"], "one copy: never removed"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("lang", ["en", "th"])
def test_an_os_error_on_any_command_is_one_message(tmp_path: Path, lang: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with unwritable(folder):
        carried = invoke("carry", str(SMALL), str(folder / "2025.beancount"), "--lang", lang)
        demo = invoke("demo", str(folder), "--lang", lang)
    for code, out, err in (carried, demo):
        assert code == 2, err
        assert "Traceback" not in out + err
        assert err.startswith("kongtun: "), err
        assert err.count("\n") == 1, err
        assert str(folder) in err
    assert sorted(folder.iterdir()) == []
