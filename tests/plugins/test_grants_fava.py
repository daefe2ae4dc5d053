"""Grants in Fava (Fava's real app and test client): the grants page shows each grant's
report back, the fund report lists the grants in progress, a fund without grants has no
grants page."""

from __future__ import annotations

from pathlib import Path

from fava.application import create_app

from kongtun.tests.plugins.test_grants import HAND, HEAD

PAGE = "/grants/extension/KongTun/"
EXTENSION = '2024-01-01 custom "fava-extension" "kongtun.plugins.fava"\n'
TITLE = 'option "title" "grants"\n'


def get(path: Path, url: str) -> tuple[int, str]:
    app = create_app([str(path)])
    app.testing = True
    response = app.test_client().get(url)
    return response.status_code, response.get_data(as_text=True)


def books(folder: Path, body: str = HAND) -> Path:
    path = folder / "grants.beancount"
    path.write_text(TITLE + HEAD + EXTENSION + body, encoding="utf-8")
    return path


def test_the_grants_page_shows_each_report_back(tmp_path: Path) -> None:
    status, html = get(books(tmp_path), PAGE + "?page=grants")
    assert status == 200, html[:500]
    assert "รายงานการใช้จ่ายเงินทุนโครงการ · G1" in html
    assert '<strong class="kongtun-grant-spent">102,000.00 บาท</strong>' in html
    assert "Traceback" not in html


def test_the_fund_report_lists_the_grants_in_progress(tmp_path: Path) -> None:
    status, html = get(books(tmp_path), PAGE + "?month=2024-09")
    assert status == 200
    assert "ทุนโครงการที่ดำเนินการอยู่" in html
    assert '<tr data-grant="G1"><td class="kongtun-card-title">G1 · พัฒนาคุณภาพชีวิต</td>' in html
    # after the last conversion nothing is held: no longer in progress
    status, later = get(books(tmp_path), PAGE + "?month=2024-10")
    assert status == 200
    assert 'data-grant="G1"' not in later


def test_a_fund_without_grants_has_no_grants_page(tmp_path: Path) -> None:
    path = tmp_path / "plain.beancount"
    path.write_text(
        TITLE + HEAD.split('2024-04-01 custom "grant"')[0] + EXTENSION, encoding="utf-8"
    )
    status, html = get(path, PAGE + "?page=grants")
    assert status == 200
    assert "กองทุนนี้ไม่มีหน้า grants หน้าของกองทุนนี้คือ: report (รายงานกองทุน)," in html
