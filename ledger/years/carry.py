"""Years that stay small: carry a fund's books into a new file with opening balances.

A fund that keeps ten years in one file waits for ten years on every load. At the end of a
year kongtun writes the next year's file, which starts with what the checks and reports need
from the past and nothing more:

- the header (title, currency, kongtun's plugin and Fava extension),
- the ``fund`` directive, every ``member`` and ``member-exit`` with their own dates (so ids
  stay reserved and tenure counts from the real joining day), the user's own ``open`` lines
  for accounts still open, and the commodities;
- the rules in force on the last day, as one ``custom "rules"`` with ``replace: TRUE``;
- the figures that look back past the first day (:mod:`kongtun.ledger.books.records`): the last
  12 months' history rows and, for a welfare fund, the totals since the fund began;
- one opening transaction on the first day with the closing balance of every asset,
  liability and equity account; the year's income and expenses go into ``Equity:Opening``.
  It carries ``carried-from`` and ``carried-digest`` (SHA-256 of the previous file and its
  includes), so the chain of years can be verified: each opening equals the previous closing.

The opening transaction is not a deposit or a withdrawal: the member checks and the savings
arrears leave it out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount
from beancount.parser import printer

from kongtun.ledger.books.accounts import (
    MEMBER_ACCOUNT_KINDS,
    MemberAccountType,
    member_account,
    split_member_account,
)
from kongtun.ledger.books.fund import CARRIED_KEY, OPENING_KEY, ZERO, Fund, not_carried_key
from kongtun.ledger.books.records import HistoryRow, month_end_text, since_start_text
from kongtun.ledger.loans.book import Loans, loan_id
from kongtun.ledger.model import Books
from kongtun.ledger.problems import Problem
from kongtun.ledger.reports.fund_report import history_rows
from kongtun.ledger.reports.month import claim, month_history
from kongtun.ledger.reports.welfare import since_start
from kongtun.ledger.thai import wide_month
from kongtun.ledger.welfare.book import MATCHED_KEY, Welfare
from kongtun.ledger.years.checks import (
    carry_balance_mismatch,
    carry_close_mismatch,
    carry_digest_mismatch,
    carry_opening_missing,
)
from kongtun.ledger.years.closes import CARRIED_CLOSE_KEY, last_close_digest

CARRIED_FROM: Final = OPENING_KEY
CARRIED_DIGEST: Final = "carried-digest"
OPENING_ACCOUNT: Final = "Equity:Opening"
#: metadata of a welfare fund's matching-round transaction
MATCHING_KEY: Final = "matching"
BALANCE_SHEET: Final = ("Assets", "Liabilities", "Equity")
KEPT_DIRECTIVES: Final = frozenset(
    {
        "fund",
        "member",
        "member-exit",
        "member-rejoin",
        "benefit",
        "fava-extension",
        "rules",
        "moratorium",
    }
)

Balances = Mapping[tuple[str, str], Decimal]


def is_opening(entry: data.Transaction) -> bool:
    """Whether ``entry`` is the opening transaction of a carried-forward year."""
    return CARRIED_FROM in entry.meta


def closing_balances(entries: Sequence[data.Directive], before: datetime.date) -> Balances:
    """(account, currency) -> balance over every transaction dated before ``before``."""
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.date < before:
            for posting in entry.postings:
                units = posting.units
                if units is not None and units.number is not None:
                    totals[posting.account, units.currency] += units.number
    return {key: value for key, value in totals.items() if value}


def subtract(closing: Balances, carried: Balances) -> Balances:
    """What the opening must add to the carried history to reach the closing balances."""
    keys = set(closing) | set(carried)
    diff = {k: closing.get(k, Decimal(0)) - carried.get(k, Decimal(0)) for k in keys}
    return {k: v for k, v in diff.items() if v}


def open_loan_history(
    entries: Sequence[data.Directive], loans: Loans, start: datetime.date
) -> list[data.Transaction]:
    """Every transaction (before ``start``) of the loans still open on ``start``, and every
    matching round of a welfare fund.

    Repeated in the new year, they give each open loan its terms, its remaining schedule
    under the moratoria, and its arrears, and each member's earlier matchings, exactly as in
    the full history.
    """
    last_day = start - datetime.timedelta(days=1)
    still_open = {loan.id for loan in loans.loans if loan.state(last_day).repaid is None}
    return [
        entry
        for entry in entries
        if isinstance(entry, data.Transaction)
        and entry.date < start
        and (loan_id(entry.meta) in still_open or MATCHING_KEY in entry.meta)
    ]


def matched_members(welfare: Welfare | None) -> dict[str, tuple[str, ...]]:
    """Each matching round's members, as the previous year's books work them out."""
    if welfare is None:
        return {}
    return {matching.id: matching.eligible for matching in welfare.rounds}


def with_contributions(
    postings: list[tuple[str, str, Decimal]],
    welfare: Welfare,
    start: datetime.date,
) -> list[tuple[str, str, Decimal]]:
    """A welfare fund's opening also credits each member's account with what they paid in
    their current spell, so the periods it paid for stay paid; the rest of the year's
    contributions are in ``Equity:Opening`` with the other income."""
    fund, standings = welfare.fund, welfare.standings
    last_day = start - datetime.timedelta(days=1)
    lines = {(account, currency): number for account, currency, number in postings}
    opening = (OPENING_ACCOUNT, fund.currency)
    for member_id, standing in sorted(standings.items()):
        exited = standing.member.exited
        if exited is not None and exited < start:
            continue  # a member who has left keeps nothing on the books
        spell = standing.spell_on(last_day)
        paid = spell.paid(last_day) if spell is not None else Decimal(0)
        if paid:
            key = (member_account("contributions", member_id), fund.currency)
            lines[key] = lines.get(key, Decimal(0)) - paid
            lines[opening] = lines.get(opening, Decimal(0)) + paid
    return [(a, c, n) for (a, c), n in sorted(lines.items()) if n]


def history_before(
    entries: Sequence[data.Directive], fund: Fund, start: datetime.date
) -> tuple[HistoryRow, ...]:
    """The history rows of the 12 months before the month of ``start``."""
    month = (start.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return history_rows(month_history(entries, fund, month), fund)


def look_back(
    rows: Sequence[HistoryRow], welfare: Welfare | None, fund: Fund, start: datetime.date
) -> str:
    """The figures that look back past ``start``, as directives: the history ``rows`` of the
    12 months before the month of ``start`` (``custom "month-end"``) and, for a welfare fund,
    the totals since its start (``custom "since-start"``), dated the day before ``start``."""
    out = [month_end_text(row, fund.currency, wide_month(row.month, "th")) for row in rows]
    if welfare is not None:
        last_day = start - datetime.timedelta(days=1)
        totals = since_start(welfare, last_day)
        out.append(since_start_text(last_day, totals, fund.currency))
    return "\n".join(out)


def not_carried(
    rows: Sequence[HistoryRow],
    fund: Fund,
    start: datetime.date,
    postings: Sequence[tuple[str, str, Decimal]],
    history: Sequence[data.Transaction],
) -> dict[MemberAccountType, Decimal]:
    """The members' money the history counts at the end of the month before ``start`` (the
    last of ``rows``) but the new file's accounts do not hold (a welfare fund's contributions
    of earlier spells and of members who left). Only when the new file starts on the first of
    a month."""
    if start.day != 1:
        return {}
    last = rows[-1]
    held: dict[MemberAccountType, Decimal] = defaultdict(Decimal)
    lines = list(postings)
    for entry in history:
        for posting in entry.postings:
            units = posting.units
            if units is not None and units.number is not None:
                lines.append((posting.account, units.currency, units.number))
    for account, currency, number in lines:
        split = split_member_account(account)
        if split is not None and currency == fund.currency:
            held[split[0]] += claim(split[0], number)
    out = {}
    for kind in fund.member_types:
        if MEMBER_ACCOUNT_KINDS[kind].parent.split(":", 1)[0] in BALANCE_SHEET:
            continue
        difference = last.members_money.get(kind, ZERO) - held[kind]
        if difference:
            out[kind] = difference
    return out


def opening_postings(balances: Balances) -> list[tuple[str, str, Decimal]]:
    """The opening postings: balance-sheet accounts as they closed, the rest into equity."""
    lines: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for (account, currency), number in balances.items():
        target = account if account.split(":", 1)[0] in BALANCE_SHEET else OPENING_ACCOUNT
        lines[target, currency] += number
    return [
        (account, currency, number)
        for (account, currency), number in sorted(lines.items())
        if number
    ]


@dataclass(frozen=True)
class CarryInput:
    """What carrying forward needs from the previous year's books."""

    entries: Sequence[data.Directive]
    options: Mapping[str, Any]
    #: the model of the books' load (kongtun.ledger.model)
    model: Books
    source: str
    digest: str


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _kept(entry: data.Directive, skipped: set[str]) -> bool:
    """Whether the new file repeats ``entry`` from the old books."""
    if isinstance(entry, data.Custom):
        return entry.type in KEPT_DIRECTIVES
    if isinstance(entry, data.Open):
        return entry.account not in skipped
    return isinstance(entry, data.Commodity)


