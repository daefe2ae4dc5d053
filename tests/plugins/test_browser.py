"""What a person sees: Fava serves the demo books on 127.0.0.1, headless Chromium renders the
fund page (saved as test-artifacts/fund-page.png) and its DOM shows members and balances."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from beancount import loader

from kongtun.ledger.demo import demo_books
from kongtun.ledger.fund import Fund, read_fund
from kongtun.ledger.thai import money

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
    "--window-size=1400,1000",
    "--virtual-time-budget=10000",
]


def fund_of_demo(folder: Path) -> Fund:
    entries, errors, options = loader.load_file(str(folder / "savings-group.beancount"))
    assert errors == []
    return read_fund(entries, options)[0]


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


@pytest.fixture
def fava_url(tmp_path: Path):  # type: ignore[no-untyped-def]
    books = tmp_path / "savings-group.beancount"
    books.write_text(demo_books()["savings-group.beancount"], encoding="utf-8")
    port = free_port()
    fava = Path(sys.executable).parent / "fava"
    server = subprocess.Popen(
        [str(fava), "--host", "127.0.0.1", "--port", str(port), str(books)],
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
        yield base + "/ban-nong-bua-thong-savings-group/extension/KongTun/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_fund_page_in_a_real_browser(fava_url: str, tmp_path: Path) -> None:
    browser = chromium()
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", fava_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัวทอง" in dom
    fund = fund_of_demo(tmp_path)
    member = fund.members["M0001"]
    savings = money(fund.claim("Liabilities:Savings:M0001"), "THB", "th")
    assert f"<td>M0001</td><td>{member.name}</td>" in dom
    assert f'<td class="num">{savings}</td>' in dom, "M0001's savings"
    assert "บัญชีไม่มีข้อผิดพลาด" in dom
    assert "Traceback" not in dom
    assert "Internal Server Error" not in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "fund-page.png"
    subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", fava_url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 20_000, "a page with content, not a blank one"
