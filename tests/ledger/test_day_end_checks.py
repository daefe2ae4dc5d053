"""Property: the member walk's day-end checks of savings and shares (``savings-negative``,
``shares-negative``) report what the plain rule reports — at the end of each day, each savings
or shares account touched that day, in the order first touched, whose balance is a debit (the
member's claim below zero) is reported once, at the day's last entry touching it, and again
only after it came back to zero or above. The walk skips the check on a day when no money left
those accounts and none was below zero (docs/performance.md, round 9): the same problems, in
the same order, for any days of deposits and withdrawals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from beancount import loader
from beancount.core import data
from hypothesis import given, settings
from hypothesis import strategies as st

START = datetime.date(2024, 1, 1)
ACCOUNTS = ("Liabilities:Savings:M0001", "Liabilities:Savings:M0002", "Equity:Shares:M0001")
HEAD = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "savings-group"
2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
2024-01-01 custom "member" "M0002" "นายบุญมี ศรีสุข"
"""
CHECKS = {"savings-negative", "shares-negative"}

#: a posting as drawn: days after the start, which account, satang (negative: paid in)
Drawn = tuple[int, int, int]


def ledger(drawn: list[Drawn]) -> str:
    """The books: one transaction for each drawn posting, balanced by cash."""
    text = [HEAD]
    for days, which, satang in drawn:
        number = Decimal(satang).scaleb(-2)
        day = START + datetime.timedelta(days=days)
        text.append(
            f'{day} * "x"\n  {ACCOUNTS[which]}  {number} THB\n  Assets:Cash  {-number} THB\n'
        )
    return "".join(text)


def plain(entries: list[data.Directive]) -> list[tuple[str, int]]:
    """The rule as stated: (rule, line) of every day-end report."""
    balances: dict[str, Decimal] = {}
    reported: set[str] = set()
    found: list[tuple[str, int]] = []
    transactions = [entry for entry in entries if isinstance(entry, data.Transaction)]
    for day in sorted({entry.date for entry in transactions}):
        touched: dict[str, data.Transaction] = {}
        for entry in transactions:
            if entry.date != day:
                continue
            for posting in entry.postings:
                if posting.account in ACCOUNTS and posting.units is not None:
                    number = posting.units.number
                    assert number is not None
                    balances[posting.account] = balances.get(posting.account, Decimal(0)) + number
                    touched[posting.account] = entry
        for account, entry in touched.items():
            if balances[account] <= 0:
                reported.discard(account)
            elif account not in reported:
                reported.add(account)
                rule = "savings-negative" if "Savings" in account else "shares-negative"
                found.append((rule, entry.meta["lineno"]))
    return found


def reported(errors: list[Any]) -> list[tuple[str, int]]:
    """(rule, line) of the load's day-end reports, in the load's order."""
    return [
        (error.rule, error.source["lineno"])
        for error in errors
        if getattr(error, "rule", None) in CHECKS
    ]


DRAWN = st.tuples(
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=len(ACCOUNTS) - 1),
    st.integers(min_value=-500, max_value=300),
)


@settings(max_examples=250, deadline=None)
@given(drawn=st.lists(DRAWN, max_size=30))
def test_day_end_checks_report_as_the_plain_rule(drawn: list[Drawn]) -> None:
    entries, errors, _ = loader.load_string(ledger(drawn))
    walked = reported(errors)
    assert walked == plain(entries)


def test_a_withdrawal_below_zero_is_reported_once_until_repaid() -> None:
    """The boundary the property explores, written out: out on day 1 (reported), out again on
    day 2 (still below zero: not again), back to zero on day 3, out on day 4 (reported)."""
    drawn = [(0, 0, -100), (1, 0, 150), (2, 0, 10), (3, 0, -60), (4, 0, 1)]
    entries, errors, _ = loader.load_string(ledger(drawn))
    walked = reported(errors)
    assert walked == plain(entries)
    assert [rule for rule, _ in walked] == ["savings-negative", "savings-negative"]
