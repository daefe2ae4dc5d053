"""Reading the cells of a sheet: numbers, dates, member ids and headers, as Thai sheets write them.

- Thai digits (๐–๙) read as 0–9 everywhere;
- thousands separators (``1,234.50``), a currency word (``บาท``, ``THB``, ``฿``) and spaces are
  ignored; a blank cell, or ``-`` (how Thai accounting formats show zero), is zero;
- money is :class:`~decimal.Decimal` THB rounded to the satang, half up (a spreadsheet's binary
  fractions such as 100.10000000000001 become 100.10); text with more than two decimals is a
  typing mistake, not rounded;
- dates: ``2025-01-05``, ``5/1/2568`` or ``5/1/2025`` (day/month/year; a year above 2400 is
  พ.ศ.), ``5 ม.ค. 2568`` or ``5 มกราคม 2568``, or a date cell of the spreadsheet.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Final

from kongtun.ledger.thai import BE_OFFSET, month_names, quantize_satang

THAI_DIGITS: Final = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
#: what may stand beside a number in a money cell
CURRENCY_WORDS: Final = ("บาท", "THB", "฿", "บ.")
ZERO_MARKS: Final = ("", "-", "–", "—")
NUMBER: Final = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?|[+-]?\.\d+")
#: a cell as a reader gives it
Cell = str | int | float | Decimal | datetime.date | datetime.datetime | None


class CellError(ValueError):
    """A cell that cannot be read as what its column holds (the message is a catalog key)."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(kind, text)
        self.kind = kind
        self.text = text


def thai_digits(text: str) -> str:
    """``text`` with Thai digits as ASCII digits."""
    return text.translate(THAI_DIGITS)


def cell_text(value: Cell) -> str:
    """A cell as the user sees it (for messages), trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_money(value: Cell) -> Decimal:
    """A money cell as Decimal THB (satang, half up). Raises :class:`CellError`."""
    if value is None:
        return Decimal(0)
    if isinstance(value, (bool, datetime.date, datetime.datetime)):
        raise CellError("number", cell_text(value))
    if isinstance(value, (int, Decimal)):
        return quantize_satang(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("number", cell_text(value))
        return quantize_satang(Decimal(repr(value)))
    text = thai_digits(str(value)).replace("\u00a0", " ").strip()
    for word in CURRENCY_WORDS:
        text = text.replace(word, "")
    text = text.replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if text in ZERO_MARKS:
        return Decimal(0)
    if not NUMBER.fullmatch(text):
        raise CellError("number", str(value).strip())
    whole, _, fraction = text.partition(".")
    if len(fraction) > 2:
        raise CellError("satang", str(value).strip())
    try:
        number = Decimal(whole.replace(",", "") + ("." + fraction if fraction else ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise CellError("number", str(value).strip()) from exc
    number = quantize_satang(number)
    return -number if negative else number


def _year(number: int) -> int:
    return number - BE_OFFSET if number > 2400 else number


def _month_number(word: str) -> int | None:
    word = word.strip().rstrip(".")
    for width in ("abbreviated", "wide"):
        names = month_names(width, "th")
        for index in range(1, 13):
            if names[index].rstrip(".") == word:
                return index
    english = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    lowered = word.lower()[:3]
    return english.index(lowered) + 1 if lowered in english else None


def parse_date(value: Cell) -> datetime.date:
    """A date cell. Raises :class:`CellError`."""
    if isinstance(value, datetime.datetime):
        return _be_date(value.date())
    if isinstance(value, datetime.date):
        return _be_date(value)
    text = thai_digits(cell_text(value))
    try:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(_year(year), month, day)
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(_year(year), month, day)
        match = re.fullmatch(r"(\d{1,2})\s+(\S+)\s+(\d{4})", text)
        if match:
            month_number = _month_number(match.group(2))
            if month_number is not None:
                return datetime.date(_year(int(match.group(3))), month_number, int(match.group(1)))
    except ValueError as exc:
        raise CellError("date", cell_text(value)) from exc
    raise CellError("date", cell_text(value))


def _be_date(day: datetime.date) -> datetime.date:
    """A date cell typed with a Buddhist Era year (Excel keeps 2568 as a year): to ค.ศ."""
    if day.year > 2400:
        return day.replace(year=day.year - BE_OFFSET)
    return day


def header_key(value: Cell) -> str:
    """A header as compared with the known headers: no spaces, dots, brackets; lower case."""
    text = cell_text(value).lower()
    return re.sub(r"[\s._()\[\]/:*-]+", "", text)


def member_id(value: Cell) -> str:
    """A member id cell: trimmed, Thai digits read, upper case (``m๐๐๐๑`` is M0001)."""
    return thai_digits(cell_text(value)).replace(" ", "").upper()
