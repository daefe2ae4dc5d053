"""kongtun's checks for a fund's books: ``plugin "kongtun.plugins.fund"``.

One line in the main ledger file loads every kongtun rule. On each load it

- opens the fund's chart of accounts on the date of ``custom "fund"`` and each member's
  accounts on the date of ``custom "member"`` (accounts you open yourself are left alone),
  and closes a member's accounts on the date of ``custom "member-exit"``;
- checks the members' books and reports every breach as an error with its file, line and a
  stable rule id::

    2024-01-01 custom "fund" "savings-group"
    2024-01-01 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-05 * "ฝากสัจจะ"
      Assets:Cash                 100 THB
      Liabilities:Savings:M0002  -100 THB

    ledger.beancount:3: member-unknown: Liabilities:Savings:M0002 belongs to member M0002,
    who is not declared. ...

A welfare fund's contributions, claims, matching money and administration costs are
checked by :mod:`kongtun.plugins.welfare`, called from here.

Messages are in Thai; ``plugin "kongtun.plugins.fund" "{'lang': 'en'}"`` gives English.
Loans, borrowings and moratoria are checked by :mod:`kongtun.plugins.loans`.
Rule ids: see docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from beancount.core import data

from kongtun.ledger.books.fund import AccountLife, Fund
from kongtun.ledger.loans.reader import read_fund_and_loans
from kongtun.ledger.messages import to_errors
from kongtun.plugins.common import internal_error, parse_config
from kongtun.plugins.loans import lender_opens, loan_errors
from kongtun.plugins.welfare import welfare_checks

__plugins__ = ("check_fund",)


def account_entries(fund: Fund, extra: Iterable[AccountLife] = ()) -> list[data.Directive]:
    """Open and Close directives for the accounts kongtun keeps, but not already written."""
    opened, closed = fund.opened, fund.closed
    new: list[data.Directive] = []
    lives = dict(fund.accounts)
    for life in extra:
        lives.setdefault(life.account, life)
    for life in lives.values():
        if life.account not in opened:
            meta = data.new_metadata(
                life.meta.get("filename", "<kongtun>"),
                life.meta.get("lineno", 0),
                {"name": life.name_th},
            )
            new.append(data.Open(meta, life.opened, life.account, [fund.currency], None))
        if life.closed is not None and life.account not in closed:
            source = life.close_meta or life.meta
            meta = data.new_metadata(source.get("filename", "<kongtun>"), source.get("lineno", 0))
            new.append(data.Close(meta, life.closed, life.account))
    return new


def check_fund(
    entries: list[data.Directive], options: dict[str, Any], config: str | None = None
) -> tuple[list[data.Directive], list[Any]]:
    """Open the fund's accounts and check every kongtun rule. Never raises."""
    lang, config_problems = parse_config(config)
    errors = to_errors(config_problems, lang)
    try:
        # one pass over the books for the members and the loans
        fund, fund_problems, loans, reader = read_fund_and_loans(entries, options)
        lives, welfare_problems = welfare_checks(fund, entries)
        new = account_entries(fund, lives)
        problems = [*fund_problems, *loan_errors(loans, reader, fund), *welfare_problems]
        errors.extend(to_errors(problems, lang))
        opened = [entry.account for entry in new if isinstance(entry, data.Open)]
        new.extend(lender_opens(loans, [*fund.opened, *opened]))
    except Exception as exc:
        return entries, [*errors, internal_error(options, lang, exc)]
    if new:
        entries = sorted([*entries, *new], key=data.entry_sortkey)
    return entries, errors
