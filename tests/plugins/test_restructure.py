"""Restructuring one loan (custom "loan-restructure"): a hand-computed restructuring, one
test per rule id (the breach and the boundary, the whole message in Thai and English), and
Hypothesis: a restructured schedule repays the principal outstanding exactly."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.loans.book import portfolio
from kongtun.ledger.loans.restructure import Restructuring, restructured_schedule
from kongtun.ledger.loans.schedule import Terms
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.loans import loan_schedule
from kongtun.ledger.reports.month import Period, read_month
from kongtun.ledger.reports.sections import LoansReportSection, loans_report_section
from kongtun.ledger.reports.statements import loan_line
from kongtun.tests.conftest import Loaded, load_text, messages

D = datetime.date
HEAD = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ 2567"
  loan-rate-max: 12
  restructure-max-months: 12
  restructured-at-risk-months: 6
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2024-01-05 * "ฝากสัจจะ"
  Assets:Cash                 12000 THB
  Liabilities:Savings:M0001  -12000 THB
2024-02-01 * "เงินกู้สามัญ"
  loan: "L1"
  rate: 12
  method: "declining"
  installments: 12
  first-due: 2024-03-01
  approved: "มติกรรมการ ครั้งที่ 2/2567"
  Assets:Loans:M0001  10000 THB
  Assets:Bank  -10000 THB
2024-03-01 * "ชำระเงินกู้"
  loan: "L1"
  Assets:Cash  888.49 THB
  Assets:Loans:M0001  -788.49 THB
  Income:Interest:Loans  -100.00 THB
2024-04-01 * "ชำระเงินกู้"
  loan: "L1"
  Assets:Cash  888.49 THB
  Assets:Loans:M0001  -796.37 THB
  Income:Interest:Loans  -92.12 THB
"""
#: the line of the restructuring directive
LINE = HEAD.count("\n") + 1


def restructure(
    *,
    installments: str | None = "6",
    rate: str | None = "6",
    grace: str | None = "1",
    overdue: str | None = '"capitalise"',
    approved: str | None = '"มติกรรมการ ครั้งที่ 6/2567"',
    loan: str = "L1",
    day: str = "2024-06-15",
) -> str:
    lines = [f'{day} custom "loan-restructure" "{loan}"']
    for key, value in (
        ("installments", installments),
        ("rate", rate),
        ("grace-months", grace),
        ("overdue-interest", overdue),
        ("approved", approved),
    ):
        if value is not None:
            lines.append(f"  {key}: {value}")
    return "\n".join(lines) + "\n"


def capitalise(amount: str = "160.26", day: str = "2024-06-15") -> str:
    return (
        f'{day} * "ปรับโครงสร้างหนี้ ทบดอกเบี้ยค้างเข้าเงินต้น"\n  loan: "L1"\n'
        f"  Assets:Loans:M0001  {amount} THB\n  Income:Interest:Loans  -{amount} THB\n"
    )


def load(tmp_path: Path, body: str) -> Loaded:
    return load_text(tmp_path, HEAD + body)


def both(errors: list[object]) -> tuple[list[str], list[str]]:
    return messages(errors, "en"), messages(errors, "th")


