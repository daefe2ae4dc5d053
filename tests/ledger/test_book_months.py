"""The months the books have figures for: one rule (kongtun.ledger.books.months), the same
answer from ``kongtun report`` and from the Fava pages, at both ends and one month beyond.

The first month is the fund's (the chart of accounts opens on the fund's date), even when a
member joined earlier; in a year carried forward it is the opening's month; the last month is
the last entry's.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fava.application import create_app

from kongtun.cli.main import main
from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.books.months import BookMonths, MonthOutside, book_months, month_outside
from kongtun.tests.conftest import load_text, write_ledger

ROOT = Path(__file__).resolve().parents[2]
SMALL = (ROOT / "tests" / "data" / "small-fund.beancount").read_text(encoding="utf-8")
EARLY_MEMBER = """
option "title" "Early Member"
option "operating_currency" "THB"
plugin "kongtun.plugins.fund"

2023-12-01 custom "member" "M0001" "นายสมชาย ใจดี"
2024-01-01 custom "fund" "savings-group"
  name: "กลุ่มสมาชิกก่อนกองทุน"

2024-02-05 * "นายสมชาย ใจดี" "ฝากสัจจะ"
  Assets:Cash                 100.00 THB
  Liabilities:Savings:M0001  -100.00 THB
"""
CARRIED = """
option "title" "Carried Fund"
option "operating_currency" "THB"
plugin "kongtun.plugins.fund"

2023-01-01 custom "fund" "savings-group"
  name: "กลุ่มยกยอด"
2023-01-01 custom "member" "M0001" "นายสมชาย ใจดี"

2024-01-01 * "ยอดยกมา"
  carried-from: "2023.beancount"
  Assets:Cash                 100.00 THB
  Liabilities:Savings:M0001  -100.00 THB

2024-02-05 * "นายสมชาย ใจดี" "ฝากสัจจะ"
  Assets:Cash                 100.00 THB
  Liabilities:Savings:M0001  -100.00 THB
"""
NO_FUND = """
2023-11-20 custom "member" "M0001" "นายสมชาย ใจดี"
2024-02-05 open Assets:Cash
"""
TODAY = datetime.date(2030, 6, 15)


def month(year: int, number: int) -> datetime.date:
    return datetime.date(year, number, 1)


def shift(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after (or before) ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return month(index // 12, index % 12 + 1)


#: (books, their slug in Fava, first month, last month)
BOOKS = [
    pytest.param(SMALL, "ban-don-mai-savings-group", month(2024, 1), month(2024, 3), id="small"),
    pytest.param(EARLY_MEMBER, "early-member", month(2024, 1), month(2024, 2), id="early-member"),
    pytest.param(CARRIED, "carried-fund", month(2024, 1), month(2024, 2), id="carried"),
]


@pytest.mark.parametrize(("text", "slug", "first", "last"), BOOKS)
def test_the_rule(
    tmp_path: Path, text: str, slug: str, first: datetime.date, last: datetime.date
) -> None:
    entries, errors, options = load_text(tmp_path, text)
    assert errors == []
    months = book_months(read_fund(entries, options)[0], TODAY)
    assert months == BookMonths(first, last)
    before, after = shift(first, -1), shift(last, 1)
    assert [month_outside(months, day) for day in (first, last)] == [None, None]
    assert month_outside(months, before) == MonthOutside(before, first, last)
    assert month_outside(months, after) == MonthOutside(after, first, last)


def test_books_without_a_fund_start_with_the_first_member(tmp_path: Path) -> None:
    entries, _, options = load_text(tmp_path, NO_FUND)
    fund = read_fund(entries, options)[0]
    assert book_months(fund, TODAY) == BookMonths(month(2023, 11), month(2024, 2))


def test_books_without_entries_have_this_month_only(tmp_path: Path) -> None:
    entries, _, options = load_text(tmp_path, 'option "title" "Empty"\n')
    fund = read_fund(entries, options)[0]
    assert book_months(fund, TODAY) == BookMonths(month(2030, 6), month(2030, 6))


def wide(day: datetime.date) -> str:
    return day.strftime("%B %Y")


def boundaries(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, bool]]:
    """One month before the first, the first, the last, one after the last: is each shown?"""
    return [(shift(first, -1), False), (first, True), (last, True), (shift(last, 1), False)]


@pytest.mark.parametrize(("text", "slug", "first", "last"), BOOKS)
def test_the_command_line(
    tmp_path: Path, text: str, slug: str, first: datetime.date, last: datetime.date
) -> None:
    books = write_ledger(tmp_path, text)
    for day, shown in boundaries(first, last):
        args = ["report", str(books), "--month", f"{day:%Y-%m}", "--out", str(tmp_path / "out")]
        result = CliRunner().invoke(main, [*args, "--lang", "en"])
        if shown:
            assert result.exit_code == 0, result.output
            assert (tmp_path / "out" / f"report-{day:%Y-%m}-en.html").exists()
        else:
            assert (result.exit_code, result.stderr) == (
                2,
                f"kongtun: the books have no figures for {wide(day)}: they run from "
                f"{wide(first)} to {wide(last)}. Choose a month in between.\n",
            )


@pytest.mark.parametrize(("text", "slug", "first", "last"), BOOKS)
def test_the_fava_pages(
    tmp_path: Path, text: str, slug: str, first: datetime.date, last: datetime.date
) -> None:
    extension = '\n2024-01-01 custom "fava-extension" "kongtun.plugins.fava" "{\'lang\': \'en\'}"\n'
    books = write_ledger(tmp_path, text + extension)
    app = create_app([str(books)])
    app.testing = True
    client = app.test_client()
    for day, shown in boundaries(first, last):
        response = client.get(f"/{slug}/extension/KongTun/?month={day:%Y-%m}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        refusal = (
            f'<p class="kongtun-error">The books have no figures for {wide(day)}: they run '
            f"from {wide(first)} to {wide(last)}.</p>"
        )
        assert (refusal in html) is not shown, day
        assert ('class="kongtun-error"' in html) is not shown, day
        assert (f"Fund report · {wide(day)}" in html) is shown, day
