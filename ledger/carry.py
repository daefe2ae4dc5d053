"""Years that stay small: carry a fund's books into a new file with opening balances.

A fund that keeps ten years in one file waits for ten years on every load. At the end of a
year kongtun writes the next year's file, which starts with what the checks and reports need
from the past and nothing more:

- the header (title, currency, kongtun's plugin and Fava extension),
- the ``fund`` directive, every ``member`` and ``member-exit`` with their own dates (so ids
  stay reserved and tenure counts from the real joining day), the user's own ``open`` lines
  for accounts still open, and the commodities;
- the rules in force on the last day, as one ``custom "rules"`` with ``replace: TRUE``;
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
from beancount.parser.grammar import ValueType

from kongtun.ledger.errors import FundError, fund_error
from kongtun.ledger.fund import OPENING_KEY, Fund
from kongtun.ledger.i18n import DEFAULT_LANG, Lang

CARRIED_FROM: Final = OPENING_KEY
CARRIED_DIGEST: Final = "carried-digest"
OPENING_ACCOUNT: Final = "Equity:Opening"
BALANCE_SHEET: Final = ("Assets", "Liabilities", "Equity")
KEPT_DIRECTIVES: Final = frozenset({"fund", "member", "member-exit", "fava-extension"})

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
    fund: Fund
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
    options, fund = books.options, books.fund
    out = [
        f"; Carried forward by `kongtun carry` from {books.source} ({books.digest}).\n",
        f"; The books before {start.isoformat()} are in that file.\n",
        f'option "title" {_quote(str(options.get("title") or ""))}\n',
    ]
    out += [
        f'option "operating_currency" {_quote(c)}\n'
        for c in options.get("operating_currency") or [fund.currency]
    ]
    for name, config in options.get("plugin") or []:
        out.append(f"plugin {_quote(name)}" + (f" {_quote(config)}" if config else "") + "\n")
    skipped = set(fund.accounts) | {
        e.account for e in books.entries if isinstance(e, data.Close) and e.date < start
    }
    kept = [entry for entry in books.entries if _kept(entry, skipped)]
    out.append("\n")
    out += [printer.format_entry(entry) + "\n" for entry in kept]
    rules = fund.rules.on(start - datetime.timedelta(days=1))
    if rules.values:
        rules_meta = {"replace": True, **rules.values}
        directive = data.Custom(
            data.new_metadata("<carry>", 0, rules_meta),
            start - datetime.timedelta(days=1),
            "rules",
            [ValueType(rules.title, str)],
        )
        out.append(printer.format_entry(directive) + "\n")
    postings = opening_postings(closing_balances(books.entries, start))
    if postings:
        out.append(
            f'{start.isoformat()} * "ยอดยกมา" "Opening balances carried from {books.source}"\n'
            f"  {CARRIED_FROM}: {_quote(books.source)}\n"
            f"  {CARRIED_DIGEST}: {_quote(books.digest)}\n"
        )
        width = max(len(account) for account, _, _ in postings) + 2
        out += [
            f"  {account:<{width}}{number:>16} {currency}\n"
            for account, currency, number in postings
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
    lang: Lang = DEFAULT_LANG,
) -> list[FundError]:
    """Problems in one link of the chain: the new file's opening against the old closing."""
    openings = [e for e in new_entries if isinstance(e, data.Transaction) and is_opening(e)]
    if len(openings) != 1:
        meta = {"filename": new_file, "lineno": 1}
        return [fund_error("carry-opening-missing", meta, None, lang, count=len(openings))]
    opening = openings[0]
    errors: list[FundError] = []
    if opening.meta.get(CARRIED_DIGEST) != old_digest:
        errors.append(
            fund_error(
                "carry-digest-mismatch",
                opening.meta,
                opening,
                lang,
                source=str(opening.meta.get(CARRIED_FROM)),
                carried=str(opening.meta.get(CARRIED_DIGEST)),
                digest=old_digest,
            )
        )
    expected = {
        (a, c): n for a, c, n in opening_postings(closing_balances(old_entries, opening.date))
    }
    found: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for posting in opening.postings:
        if posting.units is not None and posting.units.number is not None:
            found[posting.account, posting.units.currency] += posting.units.number
    for key in sorted(set(expected) | set(found)):
        want, got = expected.get(key, Decimal(0)), found.get(key, Decimal(0))
        if want != got:
            errors.append(
                fund_error(
                    "carry-balance-mismatch",
                    opening.meta,
                    opening,
                    lang,
                    account=key[0],
                    opened=Amount(got, key[1]),
                    closed=Amount(want, key[1]),
                )
            )
    return errors
