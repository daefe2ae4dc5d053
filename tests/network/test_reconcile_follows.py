"""``kongtun reconcile``: the moratoria followed by reference (the organisation's ``follows:``
must name the lender's), and what is due by each side's schedule — each difference with both
sides' file:line, in English and in Thai."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.tests.network.test_reconcile import books, line_of, run

FOLLOWS = 'follows: "มติคณะกรรมการ ครั้งที่ 10/2565"'
MORATORIUM = 'custom "moratorium"'


def lender() -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "lender"
      name: "สำนักงานภาคเหนือ พอช."
      code: "CODI"
      province: "เชียงใหม่"

    2022-01-01 custom "member" "MAESAI" "กองทุนหมุนเวียนบ้านแม่สาย"
      province: "เชียงราย"
    2022-01-01 custom "member" "DOI" "กองทุนบ้านดอย"
      province: "น่าน"

    2022-01-05 * "เงินทุน"
      Assets:Bank   1000000.00 THB
      Equity:Opening

    2022-03-15 * "กองทุนหมุนเวียนบ้านแม่สาย" "ให้กู้"
      loan: "CODI-A"
      rate: 4
      method: "flat"
      installments: 12
      first-due: 2022-04-15
      approved: "สัญญา 007/2565"
      Assets:Loans:MAESAI  120000.00 THB
      Assets:Bank

    2022-03-20 * "กองทุนบ้านดอย" "ให้กู้"
      loan: "CODI-B"
      rate: 4
      method: "flat"
      installments: 12
      first-due: 2022-04-20
      approved: "สัญญา 008/2565"
      Assets:Loans:DOI  60000.00 THB
      Assets:Bank

    2022-04-15 * "กองทุนหมุนเวียนบ้านแม่สาย" "ชำระงวดที่ 1"
      loan: "CODI-A"
      Assets:Bank   10400.00 THB
      Assets:Loans:MAESAI  -10000.00 THB
      Income:Interest:Loans  -400.00 THB

    2022-04-25 custom "moratorium" "พักชำระหนี้น้ำท่วม เชียงราย 2565"
      start: 2022-05-01
      end: 2022-07-31
      applies-to: "provinces เชียงราย"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติคณะกรรมการ ครั้งที่ 10/2565"

    2022-04-25 custom "moratorium" "พักชำระหนี้น้ำท่วม น่าน 2565"
      start: 2022-05-01
      end: 2022-06-30
      applies-to: "provinces น่าน"
      defer: "principal"
      interest: "accrues"
      resolution: "มติคณะกรรมการ ครั้งที่ 11/2565"
    """


def maesai() -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "revolving-fund"
      name: "กองทุนหมุนเวียนบ้านแม่สาย"
      province: "เชียงราย"

    2022-03-16 * "พอช." "เงินกู้จากแหล่งทุน"
      loan: "CODI-A"
      rate: 4
      method: "flat"
      installments: 12
      first-due: 2022-04-15
      approved: "สัญญา 007/2565"
      Assets:Bank  120000.00 THB
      Liabilities:Loans:CODI

    2022-04-15 * "พอช." "ชำระงวดที่ 1"
      loan: "CODI-A"
      Liabilities:Loans:CODI  10000.00 THB
      Expenses:Interest:Borrowings  400.00 THB
      Assets:Bank

    2022-04-26 custom "moratorium" "พักชำระหนี้ พอช."
      follows: "มติคณะกรรมการ ครั้งที่ 10/2565"
      start: 2022-05-01
      end: 2022-07-31
      applies-to: "borrowings CODI"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติคณะกรรมการ พอช. ครั้งที่ 10/2565"
    """


def variant(folder: Path, old: str, new: str) -> list[str]:
    """The lender's books and MAESAI's with ``old`` replaced by ``new`` in MAESAI's."""
    home, org = books(folder, lender, maesai)
    text = Path(org).read_text(encoding="utf-8")
    assert old in text
    Path(org).write_text(text.replace(old, new), encoding="utf-8")
    return [home, org]


def lines(paths: list[str], *args: str) -> tuple[int, list[str]]:
    code, out, _ = run(*paths, *args)
    return code, out.splitlines()


def test_a_moratorium_that_follows_the_lenders_resolution_agrees(tmp_path: Path) -> None:
    """Paired by the resolution it names (its title is the organisation's own), inside the
    period and after it; the lender's moratorium of another province is not MAESAI's."""
    paths = books(tmp_path, lender, maesai)
    for day in ("2022-06-30", "2022-07-31"):
        assert run(*paths, "--date", day, "--lang", "en")[:2] == (0, "")


