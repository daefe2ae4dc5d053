"""The grants page and the fund report's grants section on a phone (390×844) and a desktop
(1280×900), measured in headless Chromium as tests/plugins/test_phone.py measures the other
views: the page never scrolls sideways, text is at least 16 px, controls at least 44 px, Thai
is drawn with the served Sarabun, and on a phone every grant table stacks into cards (each
cell labelled by its data-label). The books: the grant computed by hand in
tests/plugins/test_grants.py (tranches, a community share, three lines with vouchers, a
transfer, a conversion). Screenshots: test-artifacts/phone/grants-<view>-<width>.png."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kongtun.tests.plugins.cdp import Browser
from kongtun.tests.plugins.test_browser import ARTIFACTS, free_port
from kongtun.tests.plugins.test_grants_fava import books
from kongtun.tests.plugins.test_phone import MEASURE, SIZES, no_thai_browser

#: the views, and the grant tables each must stack into cards on a phone (at least)
VIEWS = {
    # tranches, share, the lines, the vouchers of each of the three lines, the conversions
    "grants": ("?page=grants", 7),
    # the fund report of September 2024: the grants in progress
    "report": ("?month=2024-09", 1),
}

#: every cell of a stacked grant table has a label, or is the card's title
UNLABELLED = """[...document.querySelectorAll(
  '.kongtun-grant table, table.kongtun-grants')]
  .flatMap(t => [...t.querySelectorAll('tbody td, tfoot td')])
  .filter(td => !td.dataset.label && !td.classList.contains('kongtun-card-title'))
  .map(td => td.textContent.trim()).slice(0, 5)"""

#: the grant tables that are not cards
PLAIN = """[...document.querySelectorAll('.kongtun-grant table, table.kongtun-grants')]
  .filter(t => !t.hasAttribute('data-cards')).map(t => t.className)"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The grant books served by Fava on a free port: the extension's base address."""
    path = books(tmp_path_factory.mktemp("grants"))
    port = free_port()
    fava = Path(sys.executable).parent / "fava"
    server = subprocess.Popen(
        [str(fava), "--host", "127.0.0.1", "--port", str(port), str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield f"{base}/grants/extension/KongTun/"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with no_thai_browser(tmp_path_factory.mktemp("browser")) as chrome:
        yield chrome


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_the_grant_views_fit_a_phone_and_a_desktop(
    served: str, browser: Browser, view: str
) -> None:
    query, stacked = VIEWS[view]
    for width, height in SIZES:
        browser.open(served + query, width, height)
        browser.screenshot(ARTIFACTS / "phone" / f"grants-{view}-{width}.png")
        seen = browser.evaluate(MEASURE)
        where = (view, width)
        assert seen["error"] == "", where
        assert seen["page"] <= width, (where, "the page scrolls sideways")
        assert seen["outside"] == [], (where, "off the right edge")
        assert seen["controls"] == [], (where, "controls under 44 px")
        assert seen["small"] == [], (where, "text under 16 px")
        assert seen["notSarabun"] == [], (where, "Thai asked in another font")
        assert browser.evaluate(PLAIN) == [], (where, "grant tables that do not stack")
        assert browser.evaluate(UNLABELLED) == [], (where, "cells without a label")
        if width == 1280:
            assert seen["cardsWithHeaders"] == seen["cards"], (where, "tables on a desktop")
            continue
        assert seen["cards"] >= stacked, (where, "tables that stack")
        assert seen["cardsWide"] == [], (where, "a stacked table scrolls sideways")
        assert seen["cardsWithHeaders"] == 0, where
        assert "loaded" in seen["sarabun"], where
