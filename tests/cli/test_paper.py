"""Paper fit to sign: every page of a real PDF (read back page by page with pdftotext) says
the fund, the member, the month, its number ("หน้า 1/2", "Page 1 of 2") and the print date;
file names say the month as it was typed and the language when it is not Thai, so the Thai
and the English files of a month live side by side."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.generators.demo import demo_books
from kongtun.ledger.thai import long_date

SMALL = Path(__file__).resolve().parent.parent / "data" / "small-fund.beancount"
FUND = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัวทอง"


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("the PDF tests need poppler-utils (.ci/run installs it)")
    text = subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True)
    return [page for page in text.stdout.split("\f") if page.strip()]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "savings-group.beancount"
    path.write_text(demo_books()["savings-group.beancount"], encoding="utf-8")
    return path


#: by language: the folder, the page number, the print date's words and the month
WORDS = {
    "th": ("statements-2567-09", "หน้า {page}/{pages}", "พิมพ์เมื่อ", "กันยายน 2567"),
    "en": ("statements-2567-09-en", "Page {page} of {pages}", "Printed on", "September 2024"),
}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_of_a_statement(demo: Path, tmp_path: Path, lang: str) -> None:
    """M0007's statement of 2567-09 runs to two pages: both name the fund, the member and the
    month, and carry their number and the day they were printed."""
    folder, number, printed, month = WORDS[lang]
    args = ["--month", "2567-09", "--member", "M0007", "--out", str(tmp_path), "--pdf"]
    run("statements", str(demo), *args, "--lang", lang)
    suffix = "-en" if lang == "en" else ""
    found = pages(tmp_path / folder / f"statement-2567-09-M0007{suffix}.pdf")
    assert len(found) == 2
    today = long_date(datetime.date.today(), lang)  # type: ignore[arg-type]
    for count, text in enumerate(found, start=1):
        assert FUND in text
        assert "นางบุญเรือน ใจดี (M0007)" in text
        assert month in text
        assert number.format(page=count, pages=2) in text
        assert f"{printed} {today}" in text


def test_every_page_of_the_report(demo: Path, tmp_path: Path) -> None:
    run("report", str(demo), "--month", "2567-09", "--out", str(tmp_path), "--pdf")
    found = pages(tmp_path / "report-2567-09.pdf")
    assert len(found) > 2
    for count, text in enumerate(found, start=1):
        assert f"{FUND} · กันยายน 2567" in text
        assert f"หน้า {count}/{len(found)}" in text
        assert re.search(r"พิมพ์เมื่อ \d+ \S+ 25\d\d", text)
    # the text layer keeps the sara am (kongtun.templates.pdf_fonts): search finds "ชำระ"
    whole = "".join(found)
    assert "ชำระ" in whole
    assert "ชาระ" not in whole


def test_thai_and_english_live_side_by_side(tmp_path: Path) -> None:
    """A month typed in พ.ศ. keeps its พ.ศ. year; English adds -en and leaves the Thai files
    byte for byte as they were; typed in ค.ศ., the names say the ค.ศ. year."""
    run("statements", str(SMALL), "--month", "2567-02", "--out", str(tmp_path))
    run("report", str(SMALL), "--month", "2567-02", "--out", str(tmp_path))
    thai = {path: path.read_bytes() for path in tmp_path.rglob("*.html")}
    assert sorted(str(path.relative_to(tmp_path)) for path in thai) == [
        "report-2567-02.html",
        *(f"statements-2567-02/statement-2567-02-M000{n}.html" for n in (1, 2, 3, 4)),
    ]
    run("statements", str(SMALL), "--month", "2567-02", "--out", str(tmp_path), "--lang", "en")
    run("report", str(SMALL), "--month", "2567-02", "--out", str(tmp_path), "--lang", "en")
    assert {path: path.read_bytes() for path in thai} == thai
    english = tmp_path / "statements-2567-02-en" / "statement-2567-02-M0001-en.html"
    assert "Member statement · February 2024" in english.read_text(encoding="utf-8")
    assert (tmp_path / "report-2567-02-en.html").exists()
    run("report", str(SMALL), "--month", "2024-02", "--out", str(tmp_path), "--public")
    assert (tmp_path / "report-2024-02-public.html").exists()
