"""A fund's monthly summary: the fund report's figures under flat keys, counts only (PDPA)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from hypothesis import given
from hypothesis import strategies as st

from kongtun.cli.load import load_books
from kongtun.ledger.model import load_errors, loaded_books
from kongtun.ledger.network.rollup import area_of, roll_up
from kongtun.ledger.network.summary import (
    Area,
    FundSummary,
    first_problem,
    from_json,
    fund_summary,
    to_json,
)
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.month import read_month
from kongtun.tests.conftest import write_ledger

DATA = Path(__file__).resolve().parent.parent / "data"


def summarise(path: Path, month: datetime.date) -> FundSummary:
    entries, errors, options = load_books(path)
    books = loaded_books(entries, options)
    month_books = read_month(entries, books, month)
    return fund_summary(books.fund, month_books, load_errors(errors, options), (), str(path))


def test_the_small_fund_in_february() -> None:
    summary = summarise(DATA / "small-fund.beancount", datetime.date(2024, 2, 1))
    assert summary.area == Area("อุดรธานี", "เมืองอุดรธานี", "หมากแข้ง")
    assert summary.kind == "savings-group"
    assert summary.problems == 0
    assert summary.first_problem is None
    figures = summary.figures
    assert figures["funds.savings-group"] == 1
    assert figures["members.start"] == 3
    assert figures["members.joined"] == 1
    assert figures["members.left"] == 1
    assert figures["members.end"] == 3
    assert figures["loans.count"] == 1
    assert figures["loans.outstanding"] == Decimal("200.00")  # 250 lent, 50 repaid
    assert "welfare.paid.death" not in figures


def test_the_summary_takes_the_fund_reports_figures(tmp_path: Path) -> None:
    """Every figure the fund report shows is the summary's, not computed twice."""
    path = DATA / "small-fund.beancount"
    entries, _, options = load_books(path)
    books = loaded_books(entries, options)
    month = read_month(entries, books, datetime.date(2024, 2, 1))
    report = fund_report(books.fund, month, 0)
    summary = fund_summary(books.fund, month, [], (), str(path))
    assert summary.figures["cash.hand"] + summary.figures["cash.bank"] == report.cash_closing
    assert summary.figures["income.year"] == report.income_year
    assert summary.figures["expenses.month"] == report.expenses_month
    for money in report.members_money:
        assert summary.figures[f"money.{money.kind}"] == money.closing


def test_the_json_round_trips_and_names_no_member(tmp_path: Path) -> None:
    summary = summarise(DATA / "small-fund.beancount", datetime.date(2024, 3, 1))
    written = json.dumps(to_json(summary), ensure_ascii=False)
    assert from_json(json.loads(written)) == summary
    for word in ("M0001", "M0004", "สมชาย", "บัวผัน", "อำนาจ"):
        assert word not in written
    assert json.loads(written)["figures"]["members.end"] == 3  # counts are numbers
    assert json.loads(written)["figures"]["loans.outstanding"] == "200.00"  # baht, exact


def test_the_first_problem_keeps_its_place_and_rule_only(tmp_path: Path) -> None:
    text = (DATA / "small-fund.beancount").read_text(encoding="utf-8")
    text += (
        '\n2024-03-20 * "ถอนเงินสัจจะ"\n  Assets:Cash  -50.00 THB\n'
        "  Liabilities:Savings:M0001  50.00 THB\n"
    )
    path = write_ledger(tmp_path, text, "broken.beancount")
    summary = summarise(path, datetime.date(2024, 3, 1))
    assert summary.problems == 1
    assert summary.first_problem is not None
    assert summary.first_problem.rule == "savings-withdrawal"
    assert summary.first_problem.file == str(path)
    assert summary.first_problem.line == text.count("\n", 0, text.index("ถอนเงินสัจจะ")) + 1
    assert "M0001" not in json.dumps(to_json(summary))


class Error(NamedTuple):
    """An error as Beancount's loader gives them (source, message, entry)."""

    source: dict[str, object]
    message: str
    entry: None


def test_a_beancount_error_has_no_rule_id() -> None:
    error = Error({"filename": "a.beancount", "lineno": 3}, "Balance failed", None)
    found = first_problem([error])
    assert found is not None
    assert (found.file, found.line, found.rule) == ("a.beancount", 3, "beancount")
    assert first_problem([]) is None


def test_a_welfare_fund_carries_codis_figures(tmp_path: Path) -> None:
    from kongtun.generators.demo import welfare_fund  # noqa: PLC0415

    path = write_ledger(tmp_path, welfare_fund(2567), "welfare.beancount")
    figures = summarise(path, datetime.date(2024, 12, 1)).figures
    assert figures["members.cumulative"] == 300
    assert {"members.status.active", "members.status.lapsed", "received.state"} <= set(figures)
    assert any(key.startswith("welfare.paid-year.") for key in figures)


KEYS = st.sampled_from(["members.end", "cash.hand", "loans.outstanding", "loans.at-risk.30"])
AREAS = st.sampled_from(
    [Area("ก", "ข", "ค"), Area("ก", "ข", "ง"), Area("ก", "จ", "ค"), Area("ฉ", "", "")]
)
SUMMARIES = st.builds(
    lambda n, area, figures: FundSummary(
        f"f{n}.beancount", datetime.date(2024, 9, 1), "savings-group", "", area, figures, 0, None
    ),
    st.integers(0, 10_000),
    AREAS,
    st.dictionaries(KEYS, st.decimals(0, 10**7, places=2)),
)


@given(
    st.lists(SUMMARIES, max_size=12, unique_by=lambda s: s.file),
    st.sampled_from(["tambon", "district", "province"]),
)
def test_areas_add_up_to_the_total_in_any_order(summaries: list[FundSummary], by: str) -> None:
    month = datetime.date(2024, 9, 1)
    rollup = roll_up(month, by, summaries)  # type: ignore[arg-type]
    assert rollup == roll_up(month, by, list(reversed(summaries)))  # type: ignore[arg-type]
    assert sum(area.funds for area in rollup.areas) == rollup.total.funds == len(summaries)
    for key, total in rollup.total.figures.items():
        assert sum(area.get(key) for area in rollup.areas) == total
        assert rollup.total.covers[key] == sum(1 for s in summaries if key in s.figures)
    for area in rollup.areas:
        inside = [s for s in summaries if area_of(s, by) == area.area]  # type: ignore[arg-type]
        assert area.funds == len(inside)
    assert rollup.complete
