"""Reading a sheet file into rows of cells: .xlsx (openpyxl) or .csv in UTF-8 or Windows-874.

Thai Excel still saves "CSV" in Windows-874 (a superset of TIS-620); "CSV UTF-8" saves UTF-8
with a byte-order mark. kongtun decides per file: UTF-8 when every line is UTF-8, else
Windows-874 — unless some lines are UTF-8 Thai and others are not, which means two files were
pasted together (an error naming both lines). Rows keep the numbers the user sees in Excel:
row 1 is the first line.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from kongtun.importers.cells import Cell
from kongtun.importers.problems import ImportFailure, import_problem

#: larger than any real collection sheet or monthly statement (a guard against the wrong file)
MAX_BYTES: Final = 20 * 1024 * 1024
SUFFIXES: Final = (".xlsx", ".csv")
OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Table:
    """A sheet's rows as (row number, cells), blank rows left out."""

    path: str
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    encoding: str


def failure(path: str, rule: str, row: int = 0, **params: object) -> ImportFailure:
    return ImportFailure([import_problem(path, row, rule, **params)])


def read_table(path: str | Path) -> Table:
    """The rows of ``path``. Raises :class:`ImportFailure` when it cannot be read."""
    name = str(path)
    file = Path(path)
    if not file.is_file():
        raise failure(name, "import-file-missing")
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise failure(name, "import-file-kind", suffix=suffix or file.name)
    size = file.stat().st_size
    if size == 0:
        raise failure(name, "import-file-empty")
    if size > MAX_BYTES:
        raise failure(name, "import-file-too-large", size=f"{size:,}", limit=f"{MAX_BYTES:,}")
    data = file.read_bytes()
    table = read_xlsx(name, data) if suffix == ".xlsx" else read_csv(name, data)
    if not table.rows:
        raise failure(name, "import-file-empty")
    return table


def read_xlsx(name: str, data: bytes) -> Table:
    """The first worksheet of an .xlsx workbook, values as Excel shows them (not formulas)."""
    if data.startswith(OLE_MAGIC):
        # An .xlsx protected by a password is an OLE container holding the encrypted workbook.
        raise failure(name, "import-file-encrypted")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise failure(
            name, "import-file-unreadable", kind="xlsx", reason=type(exc).__name__
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(_cell(value) for value in values)
            if any(cell not in (None, "") for cell in cells):
                rows.append((number, cells))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise failure(
            name, "import-file-unreadable", kind="xlsx", reason=type(exc).__name__
        ) from exc
    finally:
        workbook.close()
    return Table(name, tuple(rows), "xlsx")


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (datetime.date, Decimal)):
        return value
    return str(value)


def decode(name: str, data: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding (``utf-8`` or ``cp874``)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    first_utf8 = first_other = 0
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            first_other = first_other or number
        else:
            first_utf8 = first_utf8 or number
    if first_utf8 and first_other:
        later, earlier = max(first_utf8, first_other), min(first_utf8, first_other)
        this, other = ("UTF-8", "Windows-874") if later == first_utf8 else ("Windows-874", "UTF-8")
        raise failure(name, "import-encoding-mixed", later, this=this, first=earlier, other=other)
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise failure(name, "import-encoding-unknown", row) from exc


def read_csv(name: str, data: bytes) -> Table:
    """A CSV file, comma or semicolon or tab separated, in UTF-8 or Windows-874."""
    text, encoding = decode(name, data)
    if "\x00" in text:
        raise failure(name, "import-file-unreadable", kind="CSV", reason="NUL")
    sample = text[:4096]
    delimiter = ","
    if sample.count(";") > sample.count(",") and sample.count(";") > sample.count("\t"):
        delimiter = ";"
    elif sample.count("\t") > sample.count(","):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    try:
        start = 1
        for values in reader:
            cells = tuple(value.strip() or None for value in values)
            if any(cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise failure(name, "import-file-unreadable", start, kind="CSV", reason=str(exc)) from exc
    return Table(name, tuple(rows), encoding)
