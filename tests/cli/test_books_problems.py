"""The books' problems shown wherever the books are shown (issue 12): ``kongtun check``, the
report, the statements and the Fava pages count and list the same problems — those of
:func:`kongtun.ledger.model.load_errors`, ``plugin-missing`` included — and never say the
books are clean otherwise. The public report carries no reason and no free text."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.tests.plugins.test_fava import EXAMPLE, PAGE, get

WITHDRAWAL = """
2024-03-20 * "ถอนเงินสัจจะ"
  Assets:Cash                -100.00 THB
  Liabilities:Savings:M0001   100.00 THB
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def without_plugin(folder: Path) -> Path:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("plugin "))
    path = folder / "books.beancount"
    path.write_text(text, encoding="utf-8")
    return path


def with_withdrawal(folder: Path) -> Path:
    path = folder / "books.beancount"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + WITHDRAWAL, encoding="utf-8")
    return path


def problem_count(html: str) -> int:
    match = re.search(r"Problems in the books: ([0-9,]+)", html)
    assert match is not None
    return int(match.group(1).replace(",", ""))


def test_check_leads_with_plugin_missing_and_sums_up_the_flood(tmp_path: Path) -> None:
    books = without_plugin(tmp_path)
    code, out, err = run("check", "--lang", "en", str(books))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2, out[:2000]
    assert lines[0].startswith(f"{books}:1: plugin-missing: this ledger does not load")
    flood = int(re.sub(r"[^0-9]", "", lines[1].split(" beancount-validation")[0]))
    assert lines[1] == (
        f"… and {flood:,} beancount-validation errors that follow from it: without the "
        "plugin, the accounts kongtun opens are missing (kongtun check --all lists them)."
    )
    assert len(lines) == 2
    assert err == f"{flood + 1:,} problems found.\n"
    code, every, _ = run("check", "--lang", "en", "--all", str(books))
    assert code == 1
    assert len(every.splitlines()) == flood + 1
    assert every.splitlines()[0] == lines[0]


def test_the_report_shows_what_check_shows(tmp_path: Path) -> None:
    books = without_plugin(tmp_path)
    _, out, _ = run("check", "--lang", "en", "--all", str(books))
    listed = out.splitlines()
    code, _, _ = run(
        "report", str(books), "--month", "2024-03", "--out", str(tmp_path), "--lang", "en"
    )
    assert code == 0
    html = (tmp_path / "report-2024-03-en.html").read_text(encoding="utf-8")
    assert "No problems in the books" not in html
    assert problem_count(html) == len(listed)
    assert "books.beancount:1: plugin-missing: this ledger does not load kongtun" in html
    thai = run("report", str(books), "--month", "2567-03", "--out", str(tmp_path / "th"))
    assert thai[0] == 0
    assert "บัญชีไม่มีข้อผิดพลาด" not in (tmp_path / "th" / "report-2567-03.html").read_text(
        encoding="utf-8"
    )


def test_clean_books_say_so(tmp_path: Path) -> None:
    code, _, _ = run("report", str(EXAMPLE), "--month", "2024-03", "--out", str(tmp_path))
    assert code == 0
    html = (tmp_path / "report-2024-03.html").read_text(encoding="utf-8")
    assert "บัญชีไม่มีข้อผิดพลาด" in html
    assert 'class="kongtun-problems"' not in html


def test_statements_warn_of_the_books_problems(tmp_path: Path) -> None:
    books = with_withdrawal(tmp_path)
    out = tmp_path / "out"
    code, _, err = run(
        "statements",
        str(books),
        "--month",
        "2024-03",
        "--out",
        str(out),
        "--member",
        "M0002",
        "--lang",
        "en",
    )
    assert code == 0
    assert err == (
        f"warning: {books} has 1 problem; the pages show it (kongtun check {books} lists it).\n"
    )
    html = (out / "statements-2024-03-en" / "statement-2024-03-M0002-en.html").read_text(
        encoding="utf-8"
    )
    assert "Problems in the books: 1" in html
    assert "<code>savings-withdrawal</code>: 1" in html
    # a member's statement does not carry the messages: they name other members
    assert "M0001" not in html


