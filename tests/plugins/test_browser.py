"""What a person sees: Fava serves the demo books on 127.0.0.1, headless Chromium renders each
of kongtun's views, and the DOM shows what a member or the committee would read. Screenshots
are saved in test-artifacts/ (fund-report.png, member-list.png, statement.png,
statement-loan.png, report-loans.png, loans.png, welfare.png, annual-report.png). Expected
figures come from the model, not from the demo's current content."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from beancount import loader
from fava.util import slugify

from kongtun.generators.demo import demo_books
from kongtun.ledger.books.fund import Fund, month_of
from kongtun.ledger.model import Books, loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.members import statement_members
from kongtun.ledger.reports.month import Period, read_month
from kongtun.ledger.reports.sections import LoansReportSection
from kongtun.ledger.reports.statements import LoansSection, statement
from kongtun.ledger.thai import money, wide_month
from kongtun.ledger.years.annual_report import annual_report
from kongtun.templates.render import Format

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1600",
    "--virtual-time-budget=10000",
]
FILES = ("savings-group.beancount", "welfare-fund.beancount", "revolving-fund.beancount")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("the browser tests need Chromium: apt-get install chromium (.ci/run does)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Demo:
    """The demo books served by Fava, and the model of each (to compute what to expect)."""

    def __init__(self, folder: Path, base: str) -> None:
        self.folder = folder
        self.base = base
        self.loaded: dict[str, tuple[list[Any], Fund, str]] = {}
        self.models: dict[str, Books] = {}
        for name in FILES:
            entries, errors, options = loader.load_file(str(folder / name))
            assert errors == [], name
            self.models[name] = loaded_books(entries, options)
            self.loaded[name] = (entries, self.models[name].fund, options["title"])

    def url(self, name: str, query: str) -> str:
        return f"{self.base}/{slugify(self.loaded[name][2])}/extension/KongTun/{query}"


@contextmanager
def serve_demo(folder: Path) -> Iterator[Demo]:
    """The demo books written to ``folder`` and served by Fava on a free port."""
    books = demo_books()
    for name in FILES:
        (folder / name).write_text(books[name], encoding="utf-8")
    port = free_port()
    fava = Path(sys.executable).parent / "fava"
    server = subprocess.Popen(
        [str(fava), "--host", "127.0.0.1", "--port", str(port), *(str(folder / n) for n in FILES)],
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
        yield Demo(folder, base)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    with serve_demo(tmp_path_factory.mktemp("demo")) as served:
        yield served


def browse(url: str, shot: str, profile: Path) -> str:
    """The page's DOM after Chromium ran its scripts; a screenshot in test-artifacts/."""
    browser = chromium()
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / shot
    subprocess.run(
        [browser, *flags, f"--screenshot={path}", url], capture_output=True, timeout=120, check=True
    )
    assert path.stat().st_size > 20_000, "a page with content, not a blank one"
    assert "Traceback" not in dom
    assert "Internal Server Error" not in dom
    assert 'class="kongtun-error"' not in dom, "no error banner"
    return dom


def test_fund_report_and_member_list(demo: Demo, tmp_path: Path) -> None:
    _entries, fund, _ = demo.loaded["savings-group.beancount"]
    assert fund.info is not None
    assert fund.last_date is not None
    dom = browse(demo.url("savings-group.beancount", ""), "fund-report.png", tmp_path / "p")
    assert fund.info.name in dom
    assert f"รายงานกองทุน · {wide_month(fund.last_date, 'th')}" in dom
    assert 'class="kongtun-chart"' in dom
    assert "บัญชีไม่มีข้อผิดพลาด" in dom
    dom = browse(
        demo.url("savings-group.beancount", "?page=members"), "member-list.png", tmp_path / "p"
    )
    member = fund.members["M0001"]
    shown = f"{fund.last_date.year + 543}-{fund.last_date.month:02d}"
    link = f"?page=statement&amp;month={shown}&amp;member=M0001"
    person = f'<a class="kongtun-person" href="{link}">M0001</a>'
    assert f'<td data-label="เลขที่สมาชิก">{person}</td>' in dom
    assert f'<a class="kongtun-person" href="{link}">{member.name}</a>' in dom


def test_member_statement(demo: Demo, tmp_path: Path) -> None:
    entries, fund, _ = demo.loaded["savings-group.beancount"]
    assert fund.last_date is not None
    month = month_of(fund.last_date)
    member = statement_members(fund, Period(month))[0]
    expected = statement(
        fund, read_month(entries, demo.models["savings-group.beancount"], month), member
    )
    query = f"?page=statement&member={member.id}&month={month:%Y-%m}"
    dom = browse(demo.url("savings-group.beancount", query), "statement.png", tmp_path / "p")
    assert f"{member.name} ({member.id})" in dom
    closing = money(expected.closing("savings"), "THB", "th")
    assert f'<td class="num kongtun-closing" data-label="ยอดสิ้นเดือน">{closing}</td>' in dom


