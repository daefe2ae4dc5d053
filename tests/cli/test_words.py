"""Words (issue 12): -h is help, import's help names its options rightly, Thai months are
spaced, plurals come from the catalog."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.tests.plugins.test_fava import EXAMPLE


def test_dash_h_is_help() -> None:
    for args in (["-h"], ["check", "-h"], ["import", "-h"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, args
        assert result.output.startswith("วิธีใช้: "), args  # Thai first (tests/cli/test_usage.py)


def test_import_help_names_the_ledger_option() -> None:
    result = CliRunner().invoke(main, ["import", "--help", "--lang", "en"])
    assert "into the ledger given with --into" in " ".join(result.output.split())
    assert "into LEDGER" not in result.output


def test_a_month_outside_the_books_is_spaced_in_thai(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["report", str(EXAMPLE), "--month", "2570-01", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "บัญชีเริ่มตั้งแต่ มกราคม 2567 ถึง " in result.stderr
    assert "ถึงมีนาคม" not in result.stderr


def test_no_plural_in_parentheses(tmp_path: Path) -> None:
    books = tmp_path / "books.beancount"
    books.write_text(
        EXAMPLE.read_text(encoding="utf-8")
        + '\n2024-03-20 * "x"\n  Assets:Cash  -1.00 THB\n  Liabilities:Savings:M0001  1.00 THB\n',
        encoding="utf-8",
    )
    english = CliRunner().invoke(main, ["check", "--lang", "en", str(books)])
    assert english.stderr == "1 problem found.\n"
    thai = CliRunner().invoke(main, ["check", str(books)])
    assert thai.stderr == "พบข้อผิดพลาด 1 รายการ\n"
