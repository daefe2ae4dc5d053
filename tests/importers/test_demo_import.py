"""``kongtun demo`` writes a month to import; the tour imports it with kongtun, beangulp, Fava."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from fava.application import create_app

from kongtun.cli.main import main
from kongtun.importers.demo import SHEET, STATEMENT
from kongtun.tests.importers.helpers import run, snapshot

SLUG = "/ban-nong-bua-thong-savings-group"


def demo(folder: Path) -> Path:
    result = CliRunner().invoke(main, ["demo", "--lang", "en", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[4:] == [
        f"wrote {folder / SHEET}",
        f"wrote {folder / STATEMENT}",
        f"wrote {folder / 'importers.py'}",
    ]
    return folder / "savings-group.beancount"


def test_the_tour_imports_the_month(tmp_path: Path) -> None:
    ledger = demo(tmp_path)
    code, out, _ = run(str(tmp_path / SHEET), "--into", str(ledger), "--lang", "en")
    assert code == 0, out
    assert out.startswith(f"Added 137 transactions from {tmp_path / SHEET}")
    code, out, _ = run(str(tmp_path / STATEMENT), "--into", str(ledger), "--lang", "en")
    assert code == 0, out
    text = ledger.read_text(encoding="utf-8")
    assert text.count('\n  loan: "') >= text.count("จ่ายเงินกู้สมาชิก")  # repayments imported
    banked = text.split('2025-01-06 * "ฝากเงินสด"', 1)[1].split("\n\n", 1)[0]
    assert "  Assets:Cash  -" in banked, "the day's cash, banked the next day"
    assert '2025-01-20 ! "โอนเงิน PromptPay"' in text
    check = CliRunner().invoke(main, ["check", "--lang", "en", str(ledger)])
    assert (check.exit_code, check.stdout) == (0, "")
    files = snapshot(tmp_path)
    for source in (SHEET, STATEMENT):
        assert run(str(tmp_path / source), "--into", str(ledger))[0] == 0
    assert snapshot(tmp_path) == files


def test_beangulp_command_line(tmp_path: Path) -> None:
    ledger = demo(tmp_path)
    result = subprocess.run(
        [sys.executable, "importers.py", "extract", "import", "-e", ledger.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("import-id: ") == 137 + 4
    assert f"{tmp_path / SHEET} ... OK" in result.stderr


def test_favas_import_page(tmp_path: Path) -> None:
    ledger = demo(tmp_path)
    app = create_app([str(ledger)])
    app.testing = True
    client = app.test_client()
    imports = client.get(f"{SLUG}/api/imports").get_json()["data"]
    found = {item["basename"]: item["importers"] for item in imports}
    assert found["collection-2568-01.xlsx"][0]["importer_name"] == "kongtun.collection_sheet"
    assert found["collection-2568-01.xlsx"][0]["date"] == "2025-01-05"
    assert found["bank-2568-01.csv"][0]["importer_name"] == "kongtun.bank_csv"
    assert found["bank-2568-01.csv"][0]["date"] == "2025-01-20"
    extracted = client.get(
        f"{SLUG}/api/extract",
        query_string={"filename": str(tmp_path / SHEET), "importer": "kongtun.collection_sheet"},
    ).get_json()["data"]
    assert len(extracted) == 137
    assert extracted[0]["meta"]["import-id"] == "collection 2025-01-05 M0001"


def test_demo_never_overwrites_a_users_sheet(tmp_path: Path) -> None:
    mine = tmp_path / SHEET
    mine.parent.mkdir()
    mine.write_bytes(b"my own sheet")
    result = CliRunner().invoke(main, ["demo", "--lang", "en", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kongtun: {mine} exists and was not written by kongtun demo; nothing was written. "
        "Choose another directory.\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["import"]
    assert mine.read_bytes() == b"my own sheet"
    demo(tmp_path / "again")
    demo(tmp_path / "again")  # its own files it rewrites
