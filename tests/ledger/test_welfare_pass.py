"""Property: the welfare pass (its shortcuts: one action code per account, the members' money
of a year taken from what their contribution accounts rose by, not added up contribution by
contribution) gives what a plain reading of every posting gives — the money received by year
and source (in the same order; each source's sum written as its postings add up, 30 and 30.00
apart; the members' as the same amount, its decimal places those of their accounts'
balances), the assets at each year's end, the administration costs and the benefit payments.

The reference below reads each posting of each transaction in order and adds its amount
where it belongs, nothing else.
"""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.books.fund import read_fund
from kongtun.ledger.model import kept_books
from kongtun.ledger.welfare.book import income_source, read_welfare
from kongtun.tests.conftest import load_text

D = datetime.date
START = D(2024, 1, 1)

#: what a transaction of each kind posts (account, amount), and its metadata
KINDS: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "pay": (
        (("Assets:Cash", "30.00"), ("Income:Contributions:M0001", "-30.00")),
        "",
    ),
    "pay-plain": (
        (("Assets:Cash", "60"), ("Income:Contributions:M0002", "-60")),
        "",
    ),
    "refund": (
        (("Assets:Cash", "-30.00"), ("Income:Contributions:M0001", "30.00")),
        "",
    ),
    "interest": (
        (("Assets:Bank", "5.25"), ("Income:Interest:Bank", "-5.25")),
        "",
    ),
    "mixed": (
        (
            ("Assets:Cash", "50.00"),
            ("Income:Contributions:M0002", "-30.00"),
            ("Income:Donations", "-20.00"),
        ),
        "",
    ),
    "admin": (
        (("Expenses:Admin", "20.00"), ("Assets:Cash", "-20.00")),
        "",
    ),
    "claim": (
        (("Expenses:Welfare", "500.00"), ("Assets:Cash", "-500.00")),
        '  member: "M0001"\n  benefit: "birth"\n',
    ),
    "carried": (
        (("Assets:Cash", "30.00"), ("Income:Contributions:M0001", "-30.00")),
        "  carried: TRUE\n",
    ),
    "matching": (
        (("Assets:Bank", "100.00"), ("Income:Matching:State", "-100.00")),
        '  matching: "R1"\n  cut-off: 2024-06-30\n  basis: 100 THB\n',
    ),
    "noted": (
        (("Assets:Cash", "30.00"), ("Income:Contributions:M0002", "-30.00")),
        '  receipt: "R-1"\n',
    ),
}


def ledger(transactions: list[tuple[D, str]]) -> str:
    text = (
        'plugin "kongtun.plugins.fund"\noption "operating_currency" "THB"\n'
        '2024-01-01 custom "fund" "welfare-fund"\n'
        '2024-01-01 custom "rules" "ระเบียบ"\n  contribution: 30 THB\n'
        '2024-01-01 custom "benefit" "birth" 500 THB\n'
        '2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"\n'
        '2024-01-01 custom "member" "M0002" "นายสมชาย ใจดี"\n'
    )
    for day, kind in transactions:
        postings, meta = KINDS[kind]
        text += f'{day} * "{kind}"\n{meta}'
        text += "".join(f"  {account}  {amount} THB\n" for account, amount in postings)
    return text


def as_written(key: tuple[int, str], value: Decimal) -> tuple[tuple[int, str], Decimal | str]:
    """A received sum as the tests compare it: the members' by amount, others as written."""
    return key, value if key[1] == "members" else str(value)


def reference(
    transactions: list[tuple[D, str]],
) -> tuple[list[Any], dict[int, str], dict[int, str], list[tuple[D, str]]]:
    """Received (in order, as written), assets at each year's end, administration, claims."""
    received: dict[tuple[int, str], Decimal] = {}
    admin: dict[int, Decimal] = {}
    assets: dict[int, Decimal] = {}
    claims: list[tuple[D, str]] = []
    held = Decimal(0)
    for day, kind in transactions:
        postings, meta = KINDS[kind]
        for year in range(max(assets, default=day.year), day.year):
            assets[year] = held  # the years before this one, none of their own
        paid = Decimal(0)
        for account, text in postings:
            amount = Decimal(text)
            source = income_source(account)
            if source is not None and "carried" not in meta:
                key = (day.year, source)
                received[key] = received.get(key, Decimal(0)) - amount
            if account.startswith("Assets:"):
                held += amount
            elif account == "Expenses:Welfare":
                paid += amount
            elif account == "Expenses:Admin":
                admin[day.year] = admin.get(day.year, Decimal(0)) + amount
        assets[day.year] = held
        if paid or "benefit" in meta:
            claims.append((day, str(paid)))
    return (
        [as_written(key, value) for key, value in received.items()],
        {year: str(value) for year, value in assets.items()},
        {year: str(value) for year, value in admin.items()},
        claims,
    )


