"""CODI's annual status figures of a welfare fund (แบบแสดงสถานะกองทุนสวัสดิการชุมชน).

:func:`annual_status` gives, for one year, the figures the form asks for and reports render:

- members: founding, cumulative (สมาชิกสะสม: everyone who ever joined by the year's end),
  current (สมาชิกปัจจุบัน: active or in arrears at the year's end), by status, and those
  eligible for state matching on 30 September of the year (CODI's cut-off);
- money received by source (members, local government, state, other agencies, interest,
  fees, donations, other), in the year and since the start;
- benefits paid by kind and by the form's categories: people, claims and baht, in the year
  and since the start.

Only counts and sums: no names, no claim details (PDPA).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from kongtun.ledger.benefits import CATEGORIES
from kongtun.ledger.fund import ZERO
from kongtun.ledger.welfare import SOURCES, STATUS_LABELS, Welfare, matching_eligible


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


def _paid(
    rows: dict[str, list[tuple[int, str, Decimal]]], year: int, categories: dict[str, str]
) -> tuple[Paid, ...]:
    out = []
    for key in sorted(rows, key=lambda k: (list(CATEGORIES).index(categories[k]), k)):
        claims = rows[key]
        this_year = [claim for claim in claims if claim[0] == year]
        out.append(
            Paid(
                key,
                categories[key],
                len({member for _, member, _ in this_year}),
                len(this_year),
                sum((amount for _, _, amount in this_year), ZERO),
                len({member for _, member, _ in claims}),
                len(claims),
                sum((amount for _, _, amount in claims), ZERO),
            )
        )
    return tuple(out)


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
    matched = {
        member_id: welfare.matched_before(member_id, "state", cut_off) for member_id in fund.members
    }
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
    received = tuple(
        Received(
            source,
            welfare.received.get((year, source), ZERO),
            sum(
                (
                    amount
                    for (when, where), amount in welfare.received.items()
                    if where == source and when <= year
                ),
                ZERO,
            ),
        )
        for source in SOURCES
    )
    by_kind: dict[str, list[tuple[int, str, Decimal]]] = defaultdict(list)
    by_category: dict[str, list[tuple[int, str, Decimal]]] = defaultdict(list)
    kind_category: dict[str, str] = {}
    for claim in welfare.claims:
        if not claim.kind or claim.date.year > year:
            continue
        by_kind[claim.kind].append((claim.date.year, claim.member, claim.amount))
        by_category[claim.category].append((claim.date.year, claim.member, claim.amount))
        kind_category[claim.kind] = claim.category
    return AnnualStatus(
        year=year,
        as_of=as_of,
        members=members,
        received=received,
        benefits_by_kind=_paid(by_kind, year, kind_category),
        benefits_by_category=_paid(by_category, year, {c: c for c in CATEGORIES}),
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
