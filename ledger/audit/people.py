"""The workpaper's sections on people and papers: each member's balance confirmation, loans
without an approval and loans and payments to committee members, round-sum and large
expenses, and the numbering of receipts and vouchers.

- A committee member is a member whose ``custom "member"`` line has ``committee:`` (their
  role, e.g. ``committee: "เหรัญญิก"``, or ``TRUE``).
- The thresholds are rules (``custom "rules"``) in force on the year's last day:
  ``audit-round-sum`` (default 1,000 THB: an expense that is a whole multiple of it) and
  ``audit-large-expense`` (default 10,000 THB: an expense of at least this).
- Receipts and vouchers are numbered in the metadata of their transactions, ``receipt:`` and
  ``voucher:`` (``receipt: "R2567-014"``): the last run of digits is the number, what is
  before it the book; numbers are checked book by book, within the year.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.audit import checks
from kongtun.ledger.books.accounts import MEMBER_ACCOUNT_KINDS, split_member_account
from kongtun.ledger.books.fund import Fund, Member
from kongtun.ledger.books.rules import Rules
from kongtun.ledger.loans.book import Loans
from kongtun.ledger.problems import Problem, where

ZERO: Final = Decimal(0)
COMMITTEE_KEY: Final = "committee"
ROUND_SUM_RULE: Final = "audit-round-sum"
LARGE_EXPENSE_RULE: Final = "audit-large-expense"
DEFAULT_ROUND_SUM: Final = Decimal(1000)
DEFAULT_LARGE_EXPENSE: Final = Decimal(10000)
NUMBER_KEYS: Final = ("receipt", "voucher")
#: a paper's number: its book (anything) and its number (the last run of digits)
NUMBERED: Final = re.compile(r"(.*?)(\d+)\Z")
#: metadata of a year-end transaction (kongtun.ledger.years.year_end.YEAR_KEY)
YEAR_END_KEY: Final = "year-end"
MONEY_OUT: Final = ("Assets:Cash", "Assets:Bank")
#: welfare benefits paid: their amounts are the rules' (checked by them), never a round sum
WELFARE_PARENT: Final = "Expenses:Welfare"


@dataclass(frozen=True)
class Confirmation:
    """A member's balances and loans on the year's last day (ใบสอบทานยอด)."""

    member: str
    name: str
    village: str
    #: (account type, the member's claim or debt, positive)
    balances: tuple[tuple[str, Decimal], ...]
    #: (loan id, outstanding)
    loans: tuple[tuple[str, Decimal], ...]


def confirmations(
    fund: Fund,
    loans: Loans,
    balances: tuple[Mapping[str, Decimal], Mapping[str, Decimal]],
    end: datetime.date,
) -> tuple[Confirmation, ...]:
    """One confirmation per member on ``end``, or who left with money still on an account
    (``balances``: every account's balance before the year and at its end). A balance-sheet
    account is confirmed at its balance; contributions (a welfare fund's) as paid in the year."""
    before, after = balances
    held: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for account, number in after.items():
        split = split_member_account(account)
        kind = MEMBER_ACCOUNT_KINDS[split[0]] if split is not None else None
        if split is None or kind is None:
            continue
        moved = number if kind.settle_on_exit else number - before.get(account, ZERO)
        if moved:
            held[split[1]][kind.type] = -moved if kind.credit else moved
    owed: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for loan in loans.member_loans:
        if loan.date <= end:
            outstanding = loan.state(end).outstanding
            if outstanding > 0:
                owed[loan.party].append((loan.id, outstanding))
    found = []
    for member in sorted(fund.members.values(), key=lambda m: m.id):
        if not member.active_on(end) and member.id not in held:
            continue
        if member.joined > end:
            continue
        mine = held.get(member.id, {})
        kinds = list(fund.member_types)
        found.append(
            Confirmation(
                member.id,
                member.name,
                member.village,
                tuple((kind, mine.get(kind, ZERO)) for kind in kinds),
                tuple(owed.get(member.id, ())),
            )
        )
    return tuple(found)


def committee(fund: Fund) -> dict[str, str]:
    """Committee member id -> their role (``committee:`` of their member line)."""
    found = {}
    for member in fund.members.values():
        role = member.meta.get(COMMITTEE_KEY)
        if role is None or role is False:
            continue
        found[member.id] = role if isinstance(role, str) and role else "committee"
    return found


@dataclass(frozen=True)
class Thresholds:
    round_sum: Amount
    large: Amount


def thresholds(rules: Rules, currency: str) -> Thresholds:
    """The round sum and the large expense of the rules in force (or the defaults)."""
    round_sum = rules.amount(ROUND_SUM_RULE) or Amount(DEFAULT_ROUND_SUM, currency)
    large = rules.amount(LARGE_EXPENSE_RULE) or Amount(DEFAULT_LARGE_EXPENSE, currency)
    return Thresholds(round_sum, large)


def loan_findings(
    loans: Loans,
    members: Mapping[str, Member],
    board: Mapping[str, str],
    span: tuple[datetime.date, datetime.date],
    currency: str,
) -> tuple[Problem, ...]:
    """Loans disbursed in the year without an approval, and loans to committee members."""
    start, end = span
    found: list[Problem] = []
    for loan in loans.member_loans:
        if not start <= loan.date <= end:
            continue
        amount = Amount(loan.principal, currency)
        if not loan.approved:
            found.append(checks.loan_unapproved(loan.meta, loan.id, loan.party, amount, loan.date))
        if loan.party in board:
            found.append(
                checks.loan_to_committee(
                    loan.meta,
                    loan=loan.id,
                    member=loan.party,
                    role=board[loan.party],
                    amount=amount,
                    date=loan.date,
                    approved=loan.approved,
                )
            )
    return tuple(found)


def _paid_out(entry: data.Transaction) -> Decimal:
    return -sum(
        (
            p.units.number
            for p in entry.postings
            if p.account.startswith(MONEY_OUT) and p.units is not None and p.units.number
        ),
        ZERO,
    )


def _payee(
    entry: data.Transaction, board: Mapping[str, str], names: Mapping[str, str]
) -> str | None:
    """The committee member a payment goes to: one of their accounts debited, or named as the
    payee (id or name) or in ``member:``."""
    for posting in entry.postings:
        split = split_member_account(posting.account)
        number = posting.units.number if posting.units is not None else None
        if split is not None and split[1] in board and number is not None and number > 0:
            return split[1]
    for text in (entry.meta.get("member"), entry.payee):
        if isinstance(text, str):
            found = text if text in board else names.get(text.strip())
            if found is not None:
                return found
    return None


def payment_findings(
    entries: Iterable[data.Directive],
    board: Mapping[str, str],
    members: Mapping[str, Member],
    span: tuple[datetime.date, datetime.date],
    currency: str,
) -> tuple[Problem, ...]:
    """Money paid out of cash or bank to a committee member in the year (loans aside: they are
    listed with the loans)."""
    names = {members[m].name: m for m in board if m in members}
    found = []
    for entry in year_transactions(entries, span):
        if "loan" in entry.meta:
            continue
        paid = _paid_out(entry)
        if paid <= 0:
            continue
        member = _payee(entry, board, names)
        if member is not None:
            text = entry.narration or entry.payee or ""
            found.append(
                checks.paid_to_committee(
                    entry.meta,
                    member=member,
                    role=board[member],
                    amount=Amount(paid, currency),
                    date=entry.date,
                    text=text,
                )
            )
    return tuple(found)


def within(
    entries: Sequence[data.Directive], span: tuple[datetime.date, datetime.date]
) -> Sequence[data.Directive]:
    """The entries dated in ``span``, found by bisection in a loaded ledger's (in date
    order); ``entries`` themselves when they are not in date order."""
    if any(one.date > two.date for one, two in pairwise(entries)):
        return entries
    start, end = span
    first = bisect_left(entries, start, key=_date)
    return entries[first : bisect_right(entries, end, lo=first, key=_date)]


def _date(entry: data.Directive) -> datetime.date:
    return entry.date


def year_transactions(
    entries: Iterable[data.Directive], span: tuple[datetime.date, datetime.date]
) -> Iterable[data.Transaction]:
    start, end = span
    for entry in entries:
        if (
            isinstance(entry, data.Transaction)
            and start <= entry.date <= end
            and entry.flag != "P"
            and YEAR_END_KEY not in entry.meta
        ):
            yield entry


def expense_findings(
    entries: Iterable[data.Directive], limits: Thresholds, span: tuple[datetime.date, datetime.date]
) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    """The year's expenses that are round sums, and those that are large."""
    rounds: list[Problem] = []
    large: list[Problem] = []
    for entry in year_transactions(entries, span):
        for posting in entry.postings:
            units = posting.units
            if not posting.account.startswith("Expenses:") or units is None or not units.number:
                continue
            if units.number <= 0:
                continue
            meta = posting.meta if posting.meta and "lineno" in posting.meta else entry.meta
            one = (
                None
                if posting.account.startswith(WELFARE_PARENT)
                else checks.expense_round_sum(
                    meta, posting.account, units, entry.date, limits.round_sum
                )
            )
            two = checks.expense_large(meta, posting.account, units, entry.date, limits.large)
            rounds += [one] if one is not None else []
            large += [two] if two is not None else []
    return tuple(rounds), tuple(large)


def _ranges(numbers: Sequence[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == prev + 1:
            prev = number
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if number is not None:
            start = prev = number
    return ", ".join(parts)


@dataclass(frozen=True)
class Numbering:
    """One book of receipts or vouchers in the year: its key, the book, its first and last
    number and how many papers the books carry."""

    key: str
    book: str
    first: int
    last: int
    count: int


def number_findings(
    entries: Iterable[data.Directive], span: tuple[datetime.date, datetime.date]
) -> tuple[tuple[Numbering, ...], tuple[Problem, ...]]:
    """Gaps and duplicates in the receipts' and vouchers' numbers of the year."""
    books: dict[tuple[str, str], dict[int, list[tuple[str, Mapping[str, Any]]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for entry in year_transactions(entries, span):
        for key in NUMBER_KEYS:
            value = entry.meta.get(key)
            match = NUMBERED.match(str(value).strip()) if value is not None else None
            if match is not None:
                books[key, match.group(1)][int(match.group(2))].append((str(value), entry.meta))
    summary: list[Numbering] = []
    found: list[Problem] = []
    for (key, book), numbers in sorted(books.items()):
        ordered = sorted(numbers)
        summary.append(
            Numbering(key, book, ordered[0], ordered[-1], sum(map(len, numbers.values())))
        )
        missing = [n for n in range(ordered[0], ordered[-1] + 1) if n not in numbers]
        if missing:
            first_text, first_meta = numbers[ordered[0]][0]
            last_text = numbers[ordered[-1]][0][0]
            found.append(
                checks.number_gap(first_meta, key, first_text, last_text, _ranges(missing))
            )
        for number in ordered:
            papers = numbers[number]
            for text, meta in papers[1:]:
                found.append(checks.number_duplicate(meta, key, text, where(papers[0][1])))
    return tuple(summary), tuple(found)
