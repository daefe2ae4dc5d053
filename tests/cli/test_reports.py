"""``kongtun statements`` and ``kongtun report`` through click's CliRunner: the files written,
both languages, PDF, --public, and bad input that writes nothing."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from beancount import loader
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.thai import money

SMALL = Path(__file__).resolve().parent.parent / "data" / "small-fund.beancount"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def names() -> list[str]:
    entries, _, options = loader.load_file(str(SMALL))
    return [member.name for member in read_fund(entries, options)[0].members.values()]


def test_statements_one_file_per_member(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run("statements", str(SMALL), "--month", "2567-02", "--out", str(out))
    assert code == 0
    # the month as it was typed: 2567-02 stays 2567-02
    assert [path.name for path in out.iterdir()] == ["statements-2567-02"], "one folder a month"
    folder = out / "statements-2567-02"
    files = sorted(path.name for path in folder.iterdir())
    assert files == [f"statement-2567-02-M000{n}.html" for n in (1, 2, 3, 4)]
    assert stdout.count("เขียน ") == 4
    page = (folder / "statement-2567-02-M0001.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "นายสมชาย ใจดี (M0001)" in page
    assert "220.75 บาท" in page
    assert "สองร้อยยี่สิบบาทเจ็ดสิบห้าสตางค์" in page
    assert "นางบัวผัน" not in page, "a statement shows one member only"


def test_statement_of_one_member_in_english(tmp_path: Path) -> None:
    args = ["--month", "2024-02", "--out", str(tmp_path), "--member", "M0002", "--lang", "en"]
    code, _, _ = run("statements", str(SMALL), *args)
    assert code == 0
    (path,) = (tmp_path / "statements-2024-02-en").iterdir()
    page = path.read_text(encoding="utf-8")
    assert path.name == "statement-2024-02-M0002-en.html"
    assert "Member statement · February 2024" in page
    assert "160.00 THB" in page
    assert "Months saved short this year" in page
    assert (
        '<p class="kongtun-figures-day">Figures on 2024-02-29, the last day of the month</p>'
        in page
    )


def test_statement_pdf_draws_thai(tmp_path: Path) -> None:
    code, _, _ = run(
        "statements", str(SMALL), "--month", "2024-02", "--out", str(tmp_path), "--member",
        "M0001", "--pdf",
    )  # fmt: skip
    assert code == 0
    pdf = tmp_path / "statements-2024-02" / "statement-2024-02-M0001.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("the PDF tests need poppler-utils (.ci/run installs it)")
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "นายสมชาย ใจดี" in text
    assert "220.75" in text
    assert "29 ก.พ. 2567" in text  # the day every figure is on
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", "-singlefile", str(pdf), str(ARTIFACTS / "statement-pdf")],
        check=True,
    )
    assert (ARTIFACTS / "statement-pdf.png").stat().st_size > 10_000


def test_report_and_public_report(tmp_path: Path) -> None:
    code, _, _ = run("report", str(SMALL), "--month", "2024-02", "--out", str(tmp_path))
    assert code == 0
    named = (tmp_path / "report-2024-02.html").read_text(encoding="utf-8")
    assert "รายงานกองทุน · กุมภาพันธ์ 2567" in named
    assert "นางบัวผัน ศรีสุข" in named
    assert money(Decimal("367.75"), "THB", "th") in named
    code, _, _ = run("report", str(SMALL), "--month", "2024-02", "--out", str(tmp_path), "--public")
    assert code == 0
    public = (tmp_path / "report-2024-02-public.html").read_text(encoding="utf-8")
    assert [name for name in names() if name in public] == []
    assert "M0002" in public  # in arrears: by id
    assert "M0003" not in public  # who joined or left: the counts only


def test_public_pdf_report_has_no_names(tmp_path: Path) -> None:
    args = ["--month", "2024-02", "--out", str(tmp_path), "--public", "--pdf", "--lang", "en"]
    code, _, _ = run("report", str(SMALL), *args)
    assert code == 0
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None
    pdf = tmp_path / "report-2024-02-public-en.pdf"
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Fund report" in text
    assert [name for name in names() if name.split()[-1] in text] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--month", "2024-13"],
            "kongtun: --month 2024-13 is not a month: write it as 2024-09 (or 2567-09 in พ.ศ.).\n",
        ),
        (
            ["--month", "2023-12"],
            "kongtun: the books have no figures for December 2023: they run from January 2024 "
            "to March 2024. Choose a month in between.\n",
        ),
        (
            ["--month", "2567-05"],
            "kongtun: the books have no figures for May 2024: they run from January 2024 "
            "to March 2024. Choose a month in between.\n",
        ),
        (
            ["--month", "2024-02", "--member", "M0009"],
            "kongtun: there is no member M0009 in the books. Check the member id.\n",
        ),
        (
            ["--month", "2024-01", "--member", "M0004"],
            "kongtun: M0004 joined on 2024-02-15, after January 2024: no statement for that "
            "month.\n",
        ),
        (
            ["--month", "2024-03", "--member", "M0001", "--member", "M0003"],
            "kongtun: M0003 left on 2024-02-29, before March 2024: no statement for that month.\n",
        ),
    ],
)
def test_bad_input_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("statements", str(SMALL), "--out", str(out), "--lang", "en", *args)
    assert (code, stdout, stderr) == (2, "", message)
    assert not out.exists()
    if "--member" not in args:
        code, _, stderr = run("report", str(SMALL), "--out", str(out), "--lang", "en", *args)
        assert (code, stderr) == (2, message)
        assert not out.exists()


def test_bad_input_in_thai(tmp_path: Path) -> None:
    code, _, stderr = run(
        "statements", str(SMALL), "--month", "2567-13", "--out", str(tmp_path / "x")
    )
    assert code == 2
    assert (
        stderr == "kongtun: --month 2567-13 ไม่ใช่เดือน: เขียนเป็น 2024-09 (ค.ศ.) หรือ 2567-09 (พ.ศ.)\n"
    )
    code, _, stderr = run("report", str(tmp_path / "none.beancount"), "--month", "2024-01")
    assert code == 2
    assert "ไม่พบไฟล์" in stderr or "none.beancount" in stderr
    assert not (tmp_path / "x").exists()


def test_books_without_a_fund(tmp_path: Path) -> None:
    books = tmp_path / "b.beancount"
    books.write_text("2024-01-01 open Assets:Cash\n", encoding="utf-8")
    code, _, stderr = run("report", str(books), "--month", "2024-01", "--lang", "en")
    assert (code, stderr) == (
        2,
        f'kongtun: {books} declares no fund (custom "fund"): there is nothing to report.\n',
    )


def test_an_output_directory_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    out = blocker / "out"
    code, stdout, stderr = run(
        "report", str(SMALL), "--month", "2024-02", "--out", str(out), "--lang", "en"
    )
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"kongtun: cannot write {out}/report-2024-02-en.html: Not a directory. "
        "Choose another --out directory.\n"
    )
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_thai_digits_and_a_month_in_thai_digits(tmp_path: Path) -> None:
    args = ["--month", "๒๕๖๗-๐๒", "--out", str(tmp_path), "--member", "M0001", "--thai-digits"]
    code, _, _ = run("statements", str(SMALL), *args)
    assert code == 0
    # the month typed in พ.ศ. (Thai digits): the names say 2567-02, in Latin digits
    page = (tmp_path / "statements-2567-02" / "statement-2567-02-M0001.html").read_text(
        encoding="utf-8"
    )
    assert "๒๒๐.๗๕ บาท" in page
    assert "๕ ก.พ. ๒๕๖๗" in page
    assert "รายงานบัญชีสมาชิก · กุมภาพันธ์ ๒๕๖๗" in page
    assert "(M0001)" in page, "member ids keep their digits"


def test_public_welfare_report_names_no_member(tmp_path: Path) -> None:
    """The welfare section lists members behind with contributions: by id when public."""
    welfare = SMALL.parent.parent.parent / "examples" / "welfare-fund.beancount"
    args = ["report", str(welfare), "--month", "2023-11", "--out", str(tmp_path)]
    code, _, _ = run(*args, "--public")
    assert code == 0
    public = (tmp_path / "report-2023-11-public.html").read_text(encoding="utf-8")
    assert "สมาชิกตามสถานะการส่งเงินสมทบ" in public
    assert '<td class="kongtun-card-title">W0003</td>' in public
    entries, _, options = loader.load_file(str(welfare))
    members = read_fund(entries, options)[0].members.values()
    assert [m.name for m in members if m.name in public] == []