def test_the_public_report_has_no_reasons_and_no_free_text(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"member-exit" "M0003" "ย้ายถิ่น"', '"member-exit" "M0003" "เสียชีวิต (มะเร็งตับ)"'
    )
    books = tmp_path / "books.beancount"
    books.write_text(text + WITHDRAWAL.replace("ถอนเงินสัจจะ", "ถอนไปรักษามะเร็งตับ"), "utf-8")
    code, _, _ = run("report", str(books), "--month", "2024-02", "--out", str(tmp_path), "--public")
    assert code == 0
    html = (tmp_path / "report-2024-02-public.html").read_text(encoding="utf-8")
    assert "มะเร็ง" not in html
    assert "เสียชีวิต" not in html
    assert "M0003" not in html
    assert "สมาชิกที่พ้นสภาพ: 1" in html or "1" in html  # the count stays
    code, _, _ = run("report", str(books), "--month", "2024-03", "--out", str(tmp_path), "--public")
    html = (tmp_path / "report-2024-03-public.html").read_text(encoding="utf-8")
    assert "<code>savings-withdrawal</code>: 1" in html
    assert "มะเร็ง" not in html
    assert "M0001" not in html
    # the committee's report keeps the reason
    run("report", str(books), "--month", "2024-02", "--out", str(tmp_path))
    assert "เสียชีวิต (มะเร็งตับ)" in (tmp_path / "report-2024-02.html").read_text("utf-8")


def test_fava_pages_show_the_problems(tmp_path: Path) -> None:
    books = with_withdrawal(tmp_path)
    for page in ("", "?page=members", "?page=statement"):
        status, html = get(books, PAGE + page)
        assert status == 200
        assert 'class="kongtun-problems"' in html, page
        assert "บัญชีไม่มีข้อผิดพลาด" not in html
        assert "savings-withdrawal: " in html
    status, html = get(EXAMPLE, PAGE)
    assert 'class="kongtun-problems"' not in html


def test_fava_shows_plugin_missing(tmp_path: Path) -> None:
    books = without_plugin(tmp_path)
    text = books.read_text(encoding="utf-8")
    if "kongtun.plugins.fava" not in text:
        books.write_text(text + '\n2024-01-01 custom "fava-extension" "kongtun.plugins.fava"\n')
    status, html = get(books, PAGE)
    assert status == 200
    assert "plugin-missing: " in html
    assert "บัญชีไม่มีข้อผิดพลาด" not in html


def xlsx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as sheet:
        sheet.writestr("xl/workbook.xml", "<workbook/>")
    return path


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("sheet.xlsx", "it is not a text file"),
        ("folder", "it is a folder"),
        ("binary.dat", "it is not a text file"),
        ("sheet.csv", "not one line of it reads as Beancount"),
    ],
)
def test_check_on_what_is_not_a_ledger_is_one_message(tmp_path: Path, name: str, what: str) -> None:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        xlsx(path)
    elif name == "folder":
        path.mkdir()
    elif name.endswith(".dat"):
        path.write_bytes(bytes(range(256)) * 4)
    else:
        path.write_text("วันที่,รหัสสมาชิก,เงินสัจจะ\n5/1/2568,M0001,100\n", encoding="utf-8")
    code, out, err = run("check", "--lang", "en", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"kongtun: {path} is not a ledger: {what}. kongtun check reads Beancount books (a "
        ".beancount text file); a collection sheet or a bank statement goes in with kongtun "
        "import FILE --into LEDGER.\n"
    )


def test_check_names_the_file_as_the_user_did(tmp_path: Path) -> None:
    books = with_withdrawal(tmp_path)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, out, _ = run("check", "--lang", "en", "books.beancount")
    finally:
        os.chdir(here)
    assert code == 1
    assert out.startswith("books.beancount:")
    assert ": savings-withdrawal: " in out
    code, out, _ = run("check", "--lang", "en", str(books))
    assert out.startswith(f"{books}:")


def test_the_report_says_on_stderr_that_the_books_have_problems(tmp_path: Path) -> None:
    """The files are written (exit 0), and the command says so where the committee sees it:
    in Thai by default, in English with --lang en; clean books say nothing."""
    books = without_plugin(tmp_path)
    code, _, err = run("report", str(books), "--month", "2024-03", "--out", str(tmp_path / "o"))
    assert code == 0
    count = int(re.search(r"มีข้อผิดพลาด ([\d,]+) รายการ", err).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert count > 1
    assert err == (
        f"คำเตือน: {books} มีข้อผิดพลาด {count:,} รายการ ซึ่งแสดงไว้ในรายงานแล้ว "
        f"(kongtun check {books} แสดงทุกรายการ)\n"
    )
    code, _, err = run(
        "report", str(books), "--month", "2024-03", "--out", str(tmp_path / "e"), "--lang", "en"
    )
    assert err == (
        f"warning: {books} has {count:,} problems; the pages show them "
        f"(kongtun check {books} lists them).\n"
    )
    code, _, err = run("report", str(EXAMPLE), "--month", "2024-03", "--out", str(tmp_path / "c"))
    assert code == 0
    assert err == ""