def test_a_restructuring_by_hand(tmp_path: Path) -> None:
    """12 % declining, 10,000 THB over 12 months from 1 Mar 2024; March and April paid
    (788.49 + 100.00, 796.37 + 92.12), May and June not: 8,415.14 THB principal outstanding
    and 84.15 + 76.11 = 160.26 THB of interest unpaid on 15 June. The restructuring that day
    capitalises the 160.26 (principal 8,575.40) at 6 % a year (0.5 % a month), one month of
    grace (interest only: 8,575.40 × 0.5 % = 42.877 -> 42.88 on 15 July) then 6 instalments
    from 15 August of 8,575.40 × 0.005 / (1 − 1.005^−6) = 1,454.35."""
    entries, errors, options = load(tmp_path, restructure() + capitalise())
    assert errors == []
    books = loaded_books(entries, options)
    loan = books.loans.by_id()["L1"]
    after = [(r.due, r.principal, r.interest, r.balance) for r in loan.schedule[4:]]
    assert after == [
        (D(2024, 7, 15), Decimal("0"), Decimal("42.88"), Decimal("8575.40")),
        (D(2024, 8, 15), Decimal("1411.47"), Decimal("42.88"), Decimal("7163.93")),
        (D(2024, 9, 15), Decimal("1418.53"), Decimal("35.82"), Decimal("5745.40")),
        (D(2024, 10, 15), Decimal("1425.62"), Decimal("28.73"), Decimal("4319.78")),
        (D(2024, 11, 15), Decimal("1432.75"), Decimal("21.60"), Decimal("2887.03")),
        (D(2024, 12, 15), Decimal("1439.91"), Decimal("14.44"), Decimal("1447.12")),
        (D(2025, 1, 15), Decimal("1447.12"), Decimal("7.24"), Decimal("0.00")),
    ]
    # the history before stays: 4 instalments of the old schedule, May and June overdue
    before = loan.state(D(2024, 6, 14))
    assert (before.outstanding, before.days_past_due, before.overdue_installments) == (
        Decimal("8415.14"),
        44,
        2,
    )
    assert before.amount_overdue == Decimal("804.34") + Decimal("812.38") + Decimal("160.26")
    # from the next day, the new terms: nothing overdue until 15 July
    on = loan.state(D(2024, 6, 30))
    assert (on.outstanding, on.amount_overdue, on.days_past_due) == (
        Decimal("8575.40"),
        Decimal(0),
        0,
    )
    late = loan.state(D(2024, 7, 20))
    assert (late.interest_overdue, late.days_past_due) == (Decimal("42.88"), 5)
    # counted apart, and at risk for 6 months (to 15 Dec) whatever is paid
    held = loan_schedule(books.fund, loan, D(2024, 6, 30))
    assert [row.status for row in held.rows[:5]] == [
        "paid",
        "paid",
        "restructured",
        "restructured",
        "to-come",
    ]
    june = portfolio(books.loans.loans, D(2024, 6, 30))
    assert (june.restructured, june.restructured_outstanding) == (1, Decimal("8575.40"))
    assert june.at_risk[90] == Decimal("8575.40")


def test_restructured_loan_repaid_on_the_new_terms_is_clean(tmp_path: Path) -> None:
    """Paying the grace instalment and the 6 new ones on their days repays the loan."""
    pays = [
        '2024-07-15 * "ชำระ"\n  loan: "L1"\n  Assets:Cash  42.88 THB\n'
        "  Income:Interest:Loans  -42.88 THB\n"
    ]
    figures = [
        ("2024-08-15", "1411.47", "42.88"),
        ("2024-09-15", "1418.53", "35.82"),
        ("2024-10-15", "1425.62", "28.73"),
        ("2024-11-15", "1432.75", "21.60"),
        ("2024-12-15", "1439.91", "14.44"),
        ("2025-01-15", "1447.12", "7.24"),
    ]
    for day, principal, interest in figures:
        total = Decimal(principal) + Decimal(interest)
        pays.append(
            f'{day} * "ชำระ"\n  loan: "L1"\n  Assets:Cash  {total} THB\n'
            f"  Assets:Loans:M0001  -{principal} THB\n  Income:Interest:Loans  -{interest} THB\n"
        )
    entries, errors, options = load(tmp_path, restructure() + capitalise() + "".join(pays))
    assert errors == []
    loans = loaded_books(entries, options).loans
    assert loans.by_id()["L1"].state(D(2025, 1, 15)).repaid == D(2025, 1, 15)
    # paid on time, at risk by the rules up to 6 months after (15 Dec), not the day after
    held, after = portfolio(loans.loans, D(2024, 12, 15)), portfolio(loans.loans, D(2024, 12, 16))
    assert (held.at_risk[30], held.at_risk_loans[30]) == (Decimal("1447.12"), 1)
    assert (after.at_risk[30], after.at_risk_loans[30]) == (Decimal(0), 0)


