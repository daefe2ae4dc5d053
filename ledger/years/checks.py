"""The rules of a chain of years, one small function per rule id: a year's file opens with
what the previous year's file closed with (see :mod:`kongtun.ledger.years.carry`).

Each function is named after its rule id and returns the
:class:`~kongtun.ledger.problems.Problem`, or None when the rule holds;
:func:`kongtun.ledger.years.carry.verify_link` calls them for one link of the chain, and
:data:`CHECKS` lists them for :mod:`kongtun.ledger.registry`.
"""

from __future__ import annotations

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


#: rule id -> the function that raises it (see :mod:`kongtun.ledger.registry`)
CHECKS: Final[dict[str, Callable[..., object]]] = {
    "carry-opening-missing": carry_opening_missing,
    "carry-digest-mismatch": carry_digest_mismatch,
    "carry-balance-mismatch": carry_balance_mismatch,
}
