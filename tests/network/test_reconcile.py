"""``kongtun reconcile``: a lender's books against two organisations' books, with planted
differences each found with both sides' file:line, and nothing else flagged."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.generators.network import LENDER_FILE, network_books
from kongtun.tests.conftest import write_ledger
from kongtun.tests.network.test_summary import summarise

LOAN_A = 'loan: "CODI-A"'
MORATORIUM = 'custom "moratorium"'
FUND = 'custom "fund"'


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

    2022-04-20 * "กองทุนบ้านดอย" "ชำระงวดที่ 1"
      loan: "CODI-B"
      Assets:Bank   5200.00 THB
      Assets:Loans:DOI  -5000.00 THB
      Income:Interest:Loans  -200.00 THB

    2022-04-25 custom "moratorium" "พักชำระหนี้น้ำท่วม 2565"
      start: 2022-05-01
      end: 2022-07-31
      applies-to: "provinces เชียงราย, น่าน"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติคณะกรรมการ ครั้งที่ 10/2565"

    2022-08-15 * "กองทุนหมุนเวียนบ้านแม่สาย" "ชำระงวดที่ 2"
      loan: "CODI-A"
      Assets:Bank   10400.00 THB
      Assets:Loans:MAESAI  -10000.00 THB
      Income:Interest:Loans  -400.00 THB

    2022-08-20 * "กองทุนบ้านดอย" "ชำระงวดที่ 2"
      loan: "CODI-B"
      Assets:Bank   5200.00 THB
      Assets:Loans:DOI  -5000.00 THB
      Income:Interest:Loans  -200.00 THB

    2022-09-15 * "กองทุนหมุนเวียนบ้านแม่สาย" "ชำระงวดที่ 3"
      loan: "CODI-A"
      Assets:Bank   10400.00 THB
      Assets:Loans:MAESAI  -10000.00 THB
      Income:Interest:Loans  -400.00 THB
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

    2022-04-26 custom "moratorium" "พักชำระหนี้น้ำท่วม 2565"
      follows: "มติคณะกรรมการ ครั้งที่ 10/2565"
      start: 2022-05-01
      end: 2022-07-31
      applies-to: "borrowings CODI"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติคณะกรรมการ พอช. ครั้งที่ 10/2565"

    2022-09-15 * "พอช." "ชำระงวดที่ 3"
      loan: "CODI-A"
      Liabilities:Loans:CODI  10000.00 THB
      Expenses:Interest:Borrowings  300.00 THB
      Assets:Bank
    """


def doi() -> None:
    """
    plugin "kongtun.plugins.fund"
    option "operating_currency" "THB"

    2022-01-01 custom "fund" "revolving-fund"
      name: "กองทุนบ้านดอย"
      province: "น่าน"

    2022-03-20 * "พอช." "เงินกู้จากแหล่งทุน"
      loan: "CODI-B"
      rate: 4
      method: "flat"
      installments: 12
      first-due: 2022-04-20
      approved: "สัญญา 008/2565"
      Assets:Bank  60000.00 THB
      Liabilities:Loans:CODI

    2022-04-26 * "พอช." "ชำระงวดที่ 1"
      loan: "CODI-B"
      Liabilities:Loans:CODI  5000.00 THB
      Expenses:Interest:Borrowings  200.00 THB
      Assets:Bank

    2022-04-27 custom "moratorium" "พักชำระหนี้น้ำท่วม 2565"
      follows: "มติคณะกรรมการ ครั้งที่ 10/2565"
      start: 2022-05-01
      end: 2022-08-31
      applies-to: "borrowings CODI"
      defer: "principal-and-interest"
      interest: "waived"
      resolution: "มติคณะกรรมการ พอช. ครั้งที่ 10/2565"

    2022-08-25 * "พอช." "ชำระงวดที่ 2"
      loan: "CODI-B"
      Liabilities:Loans:CODI  5000.00 THB
      Expenses:Interest:Borrowings  200.00 THB
      Assets:Bank
    """


def books(folder: Path, *makers: Callable[[], None]) -> list[str]:
    """Each maker's docstring written as a ledger into ``folder``."""
    return [
        str(write_ledger(folder, maker.__doc__ or "", f"{maker.__name__}.beancount"))
        for maker in makers
    ]