def test_waive_needs_no_transaction(tmp_path: Path) -> None:
    """Waived, the 160.26 THB is forgiven: the new schedule is of 8,415.14 THB."""
    entries, errors, options = load(tmp_path, restructure(overdue='"waive"'))
    assert errors == []
    loan = loaded_books(entries, options).loans.by_id()["L1"]
    assert loan.state(D(2024, 6, 16)).outstanding == Decimal("8415.14")
    assert loan.state(D(2024, 6, 16)).amount_overdue == 0
    assert loan.schedule[4].interest == Decimal("42.08")  # 8,415.14 × 0.5 % = 42.0757


def test_loan_restructure_not_approved(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, restructure(approved=None) + capitalise())
    assert [e.source["lineno"] for e in errors] == [LINE]
    assert both(errors) == (
        [
            "loan-restructure-not-approved: M0001 loan L1 is restructured on 2024-06-15 without "
            "`approved:` metadata. Write the committee resolution that approved it, for "
            'example: approved: "มติกรรมการ ครั้งที่ 5/2568".'
        ],
        [
            "loan-restructure-not-approved: M0001 เงินกู้ L1 ปรับโครงสร้างหนี้เมื่อ 2024-06-15 "
            "(15 มิ.ย. 2567) โดยไม่มี `approved:` ให้ระบุมติกรรมการที่อนุมัติ เช่น approved: "
            '"มติกรรมการ ครั้งที่ 5/2568"'
        ],
    )


def test_loan_restructure_rate_over(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, restructure(rate="12") + capitalise())
    assert errors == []  # the boundary: loan-rate-max 12
    _, errors, _ = load(tmp_path, restructure(rate="12.5") + capitalise())
    assert both(errors) == (
        [
            "loan-restructure-rate-over: M0001 loan L1 is restructured on 2024-06-15 at 12.5 % "
            "a year, above 12 % a year (ระเบียบ 2567). Restructure at 12 % a year or less."
        ],
        [
            "loan-restructure-rate-over: M0001 เงินกู้ L1 ปรับโครงสร้างหนี้เมื่อ 2024-06-15 (15 มิ.ย. 2567) "
            "ดอกเบี้ยร้อยละ 12.5 ต่อปี เกินร้อยละ 12 ต่อปี (ระเบียบ 2567) "
            "ให้ปรับโครงสร้างหนี้ด้วยดอกเบี้ยไม่เกินร้อยละ 12 ต่อปี"
        ],
    )


def test_loan_restructure_term_over(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, restructure(installments="11") + capitalise())
    assert errors == []  # the boundary: 1 + 11 = 12 months
    _, errors, _ = load(tmp_path, restructure(installments="12") + capitalise())
    assert both(errors) == (
        [
            "loan-restructure-term-over: M0001 loan L1 is restructured on 2024-06-15 over 13 "
            "months to its last instalment, more than the rules' restructure-max-months of 12 "
            '("ระเบียบ 2567"). Give fewer instalments or a shorter grace period.'
        ],
        [
            "loan-restructure-term-over: M0001 เงินกู้ L1 ปรับโครงสร้างหนี้เมื่อ 2024-06-15 (15 มิ.ย. 2567) "
            "ผ่อนนาน 13 เดือน ถึงงวดสุดท้าย เกินระเบียบ "
            "ระยะเวลาผ่อนนานที่สุดของเงินกู้ที่ปรับโครงสร้างหนี้ (restructure-max-months) 12 เดือน "
            '("ระเบียบ 2567") ให้ลดจำนวนงวดหรือระยะปลอดเงินต้น'
        ],
    )


