"""Issue 19: a loss carried forward is covered by the next years' surpluses before anything
is shared out; a recorded cover stays within the loss and the reserve (``year-end-cover-over``).

The books: 2567 (2024) ends with a loss of 80.00 (admin costs); the reserve holds 50.00; one
member holds 1,200 in shares all along (a dividend of 6 % a year: 72.00 a year, a payable).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from beancount import loader
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.ledger.model import loaded_books
from kongtun.ledger.years.year_end import read_year_data, year_end
from kongtun.tests.conftest import messages

D = Decimal

LOSS_2567 = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ"
  dividend-rate: 6
  reserve-min: 10
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


def donation(day: str, amount: str) -> str:
    return f"""
{day} * "เงินบริจาค"
  Assets:Cash            {amount} THB
  Income:Donations      -{amount} THB
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def balances(path: Path) -> dict[str, Decimal]:
    entries, errors, _ = loader.load_file(str(path))
    assert errors == []
    found: dict[str, Decimal] = {}
    for entry in entries:
        for posting in getattr(entry, "postings", ()):
            found[posting.account] = found.get(posting.account, D(0)) + posting.units.number
    return found


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_loss_partly_covered_is_deducted_from_next_years_surplus(tmp_path: Path) -> None:
    """2567: loss 80.00, 50.00 covered from the reserve on 19 Jan 2568, 30.00 carried.
    2568: surplus 1,000.00 − 30.00 carried = 970.00 shared: dividend 1,200 × 12 × 6 % ÷ 12 =
    72.00, the reserve 970.00 − 72.00 = 898.00 (at least 10 % of 970.00 = 97.00)."""
    path = tmp_path / "books.beancount"
    path.write_text(LOSS_2567, encoding="utf-8")
    cover = ("--cover", "reserve", "--resolution", "มติประชุมใหญ่ 1/2568", "--on", "2568-01-19")
    assert run("year-end", str(path), "--year", "2567", *cover, "--write")[0] == 0
    append(path, donation("2025-06-01", "1000.00"))
    code, out, _ = run("year-end", str(path), "--year", "2568", "--lang", "en")
    assert code == 0
    assert (
        "  surplus of the year                              1,000.00\n"
        "  loss carried from earlier years                    -30.00\n"
        "  surplus to share out                               970.00\n"
    ) in out
    assert "  reserve fund                                       898.00   92.58 %\n" in out
    assert "  dividend on shares                                  72.00    7.42 %\n" in out
    code, out, _ = run("year-end", str(path), "--year", "2568")
    assert "  ขาดทุนสะสมยกมาจากปีก่อน" in out
    code, out, _ = run("year-end", str(path), "--year", "2568", "--format", "json")
    shown = json.loads(out)
    assert (shown["surplus"], shown["carried_loss"], shown["shared"]) == (
        "1000.00",
        "30.00",
        "970.00",
    )
    assert shown["allocation"]["reserve"] == "898.00"
    assert shown["allocation"]["dividend"] == "72.00"
    assert run("year-end", str(path), "--year", "2568", "--write")[0] == 0
    text = path.read_text(encoding="utf-8")
    allocate = text.split('year-end-step: "allocate"')[1]
    assert "Equity:Surplus                970.00 THB" in allocate
    assert "Equity:Reserve               -898.00 THB" in allocate
    assert "Liabilities:Dividends:M0001   -72.00 THB" in allocate
    after = balances(path)  # loads clean: the plugin agrees with what was written
    assert after["Equity:Surplus"] == D("0.00")  # the carried loss is covered
    assert after["Equity:Reserve"] == D("-898.00")  # 50.00 used to cover, 898.00 added


