"""The loan rules, one test per rule id: the breach, and the boundary that passes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from beancount.core import data
from hypothesis import given, settings
from hypothesis import strategies as st

from kongtun.ledger.loans.reader import read_fund_and_loans
from kongtun.tests.conftest import Loaded, load_text, messages

HEAD = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ 2567"
  loan-max-multiple: 3
  loan-max-amount: 30000 THB
  loan-rate-max: 12
  guarantors-above: 20000 THB
  guarantors-min: 2
  loans-max-open: 1
  fine-late-installment: 20 THB
  late-interest-rate: 5
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
  village: "หมู่ 2"
2024-01-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
2024-01-01 custom "member" "M0003" "นางมาลี ทองคำ"
2024-01-05 * "ฝากสัจจะ"
  Assets:Cash                 12000 THB
  Liabilities:Savings:M0001  -10000 THB
  Equity:Shares:M0001         -1000 THB
  Liabilities:Savings:M0002   -1000 THB
"""
#: the line of the first entry after HEAD
NEXT = HEAD.count("\n") + 1


def load(tmp_path: Path, body: str) -> Loaded:
    return load_text(tmp_path, HEAD + body)


def loan(
    loan_id: str = "L1",
    member: str = "M0001",
    amount: str = "10000",
    *,
    day: str = "2024-02-01",
    rate: str = "12",
    method: str = "declining",
    installments: str = "12",
    first_due: str = "2024-03-01",
    guarantors: str | None = None,
    approved: str | None = "มติกรรมการ ครั้งที่ 2/2567",
) -> str:
    lines = [
        f'{day} * "เงินกู้สามัญ"',
        f'  loan: "{loan_id}"',
        f"  rate: {rate}",
        f'  method: "{method}"',
        f"  installments: {installments}",
        f"  first-due: {first_due}",
    ]
    if guarantors is not None:
        lines.append(f'  guarantors: "{guarantors}"')
    if approved is not None:
        lines.append(f'  approved: "{approved}"')
    lines += [f"  Assets:Loans:{member}  {amount} THB", f"  Assets:Bank  -{amount} THB"]
    return "\n".join(lines) + "\n"


def repay(
    day: str,
    principal: str,
    interest: str = "0",
    *,
    charge: str = "0",
    loan_id: str = "L1",
    member: str = "M0001",
) -> str:
    lines = [f'{day} * "ชำระเงินกู้"', f'  loan: "{loan_id}"']
    total = sum(float(x) for x in (principal, interest, charge))
    lines.append(f"  Assets:Cash  {total:.2f} THB")
    if float(principal):
        lines.append(f"  Assets:Loans:{member}  -{principal} THB")
    if float(interest):
        lines.append(f"  Income:Interest:Loans  -{interest} THB")
    if float(charge):
        lines.append(f"  Income:Fines  -{charge} THB")
    return "\n".join(lines) + "\n"


def rules_of(errors: list[Any]) -> list[str]:
    return [getattr(error, "rule", type(error).__name__) for error in errors]


def lines_of(errors: list[Any]) -> list[int]:
    return [error.source["lineno"] for error in errors]


def test_a_clean_loan_and_its_repayments(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan() + repay("2024-03-01", "788.49", "100.00"))
    assert errors == []


def test_loan_over_max(tmp_path: Path) -> None:
    body = loan("L1", amount="30000.01", guarantors="M0002 M0003")
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "loan-over-max: M0001 loan L1 of 30,000.01 THB is above the largest loan the rules "
        '("ระเบียบ 2567") allow, loan-max-amount 30,000.00 THB. Lend at most 30,000.00 THB.'
    ]
    assert lines_of(errors) == [NEXT]
    _, errors, _ = load(tmp_path, loan("L1", amount="30000", guarantors="M0002 M0003"))
    assert errors == []


def test_loan_over_multiple(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan("L1", "M0002", "3000.01"))
    assert messages(errors) == [
        "loan-over-multiple: M0002 loan L1 of 3,000.01 THB brings the member's loans to "
        "3,000.01 THB, above loan-max-multiple 3 × savings and shares of 1,000.00 THB = "
        '3,000.00 THB ("ระเบียบ 2567"). Lend less, or wait until the member has saved more.'
    ]
    _, errors, _ = load(tmp_path, loan("L1", "M0002", "3000"))
    assert errors == []


