"""The report's summary counts equal the rows of the tables they summarise, for every month
of every demo fund (the issue found "4 loans paused" above a table of 5 for 2567-09: a loan
repaid in full was still counted under its moratorium)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from beancount import loader

from kongtun.generators.demo import demo_books
from kongtun.ledger.books.months import book_months
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.reports.sections import LoansReportSection, WelfareReportSection
from kongtun.templates.render import Format, render_fragment

FILES = ("savings-group.beancount", "welfare-fund.beancount", "revolving-fund.beancount")


def count(html: str, name: str) -> int:
    found = re.search(rf'class="kongtun-sum-{name}">([0-9]+)<', html)
    assert found, name
    return int(found.group(1))


def rows(html: str, table: str) -> int:
    found = re.search(rf'<table class="kongtun-{table}"[^>]*>(.*?)</table>', html, re.S)
    if found is None:
        return 0
    body = found.group(1).split("<tbody>")[1].split("</tbody>")[0]
    return body.count("<tr")


@pytest.mark.parametrize("name", FILES)
def test_summary_counts_equal_the_tables(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(demo_books()[name], encoding="utf-8")
    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    books = loaded_books(entries, options)
    fund = books.fund
    months = book_months(fund, datetime.date(2030, 1, 1))
    month = months.first
    checked = 0
    while month <= months.last:
        report = fund_report(fund, read_month(entries, books, month), 0)
        html = render_fragment("report", Format("th"), r=report)
        if any(m.kind == "savings" for m in report.members_money):
            assert count(html, "arrears") == rows(html, "arrears") == len(report.arrears)
        for section in report.sections:
            if isinstance(section, LoansReportSection):
                assert count(html, "overdue") == rows(html, "overdue") == section.in_arrears
                assert count(html, "moratoria") == rows(html, "moratoria")
                paused = sum(row.member_loans for row in section.moratoria)
                assert count(html, "paused") == section.paused == paused, month
            if isinstance(section, WelfareReportSection):
                assert count(html, "behind") == rows(html, "behind") == len(section.behind)
        checked += 1
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    assert checked >= 12