def test_a_surplus_smaller_than_the_carried_loss_shares_nothing(tmp_path: Path) -> None:
    """2567: loss 80.00 carried whole (no cover). 2568: surplus 50.00 < 80.00: nothing is
    shared, the close step only, 30.00 still carried. 2569: surplus 500.00 − 30.00 = 470.00
    shared: dividend 72.00, reserve 398.00."""
    path = tmp_path / "books.beancount"
    path.write_text(LOSS_2567, encoding="utf-8")
    assert run("year-end", str(path), "--year", "2567", "--cover", "carry")[0] == 0
    assert run("year-end", str(path), "--year", "2567", "--write")[0] == 0
    append(path, donation("2025-06-01", "50.00"))
    code, out, _ = run("year-end", str(path), "--year", "2568", "--lang", "en")
    assert code == 0
    assert "  surplus to share out                               -30.00\n" in out
    assert out.endswith(
        "The surplus does not cover the loss carried from earlier years: no dividend and no "
        "return. 30.00 baht of loss stays in Equity:Surplus, carried forward "
        "(docs/year-end.md).\n"
    )
    code, out, _ = run("year-end", str(path), "--year", "2568")
    assert "ขาดทุนคงเหลือ 30.00 บาท" in out
    assert run("year-end", str(path), "--year", "2568", "--write")[0] == 0
    text = path.read_text(encoding="utf-8")
    assert text.count('year-end-step: "allocate"') == 0
    assert balances(path)["Equity:Surplus"] == D("30.00")
    # the 2568 loss-only year cannot be covered for more than the reserve holds
    append(path, donation("2026-03-01", "500.00"))
    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    books = loaded_books(entries, options)
    year = year_end(books, read_year_data(entries, "THB"), 2569)
    assert (year.surplus, year.carried, year.allocation.surplus) == (
        D("500.00"),
        D("30.00"),
        D("470.00"),
    )
    assert year.allocation.lines["dividend"] == D("72.00")
    assert year.allocation.lines["reserve"] == D("398.00")
    assert year.allocation.reserve_min == D("47.00")
    assert run("year-end", str(path), "--year", "2569", "--write")[0] == 0
    assert balances(path)["Equity:Surplus"] == D("0.00")


def test_the_carried_loss_is_shown_in_the_annual_report(tmp_path: Path) -> None:
    path = tmp_path / "books.beancount"
    path.write_text(LOSS_2567 + donation("2025-06-01", "1000.00"), encoding="utf-8")
    assert run("year-end", str(path), "--year", "2567", "--write")[0] == 0
    out = tmp_path / "out"
    assert run("annual-report", str(path), "--year", "2568", "--out", str(out))[0] == 0
    html = (out / "annual-report-2568.html").read_text(encoding="utf-8")
    assert (
        '<tr class="kongtun-carried"><td>ขาดทุนสะสมยกมาจากปีก่อน</td><td class="num">-80.00</td>'
    ) in html
    assert '<tr data-purpose="reserve"><td>ทุนสำรอง</td><td class="num">848.00</td>' in html
    english = ("--year", "2568", "--out", str(out), "--lang", "en")
    assert run("annual-report", str(path), *english)[0] == 0
    html = (out / "annual-report-2568.html").read_text(encoding="utf-8")
    assert '<td>loss carried from earlier years</td><td class="num">-80.00</td>' in html


COVERED = (
    LOSS_2567
    + """
2024-12-31 open Equity:Surplus THB
2024-12-31 * "ปิดบัญชี"
  year-end: "2567"
  year-end-step: "close"
  Expenses:Admin          -80.00 THB
  Equity:Surplus           80.00 THB
2025-01-19 * "ชดเชยขาดทุน"
  year-end: "2567"
  year-end-step: "cover"
  resolution: "มติ 1/2568"
  Equity:Reserve           {covered} THB
  Equity:Surplus          -{covered} THB
"""
)


def test_year_end_cover_over(tmp_path: Path) -> None:
    """The reserve holds 50.00 for a loss of 80.00: a cover of 50.00 passes, 50.01 does not;
    with 100.00 in the reserve, 80.00 passes and 80.01 (more than the loss) does not."""
    path = tmp_path / "ledger.beancount"

    def errors_of(text: str) -> list[object]:
        path.write_text(text, encoding="utf-8")
        return list(loader.load_file(str(path))[1])

    assert errors_of(COVERED.format(covered="50.00")) == []
    errors = errors_of(COVERED.format(covered="50.01"))
    assert messages(errors) == [
        "year-end-cover-over: the year end 2567 covers 50.01 THB of the loss from the reserve "
        "on 2025-01-19, more than 50.00 THB: the loss to cover is 80.00 THB and the reserve "
        "holds 50.00 THB that day. Cover at most 50.00 THB (the rest stays carried forward): "
        "delete this transaction and run `kongtun year-end --year 2567 --cover reserve "
        "--resolution TEXT --write` again."
    ]
    assert messages(errors, "th") == [
        "year-end-cover-over: การปิดบัญชีสิ้นปี 2567 ชดเชยขาดทุนจากทุนสำรอง 50.01 บาท เมื่อ "
        "2025-01-19 (19 ม.ค. 2568) เกิน 50.00 บาท: ขาดทุนที่ต้องชดเชยมี 80.00 บาท "
        "และทุนสำรองมีอยู่ 50.00 บาท ในวันนั้น ให้ชดเชยไม่เกิน 50.00 บาท (ส่วนที่เหลือยกไป) "
        "โดยลบรายการนี้แล้วสั่ง `kongtun year-end --year 2567 --cover reserve "
        "--resolution TEXT --write` ใหม่"
    ]
    assert errors[0].source["lineno"] == 26  # type: ignore[attr-defined]  # the cover
    richer = COVERED.replace(
        "50.00 THB\n  Equity:Reserve          -50.00",
        "100.00 THB\n  Equity:Reserve         -100.00",
    )
    assert errors_of(richer.format(covered="80.00")) == []
    errors = errors_of(richer.format(covered="80.01"))
    assert [str(error.render("en")).split(":", 1)[0] for error in errors] == ["year-end-cover-over"]  # type: ignore[attr-defined]
    assert "the loss to cover is 80.00 THB and the reserve holds 100.00 THB" in messages(errors)[0]


