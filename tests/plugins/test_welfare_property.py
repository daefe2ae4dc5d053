"""Property: every accepted claim satisfies the rules in force on its date, and the books agree.

For any history of one member's contributions and hospital claims, the plugin accepts
exactly the claims an independent, day-by-day reading of the rules accepts; and when the
rejected claims are taken out, the books are clean and the fund's benefit total (in the
accounts and in the annual figures) is the sum of the accepted claims.
"""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

from beancount.core import data
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.reports.welfare import annual_status
from kongtun.ledger.welfare.book import read_welfare
from kongtun.tests.conftest import load_text

JOINED = datetime.date(2024, 1, 15)
HEAD = """plugin "kongtun.plugins.fund" "{'lang': 'en'}"
option "operating_currency" "THB"
2024-01-01 custom "fund" "welfare-fund"
2024-01-01 custom "rules" "ระเบียบ 2567"
  contribution: 30 THB
  lapse-after-missed: 3
  waiting-days: 180
2024-01-01 custom "benefit" "hospital-night" 200 THB
  per: "night"
  max-per-claim: 600 THB
  max-per-year: 1000 THB
2024-01-15 custom "member" "M0001" "นางสมศรี ใจดี"
"""
Claim = tuple[datetime.date, int, int]


def ledger(
    contributions: list[tuple[datetime.date, int]], claims: list[Claim]
) -> tuple[str, dict[int, Claim]]:
    """The ledger text, and the line of each claim."""
    lines = HEAD.splitlines()
    at: dict[int, Claim] = {}
    events = [(day, 0, months, 0) for day, months in contributions]
    events += [(day, 1, units, amount) for day, units, amount in claims]
    for day, kind, number, amount in sorted(events):
        if kind == 0:
            lines += [
                f'{day} * "เงินสมทบ"',
                f"  Assets:Cash  {30 * number} THB",
                f"  Income:Contributions:M0001  {-30 * number} THB",
            ]
        else:
            at[len(lines) + 1] = (day, number, amount)
            lines += [
                f'{day} * "ค่านอนโรงพยาบาล"',
                '  member: "M0001"',
                '  benefit: "hospital-night"',
                f"  units: {number}",
                f"  Expenses:Welfare:HospitalNight  {amount} THB",
                f"  Assets:Cash  {-amount} THB",
            ]
    return "\n".join(lines) + "\n", at


def oracle(contributions: list[tuple[datetime.date, int]], claims: list[Claim]) -> list[bool]:
    """Which claims the rules accept, read day by day without kongtun's model."""
    last = max([day for day, _, _ in claims] + [JOINED])
    paid, lapsed = 0, None
    day = JOINED
    missed_on: dict[datetime.date, int] = {}
    while day <= last:
        if lapsed is None:
            paid += sum(30 * months for when, months in contributions if when == day)
            ended = (day.year - 2024) * 12 + day.month - 1
            missed = max(0, ended - paid // 30)
            if missed >= 3:
                lapsed = day
            missed_on[day] = missed
        day += datetime.timedelta(days=1)
    accepted: list[bool] = []
    used: dict[int, int] = {}
    for day, units, amount in sorted(claims):
        ok = (
            (day - JOINED).days >= 180
            and (lapsed is None or day < lapsed)
            and missed_on.get(day, 1) == 0
        )
        left = 1000 - used.get(day.year, 0)
        ok = ok and amount == max(0, min(units * 200, 600, left))
        if ok:
            used[day.year] = used.get(day.year, 0) + amount
        accepted.append(ok)
    return accepted


days = st.integers(min_value=0, max_value=700).map(lambda n: JOINED + datetime.timedelta(days=n))
later = st.integers(min_value=1, max_value=700).map(lambda n: JOINED + datetime.timedelta(days=n))
#: often a payment in advance on joining, then payments of 1 to 12 months at any time
contributions_st = st.tuples(
    st.integers(0, 24),
    st.lists(st.tuples(later, st.integers(1, 12)), max_size=8, unique_by=lambda c: c[0]),
).map(lambda first: ([(JOINED, first[0])] if first[0] else []) + first[1])
claim_days = st.integers(min_value=120, max_value=700).map(
    lambda n: JOINED + datetime.timedelta(days=n)
)
claims_st = st.lists(
    st.tuples(claim_days | days, st.integers(1, 5), st.sampled_from([200, 400, 600, 1000])),
    max_size=8,
    unique_by=lambda c: c[0],
)


@settings(max_examples=60, deadline=None)
@given(contributions_st, claims_st)
@example(
    [
        (datetime.date(2024, 1, 15), 4),
        (datetime.date(2024, 5, 2), 4),
        (datetime.date(2024, 9, 1), 4),
    ],
    [
        (datetime.date(2024, 7, 20), 5, 600),
        (datetime.date(2024, 8, 1), 3, 400),
        (datetime.date(2024, 8, 5), 1, 200),
    ],
)
def test_accepted_claims_follow_the_rules(
    contributions: list[tuple[datetime.date, int]], claims: list[Claim]
) -> None:
    text, at = ledger(contributions, claims)
    with tempfile.TemporaryDirectory() as folder:
        _, errors, _ = load_text(Path(folder), text)
        rejected = {
            error.source["lineno"]
            for error in errors
            if getattr(error, "rule", "").startswith("claim-")
        }
        ordered = sorted(at.items(), key=lambda item: item[1])
        accepted_by_plugin = [line not in rejected for line, _ in ordered]
        assert accepted_by_plugin == oracle(contributions, claims)

        accepted = [claim for (_, claim), ok in zip(ordered, accepted_by_plugin, strict=True) if ok]
        clean, _ = ledger(contributions, accepted)
        entries, errors, options = load_text(Path(folder), clean)
        assert [e for e in errors if getattr(e, "rule", "").startswith("claim-")] == []
        total = Decimal(0)
        for entry in entries:
            if isinstance(entry, data.Transaction):
                for posting in entry.postings:
                    units = posting.units
                    if posting.account.startswith("Expenses:Welfare") and units is not None:
                        total += units.number or Decimal(0)
        assert total == sum(amount for _, _, amount in accepted)
        fund, _ = read_fund(entries, options)
        welfare, _ = read_welfare(fund, entries)
        assert all(claim.accepted for claim in welfare.claims)
        years = {day.year for day, _, _ in accepted}
        assert (
            sum((annual_status(welfare, year).benefits_year for year in years), Decimal(0)) == total
        )
