"""Writing a loan off and recovering it: the figures by hand, each rule's message in Thai
and English, and Hypothesis: principal written off + repaid + outstanding = principal lent."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.loans import loan_book
from kongtun.ledger.reports.month import Period, read_month
from kongtun.ledger.reports.sections import LoansReportSection, loans_report_section
from kongtun.ledger.reports.statements import loan_line
from kongtun.tests.conftest import Loaded, load_text, messages

D = datetime.date
HEAD = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
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
"""


def write_off(amount: str = "9211.51", approved: bool = True) -> str:
    lines = ['2024-12-20 * "ตัดหนี้สูญ L1"', '  loan: "L1"']
    if approved:
        lines.append('  approved: "มติที่ประชุมใหญ่ ครั้งที่ 1/2567"')
    lines += [f"  Assets:Allowance:Loans  {amount} THB", f"  Assets:Loans:M0001  -{amount} THB"]
    return "\n".join(lines) + "\n"


def recover(amount: str = "1000.00", day: str = "2025-01-10") -> str:
    return (
        f'{day} * "รับคืนหนี้สูญ L1"\n  loan: "L1"\n  Assets:Cash  {amount} THB\n'
        f"  Income:Recoveries  -{amount} THB\n"
    )


def load(tmp_path: Path, body: str) -> Loaded:
    return load_text(tmp_path, HEAD + body)


def test_a_write_off_then_a_recovery(tmp_path: Path) -> None:
    """10,000 THB lent, 788.49 repaid: 9,211.51 THB written off on 20 Dec 2024 against the
    allowance, 1,000.00 THB recovered on 10 Jan 2025: out of the loan book, but the member
    still owes 9,211.51 − 1,000.00 = 8,211.51 THB."""
    entries, errors, options = load(tmp_path, write_off() + recover())
    assert errors == []
    books = loaded_books(entries, options)
    loan = books.loans.by_id()["L1"]
    state = loan.state(D(2025, 1, 31))
    assert (state.outstanding, state.written_off, state.recovered, state.still_owed) == (
        Decimal("0.00"),
        Decimal("9211.51"),
        Decimal("1000.00"),
        Decimal("8211.51"),
    )
    book = loan_book(books.fund, books.loans, D(2025, 1, 31))
    assert (book.portfolio.loans, book.repaid, book.written_off, book.still_owed) == (
        0,
        0,
        1,
        Decimal("8211.51"),
    )
    january = loan_line(loan, Period(D(2025, 1, 1)))  # still on the member's statement
    assert (january.written_off, january.written_off_on, january.recovered) == (
        Decimal("9211.51"),
        D(2024, 12, 20),
        Decimal("1000.00"),
    )
    assert january.still_owed == Decimal("8211.51")
    assert january.paid_principal == 0  # a recovery is not a repayment
    december = loans_report_section(books.fund, read_month(entries, books, D(2024, 12, 1)))
    assert isinstance(december, LoansReportSection)
    assert (december.written_off_year, december.recovered_year) == (Decimal("9211.51"), Decimal(0))
    year_2025 = loans_report_section(books.fund, read_month(entries, books, D(2025, 1, 1)))
    assert isinstance(year_2025, LoansReportSection)
    assert (year_2025.written_off_year, year_2025.recovered_year) == (
        Decimal(0),
        Decimal("1000.00"),
    )


def test_loan_write_off_not_approved(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, write_off(approved=False))
    assert [e.source["lineno"] for e in errors] == [HEAD.count("\n") + 1]
    assert messages(errors) == [
        "loan-write-off-not-approved: M0001 loan L1: 9,211.51 THB is written off on 2024-12-20 "
        "without `approved:` metadata. Write the resolution that wrote it off, for example: "
        'approved: "มติที่ประชุมใหญ่ ครั้งที่ 1/2568".'
    ]
    assert messages(errors, "th") == [
        "loan-write-off-not-approved: M0001 เงินกู้ L1: ตัดเป็นหนี้สูญ 9,211.51 บาท เมื่อ "
        "2024-12-20 (20 ธ.ค. 2567) โดยไม่มี `approved:` ให้ระบุมติที่อนุมัติให้ตัดหนี้สูญ เช่น "
        'approved: "มติที่ประชุมใหญ่ ครั้งที่ 1/2568"'
    ]


def test_loan_recovery_bad(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, write_off("5000.00") + recover("5000.00"))
    assert errors == []  # the boundary: all that was written off
    _, errors, _ = load(tmp_path, write_off("5000.00") + recover("5000.01"))
    assert messages(errors) == [
        "loan-recovery-bad: loan L1: 5,000.01 THB is recorded as recovered on 2025-01-10, but "
        "only 5,000.00 THB of it is written off and not yet recovered. Record what was not "
        "written off as a repayment (to the loan account), or correct the amount."
    ]
    assert messages(errors, "th") == [
        "loan-recovery-bad: เงินกู้ L1: บันทึกหนี้สูญได้รับคืน 5,000.01 บาท เมื่อ 2025-01-10 "
        "(10 ม.ค. 2568) แต่ส่วนที่ตัดเป็นหนี้สูญและยังไม่ได้รับคืนมีเพียง 5,000.00 บาท "
        "ให้บันทึกส่วนที่ไม่ได้ตัดหนี้สูญเป็นการชำระเงินกู้ (เข้าบัญชีเงินกู้) หรือแก้จำนวนเงิน"
    ]
    _, errors, _ = load(tmp_path, recover("10.00"))  # never written off
    assert [e.rule for e in errors] == ["loan-recovery-bad"]


@settings(max_examples=25, deadline=None)
@given(
    repaid=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal(3000), places=2), max_size=4
    ),
    share=st.integers(min_value=1, max_value=100),
)
def test_written_off_repaid_and_outstanding_add_up_to_the_loan(
    repaid: list[Decimal], share: int
) -> None:
    """Whatever is repaid, then written off (a share of what is left), then repaid: principal
    written off + repaid + outstanding = principal lent, on every day."""
    lent = Decimal(10000)
    body = []
    left = lent - Decimal("788.49")
    for index, wanted in enumerate(repaid):
        amount = min(wanted, left)
        if amount <= 0:
            break
        day = D(2024, 4 + index, 1)
        body.append(
            f'{day} * "ชำระ"\n  loan: "L1"\n  Assets:Cash  {amount} THB\n'
            f"  Assets:Loans:M0001  -{amount} THB\n"
        )
        left -= amount
    written = (left * share / 100).quantize(Decimal("0.01"))
    if written > 0:
        body.append(write_off(str(written)))
    with TemporaryDirectory() as folder:
        entries, _, options = load_text(Path(folder), HEAD + "".join(body))
    loan = loaded_books(entries, options).loans.by_id()["L1"]
    for day in (D(2024, 2, 1), D(2024, 6, 15), D(2024, 12, 20), D(2025, 6, 1)):
        state = loan.state(day)
        paid = sum((r.principal for r in loan.repayments if r.date <= day), Decimal(0))
        assert paid + state.written_off + state.outstanding == lent
