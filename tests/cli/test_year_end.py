"""``kongtun year-end``: shows the year end, writes it once, and refuses what it must."""

from __future__ import annotations

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

from beancount import loader
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.ledger.books.rules import Rules
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.years.allocation import fiscal_year
from kongtun.tests.conftest import write_ledger

LEDGER = Path(__file__).resolve().parent.parent / "data" / "year-end-2567.beancount"


def copy(tmp_path: Path) -> Path:
    target = tmp_path / "books.beancount"
    shutil.copy(LEDGER, target)
    return target


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_shows_the_year_in_english_and_thai(tmp_path: Path) -> None:
    path = copy(tmp_path)
    code, out, _ = run("year-end", str(path), "--year", "2567", "--lang", "en")
    assert code == 0
    assert "Year end 2567: 2024-01-01 to 2024-12-31" in out
    assert "  surplus of the year                              1,275.55\n" in out
    assert "  reserve fund                                       644.96   50.56 %\n" in out
    m0009 = "  M0009            3,663.00        18.31           0.00         0.00"
    assert f"{m0009}  Liabilities:Savings:M0009\n" in out
    code, out, _ = run("year-end", str(path), "--year", "2024")
    assert code == 0
    assert "ปิดบัญชีสิ้นปี 2567: ตั้งแต่ 2024-01-01 (1 ม.ค. 2567) ถึง 2024-12-31 (31 ธ.ค. 2567)" in out
    assert "  กำไรสุทธิของปี                                      1,275.55\n" in out


def test_json(tmp_path: Path) -> None:
    code, out, _ = run("year-end", str(copy(tmp_path)), "--year", "2567", "--format", "json")
    assert code == 0
    shown = json.loads(out)
    assert shown["surplus"] == "1275.55"
    assert shown["allocation"]["reserve"] == "644.96"
    assert shown["allocation"]["dividend"] == "405.31"
    m0004 = next(row for row in shown["members"] if row["member"] == "M0004")
    assert m0004 == {
        "member": "M0004",
        "shares_held": "1500.00",
        "basis": "month",
        "dividend": "7.50",
        "interest_paid": "0.00",
        "return": "0.00",
        "paid_to": ["Liabilities:Dividends:M0004", "Liabilities:InterestReturns:M0004"],
    }


def test_write_once_and_the_books_check_clean(tmp_path: Path) -> None:
    path = copy(tmp_path)
    code, out, _ = run("year-end", str(path), "--year", "2567", "--write", "--lang", "en")
    assert code == 0, out
    assert out.endswith(f"wrote the year end 2567 to {path}\n")
    _, errors, _ = loader.load_file(str(path))
    assert errors == []
    text = path.read_text(encoding="utf-8")
    assert 'year-end-step: "allocate"' in text
    assert "  Liabilities:Savings:M0007    -162.00 THB\n" in text
    assert "  Liabilities:Dividends:M0004    -7.50 THB\n" in text
    written = path.read_bytes()
    code, _, err = run("year-end", str(path), "--year", "2567", "--write", "--lang", "en")
    assert code == 2
    assert err == (
        f"kongtun: the year end 2567 is already recorded in {path}; a year is closed once.\n"
    )
    assert path.read_bytes() == written
    # the year end is not counted as the year's income: the figures are the same after it
    code, out, _ = run("year-end", str(path), "--year", "2567", "--format", "json")
    assert json.loads(out)["surplus"] == "1275.55"


def test_books_with_problems_are_refused_unchanged(tmp_path: Path) -> None:
    path = copy(tmp_path)
    broken = path.read_text(encoding="utf-8") + (
        '2024-12-20 * "x"\n  Assets:Cash  -5.00 THB\n  Liabilities:Savings:M0099  5.00 THB\n'
    )
    path.write_text(broken, encoding="utf-8")
    code, _, err = run("year-end", str(path), "--year", "2567", "--write", "--lang", "en")
    assert code == 2
    assert "member-unknown" in err
    assert err.endswith(f"kongtun: {path} has 2 problems; fix them first (kongtun check {path}).\n")
    assert path.read_text(encoding="utf-8") == broken


