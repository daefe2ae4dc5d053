"""``kongtun import``: append, re-import, backups, bank matching, include files, messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.files import FileChangedError, backups, replace_keeping_backup
from kongtun.cli.main import main
from kongtun.tests.importers.helpers import books, rows_and_rules, run, snapshot
from kongtun.tests.importers.samples import DATA


def sample(folder: Path, name: str) -> Path:
    path = folder / name
    shutil.copyfile(DATA / name, path)
    return path


def check_clean(ledger: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--lang", "en", str(ledger)])
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout


def test_import_then_reimport_changes_nothing(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    before = ledger.read_bytes()
    sheet = sample(tmp_path, "sample.xlsx")
    code, out, err = run(str(sheet), "--into", str(ledger), "--lang", "en")
    assert (code, err) == (0, "")
    [backup] = backups(ledger)
    assert out == (
        f"Added 4 transactions from {sheet} to {ledger} (the previous version is in "
        f"{backup}); rows already in the books: 0.\n"
    )
    after = ledger.read_bytes()
    assert after.startswith(before)
    assert backup.read_bytes() == before
    added = after[len(before) :].decode("utf-8")
    golden = (DATA / "sample.xlsx.beancount").read_text(encoding="utf-8")
    assert added == "\n; kongtun import sample.xlsx\n\n" + golden.rstrip("\n") + "\n"
    check_clean(ledger)
    files = snapshot(tmp_path)

    code, out, err = run(str(sheet), "--into", str(ledger))
    assert code == 0
    assert out == (f"ไม่มีรายการใหม่: ทั้ง 4 แถวของ {sheet} อยู่ในบัญชีแล้ว {ledger} ไม่เปลี่ยนแปลง\n")
    assert snapshot(tmp_path) == files, "the second import leaves every file byte-for-byte"

    # the same sheet saved as CSV (another file name, Thai digits, Windows-874): nothing new
    code, out, _ = run(str(sample(tmp_path, "sample.cp874.csv")), "--into", str(ledger))
    assert code == 0
    assert ledger.read_bytes() == after


def test_a_changed_row_is_a_conflict_not_a_silent_skip(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    first = tmp_path / "first.csv"
    first.write_text(
        "วันที่รับฝาก,5/1/2568\nรหัสสมาชิก,เงินสัจจะ\nM0001,200\nM0002,300\n", encoding="utf-8"
    )
    assert run(str(first), "--into", str(ledger))[0] == 0
    again = tmp_path / "again.csv"
    again.write_text(
        "วันที่รับฝาก,5/1/2568\nรหัสสมาชิก,เงินสัจจะ\nM0001,200\nM0002,350\nM0003,100\n",
        encoding="utf-8",
    )
    files = snapshot(tmp_path)
    code, out, err = run(str(again), "--into", str(ledger), "--lang", "en")
    assert code == 1
    lines = ledger.read_text(encoding="utf-8").splitlines()
    line = lines.index('  import-id: "collection 2025-01-05 M0002"')  # the line before, 1-based
    assert out == (
        f"{again}:4: import-conflict: collection 2025-01-05 M0002 was imported before "
        f"({ledger.resolve()}:{line}) with other amounts. Correct that transaction in the "
        "ledger by hand; kongtun does not change what is already in the books.\n"
    )
    assert err == f"1 problem found; nothing was written to {ledger}.\n"
    assert snapshot(tmp_path) == files


def test_bank_deposit_of_a_collection_day_is_cash_banked(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    assert run(str(sample(tmp_path, "sample.utf8.csv")), "--into", str(ledger))[0] == 0
    statement = sample(tmp_path, "bank-gsb.csv")
    code, out, _ = run(str(statement), "--into", str(ledger), "--lang", "en")
    assert code == 0, out
    text = ledger.read_text(encoding="utf-8")
    assert (
        '2025-01-06 * "ฝากเงินสด"\n'
        '  import-id: "bank Assets:Bank 2025-01-06 a8db4953442c6715"\n'
        '  source: "bank-gsb.csv:3"\n'
        "  Assets:Bank   2260.50 THB\n"
        "  Assets:Cash  -2260.50 THB\n"
    ) in text
    check_clean(ledger)
    # an overlapping statement: two lines already imported, one new
    overlap = tmp_path / "bank-gsb-2.csv"
    overlap.write_bytes(
        (DATA / "bank-gsb.csv").read_bytes()
        + '20/1/2568,ดอกเบี้ยพิเศษ,,1.00,"3,263.84",SYSTEM\r\n'.encode("cp874")
    )
    code, out, _ = run(str(overlap), "--into", str(ledger), "--lang", "en")
    assert code == 0
    assert out.endswith("rows already in the books: 3.\n")
    assert ledger.read_text(encoding="utf-8").count('import-id: "bank ') == 4


def test_unmatched_bank_lines_wait_in_suspense(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    code, out, _ = run(str(sample(tmp_path, "bank-ktb.csv")), "--into", str(ledger), "--lang", "en")
    assert code == 0, out
    text = ledger.read_text(encoding="utf-8")
    assert "2025-01-06 open Assets:Suspense " in text
    assert '2025-01-15 ! "TRANSFER TO 123-4-56789-0"' in text
    check_clean(ledger)


def test_append_to_the_months_include_file(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    month = tmp_path / "2568-01.beancount"
    month.write_text("; มกราคม 2568\n", encoding="utf-8")
    with ledger.open("a", encoding="utf-8") as handle:
        handle.write('\ninclude "2568-01.beancount"\n')
    main_before = ledger.read_bytes()
    sheet = sample(tmp_path, "sample.xlsx")
    code, out, _ = run(str(sheet), "--into", str(ledger), "--file", str(month), "--lang", "en")
    assert code == 0, out
    assert ledger.read_bytes() == main_before
    assert month.read_text(encoding="utf-8").startswith("; มกราคม 2568\n\n; kongtun import")
    assert [one.read_bytes() for one in backups(month)] == ["; มกราคม 2568\n".encode()]
    check_clean(ledger)
    assert run(str(sheet), "--into", str(ledger), "--file", str(month))[0] == 0
    assert month.read_text(encoding="utf-8").count("import-id") == 4


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    files = snapshot(tmp_path)
    code, out, err = run(
        str(DATA / "sample.xlsx"), "--into", str(ledger), "--dry-run", "--lang", "en"
    )
    assert code == 0
    assert out == (DATA / "sample.xlsx.beancount").read_text(encoding="utf-8").rstrip("\n") + "\n"
    assert err == f"(dry run) 4 transactions would be added to {ledger}.\n"
    assert snapshot(tmp_path) == files


def test_problems_in_thai(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("วันที่รับฝาก,5/1/2568\nรหัสสมาชิก,เงินสัจจะ\nM0999,200\n", encoding="utf-8")
    code, out, err = run(str(sheet), "--into", str(ledger))
    assert code == 1
    assert out == (
        f"{sheet}:3: import-member-unknown: ไม่มีสมาชิก M0999 ในบัญชี ให้แก้รหัสสมาชิก "
        'หรือประกาศสมาชิกในบัญชีก่อนด้วย `custom "member"`\n'
    )
    assert err == f"พบปัญหา 1 รายการ ไม่ได้เขียนอะไรลงใน {ledger}\n"
    assert rows_and_rules(out) == [(3, "import-member-unknown")]


def test_a_welfare_funds_contributions(tmp_path: Path) -> None:
    ledger = tmp_path / "welfare.beancount"
    ledger.write_text(
        'option "operating_currency" "THB"\nplugin "kongtun.plugins.fund"\n'
        '2024-01-01 custom "fund" "welfare-fund"\n'
        '2024-01-01 custom "member" "W0001" "นางสมศรี ใจดี"\n'
        '2024-01-01 custom "member" "W0002" "นายสมชาย มั่นคง"\n',
        encoding="utf-8",
    )
    sheet = tmp_path / "welfare.csv"
    sheet.write_bytes(
        "วันที่รับฝาก,5 ม.ค. 2568\nบัญชีรับเงิน,ธนาคาร\nรหัสสมาชิก,เงินสมทบ\nW0001,๓๐\nW0002,30\n"
        "รวม,60\n".encode("cp874")
    )
    code, out, _ = run(str(sheet), "--into", str(ledger), "--lang", "en")
    assert code == 0, out
    assert (
        '2025-01-05 * "นายสมชาย มั่นคง" "รับฝากเงิน 5 ม.ค. 2568"\n'
        '  import-id: "collection 2025-01-05 W0002"\n'
        '  source: "welfare.csv:5"\n'
        "  Assets:Bank                  30.00 THB\n"
        "  Income:Contributions:W0002  -30.00 THB\n"
    ) in ledger.read_text(encoding="utf-8")
    check_clean(ledger)


def test_a_statement_pasted_twice_adds_each_line_once(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    statement = tmp_path / "twice.csv"
    once = (DATA / "bank-ktb.csv").read_text(encoding="utf-8")
    statement.write_text(once + once.split("\n", 1)[1], encoding="utf-8")
    code, out, _ = run(str(statement), "--into", str(ledger), "--lang", "en")
    assert code == 0, out
    added, suspense = out.splitlines()
    assert added.endswith("rows already in the books: 3.")
    assert suspense.startswith("2 lines of ")
    assert ledger.read_text(encoding="utf-8").count('import-id: "bank ') == 3


def test_the_writer_refuses_a_file_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "books.beancount"
    path.write_bytes(b"; edited by someone else\n")
    with pytest.raises(FileChangedError):
        replace_keeping_backup(path, b"; as it was read\n", b"; new\n")
    assert path.read_bytes() == b"; edited by someone else\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["books.beancount"]
