"""Figures from before a carried year's file: the 12-month history and the since-start totals.

A year's file written by ``kongtun carry`` holds only that year, yet two figures look back
further: the fund report's 12-month history, and the "since the fund began" columns of a
welfare fund's CODI annual status. The carry writes what they need as directives a person
can read, dated before the file's first day:

- one ``custom "month-end"`` per month of the last 12, with the history row of the month
  (the figures at its end, and the month's income and expenses)::

      2023-12-31 custom "month-end" "ธันวาคม 2566"
        cash: 412350.00 THB
        savings: 301200.00 THB
        shares: 98000.00 THB
        loans: 245000.00 THB
        income: 3120.00 THB
        expenses: 480.00 THB
        members: 45

- for a welfare fund, one ``custom "since-start"`` per source of money and per benefit
  kind, with the totals from the fund's start to that day (member ids, never names, so the
  people counted stay distinct; no claim details)::

      2023-12-31 custom "since-start" "received" "members"
        amount: 154300.00 THB
      2023-12-31 custom "since-start" "benefit" "death"
        category: "death"
        claims: 3
        amount: 30000.00 THB
        members: "W0003 W0011 W0020"

The history reads a ``month-end`` instead of the books for its month; the annual status adds
the ``since-start`` totals to the file's own. Carried again, a file passes them on, so a chain
of years gives the answers of the full history.

Errors: month-end-malformed, month-end-duplicate, since-start-malformed,
since-start-duplicate.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.accounts import MEMBER_ID, MemberAccountType
from kongtun.ledger.books.checks import month_end_malformed, since_start_malformed
from kongtun.ledger.problems import Problem
from kongtun.ledger.record import record

MONTH_END: Final = "month-end"
SINCE_START: Final = "since-start"
#: the figures of a month-end record besides the members' money (one key per member account
#: type of the fund)
MONTH_END_KEYS: Final = ("cash", "income", "expenses", "members")
RECEIVED: Final = "received"
BENEFIT: Final = "benefit"


@record
class HistoryRow:
    """One month of the 12-month history: figures at its end, income and expenses in it."""

    month: datetime.date
    cash: Decimal
    members_money: Mapping[MemberAccountType, Decimal]
    income: Decimal
    expenses: Decimal
    members: int


def _amount(value: object, currency: str) -> Decimal | None:
    if isinstance(value, Amount) and value.number is not None and value.currency == currency:
        return value.number
    return None


def _count(value: object) -> int | None:
    if isinstance(value, Decimal) and value == value.to_integral_value() and value >= 0:
        return int(value)
    return None


def _is_month_end(day: datetime.date) -> bool:
    return (day + datetime.timedelta(days=1)).day == 1


def parse_month_end(
    entry: data.Custom,
    currency: str,
    member_types: Sequence[MemberAccountType],
) -> tuple[HistoryRow | None, list[Problem]]:
    """A ``custom "month-end"`` as a history row, or the problem that it is malformed."""
    meta = entry.meta
    money = {kind: _amount(meta.get(kind), currency) for kind in member_types}
    cash, income, expenses = (_amount(meta.get(k), currency) for k in MONTH_END_KEYS[:3])
    members = _count(meta.get("members"))
    if (
        not _is_month_end(entry.date)
        or cash is None
        or income is None
        or expenses is None
        or members is None
        or any(value is None for value in money.values())
    ):
        keys = [*MONTH_END_KEYS[:3], *member_types]
        return None, [month_end_malformed(entry, currency, keys)]
    row = HistoryRow(
        entry.date.replace(day=1),
        cash,
        MappingProxyType({kind: value or Decimal(0) for kind, value in money.items()}),
        income,
        expenses,
        members,
    )
    return row, []


def month_end_text(row: HistoryRow, currency: str, label: str) -> str:
    """The ``custom "month-end"`` directive that records ``row``."""
    end = (row.month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    figures: list[tuple[str, object]] = [
        ("cash", row.cash),
        *row.members_money.items(),
        ("income", row.income),
        ("expenses", row.expenses),
    ]
    lines = [f'{end.isoformat()} custom "{MONTH_END}" "{label}"\n']
    lines += [f"  {key}: {value} {currency}\n" for key, value in figures]
    lines.append(f"  members: {row.members}\n")
    return "".join(lines)


@record
class PaidSoFar:
    """Benefits of one kind and category paid up to a day: claims, baht and who was paid."""

    kind: str
    category: str
    claims: int
    baht: Decimal
    members: frozenset[str]


@record
class SinceStart:
    """A welfare fund's totals from its start up to a day (the CODI status' last columns)."""

    #: source of money -> received
    received: Mapping[str, Decimal]
    #: per (kind, category), in the order of each one's last claim
    paid: tuple[PaidSoFar, ...]


@record
class CarriedTotal:
    """A ``custom "since-start"`` directive: a total from the books before this file."""

    date: datetime.date
    #: ("received", source) or ("benefit", kind, category): one directive each
    key: tuple[str, ...]
    amount: Decimal
    paid: PaidSoFar | None
    meta: Mapping[str, Any]


def parse_since_start(
    entry: data.Custom,
    currency: str,
    sources: Sequence[str],
    categories: Sequence[str],
) -> tuple[CarriedTotal | None, list[Problem]]:
    """A ``custom "since-start"`` directive, or the problem that it is malformed."""
    values = [value.value for value in entry.values or ()]
    meta = entry.meta
    amount = _amount(meta.get("amount"), currency)
    what = values[0] if values else None
    name = values[1] if len(values) == 2 else None
    if amount is not None and isinstance(name, str):
        if what == RECEIVED and name in sources:
            return CarriedTotal(entry.date, (RECEIVED, name), amount, None, meta), []
        category = meta.get("category")
        claims = _count(meta.get("claims"))
        members = meta.get("members")
        ids = members.split() if isinstance(members, str) else []
        if (
            what == BENEFIT
            and name
            and category in categories
            and claims is not None
            and all(MEMBER_ID.fullmatch(member) for member in ids)
            and len(set(ids)) == len(ids) <= claims
        ):
            assert isinstance(category, str)
            paid = PaidSoFar(name, category, claims, amount, frozenset(ids))
            return CarriedTotal(entry.date, (BENEFIT, name, category), amount, paid, meta), []
    return None, [since_start_malformed(entry, currency, sources)]


def since_start_text(day: datetime.date, totals: SinceStart, currency: str) -> str:
    """The ``custom "since-start"`` directives that record ``totals`` as of ``day``."""
    out = [
        f'{day.isoformat()} custom "{SINCE_START}" "{RECEIVED}" "{source}"\n'
        f"  amount: {amount} {currency}\n"
        for source, amount in totals.received.items()
        if amount
    ]
    out += [
        f'{day.isoformat()} custom "{SINCE_START}" "{BENEFIT}" "{paid.kind}"\n'
        f'  category: "{paid.category}"\n'
        f"  claims: {paid.claims}\n"
        f"  amount: {paid.baht} {currency}\n"
        f'  members: "{" ".join(sorted(paid.members))}"\n'
        for paid in totals.paid
    ]
    return "".join(out)
