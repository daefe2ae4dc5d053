"""The year-end rules, one test per id: the breach (whole message, Thai and English) and the
boundary that passes."""

from __future__ import annotations

from pathlib import Path

from kongtun.tests.conftest import load_text, messages

HEAD = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "member" "M0001" "นางหนึ่ง"
2024-01-01 * "หุ้น"
  Assets:Cash            1200.00 THB
  Equity:Shares:M0001   -1200.00 THB
2024-06-01 * "เงินบริจาค"
  Assets:Cash            1000.00 THB
  Income:Donations      -1000.00 THB
"""


def rules_line(body: str) -> str:
    return '2024-01-01 custom "rules" "ระเบียบ"\n' + body


def errors_of(tmp_path: Path, text: str) -> list[object]:
    _, errors, _ = load_text(tmp_path, HEAD + text)
    return errors


def test_allocation_over_100(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, rules_line("  allocate-dividend: 70\n  allocate-welfare: 31\n"))
    assert messages(errors) == [
        "allocation-over-100: the allocation gives 101 percent of the surplus, more than 100 "
        "percent. Lower the `allocate-…` percentages so that they add up to 100 or less (the "
        "reserve takes what is left)."
    ]
    assert messages(errors, "th") == [
        "allocation-over-100: การจัดสรรรวมเป็นร้อยละ 101 ของกำไรสุทธิ เกินร้อยละ 100 "
        "ให้ลดสัดส่วน `allocate-…` ให้รวมกันไม่เกิน 100 (ส่วนที่เหลือเป็นทุนสำรอง)"
    ]
    assert errors[0].source["lineno"] == 11  # type: ignore[attr-defined]
    assert (
        errors_of(tmp_path, rules_line("  allocate-dividend: 70\n  allocate-welfare: 30\n")) == []
    )


def test_allocation_reserve_below_min(tmp_path: Path) -> None:
    text = "  reserve-min: 10\n  allocate-dividend: 80\n  allocate-welfare: {welfare}\n"
    errors = errors_of(tmp_path, rules_line(text.format(welfare=11)))
    assert messages(errors) == [
        "allocation-reserve-below-min: the reserve gets at most 9 percent of the surplus, below "
        "reserve-min 10 percent. Raise allocate-reserve, or lower the other `allocate-…` "
        "percentages."
    ]
    assert messages(errors, "th") == [
        "allocation-reserve-below-min: ทุนสำรองได้รับไม่เกินร้อยละ 9 ของกำไรสุทธิ ต่ำกว่า "
        "ทุนสำรองขั้นต่ำ (reserve-min) ร้อยละ 10 ให้เพิ่ม "
        "สัดส่วนกำไรสุทธิที่จัดเป็นทุนสำรอง (allocate-reserve) หรือลดสัดส่วน `allocate-…` อื่น"
    ]
    assert errors_of(tmp_path, rules_line(text.format(welfare=10))) == []


def test_allocation_dividend_over_cap(tmp_path: Path) -> None:
    text = "  dividend-rate: {rate}\n  dividend-rate-max: 10\n"
    errors = errors_of(tmp_path, rules_line(text.format(rate="10.5")))
    assert messages(errors) == [
        "allocation-dividend-over-cap: dividend-rate 10.5 % a year is above dividend-rate-max "
        "10 %. Declare a dividend rate of at most 10 %."
    ]
    assert messages(errors, "th") == [
        "allocation-dividend-over-cap: อัตราเงินปันผล (dividend-rate) ร้อยละ 10.5 ต่อปี "
        "สูงกว่าเพดาน อัตราเงินปันผลสูงสุด (dividend-rate-max) ร้อยละ 10 ให้กำหนดอัตราเงินปันผลไม่เกินร้อยละ 10"
    ]
    assert errors_of(tmp_path, rules_line(text.format(rate=10))) == []


def test_allocation_shapes_mixed(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, rules_line("  dividend-rate: 5\n  allocate-dividend: 50\n"))
    assert messages(errors) == [
        "allocation-shapes-mixed: the rules set both dividend-rate (a rate) and "
        "allocate-dividend (a share of the surplus). Keep one of them: delete the other, or "
        "set it in a directive with replace: TRUE."
    ]
    assert messages(errors, "th") == [
        "allocation-shapes-mixed: ระเบียบกำหนดทั้ง dividend-rate (เป็นอัตรา) และ "
        "allocate-dividend (เป็นสัดส่วนของกำไรสุทธิ) ให้เลือกอย่างใดอย่างหนึ่ง: ลบอีกอย่างออก "
        "หรือกำหนดใหม่ในระเบียบที่มี replace: TRUE"
    ]
    # a later rule book that replaces the rate by a share is fine
    later = '2024-06-01 custom "rules" "ใหม่"\n  replace: TRUE\n  allocate-dividend: 50\n'
    assert errors_of(tmp_path, rules_line("  dividend-rate: 5\n") + later) == []


RATES = rules_line("  dividend-rate: 6\n  reserve-min: 10\n")
#: 1,000 surplus; 1,200 × 11 months at 6 % = 66.00; the reserve 934.00
YEAR_END = """
2024-12-31 open Equity:Surplus THB
2024-12-31 open Equity:Reserve THB
2024-12-31 open Liabilities:Dividends:M0001 THB
2024-12-31 * "ปิดบัญชี"
  year-end: "2567"
  year-end-step: "close"
  Income:Donations   1000.00 THB
  Equity:Surplus    -1000.00 THB
