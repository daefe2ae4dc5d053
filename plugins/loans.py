"""Loans, borrowings and moratoria: the loan rules of ``plugin "kongtun.plugins.fund"``.

A loan is a transaction with ``loan:`` metadata and its terms; repayments carry the same
``loan:``. The rules in force on the loan's date bound it::

    2024-01-01 custom "rules" "ระเบียบ 2567"
      loan-max-multiple: 3
      loan-rate-max: 12

    2024-03-15 * "นายสมชาย ใจดี" "เงินกู้สามัญ"
      loan: "L2567-015"
      rate: 12
      method: "declining"
      installments: 12
      first-due: 2024-04-15
      approved: "มติกรรมการ ครั้งที่ 3/2567"
      Assets:Loans:M0007     3001 THB
      Assets:Bank

    ledger.beancount:5: loan-over-multiple: M0007 loan L2567-015 of 3,001.00 THB brings the
    member's loans to 3,001.00 THB, above loan-max-multiple 3 × savings and shares ...

The fund plugin (``kongtun.plugins.fund``) runs these checks in its one pass (the loan
problems of :func:`kongtun.ledger.model.read_books`); this module is also a
plugin of its own for ledgers that only want the loan checks. It opens each lender's account
(``Liabilities:Loans:CODI``) on the first borrowing from it, unless the ledger opens it.
Rule ids: see docs/rules.md (## Loans).
"""

from __future__ import annotations

from typing import Any

from beancount.core import data

from kongtun.ledger.loans.reader import read_fund_and_loans
from kongtun.ledger.messages import to_errors
from kongtun.ledger.model import lender_opens, loan_problems
from kongtun.plugins.common import internal_error, parse_config

__plugins__ = ("check_loans",)


def check_loans(
    entries: list[data.Directive], options: dict[str, Any], config: str | None = None
) -> tuple[list[data.Directive], list[Any]]:
    """The loan checks alone (``kongtun.plugins.fund`` runs them too). Never raises."""
    lang, config_problems = parse_config(config)
    errors = to_errors(config_problems, lang)
    try:
        fund, _, loans, reader = read_fund_and_loans(entries, options)
        errors.extend(to_errors(loan_problems(loans, reader, fund), lang))
        new = lender_opens(loans, fund.opened)
    except Exception as exc:
        return entries, [*errors, internal_error(options, lang, exc)]
    if new:
        entries = sorted([*entries, *new], key=data.entry_sortkey)
    return entries, errors
