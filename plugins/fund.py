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

Loans, borrowings and moratoria are checked too (the rules of :mod:`kongtun.plugins.loans`),
and a welfare fund's contributions, claims, matching money and administration costs (those
of :mod:`kongtun.plugins.welfare`): the one pass is :func:`kongtun.ledger.model.read_books`.
Every month close (``custom "period-close"``) is recomputed: a closed month that changed is an
error (:func:`kongtun.ledger.years.closes.verify_closes`, docs/closes.md); a load whose closed
months are those of a load whose closes held answers from the verified-closes cache
(:mod:`kongtun.plugins.closes_cache`). Each recorded year end is checked against the rules
(:mod:`kongtun.ledger.years.year_end`), except those a load that found them clean vouches for
with the same entries up to their cutoff (:mod:`kongtun.plugins.year_ends_cache`). What each
loan's terms cost, measured for ``loan-rate-over-law``, is kept for the next load
(:mod:`kongtun.plugins.loan_rates`).

Messages are in Thai; ``plugin "kongtun.plugins.fund" "{'lang': 'en'}"`` gives English.
Rule ids: see docs/rules.md.
"""

from __future__ import annotations

from typing import Any

from beancount.core import data

from kongtun.ledger.model import Books, keep_books, read_books, with_new
from kongtun.ledger.problems import Problem
from kongtun.ledger.years.needs import needs_closes, needs_year_end
from kongtun.plugins.common import (
    InOrder,
    collector_paused,
    internal_error,
    parse_config,
    worded,
)
from kongtun.plugins.loan_rates import loan_rates

__plugins__ = ("check_fund",)


def check_fund(
    entries: list[data.Directive], options: dict[str, Any], config: str | None = None
) -> tuple[list[data.Directive], list[Any]]:
    """Open the fund's accounts and check every kongtun rule. Never raises.

    The books it reads are left in ``options`` for the rest of this load (the Fava extension,
    the command line): see :mod:`kongtun.ledger.model`.
    """
    with collector_paused():
        lang, config_problems = parse_config(config)
        errors = worded(config_problems, lang)
        try:
            rates = loan_rates(options)
            books, new = read_books(entries, options, rates)
            if rates is not None:
                rates.keep()
            books = _with_year_end(books, entries, options)
            errors.extend(worded(list(books.problems), lang))
            if needs_closes(books.fund):  # books with no close: no pass for them
                errors.extend(worded(_closes_problems(entries, options), lang))
        except Exception as exc:
            return entries, [*errors, internal_error(options, lang, exc)]
        keep_books(options, books)
        # as sorted() would put them, without sorting all; and Beancount's sort after the
        # plugin, which would give the same list, skipped (plugins/common.py InOrder)
        return InOrder(with_new(entries, new)), errors


# Imported only by the books that need them: most books record no month close, and a welfare
# fund has no year end (docs/performance.md).


def _with_year_end(books: Books, entries: list[data.Directive], options: dict[str, Any]) -> Books:
    """The year end's problems, through the verified-year-ends cache
    (plugins/year_ends_cache.py)."""
    if not needs_year_end(books.fund):
        return books
    from kongtun.plugins.year_ends_cache import checked_year_ends  # noqa: PLC0415 - lazy

    return checked_year_ends(books, entries, options)


def _closes_problems(entries: list[data.Directive], options: dict[str, Any]) -> list[Problem]:
    """The closes' problems, through the verified-closes cache (plugins/closes_cache.py)."""
    from kongtun.plugins.closes_cache import checked_closes  # noqa: PLC0415 - lazy

    return checked_closes(entries, options)
