"""Loans and welfare on the statements, the fund report and the Fava pages' models."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount import loader

from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.members import LoansPageSection, WelfarePageSection, member_accounts
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.reports.sections import LoansReportSection, WelfareReportSection
from kongtun.ledger.reports.statements import LoansSection, WelfareSection, statement
from kongtun.ledger.welfare.book import read_welfare
from kongtun.templates.render import Format, render_fragment

ROOT = Path(__file__).resolve().parent.parent.parent
WELFARE = ROOT / "examples" / "welfare-fund.beancount"
D = Decimal
Loaded = tuple[list[Any], list[Any], dict[str, Any]]

LOANS_LEDGER = """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"
    2024-01-01 custom "fund" "savings-group"
      name: "กลุ่มทดสอบ"
    2024-01-01 custom "rules" "r"
      savings-withdrawal-allowed: FALSE
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
      village: "หมู่ 2"
    2024-01-01 custom "member" "M0002" "นายสมชาย ใจดี"
      village: "หมู่ 3"
    2024-01-05 * "savings"
      Assets:Cash                2000 THB
      Liabilities:Savings:M0001  -1000 THB
      Liabilities:Savings:M0002  -1000 THB
    2024-01-10 * "CODI" "เงินกู้จาก พอช."
      loan: "CODI-1"
      rate: 4
      method: "declining"
      installments: 10
      first-due: 2024-02-10
      Assets:Bank                10000 THB
      Liabilities:Loans:CODI    -10000 THB
    2024-01-15 * "นางสมศรี ใจดี" "เงินกู้"
      loan: "L1"
      rate: 12
      method: "flat"
      installments: 4
      first-due: 2024-02-15
      approved: "มติกรรมการ 1/2567"
      Assets:Loans:M0001         1200 THB
      Assets:Cash               -1200 THB
    2024-01-15 * "นายสมชาย ใจดี" "เงินกู้"
      loan: "L2"
      rate: 12
      method: "flat"
      installments: 4
      first-due: 2024-02-15
      approved: "มติกรรมการ 1/2567"
      Assets:Loans:M0002         1200 THB
      Assets:Cash               -1200 THB
    2024-02-15 * "นางสมศรี ใจดี" "ชำระงวด 1"
      loan: "L1"
      Assets:Cash                 312 THB
      Assets:Loans:M0001         -300 THB
      Income:Interest:Loans       -12 THB
    2024-02-15 * "นายสมชาย ใจดี" "ชำระงวด 1"
      loan: "L2"
      Assets:Cash                 312 THB
      Assets:Loans:M0002         -300 THB
      Income:Interest:Loans       -12 THB
    2024-03-15 * "นายสมชาย ใจดี" "ชำระงวด 2"
      loan: "L2"
      Assets:Cash                 312 THB
      Assets:Loans:M0002         -300 THB
      Income:Interest:Loans       -12 THB
    2024-04-15 * "นายสมชาย ใจดี" "ชำระงวด 3"
      loan: "L2"
      Assets:Cash                 312 THB
      Assets:Loans:M0002         -300 THB
      Income:Interest:Loans       -12 THB
    2024-05-01 custom "moratorium" "น้ำท่วม 2567"
      start: 2024-05-01
      end: 2024-06-30
      applies-to: "villages หมู่ 2"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติที่ประชุมใหญ่ 2/2567"
    2024-05-31 * "bank"
      Assets:Bank                   1 THB
      Income:Interest:Bank         -1 THB
    """


def month(entries: list[Any], options: dict[str, Any], day: datetime.date) -> Any:
    model = loaded_books(entries, options)
    return model.fund, read_month(entries, model, day)


def test_an_overdue_loan_on_the_statement(load_doc: Loaded) -> None:
    """{}"""
    entries, _, options = load_doc
    fund, books = month(entries, options, datetime.date(2024, 4, 1))
    section = statement(fund, books, fund.members["M0001"]).sections[-1]
    assert isinstance(section, LoansSection)
    (loan,) = section.loans
    assert loan.id == "L1"
    assert (loan.outstanding_start, loan.outstanding) == (D(900), D(900))
    assert (loan.due_in_month, loan.paid) == (D(312), D(0))
    # instalments of 15 March and 15 April are unpaid on 30 April
    assert (loan.principal_overdue, loan.interest_overdue) == (D(600), D(24))
    assert (loan.overdue_installments, loan.days_past_due) == (2, 46)
    # the month's instalment, every one still overdue before it, and the next one
    assert [(row.number, row.due.isoformat(), row.status) for row in loan.rows] == [
        (2, "2024-03-15", "overdue"),
        (3, "2024-04-15", "overdue"),
        (4, "2024-05-15", "upcoming"),
    ]
    assert loan.moratoria == ()
    assert loan.paused_by is None


test_an_overdue_loan_on_the_statement.__doc__ = LOANS_LEDGER


def test_a_paused_loan_on_the_statement(load_doc: Loaded) -> None:
    """{}"""
    entries, _, options = load_doc
    fund, books = month(entries, options, datetime.date(2024, 5, 1))
    section = statement(fund, books, fund.members["M0001"]).sections[-1]
    assert isinstance(section, LoansSection)
    (loan,) = section.loans
    assert loan.paused_by is not None
    assert loan.paused_by.title == "น้ำท่วม 2567"
    assert [m.resolution for m in loan.moratoria] == ["มติที่ประชุมใหญ่ 2/2567"]
    # the May instalment moves two months later: nothing falls due in May
    assert loan.due_in_month == 0
    assert loan.rows[-1].due == datetime.date(2024, 7, 15)
    # M0002 (หมู่ 3) is not covered, and owes only the May instalment
    other = statement(fund, books, fund.members["M0002"]).sections[-1]
    assert isinstance(other, LoansSection)
    assert other.loans[0].moratoria == ()
    assert other.loans[0].amount_overdue == D(312)


test_a_paused_loan_on_the_statement.__doc__ = LOANS_LEDGER


def test_par_borrowings_and_moratoria_on_the_report(load_doc: Loaded) -> None:
    """{}"""
    entries, _, options = load_doc
    fund, books = month(entries, options, datetime.date(2024, 5, 1))
    report = fund_report(fund, books, 0)
    (section,) = [s for s in report.sections if isinstance(s, LoansReportSection)]
    assert section.portfolio.loans == 2
    assert section.portfolio.outstanding == D(900) + D(300)
    # L1: 77 days past due on 31 May; L2: 16 days
    assert [(row.days, row.loans, row.outstanding) for row in section.par] == [
        (30, 1, D(900)),
        (60, 1, D(900)),
        (90, 0, D(0)),
    ]
    assert section.par[0].share == D(900) / D(1200)
    assert (section.in_arrears, section.paused) == (2, 1)
    (codi,) = section.borrowings
    assert (codi.lender, codi.outstanding) == ("CODI", D(10000))
    assert codi.days_past_due > 90
    assert codi.paused_by is None
    assert section.borrowed == D(10000)
    (moratorium,) = section.moratoria
    assert (moratorium.moratorium.title, moratorium.member_loans) == ("น้ำท่วม 2567", 1)
    # before the moratorium was declared, the April report has none
    fund, books = month(entries, options, datetime.date(2024, 4, 1))
    (april,) = [
        s for s in fund_report(fund, books, 0).sections if isinstance(s, LoansReportSection)
    ]
    assert april.moratoria == ()


test_par_borrowings_and_moratoria_on_the_report.__doc__ = LOANS_LEDGER


def test_the_loans_page_lists_each_loan(load_doc: Loaded) -> None:
    """{}"""
    entries, _, options = load_doc
    fund, books = month(entries, options, datetime.date(2024, 5, 1))
    (section,) = member_accounts(fund, books, "loans").sections
    assert isinstance(section, LoansPageSection)
    assert [(r.id, r.member, r.outstanding, r.days_past_due) for r in section.rows] == [
        ("L1", "M0001", D(900), 77),
        ("L2", "M0002", D(300), 16),
    ]
    assert section.rows[0].paused_by is not None
    assert section.summary is not None
    assert section.summary.borrowed == D(10000)


test_the_loans_page_lists_each_loan.__doc__ = LOANS_LEDGER


def welfare_month(day: datetime.date) -> tuple[Any, Any]:
    entries, errors, options = loader.load_file(str(WELFARE))
    assert errors == []
    model = loaded_books(entries, options)
    return model.fund, read_month(entries, model, day)


def test_welfare_on_the_statement() -> None:
    fund, books = welfare_month(datetime.date(2023, 11, 1))
    section = statement(fund, books, fund.members["W0002"]).sections[-1]
    assert isinstance(section, WelfareSection)
    assert section.status.kind == "active"
    assert section.status.paid_through == datetime.date(2023, 12, 31)
    assert [(b.date.isoformat(), b.kind, b.label, b.amount) for b in section.benefits] == [
        ("2023-08-10", "hospital-night", "ค่านอนโรงพยาบาล", D(600)),
        ("2023-11-20", "hospital-night", "ค่านอนโรงพยาบาล", D(400)),
    ]
    assert (section.month_total, section.year_total) == (D(400), D(1000))
    fund, books = welfare_month(datetime.date(2023, 6, 1))
    behind = statement(fund, books, fund.members["W0003"]).sections[-1]
    assert isinstance(behind, WelfareSection)
    assert (behind.status.kind, behind.status.missed) == ("arrears", 2)
    assert behind.status.paid_through == datetime.date(2023, 3, 31)


def test_welfare_on_the_report_from_the_claims() -> None:
    fund, books = welfare_month(datetime.date(2023, 11, 1))
    report = fund_report(fund, books, 0)
    (section,) = [s for s in report.sections if isinstance(s, WelfareReportSection)]
    entries, _, _options = loader.load_file(str(WELFARE))
    welfare, _ = read_welfare(fund, entries)
    paid = [c for c in welfare.claims if datetime.date(2023, 1, 1) <= c.date <= books.period.end]
    assert section.baht_year == sum((c.amount for c in paid), D(0))
    by_kind = {
        row.kind: (row.people, row.claims, row.baht, row.claims_year) for row in section.by_kind
    }
    assert by_kind == {"hospital-night": (1, 1, D(400), 2)}
    assert dict(section.by_status) == {"active": 3, "arrears": 0, "lapsed": 1}
    assert [(row.member, row.status) for row in section.behind] == [("W0003", "lapsed")]


def test_the_welfare_page_lists_every_member() -> None:
    fund, books = welfare_month(datetime.date(2023, 11, 1))
    (section,) = member_accounts(fund, books, "contributions").sections
    assert isinstance(section, WelfarePageSection)
    assert [(row.member, row.status) for row in section.standings] == [
        ("W0001", "active"),
        ("W0002", "active"),
        ("W0003", "lapsed"),
        ("W0004", "active"),
    ]


def test_the_public_welfare_report_names_no_member() -> None:
    fund, books = welfare_month(datetime.date(2023, 11, 1))
    report = fund_report(fund, books, 0)
    public = render_fragment("report", Format("th", public=True), r=report)
    named = render_fragment("report", Format("th"), r=report)
    assert '<td class="kongtun-card-title">W0003</td>' in public, "members behind, by id"
    assert "นางสาวมาลี ทองคำ (W0003)" in named
    for member in fund.members.values():
        assert member.name not in public


def test_overdue_loans_on_the_public_report_by_id_only(load_doc: Loaded) -> None:
    """{}"""
    entries, _, options = load_doc
    fund, books = month(entries, options, datetime.date(2024, 5, 1))
    report = fund_report(fund, books, 0)
    (section,) = [s for s in report.sections if isinstance(s, LoansReportSection)]
    assert [(row.id, row.days_past_due) for row in section.overdue] == [("L1", 77), ("L2", 16)]
    public = render_fragment("report", Format("th", public=True), r=report)
    named = render_fragment("report", Format("th"), r=report)
    assert '<td class="kongtun-card-title">M0001</td><td data-label="เงินกู้">L1</td>' in public
    assert "นางสมศรี ใจดี (M0001)" in named
    assert [m.name for m in fund.members.values() if m.name in public] == []


test_overdue_loans_on_the_public_report_by_id_only.__doc__ = LOANS_LEDGER
