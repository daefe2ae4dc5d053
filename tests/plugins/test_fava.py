"""kongtun's Fava extension, served by Fava's real app through its test client."""

from __future__ import annotations

from pathlib import Path

from fava.application import create_app

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "savings-group.beancount"
PAGE = "/ban-khok-samran-savings-group/extension/KongTun/"


def get(path: Path, url: str) -> tuple[int, str]:
    app = create_app([str(path)])
    app.testing = True
    response = app.test_client().get(url)
    return response.status_code, response.get_data(as_text=True)


def test_fund_page_in_thai() -> None:
    status, html = get(EXAMPLE, PAGE)
    assert status == 200
    assert "กลุ่มออมทรัพย์เพื่อการผลิตบ้านโคกสำราญ" in html
    assert "<td>M0001</td><td>นางสมศรี ใจดี</td>" in html
    assert '<td class="num">300.00 บาท</td>' in html, "M0001's savings"
    assert "ณ วันที่ 31 มี.ค. 2567" in html
    assert "<td>savings-withdrawal-allowed</td><td>ไม่ใช่</td>" in html
    assert "บัญชีไม่มีข้อผิดพลาด" in html
    assert "Traceback" not in html


def test_fund_page_in_english_with_a_problem(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"kongtun.plugins.fava"', "\"kongtun.plugins.fava\" \"{'lang': 'en'}\""
    )
    text += '\n2024-03-31 * "x"\n  Assets:Cash  5 THB\n  Liabilities:Savings:M0009  -5 THB\n'
    books = tmp_path / "books.beancount"
    books.write_text(text, encoding="utf-8")
    status, html = get(books, PAGE)
    assert status == 200
    assert '<td class="num">300.00 THB</td>' in html
    assert "As of 2024-03-31" in html
    assert "Problems in the books: 1" in html
    status, errors = get(books, "/ban-khok-samran-savings-group/api/errors")
    assert status == 200
    assert "member-unknown: Liabilities:Savings:M0009" in errors
