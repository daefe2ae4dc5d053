"""Late charges at a restructuring (``late-charges: capitalise | waive``,
``loan-restructure-late-charges``), a borrowing's restructuring, and postings to the
allowance that are neither a provision nor a write-off (``loan-allowance-posting``): a
hand-computed settlement, the breach and the boundary of each rule with its whole message in
Thai and English, and Hypothesis: a moratorium never makes a late charge owed."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from beancount import loader
from click.testing import CliRunner
from fava.application import create_app
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.cli.main import main
from kongtun.ledger.books.rules import Rules
from kongtun.ledger.loans.reader import read_loans
from kongtun.ledger.loans.restructure import Settlement
from kongtun.ledger.loans.schedule import Terms, add_months, build_schedule
from kongtun.ledger.loans.settle import late_charges_owed
from kongtun.ledger.model import loaded_books
from kongtun.tests.conftest import Loaded, load_text, messages, write_ledger

D = datetime.date
HEAD = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ 2567"
  loan-rate-max: 12
  restructure-max-months: 12
  fine-late-installment: 20 THB
  late-interest-rate: 5
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
RESOLUTION = '"มติกรรมการ ครั้งที่ 6/2567"'


def restructure(charges: str | None = '"capitalise"', overdue: str = '"capitalise"') -> str:
    text = (
        '2024-06-15 custom "loan-restructure" "L1"\n  installments: 6\n  rate: 6\n'
        f"  grace-months: 1\n  overdue-interest: {overdue}\n"
    )
    if charges is not None:
        text += f"  late-charges: {charges}\n"
    return text + f"  approved: {RESOLUTION}\n"


def capitalise(interest: str = "160.26", charges: str | None = "46.52") -> str:
    text = (
        '2024-06-15 * "ปรับโครงสร้างหนี้ ทบดอกเบี้ยและค่าปรับค้างเข้าเงินต้น"\n  loan: "L1"\n'
        f"  Assets:Loans:M0001\n  Income:Interest:Loans  -{interest} THB\n"
    )
    if charges is not None:
        text += f"  Income:Fines  -{charges} THB\n"
    return text


def load(tmp_path: Path, body: str) -> Loaded:
    return load_text(tmp_path, HEAD + body)


def test_late_charges_capitalised_by_hand(tmp_path: Path) -> None:
    """10,000 THB at 12 % declining over 12 months from 1 Mar 2024; March and April paid, May
    (804.34 principal + 84.15 interest) and June (812.38 + 76.11) not. On 15 June: 8,415.14
    THB principal outstanding, 84.15 + 76.11 = 160.26 THB of interest unpaid, and 2 overdue
    instalments. The late charges the rules allow: the fine 2 × 20.00 = 40.00, plus default
    interest at 5 % a year on each instalment's overdue principal, 804.34 × 5 % × 45/365 =
    4.958 -> 4.96 (May, 45 days) and 812.38 × 5 % × 14/365 = 1.558 -> 1.56 (June, 14 days):
    40.00 + 4.96 + 1.56 = 46.52 THB owed, nothing charged before. Both capitalised: the new
    principal is 8,415.14 + 160.26 + 46.52 = 8,621.92 THB at 0.5 % a month: one month of
    grace (8,621.92 × 0.5 % = 43.1096 -> 43.11) then 6 instalments of 8,621.92 × 0.005 /
    (1 − 1.005^−6) = 1,462.24."""
    entries, errors, options = load(tmp_path, restructure() + capitalise())
    assert errors == []
    loan = loaded_books(entries, options).loans.by_id()["L1"]
    assert loan.settlements == (
        Settlement(
            interest_unpaid=Decimal("160.26"),
            interest_capitalised=Decimal("160.26"),
            charges_owed=Decimal("46.52"),
            charges_capitalised=Decimal("46.52"),
            overdue_installments=2,
            fine=Decimal("20"),
            late_interest=Decimal("6.52"),
            charged_before=Decimal("0"),
        ),
    )
    settled = loan.settlements[0]
    assert (settled.interest_waived, settled.charges_waived) == (Decimal(0), Decimal(0))
    assert loan.state(D(2024, 6, 16)).outstanding == Decimal("8621.92")
    first = [(r.due, r.principal, r.interest) for r in loan.schedule[4:6]]
    assert first == [
        (D(2024, 7, 15), Decimal("0"), Decimal("43.11")),
        (D(2024, 8, 15), Decimal("1419.13"), Decimal("43.11")),  # 1,462.24 in all
    ]
    assert sum((r.principal for r in loan.schedule[4:]), Decimal(0)) == Decimal("8621.92")


def test_late_charges_waived_by_default(tmp_path: Path) -> None:
    """Without ``late-charges``, the 46.52 THB owed is waived: nothing to record, the new
    schedule is of 8,415.14 + 160.26 = 8,575.40 THB, and the settlement says so."""
    entries, errors, options = load(tmp_path, restructure(None) + capitalise(charges=None))
    assert errors == []
    loan = loaded_books(entries, options).loans.by_id()["L1"]
    settled = loan.settlements[0]
    assert (settled.charges_owed, settled.charges_capitalised, settled.charges_waived) == (
        Decimal("46.52"),
        Decimal(0),
        Decimal("46.52"),
    )
    assert loan.state(D(2024, 6, 16)).outstanding == Decimal("8575.40")


def test_late_charges_already_charged(tmp_path: Path) -> None:
    """A payment of 20.00 THB of late charge on 10 June, for the same arrears, leaves
    40.00 + 6.52 − 20.00 = 26.52 THB owed on 15 June."""
    paid = (
        '2024-06-10 * "ค่าปรับ"\n  loan: "L1"\n  Assets:Cash  20.00 THB\n  Income:Fines  -20.00 THB\n'
    )
    entries, errors, options = load(tmp_path, paid + restructure() + capitalise(charges="26.52"))
    assert errors == []
    settled = loaded_books(entries, options).loans.by_id()["L1"].settlements[0]
    assert (settled.charges_owed, settled.charged_before) == (Decimal("26.52"), Decimal("20.00"))


def test_loan_restructure_late_charges(tmp_path: Path) -> None:
    # the boundary is the hand-computed test: exactly 46.52 THB capitalised is clean
    _, errors, _ = load(tmp_path, restructure() + capitalise(charges="46.00"))
    assert [e.source["lineno"] for e in errors] == [LINE]
    assert messages(errors, "en") == [
        "loan-restructure-late-charges: loan L1 is restructured on 2024-06-15 with "
        'late-charges "capitalise", and 46.00 THB of late charges is added to the principal '
        "that day; it should be 46.52 THB (the late charges owed that day are 46.52 THB: "
        "overdue instalments 2 × fine-late-installment 20.00 THB, plus default interest "
        "6.52 THB on the overdue principal, less 0.00 THB already charged for these arrears). "
        "Credit the fines income by the late charges owed in the transaction that capitalises "
        '(late-charges: "capitalise"), or by nothing (waive).'
    ]
    assert messages(errors, "th") == [
        "loan-restructure-late-charges: เงินกู้ L1 ปรับโครงสร้างหนี้เมื่อ 2024-06-15 "
        '(15 มิ.ย. 2567) โดย late-charges "capitalise" และทบค่าปรับ 46.00 บาท '
        "เข้าเงินต้นในวันนั้น แต่ควรเป็น 46.52 บาท (ค่าปรับค้างในวันนั้นคือ 46.52 บาท: "
        "งวดค้างชำระ 2 งวด × ค่าปรับชำระงวดล่าช้า (fine-late-installment) 20.00 บาท "
        "บวกดอกเบี้ยผิดนัด 6.52 บาท จากเงินต้นค้างชำระ หักที่เรียกเก็บแล้ว 0.00 บาท "
        "สำหรับการค้างชำระนี้) ให้เครดิตรายได้ค่าปรับเท่ากับค่าปรับค้างในรายการที่ทบเข้าเงินต้น "
        '(late-charges: "capitalise") หรือไม่เครดิตเลย (waive)'
    ]
    # waived (the default), any late charge capitalised is the breach
    _, errors, _ = load(tmp_path, restructure(None) + capitalise())
    assert messages(errors)[0].startswith(
        "loan-restructure-late-charges: loan L1 is restructured on 2024-06-15 with "
        'late-charges "waive", and 46.52 THB of late charges is added to the principal that '
        "day; it should be 0.00 THB"
    )
    # capitalised above what the rules allow: one problem, the restructuring's
    _, errors, _ = load(tmp_path, restructure() + capitalise(charges="50.00"))
    assert [e.render("en").split(":")[0] for e in errors] == ["loan-restructure-late-charges"]


def test_bad_late_charges_key(tmp_path: Path) -> None:
    _, errors, _ = load(tmp_path, restructure('"forgive"') + capitalise(charges=None))
    assert messages(errors) == [
        "loan-restructure-bad: restructuring of loan L1 on 2024-06-15: `late-charges` needs "
        'capitalise or waive, not "forgive". For example: late-charges: "capitalise"'
    ]


BORROWING = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ 2567"
  loan-rate-max: 6
  restructure-max-months: 6
  fine-late-installment: 20 THB
2024-01-01 open Liabilities:Loans:CODI
2024-01-01 open Expenses:Interest:CODI
2024-02-01 * "เงินกู้จาก พอช."
  loan: "B1"
  rate: 4
  method: "declining"
  installments: 12
  first-due: 2024-03-01
  Assets:Bank  12000 THB
  Liabilities:Loans:CODI  -12000 THB
"""


