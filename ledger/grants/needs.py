"""What a load needs of the grants, told from the fund alone and without importing them.

Every load runs kongtun's plugin, and most books declare no grant: the model imports the grant
pass (:mod:`kongtun.ledger.grants.reader`, :mod:`~kongtun.ledger.grants.book`,
:mod:`~kongtun.ledger.grants.checks`) only for books that have anything of a grant — a grant
directive, a transaction tagged ``grant:`` or a posting to a grant's account (importing them was
about 13 M instructions, 0.2 % of a 10,000-transaction load: docs/performance.md, *Round 8:
the import*). The books of any other load hold :class:`Grants` empty, as the pass would give.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from kongtun.ledger.record import record

if TYPE_CHECKING:
    from kongtun.ledger.books.fund import Fund

#: the grant's money (``Assets:Restricted:G1``)
RESTRICTED: Final = "Assets:Restricted"
#: what the fund holds for the grant's purpose (``Equity:Grants:G1``)
HELD: Final = "Equity:Grants"
#: the accounts of every grant
PARENTS: Final = (RESTRICTED + ":", HELD + ":")
#: the directives that declare a grant, its budget lines and its transfers
GRANT_TYPES: Final = ("grant", "grant-line", "grant-transfer")


@record
class Grants:
    """Every grant of the books, by id, in the ledger's order."""

    #: each a :class:`kongtun.ledger.grants.book.GrantBook` (not named: grants/book.py imports
    #: this module, and the layers allow no cycle)
    books: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __bool__(self) -> bool:
        return bool(self.books)


def needs_grants(fund: Fund) -> bool:
    """Whether the grant pass has anything to read: a grant directive, a transaction tagged
    ``grant:``, a posting to a grant's account (or books whose postings the fund's pass did not
    keep)."""
    if any(fund.customs.get(kind) for kind in GRANT_TYPES):
        return True
    posted, tagged = fund.posted, fund.grant_tagged
    if posted is None or tagged is None or tagged:
        return True
    return any(account.startswith(PARENTS) for account in posted)