def test_loan_over_multiple_counts_open_loans(tmp_path: Path) -> None:
    rules = '2024-01-02 custom "rules" "สองสัญญา"\n  loans-max-open: 2\n'
    body = rules + loan("L1", "M0002", "2000") + loan("L2", "M0002", "1000.01", day="2024-02-02")
    _, errors, _ = load(tmp_path, body)
    assert rules_of(errors) == ["loan-over-multiple"]
    assert "brings the member's loans to 3,000.01 THB" in messages(errors)[0]


def test_loan_guarantors_missing(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(amount="20000.01", guarantors="M0002"))
    assert messages(errors) == [
        "loan-guarantors-missing: M0001 loan L1 of 20,000.01 THB names too few guarantors (1); "
        'above 20,000.00 THB the rules ("ระเบียบ 2567") ask for at least 2. List them as '
        '`guarantors: "M0002 M0003"`.'
    ]
    _, errors, _ = load(tmp_path, loan(amount="20000"))
    assert errors == []
    _, errors, _ = load(tmp_path, loan(amount="20000.01", guarantors="M0002, M0003"))
    assert errors == []


def test_loan_guarantor_invalid(tmp_path: Path) -> None:
    body = (
        '2024-01-01 custom "member" "M0004" "นายทองดี มั่นคง"\n'
        '2024-01-20 custom "member-exit" "M0004" "ย้ายถิ่น"\n'
        '2024-02-15 custom "member" "M0005" "นางบัวผัน ดวงแก้ว"\n'
        + loan(amount="25000", guarantors="M0001 M0009 M0004 M0005 M0002")
    )
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        f"loan-guarantor-invalid: M0001 loan L1: guarantor {who} {why}. A guarantor is another "
        "member, active on the day of the loan; name another one."
        for who, why in (
            ("M0001", "is the borrower"),
            ("M0009", "is not a member of the fund"),
            ("M0004", "has left the fund"),
            ("M0005", "has not joined the fund by the day of the loan"),
        )
    ]
    _, errors, _ = load(tmp_path, loan(amount="25000", guarantors="M0002 M0003"))
    assert errors == []


def test_loan_rate_over_rules(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(rate="12.5"))
    assert messages(errors) == [
        "loan-rate-over-rules: M0001 loan L1 at 12.5 % a year is above the rules' "
        'loan-rate-max of 12 % a year ("ระเบียบ 2567"). Lend at 12 % a year or less.'
    ]
    _, errors, _ = load(tmp_path, loan(rate="12"))
    assert errors == []


RAISED = '2024-01-10 custom "rules" "ดอกเบี้ยสูงสุด 18"\n  loan-rate-max: 18\n'


def test_loan_rate_over_law_flat(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, RAISED + loan(method="flat"))
    assert messages(errors) == [
        "loan-rate-over-law: M0001 loan L1 costs 21.46 % a year on the balance actually "
        "outstanding (flat rate on the original principal, 12 % a year), above the 15 % a year "
        "the Civil and Commercial Code "
        "allows (s. 654): interest above it is void. Lower the rate, or lend on the declining "
        "balance."
    ]
    assert lines_of(errors) == [NEXT + 2]


def test_loan_rate_over_law_declining_boundary(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, RAISED + loan(rate="15"))
    assert errors == []
    _, errors, _ = load(tmp_path, RAISED + loan(rate="15.05"))
    assert rules_of(errors) == ["loan-rate-over-law"]
    assert "costs 15.05 % a year" in messages(errors)[0]


def test_loan_not_approved(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(approved=None))
    assert messages(errors) == [
        "loan-not-approved: M0001 loan L1 has no `approved:` metadata. Write the committee "
        'resolution that approved it, for example: approved: "มติกรรมการ ครั้งที่ 3/2567".'
    ]
    _, errors, _ = load(tmp_path, loan(approved=" "))
    assert rules_of(errors) == ["loan-not-approved"]


def test_loans_max_open(tmp_path: Path) -> None:
    second = loan("L2", amount="1000", day="2024-02-10", first_due="2024-03-10")
    _, errors, _ = load(tmp_path, loan(amount="1000") + second)
    assert messages(errors) == [
        'loans-max-open: M0001 has 2 open loans with loan L2; the rules ("ระเบียบ 2567") '
        "allow 1. Have an earlier loan repaid first."
    ]
    repaid = repay("2024-02-05", "1000", "3.00")
    _, errors, _ = load(tmp_path, loan(amount="1000") + repaid + second)
    assert errors == []


