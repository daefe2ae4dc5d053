"""Every rule id -> the one function that raises it.

Each family of rules has its checks module, which lists its functions in ``CHECKS`` (rule id
-> function named after the id):

- the books, :mod:`kongtun.ledger.books.checks`: the fund, members and their accounts, the
  rules directives, the records carried from earlier books, the plugin itself;
- loans, :mod:`kongtun.ledger.loans.checks`: loans, repayments, late charges, borrowings and
  moratoria;
- welfare funds, :mod:`kongtun.ledger.welfare.checks`: contributions, rejoins, benefits,
  claims, matching money, administration costs;
- the chain of years, :mod:`kongtun.ledger.years.checks`;
- grants, :mod:`kongtun.ledger.grants.checks`: money given for a purpose, by budget line.

The drivers call the functions where the event happens; this registry is what docs/rules.md
and the message tests iterate. The message of each id is in
:data:`kongtun.ledger.messages.RULES`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Final

from kongtun.ledger.books import checks as books
from kongtun.ledger.grants import checks as grants
from kongtun.ledger.loans import checks as loans
from kongtun.ledger.welfare import checks as welfare
from kongtun.ledger.years import checks as years

#: the checks module of each family of rules, one line each
FAMILIES: Final[tuple[ModuleType, ...]] = (
    books,
    loans,
    welfare,
    years,
    grants,
)

#: rule id -> the function that raises it
REGISTRY: Final[dict[str, Callable[..., object]]] = {
    rule: check for family in FAMILIES for rule, check in family.CHECKS.items()
}