def test_loan_restructure_capitalised(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, restructure() + capitalise("160.00"))
    assert both(errors) == (
        [
            "loan-restructure-capitalised: loan L1 is restructured on 2024-06-15 with "
            'overdue-interest "capitalise", and 160.00 THB of interest is added to the '
            "principal that day; it should be 160.26 THB (the interest unpaid that day is "
            "160.26 THB). Record one transaction that day that debits the loan account and "
            "credits the interest income by the unpaid interest (capitalise), or none (waive)."
        ],
        [
            "loan-restructure-capitalised: เงินกู้ L1 ปรับโครงสร้างหนี้เมื่อ 2024-06-15 (15 มิ.ย. 2567) โดย "
            'overdue-interest "capitalise" และทบดอกเบี้ย 160.00 บาท เข้าเงินต้นในวันนั้น '
            "แต่ควรเป็น 160.26 บาท (ดอกเบี้ยค้างชำระในวันนั้นคือ 160.26 บาท) "
            "ให้บันทึกรายการหนึ่งรายการในวันนั้น เดบิตบัญชีเงินกู้ เครดิตรายได้ดอกเบี้ย "
            "เท่ากับดอกเบี้ยค้าง (capitalise) หรือไม่บันทึกเลย (waive)"
        ],
    )
    _, errors, _ = load(tmp_path, restructure(overdue='"waive"') + capitalise())
    assert messages(errors)[0].startswith(
        "loan-restructure-capitalised: loan L1 is restructured on 2024-06-15 with "
        'overdue-interest "waive", and 160.26 THB of interest is added to the principal that '
        "day; it should be 0.00 THB"
    )


def test_loan_restructure_bad(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, restructure(installments=None, overdue='"forgive"'))
    assert [e.source["lineno"] for e in errors] == [LINE, LINE]
    assert both(errors) == (
        [
            "loan-restructure-bad: restructuring of loan L1 on 2024-06-15: `installments` needs "
            "a whole number of instalments, from 1 to 600, not nothing. For example: "
            "installments: 24",
            "loan-restructure-bad: restructuring of loan L1 on 2024-06-15: `overdue-interest` "
            'needs capitalise or waive, not "forgive". For example: overdue-interest: '
            '"capitalise"',
        ],
        [
            "loan-restructure-bad: การปรับโครงสร้างหนี้ของเงินกู้ L1 เมื่อ 2024-06-15 (15 มิ.ย. 2567): "
            "`installments` ต้องเป็นจำนวนงวดเป็นจำนวนเต็มตั้งแต่ 1 ถึง 600 ไม่ใช่ ไม่มีค่า "
            "ตัวอย่าง: installments: 24",
            "loan-restructure-bad: การปรับโครงสร้างหนี้ของเงินกู้ L1 เมื่อ 2024-06-15 (15 มิ.ย. 2567): "
            "`overdue-interest` ต้องเป็นcapitalise (ทบเข้าเงินต้น) หรือ waive (ยกเว้น) ไม่ใช่ "
            '"forgive" ตัวอย่าง: overdue-interest: "capitalise"',
        ],
    )
    _, errors, _ = load(tmp_path, restructure(loan="L9", overdue='"waive"'))
    assert messages(errors) == [
        "loan-restructure-bad: restructuring of loan L9 on 2024-06-15: `loan` needs the id of "
        'a loan disbursed before that day and not repaid by it, not "L9". For example: custom '
        '"loan-restructure" "L0012"'
    ]


