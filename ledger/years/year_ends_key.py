"""The key of a load's recorded year ends: what the verified-year-ends cache compares
(docs/year-end.md, "Checked once").

The checks of a recorded year end read the entries dated up to its **cutoff**
(:func:`~kongtun.ledger.years.year_end.recorded_cutoff`: 31 December of its year, or its last
transaction when later), the books' moratoria and restructurings whatever their dates, the
options and the code. The cache keeps, for one day (the **cutoff** of the cache), the key of
every entry dated up to it, and the payables' balances at its end; it is written only when
every year end with a transaction dated up to that day was found clean, with its own cutoff
on or before it, and no payable was overpaid up to it (:func:`vouched_cutoff`). The same key
on a later load means the same entries up to that day: those year ends are clean again
without being checked, and only the entries after it are read (the payables' checks go on
from the balances kept).

The key (:func:`year_ends_key`) is made the way the verified closes' is
(:mod:`kongtun.ledger.years.verified`, one home): the versions and a digest of the code, the
options that shape the entries, for each source file SHA-256 of its prefix up to the last
entry dated on or before the cutoff (an entry written later but dated on or before it moves
the prefix's end: its bytes change), the records of the entries dated on or before it that
lie in no prefix, and here also the fund's kind and currency and the record of every
moratorium and restructuring. Pure: the bytes are hashed by the caller
(``plugins/year_ends_cache.py``), which keeps the cache.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from beancount.core import data

from kongtun.ledger.books.fund import Fund
from kongtun.ledger.loans.restructure import DIRECTIVE as RESTRUCTURE_TYPE
from kongtun.ledger.years.verified import options_record, record

KEY_VERSION: Final = "kongtun-year-ends-cache-v1"
#: the directives a year end's checks read whatever their dates (a moratorium declared after
#: a year's end can move instalments due before it, and so the year's provision)
UNDATED_TYPES: Final = ("moratorium", RESTRUCTURE_TYPE)


def year_ends_key(  # noqa: PLR0917 - the parts of the key, each named
    fund: Fund,
    options: Mapping[str, Any],
    cutoff: datetime.date,
    outside: Sequence[str],
    prefix_digests: Mapping[str, str],
    code: str,
) -> str:
    """The key of the entries the year ends up to ``cutoff`` read: ``outside`` and the
    prefixes as :func:`~kongtun.ledger.years.verified.closed_prefixes` gives them for
    ``cutoff``, ``prefix_digests`` each file's prefix hashed, ``code`` the versions and the
    year ends' code as the caller knows them."""
    kind = fund.info.kind if fund.info is not None else None
    head = {
        "version": KEY_VERSION,
        "code": code,
        "options": options_record(options),
        "fund": [kind, fund.currency],
        "cutoff": cutoff.isoformat(),
        "files": sorted(prefix_digests.items()),
    }
    hasher = hashlib.sha256(json.dumps(head, ensure_ascii=False).encode())
    customs = fund.customs
    undated = sorted(record(entry) for kind in UNDATED_TYPES for entry in customs.get(kind, ()))
    for one in (*outside, "--", *undated):
        hasher.update(one.encode())
        hasher.update(b"\n")
    return hasher.hexdigest()


def vouched_cutoff(
    recorded: Mapping[str, Sequence[data.Transaction]],
    cutoffs: Mapping[str, datetime.date | None],
    clean: Iterable[str],
    overpaid: Iterable[datetime.date],
) -> datetime.date | None:
    """The latest cutoff of a clean year end up to which the cache can vouch (None: none):
    every label with a transaction dated on or before it is a clean year end whose own cutoff
    is on or before it, and no payout dated on or before it overpaid (``overpaid``: the days
    of those that did)."""
    good = frozenset(clean)
    first_wrong = min(overpaid, default=None)
    found = None
    candidates = {cut for label in good if (cut := cutoffs.get(label)) is not None}
    for candidate in sorted(candidates):
        if first_wrong is not None and first_wrong <= candidate:
            break
        reached = [
            label
            for label, entries in recorded.items()
            if min(entry.date for entry in entries) <= candidate
        ]
        if all(
            label in good and (cut := cutoffs.get(label)) is not None and cut <= candidate
            for label in reached
        ):
            found = candidate
    return found


def payables_on(
    moves: Iterable[tuple[datetime.date, str, Decimal]], day: datetime.date
) -> dict[str, Decimal]:
    """Each payable's balance at the end of ``day``, from its moves (day, account, number)."""
    balances: dict[str, Decimal] = {}
    for when, account, number in moves:
        if when <= day:
            balances[account] = balances.get(account, Decimal(0)) + number
    return balances
