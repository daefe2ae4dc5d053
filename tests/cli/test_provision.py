"""``kongtun provision``: the allowance by band at two dates (and the 90-day boundary), every
figure by hand; --write appends the entry and checks it, or leaves the file as it was; the
plugin's loan-provision-mismatch in Thai and English."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.ledger.loans.provision import provision
from kongtun.ledger.model import loaded_books
from kongtun.tests.conftest import load_text, messages, write_ledger

D = datetime.date
BOOKS = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ 2567"
  provision-30: 10
  provision-90: 25
  provision-180: 50
  provision-365: 100
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2024-01-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
2024-01-05 * "ฝากสัจจะ"
  Assets:Cash                 12000 THB
  Liabilities:Savings:M0001  -6000 THB
  Liabilities:Savings:M0002  -6000 THB
2024-02-01 * "เงินกู้สามัญ"
  loan: "L1"
  rate: 12
  method: "declining"
  installments: 12
  first-due: 2024-03-01
  approved: "มติกรรมการ ครั้งที่ 2/2567"
  Assets:Loans:M0001  10000 THB
  Assets:Bank  -10000 THB
2024-02-01 * "เงินกู้สามัญ"
  loan: "L2"
  rate: 12
  method: "flat"
  installments: 1
  first-due: 2025-02-01
  approved: "มติกรรมการ ครั้งที่ 2/2567"
  Assets:Loans:M0002  2000 THB
  Assets:Bank  -2000 THB
2024-03-01 * "ชำระเงินกู้"
  loan: "L1"
  Assets:Cash  888.49 THB
  Assets:Loans:M0001  -788.49 THB
  Income:Interest:Loans  -100.00 THB
"""


def allowance_entry(day: str, amount: str) -> str:
    return (
        f'{day} * "ตั้งค่าเผื่อหนี้สงสัยจะสูญ"\n  provision: TRUE\n'
        f"  Expenses:BadDebts  {amount} THB\n  Assets:Allowance:Loans  -{amount} THB\n"
    )


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_allowance_by_band_at_two_dates(tmp_path: Path) -> None:
    """L1 (9,211.51 THB outstanding) is unpaid since 1 April 2024; L2 (2,000 THB, due in one
    go in 2025) is current. 30 June: 90 days past due, not more than 90: 10 % = 921.15 THB
    (921.151). 1 July: 91 days, 25 % = 2,302.88 THB (2,302.8775). 31 December: 274 days,
    50 % = 4,605.76 THB (4,605.755). L2 needs nothing."""
    entries, errors, options = load_text(tmp_path, BOOKS)
    assert errors == []
    books = loaded_books(entries, options)
    figures = []
    for day in (D(2024, 6, 30), D(2024, 7, 1), D(2024, 12, 31)):
        found = provision(books.loans.member_loans, books.fund.rules.on(day), day, ())
        figures.append(
            [
                (
                    line.loan.id,
                    line.outstanding,
                    line.days_past_due,
                    line.band,
                    line.rate,
                    line.required,
                )
                for line in found.lines
            ]
            + [found.required]
        )
    l2 = ("L2", Decimal(2000), 0, 0, Decimal(0), Decimal("0.00"))
    assert figures == [
        [("L1", Decimal("9211.51"), 90, 30, Decimal(10), Decimal("921.15")), l2, Decimal("921.15")],
        [
            ("L1", Decimal("9211.51"), 91, 90, Decimal(25), Decimal("2302.88")),
            l2,
            Decimal("2302.88"),
        ],
        [
            ("L1", Decimal("9211.51"), 274, 180, Decimal(50), Decimal("4605.76")),
            l2,
            Decimal("4605.76"),
        ],
    ]


def test_provision_write_then_nothing_to_write(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BOOKS + allowance_entry("2024-06-30", "921.15"))
    code, out, _ = run("provision", str(path), "--date", "2567-12-31", "--lang", "en")
    assert code == 0
    assert out.splitlines()[-1] == (
        "Required 4,605.76 THB; recorded 921.15 THB; change 3,684.61 THB"
    )
    assert "L1  M0001  9,211.51  274  50 %  4,605.76" in out
    code, out, _ = run("provision", str(path), "--date", "2024-12-31", "--write")
    assert code == 0
    text = path.read_text(encoding="utf-8")
    assert text.endswith(
        '2024-12-31 * "ค่าเผื่อหนี้สงสัยจะสูญ ณ 2024-12-31"\n  provision: TRUE\n'
        "  Expenses:BadDebts  3684.61 THB\n  Assets:Allowance:Loans  -3684.61 THB\n"
    )
    code, out, _ = run("provision", str(path), "--date", "2024-12-31", "--format", "json")
    figures = json.loads(out)
    assert (figures["required"], figures["recorded"], figures["change"]) == (
        "4605.76",
        "4605.76",
        "0.00",
    )
    code, out, _ = run("provision", str(path), "--date", "2024-12-31", "--write", "--lang", "en")
    assert code == 0
    assert out.endswith("the allowance is already what the rules require; nothing was written.\n")
    assert path.read_text(encoding="utf-8") == text


