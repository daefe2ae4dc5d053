"""The rules of a chain of years, one small function per rule id: a year's file opens with
what the previous year's file closed with (see :mod:`kongtun.ledger.years.carry`).

Each function is named after its rule id and returns the
:class:`~kongtun.ledger.problems.Problem`, or None when the rule holds;
:func:`kongtun.ledger.years.carry.verify_link` calls them for one link of the chain, and
:data:`CHECKS` lists them for :mod:`kongtun.ledger.registry`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.fund import OPENING_KEY
from kongtun.ledger.problems import Problem, problem


def carry_opening_missing(new_file: str, openings: Sequence[data.Transaction]) -> Problem | None:
    """A year's file without exactly one opening transaction (``openings``: those it has)."""
    if len(openings) == 1:
        return None
    top = {"filename": new_file, "lineno": 1}
    return problem("carry-opening-missing", top, count=len(openings))


def carry_digest_mismatch(
    opening: data.Transaction, carried: object, digest: str
) -> Problem | None:
    """The previous year's file changed after it was carried: its ``digest`` now is not the
    one the opening recorded (``carried``)."""
    if carried == digest:
        return None
    return problem(
        "carry-digest-mismatch",
        opening.meta,
        opening,
        source=str(opening.meta.get(OPENING_KEY)),
        carried=str(carried),
        digest=digest,
    )


def carry_balance_mismatch(
    opening: data.Transaction, account: str, closed: Amount, opened: Amount
) -> Problem | None:
    """An account opens the year with another balance than it closed the previous one."""
    if closed == opened:
        return None
    return problem(
        "carry-balance-mismatch",
        opening.meta,
        opening,
        account=account,
        opened=opened,
        closed=closed,
    )


def _close_where(close: data.Custom) -> str:
    return f"{close.meta.get('filename')}:{close.meta.get('lineno')}"


def period_close_malformed(close: data.Custom) -> Problem:
    """A ``custom "period-close"`` not as ``kongtun close`` writes it (one ``sha256:`` digest,
    on the last day of a month, ``previous:`` a digest too)."""
    return problem("period-close-malformed", close.meta, close, date=close.date)


def closed_period_changed(close: data.Custom, at: data.Directive, day: datetime.date) -> Problem:
    """The books of ``day`` (or of its month) are not what ``close`` closed; ``at`` is the
    first entry written for that day (the close itself when the day has no entries now)."""
    digest = close.values[0].value if close.values else ""
    return problem(
        "closed-period-changed",
        at.meta,
        at,
        day=day,
        closed=close.date,
        close=_close_where(close),
        digest=str(digest)[:23],
    )


def closed_period_entry(close: data.Custom, entry: data.Directive) -> Problem:
    """``entry`` is dated inside the month ``close`` closed, on a day that had no entries."""
    return problem(
        "closed-period-entry",
        entry.meta,
        entry,
        date=entry.date,
        closed=close.date,
        close=_close_where(close),
    )


def closed_period_chain(
    close: data.Custom, previous: str | None, expected: str | None, same_month: bool
) -> Problem | None:
    """``close`` does not name the close before it (or the last close of the year the books
    were carried from, ``expected``) as its ``previous``; or closes a month closed already."""
    if previous == expected and not same_month:
        return None
    return problem(
        "closed-period-chain",
        close.meta,
        close,
        closed=close.date,
        previous=previous or "-",
        expected=expected or "-",
    )


def carry_close_mismatch(
    opening: data.Transaction, carried: object, last: str | None
) -> Problem | None:
    """The opening does not record the last month close of the previous year's file as its
    ``carried-close`` (``last``: that close's digest, None when the file has no closes)."""
    if (carried if isinstance(carried, str) else None) == last:
        return None
    return problem(
        "carry-close-mismatch",
        opening.meta,
        opening,
        source=str(opening.meta.get(OPENING_KEY)),
        carried=str(carried) if carried is not None else "-",
        last=last or "-",
    )


#: rule id -> the function that raises it (see :mod:`kongtun.ledger.registry`)
CHECKS: Final[dict[str, Callable[..., object]]] = {
    "carry-opening-missing": carry_opening_missing,
    "carry-digest-mismatch": carry_digest_mismatch,
    "carry-balance-mismatch": carry_balance_mismatch,
    "period-close-malformed": period_close_malformed,
    "closed-period-changed": closed_period_changed,
    "closed-period-entry": closed_period_entry,
    "closed-period-chain": closed_period_chain,
    "carry-close-mismatch": carry_close_mismatch,
}
