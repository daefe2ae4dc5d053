"""The fund at a glance: who the members are and what each has, on one day.

A first report model for the Fava page and the command line; statements and the monthly
fund report build on the same :class:`~kongtun.ledger.fund.Fund`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from kongtun.ledger.accounts import FundKind, MemberAccountType, member_account
from kongtun.ledger.arrears import savings_arrears
from kongtun.ledger.fund import Fund
from kongtun.ledger.rules import Rules


@dataclass(frozen=True)
class MemberRow:
    """One member on the member list."""

    id: str
    name: str
    village: str
    joined: datetime.date
    exited: datetime.date | None
    exit_reason: str
    #: account type -> what the member has in it (saved, held, owed, contributed)
    amounts: tuple[tuple[MemberAccountType, Decimal], ...]
    months_in_arrears: int

    @property
    def active(self) -> bool:
        return self.exited is None


@dataclass(frozen=True)
class Overview:
    """The fund's overview on ``day``."""

    day: datetime.date
    kind: FundKind | None
    name: str
    location: tuple[str, str, str]
    currency: str
    rules: Rules
    member_types: tuple[MemberAccountType, ...]
    rows: tuple[MemberRow, ...]
    totals: tuple[tuple[MemberAccountType, Decimal], ...]
    active: int
    left: int
    problems: int


def overview(fund: Fund, day: datetime.date, problems: int) -> Overview:
    """The overview of ``fund`` with every entry, as of ``day`` (arrears up to ``day``)."""
    arrears = Counter(arrear.member for arrear in savings_arrears(fund, day))
    rows = []
    totals: dict[MemberAccountType, Decimal] = dict.fromkeys(fund.member_types, Decimal(0))
    for member_id in sorted(fund.members):
        member = fund.members[member_id]
        amounts = tuple(
            (kind, fund.claim(member_account(kind, member_id))) for kind in fund.member_types
        )
        for kind, amount in amounts:
            totals[kind] += amount
        rows.append(
            MemberRow(
                member.id,
                member.name,
                member.village,
                member.joined,
                member.exited,
                member.exit_reason,
                amounts,
                arrears[member_id],
            )
        )
    info = fund.info
    return Overview(
        day=day,
        kind=info.kind if info else None,
        name=info.name if info else "",
        location=(info.tambon, info.district, info.province) if info else ("", "", ""),
        currency=fund.currency,
        rules=fund.rules.on(day),
        member_types=fund.member_types,
        rows=tuple(rows),
        totals=tuple(totals.items()),
        active=sum(1 for row in rows if row.active),
        left=sum(1 for row in rows if not row.active),
        problems=problems,
    )
