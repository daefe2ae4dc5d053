"""``kongtun audit``: the workpaper as HTML and JSON (golden), PDF with one page per member's
confirmation, the year in either era, the sample's seed, bad input; the books only read."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.templates.render import render_pdf

DATA = Path(__file__).resolve().parent.parent / "data"
LEDGER = DATA / "audit-2567.beancount"
GOLDEN = DATA / "audit-2567.golden.json"
UPDATE = os.environ.get("KONGTUN_UPDATE_GOLDEN") == "1"
MEMBERS = 3


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def copy(tmp_path: Path) -> Path:
    target = tmp_path / "books" / LEDGER.name
    target.parent.mkdir()
    shutil.copy(LEDGER, target)
    return target


def normal(text: str, folder: Path) -> str:
    """The JSON with the books' folder left out of its paths."""
    return text.replace(str(folder) + "/", "")


def test_the_workpaper_in_thai_matches_its_golden_json(tmp_path: Path) -> None:
    books = copy(tmp_path)
    before = books.read_bytes()
    out = tmp_path / "out"
    code, stdout, stderr = run(
        "audit", str(books), "--year", "2567", "--out", str(out), "--sample", "5", "--seed", "42"
    )
    assert code == 0, stderr
    assert "สุ่มตัวอย่าง 5 รายการด้วย seed 42 (ใช้ --seed 42 เพื่อสุ่มชุดเดิมอีกครั้ง)" in stdout
    assert "ข้อสังเกตที่ควรตรวจ 13 ข้อ ปัญหาในบัญชี 2 ข้อ" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["audit-2567.html", "audit-2567.json"]
    assert books.read_bytes() == before
    text = normal((out / "audit-2567.json").read_text(encoding="utf-8"), books.parent)
    if UPDATE:
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing: run with KONGTUN_UPDATE_GOLDEN=1 to write it"
    assert text == GOLDEN.read_text(encoding="utf-8")
    html = (out / "audit-2567.html").read_text(encoding="utf-8")
    assert "กระดาษทำการของผู้ตรวจสอบบัญชี · ปีบัญชี 2567" in html
    assert html.count('class="kongtun-confirmation"') == MEMBERS
    assert "ใบสอบทานยอด" in html
    assert "ใบตอบกลับ" in html


def test_the_year_in_either_era_and_english(tmp_path: Path) -> None:
    books = copy(tmp_path)
    texts = []
    for year in ("2567", "2024"):
        out = tmp_path / year
        code, _, stderr = run("audit", str(books), "--year", year, "--out", str(out))
        assert code == 0, stderr
        texts.append((out / "audit-2567.json").read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    out = tmp_path / "en"
    code, stdout, _ = run("audit", str(books), "--year", "2567", "--out", str(out), "--lang", "en")
    assert code == 0
    assert "13 findings to look at, 2 problems in the books." in stdout
    data = json.loads((out / "audit-2567.json").read_text(encoding="utf-8"))
    assert data["sample"] is None
    assert [f["message"] for f in data["findings"] if f["id"] == "loan-unapproved"] == [
        "loan-unapproved: loan L2567-002 to M0002, 3,000.00 THB on 2024-02-12, names no "
        "approving resolution (approved:)."
    ]
    assert "Auditor&#39;s workpaper · fiscal year 2567" in (out / "audit-2567.html").read_text(
        encoding="utf-8"
    )


def test_a_sample_without_a_seed_prints_the_seed_that_draws_it_again(tmp_path: Path) -> None:
    books = copy(tmp_path)
    code, stdout, _ = run(
        "audit", str(books), "--year", "2567", "--out", str(tmp_path / "a"), "--sample", "4"
    )
    assert code == 0
    seed = re.search(r"seed (\d+)", stdout)
    assert seed is not None
    code, _, _ = run(
        "audit",
        str(books),
        "--year",
        "2567",
        "--out",
        str(tmp_path / "b"),
        "--sample",
        "4",
        "--seed",
        seed.group(1),
    )
    assert code == 0
    first = json.loads((tmp_path / "a" / "audit-2567.json").read_text(encoding="utf-8"))
    again = json.loads((tmp_path / "b" / "audit-2567.json").read_text(encoding="utf-8"))
    assert first["sample"] == again["sample"]
    assert first["sample"]["seed"] == int(seed.group(1))


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    books = copy(tmp_path)
    code, _, stderr = run("audit", str(tmp_path / "none.beancount"), "--year", "2567", "--out", "x")
    assert code == 2
    assert stderr.startswith("kongtun: ")
    assert "Traceback" not in stderr
    code, _, stderr = run("audit", str(books), "--year", "25x7", "--out", "x", "--lang", "en")
    assert code == 2
    assert stderr == "kongtun: --year 25x7 is not a year: write it as 2567 (พ.ศ.) or 2024.\n"
    empty = tmp_path / "empty.beancount"
    empty.write_text('option "operating_currency" "THB"\n', encoding="utf-8")
    code, _, stderr = run("audit", str(empty), "--year", "2567", "--out", "x", "--lang", "en")
    assert code == 2
    assert 'declares no fund (custom "fund"): there is nothing to audit.' in stderr
    assert not (tmp_path / "x").exists()


def pages(html: str) -> int:
    from weasyprint import HTML  # noqa: PLC0415 - slow to import

    return len(HTML(string=html).render().pages)


def test_the_pdf_prints_one_page_per_members_confirmation(tmp_path: Path) -> None:
    books = copy(tmp_path)
    out = tmp_path / "out"
    code, _, stderr = run("audit", str(books), "--year", "2567", "--out", str(out), "--pdf")
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "audit-2567.html",
        "audit-2567.json",
        "audit-2567.pdf",
    ]
    assert (out / "audit-2567.pdf").read_bytes().startswith(b"%PDF")
    html = (out / "audit-2567.html").read_text(encoding="utf-8")
    rest = re.sub(r'<section class="kongtun-confirmation".*?</section>', "", html, flags=re.S)
    assert rest != html
    assert pages(html) == pages(rest) + MEMBERS
    assert render_pdf(html).startswith(b"%PDF")
