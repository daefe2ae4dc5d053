"""The auditor's workpaper in Fava (``?page=audit``) through Fava's real app, and printed by
headless Chromium: one page per member's confirmation."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from fava.application import create_app

from kongtun.cli.main import main
from kongtun.tests.plugins.cdp import Browser
from kongtun.tests.plugins.test_browser import ARTIFACTS, free_port
from kongtun.tests.plugins.test_phone import MEASURE

ROOT = Path(__file__).resolve().parent.parent.parent
LEDGER = ROOT / "tests" / "data" / "audit-2567.beancount"
PAGE = "/ban-nong-bua-savings-group/extension/KongTun/"
PLANTED = [
    "control-differs",
    "cash-count-missing",
    "bank-recorded-twice",
    "bank-books-only",
    "bank-statement-only",
    "suspense-held",
    "loan-to-committee",
    "loan-unapproved",
    "paid-to-committee",
    "expense-round-sum",
    "expense-large",
    "number-gap",
    "number-duplicate",
]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / LEDGER.name
    path.write_text(
        LEDGER.read_text(encoding="utf-8")
        + '\n2024-01-01 custom "fava-extension" "kongtun.plugins.fava"\n',
        encoding="utf-8",
    )
    return path


def get(path: Path, query: str) -> str:
    app = create_app([str(path)])
    app.testing = True
    response = app.test_client().get(PAGE + query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Traceback" not in html
    return html


def test_the_page_shows_the_same_sections_and_findings(books: Path) -> None:
    html = get(books, "?page=audit&year=2567&sample=5&seed=42")
    assert "กระดาษทำการของผู้ตรวจสอบบัญชี · ปีบัญชี 2567" in html
    assert re.findall(r'data-finding="([^"]+)"', html) == PLANTED
    for title in ("งบทดลอง", "บัญชีรายตัวสมาชิกเทียบกับบัญชีคุม", "ใบสอบทานยอด", "การปิดงวด"):
        assert title in html
    assert "5 จาก 21 รายการของปี สุ่มด้วย seed 42" in html
    assert html.count('class="kongtun-confirmation"') == 3
    assert 'href="?page=audit&amp;month=' in html  # in the navigation


def test_the_year_in_either_era_and_the_default(books: Path) -> None:
    def body(html: str) -> str:
        return html[html.index('<section class="kongtun-report kongtun-audit">') :]

    thai = body(get(books, "?page=audit&year=2567"))
    assert thai == body(get(books, "?page=audit&year=2024"))
    assert thai == body(get(books, "?page=audit&month=2567-12"))


def test_a_sample_without_a_seed_shows_the_seed(books: Path) -> None:
    html = get(books, "?page=audit&year=2567&sample=3")
    seed = re.search(r"สุ่มด้วย seed (\d+)", html)
    assert seed is not None
    again = get(books, f"?page=audit&year=2567&sample=3&seed={seed.group(1)}")
    table = re.compile(r'<table class="kongtun-sample">.*?</table>', re.S)
    assert table.findall(html) == table.findall(again)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=25x7", "25x7 ไม่ใช่ปี: เขียนเป็น 2567 (พ.ศ.) หรือ 2024"),
        ("year=1066", "1066 ไม่ใช่ปี: เขียนเป็น 2567 (พ.ศ.) หรือ 2024"),
        ("sample=many", "many ไม่ใช่จำนวนรายการ: เขียนเป็นจำนวนเต็ม เช่น 25"),
        ("sample=3&seed=x", "x ไม่ใช่ค่าเริ่มสุ่ม: เขียนเป็นจำนวนเต็ม เช่น 2567"),
    ],
)
def test_bad_input_is_answered_on_the_page(books: Path, query: str, message: str) -> None:
    html = get(books, "?page=audit&" + query)
    assert f'<p class="kongtun-error">{message}</p>' in html


def pdf_pages(browser: Browser, url: str) -> int:
    browser.open(url, 800, 1000)
    pdf = base64.b64decode(browser.send("Page.printToPDF", preferCSSPageSize=True)["data"])
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_chromium_prints_one_page_per_members_confirmation(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", str(LEDGER), "--year", "2567", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    html = (out / "audit-2567.html").read_text(encoding="utf-8")
    rest = out / "rest.html"
    rest.write_text(
        re.sub(r'<section class="kongtun-confirmation".*?</section>', "", html, flags=re.S),
        encoding="utf-8",
    )
    browser = Browser(tmp_path / "profile")
    try:
        whole = pdf_pages(browser, (out / "audit-2567.html").as_uri())
        without = pdf_pages(browser, rest.as_uri())
    finally:
        browser.close()
    assert without > 0
    assert whole == without + 3


def test_the_page_fits_a_phone_and_a_desktop(books: Path, tmp_path: Path) -> None:
    port = free_port()
    fava = Path(sys.executable).parent / "fava"
    server = subprocess.Popen(
        [str(fava), "--host", "127.0.0.1", "--port", str(port), str(books)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    browser = Browser(tmp_path / "profile")
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for width, height in ((390, 844), (1280, 900)):
            browser.open(base + PAGE + "?page=audit&year=2567&sample=5&seed=42", width, height)
            browser.screenshot(ARTIFACTS / "phone" / f"audit-{width}.png")
            seen = browser.evaluate(MEASURE)
            assert seen["error"] == "", width
            assert seen["page"] <= width, (width, "the page scrolls sideways")
            assert seen["outside"] == [], (width, "off the right edge")
            assert seen["controls"] == [], (width, "controls under 44 px")
            assert seen["small"] == [], (width, "text under 16 px")
    finally:
        browser.close()
        server.terminate()
        server.wait(timeout=10)