2024-12-31 * "จัดสรร"
  year-end: "2567"
  year-end-step: "allocate"
  Equity:Surplus                1000.00 THB
  Equity:Reserve                -{reserve} THB
  Liabilities:Dividends:M0001    -{dividend} THB
"""


def test_year_end_mismatch(tmp_path: Path) -> None:
    # the share was bought on 1 January: it earns all 12 months, 72.00, not 66.00
    errors = errors_of(tmp_path, RATES + YEAR_END.format(reserve="934.00", dividend="66.00"))
    assert messages(errors) == [
        "year-end-mismatch: the year end 2567 gives 934.00 THB to Equity:Reserve (the fund), "
        "but the rules in force on 2024-12-31 give 928.00 THB. Delete the year end's "
        "transactions and run `kongtun year-end --year 2567 --write` again.",
        "year-end-mismatch: the year end 2567 gives 66.00 THB to Liabilities:Dividends:M0001 "
        "(member M0001), but the rules in force on 2024-12-31 give 72.00 THB. Delete the year "
        "end's transactions and run `kongtun year-end --year 2567 --write` again.",
    ]
    assert messages(errors, "th")[1] == (
        "year-end-mismatch: การปิดบัญชีสิ้นปี 2567 บันทึก 66.00 บาท เข้า "
        "Liabilities:Dividends:M0001 (สมาชิก M0001) แต่ตามระเบียบที่ใช้บังคับเมื่อ 2024-12-31 "
        "(31 ธ.ค. 2567) ต้องเป็น 72.00 บาท ให้ลบรายการปิดบัญชีสิ้นปีแล้วสั่ง "
        "`kongtun year-end --year 2567 --write` ใหม่"
    )
    assert errors_of(tmp_path, RATES + YEAR_END.format(reserve="928.00", dividend="72.00")) == []


def test_year_end_duplicate(tmp_path: Path) -> None:
    again = """
2024-12-31 * "ปิดบัญชีอีกครั้ง"
  year-end: "2567"
  year-end-step: "close"
  Income:Donations      0.00 THB
  Equity:Surplus        0.00 THB
"""
    body = RATES + YEAR_END.format(reserve="928.00", dividend="72.00")
    errors = errors_of(tmp_path, body + again)
    assert messages(errors) == [
        f"year-end-duplicate: the year end 2567 (close) is recorded a second time (first at "
        f"{tmp_path / 'ledger.beancount'}:18). A year's surplus is shared out once: delete this "
        "transaction."
    ]
    assert messages(errors, "th") == [
        f"year-end-duplicate: การปิดบัญชีสิ้นปี 2567 (close) ถูกบันทึกซ้ำ (ครั้งแรกที่ "
        f"{tmp_path / 'ledger.beancount'}:18) กำไรสุทธิของแต่ละปีจัดสรรได้ครั้งเดียว ให้ลบรายการนี้"
    ]


def test_year_end_surplus_short(tmp_path: Path) -> None:
    rules = rules_line(
        "  dividend-rate: 6\n  reserve-min: 10\n  allocate-committee-amount: {fixed} THB\n"
    )
    body = (
        YEAR_END.format(reserve="0.00", dividend="72.00")
        .replace(
            "  Equity:Reserve                -0.00 THB\n",
            "  Liabilities:Bonus:Committee   -928.00 THB\n",
        )
        .replace(
            "2024-12-31 open Equity:Reserve THB", "2024-12-31 open Liabilities:Bonus:Committee THB"
        )
    )
    errors = errors_of(tmp_path, rules.format(fixed="928.00") + body)
    assert messages(errors) == [
        "year-end-surplus-short: the year end 2567: the surplus is 1,000.00 THB, and what the "
        "rules give leaves the reserve 0.00 THB, below its minimum 100.00 THB (100.00 THB "
        "short). Lower dividend-rate, interest-return-rate or the funds' amounts from the "
        "year's last day on, then record the year end again."
    ]
    assert messages(errors, "th") == [
        "year-end-surplus-short: การปิดบัญชีสิ้นปี 2567: กำไรสุทธิ 1,000.00 บาท "
        "เมื่อจัดสรรตามระเบียบแล้วเหลือเป็นทุนสำรอง 0.00 บาท ต่ำกว่าขั้นต่ำ 100.00 บาท (ขาด 100.00 บาท) "
        "ให้ลด อัตราเงินปันผล (dividend-rate), อัตราเฉลี่ยคืนดอกเบี้ย (interest-return-rate) "
        "หรือจำนวนเงินของทุนต่าง ๆ "
        "โดยมีผลตั้งแต่วันสุดท้ายของปี แล้วบันทึกการปิดบัญชีสิ้นปีใหม่"
    ]


def test_dividend_overpaid(tmp_path: Path) -> None:
    pay = """
