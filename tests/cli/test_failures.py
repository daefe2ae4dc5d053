"""Every command fails the same way: one line ``kongtun: ...`` on stderr in the chosen language,
exit status 2, nothing on stdout, never a traceback — for a ledger that is not there, a month
or a day that is not one, and a language kongtun does not speak.

``kongtun import`` is the one exception, as docs/importing.md says: a ledger that is not there
is a problem of the import, listed as ``file: rule-id: message`` with exit status 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kongtun.cli.main import main

SMALL = Path(__file__).resolve().parent.parent / "data" / "small-fund.beancount"
#: each command with every argument it needs; LEDGER is replaced by a file that is not there
COMMANDS: dict[str, list[str]] = {
    "check": ["LEDGER"],
    "loans": ["LEDGER"],
    "welfare-status": ["LEDGER", "--year", "2024"],
    "statements": ["LEDGER", "--month", "2024-02", "--out", "OUT"],
    "report": ["LEDGER", "--month", "2024-02", "--out", "OUT"],
    "carry": ["LEDGER", "NEW"],
    "verify-chain": ["LEDGER", "NEW"],
}
MISSING = {
    "en": "kongtun: cannot read {path}: no such file. Check the path and try again.\n",
    "th": "kongtun: อ่าน {path} ไม่ได้: ไม่มีไฟล์นี้ ตรวจสอบชื่อและที่อยู่ไฟล์แล้วลองใหม่\n",
}
#: the options that take a day, each with a command that has it
DAYS: list[list[str]] = [
    ["loans", str(SMALL), "--date"],
    ["import", "sheet.csv", "--into", str(SMALL), "--date"],
    ["carry", str(SMALL), "NEW", "--start"],
    ["welfare-status", str(SMALL), "--behind-on"],
]


def run(args: list[str], folder: Path) -> Result:
    """Run ``kongtun`` with ``args`` (LEDGER, NEW and OUT placed in ``folder``)."""
    where = {"LEDGER": "none.beancount", "NEW": "new.beancount", "OUT": "out"}
    args = [str(folder / where[arg]) if arg in where else arg for arg in args]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def refused(result: Result) -> str:
    """The one line a refused command printed (exit status 2, stdout empty)."""
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr.count("\n") == 1
    return result.stderr


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_ledger_that_is_not_there(tmp_path: Path, command: str, lang: str) -> None:
    result = run([command, *COMMANDS[command], "--lang", lang], tmp_path)
    assert refused(result) == MISSING[lang].format(path=tmp_path / "none.beancount")
    assert sorted(tmp_path.iterdir()) == [], "nothing written"


def test_import_lists_a_ledger_that_is_not_there_as_a_problem(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("รหัสสมาชิก,เงินสัจจะ\nM0001,100\n", encoding="utf-8")
    ledger = tmp_path / "none.beancount"
    result = run(["import", str(sheet), "--into", str(ledger), "--lang", "en"], tmp_path)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{ledger}: import-ledger-missing: cannot read the ledger {ledger}: no such file.\n"
    )
    assert result.stderr == f"1 problem found; nothing was written to {ledger}.\n"


@pytest.mark.parametrize("command", [*sorted(COMMANDS), "import", "demo"])
def test_a_language_kongtun_does_not_speak(tmp_path: Path, command: str) -> None:
    """Which language was meant is not known: the message is in both, on one line."""
    args = {"import": ["sheet.csv", "--into", "LEDGER"], "demo": ["OUT"]}.get(command)
    result = run([command, *(args or COMMANDS[command]), "--lang", "fr"], tmp_path)
    assert refused(result) == (
        "kongtun: --lang fr: kongtun ใช้ได้สองภาษา คือ th (ไทย) หรือ en (อังกฤษ) "
        "ให้เลือกอย่างใดอย่างหนึ่ง · "
        "--lang fr: kongtun speaks th (Thai) or en (English); write one of them.\n"
    )
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "kongtun: --month 2024-13 is not a month: write it as 2024-09 (or 2567-09 in พ.ศ.).\n",
        ),
        ("th", "kongtun: --month 2024-13 ไม่ใช่เดือน: เขียนเป็น 2024-09 (ค.ศ.) หรือ 2567-09 (พ.ศ.)\n"),
    ],
)
@pytest.mark.parametrize("command", ["statements", "report"])
def test_a_month_that_is_not_one(tmp_path: Path, command: str, lang: str, message: str) -> None:
    args = [command, str(SMALL), "--month", "2024-13", "--out", "OUT", "--lang", lang]
    assert refused(run(args, tmp_path)) == message
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "kongtun: {option} 2024-02-30 is not a day: write it as 2024-09-20 "
            "(or 2567-09-20 in พ.ศ.).\n",
        ),
        (
            "th",
            "kongtun: {option} 2024-02-30 ไม่ใช่วันที่: เขียนเป็น 2024-09-20 (ค.ศ.) "
            "หรือ 2567-09-20 (พ.ศ.)\n",
        ),
    ],
)
@pytest.mark.parametrize("args", DAYS, ids=[args[0] for args in DAYS])
def test_a_day_that_is_not_one(tmp_path: Path, args: list[str], lang: str, message: str) -> None:
    result = run([*args, "2024-02-30", "--lang", lang], tmp_path)
    assert refused(result) == message.format(option=args[-1])
    assert sorted(tmp_path.iterdir()) == []


def test_a_day_in_the_buddhist_era_is_the_same_day(tmp_path: Path) -> None:
    """2567-02-20 and 2024-02-20 are one day on every command that takes a day."""
    common = ["loans", str(SMALL), "--lang", "en", "--date"]
    christian, buddhist = (
        run([*common, "2024-02-20"], tmp_path),
        run([*common, "2567-02-20"], tmp_path),
    )
    assert christian.exit_code == buddhist.exit_code == 0
    assert buddhist.stdout == christian.stdout
    assert christian.stdout.startswith("Loans on 2024-02-20\n")
