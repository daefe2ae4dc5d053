"""A grant's rules, one small check per rule id (docs/rules.md, "Grants").

Each function is named after the rule id it raises (``grant-over-budget`` ->
:func:`grant_over_budget`) and is called by the grant pass (:mod:`kongtun.ledger.grants.reader`)
where the event happens: a grant's directives as they are read, each transaction that moves a
grant's money, and each grant's end once the books go past it. A check gets plain values and
returns a :class:`~kongtun.ledger.problems.Problem` when the rule is broken, else None.
:data:`CHECKS` lists them all (the rule registry merges it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from beancount.core.amount import Amount

from kongtun.ledger.grants.book import ZERO, Grant, GrantBook
from kongtun.ledger.problems import Phrase, Problem, problem

#: at most this many grant ids in a message (a network's books hold a hundred)
SHOWN: Final = 10


def grant_malformed(
    meta: Mapping[str, Any], entry: Any, grant: str, reason: Phrase | None
) -> Problem | None:
    """A grant directive (or a line, or a transfer) that cannot be read as it is written."""
    if reason is None:
        return None
    return problem("grant-malformed", meta, entry, grant=grant, reason=reason)


def grant_unknown(entry: Any, grant: str, known: Mapping[str, object]) -> Problem | None:
    """A transaction, line or transfer naming a grant the books do not declare."""
    if grant in known:
        return None
    return problem("grant-unknown", entry.meta, entry, grant=grant, known=sorted(known) or ["-"])


def grant_line_unknown(entry: Any, grant: Grant, line: str | None) -> Problem | None:
    """Money spent (or budget moved) on no line, or on a line the grant does not have."""
    if line is not None and line in grant.lines:
        return None
    return problem(
        "grant-line-unknown",
        entry.meta,
        entry,
        grant=grant.id,
        line=line or "-",
        known=list(grant.lines) or ["-"],
    )


def grant_untagged(entry: Any, account: str, grant: str, tag: str | None) -> Problem | None:
    """Restricted money moved by a transaction that does not name its grant."""
    if tag == grant:
        return None
    return problem("grant-untagged", entry.meta, entry, account=account, grant=grant)


def grant_over_budget(
    entry: Any, book: GrantBook, line: str, day: datetime.date, used: Decimal
) -> Problem | None:
    """Spending that takes a line past its budget in force on the day."""
    grant = book.grant
    budget = grant.budget(line, day)
    if used <= budget:
        return None
    return problem(
        "grant-over-budget",
        entry.meta,
        entry,
        grant=grant.id,
        line=line,
        date=day,
        used=Amount(used, grant.currency),
        budget=Amount(budget, grant.currency),
        over=Amount(used - budget, grant.currency),
    )


def grant_outside_period(entry: Any, grant: Grant, day: datetime.date) -> Problem | None:
    """Spending dated before the grant's period starts or after it ends."""
    if grant.start <= day <= grant.end:
        return None
    return problem(
        "grant-outside-period",
        entry.meta,
        entry,
        grant=grant.id,
        date=day,
        start=grant.start,
        end=grant.end,
    )


def grant_over_amount(entry: Any, grant: Grant, received: Decimal) -> Problem | None:
    """A tranche that brings what the grantor paid above the grant's amount."""
    if received <= grant.amount:
        return None
    return problem(
        "grant-over-amount",
        entry.meta,
        entry,
        grant=grant.id,
        received=Amount(received, grant.currency),
        amount=Amount(grant.amount, grant.currency),
    )


def grant_share_short(book: GrantBook, last: datetime.date | None) -> Problem | None:
    """The community's required share not all put in by the end of the period (checked once
    the books go past the end)."""
    grant = book.grant
    paid = book.total("share")
    if grant.share <= 0 or last is None or last <= grant.end or paid >= grant.share:
        return None
    return problem(
        "grant-share-short",
        grant.meta,
        None,
        grant=grant.id,
        end=grant.end,
        paid=Amount(paid, grant.currency),
        share=Amount(grant.share, grant.currency),
    )


def grant_leftover(book: GrantBook, last: datetime.date | None) -> Problem | None:
    """Money still held for a grant whose period is over (checked once the books go past the
    end): it is returned to the grantor or converted by a recorded resolution."""
    grant = book.grant
    left = book.left
    if last is None or last <= grant.end or left <= ZERO:
        return None
    return problem(
        "grant-leftover",
        grant.meta,
        None,
        grant=grant.id,
        end=grant.end,
        left=Amount(left, grant.currency),
        last=last,
    )


def grant_line_late(book: GrantBook, line: str) -> Problem | None:
    """A budget line declared after money was already spent on it (the declaration is dated
    after the first voucher on the line)."""
    grant = book.grant
    declared = grant.declared_on.get(line)
    if declared is None:
        return None
    early = [
        move
        for move in book.movements
        if move.line == line and move.kind in ("spent", "converted") and move.date < declared
    ]
    if not early:
        return None
    return problem(
        "grant-line-late",
        grant.declared[line],
        None,
        grant=grant.id,
        line=line,
        declared=declared,
        first=early[0].date,
        spent=Amount(sum((move.amount for move in early), ZERO), grant.currency),
    )


def grant_overdrawn(
    entry: Any, grant: Grant, account: str, balance: Decimal, change: Decimal
) -> Problem | None:
    """A transaction that takes a grant's restricted account below zero: more spent than the
    tranches received and the community's share put in until then."""
    if change >= 0 or balance >= 0:
        return None
    return problem(
        "grant-overdrawn",
        entry.meta,
        entry,
        grant=grant.id,
        account=account,
        date=entry.date,
        balance=Amount(balance, grant.currency),
        before=Amount(balance - change, grant.currency),
    )


CHECKS: Final[dict[str, Callable[..., object]]] = {
    check.__name__.replace("_", "-"): check
    for check in (
        grant_malformed,
        grant_unknown,
        grant_line_unknown,
        grant_untagged,
        grant_over_budget,
        grant_outside_period,
        grant_over_amount,
        grant_share_short,
        grant_leftover,
        grant_line_late,
        grant_overdrawn,
    )
}