def test_a_loss_writes_only_the_close(tmp_path: Path) -> None:
    path = write_ledger(
        tmp_path,
        """
        plugin "kongtun.plugins.fund"
        option "operating_currency" "THB"
        2024-01-01 custom "fund" "savings-group"
        2024-01-01 custom "rules" "ระเบียบ"
          dividend-rate: 6
        2024-01-01 custom "member" "M0001" "นางหนึ่ง"
        2024-01-01 * "หุ้น"
          Assets:Cash            1200.00 THB
          Equity:Shares:M0001   -1200.00 THB
        2024-06-30 * "ค่าใช้จ่าย"
          Expenses:Admin          80.00 THB
          Assets:Cash            -80.00 THB
        """,
    )
    code, out, _ = run("year-end", str(path), "--year", "2567", "--write", "--lang", "en")
    assert code == 0
    assert "The year ends with a loss: no dividend and no return." in out
    text = path.read_text(encoding="utf-8")
    assert 'year-end-step: "close"' in text
    assert '"allocate"' not in text
    _, errors, _ = loader.load_file(str(path))
    assert errors == []


def test_a_welfare_fund_carries_its_surplus(tmp_path: Path) -> None:
    path = write_ledger(
        tmp_path,
        """
        plugin "kongtun.plugins.fund"
        option "operating_currency" "THB"
        2024-01-01 custom "fund" "welfare-fund"
        2024-01-01 custom "member" "W0001" "นางหนึ่ง"
        2024-01-05 * "เงินสมทบ"
          Assets:Cash                 365.00 THB
          Income:Contributions:W0001 -365.00 THB
        """,
    )
    before = path.read_bytes()
    code, out, _ = run("year-end", str(path), "--year", "2567", "--write", "--lang", "en")
    assert code == 0
    assert "A welfare fund pays no dividend: its surplus stays in its accounts" in out
    assert "nothing to write: the year end 2567 has no entries." in out
    assert path.read_bytes() == before


def test_a_fiscal_year_closing_in_march() -> None:
    rules = Rules("r", {"fiscal-year-end-month": 3})
    assert fiscal_year(rules, 2024) == (datetime.date(2023, 4, 1), datetime.date(2024, 3, 31))
    assert fiscal_year(Rules("r"), 2024) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def test_the_december_report_is_the_same_after_the_year_end(tmp_path: Path) -> None:
    """The closing step is not December's income: the month's figures do not change."""
    path = copy(tmp_path)

    def december() -> tuple[tuple[object, ...], object]:
        entries, errors, options = loader.load_file(str(path))
        assert errors == []
        books = loaded_books(entries, options)
        month = read_month(entries, books, datetime.date(2024, 12, 1))
        report = fund_report(books.fund, month, 0)
        figures = (report.income, report.expenses, report.cash, report.history[:-1])
        return figures, report.members_money[0]

    before, _ = december()
    code, _, _ = run("year-end", str(path), "--year", "2567", "--write")
    assert code == 0
    after, savings = december()
    assert after == before
    # the dividends and returns credited to savings (all but M0004's 7.50, a payable)
    assert savings.closing == Decimal("433.81")  # type: ignore[attr-defined]


