"""The year end: a hand-computed ten-member year, and the allocation's invariants (Hypothesis).

tests/data/year-end-2567.beancount, by hand (dividend-rate 6 % a year from the amendment of
1 July 2567 — the 8 % of 2568 is dated after the year's end —, by months held; a share bought
on the 1st earns that month, one bought later from the next month):

======  ==============================  ============  ===============  ========
member  shares                          baht-months   dividend (6 %)   return
======  ==============================  ============  ===============  ========
M0001   1,200 on 1 Jan                  1,200 × 12    72.00
M0002   1,000 on 15 Jan                 1,000 × 11    55.00
M0003   500 on 1 Mar, 500 on 20 Jun     500×10+500×6  40.00
M0004   300 on 1 Jan, left 30 Jun       300 × 5       7.50 (payable)
M0005   700 on 10 Apr                   700 × 8       28.00
M0006   100 on 5 Dec                    0             0
M0007   2,400 on 1 Jan; repaid early    2,400 × 12    144.00           18.00
M0008   600 on 1 Feb                    600 × 11      33.00            18.00
M0009   333 on 31 Jan                   333 × 11      18.31 (18.315)
M0010   250 on 1 Jul (joined)           250 × 6       7.50
======  ==============================  ============  ===============  ========

Income 200 + 360 + 1,000 + 15.55 = 1,575.55; expenses 300; surplus 1,275.55. Welfare 5 %
63.77 (63.7775), education 2 % 25.51 (25.511), committee 100.00, dividends 405.31, returns
36.00 (10 % of 180 interest each); the reserve takes the rest, 644.96 (at least 127.56).
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from beancount import loader
from beancount.core import data
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.books.rules import Rules
from kongtun.ledger.model import loaded_books
from kongtun.ledger.years.allocation import (
    MemberYear,
    allocate,
    allocation_rules,
    share_days,
    share_months,
)
from kongtun.ledger.years.year_end import (
    planned_postings,
    read_year_data,
    year_end,
)
from kongtun.tests.conftest import load_text

D = Decimal
LEDGER = Path(__file__).resolve().parent.parent / "data" / "year-end-2567.beancount"
START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)


def ten(tmp_path: Path | None = None) -> tuple[list[data.Directive], object]:
    path = LEDGER
    if tmp_path is not None:
        path = tmp_path / LEDGER.name
        shutil.copy(LEDGER, path)
    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    return entries, loaded_books(entries, options)


def test_the_ten_member_year_by_hand() -> None:
    entries, books = ten()
    year = year_end(books, read_year_data(entries, "THB"), 2567)  # type: ignore[arg-type]
    assert (year.label, year.start, year.end) == ("2567", START, END)
    assert year.closing == {
        "Expenses:Admin": D("300.00"),
        "Income:Donations": D("-1000.00"),
        "Income:Fees:Entrance": D("-200.00"),
        "Income:Interest:Bank": D("-15.55"),
        "Income:Interest:Loans": D("-360.00"),
    }
    assert year.surplus == D("1275.55")
    weights = {m.member: m.weight for m in year.members}
    assert weights == {
        "M0001": 14400,
        "M0002": 11000,
        "M0003": 8000,
        "M0004": 1500,
        "M0005": 5600,
        "M0006": 0,
        "M0007": 28800,
        "M0008": 6600,
        "M0009": 3663,
        "M0010": 1500,
    }
    allocation = year.allocation
    assert allocation.dividend_rate == 6
    assert dict(allocation.dividends) == {
        "M0001": D("72.00"),
        "M0002": D("55.00"),
        "M0003": D("40.00"),
        "M0004": D("7.50"),
        "M0005": D("28.00"),
        "M0007": D("144.00"),
        "M0008": D("33.00"),
        "M0009": D("18.31"),
        "M0010": D("7.50"),
    }
    assert dict(allocation.returns) == {"M0007": D("18.00"), "M0008": D("18.00")}
    assert dict(allocation.lines) == {
        "reserve": D("644.96"),
        "dividend": D("405.31"),
        "interest-return": D("36.00"),
        "welfare": D("63.77"),
        "committee": D("100.00"),
        "public-benefit": D("0.00"),
        "education": D("25.51"),
        "other": D("0.00"),
    }
    assert (allocation.reserve_min, allocation.short) == (D("127.56"), D(0))
    assert year.payees["M0004"] == (
        "Liabilities:Dividends:M0004",
        "Liabilities:InterestReturns:M0004",
    )
    assert year.payees["M0007"] == ("Liabilities:Savings:M0007", "Liabilities:Savings:M0007")
    steps = planned_postings(year)
    assert steps["close"]["Equity:Surplus"] == D("-1275.55")
    assert steps["allocate"]["Liabilities:Savings:M0007"] == D("-162.00")  # 144 + 18
    assert steps["allocate"]["Equity:Reserve"] == D("-644.96")
    assert sum(steps["allocate"].values()) == 0


def test_a_loss_allocates_nothing() -> None:
    terms = allocation_rules(Rules("r", {"dividend-rate": D(6), "reserve-min": D(10)}))
    members = [MemberYear("M0001", D(12000), D(100))]
    allocation = allocate(D("-50.25"), terms, members, 366)
    assert allocation.loss
    assert dict(allocation.dividends) == {}
    assert set(allocation.lines.values()) == {0}


def test_rounding_to_the_baht_gives_the_rest_to_the_reserve() -> None:
    terms = allocation_rules(Rules("r", {"dividend-rate": D(6), "year-end-rounding": "baht"}))
    allocation = allocate(D(1000), terms, [MemberYear("M0009", D(3663), D(0))], 366)
    assert dict(allocation.dividends) == {"M0009": D("18.00")}
    assert allocation.lines["reserve"] == D("982.00")


def test_shares_of_the_surplus_with_a_capped_dividend() -> None:
    rules = Rules(
        "r",
        {
            "allocate-dividend": D(60),
            "allocate-interest-return": D(20),
            "allocate-welfare": D(10),
            "dividend-rate-max": D(10),
        },
    )
    terms = allocation_rules(rules)
    assert terms.shape == "shares"
    members = [MemberYear("M0001", D(12000), D(300)), MemberYear("M0002", D(6000), D(100))]
    allocation = allocate(D(1000), terms, members, 366)
    # the pool of 600 would pay 600 / 1,500 baht-years = 40 %: capped at 10 %
    assert allocation.dividend_rate == 10
    assert dict(allocation.dividends) == {"M0001": D("100.00"), "M0002": D("50.00")}
    assert dict(allocation.returns) == {"M0001": D("150.00"), "M0002": D("50.00")}
    assert allocation.lines["welfare"] == D("100.00")
    assert allocation.lines["reserve"] == D("550.00")


# -- invariants --------------------------------------------------------------------------------

money = st.decimals(min_value=D("-5000"), max_value=D("100000"), places=2)
weights = st.lists(st.decimals(min_value=D(0), max_value=D(500000), places=2), max_size=12)


#: (dividend rate or cap, return rate, rounding, shares shape)
terms_of = st.tuples(
    st.decimals(min_value=D(0), max_value=D(15), places=2),
    st.decimals(min_value=D(0), max_value=D(30), places=2),
    st.sampled_from(["satang", "baht"]),
    st.booleans(),
)


@given(
    money,
    weights,
    st.lists(st.decimals(min_value=D(0), max_value=D(9000), places=2), max_size=12),
    terms_of,
)
@example(D("1275.55"), [D(3663)], [D(0)], (D(6), D(10), "satang", False))
def test_the_allocation_sums_to_the_surplus_and_nobody_gets_less_than_nothing(
    surplus: Decimal,
    held: list[Decimal],
    paid: list[Decimal],
    terms_given: tuple[Decimal, Decimal, str, bool],
) -> None:
    rate, back, rounding, shares = terms_given
    values: dict[str, object] = (
        {"allocate-dividend": D(40), "allocate-interest-return": D(10), "dividend-rate-max": rate}
        if shares
        else {"dividend-rate": rate, "interest-return-rate": back}
    )
    terms = allocation_rules(
        Rules("r", {**values, "allocate-welfare": D(5), "year-end-rounding": rounding})  # type: ignore[dict-item]
    )
    members = [
        MemberYear(f"M{i:04d}", weight, paid[i] if i < len(paid) else D(0))
        for i, weight in enumerate(held)
    ]
    allocation = allocate(surplus, terms, members, 366)
    assert sum(allocation.lines.values()) == max(surplus, D(0))
    assert all(value >= 0 for value in allocation.dividends.values())
    assert all(value >= 0 for value in allocation.returns.values())
    assert allocation.lines["dividend"] == sum(allocation.dividends.values(), D(0))
    if allocation.short == 0:
        assert allocation.lines["reserve"] >= allocation.reserve_min


def _day_by_day_months(opening: Decimal, moves: list[tuple[datetime.date, Decimal]]) -> Decimal:
    """A naive reading: each day's closing holding; a month counts its smallest day."""
    total, balance, day = D(0), opening, START
    by_day: dict[datetime.date, Decimal] = {}
    for moved, change in moves:
        by_day[moved] = by_day.get(moved, D(0)) + change
    month_low: dict[int, Decimal] = {}
    while day <= END:
        balance += by_day.get(day, D(0))
        month_low[day.month] = min(month_low.get(day.month, balance), balance)
        day += datetime.timedelta(days=1)
    for low in month_low.values():
        total += max(low, D(0))
    return total


