"""The template sheets in templates/: Thai headers the importer knows; filled in, they import.

Written again only with ``KONGTUN_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from kongtun.importers.sheet import HEADERS, find_header
from kongtun.importers.sheet_writer import HEADERS as WRITTEN
from kongtun.importers.sheet_writer import write_templates
from kongtun.importers.tabular import read_table
from kongtun.tests.importers.helpers import books, run

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


@pytest.fixture(scope="module", autouse=True)
def update() -> None:
    if os.environ.get("KONGTUN_UPDATE_GOLDEN") == "1":
        write_templates(TEMPLATES)


def test_templates_are_the_writers(tmp_path: Path) -> None:
    write_templates(tmp_path)
    csv = "collection-sheet.csv"
    assert (tmp_path / csv).read_bytes() == (TEMPLATES / csv).read_bytes()
    for name in ("collection-sheet.xlsx", csv):
        table = read_table(TEMPLATES / name)
        header = find_header(table)
        assert header is not None, name
        assert tuple(table.rows[header][1][: len(WRITTEN)]) == WRITTEN
    assert all(
        header.replace(" ", "").lower() in HEADERS or header in WRITTEN for header in WRITTEN
    )


def test_the_filled_in_xlsx_template_imports(tmp_path: Path) -> None:
    sheet = tmp_path / "jan.xlsx"
    shutil.copyfile(TEMPLATES / "collection-sheet.xlsx", sheet)
    workbook = openpyxl.load_workbook(sheet)
    page = workbook.active
    assert page is not None
    page["B2"] = "5/1/2568"
    page["B5"], page["C5"], page["D5"], page["E5"] = "M0001", "นางสมศรี ใจดี", 200, 50
    page["B6"], page["D6"] = "M0002", "๑,๐๐๐"
    workbook.save(sheet)
    ledger = books(tmp_path)
    code, out, _ = run(str(sheet), "--into", str(ledger), "--lang", "en")
    assert (code, out.split(" (")[0]) == (0, f"Added 2 transactions from {sheet} to {ledger}")


def test_the_filled_in_csv_template_imports(tmp_path: Path) -> None:
    lines = (TEMPLATES / "collection-sheet.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "วันที่รับฝาก,5 ม.ค. 2568"
    lines[4] = "1,M0001,นางสมศรี ใจดี,200.00,50.00,,,,,,250.00,"
    lines[-1] = ",รวม,,200.00,50.00,,,,,,250.00,"
    sheet = tmp_path / "jan.csv"
    sheet.write_text("\r\n".join(lines) + "\r\n", encoding="cp874")
    ledger = books(tmp_path)
    code, out, _ = run(str(sheet), "--into", str(ledger), "--lang", "en")
    assert (code, out.split(" (")[0]) == (0, f"Added 1 transaction from {sheet} to {ledger}")
