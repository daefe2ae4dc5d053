"""Statements a member can verify, digests checked against what was published, and the
chain of closes carried into the next year."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from beancount import loader
from click.testing import CliRunner, Result

from kongtun.cli.main import main
from kongtun.ledger.messages import render_problem
from kongtun.ledger.years.carry import verify_link
from kongtun.tests.conftest import write_ledger
from kongtun.tests.plugins.test_closes import BOOKS

SMALL = Path(__file__).resolve().parents[1] / "data" / "small-fund.beancount"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def closed_small(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "books.beancount"
    path.write_bytes(SMALL.read_bytes())
    result = run("close", str(path), "--month", "2024-02", "--lang", "en")
    assert result.exit_code == 0, result.output
    return path, re.findall(r"sha256:[0-9a-f]{64}", result.stdout)[0]


def codes(tmp_path: Path, path: Path, month: str) -> dict[str, str]:
    """Member id -> the code printed on their statement of ``month``."""
    out = tmp_path / f"out-{month}"
    assert run("statements", str(path), "--month", month, "--out", str(out)).exit_code == 0
    found = {}
    for page in sorted(out.glob("statements-*/*.html")):
        text = page.read_text(encoding="utf-8")
        member = page.stem.rsplit("-", 1)[1]
        code = re.findall(r'class="kongtun-code">([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})<', text)
        found[member] = code[0] if code else ""
    return found


def test_every_statement_of_a_closed_month_verifies(tmp_path: Path) -> None:
    path, digest = closed_small(tmp_path)
    printed = codes(tmp_path, path, "2567-02")
    assert set(printed) == {"M0001", "M0002", "M0003", "M0004"}
    assert all(printed.values())
    assert len(set(printed.values())) == 4
    html = (
        tmp_path / "out-2567-02" / "statements-2567-02" / "statement-2567-02-M0001.html"
    ).read_text(encoding="utf-8")
    assert f"<code>{digest[:23]}</code>" in html
    assert "รหัสตรวจสอบ" in html
    for member, code in printed.items():
        result = run(
            "verify-statement", str(path), "--member", member, "--month", "2024-02",
            "--code", code.lower().replace("-", " "), "--expect", digest[:23], "--lang", "en",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.stdout == (
            f"the statement matches the books: {member}, February 2024, books closed to "
            f"2024-02-29 ({digest[:23]}).\n"
        )
    # a month not closed prints no code
    assert set(codes(tmp_path, path, "2024-03").values()) == {""}
    report = tmp_path / "report"
    assert (
        run("report", str(path), "--month", "2024-02", "--public", "--out", str(report)).exit_code
        == 0
    )
    assert digest in (report / "report-2024-02-public.html").read_text(encoding="utf-8")


def test_a_wrong_code_an_unclosed_month_and_another_digest(tmp_path: Path) -> None:
    path, digest = closed_small(tmp_path)
    code = codes(tmp_path, path, "2024-02")["M0001"]
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    result = run("verify-statement", str(path), "--member", "M0001", "--month", "2024-02",
                 "--code", wrong, "--lang", "en")  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == (
        f"the code {wrong} is not the code of M0001's statement for February 2024 in these "
        "books: the figures on the paper are not those of the closed books.\n"
    )
    # the code of another member, or another month, is not this one's
    other = codes(tmp_path, path, "2024-02")["M0002"]
    args = ("verify-statement", str(path), "--member", "M0001", "--month", "2024-02")
    assert run(*args, "--code", other).exit_code == 1
    result = run("verify-statement", str(path), "--member", "M0001", "--month", "2024-03",
                 "--code", code, "--lang", "en")  # fmt: skip
    assert result.exit_code == 1
    assert result.stdout == (
        "March 2024 is not closed: its statements carry no verification code.\n"
    )
    other_digest = "sha256:" + "ab" * 8
    result = run(*args, "--code", code, "--expect", other_digest, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == (
        f"the books do not match what was published: the close of February 2024 at {path}:95 "
        f"has the digest {digest}, not {other_digest}.\n"
    )
    th = run(*args, "--code", code)
    assert th.exit_code == 0
    assert th.stdout.startswith("ใบแจ้งยอดตรงกับบัญชี: M0001 กุมภาพันธ์ 2567")
    unknown = run("verify-statement", str(path), "--member", "M0099", "--month", "2024-02",
                  "--code", code, "--lang", "en")  # fmt: skip
    assert unknown.exit_code == 2
    assert unknown.stderr == "kongtun: there is no member M0099 in the books.\n"


def test_changing_a_closed_month_stops_every_code(tmp_path: Path) -> None:
    """Even a change that leaves the members' balances alone (the stationery bill)."""
    path, digest = closed_small(tmp_path)
    printed = codes(tmp_path, path, "2024-02")
    text = path.read_text(encoding="utf-8")
    changed = text.replace("ค่าเครื่องเขียน", "ค่าเครื่องเขียนและหมึก", 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    for member, code in printed.items():
        result = run("verify-statement", str(path), "--member", member, "--month", "2024-02",
                     "--code", code, "--lang", "en")  # fmt: skip
        assert result.exit_code == 1
        assert result.stdout == (
            f"the books closed to 2024-02-29 by the close at {path}:95 ({digest}) were changed "
            "after the close: no code issued for them verifies. kongtun check names the change.\n"
        )


def test_codes_are_48_bits_and_an_older_8_digit_code_still_verifies(tmp_path: Path) -> None:
    """Codes printed before they grew to 12 hex digits were their first 8: still accepted."""
    path, _ = closed_small(tmp_path)
    code = codes(tmp_path, path, "2024-02")["M0001"]
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", code)
    args = ("verify-statement", str(path), "--member", "M0001", "--month", "2024-02")
    assert run(*args, "--code", code[:9], "--lang", "en").exit_code == 0
    assert run(*args, "--code", code[:9].replace("-", ""), "--lang", "en").exit_code == 0
    wrong = code[:8] + ("0" if code[8] != "0" else "1")
    result = run(*args, "--code", wrong, "--lang", "en")
    assert result.exit_code == 1
    assert f"the code {wrong} is not the code of M0001's statement" in result.stdout
    assert run(*args, "--code", code[:4], "--lang", "en").exit_code == 1
    assert run(*args, "--code", code[:12], "--lang", "en").exit_code == 1


def test_a_changed_closed_month_statement_prints_no_code(tmp_path: Path) -> None:
    path, _ = closed_small(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ค่าเครื่องเขียน", "ค่าเครื่องเขียนและหมึก", 1), encoding="utf-8")
    assert set(codes(tmp_path, path, "2024-02").values()) == {""}
    page = (
        tmp_path / "out-2024-02" / "statements-2024-02" / "statement-2024-02-M0001.html"
    ).read_text(encoding="utf-8")
    assert "ใบแจ้งยอดนี้จึงไม่มีรหัสตรวจสอบ" in page
    out = tmp_path / "en"
    assert run("statements", str(path), "--month", "2024-02", "--out", str(out),
               "--member", "M0001", "--lang", "en").exit_code == 0  # fmt: skip
    english = (out / "statements-2024-02-en" / "statement-2024-02-M0001-en.html").read_text(
        encoding="utf-8"
    )
    assert (
        "The books closed to 29 February 2024 were changed after the close: this statement has "
        "no verification code, and no code issued for that close verifies. kongtun check names "
        "the change."
    ) in english


def test_verify_chain_on_changed_books_exits_1_with_the_reason(tmp_path: Path) -> None:
    path, _ = closed_small(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ค่าเครื่องเขียน", "ค่าเครื่องเขียนและหมึก", 1), encoding="utf-8")
    result = run("verify-chain", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.count("closed-period-changed: the books were closed to 2024-02-29") == 1
    assert result.stderr == "1 problem found.\n"
    thai = run("verify-chain", str(path))
    assert thai.exit_code == 1
    assert "closed-period-changed: บัญชีปิดงวดถึงวันที่ 2024-02-29" in thai.stdout
    # unreadable input stays exit status 2
    assert run("verify-chain", str(tmp_path / "missing.beancount")).exit_code == 2
    broken = tmp_path / "broken.beancount"
    broken.write_text('2024-01-01 custom "fund" "savings-group"\n2024-13-45 * "x"\n')
    assert run("verify-chain", str(broken), "--lang", "en").exit_code == 2


def test_verify_chain_expect(tmp_path: Path) -> None:
    path, digest = closed_small(tmp_path)
    ok = run("verify-chain", str(path), "--expect", digest[:23], "--lang", "en")
    assert ok.exit_code == 0, ok.output
    bad = run("verify-chain", str(path), "--expect", "sha256:" + "0" * 64, "--lang", "en")
    assert bad.exit_code == 1
    assert bad.stdout == (
        f"the books do not match the published digest sha256:{'0' * 64}: no close of them has "
        "it, or the months it closed were changed afterwards.\n"
    )


def test_carry_carries_the_chain_of_closes(tmp_path: Path) -> None:
    old = write_ledger(tmp_path, BOOKS, "2024.beancount")
    for month in ("2024-08", "2024-09"):
        assert run("close", str(old), "--month", month).exit_code == 0
    september = re.findall(r'2024-09-30 custom "period-close" "(sha256:[0-9a-f]{64})"',
                           old.read_text(encoding="utf-8"))[0]  # fmt: skip
    new = tmp_path / "2025.beancount"
    assert run("carry", str(old), str(new)).exit_code == 0
    assert f'  carried-close: "{september}"\n' in new.read_text(encoding="utf-8")
    new.write_text(
        new.read_text(encoding="utf-8") + '\n2025-01-05 * "ฝากสัจจะ"\n  Assets:Cash  100.00 THB\n'
        "  Liabilities:Savings:M0001  -100.00 THB\n",
        encoding="utf-8",
    )
    closed = run("close", str(new), "--month", "2025-01", "--lang", "en")
    assert closed.exit_code == 0, closed.output
    assert f'  previous: "{september}"\n' in new.read_text(encoding="utf-8")
    result = run("verify-chain", str(old), str(new), "--expect", september, "--lang", "en")
    assert result.exit_code == 0, result.output
    # the old year's closes rewritten after the carry: the link names it
    old_entries, _, _ = loader.load_file(str(old))
    new_entries, _, _ = loader.load_file(str(new))
    tampered = [e for e in old_entries if not (getattr(e, "type", "") == "period-close"
                                               and e.date.month == 9)]  # fmt: skip
    found = [
        p
        for p in verify_link(tampered, "x", new_entries, str(new))
        if p.rule == "carry-close-mismatch"
    ]
    assert len(found) == 1
    august = re.findall(r'2024-08-31 custom "period-close" "(sha256:[0-9a-f]{64})"',
                        old.read_text(encoding="utf-8"))[0]  # fmt: skip
    assert render_problem(found[0], "en") == (
        f"carry-close-mismatch: the opening records {september} as the last month close of "
        f"2024.beancount, but that file's last close is {august}. The previous year's closes "
        "changed after it was carried: restore them, or carry the year again with `kongtun carry`."
    )
    assert render_problem(found[0], "th") == (
        "carry-close-mismatch: รายการยอดยกมาบันทึกว่าการปิดงวดครั้งสุดท้ายของ 2024.beancount คือ "
        f"{september} แต่การปิดงวดครั้งสุดท้ายในไฟล์นั้นคือ {august} การปิดงวดของปีก่อนถูกแก้ไขหลังยกยอด "
        "ให้คืนรายการเดิม หรือยกยอดใหม่ด้วย `kongtun carry`"
    )


def test_fava_prints_the_code_and_verifies_it(tmp_path: Path) -> None:
    """The statement page prints the code, the report the digests, the verify page answers."""
    from fava.application import create_app  # noqa: PLC0415 - Fava is slow to import

    path, digest = closed_small(tmp_path)
    printed = codes(tmp_path, path, "2024-02")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + '\n2024-01-01 custom "fava-extension" "kongtun.plugins.fava" "{\'lang\': \'en\'}"\n',
        encoding="utf-8",
    )
    app = create_app([str(path)])
    app.testing = True
    web = app.test_client()
    page = "/ban-don-mai-savings-group/extension/KongTun/"

    def get(query: str) -> str:
        response = web.get(page + query)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    statement = get("?page=statement&month=2024-02&member=M0002")
    assert f'class="kongtun-code">{printed["M0002"]}<' in statement
    assert f"<code>{digest[:23]}</code>" in statement
    assert digest in get("?page=report&month=2024-02")
    form = get("?page=verify&month=2024-02")
    assert 'name="code"' in form
    assert "data-outcome" not in form
    ok = get(f"?page=verify&month=2024-02&member=M0002&code={printed['M0002']}")
    assert 'data-outcome="matches"' in ok
    assert "the statement matches the books: M0002, February 2024" in ok
    wrong = get(f"?page=verify&month=2024-02&member=M0001&code={printed['M0002']}")
    assert 'data-outcome="wrong-code"' in wrong
    unknown = get("?page=verify&month=2024-02&member=M0099&code=0000-0000")
    assert "There is no member M0099 in the books." in unknown
    # the closed month changed: the statement page prints no code and says why
    changed = path.read_text(encoding="utf-8").replace("ค่าเครื่องเขียน", "ค่าเครื่องเขียนและหมึก", 1)
    path.write_text(changed, encoding="utf-8")
    app = create_app([str(path)])
    app.testing = True
    web = app.test_client()
    statement = get("?page=statement&month=2024-02&member=M0002")
    assert printed["M0002"] not in statement
    assert 'class="kongtun-code"' not in statement
    assert "The books closed to 29 February 2024 were changed after the close" in statement


def test_the_pdf_statement_prints_the_code(tmp_path: Path) -> None:
    path, digest = closed_small(tmp_path)
    code = codes(tmp_path, path, "2024-02")["M0001"]
    out = tmp_path / "pdf"
    args = ("--month", "2024-02", "--out", str(out), "--member", "M0001", "--pdf")
    assert run("statements", str(path), *args).exit_code == 0
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("the PDF tests need poppler-utils (.ci/run installs it)")
    pdf = out / "statements-2024-02" / "statement-2024-02-M0001.pdf"
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True)
    assert code in text.stdout
    assert digest[:23] in text.stdout
