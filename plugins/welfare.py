"""A community welfare fund's rules: contributions, claims, matching money, administration.

Loaded with the fund plugin (``plugin "kongtun.plugins.fund"``) when the fund is a
``welfare-fund``. A claim the rules do not allow is an error at its line::

    2024-01-15 custom "member" "M0001" "นางสมศรี ใจดี"
    2024-01-15 custom "rules" "ระเบียบ 2567"
      waiting-days: 180
    2024-01-15 custom "benefit" "birth" 1000 THB
    2024-06-01 * "ค่าทำขวัญบุตร"
      member: "M0001"
      benefit: "birth"
      Expenses:Welfare:Birth   1000 THB
      Assets:Cash             -1000 THB

    ledger.beancount:5: claim-waiting: member M0001 (member since 2024-01-15) claims birth
    for 2024-06-01, 138 days later; the waiting period is 180 days, so the first day to
    claim is 2024-07-13.

It also opens ``Expenses:Welfare:<Kind>`` for every declared benefit kind.
Rule ids: contribution-while-lapsed, rejoin-*, benefit-*, claim-*, matching-*,
admin-over-share (docs/rules.md, "Welfare").
"""

from __future__ import annotations

from typing import Any

from beancount.core import data

from kongtun.ledger.books.fund import AccountLife, Fund, read_fund
from kongtun.ledger.messages import to_errors
from kongtun.ledger.model import benefit_accounts
from kongtun.ledger.problems import Problem
from kongtun.plugins.common import internal_error, parse_config

__plugins__ = ("check_welfare",)


def welfare_checks(
    fund: Fund, entries: list[data.Directive]
) -> tuple[list[AccountLife], list[Problem]]:
    """The accounts a welfare fund's benefits need, and every breach of its rules."""
    if fund.info is None or fund.info.kind != "welfare-fund":
        return [], []
    # imported here: the books of a savings group never need the welfare model
    from kongtun.ledger.welfare.book import read_welfare  # noqa: PLC0415 - lazy

    welfare, problems = read_welfare(fund, entries)
    return benefit_accounts(welfare), problems


def check_welfare(
    entries: list[data.Directive], options: dict[str, Any], config: str | None = None
) -> tuple[list[data.Directive], list[Any]]:
    """The welfare checks alone (``kongtun.plugins.fund`` runs them too). Never raises."""
    lang, config_problems = parse_config(config)
    errors = to_errors(config_problems, lang)
    try:
        fund, _ = read_fund(entries, options)
        _, problems = welfare_checks(fund, entries)
        errors.extend(to_errors(problems, lang))
    except Exception as exc:
        return entries, [*errors, internal_error(options, lang, exc)]
    return entries, errors