def test_a_borrowing_restructured(tmp_path: Path) -> None:
    """The lender's restructuring of the fund's borrowing: the fund's own limits on lending
    (loan-rate-max 6, restructure-max-months 6, its fines) do not bound it; its approval, the
    law's 15 % and the interest capitalised are checked. 12,000 THB at 4 % over 12 months,
    instalments of 1,021.80, nothing paid: the interest unpaid on 15 May is that of March,
    April and May on the declining balance, 12,000.00 × 4 %/12 = 40.00, 11,018.20 × 4 %/12 =
    36.727 -> 36.73 and 10,033.13 × 4 %/12 = 33.443 -> 33.44: 110.17 THB."""
    terms = Terms(Decimal(12000), Decimal(4), "declining", 12, D(2024, 3, 1))
    rows = build_schedule(terms)[:3]
    assert [row.interest for row in rows] == [Decimal("40.00"), Decimal("36.73"), Decimal("33.44")]
    directive = (
        '2024-05-15 custom "loan-restructure" "B1"\n  installments: 24\n  rate: {rate}\n'
        '  overdue-interest: "capitalise"\n{approved}'
    )
    lend_more = (
        '2024-05-15 * "พอช. ทบดอกเบี้ยค้างเข้าเงินต้น"\n  loan: "B1"\n'
        "  Expenses:Interest:CODI  {amount} THB\n  Liabilities:Loans:CODI  -{amount} THB\n"
    )
    good = directive.format(rate="5", approved='  approved: "มติกรรมการ 5/2567"\n')
    _, errors, _ = load_text(tmp_path, BORROWING + good + lend_more.format(amount="110.17"))
    assert errors == []
    line = BORROWING.count("\n") + 1
    bad = directive.format(rate="15.5", approved="")
    _, errors, _ = load_text(tmp_path, BORROWING + bad + lend_more.format(amount="100.00"))
    assert [e.source["lineno"] for e in errors] == [line, line, line]
    assert messages(errors) == [
        "loan-restructure-not-approved: CODI loan B1 is restructured on 2024-05-15 without "
        "`approved:` metadata. Write the committee resolution that approved it, for "
        'example: approved: "มติกรรมการ ครั้งที่ 5/2568".',
        "loan-restructure-rate-over: CODI loan B1 is restructured on 2024-05-15 at 15.5 % a "
        "year, above 15 % a year (the Civil and Commercial Code, s. 654). Restructure at 15 % "
        "a year or less.",
        "loan-restructure-capitalised: loan B1 is restructured on 2024-05-15 with "
        'overdue-interest "capitalise", and 100.00 THB of interest is added to the principal '
        "that day; it should be 110.17 THB (the interest unpaid that day is 110.17 THB). "
        "Record one transaction that day that debits the loan account and credits the "
        "interest income by the unpaid interest (capitalise), or none (waive).",
    ]