def test_repayment_loan_unknown(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan() + repay("2024-03-01", "788.49", "100", loan_id="L9"))
    assert messages(errors) == [
        "repayment-loan-unknown: this transaction names loan L9, which was never disbursed. "
        "Correct the `loan:` id to the one on the disbursement."
    ]


def test_repayment_loan_repaid(tmp_path: Path) -> None:
    body = loan(amount="1000") + repay("2024-02-20", "1000", "6.00")
    _, errors, _ = load(tmp_path, body + repay("2024-03-01", "100"))
    assert messages(errors) == [
        "repayment-loan-repaid: repayment to loan L1 on 2024-03-01, which was repaid in full on "
        "2024-02-20. Correct the `loan:` id, or record the money as savings."
    ]
    _, errors, _ = load(tmp_path, body)
    assert errors == []


def test_repayment_over_principal(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(amount="1000") + repay("2024-02-20", "1000.01"))
    assert messages(errors) == [
        "repayment-over-principal: repayment to loan L1 on 2024-02-20 pays 1,000.01 THB of "
        "principal, more than the 1,000.00 THB still owed. Record the rest as savings, or "
        "correct the amounts."
    ]
    # the advice never leads to an overcharge of interest (issue 12)
    assert messages(errors, "th") == [
        "repayment-over-principal: การชำระคืนเงินกู้ L1 วันที่ 2024-02-20 (20 ก.พ. 2567) ชำระเงินต้น "
        "1,000.01 บาท มากกว่าเงินต้นคงเหลือ 1,000.00 บาท ให้บันทึกส่วนที่เกินเป็นเงินสัจจะ "
        "หรือแก้จำนวนเงินให้ถูกต้อง"
    ]
    _, errors, _ = load(tmp_path, loan(amount="1000") + repay("2024-02-20", "1000.00"))
    assert errors == []


def test_repayment_order(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan() + repay("2024-03-01", "838.49", "50.00"))
    assert messages(errors) == [
        "repayment-order: repayment to loan L1 on 2024-03-01 puts 838.49 THB to principal and "
        "50.00 THB to interest while 100.00 THB of interest is due. A payment goes to the late "
        "charge first, then to the interest due, then to principal: record 100.00 THB as "
        "interest and 788.49 THB as principal."
    ]
    assert lines_of(errors) == [NEXT + 9]
    # before the due date no interest is due yet: paying principal early is fine
    _, errors, _ = load(tmp_path, loan() + repay("2024-02-29", "888.49"))
    assert errors == []


ZERO_RATE = loan(amount="12000", rate="0")  # 1,000 THB principal a month from 2024-03-01


def test_late_charge_over_rules(tmp_path: Path) -> None:
    # 1,000 THB overdue 30 days at 5 % a year = 4.11 THB, plus the 20 THB fine
    _, errors, _ = load(tmp_path, ZERO_RATE + repay("2024-03-31", "1000", charge="24.12"))
    assert messages(errors) == [
        "late-charge-over-rules: late charge of 24.12 THB on loan L1 on 2024-03-31 is above "
        "what the rules allow that day: 24.11 THB (overdue instalments 1 × "
        "fine-late-installment 20.00 THB, plus late-interest-rate 5 % a year on the overdue "
        "principal 1,000.00 THB, less 0.00 THB already charged for these arrears). Charge at "
        "most 24.11 THB."
    ]
    _, errors, _ = load(tmp_path, ZERO_RATE + repay("2024-03-31", "1000", charge="24.11"))
    assert errors == []


def test_late_charge_is_not_charged_twice(tmp_path: Path) -> None:
    fined = repay("2024-03-31", "0", charge="24.11")  # fined, instalment still unpaid
    # 2024-04-15: instalment 1 overdue 45 days (6.16), instalment 2 overdue 14 days (1.92)
    again = repay("2024-04-15", "2000", charge="23.98")
    _, errors, _ = load(tmp_path, ZERO_RATE + fined + again)
    assert rules_of(errors) == ["late-charge-over-rules"]
    assert "allow that day: 23.97 THB (overdue instalments 2 ×" in messages(errors)[0]
    assert "less 24.11 THB already charged" in messages(errors)[0]
    _, errors, _ = load(tmp_path, ZERO_RATE + fined + again.replace("23.98", "23.97"))
    assert errors == []


