"""What the refusals of issue 12 let through: the confirming flags, the accounts that may
receive money, and what an import that used Assets:Suspense says (and ``check`` after it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.tests.importers.helpers import books, run, snapshot
from kongtun.tests.importers.samples import DATA

HEAD = "วันที่รับฝาก,{day}\nรหัสสมาชิก,ชื่อ-สกุล,เงินสัจจะ\n"


def sheet(folder: Path, day: str, *rows: str) -> Path:
    path = folder / "s.csv"
    path.write_text(HEAD.format(day=day) + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_far_dates_pass_when_confirmed(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    source = sheet(tmp_path, "5/10/2567", "M0001,,100")
    code, out, _ = run(str(source), "--into", str(ledger), "--lang", "en")
    assert code == 1
    assert out == (
        f"{source}:3: import-date-back: the date 2024-10-05 is more than a month before the "
        "books' last transaction (2024-12-31): this money may be in the books already. Check "
        "the date; if it is right, import again with --allow-far-dates.\n"
    )
    code, out, _ = run(str(source), "--into", str(ledger), "--allow-far-dates", "--lang", "en")
    assert code == 0, out


def test_the_boundaries_of_far_dates(tmp_path: Path) -> None:
    """31 days before the last transaction (2024-12-31) and 366 after it are accepted."""
    ledger = books(tmp_path)
    assert run(str(sheet(tmp_path, "30/11/2567", "M0001,,100")), "--into", str(ledger))[0] == 0
    code, out, _ = run(str(sheet(tmp_path, "29/11/2567", "M0002,,100")), "--into", str(ledger))
    assert (code, "import-date-back" in out) == (1, True)
    code, out, _ = run(str(sheet(tmp_path, "2/1/2569", "M0002,,100")), "--into", str(ledger))
    assert (code, "import-date-ahead" in out) == (1, True)


def test_a_huge_amount_in_thai_and_english(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    source = sheet(tmp_path, "5/1/2568", "M0001,,1" + "0" * 24)
    code, out, _ = run(str(source), "--into", str(ledger), "--lang", "en")
    assert code == 1
    assert out == (
        f"{source}:3: import-amount-huge: 1,000,000,000,000,000,000,000,000.00 THB is more "
        "than 100,000,000.00 THB, more than a community fund receives in one row. Check the "
        "number; if it is right, import again with --allow-large-amounts.\n"
    )
    code, out, _ = run(str(source), "--into", str(ledger))
    assert code == 1
    assert out.startswith(f"{source}:3: import-amount-huge: ")
    assert "--allow-large-amounts" in out
    assert "1,000,000,000,000,000,000,000,000.00 บาท" in out


def test_accounts_that_receive_money_are_accepted(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    source = sheet(tmp_path, "5/1/2568", "M0001,,100")
    code, out, _ = run(str(source), "--into", str(ledger), "--account", "เงินสด", "--dry-run")
    assert code == 0, out
    assert "Assets:Cash" in out
    code, out, _ = run(str(source), "--into", str(ledger), "--account", "Assets:Bank", "--dry-run")
    assert code == 0, out
    assert "Assets:Bank" in out


def test_suspense_is_counted_and_check_warns(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    statement = tmp_path / "bank-coop.csv"
    shutil.copyfile(DATA / "bank-coop.csv", statement)
    code, out, _ = run(str(statement), "--into", str(ledger), "--lang", "en")
    assert code == 0, out
    assert out.splitlines()[-1] == (
        f"2 lines of {statement} went to Assets:Suspense, 4,521.00 THB in all: no "
        "`bank-match` rule says what they are. Move each to its account in the books; kongtun "
        "check warns until Assets:Suspense is back to zero."
    )
    result = CliRunner().invoke(main, ["check", str(ledger), "--lang", "en"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "kongtun: warning: Assets:Suspense (lines waiting to be explained) holds 4,521.00 THB. "
        "Find what each bank line in it is and move it to its account; the books are not final "
        f"until Assets:Suspense is back to zero.\nNo problems found in {ledger}.\n"
    )
    result = CliRunner().invoke(main, ["check", str(ledger)])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "kongtun: คำเตือน: Assets:Suspense (รายการรอตรวจสอบ) มีเงินค้างอยู่ 4,521.00 บาท "
        "ให้ตรวจว่ารายการธนาคารแต่ละรายการในบัญชีนี้คืออะไร แล้วย้ายไปบัญชีที่ถูกต้อง "
        "บัญชียังไม่ถือว่าเสร็จจนกว่า Assets:Suspense จะเป็นศูนย์"
    )
    result = CliRunner().invoke(main, ["check", str(ledger), "--format", "json", "--lang", "en"])
    assert result.exit_code == 0
    figures = json.loads(result.stdout)
    assert (figures["count"], figures["errors"]) == (0, [])
    assert figures["warnings"] == [
        {
            "warning": "suspense-held",
            "account": "Assets:Suspense",
            "balance": "-4521.00",
            "currency": "THB",
            "message": "warning: Assets:Suspense (lines waiting to be explained) holds 4,521.00 "
            "THB. Find what each bank line in it is and move it to its account; the books are "
            "not final until Assets:Suspense is back to zero.",
        }
    ]
    with ledger.open("a", encoding="utf-8") as handle:
        handle.write(
            '\n2025-01-31 * "รับฝากเงินสด (ตรวจแล้ว)"\n'
            "  Assets:Suspense  4521.00 THB\n  Assets:Cash  -4521.00 THB\n"
        )
    result = CliRunner().invoke(main, ["check", str(ledger), "--lang", "en"])
    assert (result.exit_code, result.stderr) == (0, f"No problems found in {ledger}.\n")
    result = CliRunner().invoke(main, ["check", str(ledger), "--format", "json"])
    assert json.loads(result.stdout)["warnings"] == []


def test_a_row_in_a_closed_month_is_refused_in_thai_and_english(tmp_path: Path) -> None:
    """Closed to 2024-11-30: a row of 30 Nov is refused, whatever the flags, naming the close
    and the correction; 1 Dec is the first day accepted."""
    ledger = books(tmp_path)
    closed = CliRunner().invoke(main, ["close", str(ledger), "--month", "2567-11"])
    assert closed.exit_code == 0, closed.output
    line = (
        ledger.read_text(encoding="utf-8")
        .splitlines()
        .index(
            next(
                text
                for text in ledger.read_text(encoding="utf-8").splitlines()
                if 'custom "period-close"' in text
            )
        )
    )
    source = sheet(tmp_path, "30/11/2567", "M0001,,100")
    before = snapshot(tmp_path)
    code, out, _ = run(str(source), "--into", str(ledger), "--allow-far-dates", "--lang", "en")
    assert code == 1
    assert out == (
        f"{source}:3: import-date-closed: the date 2024-11-30 is in a closed month: the books "
        f'are closed to 2024-11-30 (`custom "period-close"` at {ledger}:{line + 1}), and a '
        "closed month does not change. Record the money as a correction dated after the close, "
        "on 2024-12-01 or later, with the real date in its narration.\n"
    )
    code, out, _ = run(str(source), "--into", str(ledger))
    assert code == 1
    assert out == (
        f"{source}:3: import-date-closed: วันที่ 2024-11-30 (30 พ.ย. 2567) "
        "อยู่ในเดือนที่ปิดงวดแล้ว บัญชีปิดงวดถึง 2024-11-30 (30 พ.ย. 2567) "
        f'(`custom "period-close"` ที่ {ledger}:{line + 1}) และเดือนที่ปิดงวดแล้วแก้ไขไม่ได้ '
        "ให้บันทึกเงินนี้เป็นรายการปรับปรุงลงวันที่หลังการปิดงวด "
        "คือตั้งแต่ 2024-12-01 (1 ธ.ค. 2567) เป็นต้นไป โดยเขียนวันที่จริงไว้ในคำอธิบายรายการ\n"
    )
    assert snapshot(tmp_path) == before
    code, out, _ = run(str(sheet(tmp_path, "1/12/2567", "M0001,,100")), "--into", str(ledger))
    assert code == 0, out


def test_books_with_a_buddhist_era_year_are_refused(tmp_path: Path) -> None:
    ledger = books(tmp_path)
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(
        text + '\n2567-12-20 * "ฝากสัจจะ"\n  Assets:Cash  100.00 THB\n'
        "  Liabilities:Savings:M0001  -100.00 THB\n",
        encoding="utf-8",
    )
    line = len(text.splitlines()) + 2
    source = sheet(tmp_path, "5/1/2568", "M0001,,100")
    before = snapshot(tmp_path)
    code, _, err = run(str(source), "--into", str(ledger), "--lang", "en")
    assert code == 2
    assert err == (
        f"kongtun: {ledger}:{line}: an entry is dated 2567-12-20, a year of the Buddhist Era; "
        "kongtun computes nothing with it. Write the date as 2024-12-20 first (kongtun check "
        f"{ledger} lists every such entry).\n"
    )
    code, _, err = run(str(source), "--into", str(ledger))
    assert code == 2
    assert err.startswith(f"kongtun: {ledger}:{line}: ")
    assert "20 ธ.ค. 2567" in err
    assert snapshot(tmp_path) == before
