"""The roll-up's lenders: what each area owes each lender, the lender's PAR and its moratoria
in force — from the figures the roll-up already holds — on the demo network (20 funds, two
of them revolving funds that borrow from CODI, and CODI's books), in the month of CODI's
flood moratorium; the page in Thai and English, and on a phone (390 px) in headless Chromium:
no roll-up table scrolls sideways (the lender's tables and the areas' stack into cards)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.generators.network import network_books
from kongtun.ledger.network.lenders import lenders
from kongtun.ledger.network.rollup import RollUp, roll_up
from kongtun.ledger.network.summary import FundSummary
from kongtun.tests.network.test_summary import summarise
from kongtun.tests.plugins.cdp import Browser
from kongtun.tests.plugins.test_browser import ARTIFACTS
from kongtun.tests.plugins.test_phone import MEASURE, no_thai_browser

OCTOBER = datetime.date(2024, 10, 1)


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo network of 20 funds (seed 2567) and their lender's books."""
    root = tmp_path_factory.mktemp("network")
    for name, text in network_books(20).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def summaries(network: Path) -> list[FundSummary]:
    """Every book's summary of October 2567: CODI's flood moratorium (September to November)
    in force."""
    return [summarise(path, OCTOBER) for path in sorted(network.rglob("*.beancount"))]


@pytest.fixture(scope="module")
def october(summaries: list[FundSummary]) -> RollUp:
    return roll_up(OCTOBER, "district", summaries)


def test_each_lender_from_the_rollups_own_figures(october: RollUp) -> None:
    [codi] = lenders(october)
    total = october.total.figures
    assert (codi.code, codi.books) == ("CODI", 1)
    assert codi.lent["outstanding"] == total["lent.CODI.outstanding"] > 0
    assert codi.par(30) == total["lent.CODI.at-risk.30"] / total["lent.CODI.outstanding"]
    # the areas owe what their funds' books say, and add up to the lender's books
    assert [area.area for area in codi.areas] == [
        area.area for area in october.areas if "borrowed.CODI" in area.figures
    ]
    assert sum(area.funds for area in codi.areas) == 2
    assert codi.owed == total["borrowed.CODI"] == total["lent.CODI.outstanding"]
    # by province: the lender's books beside the borrowers'; every loan paused in October
    for province in codi.provinces:
        assert province.lender == province.borrowers
    assert sum(p.paused for p in codi.provinces) == total["lent.CODI.paused"] == 2
    assert total["lent.CODI.moratoria"] == 1


def test_a_lender_whose_books_are_not_in_the_rollup(
    summaries: list[FundSummary], october: RollUp
) -> None:
    """Only the borrowers name it: what they owe, no PAR; its provinces are the borrowers'."""
    alone = roll_up(OCTOBER, "district", [s for s in summaries if s.kind != "lender"])
    [codi] = lenders(alone)
    assert codi.books == 0
    assert codi.par(30) is None
    assert codi.owed == october.total.figures["borrowed.CODI"]
    assert {p.lender for p in codi.provinces} == {Decimal(0)}
    assert {p.borrowers for p in codi.provinces} != {None}


@pytest.fixture(scope="module")
def pages(network: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The roll-up of October 2567 by district, in Thai and in English."""
    found = {}
    for lang in ("th", "en"):
        out = tmp_path_factory.mktemp(f"out-{lang}")
        args = ["rollup", str(network), "--month", "2567-10", "--by", "district"]
        result = CliRunner().invoke(
            main, [*args, "--out", str(out), "--workers", "1", "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        found[lang] = out / "rollup-2024-10-district.html"
    return found


def test_the_lender_section_in_thai_and_english(pages: dict[str, Path]) -> None:
    thai = pages["th"].read_text(encoding="utf-8")
    for words in (
        "แหล่งทุน CODI · บัญชีของแหล่งทุนในการสรุปรวม 1",
        "ยอดที่แต่ละพื้นที่ค้างชำระแหล่งทุน",
        "หนี้ค้างชำระแหล่งทุนตามจังหวัดขององค์กร",
        "ตามบัญชีของแหล่งทุน",
        "ตามบัญชีของกองทุน",
        "การพักชำระหนี้ที่มีผลอยู่",
    ):
        assert words in thai, words
    english = pages["en"].read_text(encoding="utf-8")
    for words in (
        "Lender CODI · its books in the roll-up 1",
        "What each area owes the lender",
        "Owed to the lender by the organisations&#39; province",
        "By the lender&#39;s books",
        "Loans paused by a moratorium",
        "Moratoria in force",
    ):
        assert words in english, words


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with no_thai_browser(tmp_path_factory.mktemp("browser")) as chrome:
        yield chrome


#: the lender's tables that are not cards on a phone
PLAIN = """[...document.querySelectorAll('.kongtun-rollup-lender table')]
  .filter(t => !t.hasAttribute('data-cards')).map(t => t.className)"""
#: what of the lender's section sticks out of the phone's width
WIDE = """[...document.querySelectorAll('.kongtun-rollup-lender, .kongtun-rollup-lender *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_lender_section_fits_a_phone(
    pages: dict[str, Path], browser: Browser, lang: str
) -> None:
    for width, height in ((390, 844), (1280, 900)):
        browser.open(pages[lang].as_uri(), width, height)
        browser.screenshot(ARTIFACTS / "phone" / f"rollup-lenders-{lang}-{width}.png")
        seen = browser.evaluate(MEASURE)
        where = (lang, width)
        assert seen["error"] == "", where
        assert browser.evaluate(WIDE) == [], (where, "the lender's section sticks out")
        assert browser.evaluate(PLAIN) == [], (where, "lender tables that do not stack")
        assert seen["page"] <= width, (where, "the page scrolls sideways")
        assert seen["tablesWide"] == [], (where, "a roll-up table scrolls sideways")