def test_late_charge_when_nothing_is_overdue(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, ZERO_RATE + repay("2024-03-01", "1000", charge="20"))
    assert rules_of(errors) == ["late-charge-over-rules"]
    assert "allow that day: 0.00 THB (overdue instalments 0" in messages(errors)[0]


FLOOD = """2024-09-20 custom "moratorium" "น้ำท่วม 2567"
  start: 2024-09-01
  end: 2024-11-30
  applies-to: "villages หมู่ 2"
  defer: "principal-and-interest"
  interest: "waived"
  resolution: "มติกรรมการ ครั้งที่ 9/2567"
"""


def paid_until_august() -> str:
    return "".join(repay(f"2024-{month:02d}-01", "1000") for month in range(3, 9))


def test_late_charge_in_moratorium(tmp_path: Path) -> None:
    body = ZERO_RATE + paid_until_august() + FLOOD + repay("2024-10-05", "0", charge="20")
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "late-charge-in-moratorium: late charge of 20.00 THB on loan L1 on 2024-10-05, inside "
        'the moratorium "น้ำท่วม 2567" (2024-09-01 to 2024-11-30; มติกรรมการ ครั้งที่ 9/2567) '
        "that pauses its instalments: nothing falls overdue during it. Remove the charge."
    ]
    # the September instalment is due on 2024-12-01 now: late after that, a fine is allowed
    after = repay("2024-12-02", "1000", charge="20")
    _, errors, _ = load(tmp_path, ZERO_RATE + paid_until_august() + FLOOD + after)
    assert errors == []


def test_late_interest_over_law(tmp_path: Path) -> None:
    body = '2024-02-01 custom "rules" "ค่าปรับ"\n  late-interest-rate: 5.5\n'
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        'late-interest-over-law: the rules ("ค่าปรับ") set late-interest-rate at 5.5 % a year, '
        "above the 5 % a year Thai law allows on the overdue instalment's principal (Civil and "
        "Commercial Code s. 224 and 224/1). Set it to 5 or less."
    ]
    assert lines_of(errors) == [NEXT]


# -- bad input ------------------------------------------------------------------------------


def test_rate_written_per_month(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(rate='"1%/month"'))
    assert messages(errors) == [
        "loan-terms-bad: loan L1: `rate` needs the interest rate in percent a year, as a plain "
        'number (12 for 1 % a month), not "1%/month". For example: rate: 12'
    ]
    assert lines_of(errors) == [NEXT]


def test_installments_missing(tmp_path: Path) -> None:
    body = loan().replace("  installments: 12\n", "")
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "loan-terms-missing: loan L1 is disbursed without `installments`. A disbursement "
        'carries the loan\'s terms, for example: loan: "L1"  rate: 12  method: "declining"  '
        "installments: 12  first-due: 2024-04-15"
    ]
    assert lines_of(errors) == [NEXT]


def test_installments_and_method_bad(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(installments="1.5", method="equal"))
    assert rules_of(errors) == ["loan-terms-bad", "loan-terms-bad"]
    assert [m.split("`")[1] for m in messages(errors)] == ["method", "installments"]


def test_installments_too_many_and_repayments_of_a_broken_loan(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(installments="601") + repay("2024-03-01", "100"))
    assert messages(errors) == [
        "loan-terms-bad: loan L1: `installments` needs a whole number of instalments, from 1 "
        "to 600, not 601. For example: installments: 12"
    ]
    _, errors, _ = load(tmp_path, loan(installments="600"))
    assert errors == []


def test_first_due_before_disbursement(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(first_due="2024-01-31"))
    assert messages(errors) == [
        "loan-first-due-early: loan L1: the first instalment is due on 2024-01-31, before the "
        "loan is disbursed on 2024-02-01. Set first-due after the disbursement."
    ]
    assert lines_of(errors) == [NEXT]
    _, errors, _ = load(tmp_path, loan(first_due="2024-02-02"))
    assert errors == []


def test_loan_duplicate(tmp_path: Path) -> None:
    rules = '2024-01-02 custom "rules" "สองสัญญา"\n  loans-max-open: 2\n'
    _, errors, _ = load(tmp_path, rules + loan(amount="1000") + loan(amount="1000"))
    assert rules_of(errors) == ["loan-duplicate"]
    assert messages(errors)[0].startswith(
        "loan-duplicate: loan L1 is disbursed a second time (first at "
    )


