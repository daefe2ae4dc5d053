"""Dates in the Buddhist Era: the likeliest slip of a Thai treasurer (issue 12).

An entry dated 2567-12-20 is read by Beancount as the year 2567 of the Common Era; kongtun
reports it (``date-buddhist-era``) with the date meant, and every command that computes
figures refuses such books rather than compute with a year past 2400.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.ledger.model import loaded_books
from kongtun.ledger.thai import ce_date, parse_day, parse_month, thai_date
from kongtun.tests.conftest import Loaded, load_text, messages, write_ledger

SLIP = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
  name: "กลุ่มทดสอบ"
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2024-01-05 * "ฝากสัจจะ"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
2567-12-20 * "ฝากสัจจะ"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
"""


def test_a_buddhist_era_year_is_an_error_naming_the_date_meant(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "savings-group"
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-05 * "ฝากสัจจะ"
      Assets:Cash                 100 THB
      Liabilities:Savings:M0001  -100 THB
    2567-12-20 * "ฝากสัจจะ"
      Assets:Cash                 100 THB
      Liabilities:Savings:M0001  -100 THB
    """
    entries, errors, options = load_doc
    assert [error.source["lineno"] for error in errors] == [7]
    assert messages(errors, "en") == [
        "date-buddhist-era: this entry is dated 2567-12-20, a year of the Buddhist Era (B.E.), "
        "but the ledger's dates are in the Common Era (B.E. − 543). Write the date as "
        "2024-12-20."
    ]
    assert messages(errors, "th") == [
        "date-buddhist-era: รายการนี้ลงวันที่ 2567-12-20 ซึ่งเป็นปี พ.ศ. แต่วันที่ในบัญชีต้องเป็นปี "
        "ค.ศ. (พ.ศ. − 543) ให้แก้วันที่เป็น 2024-12-20 (20 ธ.ค. 2567)"
    ]
    # the books' last day is the last one dated in the Common Era
    assert loaded_books(entries, options).fund.last_date == datetime.date(2024, 1, 5)


def test_another_rules_message_shows_a_slipped_date_as_typed(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "savings-group"
    2567-12-05 * "ฝากสัจจะ"
      Assets:Cash                 100 THB
      Liabilities:Savings:M0999  -100 THB
    """
    _, errors, _ = load_doc
    assert [error.rule for error in errors] == ["member-unknown", "date-buddhist-era"]
    member_unknown = messages(errors, "th")[0]
    # the day as the treasurer wrote it, beside the date-buddhist-era message that explains it
    assert "2567-12-05 (5 ธ.ค. 2567)" in member_unknown
    assert "3110" not in member_unknown


def test_a_slipped_year_is_never_turned_into_3110() -> None:
    assert thai_date(datetime.date(2567, 12, 5)) == "5 ธ.ค. 2567"
    assert thai_date(datetime.date(2024, 12, 5)) == "5 ธ.ค. 2567"
    assert thai_date(datetime.date(2399, 12, 5)) == "5 ธ.ค. 2942"  # the last year before
    assert thai_date(datetime.date(2400, 1, 1)) == "1 ม.ค. 2400"


def test_the_last_year_before_the_buddhist_era_is_no_slip(load_doc: Loaded) -> None:
    """
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "savings-group"
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    2399-12-31 * "ฝากสัจจะ"
      Assets:Cash                 100 THB
      Liabilities:Savings:M0001  -100 THB
    2400-01-01 * "ฝากสัจจะ"
      Assets:Cash                 100 THB
      Liabilities:Savings:M0001  -100 THB
    """
    _, errors, _ = load_doc
    assert [(error.rule, error.source["lineno"]) for error in errors] == [("date-buddhist-era", 7)]


def test_the_date_meant() -> None:
    assert ce_date(datetime.date(2567, 12, 20)) == datetime.date(2024, 12, 20)
    # 29 February of a Buddhist Era year is a leap day in the Common Era: 2567 = 2024
    assert ce_date(datetime.date(2400, 2, 29)) == datetime.date(1857, 2, 28)


def test_typed_dates_in_either_era_never_past_2400() -> None:
    assert parse_day("2567-12-31") == datetime.date(2024, 12, 31)
    assert parse_day("2024-12-31") == datetime.date(2024, 12, 31)
    assert parse_day("๒๕๖๗-๑๒-๓๑") == datetime.date(2024, 12, 31)
    # 3110 would be read as 2567 CE: no command computes with a year past 2400
    assert parse_day("3110-12-31") is None
    assert parse_day("2942-12-31") == datetime.date(2399, 12, 31)
    assert parse_day("2943-01-01") is None
    assert parse_month("3110-12") is None


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


REFUSED = (
    "kongtun: {path}:9: an entry is dated 2567-12-20, a year of the Buddhist Era; kongtun "
    "computes nothing with it. Write the date as 2024-12-20 first (kongtun check {path} lists "
    "every such entry).\n"
)


def test_every_command_refuses_books_with_a_buddhist_era_year(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, SLIP)
    before = path.read_bytes()
    out = tmp_path / "out"
    refused = REFUSED.format(path=path)
    for args in (
        ["loans", str(path)],
        ["loans", str(path), "--date", "2567-12-31"],
        ["report", str(path), "--month", "2567-01", "--out", str(out)],
        ["statements", str(path), "--month", "2024-01", "--out", str(out)],
        ["welfare-status", str(path), "--behind-on", "2567-12-31"],
    ):
        code, output = run(*args, "--lang", "en")
        assert code == 2, args
        assert output.endswith(refused), args
    code, output = run("carry", "--lang", "en", str(path), str(tmp_path / "new.beancount"))
    assert code == 2
    assert "date-buddhist-era" in output
    assert not out.exists()
    assert not (tmp_path / "new.beancount").exists()
    assert path.read_bytes() == before
    code, output = run("check", "--lang", "en", str(path))
    assert code == 1
    assert f"{path}:9: date-buddhist-era: " in output


def test_a_date_option_prints_its_reading_in_both_eras(tmp_path: Path) -> None:
    path = load_text(tmp_path, SLIP.replace("2567-12-20", "2024-02-20"))[2]["filename"]
    code, output = run("loans", str(path), "--date", "2567-12-31", "--lang", "en")
    assert code == 0
    assert output.startswith(
        "--date 2567-12-31 is read as 31 December 2024 (CE 2024-12-31, B.E. 2567-12-31).\n"
        "Loans on 2024-12-31\n"
    )
    code, output = run("loans", str(path), "--date", "2024-12-31")
    assert output.startswith(
        "--date 2024-12-31 หมายถึงวันที่ 31 ธันวาคม 2567 (ค.ศ. 2024-12-31 พ.ศ. 2567-12-31)\n"
        "เงินกู้ ณ วันที่ 2024-12-31 (31 ธ.ค. 2567)\n"
    )


def test_carry_start_in_the_buddhist_era_opens_the_common_era_year(tmp_path: Path) -> None:
    old = write_ledger(tmp_path, SLIP.replace("2567-12-20", "2024-02-20"))
    new = tmp_path / "2025.beancount"
    code, output = run("carry", "--lang", "en", "--start", "2568-01-01", str(old), str(new))
    assert code == 0, output
    assert "--start 2568-01-01 is read as 1 January 2025 (CE 2025-01-01, B.E. 2568-01-01).\n" in (
        output
    )
    assert "2568-" not in new.read_text(encoding="utf-8")
    assert "2025-01-01" in new.read_text(encoding="utf-8")
