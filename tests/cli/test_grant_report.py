"""``kongtun grant-report``: the report back to a grant's giver (golden pages in Thai and
English, the files written, the failures) — docs/grants.md."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.ledger.i18n import Lang
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.grants import grant_report, grants_in_progress
from kongtun.templates.render import Format, render_fragment
from kongtun.tests.conftest import load_text
from kongtun.tests.plugins.test_grants import HAND, HEAD

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"
UPDATE = os.environ.get("KONGTUN_UPDATE_SNAPSHOTS") == "1"


def books_file(folder: Path) -> Path:
    path = folder / "grant.beancount"
    path.write_text(HEAD + HAND, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_report_back_matches_its_golden_page(tmp_path: Path, lang: Lang) -> None:
    """Rewritten only with KONGTUN_UPDATE_SNAPSHOTS=1 (tests/templates/test_snapshots.py)."""
    entries, _, options = load_text(tmp_path, HEAD + HAND)
    report = grant_report(loaded_books(entries, options), "G1")
    assert report is not None
    page = render_fragment("grant", Format(lang), g=report)
    path = SNAPSHOTS / f"grant-G1.{lang}.html"
    if UPDATE:
        path.write_text(page, encoding="utf-8")
    assert path.exists(), f"no golden page {path}: run with KONGTUN_UPDATE_SNAPSHOTS=1"
    assert page == path.read_text(encoding="utf-8")


def test_the_report_back_reads_thai_with_buddhist_era_dates_and_words(tmp_path: Path) -> None:
    entries, _, options = load_text(tmp_path, HEAD + HAND)
    books = loaded_books(entries, options)
    report = grant_report(books, "G1")
    assert report is not None
    page = render_fragment("grant", Format("th"), g=report)
    assert "รายงานการใช้จ่ายเงินทุนโครงการ · G1" in page
    assert "1 เมษายน 2567 – 30 กันยายน 2567" in page
    assert "100,000.00 บาท (หนึ่งแสนบาทถ้วน)" in page  # the amount, and received in all
    assert "(หนึ่งแสนสองพันบาทถ้วน)" in page  # used in all: 102,000
    assert "10 เม.ย. 2567" in page  # the first tranche's voucher
    assert "มติที่ประชุมใหญ่ 2/2567" in page  # the conversion's resolution
    assert '<span class="kongtun-grant-households">20</span>' in page
    assert [(row.name, row.budget, row.used) for row in report.lines] == [
        ("materials", Decimal(55000), Decimal(57000)),
        ("training", Decimal(15000), Decimal(15000)),
        ("revolving seed", Decimal(30000), Decimal(30000)),
    ]
    assert report.second_life is not None
    assert (report.second_life.converted, report.second_life.loans) == (Decimal(38000), 0)
    assert [p.rule for p in report.problems] == ["grant-over-budget"]
    # the period is over and nothing is left: no longer in progress
    assert grants_in_progress(books.grants, report.grant.end) != ()
    assert grants_in_progress(books.grants, books.fund.last_date or report.grant.end) == ()


def test_grant_report_writes_the_file_and_leaves_the_books_alone(tmp_path: Path) -> None:
    ledger = books_file(tmp_path)
    before = ledger.read_bytes()
    out = tmp_path / "back.html"
    runner = CliRunner()
    result = runner.invoke(
        main, ["grant-report", str(ledger), "--grant", "G1", "--out", str(out), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert "warning: grant G1 has 1 problem; the report lists it first." in result.output
    html = out.read_text(encoding="utf-8")
    assert "grant-over-budget: grant G1: line" in html  # the problems first
    assert "Report on the use of a grant · G1" in html
    assert ledger.read_bytes() == before


def test_grant_report_of_an_unknown_grant_fails_clearly(tmp_path: Path) -> None:
    ledger = books_file(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["grant-report", str(ledger), "--grant", "G9", "--lang", "en"])
    assert result.exit_code == 2
    assert result.output == (
        f"kongtun: {ledger} has no grant G9; its grants are: G1. Check --grant.\n"
    )
    thai = runner.invoke(main, ["grant-report", str(ledger), "--grant", "G9"])
    assert thai.output == (f"kongtun: {ledger} ไม่มีทุนโครงการ G9 ทุนในบัญชีนี้คือ G1 ให้ตรวจ --grant\n")
    missing = runner.invoke(main, ["grant-report", str(tmp_path / "no.beancount"), "--grant", "G1"])
    assert missing.exit_code == 2
    assert list(tmp_path.iterdir()) == [ledger]


def test_grant_report_writes_a_pdf(tmp_path: Path) -> None:
    ledger = books_file(tmp_path)
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        result = CliRunner().invoke(main, ["grant-report", str(ledger), "--grant", "G1", "--pdf"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "grant-G1.pdf").read_bytes().startswith(b"%PDF")