ALLOWANCE = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ 2567"
  provision-30: 10
2024-01-01 open Assets:Allowance:Loans
2024-12-31 * "ตั้งค่าเผื่อหนี้สงสัยจะสูญ"
  provision: TRUE
  Expenses:BadDebts         0.00 THB
  Assets:Allowance:Loans    0.00 THB
"""


def test_loan_allowance_posting(tmp_path: Path) -> None:
    # the boundary: the provision entry itself (nothing is required: no loan)
    _, errors, _ = load_text(tmp_path, ALLOWANCE)
    assert errors == []
    moved = (
        '2024-12-31 * "ปรับค่าเผื่อ"\n  Expenses:BadDebts  500.00 THB\n'
        "  Assets:Allowance:Loans  -500.00 THB\n"
    )
    _, errors, _ = load_text(tmp_path, ALLOWANCE + moved)
    line = ALLOWANCE.count("\n") + 1
    assert [e.source["lineno"] for e in errors] == [line - 4, line]
    assert messages(errors, "en") == [
        "loan-provision-mismatch: the allowance for doubtful loans is 500.00 THB at the end of "
        '2024-12-31, but the rules ("ระเบียบ 2567") require 0.00 THB that day (loans counted: '
        "0). Change it by -500.00 THB: kongtun provision LEDGER --date DAY --write records it.",
        "loan-allowance-posting: a transaction of 2024-12-31 posts -500.00 THB to "
        "Assets:Allowance:Loans but is neither a provision (`provision: TRUE`) nor a loan's "
        "write-off (`loan:`), so the allowance would change unchecked. Record the change with "
        "kongtun provision LEDGER --date DAY --write, or write the loan off with its `loan:` "
        "and `approved:`.",
    ]
    assert messages(errors, "th")[1] == (
        "loan-allowance-posting: รายการวันที่ 2024-12-31 (31 ธ.ค. 2567) ลงบัญชี "
        "Assets:Allowance:Loans -500.00 บาท แต่ไม่ใช่ทั้งการตั้งค่าเผื่อหนี้สงสัยจะสูญ "
        "(`provision: TRUE`) และการตัดหนี้สูญของเงินกู้ (`loan:`) ค่าเผื่อจึงเปลี่ยนโดยไม่ได้ตรวจ "
        "ให้บันทึกการเปลี่ยนด้วย kongtun provision LEDGER --date DAY --write "
        "หรือตัดหนี้สูญโดยระบุ `loan:` และ `approved:` ของเงินกู้"
    )


# -- a moratorium never makes a late charge owed -------------------------------------------

MORATORIUM_HEAD = """option "operating_currency" "THB"
2024-01-01 open Assets:Loans:M0001
2024-01-01 open Assets:Bank
2024-01-01 open Income:Interest:Loans
2024-01-15 * "เงินกู้"
  loan: "L1"
  rate: {rate}
  method: "declining"
  installments: {installments}
  first-due: 2024-02-01
  Assets:Loans:M0001  {principal} THB
  Assets:Bank
