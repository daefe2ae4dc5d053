"""Snapshots of a statement and a fund report, in Thai and English, from a small ledger.

The expected pages are in tests/snapshots/. When a change to a page is intended, rewrite them
with ``KONGTUN_UPDATE_SNAPSHOTS=1 make test`` and review the diff; a missing snapshot fails
(it is never written silently).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from beancount import loader

from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.i18n import Lang
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.reports.statements import statement
from kongtun.templates.render import Format, render_fragment

TESTS = Path(__file__).resolve().parent.parent
SMALL = TESTS / "data" / "small-fund.beancount"
SNAPSHOTS = TESTS / "snapshots"
UPDATE = os.environ.get("KONGTUN_UPDATE_SNAPSHOTS") == "1"


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}: run with KONGTUN_UPDATE_SNAPSHOTS=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (see the module docstring)"


def pages(lang: Lang, public: bool = False) -> tuple[str, str]:
    entries, errors, options = loader.load_file(str(SMALL))
    assert errors == []
    model = loaded_books(entries, options)
    fund = model.fund
    books = read_month(entries, model, datetime.date(2024, 2, 1))
    fmt = Format(lang, fund.currency, public=public)
    s = render_fragment("statement", fmt, s=statement(fund, books, fund.members["M0001"]))
    r = render_fragment("report", fmt, r=fund_report(fund, books, 0))
    return s, r


@pytest.mark.parametrize("lang", ["th", "en"])
def test_statement_and_report_snapshots(lang: Lang) -> None:
    s, r = pages(lang)
    check_snapshot(f"statement-M0001-2024-02.{lang}.html", s)
    check_snapshot(f"report-2024-02.{lang}.html", r)


def test_the_thai_statement_reads_thai() -> None:
    s, r = pages("th")
    assert "รายงานบัญชีสมาชิก · กุมภาพันธ์ 2567" in s
    assert "นายสมชาย ใจดี (M0001)" in s
    assert "220.75 บาท" in s
    assert "(สองร้อยยี่สิบบาทเจ็ดสิบห้าสตางค์)" in s
    assert "5 ก.พ. 2567" in s
    assert "ณ วันที่ 29 กุมภาพันธ์ 2567" in r
    assert "Savings" not in s
    assert "Month" not in r


def test_the_public_report_names_no_member() -> None:
    _, r = pages("th", public=True)
    _, named = pages("th")
    entries, _, options = loader.load_file(str(SMALL))
    fund, _ = read_fund(entries, options)
    assert "นางบัวผัน ศรีสุข" in named, "the committee's report names members"
    for member in fund.members.values():
        assert member.name not in r
    assert "M0002" in r  # in arrears: by id
    assert "M0004" not in r  # joined or left: counted, never listed (no reason beside an id)