def line_of(path: str, text: str, after: str = "") -> int:
    """The line of the first line holding ``text`` (after the first holding ``after``)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["reconcile", *args])
    return result.exit_code, result.stdout, result.stderr


def test_each_book_is_clean_on_its_own(tmp_path: Path) -> None:
    for path in books(tmp_path, lender, maesai, doi):
        result = CliRunner().invoke(main, ["check", "--lang", "en", path])
        assert result.exit_code == 0, result.output


def test_each_planted_difference_is_found_with_both_files_and_lines(tmp_path: Path) -> None:
    """A missing repayment, an amount off, a date outside the tolerance and a moratorium
    that does not follow the lender's: each once, with both sides' file:line; nothing else."""
    paths = books(tmp_path, lender, maesai, doi)
    code, out, err = run(*paths, "--lang", "en")
    home, a, b = paths
    assert code == 1
    assert out.splitlines() == [
        f"{home}:{line_of(home, 'ชำระงวดที่ 3')} / {a}:{line_of(a, 'ชำระงวดที่ 3')}: "
        "repayment-amount-differs: loan CODI-A of MAESAI: the repayment the lender received "
        "on 2022-09-15 is principal 10,000.00 THB, interest 400.00 THB, late charge 0.00 THB; "
        "the organisation's of 2022-09-15 is principal 10,000.00 THB, interest 300.00 THB, "
        "late charge 0.00 THB. Correct the side that is wrong.",
        f"{home}:{line_of(home, '2022-08-15')} / {a}:{line_of(a, LOAN_A) - 1}: "
        "repayment-missing-borrower: loan CODI-A of MAESAI: the lender received 10,400.00 THB "
        "on 2022-08-15 (principal 10,000.00 THB, interest 400.00 THB), but the organisation's "
        "books have no such repayment within 5 days. Record it there, or correct the lender's "
        "entry.",
        f"{home}:{line_of(home, '2022-04-20 *')} / {b}:{line_of(b, '2022-04-26 *')}: "
        "repayment-date-differs: loan CODI-B of DOI: a repayment of 5,200.00 THB is dated "
        "2022-04-20 in the lender's books and 2022-04-26 in the organisation's, 6 days apart "
        "(at most 5 allowed). Correct the date on the side that is wrong.",
        f"{home}:{line_of(home, MORATORIUM)} / "
        f"{b}:{line_of(b, MORATORIUM)}: "
        'moratorium-period-differs: DOI: the lender\'s moratorium "พักชำระหนี้น้ำท่วม 2565" '
        "suspends 3 months, 2022-05-01 to 2022-07-31; the organisation's "
        '"พักชำระหนี้น้ำท่วม 2565" that follows it, 4 months, 2022-05-01 to 2022-08-31. '
        "Correct `start:` and `end:` in the organisation's books.",
    ]
    assert err.splitlines()[-1] == (
        "4 differences between the lender's books (CODI) and 2 organisations' books on "
        "2022-09-15 (listed above, lender's file:line / organisation's file:line)."
    )


def test_the_differences_in_thai(tmp_path: Path) -> None:
    home, a = books(tmp_path, lender, maesai)
    code, out, err = run(home, a)
    assert code == 1
    assert out.splitlines()[1] == (
        f"{home}:{line_of(home, '2022-08-15')} / {a}:{line_of(a, LOAN_A) - 1}: "
        "repayment-missing-borrower: เงินกู้ CODI-A ของ MAESAI: ผู้ให้กู้รับชำระ 10,400.00 บาท "
        "เมื่อ 2022-08-15 (15 ส.ค. 2565) (เงินต้น 10,000.00 บาท ดอกเบี้ย 400.00 บาท) "
        "แต่บัญชีขององค์กรไม่มีรายการชำระนี้ภายใน 5 วัน ให้บันทึกในบัญชีขององค์กร "
        "หรือแก้รายการของผู้ให้กู้"
    )
    assert err.splitlines()[-1] == (
        "พบความแตกต่าง 2 รายการระหว่างบัญชีของผู้ให้กู้ (CODI) กับบัญชีขององค์กร 1 แห่ง "
        "ณ 2022-09-15 (15 ก.ย. 2565) (ตามรายการข้างบน: ไฟล์:บรรทัดของผู้ให้กู้ / "
        "ไฟล์:บรรทัดขององค์กร)"
    )


@pytest.mark.parametrize(("days", "found"), [(5, 1), (6, 0)])
def test_the_day_tolerance_boundary(tmp_path: Path, days: int, found: int) -> None:
    """DOI's first repayment is 6 days after the lender's: outside 5 days, inside 6; its
    second is exactly 5 days after (inside both)."""
    home, b = books(tmp_path, lender, doi)
    _, out, _ = run(home, b, "--tolerance-days", str(days), "--lang", "en")
    dated = [line for line in out.splitlines() if "repayment-date-differs" in line]
    assert len(dated) == found
    assert "2022-08-20" not in out
    _, out, _ = run(home, b, "--tolerance-days", "4", "--lang", "en")
    assert sum("repayment-date-differs" in line for line in out.splitlines()) == 2


def test_books_that_agree_exit_0_and_json_says_so(tmp_path: Path) -> None:
    """The lender's books up to 2022-04-30 (before the planted differences of MAESAI)."""
    home, a = books(tmp_path, lender, maesai)
    code, out, err = run(home, a, "--date", "2022-04-16", "--format", "json", "--lang", "en")
    assert code == 0, out + err
    document = json.loads(out)
    assert document["format"] == "kongtun-reconcile/1"
    assert document["agree"] is True
    assert document["code"] == "CODI"
    assert document["tolerance_days"] == 5
    [org] = document["organisations"]
    assert org["org"] == "MAESAI"
    assert org["loans"] == ["CODI-A"]
    assert org["balance"] == {"lender": "110000.00", "organisation": "110000.00"}
    assert org["differences"] == []
    assert err.splitlines()[-1] == (
        "The lender's books (CODI) and 1 organisation's books agree on 2022-04-16: every "
        "loan, repayment, moratorium and balance."
    )


