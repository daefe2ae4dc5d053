"""``kongtun check`` through click's CliRunner: exit codes, both languages, JSON, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.tests.conftest import write_ledger

CLEAN = """
plugin "kongtun.plugins.fund"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2024-01-05 * "ฝาก"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001  -100 THB
"""
BROKEN = (
    CLEAN
    + """
2024-01-06 * "ฝากผิดคน"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0002  -100 THB
"""
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def test_clean_books(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, CLEAN)
    assert run("check", str(path)) == (0, "", f"ไม่พบข้อผิดพลาดใน {path}\n")
    assert run("check", "--lang", "en", str(path)) == (0, "", f"No problems found in {path}.\n")


def test_problems_in_thai_by_default(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BROKEN)
    before = path.read_bytes()
    code, out, err = run("check", str(path))
    assert path.read_bytes() == before, "check never changes the books"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.beancount"]
    assert code == 1
    assert out == (
        f"{path}:8: member-unknown: Liabilities:Savings:M0002 เป็นบัญชีของสมาชิก M0002 "
        'ซึ่งไม่ได้ประกาศเป็นสมาชิก ให้ประกาศด้วย `custom "member" "M0002" "ชื่อ"` '
        "ภายใน 2024-01-06 (6 ม.ค. 2567) หรือแก้ชื่อบัญชีให้ถูกต้อง\n"
    )
    assert err == "พบข้อผิดพลาด 1 รายการ\n"


def test_problems_in_english(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BROKEN)
    code, out, err = run("check", "--lang", "en", str(path))
    assert code == 1
    assert out == (
        f"{path}:8: member-unknown: Liabilities:Savings:M0002 belongs to member M0002, who is "
        'not declared. Declare the member with `custom "member" "M0002" "NAME"` on or before '
        "2024-01-06, or correct the account.\n"
    )
    assert err == "1 problem found.\n"


def test_json(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, BROKEN)
    code, out, _ = run("check", "--format", "json", "--lang", "en", str(path))
    assert code == 1
    report = json.loads(out)
    assert report == {
        "ledger": str(path),
        "lang": "en",
        "count": 1,
        "errors": [
            {
                "file": str(path),
                "line": 8,
                "rule": "member-unknown",
                "message": report["errors"][0]["message"],
            }
        ],
        "warnings": [],
    }
    assert report["errors"][0]["message"].startswith("member-unknown: Liabilities:Savings:M0002")
    code, out, _ = run("check", "--format", "json", str(write_ledger(tmp_path, CLEAN, "ok.bc")))
    assert (code, json.loads(out)["errors"]) == (0, [])


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.beancount"
    code, out, err = run("check", str(missing))
    assert (code, out) == (2, "")
    assert err == f"kongtun: อ่าน {missing} ไม่ได้: ไม่มีไฟล์นี้ ตรวจสอบชื่อและที่อยู่ไฟล์แล้วลองใหม่\n"
    code, _, err = run("check", "--lang", "en", str(missing))
    assert err == f"kongtun: cannot read {missing}: no such file. Check the path and try again.\n"


def test_a_ledger_that_does_not_parse(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, CLEAN + '\n2024-01-07 * "ขาดบัญชี\n  Assets:Cash 5 THB\n')
    code, out, err = run("check", "--lang", "en", str(path))
    assert code == 1
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert lines, "a syntax error is reported"
    assert all(line.startswith(f"{path}:") for line in lines)
    assert any(": beancount-" in line for line in lines)


def test_beancount_errors_pass_through_with_file_and_line(tmp_path: Path) -> None:
    path = write_ledger(
        tmp_path,
        CLEAN
        + """
2024-01-08 * "ไม่สมดุล"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0001   -90 THB
""",
    )
    code, out, _ = run("check", "--lang", "en", str(path))
    assert code == 1
    assert out.startswith(f"{path}:8: beancount-validation: Transaction does not balance")


def test_plugin_missing(tmp_path: Path) -> None:
    path = write_ledger(tmp_path, "2024-01-01 open Assets:Cash\n")
    code, out, _ = run("check", "--lang", "en", str(path))
    assert code == 1
    assert out == (
        f"{path}:1: plugin-missing: this ledger does not load kongtun's checks. Add the line "
        '`plugin "kongtun.plugins.fund"` near the top of the main file.\n'
    )


def test_errors_in_an_included_file_name_that_file(tmp_path: Path) -> None:
    write_ledger(
        tmp_path,
        """
2024-02-01 * "ฝากผิดคน"
  Assets:Cash                 100 THB
  Liabilities:Savings:M0003  -100 THB
""",
        "2024-02.beancount",
    )
    path = write_ledger(tmp_path, CLEAN + 'include "2024-02.beancount"\n')
    code, out, _ = run("check", "--lang", "en", str(path))
    assert code == 1
    assert out.startswith(f"{tmp_path / '2024-02.beancount'}:1: member-unknown:")
