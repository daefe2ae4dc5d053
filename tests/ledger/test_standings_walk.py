"""Property: the standings' walk (its shortcuts: runs of money paid in one loop, the usual
payment counted inline, deadlines shared by a calendar) gives what a plain reading of the
rules gives, payment by payment.

The reference below knows nothing of calendars or caches: for each payment it counts the
periods the money so far pays for (each period costs the contribution in force on its first
day, the first one on the joining day), works out the lapse deadline from the rules in force
on the first unpaid day, and lapses the member when a payment comes after it.
"""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.welfare.book import read_welfare
from kongtun.ledger.welfare.contributions import add_periods, period_start
from kongtun.tests.conftest import load_text

D = datetime.date
RAISED = D(2025, 1, 1)
LAST = D(2027, 6, 30)  # an entry after every payment: the books' horizon


def ledger(joined: D, payments: list[tuple[D, int]], missed: int | None, days: int | None) -> str:
    lapse = "".join(
        f"  {key}: {value}\n"
        for key, value in (("lapse-after-missed", missed), ("lapse-after-days", days))
        if value is not None
    )
    text = (
        'plugin "kongtun.plugins.fund"\noption "operating_currency" "THB"\n'
        '2024-01-01 custom "fund" "welfare-fund"\n'
        f'2024-01-01 custom "rules" "ระเบียบ"\n  contribution: 30 THB\n{lapse}'
        f'{RAISED} custom "rules" "ระเบียบ 2568"\n  contribution: 40 THB\n{lapse}'
        f'{joined} custom "member" "M0001" "นางสมศรี ใจดี"\n'
    )
    for day, amount in payments:
        text += (
            f'{day} * "เงินสมทบ"\n  Assets:Cash  {amount} THB\n'
            f"  Income:Contributions:M0001  {-amount} THB\n"
        )
    return text + f'{LAST} * "ดอกเบี้ย"\n  Assets:Cash  1 THB\n  Income:Interest  -1 THB\n'


def cost(day: D) -> int:
    return 40 if day >= RAISED else 30


def reference(
    joined: D, payments: list[tuple[D, int]], missed: int | None, days: int | None
) -> tuple[list[D], list[Decimal], D | None]:
    """The pay dates, the money paid up to each, and the lapse, read plainly."""
    first = period_start(joined, "month")

    def periods_paid(money: int) -> int:
        count, spent = 0, 0
        while True:
            begins = add_periods(first, count, "month")
            price = cost(joined if count == 0 else begins)
            if spent + price > money:
                return count
            spent, count = spent + price, count + 1

    def deadline(count: int) -> D | None:
        begins = add_periods(first, count, "month")
        unpaid_from = max(begins, joined)
        found = []
        if missed:
            found.append(add_periods(begins, missed, "month"))
        if days:
            found.append(unpaid_from + datetime.timedelta(days=days))
        return min(found) if found else None

    money, lapsed = 0, None
    dates: list[D] = []
    totals: list[Decimal] = []
    for day, amount in payments:
        if day < joined:
            continue
        due = deadline(periods_paid(money))
        if lapsed is None and due is not None and due < day:
            lapsed = due
        if lapsed is not None:
            continue
        money += amount
        if dates and dates[-1] == day:
            totals[-1] = Decimal(money)
        else:
            dates.append(day)
            totals.append(Decimal(money))
    return dates, totals, lapsed if lapsed is not None else deadline(periods_paid(money))


PAYMENTS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1000),
        st.sampled_from([30, 30, 30, 40, 60, 90, 120, 15, 45, -30]),
    ),
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(
    joined=st.integers(min_value=0, max_value=90),
    raw=PAYMENTS,
    missed=st.sampled_from([None, 2, 3]),
    days=st.sampled_from([None, 60, 90]),
)
@example(joined=14, raw=[(day, 30) for day in range(0, 700, 30)], missed=3, days=None)
@example(joined=0, raw=[(5, 360), (400, 30), (420, 30)], missed=3, days=90)
@example(joined=31, raw=[(31, 30), (32, -30), (40, 60), (200, 30)], missed=2, days=60)
def test_the_walk_follows_the_rules(
    joined: int, raw: list[tuple[int, int]], missed: int | None, days: int | None
) -> None:
    start = D(2024, 1, 1) + datetime.timedelta(days=joined)
    payments = sorted(
        ((start + datetime.timedelta(days=offset), amount) for offset, amount in raw),
        key=lambda payment: payment[0],
    )
    with tempfile.TemporaryDirectory() as folder:
        entries, _, options = load_text(Path(folder), ledger(start, payments, missed, days))
    fund, _ = read_fund(entries, options)
    welfare, _ = read_welfare(fund, entries)
    (spell,) = welfare.standings["M0001"].spells
    dates, totals, lapsed = reference(start, payments, missed, days)
    assert (list(spell.pay_dates), list(spell.pay_totals), spell.lapsed) == (
        dates,
        totals,
        lapsed,
    )
