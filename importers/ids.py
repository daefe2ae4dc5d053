"""Stable ids of imported transactions (``import-id``): what makes a second import add nothing.

beangulp's default duplicate check (same accounts, amount within 5 %, ±2 days) would drop a
member's identical monthly deposit; kongtun compares ids only.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from beancount.core import data
from beancount.core.number import D

#: the metadata key of the stable id
ID_KEY: Final = "import-id"
#: the file and row a transaction was imported from (for the auditor)
SOURCE_KEY: Final = "source"


def imported_ids(entries: Sequence[data.Directive]) -> dict[str, data.Transaction]:
    """import-id -> the transaction in the books that carries it."""
    return {
        str(entry.meta[ID_KEY]): entry
        for entry in entries
        if isinstance(entry, data.Transaction) and ID_KEY in entry.meta
    }


def mark_duplicates(entries: list[data.Directive], existing: Sequence[data.Directive]) -> None:
    """Mark (beangulp's ``__duplicate__``) the entries whose import-id is already in the books."""
    ids = imported_ids(existing)
    for entry in entries:
        found = ids.get(str(entry.meta.get(ID_KEY, "")))
        if found is not None:
            entry.meta["__duplicate__"] = found


def same_postings(one: data.Transaction, other: data.Transaction) -> bool:
    """Whether two transactions move the same amounts between the same accounts."""

    def key(entry: data.Transaction) -> list[tuple[str, Decimal]]:
        return sorted((p.account, D(p.units.number)) for p in entry.postings if p.units is not None)

    return one.date == other.date and key(one) == key(other)