"""
FINES = Rules("r", {"fine-late-installment": Decimal(20), "late-interest-rate": Decimal(5)})


@settings(max_examples=40, deadline=None)
@given(
    principal=st.integers(min_value=1000, max_value=200000),
    rate=st.integers(min_value=0, max_value=15),
    installments=st.integers(min_value=3, max_value=24),
    start=st.integers(min_value=1, max_value=300),
    months=st.integers(min_value=1, max_value=6),
    treatment=st.sampled_from(
        [
            ("principal-and-interest", "waived"),
            ("principal-and-interest", "deferred"),
            ("principal-and-interest", "accrues"),
            ("principal", "waived"),
            ("principal", "deferred"),
        ]
    ),
)
@example(
    principal=10000,
    rate=12,
    installments=12,
    start=46,
    months=3,
    treatment=("principal-and-interest", "waived"),
)
def test_no_late_charge_under_a_moratorium(
    *,
    principal: int,
    rate: int,
    installments: int,
    start: int,
    months: int,
    treatment: tuple[str, str],
) -> None:
    """A loan paid on every due day before a moratorium owes no late charge on any day the
    moratorium pauses it, whatever it defers and whatever it does with the interest (with
    ``defer: "principal"`` and ``interest: "accrues"`` the member keeps paying the interest,
    so missing it is arrears: not a pause, and not drawn here)."""
    begin = D(2024, 2, 1) + datetime.timedelta(days=start)
    end = add_months(begin, months) - datetime.timedelta(days=1)
    terms = Terms(Decimal(principal), Decimal(rate), "declining", installments, D(2024, 2, 1))
    text = MORATORIUM_HEAD.format(rate=rate, installments=installments, principal=principal)
    for row in build_schedule(terms):
        if row.due >= begin:
            break
        text += (
            f'{row.due} * "ชำระ"\n  loan: "L1"\n  Assets:Bank  {row.amount} THB\n'
            f"  Assets:Loans:M0001  -{row.principal} THB\n"
            f"  Income:Interest:Loans  -{row.interest} THB\n"
        )
    defer, interest = treatment
    text += (
        f'2024-01-20 custom "moratorium" "พัก"\n  start: {begin}\n  end: {end}\n'
        f'  applies-to: "all"\n  defer: "{defer}"\n  interest: "{interest}"\n'
        '  resolution: "มติ"\n'
    )
    entries, _, _ = loader.load_string(text)
    loans, problems = read_loans(entries, "THB", {})
    assert problems == []
    (loan,) = loans.loans
    day = begin
    while day <= end:
        assert late_charges_owed(loan, day, FINES) == 0, day
        day += datetime.timedelta(days=1)


# -- what was capitalised and waived, shown ------------------------------------------------

FAVA = '2024-01-01 custom "fava-extension" "kongtun.plugins.fava"{config}\n'
PAGE = "/kong-tun/extension/KongTun/"


def fava_get(folder: Path, url: str, config: str = "") -> str:
    body = restructure('"capitalise"', '"waive"') + capitalise(interest="0", charges="46.52")
    text = 'option "title" "Kong Tun"\n' + FAVA.format(config=config) + HEAD + body
    path = folder / "fava.beancount"
    path.write_text(text, encoding="utf-8")
    app = create_app([str(path)])
    app.testing = True
    response = app.test_client().get(url)
    assert response.status_code == 200
    return str(response.get_data(as_text=True))


def test_settlement_on_the_loans_page_and_the_statement(tmp_path: Path) -> None:
    """Interest waived (160.26), late charges capitalised (46.52): Fava's loans page and the
    member's statement say both, apart, in Thai and in English."""
    html = fava_get(tmp_path, PAGE + "?page=loans&month=2024-06")
    assert "Traceback" not in html
    assert (
        '<span class="kongtun-settlement">(ดอกเบี้ยเงินกู้: ทบเข้าเงินต้น -, ยกเว้น 160.26; '
        "ค่าปรับ: ทบเข้าเงินต้น 46.52, ยกเว้น -)</span>"
    ) in html
    html = fava_get(tmp_path, PAGE + "?page=loans&month=2024-06", " \"{'lang': 'en'}\"")
    assert (
        '<span class="kongtun-settlement">(loan interest: capitalised -, waived 160.26; '
        "late charges: capitalised 46.52, waived -)</span>"
    ) in html
    html = fava_get(
        tmp_path, PAGE + "?page=statement&member=M0001&month=2024-06", " \"{'lang': 'en'}\""
    )
    assert (
        '<p class="kongtun-restructured kongtun-settlement">Overdue interest: capitalised '
        "0.00 THB · waived 160.26 THB · Late charges: capitalised 46.52 THB · waived 0.00 THB</p>"
    ) in html


