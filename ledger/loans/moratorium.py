"""Debt moratoria (พักชำระหนี้): dated pauses of instalments, declared by a lender or the fund.

    2024-09-20 custom "moratorium" "น้ำท่วม 2567"
      start: 2024-09-01
      end: 2024-11-30
      applies-to: "all"                 ; all | borrowings CODI | members M0003, M0007
                                        ; | loans L1, L2 | villages หมู่ 2, หมู่ 5
                                        ; | provinces เชียงราย, พะเยา
      defer: "principal-and-interest"   ; principal | principal-and-interest
      interest: "waived"                ; waived | deferred | accrues
      resolution: "มติคณะกรรมการ พอช. ครั้งที่ 10/2567"

``applies-to`` lists names the same way in every scope: separated by commas; a village's
or a province's name keeps its spaces, while ids and lenders (which have none) may also be
separated by spaces. A name that covers nobody, or a moratorium that covers no loan, is reported
(``moratorium-scope-unknown``, ``moratorium-scope-empty``).

A moratorium covers the loans it names that were disbursed before its start. Its period is
``months`` long: the fewest whole months that take ``start`` past ``end`` (1 Sep – 30 Nov is
3 months). For each loan it covers:

- every instalment due on or after ``start`` moves ``months`` later, so none falls due inside
  the period and the rest of the schedule shifts by the period's length;
- the interest of the period (the rate on the principal outstanding at the start — on the
  original principal for a flat loan — for ``months`` months) is

  - ``waived``: not charged;
  - ``deferred``: added to the first instalment after the period;
  - ``accrues``: with ``defer: "principal"``, due on the original dates inside the period as
    interest-only instalments (the borrower keeps paying interest); with
    ``defer: "principal-and-interest"``, added to the first instalment after the period;

- a late charge dated inside the period is an error unless the loan was already in arrears
  before it (``late-charge-in-moratorium``).

A lender's moratorium on the fund's own borrowing (``applies-to: "borrowings CODI"``) is passed
on to members with a directive of its own; ``follows: "TITLE"`` copies the dates, ``defer`` and
``interest`` of the lender's moratorium, unless this one sets them.

The fund's record of the lender's moratorium itself (``applies-to: "borrowings CODI"``) may
name the lender's with ``follows:`` too — its title or its ``resolution:`` as the lender's
books write them, which are not in the fund's books: it then sets its own dates, ``defer``
and ``interest``, and ``kongtun reconcile`` pairs it with the lender's by that reference
(:mod:`kongtun.ledger.network.reconcile`).

The directives are read by :func:`kongtun.ledger.loans.reader.parse_moratoria`; what makes one
wrong is in :mod:`kongtun.ledger.loans.checks`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any, Final, Literal

from kongtun.ledger.i18n import N_
from kongtun.ledger.loans.schedule import ZERO, Installment, Schedule, Terms, add_months, satang
from kongtun.ledger.record import record

Defer = Literal["principal", "principal-and-interest"]
InterestTreatment = Literal["waived", "deferred", "accrues"]
Scope = Literal["all", "borrowings", "members", "loans", "villages", "provinces"]
DEFERS: Final[tuple[Defer, ...]] = ("principal", "principal-and-interest")
TREATMENTS: Final[tuple[InterestTreatment, ...]] = ("waived", "deferred", "accrues")
SCOPES: Final[tuple[Scope, ...]] = (
    "all",
    "borrowings",
    "members",
    "loans",
    "villages",
    "provinces",
)
#: scopes whose names keep their spaces (only a comma separates them)
SPACED: Final[tuple[Scope, ...]] = ("villages", "provinces")

EXAMPLES: Final[dict[str, str]] = {
    "start": "start: 2024-09-01",
    "end": "end: 2024-11-30",
    "applies-to": 'applies-to: "all"',
    "defer": 'defer: "principal-and-interest"',
    "interest": 'interest: "waived"',
    "resolution": 'resolution: "มติคณะกรรมการ ครั้งที่ 10/2567"',
    "follows": 'follows: "น้ำท่วม 2567"',
}
EXPECTED: Final[dict[str, str]] = {
    "start": N_("a date such as 2024-09-01"),
    "end": N_("a date such as 2024-09-01"),
    "applies-to": N_(
        "one of all, borrowings LENDER, members IDS, loans IDS, villages NAMES or provinces "
        "NAMES (separated by commas)"
    ),
    "defer": N_("principal or principal-and-interest"),
    "interest": N_("waived, deferred or accrues"),
    "resolution": N_("the text of the resolution that declared it"),
    "follows": N_("the title of a moratorium declared before this one"),
    "long": N_("a date at most 10 years after start"),
}
#: a longer period is a typing mistake (and would shift schedules past any calendar)
MAX_MONTHS: Final = 120


@record
class Moratorium:
    """One ``custom "moratorium"`` directive, read and checked."""

    title: str
    declared: datetime.date
    start: datetime.date
    end: datetime.date
    scope: Scope
    #: the lender (borrowings), member ids, loan ids or villages the moratorium names
    targets: tuple[str, ...]
    defer: Defer
    interest: InterestTreatment
    resolution: str
    meta: Mapping[str, Any]
    #: ``follows:`` as written: an earlier moratorium of the same books, or (on borrowings)
    #: the lender's moratorium, by its title or its resolution ("" when not given)
    follows: str = ""

    @property
    def months(self) -> int:
        """The period's length in whole months: the fewest that take ``start`` past ``end``."""
        months = 1
        while add_months(self.start, months) <= self.end:
            months += 1
        return months

    def covers_day(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def applies(
        self,
        *,
        loan: str,
        kind: str,
        party: str,
        village: str,
        disbursed: datetime.date,
        province: str = "",
    ) -> bool:
        """Whether the moratorium covers a loan (of ``kind`` member or borrowing); a member's
        ``province`` is a lender's organisation's (``province:`` of its ``custom "member"``)."""
        if disbursed >= self.start:
            return False
        if self.scope == "borrowings":
            return kind == "borrowing" and (not self.targets or party in self.targets)
        if self.scope == "loans":
            return loan in self.targets
        return kind == "member" and {
            "all": True,
            "members": party in self.targets,
            "villages": village in self.targets,
            "provinces": province in self.targets,
        }.get(self.scope, False)


def _split_scope(value: str) -> tuple[Scope, tuple[str, ...]] | None:
    head, _, rest = value.strip().partition(" ")
    for scope in SCOPES:
        if head == scope:
            names = [part.strip() for part in rest.split(",") if part.strip()]
            if scope not in SPACED:  # ids and lenders have no spaces: a space separates too
                names = [word for name in names for word in name.split()]
            targets = tuple(dict.fromkeys(names))
            if scope in ("members", "loans", *SPACED) and not targets:
                return None
            if scope == "all" and targets:
                return None
            return scope, targets
    return None


def read_value(key: str, value: object) -> Any:
    """The value of ``key`` read from its metadata, or None when it does not read."""
    if key in ("start", "end"):
        return value if isinstance(value, datetime.date) else None
    if not isinstance(value, str):
        return None
    if key == "applies-to":
        return _split_scope(value)
    if key == "defer":
        return value if value in DEFERS else None
    if key == "interest":
        return value if value in TREATMENTS else None
    return value if value.strip() else None


def read_end(start: datetime.date, end: datetime.date) -> datetime.date | None:
    """``end`` of a period from ``start``, or None when it is :data:`MAX_MONTHS` or more later."""
    return end if end < add_months(start, MAX_MONTHS) else None


def period_interest(terms: Terms, balance: Decimal, months: int) -> Decimal:
    """The interest ``months`` months of the loan would earn: on the balance (declining) or
    on the original principal (flat)."""
    base = terms.principal if terms.method == "flat" else balance
    return satang(base * terms.rate / 100 * months / 12)


def apply_moratorium(schedule: Schedule, terms: Terms, moratorium: Moratorium) -> Schedule:
    """``schedule`` with ``moratorium`` applied (see the module's documentation)."""
    months = moratorium.months
    before = [row for row in schedule if row.due < moratorium.start]
    after = [row for row in schedule if row.due >= moratorium.start]
    if not after:
        return schedule
    balance = before[-1].balance if before else terms.principal
    rows: list[Installment] = list(before)
    shifted = [
        Installment(
            row.number, add_months(row.due, months), row.principal, row.interest, row.balance
        )
        for row in after
    ]
    extra = ZERO
    if moratorium.interest == "accrues" and moratorium.defer == "principal":
        day = after[0].due
        while day <= moratorium.end:
            interest = period_interest(terms, balance, terms.every)
            rows.append(Installment(0, day, ZERO, interest, balance))
            day = add_months(day, terms.every)
    elif moratorium.interest != "waived":
        extra = period_interest(terms, balance, months)
    if extra:
        first = shifted[0]
        shifted[0] = replace(first, interest=first.interest + extra)
    rows.extend(shifted)
    rows.sort(key=lambda row: row.due)
    return tuple(
        Installment(index, row.due, row.principal, row.interest, row.balance)
        for index, row in enumerate(rows, start=1)
    )
