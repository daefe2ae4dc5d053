"""click's own words follow --lang (issue 12): usage errors, --help, every command's and
option's help from the catalog, Thai by default."""

from __future__ import annotations

import click
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.i18n import catalog
from kongtun.tests.plugins.test_fava import EXAMPLE


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), prog_name="kongtun")


def test_a_missing_option_in_thai_and_english() -> None:
    thai = run("report", str(EXAMPLE))
    assert thai.exit_code == 2
    assert thai.stderr == (
        "วิธีใช้: kongtun report [ตัวเลือก] LEDGER\n"
        "ดูวิธีใช้ด้วยคำสั่ง 'kongtun report --help'\n\n"
        "ข้อผิดพลาด: ยังไม่ได้ระบุตัวเลือก '--month'\n"
    )
    english = run("report", str(EXAMPLE), "--lang", "en")
    assert english.exit_code == 2
    assert english.stderr == (
        "Usage: kongtun report [OPTIONS] LEDGER\n"
        "Try 'kongtun report --help' for help.\n\n"
        "Error: Missing option '--month'.\n"
    )


def test_an_unknown_option_in_thai_and_english() -> None:
    thai = run("check", "--al", str(EXAMPLE))
    assert thai.exit_code == 2
    assert thai.stderr.endswith(
        "ข้อผิดพลาด: ไม่มีตัวเลือก '--al' หมายถึง '--all', '--lang', '--help' หรือไม่\n"
    )
    # --lang is read before click parses, even after the unknown option
    english = run("check", "--bogus", str(EXAMPLE), "--lang=en")
    assert english.exit_code == 2
    assert english.stderr.endswith("Error: No such option '--bogus'.\n")
    assert "Usage: kongtun check [OPTIONS] LEDGER" in english.stderr


def test_other_usage_errors_are_worded() -> None:
    cases = {
        ("chek", "x"): ("ไม่มีคำสั่ง 'chek' หมายถึง 'check' หรือไม่", None),
        ("check", "--format", "xml", "x"): (
            "ค่าของ '--format' ไม่ถูกต้อง: ให้เขียนค่าใดค่าหนึ่งใน 'text', 'json'",
            "Invalid value for '--format': write one of 'text', 'json'.",
        ),
        ("check", "a", "b"): (
            "มีค่าที่คำสั่งนี้ไม่ได้รับเกินมา: b",
            "Got an unexpected extra argument: b.",
        ),
        ("report", "x", "--month"): (
            "ตัวเลือก '--month' ต้องมีค่าตามหลัง",
            "Option '--month' needs a value after it.",
        ),
        ("check",): ("ยังไม่ได้ระบุ 'LEDGER'", "Missing argument 'LEDGER'."),
        ("demo", "d", "--members", "0"): (
            "ค่าของ '--members' ไม่ถูกต้อง: ให้เขียนจำนวนเต็มตั้งแต่ 1 ถึง 100000",
            "Invalid value for '--members': write a whole number from 1 to 100000.",
        ),
    }
    for args, (thai, english) in cases.items():
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.endswith(f"ข้อผิดพลาด: {thai}\n"), result.stderr
        if english:
            result = run(args[0], "--lang", "en", *args[1:])
            assert result.stderr.endswith(f"Error: {english}\n"), result.stderr
        assert "Traceback" not in result.output


def test_help_of_a_command_in_thai_and_english() -> None:
    thai = run("import", "--help")
    assert thai.exit_code == 0
    assert thai.output.startswith("วิธีใช้: kongtun import [ตัวเลือก] FILE\n")
    text = " ".join(thai.output.split())
    assert "นำเข้า FILE (ใบรับฝาก .xlsx/.csv หรือรายการเดินบัญชีธนาคาร .csv) ลงบัญชีที่ระบุด้วย --into" in text
    assert "ตัวเลือก:" in thai.output
    assert "ยอมรับจำนวนเงินเกิน 100,000,000 บาทในแถวเดียว" in text
    assert "[ต้องระบุ]" in text
    assert "-h, --help แสดงวิธีใช้นี้แล้วจบ" in text
    english = run("import", "-h", "--lang", "en")
    assert english.exit_code == 0
    assert english.output.startswith("Usage: kongtun import [OPTIONS] FILE\n")
    text = " ".join(english.output.split())
    assert "Import FILE (a collection sheet .xlsx/.csv, or a bank statement .csv)" in text
    assert "Accept amounts over 100,000,000 baht in one row" in text
    assert "[required]" in text
    assert "-h, --help Show this message and exit." in text


def test_the_groups_help_lists_the_commands_in_the_language() -> None:
    thai = run("-h")
    assert "คำสั่ง:" in thai.output
    assert "check             ตรวจบัญชี LEDGER:" in thai.output
    english = run("--lang", "en", "-h")
    assert "Commands:" in english.output
    assert "check             Check LEDGER:" in english.output


def test_every_command_and_option_speaks_thai() -> None:
    """Every command is a KongtunCommand, and every help text (the command's, each
    option's) has a Thai translation in the catalog."""
    thai = catalog("th")
    assert main.help in thai
    for name, command in main.commands.items():
        assert isinstance(command, KongtunCommand), name
        assert command.help in thai, name
        for param in command.params:
            if isinstance(param, click.Option) and param.help is not None:
                assert param.help in thai, (name, param.name)
            elif isinstance(param, click.Option):
                raise AssertionError(f"{name} {param.name}: an option without help")


def test_the_version_in_thai_and_english() -> None:
    thai = run("--version")
    assert thai.exit_code == 0
    assert thai.output.startswith("kongtun รุ่น ")
    english = run("--version", "--lang", "en")
    assert english.output.startswith("kongtun, version ")