@settings(max_examples=40, deadline=None)
@given(
    raw=st.lists(
        st.tuples(st.integers(min_value=0, max_value=1200), st.sampled_from(sorted(KINDS))),
        max_size=30,
    )
)
@example(raw=[(5, "pay"), (6, "interest"), (7, "refund"), (400, "carried"), (900, "mixed")])
@example(raw=[(5, "interest"), (6, "pay"), (7, "claim"), (8, "pay-plain"), (9, "mixed")])
@example(raw=[(5, "pay"), (700, "matching"), (701, "noted"), (702, "admin")])
@example(raw=[(0, "carried"), (0, "pay-plain"), (400, "pay"), (800, "pay-plain"), (801, "refund")])
def test_the_pass_adds_up_what_a_plain_reading_does(raw: list[tuple[int, str]]) -> None:
    transactions = sorted(
        ((START + datetime.timedelta(days=offset), kind) for offset, kind in raw if kind in KINDS),
        key=lambda transaction: transaction[0],
    )
    with tempfile.TemporaryDirectory() as folder:
        entries, _, options = load_text(Path(folder), ledger(transactions))
    fund, _ = read_fund(entries, options)
    welfare, _ = read_welfare(fund, entries)
    received, assets, admin, claims = reference(transactions)
    assert [as_written(key, value) for key, value in welfare.received.items()] == received
    assert {year: str(value) for year, value in welfare.assets.items()} == assets
    assert {year: str(value) for year, value in welfare.admin.items()} == admin
    assert [(claim.date, str(claim.amount)) for claim in welfare.claims] == claims


#: lines that only the welfare pass's ``custom`` directives read, dated among the transactions
CUSTOMS = (
    '2024-06-15 custom "member-rejoin" "M0001"\n'
    '2024-06-15 custom "benefit" "funeral" 3000 THB\n'
    '2025-01-01 custom "member-rejoin" "M0009"\n'
)


@settings(max_examples=40, deadline=None)
@given(
    raw=st.lists(
        st.tuples(st.integers(min_value=0, max_value=1200), st.sampled_from(sorted(KINDS))),
        max_size=30,
    )
)
@example(raw=[(5, "pay"), (5, "interest"), (5, "refund"), (400, "carried"), (400, "mixed")])
@example(raw=[(166, "pay"), (166, "claim"), (166, "pay-plain"), (366, "matching")])
def test_the_pass_inside_the_member_walk_is_the_pass_alone(raw: list[tuple[int, str]]) -> None:
    """The plugin reads the welfare fund's transactions at the end of each day of the member
    walk (``read_fund``'s ``days``); that gives the model and problems :func:`read_welfare`
    gives by itself over the entries, several transactions on one day and rejoins among them."""
    transactions = sorted(
        ((START + datetime.timedelta(days=offset), kind) for offset, kind in raw if kind in KINDS),
        key=lambda transaction: transaction[0],
    )
    with tempfile.TemporaryDirectory() as folder:
        entries, _, options = load_text(Path(folder), ledger(transactions) + CUSTOMS)
    books = kept_books(options)
    assert books is not None
    assert books.welfare is not None
    fund, _ = read_fund(entries, options)
    alone, problems = read_welfare(fund, entries)
    walked = books.welfare
    for part in ("standings", "claims", "rounds", "received", "admin", "assets", "carried"):
        assert repr(getattr(walked, part)) == repr(getattr(alone, part)), part
    assert repr(walked.benefits) == repr(alone.benefits)
    # the welfare fund's problems, in their order, between the fund's and the grants'
    kept, size = [repr(found) for found in books.problems], len(problems)
    assert any(
        kept[start : start + size] == [repr(found) for found in problems]
        for start in range(len(kept) - size + 1)
    )
