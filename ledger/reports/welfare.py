"""CODI's annual status figures of a welfare fund (แบบแสดงสถานะกองทุนสวัสดิการชุมชน).

:func:`annual_status` gives, for one year, the figures the form asks for and reports render:

- members: founding, cumulative (สมาชิกสะสม: everyone who ever joined by the year's end),
  current (สมาชิกปัจจุบัน: active or in arrears at the year's end), by status, and those
  eligible for state matching on 30 September of the year (CODI's cut-off);
- money received by source (members, local government, state, other agencies, interest,
  fees, donations, other), in the year and since the start;
- benefits paid by kind and by the form's categories: people, claims and baht, in the year
  and since the start.

In a year's file carried from earlier books, "since the start" adds the totals the carry
wrote (``custom "since-start"``, see :mod:`kongtun.ledger.books.records`) to the file's own.

Only counts and sums: no names, no claim details (PDPA).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from kongtun.ledger.books.fund import ZERO
from kongtun.ledger.books.records import PaidSoFar, SinceStart
from kongtun.ledger.welfare.benefits import CATEGORIES
from kongtun.ledger.welfare.book import SOURCES, STATUS_LABELS, Claim, Welfare, matching_eligible


@dataclass(frozen=True)
class MemberFigures:
    founding: int
    cumulative: int
    current: int
    #: status (active, arrears, lapsed, left) -> members at the year's end
    by_status: tuple[tuple[str, int], ...]
    #: members eligible for state matching on 30 September
    matching_eligible: int


@dataclass(frozen=True)
class Received:
    source: str
    year: Decimal
    total: Decimal


@dataclass(frozen=True)
class Paid:
    """Benefits of one kind (or category): people, claims and baht."""

    key: str
    category: str
    people: int
    claims: int
    baht: Decimal
    people_total: int
    claims_total: int
    baht_total: Decimal


@dataclass(frozen=True)
class AnnualStatus:
    year: int
    as_of: datetime.date
    members: MemberFigures
    received: tuple[Received, ...]
    benefits_by_kind: tuple[Paid, ...]
    benefits_by_category: tuple[Paid, ...]
    admin: Decimal
    assets: Decimal

    @property
    def received_year(self) -> Decimal:
        return sum((row.year for row in self.received), ZERO)

    @property
    def benefits_year(self) -> Decimal:
        return sum((row.baht for row in self.benefits_by_category), ZERO)


def since_start(welfare: Welfare, end: datetime.date) -> SinceStart:
    """Money received by source and benefits paid by kind and category, from the fund's start
    to ``end`` (a year's end): the books' own and the totals carried from before them."""
    received: dict[str, Decimal] = dict.fromkeys(SOURCES, ZERO)
    paid: dict[tuple[str, str], PaidSoFar] = {}

    def add(row: PaidSoFar) -> None:
        key = (row.kind, row.category)
        before = paid.pop(key, None)  # popped: the order is that of each one's last claim
        if before is not None:
            row = PaidSoFar(
                row.kind,
                row.category,
                before.claims + row.claims,
                before.baht + row.baht,
                before.members | row.members,
            )
        paid[key] = row

    for total in welfare.carried:
        if total.date > end:
            continue
        if total.paid is not None:
            add(total.paid)
        else:
            received[total.key[1]] += total.amount
    for (when, source), amount in welfare.received.items():
        if when <= end.year:
            received[source] += amount
    for claim in welfare.claims:
        if claim.kind and claim.date <= end:
            add(PaidSoFar(claim.kind, claim.category, 1, claim.amount, frozenset({claim.member})))
    return SinceStart(MappingProxyType(received), tuple(paid.values()))


def _paid(
    totals: Sequence[PaidSoFar], year: Sequence[Claim], key: Callable[[str, str], str]
) -> tuple[Paid, ...]:
    """Rows of benefits by ``key`` (the kind, or the category) of (kind, category)."""
    category: dict[str, str] = {}
    claims: Counter[str] = Counter()
    baht: dict[str, Decimal] = defaultdict(Decimal)
    people: dict[str, set[str]] = defaultdict(set)
    for row in totals:
        name = key(row.kind, row.category)
        category[name] = row.category  # the category of its last claim
        claims[name] += row.claims
        baht[name] += row.baht
        people[name] |= row.members
    this_year: dict[str, list[Claim]] = defaultdict(list)
    for claim in year:
        this_year[key(claim.kind, claim.category)].append(claim)
    order = list(CATEGORIES)
    return tuple(
        Paid(
            name,
            category[name],
            len({claim.member for claim in this_year[name]}),
            len(this_year[name]),
            sum((claim.amount for claim in this_year[name]), ZERO),
            len(people[name]),
            claims[name],
            baht[name],
        )
        for name in sorted(category, key=lambda k: (order.index(category[k]), k))
    )


def annual_status(welfare: Welfare, year: int) -> AnnualStatus:
    """The fund's figures for ``year`` (as of 31 December, or the last entry before it)."""
    fund = welfare.fund
    end = datetime.date(year, 12, 31)
    as_of = min(end, fund.last_date) if fund.last_date is not None else end
    founded = fund.info.date if fund.info is not None else None
    statuses: Counter[str] = Counter(
        welfare.status_on(member_id, end).kind
        for member_id, member in fund.members.items()
        if member.joined <= end
    )
    cut_off = datetime.date(year, 9, 30)
    counts = welfare.matched_counts("state", cut_off)
    matched = {member_id: counts.get(member_id, 0) for member_id in fund.members}
    eligible = matching_eligible(fund, welfare.standings, cut_off, matched)
    members = MemberFigures(
        founding=sum(
            1
            for member in fund.members.values()
            if founded is not None and member.joined <= founded
        ),
        cumulative=sum(1 for member in fund.members.values() if member.joined <= end),
        current=statuses["active"] + statuses["arrears"],
        by_status=tuple((status, statuses[status]) for status in STATUS_LABELS),
        matching_eligible=len(eligible),
    )
    totals = since_start(welfare, end)
    received = tuple(
        Received(source, welfare.received.get((year, source), ZERO), totals.received[source])
        for source in SOURCES
    )
    this_year = [claim for claim in welfare.claims if claim.kind and claim.date.year == year]
    return AnnualStatus(
        year=year,
        as_of=as_of,
        members=members,
        received=received,
        benefits_by_kind=_paid(totals.paid, this_year, lambda kind, _: kind),
        benefits_by_category=_paid(totals.paid, this_year, lambda _, category: category),
        admin=welfare.admin.get(year, ZERO),
        assets=welfare.assets.get(year, ZERO),
    )


@dataclass(frozen=True)
class StandingRow:
    """One member's standing on a day, for the committee's follow-up list."""

    member: str
    name: str
    village: str
    status: str
    missed: int
    paid_through: datetime.date | None
    lapsed: datetime.date | None


def standings_on(
    welfare: Welfare, day: datetime.date, *, only_behind: bool = True
) -> tuple[StandingRow, ...]:
    """Members' standing on ``day`` by member id: those in arrears or lapsed (or everyone).

    Members who left before ``day`` or join after it are not listed.
    """
    rows = []
    for member_id in sorted(welfare.standings):
        member = welfare.fund.members[member_id]
        status = welfare.status_on(member_id, day)
        if status.kind in ("not-member", "left"):
            continue
        if only_behind and status.kind == "active":
            continue
        rows.append(
            StandingRow(
                member_id,
                member.name,
                member.village,
                status.kind,
                status.missed,
                status.paid_through,
                status.lapsed,
            )
        )
    return tuple(rows)