def test_an_entry_without_loan_shows_as_the_balance(tmp_path: Path) -> None:
    home, a = books(tmp_path, lender, maesai)
    text = Path(a).read_text(encoding="utf-8")
    Path(a).write_text(
        text + '\n2022-04-16 * "ชำระเพิ่ม"\n  Liabilities:Loans:CODI  100.00 THB\n  Assets:Bank\n',
        encoding="utf-8",
    )
    code, out, _ = run(home, a, "--date", "2022-04-16", "--lang", "en")
    assert code == 1
    assert out.splitlines() == [
        f"{home}:{line_of(home, FUND)} / {a}:{line_of(a, FUND)}: "
        "balance-differs: MAESAI owes the lender 110,000.00 THB on 2022-04-16 by the lender's "
        "books (Assets:Loans:MAESAI), but 109,900.00 THB by its own (Liabilities:Loans:CODI), "
        "while every loan's entries agree. An entry without `loan:` is likely: find it."
    ]


def test_bad_input_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    home, a = books(tmp_path, lender, maesai)
    before = {path: Path(path).read_bytes() for path in (home, a)}
    code, _, err = run(a, home, "--lang", "en")
    assert code == 2
    assert err == (
        f"kongtun: {a}: not a lender's books: the first ledger must have "
        '`custom "fund" "lender"` with `code: "CODI"` (the name its borrowers give it in '
        "Liabilities:Loans:CODI); see docs/network.md.\n"
    )
    code, _, err = run(home, str(tmp_path / "nothing.beancount"), "--lang", "en")
    assert code == 2
    assert "no such file" in err
    assert {path: Path(path).read_bytes() for path in (home, a)} == before


def test_the_demo_lender_and_revolving_fund_reconcile(tmp_path: Path) -> None:
    """The demo's CODI office has the revolving fund's borrowing as the fund has it."""
    result = CliRunner().invoke(main, ["demo", "--lang", "en", str(tmp_path)])
    assert result.exit_code == 0, result.output
    home, fund = tmp_path / "codi-north.beancount", tmp_path / "revolving-fund.beancount"
    code, out, err = run(str(home), str(fund), "--lang", "en", "--format", "json")
    assert code == 0, out + err
    [org] = json.loads(out)["organisations"]
    assert (org["org"], org["loans"]) == ("RIMKHLONG", ["CODI-2565-007"])
    assert org["balance"]["lender"] == org["balance"]["organisation"] != "0"
    # one repayment of the fund taken out: found, with both lines
    text = fund.read_text(encoding="utf-8")
    at = text.index('"พอช." "ชำระงวดที่ 5"')
    start = text.rindex("\n\n", 0, at)
    end = text.index("\n\n", at)
    fund.write_text(text[:start] + text[end:], encoding="utf-8")
    code, out, _ = run(str(home), str(fund), "--lang", "en")
    assert code == 1
    [line] = out.splitlines()
    assert "repayment-missing-borrower: loan CODI-2565-007 of RIMKHLONG" in line
    assert line.startswith(f"{home}:")


def test_the_network_demo_lender_reconciles_and_rolls_up(tmp_path: Path) -> None:
    """``kongtun demo --network`` writes the revolving funds' lender; its books agree with
    each fund's, and its summary says what the organisations of each province owe it —
    the same as the funds' own ``borrowed.CODI``."""
    books = network_books(30, 2)
    assert LENDER_FILE in books
    for name, text in books.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    funds = sorted(
        str(tmp_path / name) for name, text in books.items() if '"revolving-fund"' in text
    )
    assert len(funds) == 4
    code, out, err = run(str(tmp_path / LENDER_FILE), *funds, "--lang", "en")
    assert (code, out) == (0, ""), err
    month = datetime.date(2024, 12, 1)
    lender_summary = summarise(tmp_path / LENDER_FILE, month)
    assert lender_summary.kind == "lender"
    owed = {
        key.removeprefix("owed.CODI."): value
        for key, value in lender_summary.figures.items()
        if key.startswith("owed.CODI.")
    }
    borrowed: dict[str, Decimal] = {}
    for path in funds:
        summary = summarise(Path(path), month)
        province = summary.area.province
        borrowed[province] = borrowed.get(province, Decimal(0)) + summary.figures["borrowed.CODI"]
    assert owed == borrowed
    figures = lender_summary.figures
    assert figures["lent.CODI.outstanding"] == sum(owed.values())
    assert figures["lent.CODI.count"] == 4
    assert not any(key.startswith(("loans.", "members.", "cash.")) for key in figures)
