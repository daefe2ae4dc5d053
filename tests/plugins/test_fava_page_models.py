"""The Fava pages' models are built once per load of the books and forgotten at a reload.

Each page of a month is a frozen value of the load's books: the extension keeps it after its
first request (every later request of that page and month only renders it), and a reload of
the books (a file changed) starts afresh, so a page never shows the books as they were.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from beancount import loader

from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports import fund_report as fund_report_module
from kongtun.ledger.reports.fund_report import fund_report, welfare_paid
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.years import figures as figures_module
from kongtun.plugins import fava as fava_extension
from kongtun.tests.plugins.test_model import (
    REVOLVING,
    ROOT,
    WELFARE,
    Served,
    counting,
    with_extension,
)

#: books with a year end (the assembly's report) and a fiscal year to audit
AUDITED = ROOT / "tests" / "data" / "year-end-2567.beancount"

PAYMENT = """
2024-12-20 * "ฝากสัจจะ"
  Assets:Cash                 777.00 THB
  Liabilities:Savings:{member}  -777.00 THB
"""


def test_a_page_is_built_once_per_load_and_again_after_a_reload(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    reports = counting(monkeypatch, fava_extension, "fund_report")
    lists = counting(monkeypatch, fava_extension, "member_list")
    books = with_extension(REVOLVING, tmp_path)
    served = Served(books)
    first = served.page("?page=report")
    for _ in range(3):
        assert served.page("?page=report") == first
        served.page("?page=members")
    assert (len(reports), len(lists)) == (1, 1)
    served.page("?page=report&month=2024-06")
    assert len(reports) == 2, "another month: its own model"

    member = next(iter(served.extension.fund().members))
    month = served.extension.last_month()
    text = PAYMENT.replace("2024-12-20", (month + datetime.timedelta(days=19)).isoformat())
    books.write_text(books.read_text(encoding="utf-8") + text.format(member=member), "utf-8")
    served.ledger.load_file()  # what Fava does when a file of the books changes
    assert served.extension._models == {}
    again = served.page("?page=report")
    assert len(reports) == 3, "a reload forgets the pages of the last load"
    assert again != first
    assert "777.00" in served.page(f"?page=statement&member={member}")


def test_the_welfare_page_shows_the_reports_benefits_without_the_report() -> None:
    """The welfare page's benefits paid are the fund report's, for every month of the books,
    and the page no longer builds the whole report."""
    entries, errors, options = loader.load_file(str(WELFARE))
    assert errors == []
    model = loaded_books(entries, options)
    fund = model.fund
    seen = 0
    for month in range(1, 13):
        books = read_month(entries, model, datetime.date(2023, month, 1))
        paid = welfare_paid(fund, books)
        assert paid == fund_report(fund, books, 0).welfare_paid
        seen += len(paid)
    assert seen > 0


def test_the_welfare_page_builds_no_fund_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    reports = counting(monkeypatch, fava_extension, "fund_report")
    report_sections = counting(monkeypatch, fund_report_module, "fund_report")
    served = Served(with_extension(WELFARE, tmp_path))
    html = served.page("?page=welfare&month=2023-11")
    assert "สวัสดิการที่จ่ายแยกตามประเภท" in html
    assert (reports, report_sections) == ([], [])


def test_the_assembly_report_and_the_workpaper_are_kept_for_the_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 14: the assembly's report and the auditor's workpaper were built again on every
    request (each reads the whole year's entries). They are kept like the other pages: per
    year (and sample), forgotten at a reload; a sample drawn at random is drawn anew."""
    annuals = counting(monkeypatch, fava_extension, "annual_report")
    papers = counting(monkeypatch, fava_extension, "workpaper")
    books = with_extension(AUDITED, tmp_path)
    served = Served(books)
    first = served.page("?page=annual&year=2567")
    assert served.page("?page=annual&year=2567") == first
    served.page("?page=annual&year=2024")  # the same year typed in the Common Era
    assert len(annuals) == 1
    paper = served.page("?page=audit&year=2567")
    assert served.page("?page=audit&year=2567") == paper
    served.page("?page=audit&year=2567&sample=3&seed=42")
    served.page("?page=audit&year=2567&sample=3&seed=42")
    assert len(papers) == 2, "one workpaper a year and sample"
    served.page("?page=audit&year=2567&sample=3")
    served.page("?page=audit&year=2567&sample=3")
    assert len(papers) == 4, "a sample drawn at random: each request its own"
    served.ledger.load_file()
    served.page("?page=annual&year=2567")
    served.page("?page=audit&year=2567")
    assert (len(annuals), len(papers)) == (2, 5), "a reload forgets them"


def test_the_year_pages_share_one_walk_a_load(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 14, round 7: the assembly's report, the workpaper and the statement of the
    year's last month read the year data and the year's balances of one store per load
    (``YearFigures``): nothing at the load, one walk on the first page that asks, none on the
    others; a year outside the books' fiscal years (a span of its own) one walk more; a
    reload starts afresh."""
    both = counting(monkeypatch, figures_module, "read_year_figures")
    alone = counting(monkeypatch, figures_module, "read_year_data")
    spans = counting(monkeypatch, figures_module, "balances_at")
    served = Served(with_extension(AUDITED, tmp_path))
    member = next(iter(served.extension.fund().members))
    assert (both, alone, spans) == ([], [], []), "nothing read at the load"
    served.page("?page=annual&year=2567")
    assert (len(both), len(alone), len(spans)) == (1, 0, 0)
    served.page("?page=audit&year=2567")
    served.page(f"?page=statement&month=2567-12&member={member}")
    assert (len(both), len(alone), len(spans)) == (1, 0, 0), "the same figures"
    served.page("?page=audit&year=2566")  # before the books: a span of its own
    served.page("?page=audit&year=2566&sample=2&seed=1")
    assert (len(both), len(alone), len(spans)) == (1, 0, 1)
    served.ledger.load_file()
    served.page(f"?page=statement&month=2567-12&member={member}")
    assert (len(both), len(alone), len(spans)) == (1, 1, 1), "a statement: the year data alone"
    served.page("?page=audit&year=2567")
    served.page("?page=annual&year=2567")
    assert (len(both), len(alone), len(spans)) == (1, 1, 2), "then every year's balances, once"
