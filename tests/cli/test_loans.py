"""``kongtun loans`` through click's CliRunner: both languages, a date, a missing file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.tests.conftest import write_ledger

BOOKS = """
plugin "kongtun.plugins.fund"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2024-01-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
2024-01-15 * "เงินกู้"
  loan: "L1"
  rate: 0
  method: "declining"
  installments: 10
  first-due: 2024-02-15
  approved: "มติ 1/2567"
  Assets:Loans:M0001   1000 THB
  Assets:Bank         -1000 THB
2024-01-15 * "เงินกู้"
  loan: "L2"
  rate: 0
  method: "declining"
  installments: 2
  first-due: 2024-02-15
  approved: "มติ 1/2567"
  Assets:Loans:M0002   1000 THB
  Assets:Bank         -1000 THB
2024-02-15 * "ชำระ"
  loan: "L2"
  Assets:Cash          1000 THB
  Assets:Loans:M0002  -1000 THB
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_loans_in_english(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BOOKS)
    code, out, _ = run("loans", "--lang", "en", "--date", "2024-04-20", str(path))
    assert code == 0
    assert out == (
        "Loans on 2024-04-20\n"
        "  L1 นางสมศรี ใจดี: owes 1,000.00 THB, overdue 300.00 THB (65 days)\n"
        "1 open member loans, 1,000.00 THB outstanding; 1 repaid\n"
        "PAR 30: 100.0 % (1,000.00 THB), PAR 60: 100.0 % (1,000.00 THB), "
        "PAR 90: 0.0 % (0.00 THB)\n"
    )


def test_loans_in_thai_on_the_last_date(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BOOKS)
    code, out, _ = run("loans", str(path))
    assert code == 0
    # the documented default: the last day of the month of the last entry (the fund
    # report's day for that month), said on the first line
    assert out.splitlines()[0] == "เงินกู้ ณ วันที่ 2024-02-29 (29 ก.พ. 2567)"
    # on 2024-02-29 L1's first instalment (2024-02-15) is 14 days overdue
    assert "ค้างชำระ 100.00 บาท (14 วัน)" in out


def test_loans_missing_file(tmp_path: Path) -> None:
    code, out, err = run("loans", "--lang", "en", str(tmp_path / "none.beancount"))
    assert (code, out) == (2, "")
    assert err.startswith("kongtun: cannot read ")


#: L1 with one instalment paid, then a moratorium of two months (April and May 2024)
PAUSED = (
    BOOKS
    + """
2024-02-15 * "ชำระ"
  loan: "L1"
  Assets:Cash          100 THB
  Assets:Loans:M0001  -100 THB
2024-03-20 custom "moratorium" "ภัยแล้ง 2567"
  start: 2024-04-01
  end: 2024-05-31
  applies-to: "loans L1"
  defer: "principal"
  interest: "waived"
  resolution: "มติกรรมการ ครั้งที่ 4/2567"
"""
)
GOLDEN = Path(__file__).resolve().parent / "data" / "loan-L1.json"
UPDATE = os.environ.get("KONGTUN_UPDATE_SNAPSHOTS") == "1"


def test_one_loans_schedule_in_english(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, PAUSED)
    before = path.read_bytes()
    code, out, _ = run("loans", "--lang", "en", "--loan", "L1", "--date", "2024-06-20", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[:4] == [
        "Loan L1 to นางสมศรี ใจดี (M0001) on 2024-06-20",
        "1,000.00 THB lent on 2024-01-15 at 0 % a year, declining balance, 10 instalments",
        "Moratorium ภัยแล้ง 2567: 2024-04-01 to 2024-05-31, instalments moved 2 months later "
        "(มติกรรมการ ครั้งที่ 4/2567)",
        "No.  Due  Principal  Interest  Paid  Status",
    ]
    assert lines[4:8] == [
        "  1  2024-02-15  100.00  0.00  100.00  paid",
        "  2  2024-03-15  100.00  0.00  0.00  overdue",
        "  3  2024-06-15  100.00  0.00  0.00  overdue (was due 2024-04-15)",
        "  4  2024-07-15  100.00  0.00  0.00  to come (was due 2024-05-15)",
    ]
    assert len(lines) == 4 + 10 + 1
    assert lines[-1] == (
        "Paid: principal 100.00 THB, interest 0.00 THB, late charges 0.00 THB; owes "
        "900.00 THB, overdue 200.00 THB (97 days)"
    )
    assert path.read_bytes() == before


def test_one_loans_schedule_in_thai(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, PAUSED)
    code, out, _ = run("loans", "--loan", "L1", "--date", "2567-06-20", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "เงินกู้ L1 ของ นางสมศรี ใจดี (M0001) ณ วันที่ 2024-06-20 (20 มิ.ย. 2567)"
    assert lines[6] == (
        "  3  2024-06-15 (15 มิ.ย. 2567)  100.00  0.00  0.00  ค้างชำระ "
        "(เดิมครบกำหนด 2024-04-15 (15 เม.ย. 2567))"
    )
    assert lines[-1].startswith("ชำระแล้ว: เงินต้น 100.00 บาท ดอกเบี้ย 0.00 บาท")


def test_one_loans_schedule_as_json_golden(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, PAUSED)
    code, out, _ = run(
        "loans", "--loan", "L1", "--format", "json", "--date", "2024-06-20", str(path)
    )
    assert code == 0
    if UPDATE:
        GOLDEN.write_text(out, encoding="utf-8")
    assert GOLDEN.exists(), f"no golden file {GOLDEN}: run with KONGTUN_UPDATE_SNAPSHOTS=1"
    assert out == GOLDEN.read_text(encoding="utf-8")
    figures = json.loads(out)
    assert figures["day"] == "2024-06-20"
    assert [row["status"] for row in figures["schedule"][:3]] == ["paid", "overdue", "overdue"]


def test_one_loan_refused(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, PAUSED)
    code, out, err = run("loans", "--lang", "en", "--loan", "L9", str(path))
    assert (code, out) == (2, "")
    assert err == f"kongtun: {path} has no loan L9. The ids are in `kongtun loans {path}`.\n"
    code, out, err = run("loans", "--lang", "en", "--format", "json", str(path))
    assert (code, out, err) == (2, "", "kongtun: --format json needs --loan ID.\n")
