"""Savings arrears per member and month: computed for reports, never an error."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from kongtun.ledger.books.arrears import SavingsArrear, savings_arrears
from kongtun.ledger.books.fund import read_fund
from kongtun.tests.conftest import load_text

D = datetime.date
LEDGER = """
plugin "kongtun.plugins.fund"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ"
  savings-monthly-min: 100 THB
2024-03-01 custom "rules" "มติ 1/2567"
  savings-monthly-min: 200 THB
2024-01-20 custom "member" "M0001" "นางสมศรี ใจดี"
2024-02-10 custom "member" "M0002" "นายบุญมี ศรีสุข"
2024-01-25 * "ม.ค. ครบพอดี"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
2024-02-05 * "ก.พ. ขาด 1 บาท ฝากสองครั้ง"
  Assets:Cash                  50 THB
  Liabilities:Savings:M0001   -50 THB
2024-02-25 * "ก.พ. ครั้งที่สอง"
  Assets:Cash                  49 THB
  Liabilities:Savings:M0001   -49 THB
2024-03-05 * "มี.ค. 150 ต่ำกว่าขั้นต่ำใหม่"
  Assets:Cash                 150 THB
  Liabilities:Savings:M0001  -150 THB
2024-04-05 * "เม.ย. 200"
  Assets:Cash                 200 THB
  Liabilities:Savings:M0001  -200 THB
2024-04-20 * "เม.ย. คืนเงิน"
  Assets:Cash                -549 THB
  Liabilities:Savings:M0001   549 THB
2024-04-20 custom "member-exit" "M0001" "ลาออก"
2024-02-10 * "M0002 ก.พ."
  Assets:Cash                 100 THB
  Liabilities:Savings:M0002  -100 THB
"""


def test_arrears_per_member_and_month(tmp_path: Path) -> None:
    entries, errors, options = load_text(tmp_path, LEDGER)
    assert errors == []
    fund, _ = read_fund(entries, options)
    assert savings_arrears(fund, D(2024, 5, 31)) == [
        SavingsArrear("M0001", D(2024, 2, 1), Decimal(99), Decimal(100)),
        SavingsArrear("M0001", D(2024, 3, 1), Decimal(150), Decimal(200)),
        SavingsArrear("M0002", D(2024, 3, 1), Decimal(0), Decimal(200)),
        SavingsArrear("M0002", D(2024, 4, 1), Decimal(0), Decimal(200)),
        SavingsArrear("M0002", D(2024, 5, 1), Decimal(0), Decimal(200)),
    ]
    assert savings_arrears(fund, D(2024, 5, 31))[1].shortfall == Decimal(50)


def test_a_month_counts_only_once_it_is_over(tmp_path: Path) -> None:
    entries, _, options = load_text(tmp_path, LEDGER)
    fund, _ = read_fund(entries, options)
    assert [(a.member, a.month) for a in savings_arrears(fund, D(2024, 3, 30))] == [
        ("M0001", D(2024, 2, 1))
    ]
