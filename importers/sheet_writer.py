"""Writing collection sheets: the template in templates/, the demo's month, test samples.

The same layout the importer reads (:mod:`kongtun.importers.collection_sheet`): a title, the
collection day and the account above the table, Thai headers, one row per member, a totals
row with formulas (Excel shows the sums; kongtun checks them).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Final

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kongtun.ledger.thai import BE_OFFSET, money_figure

HEADERS: Final = (
    "ลำดับ",
    "รหัสสมาชิก",
    "ชื่อ-สกุล",
    "เงินสัจจะ",
    "หุ้น",
    "เงินต้น",
    "ดอกเบี้ย",
    "ค่าปรับ",
    "เงินสมทบ",
    "เลขที่สัญญา",
    "รวม",
    "หมายเหตุ",
)
MONEY_COLUMNS: Final = ("savings", "shares", "principal", "interest", "fine", "welfare")
FIRST_MONEY: Final = 4  # column D


@dataclass(frozen=True)
class MemberRow:
    member: str
    name: str
    amounts: dict[str, Decimal] = field(default_factory=dict)
    loan: str = ""
    note: str = ""

    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


def be_text(day: datetime.date) -> str:
    """5/1/2568: the day as Thai sheets write it (พ.ศ.)."""
    return f"{day.day}/{day.month}/{day.year + BE_OFFSET}"


def _number(amount: Decimal) -> int | float | None:
    if not amount:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def write_xlsx(
    path: Path,
    title: str,
    day: datetime.date | None,
    account: str,
    rows: Sequence[MemberRow],
    *,
    blank_rows: int = 0,
) -> None:
    """An .xlsx collection sheet (``blank_rows`` empty member rows for a template)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "ใบรับฝาก"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["วันที่รับฝาก", be_text(day) if day else ""])
    sheet.append(["บัญชีรับเงิน", account])
    sheet.append(list(HEADERS))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    first = 5
    for number, row in enumerate(rows, start=1):
        line = first + number - 1
        sheet.append(
            [
                number,
                row.member,
                row.name,
                *(_number(row.amounts.get(column, Decimal(0))) for column in MONEY_COLUMNS),
                row.loan or None,
                f"=SUM(D{line}:I{line})",
                row.note or None,
            ]
        )
    for extra in range(blank_rows):
        line = first + len(rows) + extra
        sheet.append([len(rows) + extra + 1, None, None, *([None] * 7), f"=SUM(D{line}:I{line})"])
    last = first + len(rows) + blank_rows - 1
    totals: list[object] = ["", "รวม", ""]
    for index in range(len(MONEY_COLUMNS)):
        letter = get_column_letter(FIRST_MONEY + index)
        totals.append(f"=SUM({letter}{first}:{letter}{last})")
    totals += ["", f"=SUM(K{first}:K{last})"]
    sheet.append(totals)
    for letter, width in zip(
        "ABCDEFGHIJKL", (6, 12, 24, 10, 8, 10, 10, 8, 10, 14, 10, 16), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    workbook.save(path)


def csv_text(
    title: str,
    day: datetime.date | None,
    account: str,
    rows: Sequence[MemberRow],
    *,
    blank_rows: int = 0,
) -> str:
    """The same sheet as CSV text (values, not formulas: the totals row holds the sums)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title])
    writer.writerow(["วันที่รับฝาก", be_text(day) if day else ""])
    writer.writerow(["บัญชีรับเงิน", account])
    writer.writerow(HEADERS)
    sums = dict.fromkeys(MONEY_COLUMNS, Decimal(0))
    for number, row in enumerate(rows, start=1):
        amounts = [row.amounts.get(column, Decimal(0)) for column in MONEY_COLUMNS]
        for column, amount in zip(MONEY_COLUMNS, amounts, strict=True):
            sums[column] += amount
        writer.writerow(
            [
                number,
                row.member,
                row.name,
                *(money_figure(a, "en") if a else "" for a in amounts),
                row.loan,
                money_figure(row.total(), "en"),
                row.note,
            ]
        )
    for extra in range(blank_rows):
        writer.writerow([len(rows) + extra + 1])
    if blank_rows:  # a template: the totals are the treasurer's to fill in
        writer.writerow(["", "รวม"])
    else:
        sums_text = [money_figure(sums[c], "en") for c in MONEY_COLUMNS]
        grand = money_figure(sum(sums.values(), Decimal(0)), "en")
        writer.writerow(["", "รวม", "", *sums_text, "", grand, ""])
    return out.getvalue()


TEMPLATE_TITLE: Final = "ใบรับฝากเงินประจำเดือน ...... พ.ศ. ...... กลุ่ม ......"
TEMPLATE_ROWS: Final = 40


def write_templates(folder: Path) -> list[Path]:
    """templates/collection-sheet.xlsx and .csv: the headers, empty rows, a totals row."""
    xlsx = folder / "collection-sheet.xlsx"
    write_xlsx(xlsx, TEMPLATE_TITLE, None, "เงินสด", [], blank_rows=TEMPLATE_ROWS)
    text = csv_text(TEMPLATE_TITLE, None, "เงินสด", [], blank_rows=TEMPLATE_ROWS)
    csv_path = folder / "collection-sheet.csv"
    csv_path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return [xlsx, csv_path]


def evaluate_totals(path: Path) -> None:
    """Replace the formulas of an .xlsx written here by their values (as Excel would cache
    them when it saves), so that readers of cached values see the sums."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    values: dict[str, object] = {}
    for row in sheet.iter_rows():
        for cell in row:
            values[cell.coordinate] = cell.value
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("=SUM("):
                start, end = cell.value[5:-1].split(":")
                total = Decimal(0)
                for other in sheet[start:end]:
                    for item in other:
                        value = values.get(item.coordinate)
                        if isinstance(value, (int, float)):
                            total += Decimal(repr(value))
                        elif isinstance(value, str) and value.startswith("=SUM("):
                            total += _sum_of(sheet, value, values)
                cell.value = _number(total) or 0
    workbook.save(path)


def _sum_of(sheet: object, formula: str, values: dict[str, object]) -> Decimal:
    start, end = formula[5:-1].split(":")
    total = Decimal(0)
    for other in sheet[start:end]:  # type: ignore[index]
        for item in other:
            value = values.get(item.coordinate)
            if isinstance(value, (int, float)):
                total += Decimal(repr(value))
    return total