def test_settlement_in_kongtun_loans(tmp_path: Path) -> None:
    """``kongtun loans --loan L1``: the restructuring's line, then what it capitalised and
    waived, in Thai and English; ``--format json`` gives the figures."""
    body = restructure() + capitalise()
    path = write_ledger(tmp_path, HEAD + body)
    before = path.read_bytes()
    runner = CliRunner()
    args = ["loans", "--loan", "L1", "--date", "2024-06-30", str(path)]
    out = runner.invoke(main, [*args, "--lang", "en"]).stdout.splitlines()
    assert out[2:4] == [
        "Restructured on 2024-06-15: instalments 6, at 6 % a year from 8,621.92 THB; months of "
        "grace 1; overdue interest capitalised (มติกรรมการ ครั้งที่ 6/2567)",
        "  interest unpaid 160.26 THB: capitalised 160.26 THB, waived 0.00 THB; late charges "
        "owed 46.52 THB: capitalised 46.52 THB, waived 0.00 THB",
    ]
    out = runner.invoke(main, args).stdout.splitlines()
    assert out[3] == (
        "  ดอกเบี้ยค้าง 160.26 บาท: ทบเข้าเงินต้น 160.26 บาท ยกเว้น 0.00 บาท; "
        "ค่าปรับค้าง 46.52 บาท: ทบเข้าเงินต้น 46.52 บาท ยกเว้น 0.00 บาท"
    )
    figures = json.loads(runner.invoke(main, [*args, "--format", "json"]).stdout)
    (restructuring,) = figures["restructurings"]
    assert {key: value for key, value in restructuring.items() if "late" in key} == {
        "late_charges": "capitalise",
        "late_charges_owed": "46.52",
        "late_charges_capitalised": "46.52",
        "late_charges_waived": "0.00",
    }
    assert path.read_bytes() == before


def test_a_carried_allowance_is_no_posting(tmp_path: Path) -> None:
    """The opening transaction of books carried forward brings the allowance as it closed
    (``kongtun carry`` writes every balance-sheet account): not ``loan-allowance-posting``."""
    carried = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 open Assets:Allowance:Loans
2025-01-01 * "ยอดยกมา" "Opening balances"
  carried-from: "2024.beancount"
  carried-digest: "sha256:0"
  Assets:Cash               500.00 THB
  Assets:Allowance:Loans   -500.00 THB
"""
    _, errors, _ = load_text(tmp_path, carried)
    assert errors == []
