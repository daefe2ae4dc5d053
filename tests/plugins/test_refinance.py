"""Refinancing an outside debt (household debt relief): a member loan that pays off an
outside creditor, with the creditor's rate; the fund report's figures of the year, and a
bad outside rate in Thai and English."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.reports.sections import LoansReportSection, loans_report_section
from kongtun.tests.conftest import load_text, messages

HEAD = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2024-01-05 * "ฝากสัจจะ"
  Assets:Cash                 12000 THB
  Liabilities:Savings:M0001  -12000 THB
2024-02-01 * "เงินกู้แก้หนี้นอกระบบ"
  loan: "L1"
  rate: 12
  method: "declining"
  installments: 12
  first-due: 2024-03-01
  approved: "มติกรรมการ ครั้งที่ 2/2567"
  outside-creditor: "นายทุนนอกระบบ"
"""
TAIL = """  Assets:Loans:M0001  10000 THB
  Assets:Bank  -10000 THB
"""


def test_outside_debt_moved_in_and_interest_saved(tmp_path: Path) -> None:
    """10,000 THB over 12 months, declining: at the fund's 12 % a year the instalment is
    888.49 THB and the interest 661.86 THB; at the outside creditor's 60 % (5 % a month) it
    would be 1,128.25 THB and 3,539.08 THB: 2,877.22 THB saved."""
    entries, errors, options = load_text(tmp_path, HEAD + "  outside-rate: 60\n" + TAIL)
    assert errors == []
    books = loaded_books(entries, options)
    loan = books.loans.by_id()["L1"]
    assert (loan.outside_creditor, loan.outside_rate) == ("นายทุนนอกระบบ", Decimal(60))
    section = loans_report_section(
        books.fund, read_month(entries, books, datetime.date(2024, 2, 1))
    )
    assert isinstance(section, LoansReportSection)
    assert (section.refinanced, section.refinanced_principal, section.interest_saved) == (
        1,
        Decimal(10000),
        Decimal("2877.22"),
    )


def test_outside_rate_bad(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, HEAD + '  outside-rate: "5 % a month"\n' + TAIL)
    assert [e.source["lineno"] for e in errors] == [8]
    assert messages(errors) == [
        "loan-terms-bad: loan L1: `outside-rate` needs the outside creditor's rate in percent "
        'a year, as a plain number, not "5 % a month". For example: outside-rate: 60'
    ]
    assert messages(errors, "th") == [
        "loan-terms-bad: เงินกู้ L1: `outside-rate` ต้องเป็นอัตราดอกเบี้ยของเจ้าหนี้นอกระบบเป็นร้อยละต่อปี "
        'เป็นตัวเลขธรรมดา ไม่ใช่ "5 % a month" ตัวอย่าง: outside-rate: 60'
    ]


def test_the_fund_report_says_it(tmp_path: Path) -> None:
    from click.testing import CliRunner  # noqa: PLC0415 - this test only

    from kongtun.cli.main import main  # noqa: PLC0415 - this test only
    from kongtun.tests.conftest import write_ledger  # noqa: PLC0415 - this test only

    path = write_ledger(tmp_path, HEAD + "  outside-rate: 60\n" + TAIL)
    out = tmp_path / "out"
    args = ["report", str(path), "--month", "2024-02", "--lang", "en", "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    html = next(out.rglob("*.html")).read_text(encoding="utf-8")
    assert (
        '<p class="kongtun-refinanced">Outside debt refinanced in the year: 1 loans, '
        "10,000.00 THB · interest saved over their terms: 2,877.22 THB</p>"
    ) in html
