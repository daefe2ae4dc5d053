"""The year end counts the allowance for doubtful loans before sharing the surplus out:
``year-end-provision-mismatch`` (Thai and English, the boundary), and ``kongtun year-end``
refusing to write until ``kongtun provision --write`` has recorded it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.tests.conftest import load_text, messages, write_ledger

#: a 1,000 donation; loan L1 of 1,000 due in one instalment on 2024-07-01, never paid: on
#: 2024-12-31 it is 183 days past due, past 30 days, so the rules require 10 % = 100.00
BOOKS = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ"
  dividend-rate: 6
  reserve-min: 10
  provision-30: 10
2024-01-01 custom "member" "M0001" "นางหนึ่ง"
2024-01-01 * "หุ้น"
  Assets:Cash            1200.00 THB
  Equity:Shares:M0001   -1200.00 THB
2024-06-01 * "เงินบริจาค"
  Assets:Cash            1000.00 THB
  Income:Donations      -1000.00 THB
2024-06-01 * "เงินกู้"
  loan: "L1"
  rate: 12
  method: "flat"
  installments: 1
  first-due: 2024-07-01
  approved: "มติกรรมการ ครั้งที่ 1/2567"
  Assets:Loans:M0001     1000.00 THB
  Assets:Cash           -1000.00 THB
"""
PROVISION = """
2024-12-31 * "ค่าเผื่อหนี้สงสัยจะสูญ"
  provision: TRUE
  Expenses:BadDebts         100.00 THB
  Assets:Allowance:Loans   -100.00 THB
"""
#: the year end of a surplus of {surplus}: 72.00 dividend (1,200 at 6 % for 12 months)
YEAR_END = """
2024-12-31 open Equity:Surplus THB
2024-12-31 open Equity:Reserve THB
2024-12-31 open Liabilities:Dividends:M0001 THB
2024-12-31 * "ปิดบัญชี"
  year-end: "2567"
  year-end-step: "close"
  Income:Donations   1000.00 THB
{bad_debts}  Equity:Surplus    -{surplus} THB
2024-12-31 * "จัดสรร"
  year-end: "2567"
  year-end-step: "allocate"
  Equity:Surplus                {surplus} THB
  Equity:Reserve                -{reserve} THB
  Liabilities:Dividends:M0001    -72.00 THB
"""
WITHOUT = YEAR_END.format(bad_debts="", surplus="1000.00", reserve="928.00")
WITH = YEAR_END.format(
    bad_debts="  Expenses:BadDebts  -100.00 THB\n", surplus="900.00", reserve="828.00"
)


def test_year_end_provision_mismatch(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, BOOKS + WITHOUT)
    assert messages(errors) == [
        "year-end-provision-mismatch: the year end 2567 is recorded while the allowance for "
        "doubtful loans on 2024-12-31 is 0.00 THB, but the rules require 100.00 THB: the "
        "surplus is not the year's. Delete the year end's transactions, record the allowance "
        "(kongtun provision LEDGER --date DAY --write), then the year end again."
    ]
    assert messages(errors, "th") == [
        "year-end-provision-mismatch: การปิดบัญชีสิ้นปี 2567 บันทึกไว้ขณะที่ค่าเผื่อหนี้สงสัยจะสูญ "
        "ณ วันที่ 2024-12-31 (31 ธ.ค. 2567) มี 0.00 บาท แต่ระเบียบกำหนด 100.00 บาท "
        "กำไรสุทธิจึงไม่ใช่ของปีนี้ ให้ลบรายการปิดบัญชีสิ้นปี บันทึกค่าเผื่อหนี้สงสัยจะสูญ "
        "(kongtun provision LEDGER --date DAY --write) แล้วจึงปิดบัญชีสิ้นปีใหม่"
    ]
    # on the year end's close transaction, with its file and line
    assert errors[0].source["lineno"] == 28
    # the boundary: the allowance recorded that day, the year end of the surplus after it
    _, errors, _ = load_text(tmp_path, BOOKS + PROVISION + WITH)
    assert errors == []


def test_books_without_provision_rates_need_none(tmp_path: Path) -> None:
    books = BOOKS.replace("  provision-30: 10\n", "")
    _, errors, _ = load_text(tmp_path, books + WITHOUT)
    assert errors == []


def test_year_end_write_waits_for_the_provision(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BOOKS)
    before = path.read_bytes()
    runner = CliRunner()
    args = ["year-end", str(path), "--year", "2567", "--lang", "en"]
    result = runner.invoke(main, [*args, "--write"])
    assert result.exit_code == 2
    assert (
        "The allowance for doubtful loans on 2024-12-31 is 0.00 baht, but the rules require "
        "100.00 baht: the surplus above is not the year's until it is recorded. Record it "
        f"before the year end: kongtun provision {path} --date 2024-12-31 --write"
    ) in result.stderr
    assert result.stderr.endswith(
        "kongtun: the year end needs the allowance recorded first; nothing was written.\n"
    )
    assert path.read_bytes() == before
    thai = runner.invoke(main, ["year-end", str(path), "--year", "2567", "--lang", "th"])
    assert thai.exit_code == 0
    assert (
        "ค่าเผื่อหนี้สงสัยจะสูญ ณ วันที่ 2024-12-31 (31 ธ.ค. 2567) มี 0.00 บาท แต่ระเบียบกำหนด 100.00 บาท"
    ) in thai.stderr
    written = runner.invoke(
        main, ["provision", str(path), "--date", "2567-12-31", "--write", "--lang", "en"]
    )
    assert written.exit_code == 0, written.output
    result = runner.invoke(main, [*args, "--write"])
    assert result.exit_code == 0, result.output
    assert "surplus of the year                                900.00" in result.stdout
    assert "allowance" not in result.stderr
    _, errors, _ = load_text(tmp_path, path.read_text(encoding="utf-8"))
    assert errors == []