def test_following_by_the_lenders_title_agrees_too(tmp_path: Path) -> None:
    paths = variant(tmp_path, FOLLOWS, 'follows: "พักชำระหนี้น้ำท่วม เชียงราย 2565"')
    assert run(*paths, "--date", "2022-06-30")[:2] == (0, "")


def missing_line(home: str, org: str, lang: str = "en") -> str:
    """The lender's moratorium of เชียงราย, which none of MAESAI's follows."""
    where = f"{home}:{line_of(home, 'เชียงราย 2565')} / {org}:{line_of(org, 'loan:') - 1}: "
    if lang == "th":
        return where + (
            'moratorium-missing-borrower: MAESAI: การพักชำระหนี้ "พักชำระหนี้น้ำท่วม เชียงราย '
            '2565" ของผู้ให้กู้ (มติคณะกรรมการ ครั้งที่ 10/2565) ครอบคลุมเงินกู้ CODI-A '
            "ตั้งแต่ 2022-05-01 (1 พ.ค. 2565) ถึง 2022-07-31 (31 ก.ค. 2565) "
            "แต่บัญชีขององค์กรไม่มีการพักชำระหนี้ที่อ้างถึงการพักชำระหนี้นี้ ให้บันทึกในบัญชีขององค์กร: "
            'applies-to: "borrowings CODI", follows: "พักชำระหนี้น้ำท่วม เชียงราย 2565" '
            "โดยใช้วันที่ defer และ interest ตามผู้ให้กู้"
        )
    return where + (
        "moratorium-missing-borrower: MAESAI: the lender's moratorium \"พักชำระหนี้น้ำท่วม "
        'เชียงราย 2565" (มติคณะกรรมการ ครั้งที่ 10/2565) covers its loans CODI-A from '
        "2022-05-01 to 2022-07-31, but no moratorium in the organisation's books follows it. "
        'Record it there: applies-to: "borrowings CODI", follows: "พักชำระหนี้น้ำท่วม '
        "เชียงราย 2565\", with the lender's dates, defer and interest."
    )


def test_no_moratorium_following_the_lenders(tmp_path: Path) -> None:
    """The lender's moratorium covers MAESAI's province; MAESAI's books have none: one
    difference (its schedule, which the moratorium would change, is not a second one)."""
    home, org = books(tmp_path, lender, maesai)
    text = Path(org).read_text(encoding="utf-8")
    Path(org).write_text(text[: text.index("2022-04-26")], encoding="utf-8")
    assert lines([home, org], "--date", "2022-06-30", "--lang", "en") == (
        1,
        [missing_line(home, org)],
    )
    assert lines([home, org], "--date", "2022-06-30") == (1, [missing_line(home, org, "th")])


def test_a_moratorium_without_follows(tmp_path: Path) -> None:
    home, org = variant(tmp_path, f"  {FOLLOWS}\n", "")
    where = f"{home}:{line_of(home, 'CODI-A') - 1} / {org}:{line_of(org, MORATORIUM)}: "
    code, found = lines([home, org], "--date", "2022-06-30", "--lang", "en")
    assert (code, found) == (
        1,
        [
            where + "moratorium-follows-missing: MAESAI: the organisation's moratorium \"พักชำระหนี้ "
            'พอช." (2022-05-01 to 2022-07-31) on its borrowing from CODI does not say which of '
            "the lender's moratoria it follows. Add `follows:` with the title or the resolution "
            "of the lender's moratorium.",
            missing_line(home, org),
        ],
    )
    assert lines([home, org], "--date", "2022-06-30")[1][0] == where + (
        'moratorium-follows-missing: MAESAI: การพักชำระหนี้ "พักชำระหนี้ พอช." ขององค์กร '
        "(2022-05-01 (1 พ.ค. 2565) ถึง 2022-07-31 (31 ก.ค. 2565)) สำหรับเงินกู้จาก CODI "
        "ไม่ได้ระบุว่าเป็นไปตามการพักชำระหนี้ใดของผู้ให้กู้ ให้เพิ่ม `follows:` "
        "เป็นชื่อหรือมติของการพักชำระหนี้ของผู้ให้กู้"
    )