def carry_forward(books: CarryInput, start: datetime.date) -> str:
    """The text of the new file whose first day is ``start``."""
    fund = books.model.fund
    skipped = set(fund.accounts) | {
        e.account for e in books.entries if isinstance(e, data.Close) and e.date < start
    }
    kept = [entry for entry in books.entries if _kept(entry, skipped)]
    out = [*_header(books, start), "\n"]
    out += [printer.format_entry(entry) + "\n" for entry in kept]
    # each model read once: the history rows and the welfare model serve several parts
    rows = history_before(books.entries, fund, start)
    welfare = (
        books.model.welfare if fund.info is not None and fund.info.kind == "welfare-fund" else None
    )
    out += [look_back(rows, welfare, fund, start), "\n"]
    history = open_loan_history(books.entries, books.model.loans, start)
    out += _repeated(history, matched_members(welfare))
    postings = opening_postings(
        subtract(closing_balances(books.entries, start), closing_balances(history, start))
    )
    if welfare is not None:
        postings = with_contributions(postings, welfare, start)
    if postings:
        left_out = not_carried(rows, fund, start, postings, history)
        out.append(_opening(books, start, postings, left_out))
    return "".join(out)


def _header(books: CarryInput, start: datetime.date) -> list[str]:
    """The new file's first lines: where it comes from, its options and plugins."""
    options = books.options
    out = [
        f"; Carried forward by `kongtun carry` from {books.source} ({books.digest}).\n",
        f"; The books before {start.isoformat()} are in that file.\n",
        f'option "title" {_quote(str(options.get("title") or ""))}\n',
    ]
    out += [
        f'option "operating_currency" {_quote(c)}\n'
        for c in options.get("operating_currency") or [books.model.fund.currency]
    ]
    for name, config in options.get("plugin") or []:
        out.append(f"plugin {_quote(name)}" + (f" {_quote(config)}" if config else "") + "\n")
    return out


