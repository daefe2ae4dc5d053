"""Thai done properly: baht spelled out, Buddhist Era months, dictionary order."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kongtun.ledger.thai import (
    baht_text,
    days_in_month,
    long_date,
    parse_month,
    thai_order,
    wide_month,
)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("120.75", "หนึ่งร้อยยี่สิบบาทเจ็ดสิบห้าสตางค์"),
        ("0", "ศูนย์บาทถ้วน"),
        ("0.004", "ศูนย์บาทถ้วน"),
        ("0.50", "ห้าสิบสตางค์"),
        ("21", "ยี่สิบเอ็ดบาทถ้วน"),
        ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
        ("1000000.01", "หนึ่งล้านบาทหนึ่งสตางค์"),
        (
            "12345678901234.99",
            "สิบสองล้านสามแสนสี่หมื่นห้าพันหกร้อยเจ็ดสิบแปดล้านเก้าแสนหนึ่งพันสองร้อยสามสิบสี่บาทเก้าสิบเก้าสตางค์",
        ),
        ("-5", "ลบห้าบาทถ้วน"),
        # vectors tested against spreadsheets' BAHTTEXT (see DOMAIN notes); a final 1 after a
        # higher digit is เอ็ด, as Excel and bank contracts write it (both forms are accepted)
        ("8", "แปดบาทถ้วน"),
        ("5678", "ห้าพันหกร้อยเจ็ดสิบแปดบาทถ้วน"),
        ("63147.89", "หกหมื่นสามพันหนึ่งร้อยสี่สิบเจ็ดบาทแปดสิบเก้าสตางค์"),
        ("317.10", "สามร้อยสิบเจ็ดบาทสิบสตางค์"),
        ("11.11", "สิบเอ็ดบาทสิบเอ็ดสตางค์"),
        ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
        ("0.67", "หกสิบเจ็ดสตางค์"),
        ("-201", "ลบสองร้อยเอ็ดบาทถ้วน"),
        ("100001", "หนึ่งแสนเอ็ดบาทถ้วน"),
        ("2.005", "สองบาทหนึ่งสตางค์"),
    ],
)
def test_baht_text(amount: str, words: str) -> None:
    assert baht_text(Decimal(amount)) == words


def test_months_and_dates() -> None:
    assert long_date(datetime.date(2024, 9, 20), "th") == "20 กันยายน 2567"
    assert long_date(datetime.date(2024, 9, 20), "en") == "20 September 2024"
    assert wide_month(datetime.date(2024, 9, 1), "th") == "กันยายน 2567"
    assert parse_month("2024-09") == datetime.date(2024, 9, 1)
    assert parse_month("2567-09") == datetime.date(2024, 9, 1)
    assert parse_month(" 2567-9 ") == datetime.date(2024, 9, 1)
    assert parse_month("๒๕๖๗-๐๙") == datetime.date(2024, 9, 1)
    for bad in ("2024-13", "2024-00", "2024", "09-2024", "2024-09-01", "abcd-ef", ""):
        assert parse_month(bad) is None, bad


def test_thai_dictionary_order() -> None:
    names = ["นายสมชาย ใจดี", "นางบัวผัน ศรีสุข", "นางสาวเกษร ทองมา", "ไพโรจน์ ดี", "กมล สุข"]
    order = thai_order(names)
    # กมล before เกษร: a leading vowel sorts after its consonant (กม < เก as กเ)
    assert sorted(names, key=order.__getitem__) == [
        "กมล สุข",
        "นางสาวเกษร ทองมา",
        "นางบัวผัน ศรีสุข",
        "ไพโรจน์ ดี",
        "นายสมชาย ใจดี",
    ]


@given(st.integers(1, 9999), st.integers(1, 12))
def test_days_in_month_is_calendars(year: int, month: int) -> None:
    """``days_in_month`` (the loans' schedules: ledger/loans/schedule.py ``add_months``) is
    ``calendar.monthrange``, which a load no longer imports."""
    assert days_in_month(year, month) == calendar.monthrange(year, month)[1]