def test_a_follows_the_lender_does_not_have(tmp_path: Path) -> None:
    home, org = variant(tmp_path, FOLLOWS, 'follows: "มติคณะกรรมการ ครั้งที่ 12/2565"')
    where = f"{home}:{line_of(home, FUND)} / {org}:{line_of(org, MORATORIUM)}: "
    code, found = lines([home, org], "--date", "2022-06-30", "--lang", "en")
    assert (code, found) == (
        1,
        [
            where + "moratorium-follows-unknown: MAESAI: the organisation's moratorium \"พักชำระหนี้ "
            'พอช." follows "มติคณะกรรมการ ครั้งที่ 12/2565", but the lender\'s books have no '
            "moratorium of that title or resolution. Correct `follows:` (the lender's title or "
            "resolution, exactly as the lender writes it).",
            missing_line(home, org),
        ],
    )
    assert lines([home, org], "--date", "2022-06-30")[1][0] == where + (
        'moratorium-follows-unknown: MAESAI: การพักชำระหนี้ "พักชำระหนี้ พอช." ขององค์กรอ้างถึง '
        '"มติคณะกรรมการ ครั้งที่ 12/2565" แต่บัญชีของผู้ให้กู้ไม่มีการพักชำระหนี้ที่มีชื่อหรือมตินี้ '
        "ให้แก้ `follows:` (ชื่อหรือมติของผู้ให้กู้ ตามที่ผู้ให้กู้เขียนทุกตัวอักษร)"
    )


FUND = 'custom "fund"'


def test_following_a_moratorium_of_another_province(tmp_path: Path) -> None:
    home, org = variant(tmp_path, FOLLOWS, 'follows: "มติคณะกรรมการ ครั้งที่ 11/2565"')
    where = f"{home}:{line_of(home, 'น่าน 2565')} / {org}:{line_of(org, MORATORIUM)}: "
    code, found = lines([home, org], "--date", "2022-06-30", "--lang", "en")
    assert (code, found) == (
        1,
        [
            where + "moratorium-follows-other: MAESAI: the organisation's moratorium \"พักชำระหนี้ "
            'พอช." follows the lender\'s "พักชำระหนี้น้ำท่วม น่าน 2565", which does not cover '
            'the organisation\'s loans (applies-to: "provinces น่าน"). Remove it, or ask the '
            "lender for the resolution that covers it.",
            missing_line(home, org),
        ],
    )
    assert lines([home, org], "--date", "2022-06-30")[1][0] == where + (
        'moratorium-follows-other: MAESAI: การพักชำระหนี้ "พักชำระหนี้ พอช." ขององค์กรอ้างถึง '
        '"พักชำระหนี้น้ำท่วม น่าน 2565" ของผู้ให้กู้ ซึ่งไม่ครอบคลุมเงินกู้ขององค์กร '
        '(applies-to: "provinces น่าน") ให้ลบออก หรือขอมติที่ครอบคลุมจากผู้ให้กู้'
    )


@pytest.mark.parametrize(
    ("old", "new", "english", "thai"),
    [
        (
            "end: 2022-07-31",
            "end: 2022-08-31",
            "moratorium-period-differs: MAESAI: the lender's moratorium \"พักชำระหนี้น้ำท่วม "
            "เชียงราย 2565\" suspends 3 months, 2022-05-01 to 2022-07-31; the organisation's "
            '"พักชำระหนี้ พอช." that follows it, 4 months, 2022-05-01 to 2022-08-31. Correct '
            "`start:` and `end:` in the organisation's books.",
            'moratorium-period-differs: MAESAI: การพักชำระหนี้ "พักชำระหนี้น้ำท่วม เชียงราย 2565" '
            "ของผู้ให้กู้พัก 3 เดือน 2022-05-01 (1 พ.ค. 2565) ถึง 2022-07-31 (31 ก.ค. 2565) "
            'แต่ "พักชำระหนี้ พอช." ขององค์กรที่อ้างถึงพัก 4 เดือน 2022-05-01 (1 พ.ค. 2565) '
            "ถึง 2022-08-31 (31 ส.ค. 2565) ให้แก้ `start:` และ `end:` ในบัญชีขององค์กร",
        ),
        (
            'defer: "principal-and-interest"',
            'defer: "principal"',
            "moratorium-differs: MAESAI: the lender's moratorium \"พักชำระหนี้น้ำท่วม เชียงราย "
            '2565" has defer principal-and-interest; the organisation\'s "พักชำระหนี้ พอช." '
            "that follows it has principal. Correct `defer:` in the organisation's books.",
            'moratorium-differs: MAESAI: การพักชำระหนี้ "พักชำระหนี้น้ำท่วม เชียงราย 2565" '
            'ของผู้ให้กู้มี defer เป็น principal-and-interest แต่ "พักชำระหนี้ พอช." '
            "ขององค์กรที่อ้างถึงมี principal ให้แก้ `defer:` ในบัญชีขององค์กร",
        ),
    ],
)
def test_a_followed_moratorium_that_differs(
    tmp_path: Path, old: str, new: str, english: str, thai: str
) -> None:
    home, org = variant(tmp_path, old, new)
    where = f"{home}:{line_of(home, 'เชียงราย 2565')} / {org}:{line_of(org, MORATORIUM)}: "
    assert lines([home, org], "--date", "2022-09-30", "--lang", "en") == (1, [where + english])
    assert lines([home, org], "--date", "2022-09-30") == (1, [where + thai])


