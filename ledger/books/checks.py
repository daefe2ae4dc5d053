"""The books' rules, one small function per rule id: the fund, its members, their accounts,
the rules directives, the records carried from earlier books, and the plugin's own problems.

Each function is named after its rule id (``savings-withdrawal`` -> :func:`savings_withdrawal`)
and is the one place that raises it: it takes what the rule needs (an entry and what the
reader or the member walk knows at that point) and returns the
:class:`~kongtun.ledger.problems.Problem`, or None when the rule holds. The readers
(:mod:`kongtun.ledger.books.fund`, :mod:`kongtun.ledger.books.records`) call them where the
event happens; :data:`CHECKS` lists them for :mod:`kongtun.ledger.registry`. The messages are
in :data:`kongtun.ledger.messages.RULES`, their fixes in docs/rules.md.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.accounts import (
    FUND_KINDS,
    KIND_LABELS,
    MEMBER_ACCOUNT_KINDS,
    MEMBER_ID,
    FundKind,
    MemberAccountType,
    member_account,
)
from kongtun.ledger.books.rules import EXPECTED, RULE_KEYS, RuleKey, Rules
from kongtun.ledger.problems import Msg, Problem, phrase, problem, where
from kongtun.ledger.thai import BE_FROM, ce_date

Meta = Mapping[str, Any]

# -- the fund ---------------------------------------------------------------------------------


def fund_missing(options: Meta) -> Problem:
    """The books load kongtun but declare no fund: at the top of the main file."""
    top = {"filename": options.get("filename") or "<kongtun>", "lineno": 1}
    return problem("fund-missing", top)


def fund_duplicate(entry: data.Custom, first: Meta) -> Problem:
    """A second ``custom "fund"`` (the first at ``first``)."""
    return problem("fund-duplicate", entry.meta, entry, first=where(first))


def fund_kind_unknown(entry: data.Custom, kind: str | None) -> Problem:
    """A ``custom "fund"`` of a kind kongtun does not know."""
    return problem("fund-kind-unknown", entry.meta, entry, kind=kind or "", known=FUND_KINDS)


#: a lender's ``code:``: an account name's component (Liabilities:Loans:CODI) (compiled on
#: first use, by re's cache)
LENDER_CODE: Final = r"[A-Z][A-Za-z0-9-]*"


def lender_code_missing(entry: data.Custom) -> Problem | None:
    """``lender-code-missing``: a lender's ``custom "fund" "lender"`` without a ``code:`` its
    borrowers can write in ``Liabilities:Loans:<code>`` (``kongtun reconcile`` matches their
    books by it)."""
    code = entry.meta.get("code")
    if isinstance(code, str) and re.fullmatch(LENDER_CODE, code.strip()):
        return None
    return problem("lender-code-missing", entry.meta, entry, code="" if code is None else code)


# -- rules directives -------------------------------------------------------------------------


def rules_unknown_key(entry: data.Custom, key: str) -> Problem:
    """A key of a ``custom "rules"`` directive that is no rule kongtun knows."""
    return problem("rules-unknown-key", entry.meta, entry, key=key, known=sorted(RULE_KEYS))


def rules_bad_value(entry: data.Custom, rule: RuleKey, value: object) -> Problem:
    """A rule given a value of the wrong type (the reader could not convert it)."""
    shown = f'"{value}"' if isinstance(value, str) else str(value)
    return problem(
        "rules-bad-value",
        entry.meta,
        entry,
        key=rule.key,
        expected=phrase(EXPECTED[rule.type], choices=list(rule.choices)),
        value=shown,
        example=rule.example,
    )


# -- members ----------------------------------------------------------------------------------


def member_malformed(entry: data.Custom) -> Problem:
    """A ``custom "member"`` (or ``member-exit``) line without its id (or name)."""
    return problem("member-malformed", entry.meta, entry)


def member_id_malformed(entry: data.Custom, member: str) -> Problem | None:
    """A member id that is not a capital letter and up to 19 capitals, digits or '-'."""
    if MEMBER_ID.fullmatch(member):
        return None
    return problem("member-id-malformed", entry.meta, entry, member=member)


def member_duplicate(entry: data.Custom, member: str, first: Meta) -> Problem:
    """A member declared a second time (the first at ``first``)."""
    return problem("member-duplicate", entry.meta, entry, member=member, first=where(first))


def member_exit_unknown(entry: data.Custom, member: str) -> Problem:
    """A ``custom "member-exit"`` for a member never declared."""
    return problem("member-exit-unknown", entry.meta, entry, member=member)


def member_exit_duplicate(entry: data.Custom, member: str, exited: datetime.date) -> Problem:
    """A second exit of a member who left on ``exited``."""
    return problem("member-exit-duplicate", entry.meta, entry, member=member, exited=exited)


def member_exit_before_join(
    entry: data.Custom, member: str, joined: datetime.date
) -> Problem | None:
    """A member leaving before joining."""
    if entry.date >= joined:
        return None
    return problem(
        "member-exit-before-join",
        entry.meta,
        entry,
        member=member,
        exited=entry.date,
        joined=joined,
    )


def member_exit_balance(
    exit_meta: Meta | None,
    member: str,
    exited: datetime.date,
    kind: MemberAccountType,
    balance: Amount,
) -> Problem | None:
    """A member leaving with money in an account that must be settled by the exit
    (``balance``: the account's Beancount balance at the end of the exit day)."""
    spec = MEMBER_ACCOUNT_KINDS[kind]
    if not spec.settle_on_exit or not balance.number:
        return None
    return problem(
        "member-exit-balance",
        exit_meta,
        None,
        member=member,
        exited=exited,
        account=member_account(kind, member),
        balance=-balance if spec.credit else balance,
    )


# -- postings to members' accounts (called by the member walk, where the posting is) ---------


def member_account_kind(
    entry: data.Transaction,
    account: str,
    member: str,
    fund_kind: FundKind,
    member_types: Sequence[MemberAccountType],
) -> Problem:
    """A posting to a member account of a type this kind of fund does not keep."""
    return problem(
        "member-account-kind",
        entry.meta,
        entry,
        account=account,
        kind=Msg(KIND_LABELS[fund_kind]),
        known=[MEMBER_ACCOUNT_KINDS[kind].parent + ":" + member for kind in member_types],
    )


def member_unknown(entry: data.Transaction, account: str, member: str) -> Problem:
    """A posting to the account of a member who is not declared."""
    return problem(
        "member-unknown", entry.meta, entry, account=account, member=member, date=entry.date
    )


def member_not_joined(
    entry: data.Transaction, account: str, member: str, joined: datetime.date
) -> Problem | None:
    """A posting to a member's account dated before the member joins."""
    if entry.date >= joined:
        return None
    return problem(
        "member-not-joined",
        entry.meta,
        entry,
        account=account,
        member=member,
        joined=joined,
        date=entry.date,
    )


def member_left(
    entry: data.Transaction, account: str, member: str, exited: datetime.date | None
) -> Problem | None:
    """A posting to a member's account dated after the member left."""
    if exited is None or entry.date <= exited:
        return None
    return problem(
        "member-left",
        entry.meta,
        entry,
        account=account,
        member=member,
        exited=exited,
        date=entry.date,
    )


def savings_withdrawal(
    entry: data.Transaction, member: str, amount: Amount, rules: Rules
) -> Problem | None:
    """A member takes savings out while still a member: only when ``rules`` (those in force
    on the day) allow it."""
    if rules.flag("savings-withdrawal-allowed"):
        return None
    return problem(
        "savings-withdrawal",
        entry.meta,
        entry,
        member=member,
        amount=amount,
        date=entry.date,
        rules=rules.title,
    )


def savings_negative(
    entry: data.Transaction, member: str, balance: Decimal, currency: str
) -> Problem | None:
    """A member's savings fall below zero: ``balance`` is the account's Beancount balance at
    the end of the day (a debit), ``entry`` the day's last posting to it."""
    if balance <= 0:
        return None
    claim = Amount(-balance, currency)
    return problem(
        "savings-negative", entry.meta, entry, member=member, balance=claim, date=entry.date
    )


def shares_negative(
    entry: data.Transaction, member: str, balance: Decimal, currency: str
) -> Problem | None:
    """A member's shares fall below zero (as :func:`savings_negative`)."""
    if balance <= 0:
        return None
    claim = Amount(-balance, currency)
    return problem(
        "shares-negative", entry.meta, entry, member=member, balance=claim, date=entry.date
    )


# -- records carried from earlier books (kongtun.ledger.books.records) -----------------------


def month_end_malformed(entry: data.Custom, currency: str, keys: Sequence[str]) -> Problem:
    """A ``custom "month-end"`` not on a month's last day, or without all its figures
    (``keys``, the amounts it must give)."""
    return problem(
        "month-end-malformed",
        entry.meta,
        entry,
        keys=", ".join(f"{key}:" for key in keys),
        currency=currency,
    )


def month_end_duplicate(entry: data.Custom, first: Meta) -> Problem:
    """A second month-end record of a month (the first at ``first``)."""
    return problem("month-end-duplicate", entry.meta, entry, first=where(first))


def month_end_late(entry: data.Custom, books_start: datetime.date | None) -> Problem | None:
    """A month-end record dated inside the books (on or after their first day)."""
    if books_start is None or entry.date < books_start:
        return None
    return problem("month-end-late", entry.meta, entry, start=books_start)


def since_start_malformed(entry: data.Custom, currency: str, sources: Sequence[str]) -> Problem:
    """A ``custom "since-start"`` that is neither a received total nor a benefit total."""
    return problem(
        "since-start-malformed",
        entry.meta,
        entry,
        sources=", ".join(sources),
        currency=currency,
    )


def since_start_duplicate(entry: data.Custom, first: Meta) -> Problem:
    """A second since-start total of one source, or of one benefit kind and category."""
    return problem("since-start-duplicate", entry.meta, entry, first=where(first))


# -- dates --------------------------------------------------------------------------------------


def date_buddhist_era(entry: data.Directive) -> Problem | None:
    """An entry dated with a Buddhist Era year (2567-12-20): Beancount reads it as the year
    2567 of the Common Era; it most likely means 2024-12-20."""
    if entry.date.year < BE_FROM:
        return None
    return problem(
        "date-buddhist-era",
        entry.meta,
        entry,
        date=entry.date.isoformat(),
        meant=ce_date(entry.date),
    )


# -- the plugin itself --------------------------------------------------------------------------


def plugin_config(config: str) -> Problem:
    """The plugin's configuration string is not a dict with a known ``lang``."""
    top = {"filename": "<plugin kongtun.plugins.fund>", "lineno": 0}
    return problem("plugin-config", top, config=repr(config))


def plugin_missing(path: str) -> Problem:
    """The books do not load ``kongtun.plugins.fund`` (``path``: the main file)."""
    return problem("plugin-missing", {"filename": path, "lineno": 1})


def internal_error(options: Meta, exc: Exception) -> Problem:
    """kongtun failed on these books: the problem a plugin returns instead of raising."""
    top = {"filename": options.get("filename") or "<kongtun>", "lineno": 0}
    return problem("internal-error", top, error=f"{type(exc).__name__}: {exc}")


#: rule id -> the function that raises it (see :mod:`kongtun.ledger.registry`)
CHECKS: Final[dict[str, Callable[..., object]]] = {
    "fund-missing": fund_missing,
    "fund-duplicate": fund_duplicate,
    "fund-kind-unknown": fund_kind_unknown,
    "rules-unknown-key": rules_unknown_key,
    "rules-bad-value": rules_bad_value,
    "member-malformed": member_malformed,
    "member-id-malformed": member_id_malformed,
    "member-duplicate": member_duplicate,
    "member-unknown": member_unknown,
    "member-not-joined": member_not_joined,
    "member-account-kind": member_account_kind,
    "member-left": member_left,
    "member-exit-unknown": member_exit_unknown,
    "member-exit-before-join": member_exit_before_join,
    "member-exit-duplicate": member_exit_duplicate,
    "member-exit-balance": member_exit_balance,
    "savings-negative": savings_negative,
    "shares-negative": shares_negative,
    "savings-withdrawal": savings_withdrawal,
    "month-end-malformed": month_end_malformed,
    "month-end-duplicate": month_end_duplicate,
    "month-end-late": month_end_late,
    "since-start-malformed": since_start_malformed,
    "since-start-duplicate": since_start_duplicate,
    "plugin-config": plugin_config,
    "plugin-missing": plugin_missing,
    "internal-error": internal_error,
    "date-buddhist-era": date_buddhist_era,
    "lender-code-missing": lender_code_missing,
}
