"""Members' contributions and standing: paid-up period, arrears, lapse, rejoining."""

from __future__ import annotations

import datetime
from pathlib import Path

from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.welfare.book import Welfare, read_welfare
from kongtun.ledger.welfare.contributions import add_periods, periods_between
from kongtun.tests.conftest import load_text

D = datetime.date

RULES = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "welfare-fund"
2024-01-01 custom "rules" "ระเบียบ"
  contribution: {amount}
  contribution-period: "{period}"
  lapse-after-missed: 3
  rejoin: TRUE
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
"""


def welfare_of(tmp_path: Path, text: str) -> Welfare:
    entries, _, options = load_text(tmp_path, text)
    fund, _ = read_fund(entries, options)
    welfare, _ = read_welfare(fund, entries)
    return welfare


def pay(day: str, amount: int, member: str = "M0001") -> str:
    return (
        f'\n{day} * "เงินสมทบ"\n  Assets:Cash  {amount} THB\n'
        f"  Income:Contributions:{member}  {-amount} THB\n"
    )


def test_periods() -> None:
    assert add_periods(D(2024, 11, 1), 3, "month") == D(2025, 2, 1)
    assert add_periods(D(2024, 1, 1), 2, "year") == D(2026, 1, 1)
    assert periods_between(D(2024, 11, 1), D(2025, 2, 14), "month") == 3
    assert periods_between(D(2024, 1, 1), D(2025, 2, 14), "year") == 1


def test_status_through_the_months(tmp_path: Path) -> None:
    text = (
        RULES.format(amount="30 THB", period="month")
        + pay("2024-01-05", 60)
        + pay("2024-04-20", 30)
    )
    welfare = welfare_of(tmp_path, text)
    status = welfare.status_on
    assert status("M0001", D(2023, 12, 31)).kind == "not-member"
    assert status("M0001", D(2024, 2, 29)).kind == "active"
    assert status("M0001", D(2024, 3, 31)).kind == "active"
    march = status("M0001", D(2024, 4, 1))
    assert (march.kind, march.missed, march.paid_through) == ("arrears", 1, D(2024, 2, 29))
    april = status("M0001", D(2024, 4, 20))
    assert (april.kind, april.missed, april.paid_through) == ("active", 0, D(2024, 3, 31))
    assert status("M0001", D(2024, 6, 30)).missed == 2
    lapsed = status("M0001", D(2024, 7, 1))
    assert (lapsed.kind, lapsed.lapsed) == ("lapsed", D(2024, 7, 1))
    assert status("M0001", D(2030, 1, 1)).kind == "lapsed"


def test_money_in_advance_covers_later_periods(tmp_path: Path) -> None:
    welfare = welfare_of(
        tmp_path, RULES.format(amount="30 THB", period="month") + pay("2024-01-05", 360)
    )
    status = welfare.status_on("M0001", D(2024, 12, 31))
    assert (status.kind, status.paid_through) == ("active", D(2024, 12, 31))
    assert welfare.status_on("M0001", D(2025, 4, 1)).kind == "lapsed"


def test_yearly_contributions(tmp_path: Path) -> None:
    text = RULES.format(amount="365 THB", period="year") + pay("2024-01-05", 365)
    welfare = welfare_of(tmp_path, text)
    assert welfare.status_on("M0001", D(2024, 12, 31)).kind == "active"
    assert welfare.status_on("M0001", D(2025, 12, 31)).missed == 0
    assert welfare.status_on("M0001", D(2026, 1, 1)).missed == 1
    assert welfare.status_on("M0001", D(2027, 12, 31)).kind == "arrears"
    assert welfare.status_on("M0001", D(2028, 1, 1)).kind == "lapsed"


def test_a_raised_contribution_applies_from_its_period(tmp_path: Path) -> None:
    text = (
        RULES.format(amount="30 THB", period="month")
        + ('2024-03-01 custom "rules" "มติ: เพิ่มเงินสมทบ"\n  contribution: 50 THB\n')
        + pay("2024-01-05", 110)
    )
    welfare = welfare_of(tmp_path, text)
    assert welfare.status_on("M0001", D(2024, 3, 31)).paid_through == D(2024, 3, 31)
    assert welfare.status_on("M0001", D(2024, 4, 30)).missed == 0
    assert welfare.status_on("M0001", D(2024, 5, 1)).missed == 1


def test_days_unpaid_rule(tmp_path: Path) -> None:
    text = RULES.format(amount="30 THB", period="month").replace(
        "lapse-after-missed: 3", "lapse-after-days: 90"
    ) + pay("2024-01-05", 90)
    welfare = welfare_of(tmp_path, text)
    assert welfare.status_on("M0001", D(2024, 6, 29)).kind == "arrears"
    assert welfare.status_on("M0001", D(2024, 6, 30)).kind == "lapsed"


def test_rejoining_starts_a_new_spell(tmp_path: Path) -> None:
    text = (
        RULES.format(amount="30 THB", period="month")
        + pay("2024-01-05", 30)
        + '2024-09-10 custom "member-rejoin" "M0001"\n'
        + pay("2024-09-10", 30)
    )
    welfare = welfare_of(tmp_path, text)
    assert welfare.status_on("M0001", D(2024, 9, 9)).kind == "lapsed"
    status = welfare.status_on("M0001", D(2024, 9, 10))
    assert (status.kind, status.since, status.paid_through) == (
        "active",
        D(2024, 9, 10),
        D(2024, 9, 30),
    )
    assert welfare.status_on("M0001", D(2025, 1, 1)).lapsed == D(2025, 1, 1)


def test_no_contribution_rule_tracks_nothing(tmp_path: Path) -> None:
    text = RULES.format(amount="30 THB", period="month").replace("  contribution: 30 THB\n", "")
    welfare = welfare_of(tmp_path, text)
    assert welfare.status_on("M0001", D(2030, 1, 1)).kind == "active"
