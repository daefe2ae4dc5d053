"""Reading cells: Thai digits, separators, blanks, satang rounding, Thai dates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kongtun.importers.cells import CellError, member_id, parse_date, parse_money
from kongtun.importers.tabular import decode

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (None, "0"),
        ("", "0"),
        ("-", "0"),
        (" – ", "0"),
        ("1,234.50", "1234.50"),
        ("๑,๒๓๔.๕๐", "1234.50"),
        ("1 234", "1234"),
        ("200 บาท", "200"),
        ("฿200", "200"),
        ("(100)", "-100"),
        (".5", "0.50"),
        (100, "100"),
        (100.1 + 0.2 - 0.2, "100.10"),
        (Decimal("99.995"), "100.00"),
    ],
)
def test_money(cell: object, expected: str) -> None:
    assert parse_money(cell) == Decimal(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("abc", "number"),
        ("1,23", "number"),
        ("1.2.3", "number"),
        ("100.005", "satang"),
        (datetime.date(2025, 1, 5), "number"),
        (float("nan"), "number"),
        (True, "number"),
    ],
)
def test_not_money(cell: object, kind: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_money(cell)  # type: ignore[arg-type]
    assert caught.value.kind == kind


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_any_amount_written_the_thai_way_reads_back(amount: Decimal) -> None:
    assert parse_money(f"{amount:,.2f}".translate(THAI)) == amount
    assert parse_money(f"{amount:.2f}") == amount


@pytest.mark.parametrize(
    "cell",
    [
        "2025-01-05",
        "5/1/2568",
        "05/01/2025",
        "๕/๑/๒๕๖๘",
        "5 ม.ค. 2568",
        "5 มกราคม 2568",
        "5.1.2568",
        "5 Jan 2025",
        datetime.date(2025, 1, 5),
        datetime.datetime(2568, 1, 5, 0, 0),
    ],
)
def test_dates(cell: object) -> None:
    assert parse_date(cell) == datetime.date(2025, 1, 5)  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["32/1/2568", "5/13/2568", "yesterday", "", None, "5 ก.ก. 2568"])
def test_not_dates(cell: object) -> None:
    with pytest.raises(CellError):
        parse_date(cell)  # type: ignore[arg-type]


def test_member_ids_and_encodings() -> None:
    assert member_id(" m๐๐๐๑ ") == "M0001"
    text = "รหัสสมาชิก,เงินสัจจะ\n"
    assert decode("x", text.encode("cp874")) == (text, "cp874")
    assert decode("x", b"\xef\xbb\xbf" + text.encode()) == (text, "utf-8")
