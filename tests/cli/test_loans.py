"""``kongtun loans`` through click's CliRunner: both languages, a date, a missing file."""

from __future__ import annotations

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
    assert out.splitlines()[0] == "เงินกู้ ณ วันที่ 2024-02-15 (15 ก.พ. 2567)"
    assert "ค้างชำระ" not in out


def test_loans_missing_file(tmp_path: Path) -> None:
    code, out, err = run("loans", "--lang", "en", str(tmp_path / "none.beancount"))
    assert (code, out) == (2, "")
    assert err.startswith("kongtun: cannot read ")