NAMED = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
option "title" "Named Funds"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ"
  dividend-rate: 5
  reserve-min: 10
  allocate-fund-league: 1.5
  fund-label-league: "กองทุนเครือข่ายสัจจะ"
  allocate-fund-dividend-stabilisation-amount: 100 THB
2024-01-01 custom "member" "M0001" "นางหนึ่ง"
2024-01-01 * "หุ้น"
  Assets:Cash            1200.00 THB
  Equity:Shares:M0001   -1200.00 THB
2024-10-01 * "เงินบริจาค"
  Assets:Cash           10000.00 THB
  Income:Donations     -10000.00 THB
2024-01-01 custom "fava-extension" "kongtun.plugins.fava"
"""


def test_named_funds_show_their_label_on_the_balance_sheet(tmp_path: Path) -> None:
    """Issue 19: Equity:Funds:League (1.5 % of 10,000.00 = 150.00) is shown by its
    ``fund-label-league`` in Thai and as "league" in English, in the annual report and in
    Fava's annual view; a fund without a label by its NAME in both."""
    from fava.application import create_app  # noqa: PLC0415

    path = tmp_path / "books.beancount"
    path.write_text(NAMED, encoding="utf-8")
    assert run("year-end", str(path), "--year", "2567", "--write")[0] == 0
    out = tmp_path / "out"
    assert run("annual-report", str(path), "--year", "2567", "--out", str(out))[0] == 0
    thai = (out / "annual-report-2567.html").read_text(encoding="utf-8")
    sheet = thai.split('class="kongtun-sheet"')[1].split("</table>")[0]
    assert '<tr><td>กองทุนเครือข่ายสัจจะ</td><td class="num">150.00</td></tr>' in sheet
    assert '<tr><td>dividend-stabilisation</td><td class="num">100.00</td></tr>' in sheet
    assert "Equity:Funds" not in sheet
    english = ("--year", "2567", "--out", str(out), "--lang", "en")
    assert run("annual-report", str(path), *english)[0] == 0
    html = (out / "annual-report-2567.html").read_text(encoding="utf-8")
    sheet = html.split('class="kongtun-sheet"')[1].split("</table>")[0]
    assert '<tr><td>league</td><td class="num">150.00</td></tr>' in sheet
    assert '<tr><td>dividend-stabilisation</td><td class="num">100.00</td></tr>' in sheet
    app = create_app([str(path)])
    app.testing = True
    response = app.test_client().get("/named-funds/extension/KongTun/?page=annual&year=2567")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:500]
    sheet = page.split('class="kongtun-sheet"')[1].split("</table>")[0]
    assert '<tr><td>กองทุนเครือข่ายสัจจะ</td><td class="num">150.00</td></tr>' in sheet


def test_a_loss_carried_into_a_new_file_is_deducted_there(tmp_path: Path) -> None:
    """``kongtun carry`` after a loss: the new year's file opens with Equity:Surplus 80.00
    (a debit); its year end subtracts it: surplus 1,000.00 − 80.00 = 920.00 shared, dividend
    72.00, reserve 848.00."""
    path = tmp_path / "2567.beancount"
    path.write_text(LOSS_2567, encoding="utf-8")
    assert run("year-end", str(path), "--year", "2567", "--write")[0] == 0
    second = tmp_path / "2568.beancount"
    result = CliRunner().invoke(main, ["carry", "--start", "2568-01-01", str(path), str(second)])
    assert result.exit_code == 0, result.stderr
    lines = {" ".join(line.split()) for line in second.read_text(encoding="utf-8").splitlines()}
    assert "Equity:Surplus 80.00 THB" in lines
    append(second, donation("2025-06-01", "1000.00"))
    code, out, _ = run("year-end", str(second), "--year", "2568", "--format", "json")
    assert code == 0, out
    shown = json.loads(out)
    assert (shown["carried_loss"], shown["shared"]) == ("80.00", "920.00")
    assert (shown["allocation"]["dividend"], shown["allocation"]["reserve"]) == ("72.00", "848.00")
    assert run("year-end", str(second), "--year", "2568", "--write")[0] == 0
    assert balances(second)["Equity:Surplus"] == D("0.00")