def test_loan_no_account(tmp_path: Path) -> None:
    body = loan().replace("Assets:Loans:M0001  10000 THB", "Expenses:Admin  10000 THB")
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        "loan-no-account: loan L1 carries loan terms but pays nothing into a member's loan "
        "account (Assets:Loans:MEMBER, a positive amount) or from a lender "
        "(Liabilities:Loans:LENDER, a negative amount). Post the amount lent to one of them."
    ]


def test_moratorium_end_before_start(tmp_path: Path) -> None:
    body = FLOOD.replace("end: 2024-11-30", "end: 2024-08-31")
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        'moratorium-end-before-start: moratorium "น้ำท่วม 2567" ends on 2024-08-31, before it '
        "starts on 2024-09-01. Correct one of the dates."
    ]
    assert lines_of(errors) == [NEXT]
    _, errors, _ = load(tmp_path, loan() + FLOOD.replace("end: 2024-11-30", "end: 2024-09-01"))
    assert errors == []


def test_moratorium_too_long(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, FLOOD.replace("end: 2024-11-30", "end: 2034-09-01"))
    assert messages(errors) == [
        'moratorium-bad: moratorium "น้ำท่วม 2567": `end` needs a date at most 10 years after '
        "start, not 2034-09-01. For example: end: 2024-11-30"
    ]
    _, errors, _ = load(tmp_path, loan() + FLOOD.replace("end: 2024-11-30", "end: 2034-08-31"))
    assert errors == []


def test_moratorium_missing_and_bad(tmp_path: Path) -> None:
    body = FLOOD.replace('  interest: "waived"\n', "").replace('"villages หมู่ 2"', '"someone"')
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        'moratorium-bad: moratorium "น้ำท่วม 2567": `applies-to` needs one of all, borrowings '
        "LENDER, members IDS, loans IDS, villages NAMES or provinces NAMES (separated by "
        "commas), not "
        '"someone". For example: applies-to: "all"',
        'moratorium-missing: moratorium "น้ำท่วม 2567" has no `interest`. For example: '
        'interest: "waived"',
    ]


def test_thai_message(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, loan(approved=None))
    assert errors[0].message.startswith("loan-not-approved: ")
    assert "M0001" in errors[0].message
    assert "approved" in errors[0].message
    assert errors[0].message != messages(errors, "en")[0]


# -- borrowings and a revolving fund --------------------------------------------------------

REVOLVING = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "revolving-fund"
2024-01-01 custom "member" "R0001" "นางสมศรี ใจดี"
2024-01-01 custom "member" "R0002" "นายบุญมี ศรีสุข"
2024-01-15 * "พอช." "เงินกู้จาก พอช. เพื่อที่อยู่อาศัย"
  loan: "CODI-2567-01"
  rate: 4
  method: "declining"
  installments: 120
  first-due: 2024-02-15
  approved: "สัญญาเงินกู้ พอช. เลขที่ 12/2567"
  Assets:Bank                 200000 THB
  Liabilities:Loans:CODI     -200000 THB
2024-01-20 * "นางสมศรี ใจดี" "เงินกู้บ้านมั่นคง"
  loan: "H-R0001"
  rate: 6
  method: "declining"
  installments: 120
  first-due: 2024-02-15
  approved: "มติกรรมการ 1/2567"
  Assets:Loans:R0001          100000 THB
  Assets:Bank                -100000 THB
2024-09-20 custom "moratorium" "พอช. น้ำท่วม 2567"
  start: 2024-09-01
  end: 2024-11-30
  applies-to: "borrowings CODI"
  defer: "principal-and-interest"
  interest: "waived"
  resolution: "มติคณะกรรมการ พอช. ครั้งที่ 10/2567"
2024-09-25 custom "moratorium" "ส่งต่อการพักชำระหนี้ พอช."
  follows: "พอช. น้ำท่วม 2567"
  applies-to: "all"
  resolution: "มติกรรมการกองทุน 9/2567"