2025-01-10 * "จ่ายเงินปันผล"
  Liabilities:Dividends:M0001   {amount} THB
  Assets:Cash                  -{amount} THB
"""
    body = RATES + YEAR_END.format(reserve="928.00", dividend="72.00")
    assert errors_of(tmp_path, body + pay.format(amount="72.00")) == []
    errors = errors_of(tmp_path, body + pay.format(amount="72.00") + pay.format(amount="72.00"))
    assert messages(errors) == [
        "dividend-overpaid: Liabilities:Dividends:M0001 is paid 72.00 THB more than the year "
        "end allocated to it. A dividend or return is paid once: correct or delete the payment."
    ]
    assert messages(errors, "th") == [
        "dividend-overpaid: Liabilities:Dividends:M0001 จ่ายเกินกว่าที่จัดสรรไว้เมื่อปิดบัญชีสิ้นปี "
        "72.00 บาท เงินปันผลและเงินเฉลี่ยคืนจ่ายได้ครั้งเดียว ให้แก้ไขหรือลบรายการจ่ายนั้น"
    ]


def test_fiscal_year_end_month_is_a_month(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, rules_line("  fiscal-year-end-month: 13\n"))
    assert messages(errors) == [
        'rules-bad-value: rule "fiscal-year-end-month" needs a month\'s number, 1 to 12, not '
        "13. For example: fiscal-year-end-month: 12"
    ]
    assert messages(errors, "th")[0].startswith(
        'rules-bad-value: ระเบียบ "fiscal-year-end-month" ต้องเป็นเลขเดือน 1 ถึง 12'
    )
    assert errors_of(tmp_path, rules_line("  fiscal-year-end-month: 3\n")) == []


MEETING = """
2024-01-21 custom "meeting" "ประชุมใหญ่สามัญประจำปี 2566"
  kind: "annual-general"
  attendance: 48
  resolution-1: "รับรองงบการเงินปี 2566"
  resolution-2: "จัดสรรกำไรสุทธิตามระเบียบ"
"""


def test_meeting_malformed(tmp_path: Path) -> None:
    assert errors_of(tmp_path, MEETING) == []  # the boundary: a meeting as documented
    assert errors_of(tmp_path, MEETING.replace("  attendance: 48\n", "")) == []
    errors = errors_of(tmp_path, MEETING.replace("attendance: 48", "attendance: 4.5"))
    assert [getattr(e, "source", {}).get("lineno") for e in errors] == [12]  # the meeting
    assert messages(errors) == [
        "meeting-malformed: the meeting of 2024-01-21 has `attendance: 4.5`, which a meeting "
        'does not say. A `custom "meeting"` has a title, `kind:` "annual-general", '
        '"extraordinary-general" or "committee", `attendance:` the number present (a whole '
        "number) and `resolution-1:`, `resolution-2:` … as texts (docs/ledger-language.md)."
    ]
    assert messages(errors, "th") == [
        "meeting-malformed: การประชุมวันที่ 2024-01-21 (21 ม.ค. 2567) มี `attendance: 4.5` "
        'ซึ่งไม่ใช่สิ่งที่บันทึกการประชุมเขียนได้ `custom "meeting"` มีชื่อการประชุม `kind:` '
        '"annual-general" (ประชุมใหญ่สามัญ) "extraordinary-general" (ประชุมใหญ่วิสามัญ) หรือ '
        '"committee" (ประชุมคณะกรรมการ) `attendance:` จำนวนผู้เข้าประชุม (จำนวนเต็ม) และ '
        "`resolution-1:`, `resolution-2:` … เป็นข้อความ (docs/ledger-language.md)"
    ]
    variants = {
        "kind": MEETING.replace('  kind: "annual-general"\n', ""),
        "kind-unknown": MEETING.replace('"annual-general"', '"assembly"'),
        "resolution-0": MEETING.replace("resolution-2:", "resolution-0:"),
    }
    for name, text in variants.items():
        found = errors_of(tmp_path, text)
        assert [getattr(e, "rule", None) for e in found] == ["meeting-malformed"], name
        key = name.removesuffix("-unknown")
        assert f"`{key}: " in messages(found)[0]
