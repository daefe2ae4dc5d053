"""What the workpaper points the auditor at, one small function per finding id.

A finding is a :class:`~kongtun.ledger.problems.Problem` whose id is a key of
:data:`FINDINGS` (not a rule of the books: the books may keep every rule and still deserve a
look). Each function returns the finding or None; the words are made at the edge with
``render_problem(finding, lang, FINDINGS)``. Every id is explained in docs/audit.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from beancount.core.amount import Amount

from kongtun.ledger.i18n import N_
from kongtun.ledger.problems import Problem, problem

#: finding id -> its message (English source; Thai in the catalog)
FINDINGS: Final[dict[str, str]] = {
    "trial-balance-unbalanced": N_(
        "the trial balance on {date} does not balance: debits {debits}, credits {credits}."
    ),
    "trial-balance-sheet-differs": N_(
        "the trial balance's {section} ({trial}) differ from the balance sheet's ({sheet}) on "
        "{date}."
    ),
    "control-differs": N_(
        "{parent}: the members' accounts add up to {members} but the control account holds "
        "{control} on {date}; {difference} is posted to no member."
    ),
    "cash-count-missing": N_(
        "no cash count from {first} to {last}: no `balance` line on {accounts} in the month."
    ),
    "bank-books-only": N_(
        "{account}: {amount} on {date} is in the books but on no imported statement line "
        "(the statements run from {first} to {last})."
    ),
    "bank-statement-only": N_(
        "{account}: the statement line of {date}, {amount} ({text}), is not explained in the "
        "books: it went to Assets:Suspense."
    ),
    "bank-recorded-twice": N_(
        "{account}: {amount} on {date} is written by hand and imported from the statement as "
        "well ({other}): one of them is one too many."
    ),
    "suspense-held": N_(
        "Assets:Suspense still holds {amount} on {date} (items not yet explained: {count})."
    ),
    "loan-unapproved": N_(
        "loan {loan} to {member}, {amount} on {date}, names no approving resolution (approved:)."
    ),
    "loan-to-committee": N_(
        "loan {loan} to committee member {member} ({role}), {amount} on {date}; approved by: "
        "{approved}."
    ),
    "paid-to-committee": N_(
        "{amount} paid on {date} to committee member {member} ({role}): {text}."
    ),
    "expense-round-sum": N_(
        "{account}: {amount} on {date} is a round sum (a whole multiple of {step})."
    ),
    "expense-large": N_("{account}: {amount} on {date} is at or above {limit}."),
    "number-gap": N_("{key} numbers from {first} to {last}: {missing} not in the books."),
    "number-duplicate": N_("{key} {number} is written twice: here and at {other}."),
}


def _money(number: Decimal, currency: str) -> Amount:
    return Amount(number, currency)


def trial_balance_unbalanced(
    date: datetime.date, debits: Decimal, credits: Decimal, currency: str
) -> Problem | None:
    if debits == credits:
        return None
    return problem(
        "trial-balance-unbalanced",
        None,
        date=date,
        debits=_money(debits, currency),
        credits=_money(credits, currency),
    )


def trial_balance_sheet_differs(
    section: str, date: datetime.date, trial: Decimal, sheet: Decimal, currency: str
) -> Problem | None:
    if trial == sheet:
        return None
    return problem(
        "trial-balance-sheet-differs",
        None,
        section=section,
        date=date,
        trial=_money(trial, currency),
        sheet=_money(sheet, currency),
    )


def control_differs(
    parent: str,
    *,
    date: datetime.date,
    members: Decimal,
    control: Decimal,
    currency: str,
    meta: Mapping[str, Any] | None,
) -> Problem | None:
    if members == control:
        return None
    return problem(
        "control-differs",
        meta,
        parent=parent,
        date=date,
        members=_money(members, currency),
        control=_money(control, currency),
        difference=_money(control - members, currency),
    )


def cash_count_missing(month: datetime.date, accounts: tuple[str, ...]) -> Problem:
    last = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return problem("cash-count-missing", None, first=month, last=last, accounts=list(accounts))


def bank_books_only(
    meta: Mapping[str, Any],
    account: str,
    amount: Amount,
    date: datetime.date,
    span: tuple[datetime.date, datetime.date],
) -> Problem:
    first, last = span
    return problem(
        "bank-books-only", meta, account=account, amount=amount, date=date, first=first, last=last
    )


def bank_statement_only(
    meta: Mapping[str, Any], account: str, amount: Amount, date: datetime.date, text: str
) -> Problem:
    return problem(
        "bank-statement-only", meta, account=account, amount=amount, date=date, text=text
    )


def bank_recorded_twice(
    meta: Mapping[str, Any], account: str, amount: Amount, date: datetime.date, other: str
) -> Problem:
    return problem(
        "bank-recorded-twice", meta, account=account, amount=amount, date=date, other=other
    )


def suspense_held(date: datetime.date, amount: Amount, count: int) -> Problem | None:
    if not amount.number:
        return None
    return problem("suspense-held", None, date=date, amount=amount, count=count)


def loan_unapproved(
    meta: Mapping[str, Any], loan: str, member: str, amount: Amount, date: datetime.date
) -> Problem:
    return problem("loan-unapproved", meta, loan=loan, member=member, amount=amount, date=date)


def loan_to_committee(
    meta: Mapping[str, Any],
    *,
    loan: str,
    member: str,
    role: str,
    amount: Amount,
    date: datetime.date,
    approved: str,
) -> Problem:
    return problem(
        "loan-to-committee",
        meta,
        loan=loan,
        member=member,
        role=role,
        amount=amount,
        date=date,
        approved=approved or "-",
    )


def paid_to_committee(
    meta: Mapping[str, Any],
    *,
    member: str,
    role: str,
    amount: Amount,
    date: datetime.date,
    text: str,
) -> Problem:
    return problem(
        "paid-to-committee", meta, member=member, role=role, amount=amount, date=date, text=text
    )


def expense_round_sum(
    meta: Mapping[str, Any], account: str, amount: Amount, date: datetime.date, step: Amount
) -> Problem | None:
    number, unit = amount.number, step.number
    if number is None or not unit or number < unit or number % unit:
        return None
    return problem("expense-round-sum", meta, account=account, amount=amount, date=date, step=step)


def expense_large(
    meta: Mapping[str, Any], account: str, amount: Amount, date: datetime.date, limit: Amount
) -> Problem | None:
    if amount.number is None or limit.number is None or amount.number < limit.number:
        return None
    return problem("expense-large", meta, account=account, amount=amount, date=date, limit=limit)


def number_gap(meta: Mapping[str, Any], key: str, first: str, last: str, missing: str) -> Problem:
    return problem("number-gap", meta, key=key, first=first, last=last, missing=missing)


def number_duplicate(meta: Mapping[str, Any], key: str, number: str, other: str) -> Problem:
    return problem("number-duplicate", meta, key=key, number=number, other=other)