def test_provision_write_that_does_not_check_out_leaves_the_file(tmp_path: Path) -> None:
    """December is closed: an entry dated in it would not load clean, so nothing is written."""
    path = write_ledger(tmp_path, BOOKS)
    assert run("close", str(path), "--month", "2024-12")[0] == 0
    before = path.read_bytes()
    code, _, err = run("provision", str(path), "--date", "2024-12-31", "--write", "--lang", "en")
    assert code == 2
    assert "kongtun: the provision did not check out, so nothing was written." in err
    assert path.read_bytes() == before


def test_provision_needs_clean_books_and_a_date(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BOOKS + allowance_entry("2024-06-30", "900.00"))
    before = path.read_bytes()
    code, _, err = run("provision", str(path), "--date", "2024-12-31", "--write", "--lang", "en")
    assert code == 2
    assert "has 1 problem; fix it first" in err
    assert path.read_bytes() == before
    code, _, err = run("provision", str(path), "--lang", "en")
    assert (code, err.strip()) == (
        2,
        "kongtun: --date is needed: the day of the allowance, such as 2567-12-31.",
    )


def test_provision_mismatch(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, BOOKS + allowance_entry("2024-06-30", "921.15"))
    assert errors == []  # the boundary: exactly what the rules give
    _, errors, _ = load_text(tmp_path, BOOKS + allowance_entry("2024-06-30", "900.00"))
    assert messages(errors) == [
        "loan-provision-mismatch: the allowance for doubtful loans is 900.00 THB at the end of "
        '2024-06-30, but the rules ("ระเบียบ 2567") require 921.15 THB that day (loans counted: 1). '
        "Change it by 21.15 THB: kongtun provision LEDGER --date DAY --write records it."
    ]
    assert messages(errors, "th") == [
        "loan-provision-mismatch: ค่าเผื่อหนี้สงสัยจะสูญ ณ สิ้นวันที่ 2024-06-30 (30 มิ.ย. 2567) "
        'มี 900.00 บาท แต่ระเบียบ ("ระเบียบ 2567") กำหนดไว้ 921.15 บาท สำหรับเงินกู้ 1 สัญญา'
        "ในวันนั้น ให้ปรับเพิ่มหรือลด 21.15 บาท โดยใช้คำสั่ง kongtun provision LEDGER --date "
        "DAY --write"
    ]


def test_the_fund_report_shows_the_allowance_beside_par(tmp_path: Path) -> None:
    """June's report: PAR 30 is L1's 9,211.51 THB of 11,211.51 THB; the allowance recorded on
    30 June is 921.15 THB (8.2 % of the principal outstanding)."""
    from kongtun.ledger.reports.month import read_month  # noqa: PLC0415 - this test only
    from kongtun.ledger.reports.sections import (  # noqa: PLC0415 - this test only
        LoansReportSection,
        loans_report_section,
    )

    entries, errors, options = load_text(tmp_path, BOOKS + allowance_entry("2024-06-30", "921.15"))
    assert errors == []
    books = loaded_books(entries, options)
    june = loans_report_section(books.fund, read_month(entries, books, D(2024, 6, 1)))
    assert isinstance(june, LoansReportSection)
    assert (june.allowance, june.portfolio.at_risk[30], june.portfolio.outstanding) == (
        Decimal("921.15"),
        Decimal("9211.51"),
        Decimal("11211.51"),
    )
    path = write_ledger(tmp_path, BOOKS + allowance_entry("2024-06-30", "921.15"))
    out = tmp_path / "out"
    code, _, _ = run("report", str(path), "--month", "2024-06", "--lang", "en", "--out", str(out))
    assert code == 0
    html = next(out.rglob("*.html")).read_text(encoding="utf-8")
    assert (
        '<tr class="kongtun-allowance"><td class="kongtun-card-title">Allowance for doubtful loans'
        '</td><td></td><td class="num" data-label="Principal outstanding">921.15</td>'
        '<td class="num" data-label="Share of the portfolio">8.2%</td>'
    ) in html