def test_loan_restructure_repaid(tmp_path: Path) -> None:
    repaid = (
        '2024-05-01 * "ปิดบัญชี"\n  loan: "L1"\n  Assets:Cash  8499.29 THB\n'
        "  Assets:Loans:M0001  -8415.14 THB\n  Income:Interest:Loans  -84.15 THB\n"
    )
    _, errors, _ = load(tmp_path, repaid + restructure(overdue='"waive"'))
    assert both(errors) == (
        [
            "loan-restructure-repaid: loan L1 is restructured on 2024-06-15, but no principal of "
            "it is outstanding at the end of that day. Remove the restructuring, or date it "
            "while the loan is still owed."
        ],
        [
            "loan-restructure-repaid: เงินกู้ L1 ปรับโครงสร้างหนี้เมื่อ 2024-06-15 (15 มิ.ย. 2567) "
            "แต่สิ้นวันนั้นไม่มีเงินต้นค้างอยู่แล้ว ให้ลบการปรับโครงสร้างหนี้ "
            "หรือลงวันที่ขณะที่ยังมีหนี้ค้าง"
        ],
    )


@settings(max_examples=200, deadline=None)
@given(
    balance=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2),
    rate=st.decimals(min_value=Decimal(0), max_value=Decimal(15), places=2),
    installments=st.integers(min_value=1, max_value=120),
    grace=st.integers(min_value=0, max_value=12),
    every=st.sampled_from([1, 3]),
)
@example(balance=Decimal("8575.40"), rate=Decimal(6), installments=6, grace=1, every=1)
def test_a_restructured_schedule_repays_exactly(
    balance: Decimal, rate: Decimal, installments: int, grace: int, every: int
) -> None:
    """Whatever the terms, the new schedule's principal sums to the principal outstanding,
    no instalment repays a negative principal, and the last leaves nothing owed."""
    terms = Terms(Decimal(20000), Decimal(12), "declining", 12, D(2024, 3, 1), every)
    restructuring = Restructuring(
        "L1", D(2024, 6, 15), installments, rate, grace * every, "waive", "มติ", {}
    )
    rows = restructured_schedule(terms, restructuring, balance)
    assert sum(row.principal for row in rows) == balance
    assert all(row.principal >= 0 and row.interest >= 0 for row in rows)
    assert rows[-1].balance == 0
    assert len(rows) == grace + installments
    assert [row.due for row in rows] == sorted(row.due for row in rows)


def test_statement_and_report_show_the_restructuring(tmp_path: Path) -> None:
    """June's statement: the terms now in force (6 %, 7 instalments), the restructuring,
    the old instalments left unpaid marked restructured, the capitalisation not a payment;
    the fund report counts the loan apart, and at risk."""
    entries, errors, options = load(tmp_path, restructure() + capitalise())
    assert errors == []
    books = loaded_books(entries, options)
    loan = books.loans.by_id()["L1"]
    line = loan_line(loan, Period(D(2024, 6, 1)))
    assert (line.rate, line.installments, line.outstanding) == (
        Decimal(6),
        7,
        Decimal("8575.40"),
    )
    assert line.restructured is loan.restructurings[0]
    assert line.restructured_principal == Decimal("8575.40")
    assert line.paid_principal == line.paid_interest == line.amount_overdue == 0
    assert [(row.number, row.due, row.status) for row in line.rows] == [
        (3, D(2024, 5, 1), "restructured"),
        (4, D(2024, 6, 1), "restructured"),
        (5, D(2024, 7, 15), "upcoming"),
    ]
    may = loan_line(loan, Period(D(2024, 5, 1)))  # before: as it was, nothing restructured
    assert (may.restructured, may.rate, may.installments) == (None, Decimal(12), 12)
    assert [row.status for row in may.rows] == ["paid", "overdue", "upcoming"]
    section = loans_report_section(books.fund, read_month(entries, books, D(2024, 6, 1)))
    assert isinstance(section, LoansReportSection)
    assert (section.portfolio.restructured, section.portfolio.at_risk[30]) == (
        1,
        Decimal("8575.40"),
    )
    # nothing past due, but held at risk by restructured-at-risk-months: counted in the PAR
    # table's count column as in its amount
    assert [(row.days, row.loans, row.outstanding) for row in section.par] == [
        (30, 1, Decimal("8575.40")),
        (60, 1, Decimal("8575.40")),
        (90, 1, Decimal("8575.40")),
    ]