def _repeated(
    history: Sequence[data.Transaction], matched: Mapping[str, Sequence[str]]
) -> list[str]:
    """The transactions repeated from the old books (``carried: TRUE``), each matching round
    with the members the old books matched."""
    out = []
    for entry in history:
        meta = {**entry.meta, CARRIED_KEY: True}
        round_id = entry.meta.get(MATCHING_KEY)
        if isinstance(round_id, str) and round_id in matched:
            meta[MATCHED_KEY] = " ".join(matched[round_id])
        out.append(printer.format_entry(entry._replace(meta=meta)) + "\n")
    return out


def _opening(
    books: CarryInput,
    start: datetime.date,
    postings: Sequence[tuple[str, str, Decimal]],
    left_out: Mapping[MemberAccountType, Decimal],
) -> str:
    """The opening transaction: ``postings``, and the members' money it does not carry."""
    currency = books.model.fund.currency
    out = [
        f'{start.isoformat()} * "ยอดยกมา" "Opening balances carried from {books.source}"\n'
        f"  {CARRIED_FROM}: {_quote(books.source)}\n"
        f"  {CARRIED_DIGEST}: {_quote(books.digest)}\n"
    ]
    last_close = last_close_digest(books.entries)
    if last_close is not None:  # the chain of month closes goes on in the new file
        out.append(f"  {CARRIED_CLOSE_KEY}: {_quote(last_close)}\n")
    out += [
        f"  {not_carried_key(kind)}: {number} {currency}\n" for kind, number in left_out.items()
    ]
    width = max(len(account) for account, _, _ in postings) + 2
    out += [
        f"  {account:<{width}}{number:>16} {currency}\n" for account, currency, number in postings
    ]
    return "".join(out)


def later_entries(entries: Sequence[data.Directive], start: datetime.date) -> list[Any]:
    """Transactions of the old books dated on or after ``start`` (carrying refuses them)."""
    return [e for e in entries if isinstance(e, data.Transaction) and e.date >= start]


def verify_link(
    old_entries: Sequence[data.Directive],
    old_digest: str,
    new_entries: Sequence[data.Directive],
    new_file: str,
) -> list[Problem]:
    """Problems in one link of the chain: the new file's opening against the old closing."""
    openings = [e for e in new_entries if isinstance(e, data.Transaction) and is_opening(e)]
    missing = carry_opening_missing(new_file, openings)
    if missing is not None:
        return [missing]
    opening = openings[0]
    found = [
        carry_digest_mismatch(opening, opening.meta.get(CARRIED_DIGEST), old_digest),
        carry_close_mismatch(
            opening, opening.meta.get(CARRIED_CLOSE_KEY), last_close_digest(old_entries)
        ),
    ]
    carried = [
        e
        for e in new_entries
        if isinstance(e, data.Transaction) and (e is opening or e.meta.get(CARRIED_KEY) is True)
    ]
    closed = _as_opened(closing_balances(old_entries, opening.date))
    opened = _as_opened(closing_balances(carried, datetime.date.max))
    for account, currency in sorted(set(closed) | set(opened)):
        was = Amount(closed.get((account, currency), ZERO), currency)
        now = Amount(opened.get((account, currency), ZERO), currency)
        found.append(carry_balance_mismatch(opening, account, was, now))
    return [problem for problem in found if problem is not None]


def _as_opened(balances: Balances) -> dict[tuple[str, str], Decimal]:
    """Balances as an opening carries them (see :func:`opening_postings`)."""
    return {(a, c): n for a, c, n in opening_postings(balances)}