def test_a_paused_loan_on_the_statement(demo: Demo, tmp_path: Path) -> None:
    """A member whose loan a moratorium pauses, in the moratorium's last month (both from
    the model): the statement shows the loan's outstanding and "paused by" the moratorium."""
    entries, fund, _ = demo.loaded["savings-group.beancount"]
    assert fund.last_date is not None
    last = read_month(entries, demo.models["savings-group.beancount"], month_of(fund.last_date))
    assert last.loans is not None
    moratorium = last.loans.loans.moratoria[0]
    month = month_of(min(moratorium.end, fund.last_date))
    books = read_month(entries, demo.models["savings-group.beancount"], month)
    found = [
        (member, loan)
        for member in statement_members(fund, Period(month))
        for section in statement(fund, books, member).sections
        if isinstance(section, LoansSection)
        for loan in section.loans
        if loan.moratoria
    ]
    assert found, "the demo's moratorium pauses some member's loan"
    member, loan = found[0]
    query = f"?page=statement&member={member.id}&month={month:%Y-%m}"
    dom = browse(demo.url("savings-group.beancount", query), "statement-loan.png", tmp_path / "p")
    assert f'data-loan="{loan.id}"' in dom
    outstanding = money(loan.outstanding, "THB", "th")
    assert f'<td class="num kongtun-loan-outstanding">{outstanding}</td>' in dom
    assert f"<strong>พักชำระหนี้ตาม {moratorium.title}</strong>" in dom


def test_par_on_the_report(demo: Demo, tmp_path: Path) -> None:
    entries, fund, _ = demo.loaded["revolving-fund.beancount"]
    assert fund.last_date is not None
    model = demo.models["revolving-fund.beancount"]
    report = fund_report(fund, read_month(entries, model, month_of(fund.last_date)), 0)
    (loans,) = [s for s in report.sections if isinstance(s, LoansReportSection)]
    dom = browse(demo.url("revolving-fund.beancount", ""), "report-loans.png", tmp_path / "p")
    assert "เงินให้กู้แก่สมาชิกและหนี้เสี่ยง" in dom
    outstanding = money(loans.portfolio.outstanding, "THB", "th")
    assert f'<span class="kongtun-loans-outstanding">{outstanding}</span>' in dom
    for row in loans.par:
        share = Format("th").percent(row.share)
        assert f'<tr data-par="{row.days}">' in dom
        assert f'<td class="num kongtun-par-share" data-label="ร้อยละของเงินให้กู้">{share}</td>' in dom
    owed = money(loans.borrowed, "THB", "th")
    assert f'กองทุนเป็นหนี้</td><td class="num" data-label="ยอดหนี้คงเหลือ">{owed}</td>' in dom


def test_loans_and_welfare(demo: Demo, tmp_path: Path) -> None:
    _, fund, _ = demo.loaded["savings-group.beancount"]
    assert fund.last_date is not None
    dom = browse(demo.url("savings-group.beancount", "?page=loans"), "loans.png", tmp_path / "p")
    assert f"เงินให้กู้แก่สมาชิก · {wide_month(fund.last_date, 'th')}" in dom
    assert "เงินกู้รายสัญญา" in dom
    assert "PAR 30 (ค้างชำระเกิน 30 วัน)" in dom
    _, welfare, _ = demo.loaded["welfare-fund.beancount"]
    assert welfare.info is not None
    assert welfare.last_date is not None
    dom = browse(demo.url("welfare-fund.beancount", "?page=welfare"), "welfare.png", tmp_path / "p")
    assert welfare.info.name in dom
    assert f"สวัสดิการ · {wide_month(welfare.last_date, 'th')}" in dom
    assert "เงินสมทบของสมาชิก" in dom
    assert "สวัสดิการที่จ่ายแยกตามประเภท" in dom
    assert "สถานะการส่งเงินสมทบของสมาชิกทุกคน" in dom


def test_views_print_on_a4_without_navigation(demo: Demo, tmp_path: Path) -> None:
    """Chromium's print of a view (print stylesheet): A4, the figures, no Fava menus."""
    _, fund, _ = demo.loaded["savings-group.beancount"]
    assert fund.info is not None
    for query, name in (("", "fund-report"), ("?page=statement", "statement")):
        pdf = ARTIFACTS / f"{name}-printed.pdf"
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(
            [
                chromium(),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp_path / 'p'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                demo.url("savings-group.beancount", query),
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )
        info = subprocess.run(
            [poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        assert "(A4)" in info, info
        text = subprocess.run(
            [poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert fund.info.name in text
        for menu in ("Balance Sheet", "Income Statement", "Journal", "แสดง"):
            assert menu not in text, (name, menu)


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"the print test needs {tool}: apt-get install poppler-utils (.ci/run does)")
    return found


def test_the_annual_report_of_the_demo(demo: Demo, tmp_path: Path) -> None:
    """The demo savings group's year end 2567, as the assembly reads it in Fava."""
    entries, _, _ = demo.loaded["savings-group.beancount"]
    report = annual_report(demo.models["savings-group.beancount"], entries, 2567)
    assert report.recorded
    url = demo.url("savings-group.beancount", "?page=annual&month=2567-12")
    dom = browse(url, "annual-report.png", tmp_path / "p")
    assert "รายงานประจำปีต่อที่ประชุมใหญ่ · ปีบัญชี 2567" in dom
    assert "ยังไม่ได้บันทึกการปิดบัญชีสิ้นปี" not in dom
    surplus = money(report.year.surplus, "THB", "th")
    assert f'<td class="num">{surplus}</td>' in dom
    reserve = Format("th").amount(report.year.allocation.lines["reserve"])
    assert f'<tr data-purpose="reserve"><td>ทุนสำรอง</td><td class="num">{reserve}</td>' in dom
    # the allocation adds up to the surplus, and the balance sheet balances
    assert sum(line.amount for line in report.allocation) == report.year.surplus
    assert report.total("Assets") == (
        report.total("Liabilities") + report.total("Equity") + report.unclosed
    )
