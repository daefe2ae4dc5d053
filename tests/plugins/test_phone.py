"""Every kongtun page on a phone (390×844) and a desktop (1280×900), measured in headless
Chromium the way a member sees it: the page never scrolls sideways (wide tables scroll in
their own box), no table scrolls sideways on a phone either (the wide ones stack into cards),
controls are at least 44 px tall, text at least 16 px, and Thai is drawn with the Sarabun font
the extension serves, on a browser that has no Thai font of its own.
Screenshots: test-artifacts/phone/<fund>-<view>-<width>.png. A page printed from the browser
(Chromium's print to PDF) says the fund, the member or the view, the month, the print date and
"หน้า 1/3" on every page: test-artifacts/phone/printed-<view>.pdf."""

from __future__ import annotations

import base64
import contextlib
import datetime
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kongtun.ledger.books.fund import month_of
from kongtun.ledger.reports.members import statement_members
from kongtun.ledger.reports.month import Period, read_month
from kongtun.ledger.reports.statements import LoansSection, statement
from kongtun.ledger.years.needs import has_year_end
from kongtun.templates.render import Format
from kongtun.tests.plugins.cdp import Browser
from kongtun.tests.plugins.test_browser import ARTIFACTS, FILES, Demo, poppler, serve_demo

SIZES = ((390, 844), (1280, 900))

#: the tables that stack into cards on a phone, at least, by view: the statement's balances,
#: year and passbook (one per account), the member list, the loans one by one and every
#: member's loan account; the report's members' money, income and expenses, 12 months and
#: rules; the welfare page's accounts and standings; the annual report's dividends, loans and
#: arrears; the auditor's trial balance and its ties (or the control accounts)
STACKED = {
    "statement": 3,
    "members": 1,
    "loans": 2,
    "report": 4,
    "welfare": 2,
    "annual": 3,
    "audit": 2,
}

#: tables that may scroll sideways inside their own box on a phone, with the reason (none:
#: every kongtun table of every view of the demo funds fits 390 px)
SCROLLS: dict[str, str] = {}

#: fontconfig for Chromium: the system's fonts less every font that draws Thai
NO_THAI = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <cachedir>{cache}</cachedir>
  <selectfont><rejectfont><pattern>
    <patelt name="lang"><string>th</string></patelt>
  </pattern></rejectfont></selectfont>