def test_due_on_the_day_is_not_yet_in_arrears(tmp_path: Path) -> None:
    """Both books record nothing after the first instalment; the second falls due on
    2022-08-15 (after the three months' pause): on the day it is not in arrears."""
    paths = books(tmp_path, lender, maesai)
    assert run(*paths, "--date", "2022-08-15")[:2] == (0, "")


def test_nothing_recorded_on_both_sides_does_not_agree(tmp_path: Path) -> None:
    home, org = books(tmp_path, lender, maesai)
    where = f"{home}:{line_of(home, 'CODI-A') - 1} / {org}:{line_of(org, 'loan:') - 1}: "
    assert lines([home, org], "--date", "2022-09-16", "--lang", "en") == (
        1,
        [
            where + "arrears-on-both-sides: loan CODI-A of MAESAI: by both books' schedules "
            "31,200.00 THB was due by 2022-09-16, and both books show 20,800.00 THB of it "
            "unpaid (instalments overdue: 2; 32 days past due). If it was repaid, record the "
            "repayments on both sides; if not, the organisation is in arrears: the lender "
            "follows it up."
        ],
    )
    assert lines([home, org], "--date", "2022-09-16") == (
        1,
        [
            where + "arrears-on-both-sides: เงินกู้ CODI-A ของ MAESAI: ตามตารางผ่อนของทั้งสองฝั่ง "
            "ถึงกำหนดชำระ 31,200.00 บาท ภายใน 2022-09-16 (16 ก.ย. 2565) และทั้งสองฝั่งแสดงว่ายังไม่ได้ชำระ "
            "20,800.00 บาท (ค้าง 2 งวด เกินกำหนด 32 วัน) ถ้าชำระแล้ว ให้บันทึกการชำระทั้งสองฝั่ง "
            "ถ้ายังไม่ได้ชำระ องค์กรค้างชำระ ผู้ให้กู้ต้องติดตาม"
        ],
    )


def test_schedules_that_differ(tmp_path: Path) -> None:
    """MAESAI's books say 10 instalments where the lender's say 12: by the first due date
    the lender's schedule has 10,400 due, MAESAI's 12,400; both record 10,400 paid."""
    home, org = variant(tmp_path, "installments: 12", "installments: 10")
    where = f"{home}:{line_of(home, 'CODI-A') - 1} / {org}:{line_of(org, 'loan:') - 1}: "
    assert lines([home, org], "--date", "2022-04-20", "--lang", "en") == (
        1,
        [
            where + "schedule-differs: loan CODI-A of MAESAI: by 2022-04-20 the lender's "
            "schedule has 10,400.00 THB due (instalments: 1; unpaid: 0.00 THB), the "
            "organisation's 12,400.00 THB (instalments: 1; unpaid: 2,000.00 THB). The terms "
            "or the instalments differ: correct the side that is wrong."
        ],
    )
    assert lines([home, org], "--date", "2022-04-20") == (
        1,
        [
            where + "schedule-differs: เงินกู้ CODI-A ของ MAESAI: ภายใน 2022-04-20 (20 เม.ย. 2565) "
            "ตารางผ่อนของผู้ให้กู้ถึงกำหนดชำระ 10,400.00 บาท (จำนวนงวด: 1 ยังไม่ชำระ: 0.00 บาท) "
            "ขององค์กร 12,400.00 บาท (จำนวนงวด: 1 ยังไม่ชำระ: 2,000.00 บาท) เงื่อนไขหรืองวดผ่อนต่างกัน "
            "ให้แก้ฝั่งที่ผิด"
        ],
    )


def test_a_record_of_the_lenders_moratorium_copies_nothing(tmp_path: Path) -> None:
    """Its ``follows:`` names the lender's, outside these books: the organisation's books are
    clean as they are, and without its own ``end:`` the record is incomplete (nothing is
    copied from the lender's)."""
    _, org = books(tmp_path, lender, maesai)
    assert CliRunner().invoke(main, ["check", "--lang", "en", org]).exit_code == 0
    text = Path(org).read_text(encoding="utf-8")
    Path(org).write_text(text.replace("  end: 2022-07-31\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lang", "en", org])
    assert result.exit_code == 1
    assert 'moratorium-missing: moratorium "พักชำระหนี้ พอช." has no `end`' in result.output
