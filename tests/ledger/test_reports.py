"""The fund report and the member list of a hand-checked month."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from beancount import loader

from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.members import member_accounts, member_list
from kongtun.ledger.reports.month import read_month

SMALL = Path(__file__).resolve().parent.parent / "data" / "small-fund.beancount"
FEB = datetime.date(2024, 2, 1)
D = Decimal


def report_for(month: datetime.date, problems: int = 0):  # type: ignore[no-untyped-def]
    entries, errors, options = loader.load_file(str(SMALL))
    assert errors == []
    model = loaded_books(entries, options)
    fund = model.fund
    books = read_month(entries, model, month)
    return fund, books, fund_report(fund, books, problems)


def test_the_fund_report_of_february() -> None:
    _, _, r = report_for(FEB, problems=2)
    assert [(a.account, a.opening, a.closing) for a in r.cash] == [
        ("Assets:Bank", D(300), D(300)),
        ("Assets:Cash", D("70.75"), D("67.75")),
    ]
    assert r.cash_closing == D("367.75")
    money = {m.kind: (m.opening, m.closing, m.holders) for m in r.members_money}
    assert money == {
        "savings": (D("320.75"), D("480.75"), 3),
        "shares": (D(50), D(100), 1),
        "loans": (0, D(200), 1),
    }
    assert [(a.account, a.month, a.year) for a in r.income] == [
        ("Income:Fees:Entrance", D(20), D(20)),
        ("Income:Interest:Loans", D("2.50"), D("2.50")),
    ]
    assert [(a.account, a.month) for a in r.expenses] == [("Expenses:Admin", D("35.50"))]
    assert (r.income_month, r.expenses_month) == (D("22.50"), D("35.50"))
    assert (r.members_at_start, r.members_at_end) == (3, 3)
    assert [c.id for c in r.joined] == ["M0004"]
    assert [(c.id, c.reason) for c in r.left] == [("M0003", "ย้ายถิ่น")]
    assert [(a.member, a.shortfall) for a in r.arrears] == [("M0002", 40)]
    assert r.problems == 2
    assert r.rules.title == "ระเบียบกลุ่ม พ.ศ. 2567"


def test_the_history_is_twelve_months_ending_with_the_month() -> None:
    _, _, r = report_for(datetime.date(2024, 3, 1))
    assert len(r.history) == 12
    assert r.history[0].month == datetime.date(2023, 4, 1)
    assert r.history[-1].month == datetime.date(2024, 3, 1)
    feb = r.history[-2]
    assert (feb.cash, feb.income, feb.expenses, feb.members) == (
        D("367.75"),
        D("22.50"),
        D("35.50"),
        3,
    )
    assert feb.members_money["savings"] == D("480.75")
    assert r.history[-1].cash == D("467.75")
    assert r.history[0].cash == 0
    assert r.history[0].members == 0


def test_member_list_in_thai_dictionary_order() -> None:
    fund, books, _ = report_for(FEB)
    ml = member_list(fund, books)
    # titles (นาย, นาง, นางสาว) are not part of the order: เกษร, บัวผัน, สมชาย, อำนาจ
    assert [row.id for row in ml.rows] == ["M0003", "M0002", "M0001", "M0004"]
    assert ml.active == 3
    assert ml.rows[0].exited == datetime.date(2024, 2, 29)
    assert dict(ml.totals)["savings"] == D("480.75")
    assert dict(ml.rows[1].amounts)["savings"] == D(160)
    assert ml.rows[1].months_in_arrears == 1


def test_loans_page_lists_borrowers() -> None:
    fund, books, _ = report_for(FEB)
    loans = member_accounts(fund, books, "loans")
    assert [(r.id, r.increase, r.decrease, r.closing) for r in loans.rows] == [
        ("M0001", D(250), D(50), D(200))
    ]
    assert loans.total("closing") == D(200)


def test_welfare_contributions_and_benefits(load_doc) -> None:  # type: ignore[no-untyped-def]
    """
    plugin "kongtun.plugins.fund"
    2024-01-01 custom "fund" "welfare-fund"
    2024-01-01 custom "member" "W0001" "นางลำดวน แสงทอง"
    2024-01-01 custom "member" "W0002" "นายคำแสน มั่นคง"
    2024-01-01 custom "benefit" "hospital-night" 100 THB
      per: "night"
    2024-01-05 * "สมทบ"
      Assets:Cash                 30.00 THB
      Income:Contributions:W0001 -30.00 THB
    2024-02-05 * "สมทบ"
      Assets:Cash                 60.00 THB
      Income:Contributions:W0001 -30.00 THB
      Income:Contributions:W0002 -30.00 THB
    2024-02-20 * "ค่านอนโรงพยาบาล 2 คืน"
      member: "W0001"
      benefit: "hospital-night"
      units: 2
      Expenses:Welfare:HospitalNight  200.00 THB
      Assets:Cash                    -200.00 THB
    """
    entries, errors, options = load_doc
    assert errors == []
    model = loaded_books(entries, options)
    fund = model.fund
    books = read_month(entries, model, FEB)
    report = fund_report(fund, books, 0)
    assert [(a.account, a.month, a.year) for a in report.welfare_paid] == [
        ("Expenses:Welfare:HospitalNight", D(200), D(200))
    ]
    assert [(a.account, a.month) for a in report.income] == [("Income:Contributions", D(60))]
    paid = member_accounts(fund, books, "contributions")
    assert [(r.id, r.opening, r.increase, r.closing, r.year_increase) for r in paid.rows] == [
        ("W0002", D(0), D(30), D(30), D(30)),
        ("W0001", D(30), D(30), D(60), D(60)),
    ], "Thai order: คำแสน before ลำดวน"