</fontconfig>
"""

#: What the page measures of itself (one round trip per page).
MEASURE = """(() => {
  const width = innerWidth;
  const root = document.querySelector('.kongtun');
  const visible = e => {
    const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const describe = e => e.tagName.toLowerCase() + '.' + e.className + ' "' +
    (e.textContent || e.value || '').trim().slice(0, 30) + '"';
  const outside = [...root.querySelectorAll('*')]
    .filter(e => !e.closest('table') || e.tagName === 'TABLE')
    .filter(e => visible(e) && e.getBoundingClientRect().right > width + 0.5)
    .map(e => describe(e) + ' ' + Math.round(e.getBoundingClientRect().right));
  const controls = [...root.querySelectorAll(
      'input:not([type=hidden]), select, button, ' +
      '.kongtun-nav a, .kongtun-months a, .kongtun-choices a')]
    .filter(visible)
    .filter(e => e.getBoundingClientRect().height < 44)
    .map(e => describe(e) + ' ' + Math.round(e.getBoundingClientRect().height));
  const small = [...root.querySelectorAll('*')]
    .filter(e => visible(e) &&
      [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .filter(e => parseFloat(getComputedStyle(e).fontSize) < 16)
    .map(e => describe(e) + ' ' + getComputedStyle(e).fontSize);
  const thai = /[\u0e00-\u0e7f]/;
  const notSarabun = [...root.querySelectorAll('*')]
    .filter(e => visible(e) &&
      [...e.childNodes].some(n => n.nodeType === 3 && thai.test(n.textContent)))
    .filter(e => !/^"?Sarabun/.test(getComputedStyle(e).fontFamily))
    .map(e => describe(e) + ' ' + getComputedStyle(e).fontFamily);
  const tables = [...root.querySelectorAll('table')].filter(visible);
  const cards = [...root.querySelectorAll('table[data-cards]')].filter(visible);
  return {
    cards: cards.length,
    tablesWide: tables.filter(t => t.scrollWidth > t.clientWidth + 1 ||
        t.getBoundingClientRect().right > width + 0.5)
      .map(t => t.className.split(' ')[0] + ' ' + t.scrollWidth),
    cardsWide: cards.filter(t => t.scrollWidth > t.clientWidth + 1 ||
        t.getBoundingClientRect().right > width + 0.5)
      .map(t => t.className + ' ' + t.scrollWidth),
    cardsWithHeaders: cards.filter(t => t.querySelector('thead') &&
        getComputedStyle(t.querySelector('thead')).display !== 'none').length,
    page: document.documentElement.scrollWidth, width, outside, controls, small,
    tables: tables.length, notSarabun,
    scrolled: tables.filter(t => t.scrollWidth > t.clientWidth + 1).length,
    sarabun: [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Sarabun')
      .map(f => f.status),
    error: (document.querySelector('.kongtun-error') || {}).textContent || '',
  };
})()"""


def views(demo: Demo, name: str) -> list[str]:
    """Every view of the fund, as the extension lists them (the verify page has no table)."""
    books = demo.models[name]
    types = books.fund.member_types
    pages = ["report", "members", "statement"]
    pages += ["loans"] if "loans" in types else []
    pages += ["welfare"] if "contributions" in types else []
    pages += ["annual"] if has_year_end(books.fund) else []
    pages += ["grants"] if books.grants else []
    return [*pages, "audit"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    with serve_demo(tmp_path_factory.mktemp("demo")) as demo:
        yield demo


@contextlib.contextmanager
def no_thai_browser(folder: Path) -> Iterator[Browser]:
    """Chromium with no Thai font: Thai can only come from the pages' Sarabun (its profile
    and font settings in ``folder``)."""
    config = folder / "fonts.conf"
    config.write_text(NO_THAI.format(cache=folder / "cache"), encoding="utf-8")
    chrome = Browser(folder / "profile", env={"FONTCONFIG_FILE": str(config)})
    try:
        yield chrome
    finally:
        chrome.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with no_thai_browser(tmp_path_factory.mktemp("browser")) as chrome:
        yield chrome


def platform_fonts(browser: Browser, selector: str) -> list[str]:
    """The fonts Chromium really drew the first ``selector``'s text with."""
    browser.send("DOM.enable")
    browser.send("CSS.enable")
    root = browser.send("DOM.getDocument")["root"]["nodeId"]
    node = browser.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
    fonts: list[dict[str, Any]] = browser.send("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
    return [font["familyName"] for font in fonts]


@pytest.mark.parametrize("name", FILES)
def test_every_view_fits_a_phone_and_a_desktop(served: Demo, browser: Browser, name: str) -> None:
    fund = name.removesuffix(".beancount")
    for page in views(served, name):
        for width, height in SIZES:
            browser.open(served.url(name, f"?page={page}"), width, height)
            shot = ARTIFACTS / "phone" / f"{fund}-{page}-{width}.png"
            browser.screenshot(shot)
            seen = browser.evaluate(MEASURE)
            where = (fund, page, width)
            assert seen["error"] == "", where
            assert seen["page"] <= width, (where, "the page scrolls sideways")
            assert seen["outside"] == [], (where, "off the right edge")
            assert seen["controls"] == [], (where, "controls under 44 px")
            assert seen["small"] == [], (where, "text under 16 px")
            assert seen["tables"] > 0, where
            wide = [t for t in seen["tablesWide"] if t.split()[0] not in SCROLLS]
            assert width == 1280 or wide == [], (where, "a table scrolls sideways")
            assert seen["notSarabun"] == [], (where, "Thai asked in another font")
            if width == 1280:
                assert seen["cardsWithHeaders"] == seen["cards"], (where, "tables on a desktop")
                continue
            # the wide tables stack into cards: none of them scrolls sideways on a phone
            assert seen["cards"] >= STACKED.get(page, 0), (where, "tables that stack")
            assert seen["cardsWide"] == [], (where, "a stacked table scrolls sideways")
            assert seen["cardsWithHeaders"] == 0, where
            # Thai drawn with the served Sarabun (no Thai font on this browser)
            assert set(seen["sarabun"]) <= {"loaded", "unloaded"}
            assert "loaded" in seen["sarabun"], where
            assert platform_fonts(browser, ".kongtun h2") == ["Sarabun"], where


def paused_member(demo: Demo) -> tuple[str, str]:
    """A member whose loan a moratorium pauses and the moratorium's last month (from the
    model): the month whose report has the moratoria and borrowings tables."""
    name = "savings-group.beancount"
    entries, fund, _ = demo.loaded[name]
    assert fund.last_date is not None
    last = read_month(entries, demo.models[name], month_of(fund.last_date))
    assert last.loans is not None
    month = month_of(min(last.loans.loans.moratoria[0].end, fund.last_date))
    books = read_month(entries, demo.models[name], month)
    paused = [
        member.id
        for member in statement_members(fund, Period(month))
        for section in statement(fund, books, member).sections
        if isinstance(section, LoansSection) and any(loan.moratoria for loan in section.loans)
    ]
    assert paused, "the demo's moratorium pauses some member's loan"
    return paused[0], f"{month:%Y-%m}"


def test_a_moratorium_month_fits_a_phone(served: Demo, browser: Browser) -> None:
    """The month of a moratorium: the report's moratoria table, the loans page and the paused
    member's statement (loan figures and schedule) stack at 390 px, nothing scrolls sideways."""
    member, month = paused_member(served)
    name = "savings-group.beancount"
    queries = {
        "report": f"?page=report&month={month}",
        "loans": f"?page=loans&month={month}",
        "statement": f"?page=statement&month={month}&member={member}",
    }
    for page, query in queries.items():
        browser.open(served.url(name, query), 390, 844)
        browser.screenshot(ARTIFACTS / "phone" / f"moratorium-{page}-390.png")
        seen = browser.evaluate(MEASURE)
        where = (page, month, member)
        assert seen["error"] == "", where
        assert seen["page"] <= 390, where
        assert seen["tablesWide"] == [], (where, "a table scrolls sideways")
        assert seen["outside"] == [], where
    present = browser.evaluate(
        "[...document.querySelectorAll('table.kongtun-schedule[data-cards]')].length"
    )
    assert present > 0, "the paused loan's schedule is on the statement, as cards"
    browser.open(served.url(name, queries["report"]), 390, 844)
    assert browser.evaluate("!!document.querySelector('table.kongtun-moratoria[data-cards] td')")


def printed_pages(browser: Browser, url: str, name: str) -> list[list[str]]:
    """The text lines of each page of ``url`` printed by Chromium (A4, the print stylesheet)."""
    browser.open(url, 1280, 900)
    browser.evaluate("document.fonts.ready.then(() => true)")
    pdf = ARTIFACTS / "phone" / f"printed-{name}.pdf"
    pdf.write_bytes(
        base64.b64decode(browser.send("Page.printToPDF", preferCSSPageSize=True)["data"])
    )
    info = subprocess.run(
        [poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    )
    assert "(A4)" in info.stdout, info.stdout
    count = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    pages = []
    for number in range(1, count + 1):
        text = subprocess.run(
            [poppler("pdftotext"), "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        pages.append([" ".join(line.split()) for line in text.splitlines() if line.strip()])
    return pages


def test_a_page_printed_from_the_browser_has_its_margins(served: Demo, browser: Browser) -> None:
    """A member or the committee prints the statement or the report from Fava: every page
    starts with the fund, the member (statement) and the month, and ends with the print date
    and "หน้า 1/2" (CSS page-margin boxes, as the CLI's PDFs have them), in Sarabun."""
    name = "savings-group.beancount"
    member_id, month = paused_member(served)
    _, fund, _ = served.loaded[name]
    assert fund.info is not None
    f = Format("th")
    shown = f.month(datetime.date.fromisoformat(month + "-01"))
    member = fund.members[member_id]
    printed = f"พิมพ์เมื่อ {f.long_date(datetime.date.today())}"
    heads = {
        "statement": f"{fund.info.name} · {member.name} ({member_id}) · {shown}",
        "report": f"{fund.info.name} · {shown}",
    }
    for page, head in heads.items():
        query = f"?page={page}&month={month}&member={member_id}"
        pages = printed_pages(browser, served.url(name, query), page)
        assert len(pages) >= 2, (page, "a page of more than one sheet")
        for number, lines in enumerate(pages, start=1):
            assert lines[0] == head, (page, number)
            assert lines[-1] == f"{printed} หน้า {number}/{len(pages)}", (page, number)
    fonts = subprocess.run(
        [poppler("pdffonts"), str(ARTIFACTS / "phone" / "printed-report.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Sarabun" in fonts, "Thai (the margins' too) drawn with the served Sarabun"


def test_without_the_page_fonts_thai_would_be_boxes(served: Demo, browser: Browser) -> None:
    """The browser really has no Thai font: text outside kongtun's pages (Fava's own title,
    which asks for Fava's fonts) is not drawn with any font that has Thai letters."""
    browser.open(served.url(FILES[0], ""), 390, 844)
    width = browser.evaluate(
        """(() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '16px "Fira Sans"'; const missing = c.measureText('ค้างชำระ').width;
        c.font = '16px Sarabun'; return [missing, c.measureText('ค้างชำระ').width]; })()"""
    )
    assert width[0] != width[1], "Sarabun's glyphs differ from the fallback's boxes"


@pytest.mark.parametrize("path", ["income_statement/", "journal/"])
def test_favas_own_pages_draw_thai_with_sarabun(served: Demo, browser: Browser, path: str) -> None:
    """Fava's own header and sidebar (the link "กองทุน · Fund", the fund's Thai names in the
    journal) on a browser without a Thai font: the extension's module (KongTun.js) gives
    Fava's fonts Sarabun to fall back on, on every page, not only kongtun's."""
    url = served.url(FILES[0], "").replace("extension/KongTun/", path)
    browser.open(url, 390, 844)
    browser.evaluate(  # Fava loads the module after the page: up to 5 s
        """new Promise(done => { let n = 0; const poll = () => {
          if (document.getElementById('kongtun-fonts') || ++n > 50) {
            document.fonts.ready.then(() => done(!!document.getElementById('kongtun-fonts')));
          } else { setTimeout(poll, 100); } }; poll(); })"""
    )
    browser.evaluate("document.fonts.load('16px Sarabun', 'ก').then(() => true)")
    browser.screenshot(ARTIFACTS / "phone" / f"fava-{path.strip('/')}-390.png")
    link = 'aside a[href*="extension/KongTun"]'
    assert browser.evaluate(f"document.querySelector('{link}').textContent.trim()") == (
        "กองทุน · Fund"
    )
    assert "Sarabun" in platform_fonts(browser, link)


#: what the loans page of a month shows of loans gone wrong, measured on the page: the
#: restructured loan's card, the allowance under the PAR table (the table scrolls in its own
#: box: the allowance's label and amount are on screen, its share may need a swipe), the
#: year's write-offs
TROUBLED = """(loan => {
  const width = innerWidth;
  const fits = e => { if (!e) return false; const r = e.getBoundingClientRect();
    return r.width > 0 && r.left >= 0 && r.right <= width + 0.5; };
  const text = e => e ? e.textContent.replace(/\\s+/g, ' ').trim() : '';
  const card = document.querySelector(`.kongtun-loan-list tr[data-loan="${loan}"]`);
  const mark = card && card.querySelector('.kongtun-restructured');
  const par = document.querySelector('#kongtun-par');
  const cells = [...par.querySelectorAll('.kongtun-allowance td')];
  const written = document.querySelector('.kongtun-written-off');
  const restructured = document.querySelector('p .kongtun-restructured');
  return {
    mark: text(mark), restructured: text(restructured), written: text(written),
    allowance: cells.map(text),
    cardFits: fits(card), markFits: fits(mark), parFits: fits(par),
    allowanceFits: fits(cells[0]) && fits(cells[2]),
    writtenFits: fits(written), restructuredFits: fits(restructured),
  };
})"""


def test_loans_page_shows_loans_gone_wrong_on_a_phone(served: Demo, browser: Browser) -> None:
    """December 2567 on the demo savings group's loans page at 390 px: the restructured loan's
    card says so, the PAR table ends with the allowance for doubtful loans and the year's
    write-off and recovery are shown — each within the phone's width, the page never
    scrolling sideways."""
    name = "savings-group.beancount"
    (loan,) = [one for one in served.models[name].loans.member_loans if one.restructurings]
    browser.open(served.url(name, "?page=loans&month=2024-12"), 390, 844)
    browser.screenshot(ARTIFACTS / "phone" / "savings-group-loans-troubled-390.png")
    seen = browser.evaluate(MEASURE)
    assert (seen["error"], seen["outside"]) == ("", [])
    assert seen["page"] <= 390, "the page scrolls sideways"
    assert seen["cardsWide"] == []
    assert seen["cardsWithHeaders"] == 0
    troubled = browser.evaluate(f"{TROUBLED}({loan.id!r})")
    assert troubled["mark"] == "ปรับโครงสร้างหนี้เมื่อ 15 ต.ค. 2567"
    assert troubled["restructured"] == "เงินกู้ที่ปรับโครงสร้างหนี้: 1 (3,329.77 บาท)"
    # 1,175.00 of 46,131.70 outstanding
    assert troubled["allowance"] == ["ค่าเผื่อหนี้สงสัยจะสูญ", "", "1,175.00", "2.5%"]
    assert troubled["written"] == ("ตัดหนี้สูญในปีนี้: 300.00 บาท · หนี้สูญได้รับคืนในปีนี้: 60.00 บาท")
    assert all(troubled[key] for key in troubled if key.endswith("Fits")), troubled
