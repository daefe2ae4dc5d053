"""Dated rules: amendments carry earlier values; replace starts over; typed values."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from beancount.core.amount import Amount

from kongtun.ledger.books.fund import read_fund
from kongtun.tests.conftest import load_text

D = datetime.date


def test_rules_in_force_on_a_day(tmp_path: Path) -> None:
    entries, errors, options = load_text(
        tmp_path,
        """
        plugin "kongtun.plugins.fund"
        2022-01-01 custom "fund" "savings-group"
        2022-01-01 custom "rules" "ระเบียบ 2565"
          savings-monthly-min: 100 THB
          savings-withdrawal-allowed: TRUE
        2024-01-01 custom "rules" "มติที่ประชุมใหญ่ 1/2567"
          savings-monthly-min: 200 THB
        2025-01-01 custom "rules" "ระเบียบใหม่ 2568"
          replace: TRUE
          savings-monthly-min: 300 THB
    """,
    )
    assert errors == []
    fund, _ = read_fund(entries, options)
    assert fund.rules.on(D(2021, 12, 31)).values == {}
    first = fund.rules.on(D(2023, 12, 31))
    assert first.title == "ระเบียบ 2565"
    assert first.amount("savings-monthly-min") == Amount(Decimal(100), "THB")
    assert first.flag("savings-withdrawal-allowed")
    amended = fund.rules.on(D(2024, 1, 1))
    assert amended.title == "มติที่ประชุมใหญ่ 1/2567"
    assert amended.amount("savings-monthly-min") == Amount(Decimal(200), "THB")
    assert amended.flag("savings-withdrawal-allowed"), "an amendment keeps what it does not name"
    replaced = fund.rules.on(D(2030, 1, 1))
    assert replaced.amount("savings-monthly-min") == Amount(Decimal(300), "THB")
    assert not replaced.flag("savings-withdrawal-allowed"), "replace starts a new rule book"


def test_two_rules_on_one_day_apply_in_file_order(tmp_path: Path) -> None:
    entries, _, options = load_text(
        tmp_path,
        """
        plugin "kongtun.plugins.fund"
        2022-01-01 custom "fund" "savings-group"
        2022-01-01 custom "rules" "ก"
          savings-monthly-min: 100 THB
        2022-01-01 custom "rules" "ข"
          savings-monthly-min: 150 THB
    """,
    )
    fund, _ = read_fund(entries, options)
    assert fund.rules.on(D(2022, 1, 1)).amount("savings-monthly-min") == Amount(Decimal(150), "THB")


def test_a_bad_value_is_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    entries, errors, options = load_text(
        tmp_path,
        """
        plugin "kongtun.plugins.fund"
        2022-01-01 custom "fund" "savings-group"
        2022-01-01 custom "rules" "ก"
          savings-monthly-min: 100
          savings-withdrawal-allowed: TRUE
    """,
    )
    assert [error.rule for error in errors] == ["rules-bad-value"]
    fund, _ = read_fund(entries, options)
    assert fund.rules.on(D(2022, 1, 1)).values == {"savings-withdrawal-allowed": True}
