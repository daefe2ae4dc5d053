"""Records a carried year keeps of the years before it: one test per rule id, in both languages."""

from __future__ import annotations

from pathlib import Path

from kongtun.tests.conftest import load_text, messages

SAVINGS = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2023-01-01 custom "fund" "savings-group"
2023-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2023-12-31 custom "month-end" "ธันวาคม 2566"
  cash: 100.00 THB
  savings: 100.00 THB
  shares: 0 THB
  loans: 0 THB
  income: 0 THB
  expenses: 0 THB
  members: 1
2024-01-01 * "ยอดยกมา" "Opening balances"
  carried-from: "2023.beancount"
  carried-digest: "sha256:0"
  Assets:Cash                100.00 THB
  Liabilities:Savings:M0001 -100.00 THB
"""

WELFARE = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2023-01-01 custom "fund" "welfare-fund"
2023-01-01 custom "member" "W0001" "นางสมศรี ใจดี"
2023-12-31 custom "since-start" "received" "members"
  amount: 365.00 THB
2023-12-31 custom "since-start" "benefit" "death"
  category: "death"
  claims: 1
  amount: 3000.00 THB
  members: "W0001"
"""


def test_month_end_records_load_cleanly(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, SAVINGS)
    assert errors == []
    _, errors, _ = load_text(tmp_path, WELFARE)
    assert errors == []


def test_month_end_malformed(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, SAVINGS.replace("  members: 1\n", '  members: "many"\n'))
    assert [(e.source["lineno"], e.rule) for e in errors] == [(5, "month-end-malformed")]
    assert messages(errors) == [
        'month-end-malformed: a `custom "month-end"` record is dated on the last day of a '
        "month and gives the month's figures: cash:, income:, expenses:, savings:, shares:, "
        "loans: (amounts in THB) and members: (a whole number). Correct it, or carry the year "
        "again with `kongtun carry`."
    ]
    assert messages(errors, "th") == [
        'month-end-malformed: รายการ `custom "month-end"` ต้องลงวันที่วันสุดท้ายของเดือน '
        "และให้ตัวเลขของเดือน: cash:, income:, expenses:, savings:, shares:, loans: "
        "(จำนวนเงินเป็น THB) และ members: (จำนวนเต็ม) ให้แก้ให้ถูกต้อง "
        "หรือยกยอดปีใหม่อีกครั้งด้วย `kongtun carry`"
    ]


def test_month_end_duplicate_and_late(tmp_path: Path) -> None:
    record = SAVINGS[SAVINGS.index("2023-12-31") : SAVINGS.index("2024-01-01")]
    late = record.replace("2023-12-31", "2024-01-31")
    _, errors, _ = load_text(tmp_path, SAVINGS + record + late)
    assert [(e.source["lineno"], e.rule) for e in errors] == [
        (18, "month-end-duplicate"),
        (26, "month-end-late"),
    ]
    ledger = str(tmp_path / "ledger.beancount")
    assert messages(errors) == [
        f"month-end-duplicate: this month already has a month-end record (at {ledger}:5). "
        "Keep one and delete this one.",
        "month-end-late: a month-end record is dated on or after 2024-01-01, the first day "
        "of these books: the history reads the books themselves from then on. Delete the "
        "record.",
    ]
    assert messages(errors, "th") == [
        f"month-end-duplicate: เดือนนี้มีรายการตัวเลขสิ้นเดือนแล้ว (ที่ {ledger}:5) "
        "ให้เก็บไว้รายการเดียวและลบรายการนี้",
        "month-end-late: รายการตัวเลขสิ้นเดือนลงวันที่ตั้งแต่ 2024-01-01 (1 ม.ค. 2567) "
        "ซึ่งเป็นวันแรกของบัญชีนี้ ตั้งแต่วันนั้นประวัติย้อนหลังอ่านจากบัญชีเอง ให้ลบรายการนี้",
    ]


def test_since_start_malformed(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, WELFARE.replace('members: "W0001"', 'members: "นาง"'))
    assert [(e.source["lineno"], e.rule) for e in errors] == [(7, "since-start-malformed")]
    sources = "members, local-gov, state, other-agencies, interest, fees, donations, other"
    assert messages(errors) == [
        'since-start-malformed: a `custom "since-start"` record is either "received" SOURCE '
        f'with `amount:` (in THB), SOURCE one of: {sources}; or "benefit" KIND with '
        "`category:`, `claims:` (a whole number), `amount:` (in THB) and `members:` (the "
        "member ids paid, each once). Correct it, or carry the year again with `kongtun carry`."
    ]
    assert messages(errors, "th") == [
        'since-start-malformed: รายการ `custom "since-start"` เป็นได้สองแบบ คือ "received" '
        f"SOURCE พร้อม `amount:` (เป็น THB) โดย SOURCE เป็นหนึ่งใน: {sources} หรือ "
        '"benefit" KIND พร้อม `category:` `claims:` (จำนวนเต็ม) `amount:` (เป็น THB) และ '
        "`members:` (รหัสสมาชิกที่ได้รับ คนละครั้ง) ให้แก้ให้ถูกต้อง "
        "หรือยกยอดปีใหม่อีกครั้งด้วย `kongtun carry`"
    ]


def test_since_start_duplicate(tmp_path: Path) -> None:
    again = '2023-12-31 custom "since-start" "received" "members"\n  amount: 1.00 THB\n'
    _, errors, _ = load_text(tmp_path, WELFARE + again)
    assert [(e.source["lineno"], e.rule) for e in errors] == [(12, "since-start-duplicate")]
    ledger = str(tmp_path / "ledger.beancount")
    assert messages(errors) == [
        f"since-start-duplicate: this total is already carried (at {ledger}:5): there is one "
        "since-start record for each source and each benefit kind and category. Keep one and "
        "delete this one."
    ]
    assert messages(errors, "th") == [
        f"since-start-duplicate: ยอดนี้ยกมาแล้ว (ที่ {ledger}:5) "
        "ยอดตั้งแต่เริ่มกองทุนมีรายการเดียวต่อแหล่งเงินแต่ละแหล่ง "
        "และต่อประเภทและหมวดสวัสดิการแต่ละคู่ ให้เก็บไว้รายการเดียวและลบรายการนี้"
    ]