"""


def test_borrowing_and_on_lending(tmp_path: Path) -> None:
    entries, errors, options = load_text(tmp_path, REVOLVING)
    assert errors == []
    opens = {e.account: e for e in entries if isinstance(e, data.Open)}
    assert opens["Liabilities:Loans:CODI"].date.isoformat() == "2024-01-15"
    _, _, loans, _ = read_fund_and_loans(entries, options)
    (borrowing,) = loans.borrowings
    (member_loan,) = loans.member_loans
    assert (borrowing.party, borrowing.principal) == ("CODI", Decimal(200000))
    assert (member_loan.party, member_loan.principal) == ("R0001", Decimal(100000))
    assert [m.title for m in borrowing.moratoria] == ["พอช. น้ำท่วม 2567"]
    assert [m.title for m in member_loan.moratoria] == ["ส่งต่อการพักชำระหนี้ พอช."]
    passed_on = member_loan.moratoria[0]
    assert (passed_on.start.isoformat(), passed_on.end.isoformat()) == ("2024-09-01", "2024-11-30")
    assert passed_on.interest == "waived"
    assert len(borrowing.schedule) == 120
    assert borrowing.schedule[7].due.isoformat() == "2024-12-15"
    assert member_loan.schedule[7].due.isoformat() == "2024-12-15"


def test_moratorium_follows_unknown(tmp_path: Path) -> None:
    text = REVOLVING.replace('follows: "พอช. น้ำท่วม 2567"', 'follows: "น้ำท่วม"')
    _, errors, _ = load_text(tmp_path, text)
    assert messages(errors) == [
        'moratorium-bad: moratorium "ส่งต่อการพักชำระหนี้ พอช.": `follows` needs the title of '
        'a moratorium declared before this one, not "น้ำท่วม". For example: '
        'follows: "น้ำท่วม 2567"'
    ]


VALUES = st.one_of(
    st.sampled_from(
        ['"1%/month"', '"declining"', '"flat"', '""', "TRUE", "2024-01-31", "2024-03-01"]
    ),
    st.integers(min_value=-5, max_value=10_000).map(str),
    st.decimals(min_value=-1, max_value=1000, places=3).map(str),
)


@settings(max_examples=40, deadline=None)
@given(
    rate=VALUES,
    method=VALUES,
    installments=VALUES,
    first_due=VALUES,
    every=VALUES,
    start=VALUES,
    end=VALUES,
)
def test_any_terms_give_errors_never_a_traceback(
    *, rate: str, method: str, installments: str, first_due: str, every: str, start: str, end: str
) -> None:
    body = (
        '2024-02-01 * "เงินกู้"\n  loan: "L1"\n'
        f"  rate: {rate}\n  method: {method}\n  installments: {installments}\n"
        f'  first-due: {first_due}\n  every: {every}\n  approved: "มติ"\n'
        "  Assets:Loans:M0001  1000 THB\n  Assets:Bank  -1000 THB\n"
        + repay("2024-03-01", "100")
        + '2024-02-02 custom "moratorium" "พัก"\n'
        f'  start: {start}\n  end: {end}\n  applies-to: "all"\n'
        '  defer: "principal"\n  interest: "accrues"\n  resolution: "มติ"\n'
    )
    with TemporaryDirectory() as folder:
        _, errors, _ = load(Path(folder), body)
    assert "internal-error" not in rules_of(errors)
    assert all(isinstance(error.source.get("lineno"), int) for error in errors)


# -- issue 12: a guarantor's exit, interest beyond what is due, a moratorium's scope -------

#: 25,000 THB at no interest, guaranteed by M0002 and M0003
GUARANTEED = loan(amount="25000", rate="0", guarantors="M0002 M0003")
#: M0003 has nothing in the fund to pay out: the exit itself is clean
GUARANTOR_EXIT = '2024-06-30 custom "member-exit" "M0003" "เสียชีวิต"\n'


def test_loan_guarantor_left(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, GUARANTEED + GUARANTOR_EXIT)
    assert messages(errors) == [
        "loan-guarantor-left: guarantor M0003 leaves the fund on 2024-06-30 (เสียชีวิต) while "
        "M0001 loan L1, which M0003 guarantees, still has 25,000.00 THB of principal "
        "outstanding. Have the committee decide (another guarantor, or repayment) and write "
        'its resolution on this exit, for example: guarantees-resolution: "มติกรรมการ '
        'ครั้งที่ 5/2567".'
    ]
    assert messages(errors, "th") == [
        "loan-guarantor-left: ผู้ค้ำประกัน M0003 พ้นสมาชิก (เสียชีวิต) เมื่อ 2024-06-30 "
        "(30 มิ.ย. 2567) "
        "ขณะที่เงินกู้ L1 ของ M0001 ซึ่ง M0003 ค้ำประกันอยู่ ยังมีเงินต้นคงเหลือ 25,000.00 บาท "
        "ให้คณะกรรมการมีมติ (หาผู้ค้ำประกันใหม่ หรือให้ชำระคืน) "
        'แล้วเขียนมตินั้นไว้ที่รายการพ้นสมาชิกนี้ เช่น guarantees-resolution: "มติกรรมการ '
        'ครั้งที่ 5/2567"'
    ]
    # at the exit's line, not the loan's
    assert lines_of(errors) == [NEXT + GUARANTEED.count("\n")]


def test_loan_guarantor_left_boundary(tmp_path: Path) -> None:
    # repaid in full on the exit day: nothing is left to guarantee
    repaid = repay("2024-06-30", "25000")
    _, errors, _ = load(tmp_path, GUARANTEED + repaid + GUARANTOR_EXIT)
    assert rules_of(errors) == []
    # repaid all but one satang: still open
    short = repay("2024-06-30", "24999.99")
    _, errors, _ = load(tmp_path, GUARANTEED + short + GUARANTOR_EXIT)
    assert rules_of(errors) == ["loan-guarantor-left"]
    assert "still has 0.01 THB of principal outstanding" in messages(errors)[0]
    # the committee's resolution, written on the exit, settles it
    resolved = GUARANTOR_EXIT + '  guarantees-resolution: "มติกรรมการ ครั้งที่ 5/2567"\n'
    _, errors, _ = load(tmp_path, GUARANTEED + resolved)
    assert errors == []
    # a guarantor gone before the loan is loan-guarantor-invalid, not reported twice
    early = '2024-01-20 custom "member-exit" "M0003" "ย้ายถิ่น"\n'
    _, errors, _ = load(tmp_path, early + GUARANTEED)
    assert rules_of(errors) == ["loan-guarantor-invalid"]


def test_repayment_interest_over_due(tmp_path: Path) -> None:
    # 10,000 THB at 1 % a month: 100.00 THB of interest is due on 2024-03-01
    _, errors, _ = load(tmp_path, loan() + repay("2024-03-01", "288.49", "600.00"))
    assert messages(errors) == [
        "repayment-interest-over-due: repayment to loan L1 on 2024-03-01 puts 600.00 THB to "
        "interest, more than the 100.00 THB of interest due by the next instalment on "
        "2024-03-01. Interest beyond what is due is an overcharge: record the rest as "
        "principal or savings, or return it."
    ]
    assert messages(errors, "th") == [
        "repayment-interest-over-due: การชำระคืนเงินกู้ L1 วันที่ 2024-03-01 (1 มี.ค. 2567) "
        "ลงเป็นดอกเบี้ย 600.00 บาท มากกว่าดอกเบี้ยที่ถึงกำหนดจนถึงงวดถัดไปวันที่ 2024-03-01 "
        "(1 มี.ค. 2567) คือ 100.00 บาท "
        "ดอกเบี้ยที่เก็บเกินกำหนดคือการเก็บเงินเกิน "
        "ให้บันทึกส่วนที่เกินเป็นเงินต้นหรือเงินสัจจะ หรือคืนให้ผู้กู้"
    ]
    assert lines_of(errors) == [NEXT + 9]


def test_repayment_interest_over_due_boundary(tmp_path: Path) -> None:
    # exactly the interest due, paid on the day or early for the coming instalment
    _, errors, _ = load(tmp_path, loan() + repay("2024-03-01", "788.49", "100.00"))
    assert errors == []
    _, errors, _ = load(tmp_path, loan() + repay("2024-02-20", "788.49", "100.00"))
    assert errors == []
    # one satang more is an overcharge
    _, errors, _ = load(tmp_path, loan() + repay("2024-03-01", "788.48", "100.01"))
    assert rules_of(errors) == ["repayment-interest-over-due"]
    # the next instalment's interest (92.12 on 2024-04-01) may be paid ahead, no more
    again = repay("2024-03-01", "788.49", "100.00") + repay("2024-03-02", "0", "92.12")
    _, errors, _ = load(tmp_path, loan() + again)
    assert errors == []
    thrice = again + repay("2024-03-03", "0", "0.01")
    _, errors, _ = load(tmp_path, loan() + thrice)
    assert rules_of(errors) == ["repayment-interest-over-due"]


def scoped(applies_to: str, start: str = "2024-09-01") -> str:
    return (
        '2024-09-20 custom "moratorium" "น้ำท่วม 2567"\n'
        f"  start: {start}\n  end: 2024-11-30\n"
        f'  applies-to: "{applies_to}"\n'
        '  defer: "principal-and-interest"\n  interest: "waived"\n'
        '  resolution: "มติกรรมการ ครั้งที่ 9/2567"\n'
    )


def test_moratorium_scope_unknown(tmp_path: Path) -> None:
    body = loan() + scoped("villages หมู่ 9") + scoped("members M0009").replace("2567", "2567 ข")
    _, errors, _ = load(tmp_path, body)
    assert messages(errors) == [
        'moratorium-scope-unknown: moratorium "น้ำท่วม 2567": `applies-to` names villages '
        '"หมู่ 9", but no member lives in this village. Correct the name; separate several '
        "with commas, for example: villages หมู่ 1, หมู่ 2.",
        'moratorium-scope-unknown: moratorium "น้ำท่วม 2567 ข": `applies-to` names members '
        '"M0009", but no member has this id. Correct the name; separate several with commas, '
        "for example: villages หมู่ 1, หมู่ 2.",
    ]
    assert messages(errors, "th") == [
        'moratorium-scope-unknown: การพักชำระหนี้ "น้ำท่วม 2567": `applies-to` ระบุ villages '
        '"หมู่ 9" แต่ไม่มีสมาชิกอยู่ในหมู่บ้านนี้ ให้แก้ชื่อให้ถูกต้อง '
        "หากมีหลายชื่อให้คั่นด้วยจุลภาค เช่น villages หมู่ 1, หมู่ 2",
        'moratorium-scope-unknown: การพักชำระหนี้ "น้ำท่วม 2567 ข": `applies-to` ระบุ members '
        '"M0009" แต่ไม่มีสมาชิกเลขนี้ ให้แก้ชื่อให้ถูกต้อง '
        "หากมีหลายชื่อให้คั่นด้วยจุลภาค เช่น villages หมู่ 1, หมู่ 2",
    ]


def test_moratorium_scope_unknown_names(tmp_path: Path) -> None:
    # without commas, two villages read as one name, which no member lives in
    _, errors, _ = load(tmp_path, loan() + scoped("villages หมู่ 2 หมู่ 5"))
    assert rules_of(errors) == ["moratorium-scope-unknown"]
    assert '"หมู่ 2 หมู่ 5"' in messages(errors)[0]
    for scope in ("loans L9", "borrowings CODI", "members M0001, M0009"):
        _, errors, _ = load(tmp_path, loan() + scoped(scope))
        assert rules_of(errors) == ["moratorium-scope-unknown"], scope
    # every name known, in one list syntax for every scope: commas (ids: spaces too)
    village_5 = '2024-01-01 custom "member" "M0004" "นายทองดี มั่นคง"\n  village: "หมู่ 5"\n'
    for scope in (
        "villages หมู่ 2, หมู่ 5",
        "villages หมู่ 2",
        "members M0001, M0002",
        "members M0001 M0002",
        "loans L1",
        "all",
    ):
        _, errors, _ = load(tmp_path, village_5 + loan() + scoped(scope))
        assert errors == [], scope


def test_moratorium_scope_empty(tmp_path: Path) -> None:
    # M0002 is a member but has no loan
    _, errors, _ = load(tmp_path, loan() + scoped("members M0002"))
    assert messages(errors) == [
        'moratorium-scope-empty: moratorium "น้ำท่วม 2567" (applies-to: "members M0002") '
        "covers no loan disbursed before its start on 2024-09-01, so it changes nothing. "
        "Correct `applies-to` or `start`, or remove it."
    ]
    assert messages(errors, "th") == [
        'moratorium-scope-empty: การพักชำระหนี้ "น้ำท่วม 2567" (applies-to: "members M0002") '
        "ไม่ครอบคลุมเงินกู้ใดที่จ่ายก่อนวันเริ่ม 2024-09-01 (1 ก.ย. 2567) จึงไม่มีผลใด ๆ "
        "ให้แก้ `applies-to` หรือ `start` หรือลบรายการนี้"
    ]
    # boundary: the loan is disbursed on 2024-02-01, so a start that day covers nothing ...
    _, errors, _ = load(tmp_path, loan() + scoped("all", start="2024-02-01"))
    assert rules_of(errors) == ["moratorium-scope-empty"]
    # ... and a start the day after covers it
    _, errors, _ = load(tmp_path, loan() + scoped("all", start="2024-02-02"))
    assert errors == []