def test_carry_warns_without_a_year_end_and_opens_with_the_allocation(tmp_path: Path) -> None:
    path = copy(tmp_path)
    first = tmp_path / "2568-without.beancount"
    result = CliRunner().invoke(
        main, ["carry", "--lang", "en", "--start", "2568-01-01", str(path), str(first)]
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines(keepends=True)[-1] == (
        "warning: the year 2567 has no year end: its surplus is carried in Equity:Opening "
        "without being shared out. If the assembly shares it out, run "
        f"`kongtun year-end {path} --year 2567 --write` and carry again.\n"
    )
    assert run("year-end", str(path), "--year", "2567", "--write")[0] == 0
    second = tmp_path / "2568.beancount"
    result = CliRunner().invoke(
        main, ["carry", "--lang", "en", "--start", "2568-01-01", str(path), str(second)]
    )
    assert result.exit_code == 0
    assert "warning" not in result.stderr  # only the reading of --start
    lines = {" ".join(line.split()) for line in second.read_text(encoding="utf-8").splitlines()}
    assert "Equity:Reserve -644.96 THB" in lines
    assert "Liabilities:Dividends:M0004 -7.50 THB" in lines
    assert "Equity:Funds:Welfare -63.77 THB" in lines
    _, errors, _ = loader.load_file(str(second))
    assert errors == []


def test_the_annual_report(tmp_path: Path) -> None:
    path = copy(tmp_path)
    out = tmp_path / "out"
    code, stdout, _ = run("annual-report", str(path), "--year", "2567", "--out", str(out))
    assert code == 0
    page = out / "annual-report-2567.html"
    assert stdout == f"เขียน {page} แล้ว\n"
    html = page.read_text(encoding="utf-8")
    assert "รายงานประจำปีต่อที่ประชุมใหญ่ · ปีบัญชี 2567" in html
    assert "1 มกราคม 2567 – 31 ธันวาคม 2567" in html
    assert "ยังไม่ได้บันทึกการปิดบัญชีสิ้นปีในบัญชี" in html
    assert "(หนึ่งพันสองร้อยเจ็ดสิบห้าบาทห้าสิบห้าสตางค์)" in html
    assert "นายเจ็ด (M0007)" in html
    assert "1 ก.ค. 2567 · มติประชุมใหญ่วิสามัญ 1/2567" in html
    assert '<tr data-purpose="reserve"><td>ทุนสำรอง</td><td class="num">644.96</td>' in html
    # the headline amounts in words: the surplus, the totals and each share of the allocation
    assert "<li>ทุนสำรอง (หกร้อยสี่สิบสี่บาทเก้าสิบหกสตางค์)</li>" in html
    assert "<li>กำไรสุทธิของปี (หนึ่งพันสองร้อยเจ็ดสิบห้าบาทห้าสิบห้าสตางค์)</li>" in html
    assert run("year-end", str(path), "--year", "2567", "--write")[0] == 0
    code, _, _ = run(
        "annual-report", str(path), "--year", "2024", "--out", str(out), "--public", "--lang", "en"
    )
    assert code == 0
    html = (out / "annual-report-2567-public.html").read_text(encoding="utf-8")
    assert "นายเจ็ด" not in html
    assert '<td class="kongtun-card-title">M0007</td>' in html
    assert "not recorded in the books yet" not in html
    assert '<td>reserve fund</td><td class="num">644.96</td>' in html
    # the balance sheet after the year end: members' money by kind, dividends still to pay
    assert '<tr><td>dividend on shares</td><td class="num">7.50</td></tr>' in html
    assert '<tr><td>members&#39; committed savings</td><td class="num">433.81</td></tr>' in html


def test_the_december_statement_shows_the_dividend_and_return(tmp_path: Path) -> None:
    path = copy(tmp_path)
    out = tmp_path / "statements"
    code, _, _ = run(
        "statements", str(path), "--month", "2567-12", "--member", "M0007", "--out", str(out)
    )
    assert code == 0
    html = (out / "statements-2567-12" / "statement-2567-12-M0007.html").read_text(encoding="utf-8")
    assert "<h3>เงินปันผลและเงินเฉลี่ยคืนประจำปี 2567</h3>" in html
    assert '<tr><td>เงินปันผล (6.00 %)</td><td class="num">144.00</td></tr>' in html
    assert '<tr><td>เงินเฉลี่ยคืน (10.00 %)</td><td class="num">18.00</td></tr>' in html
    assert "162.00 บาท" in html
    code, _, _ = run(
        "statements", str(path), "--month", "2567-11", "--member", "M0007", "--out", str(out)
    )
    assert code == 0
    november = (out / "statements-2567-11" / "statement-2567-11-M0007.html").read_text(
        encoding="utf-8"
    )
    assert "เงินปันผลและเงินเฉลี่ยคืนประจำปี" not in november


def test_a_year_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = copy(tmp_path)
    before = path.read_bytes()
    for command in (["year-end", str(path), "--write"], ["annual-report", str(path), "--out", "x"]):
        code, out, err = run(*command, "--year", "25x7", "--lang", "en")
        assert (code, out) == (2, "")
        assert err == "kongtun: --year 25x7 is not a year: write it as 2567 (พ.ศ.) or 2024.\n"
    code, _, err = run("year-end", str(path), "--year", "5")
    assert code == 2
    assert err == "kongtun: --year 5 ไม่ใช่ปี: เขียนเป็น 2567 (พ.ศ.) หรือ 2024 (ค.ศ.)\n"
    assert path.read_bytes() == before


ARREARS = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ"
  savings-monthly-min: 100 THB
  dividend-rate: 5
2024-01-01 custom "member" "M0001" "นางหนึ่ง"
2024-11-01 custom "member" "M0002" "นายสอง"
2024-01-05 * "หุ้น"
  Assets:Cash            1200.00 THB
  Equity:Shares:M0001   -1200.00 THB
2024-06-01 * "เงินบริจาค"
  Assets:Cash           10000.00 THB
  Income:Donations     -10000.00 THB
2024-11-05 * "ฝากสัจจะ"
  Assets:Cash             60.00 THB
  Liabilities:Savings:M0002  -60.00 THB
2024-12-05 * "ฝากสัจจะ"
  Assets:Cash            100.00 THB
  Liabilities:Savings:M0002  -100.00 THB
"""


def test_the_annual_report_shows_savings_arrears_and_thai_digits(tmp_path: Path) -> None:
    """Issue 19: the members' savings arrears of the year; --thai-digits as for statements."""
    path = tmp_path / "books.beancount"
    path.write_text(ARREARS, encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = run("annual-report", str(path), "--year", "2567", "--out", str(out))
    assert code == 0
    html = (out / "annual-report-2567.html").read_text(encoding="utf-8")
    assert "<h3>เงินออมสัจจะค้างของสมาชิกในปี (บาท)</h3>" in html
    # M0001 saved nothing all year: 12 months short, 1,200.00; M0002 joined in November
    assert (
        '<tr data-member="M0001"><td class="kongtun-card-title">นางหนึ่ง (M0001)</td>'
        '<td class="num" data-label="จำนวนเดือนที่ออมไม่ครบ">12</td>'
        '<td class="num" data-label="ยอดที่ขาด">1,200.00</td></tr>'
    ) in html
    assert (
        '<tr data-member="M0002"><td class="kongtun-card-title">นายสอง (M0002)</td>'
        '<td class="num" data-label="จำนวนเดือนที่ออมไม่ครบ">1</td>'
        '<td class="num" data-label="ยอดที่ขาด">40.00</td></tr>'
    ) in html
    code, _, _ = run(
        "annual-report", str(path), "--year", "2567", "--out", str(out), "--thai-digits"
    )
    assert code == 0
    html = (out / "annual-report-2567.html").read_text(encoding="utf-8")
    assert "ปีบัญชี ๒๕๖๗" in html
    assert '<td class="num" data-label="ยอดที่ขาด">๑,๒๐๐.๐๐</td>' in html
    english = run("annual-report", str(path), "--year", "2024", "--out", str(out), "--lang", "en")
    assert english[0] == 0
    html = (out / "annual-report-2567.html").read_text(encoding="utf-8")
    assert "Members&#39; savings arrears in the year (baht)" in html
    path.write_text(ARREARS.replace("100 THB\n  dividend", "0 THB\n  dividend"), encoding="utf-8")
    assert run("annual-report", str(path), "--year", "2567", "--out", str(out))[0] == 0
    html = (out / "annual-report-2567.html").read_text(encoding="utf-8")
    assert "สมาชิกทุกคนออมไม่น้อยกว่าขั้นต่ำทุกเดือนในปี" in html


LOSS = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ"
  dividend-rate: 6
2024-01-01 open Equity:Reserve THB
2024-01-01 custom "member" "M0001" "นางหนึ่ง"
2024-01-01 * "ยอดยกมา ทุนสำรอง"
  Assets:Cash              50.00 THB
  Equity:Reserve          -50.00 THB
2024-01-01 * "หุ้น"
  Assets:Cash            1200.00 THB
  Equity:Shares:M0001   -1200.00 THB
2024-06-30 * "ค่าใช้จ่าย"
  Expenses:Admin          80.00 THB
  Assets:Cash            -80.00 THB
"""


def test_a_loss_is_covered_from_the_reserve_by_a_resolution(tmp_path: Path) -> None:
    """Issue 19: the loss of 80.00 is covered from the reserve (50.00), by the assembly's
    resolution, on the day given; the other 30.00 is carried forward in Equity:Surplus."""
    path = tmp_path / "books.beancount"
    path.write_text(LOSS, encoding="utf-8")
    args = ("year-end", str(path), "--year", "2567", "--cover", "reserve")
    code, out, _ = run(*args, "--resolution", "มติประชุมใหญ่ 1/2568 ข้อ 3", "--lang", "en",
                       "--on", "2568-01-19")  # fmt: skip
    assert code == 0
    assert out.endswith(
        "Covering the loss of 80.00 baht: 50.00 baht from the reserve (it holds 50.00 baht on "
        "2025-01-19); 30.00 baht carried forward in Equity:Surplus.\n"
    )
    assert path.read_text(encoding="utf-8") == LOSS  # shown, not written
    code, out, _ = run(*args, "--resolution", "มติประชุมใหญ่ 1/2568 ข้อ 3", "--on", "2025-01-19")
    assert "ชดเชยขาดทุน 80.00 บาท: จากทุนสำรอง 50.00 บาท" in out
    code, out, _ = run(*args, "--resolution", "มติประชุมใหญ่ 1/2568 ข้อ 3", "--on",
                       "2025-01-19", "--write", "--lang", "en")  # fmt: skip
    assert code == 0, out
    text = path.read_text(encoding="utf-8")
    assert 'year-end-step: "close"' in text
    cover = text.split('year-end-step: "cover"')[0].rsplit("\n2025-01-19 ", 1)[1]
    assert cover.startswith('* "ชดเชยขาดทุนปี 2567 จากทุนสำรอง ตามมติที่ประชุม"')
    assert 'resolution: "มติประชุมใหญ่ 1/2568 ข้อ 3"' in text
    assert "  Equity:Reserve   50.00 THB\n  Equity:Surplus  -50.00 THB" in text
    entries, errors, _ = loader.load_file(str(path))
    assert errors == []
    balances: dict[str, Decimal] = {}
    for entry in entries:
        for posting in getattr(entry, "postings", ()):
            balances[posting.account] = balances.get(posting.account, Decimal(0)) + (
                posting.units.number
            )
    assert balances["Equity:Reserve"] == Decimal("0.00")
    assert balances["Equity:Surplus"] == Decimal("30.00")  # the loss carried forward
    # a second run is refused, the file unchanged
    written = path.read_bytes()
    code, _, err = run(*args, "--resolution", "x", "--write", "--lang", "en")
    assert code == 2
    assert "is already recorded" in err
    assert path.read_bytes() == written


def test_a_loss_recorded_before_is_covered_later_and_bad_options(tmp_path: Path) -> None:
    path = tmp_path / "books.beancount"
    path.write_text(LOSS, encoding="utf-8")
    base = ("year-end", str(path), "--year", "2567", "--lang", "en")
    assert run(*base, "--write")[0] == 0  # the close step only: the loss carried
    code, out, _ = run(*base, "--cover", "carry")
    assert code == 0
    assert out.endswith(
        "Covering the loss of 80.00 baht: 0.00 baht from the reserve (it holds 50.00 baht on "
        "2024-12-31); 80.00 baht carried forward in Equity:Surplus.\n"
    )
    before = path.read_bytes()
    code, _, err = run(*base, "--cover", "reserve", "--write")
    assert (code, err) == (
        2,
        "kongtun: --cover reserve needs --resolution: the resolution that covers the loss.\n",
    )
    code, _, err = run(*base, "--cover", "reserve", "--resolution", "r", "--on", "2024-12-30")
    assert code == 2
    assert "--on 2024-12-30: a loss is covered on or after the year's last day, 2024-12-31." in err
    assert run(*base, "--resolution", "r")[0] == 2
    assert path.read_bytes() == before
    code, _, _ = run(*base, "--cover", "reserve", "--resolution", "มติ 1/2568", "--write")
    assert code == 0  # the assembly decided later: only the cover step is added
    text = path.read_text(encoding="utf-8")
    assert text.count('year-end-step: "close"') == 1
    assert text.count('year-end-step: "cover"') == 1
    assert loader.load_file(str(path))[1] == []
    # a year with a surplus has nothing to cover
    surplus = tmp_path / "surplus.beancount"
    surplus.write_text(
        LOSS.replace("Expenses:Admin          80.00", "Income:Donations       -80.00").replace(
            "Assets:Cash            -80.00", "Assets:Cash             80.00"
        ),
        encoding="utf-8",
    )
    code, _, err = run(
        "year-end", str(surplus), "--year", "2567", "--cover", "carry", "--lang", "en"
    )
    assert code == 2
    assert err == "kongtun: --cover is for a year that ends with a loss; 2567 does not.\n"