moves_on_month_starts = st.lists(
    st.tuples(st.integers(1, 12), st.decimals(min_value=D(-500), max_value=D(2000), places=0)),
    max_size=8,
)


@given(st.decimals(min_value=D(0), max_value=D(5000), places=0), moves_on_month_starts)
def test_months_held_equal_a_day_by_day_reading_when_shares_move_on_month_starts(
    opening: Decimal, raw: list[tuple[int, Decimal]]
) -> None:
    moves = sorted((datetime.date(2024, month, 1), change) for month, change in raw)
    months = share_months(opening, moves, START, END)
    assert months == _day_by_day_months(opening, moves)
    # and the day basis reads the same holding: each month's days at that month's balance
    days = share_days(opening, moves, START, END)
    expected_days, balance = D(0), opening
    for month in range(1, 13):
        balance += sum((c for d, c in moves if d.month == month), D(0))
        following = datetime.date(2024 + month // 12, month % 12 + 1, 1)
        expected_days += max(balance, D(0)) * (following - datetime.date(2024, month, 1)).days
    assert days == expected_days


AMENDED = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ"
  dividend-rate: 5
{amendment} custom "rules" "มติ"
  dividend-rate: {rate}
2024-01-01 custom "member" "M0001" "นางหนึ่ง"
2024-01-01 * "หุ้น"
  Assets:Cash            1200.00 THB
  Equity:Shares:M0001   -1200.00 THB
2024-10-01 * "เงินบริจาค"
  Assets:Cash           10000.00 THB
  Income:Donations     -10000.00 THB
"""


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 500), st.decimals(min_value=D(0), max_value=D(10), places=1))
@example(365, D("7.5"))  # the year's last day: it applies
@example(366, D("7.5"))  # the next year's first day: it does not
def test_rules_amended_mid_year_apply_by_their_date(offset: int, rate: Decimal) -> None:
    """The allocation follows the rules in force on the year's last day: an amendment dated
    on or before it sets the rate, one after it does not."""
    amendment = START + datetime.timedelta(days=offset)
    with tempfile.TemporaryDirectory() as folder:
        entries, errors, options = load_text(
            Path(folder), AMENDED.format(amendment=amendment.isoformat(), rate=rate)
        )
    assert errors == []
    year = year_end(loaded_books(entries, options), read_year_data(entries, "THB"), 2024)
    in_force = rate if amendment <= END else D(5)
    assert year.allocation.dividend_rate == in_force
    assert year.allocation.dividends.get("M0001", D(0)) == (in_force * 12).quantize(D("0.01"))


NAMED = """
plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "rules" "ระเบียบ"
  dividend-rate: 5
  reserve-min: 10
  allocate-fund-league: 1.5
  allocate-fund-dividend-stabilisation-amount: 100 THB
2024-01-01 custom "member" "M0001" "นางหนึ่ง"
2024-01-01 * "หุ้น"
  Assets:Cash            1200.00 THB
  Equity:Shares:M0001   -1200.00 THB
2024-10-01 * "เงินบริจาค"
  Assets:Cash           10000.00 THB
  Income:Donations     -10000.00 THB
"""


def test_named_funds_take_a_share_or_a_fixed_amount(tmp_path: Path) -> None:
    entries, errors, options = load_text(tmp_path, NAMED)
    assert errors == []
    year = year_end(loaded_books(entries, options), read_year_data(entries, "THB"), 2567)
    lines = year.allocation.lines
    assert list(lines)[-2:] == ["fund-dividend-stabilisation", "fund-league"]
    assert lines["fund-league"] == D("150.00")  # 1.5 % of 10,000
    assert lines["fund-dividend-stabilisation"] == D("100.00")
    assert lines["dividend"] == D("60.00")  # 1,200 × 12 months × 5 % ÷ 12
    assert lines["reserve"] == D("9690.00")
    allocate_step = planned_postings(year)["allocate"]
    assert allocate_step["Equity:Funds:League"] == D("-150.00")
    assert allocate_step["Equity:Funds:DividendStabilisation"] == D("-100.00")
    # a named fund's key in capitals is not one
    _, errors, _ = load_text(
        tmp_path, NAMED.replace("allocate-fund-league", "allocate-fund-League")
    )
    assert [error.rule for error in errors] == ["rules-unknown-key"]


def test_a_named_fund_has_a_thai_name_from_the_rules(tmp_path: Path) -> None:
    """Issue 19: ``fund-label-NAME`` names a named fund in Thai; English keeps NAME."""
    from kongtun.ledger.years.annual_report import annual_report  # noqa: PLC0415
    from kongtun.templates.render import Format, render_paper  # noqa: PLC0415

    text = NAMED.replace(
        "  allocate-fund-league: 1.5\n",
        '  allocate-fund-league: 1.5\n  fund-label-league: "กองทุนเครือข่ายสัจจะ"\n',
    )
    entries, errors, options = load_text(tmp_path, text)
    assert errors == []
    books = loaded_books(entries, options)
    report = annual_report(books, entries, 2567)
    names = {line.purpose: line.names for line in report.allocation}
    assert names["fund-league"] == ("กองทุนเครือข่ายสัจจะ", "league")
    assert names["fund-dividend-stabilisation"] == ("dividend-stabilisation",) * 2
    assert names["reserve"] == ("ทุนสำรอง", "reserve fund")
    thai = render_paper("annual", Format("th"), "t", a=report)
    assert '<tr data-purpose="fund-league"><td>กองทุนเครือข่ายสัจจะ</td>' in thai
    english = render_paper("annual", Format("en"), "t", a=report)
    assert '<tr data-purpose="fund-league"><td>league</td>' in english
    # a label is text in quotes
    _, errors, _ = load_text(tmp_path, text.replace('"กองทุนเครือข่ายสัจจะ"', "3"))
    assert [error.rule for error in errors] == ["rules-bad-value"]


def test_the_annual_report_lists_the_years_meetings(tmp_path: Path) -> None:
    """Issue 19: ``custom "meeting"`` directives of the fiscal year, with their kind,
    attendance and resolutions, in the assembly's report (Thai and English)."""
    from kongtun.ledger.years.annual_report import annual_report  # noqa: PLC0415
    from kongtun.templates.render import Format, render_paper  # noqa: PLC0415

    meetings = (
        '2024-03-10 custom "meeting" "ประชุมคณะกรรมการ 3/2567"\n  kind: "committee"\n'
        '  attendance: 7\n  resolution-1: "อนุมัติเงินกู้ L-7"\n'
        '2024-01-21 custom "meeting" "ประชุมใหญ่สามัญประจำปี 2566"\n  kind: "annual-general"\n'
        '  attendance: 48\n  resolution-2: "จ่ายเงินปันผลร้อยละ 3"\n'
        '  resolution-1: "รับรองงบการเงินปี 2566"\n'
        '2025-01-19 custom "meeting" "ประชุมใหญ่สามัญประจำปี 2567"\n  kind: "annual-general"\n'
    )
    entries, errors, options = load_text(tmp_path, NAMED + meetings)
    assert errors == []
    report = annual_report(loaded_books(entries, options), entries, 2567)
    assert [(m.date.isoformat(), m.kind, m.attendance, m.resolutions) for m in report.meetings] == [
        ("2024-01-21", "annual-general", 48, ("รับรองงบการเงินปี 2566", "จ่ายเงินปันผลร้อยละ 3")),
        ("2024-03-10", "committee", 7, ("อนุมัติเงินกู้ L-7",)),
    ]
    thai = render_paper("annual", Format("th"), "t", a=report)
    assert "<h3>การประชุมของปี</h3>" in thai
    assert (
        '<li data-kind="annual-general">21 ม.ค. 2567 · <strong>ประชุมใหญ่สามัญประจำปี 2566</strong> '
        "(ประชุมใหญ่สามัญประจำปี; ผู้เข้าประชุม 48)"
    ) in thai
    assert "<li>รับรองงบการเงินปี 2566</li><li>จ่ายเงินปันผลร้อยละ 3</li>" in thai
    english = render_paper("annual", Format("en"), "t", a=report)
    assert "(committee meeting; present 7)" in english
    later = annual_report(loaded_books(entries, options), entries, 2568)
    assert [(m.title, m.attendance) for m in later.meetings] == [("ประชุมใหญ่สามัญประจำปี 2567", None)]
    assert "ไม่มีบันทึกการประชุมของปีนี้" in render_paper(
        "annual", Format("th"), "t", a=annual_report(loaded_books(entries, options), entries, 2566)
    )
