"""Funds of any size, for benchmarks: ``kongtun demo --members N --years Y``.

:func:`scale_book` writes one savings group's books with ``members`` members over ``years``
years — founders and later joiners, exits with their payouts, a collection day every month
with each member's savings and shares (some months missed or saved short), entrance fees,
bank deposits and costs — about ``members × 12 × years`` transactions. Every account is
opened with an explicit ``open`` line, so the same text without the ``plugin`` line is the
bare-Beancount baseline of the benchmarks. The same seed gives the same text.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Final

from kongtun.ledger.accounts import MEMBER_ACCOUNTS_BY_KIND, chart_for, member_account
from kongtun.ledger.arrears import next_month
from kongtun.ledger.demo import FAMILY, FEMALE, MALE, thb
from kongtun.ledger.thai import thai_month

PLUGIN_LINE: Final = 'plugin "kongtun.plugins.fund"\n'
SCALE_START: Final = datetime.date(2015, 1, 1)
SCALE_HEADER: Final = (
    "; Benchmark books written by `kongtun demo --members {members} --years {years} "
    "--seed {seed}`. Synthetic people.\n"
)


def scale_book(members: int, years: int, seed: int = 2567) -> str:
    """The books of a savings group of ``members`` members over ``years`` years."""
    rng = random.Random(f"scale:{members}:{years}:{seed}")
    end = SCALE_START.replace(year=SCALE_START.year + years) - datetime.timedelta(days=1)
    out: list[str] = [
        SCALE_HEADER.format(members=members, years=years, seed=seed),
        'option "title" "Scale Savings Group"\n',
        'option "operating_currency" "THB"\n',
        PLUGIN_LINE,
        f'{SCALE_START} custom "fava-extension" "kongtun.plugins.fava"\n\n',
        f'{SCALE_START} custom "fund" "savings-group"\n  name: "กลุ่มออมทรัพย์ทดสอบขนาด"\n'
        '  province: "ขอนแก่น"\n  district: "บ้านไผ่"\n  tambon: "ในเมือง"\n',
        f'{SCALE_START} custom "rules" "ระเบียบ"\n  savings-monthly-min: 100 THB\n\n',
    ]
    out += [f"{SCALE_START} open {account.account} THB\n" for account in chart_for("savings-group")]
    span = max((end - SCALE_START).days - 60, 1)
    joined: dict[str, datetime.date] = {}
    exits: dict[str, datetime.date] = {}
    for number in range(1, members + 1):
        member = f"M{number:05d}"
        joined[member] = (
            SCALE_START
            if number <= max(members // 3, 1)
            else SCALE_START + datetime.timedelta(days=rng.randrange(span))
        )
        if rng.random() < 0.08:
            earliest = joined[member] + datetime.timedelta(days=90)
            if earliest < end - datetime.timedelta(days=40):
                days = (end - datetime.timedelta(days=40) - earliest).days
                exits[member] = earliest + datetime.timedelta(days=rng.randrange(max(days, 1)))
    pledge = {member: Decimal(rng.choice((100, 100, 150, 200, 300))) for member in joined}
    names = {
        member: f"{'นาง' if rng.random() < 0.6 else 'นาย'}"
        f"{rng.choice(FEMALE + MALE)} {rng.choice(FAMILY)}"
        for member in joined
    }
    for member, day in sorted(joined.items(), key=lambda item: (item[1], item[0])):
        out.append(f'\n{day} custom "member" "{member}" "{names[member]}"\n')
        for kind in MEMBER_ACCOUNTS_BY_KIND["savings-group"]:
            out.append(f"{day} open {member_account(kind, member)} THB\n")
    savings = dict.fromkeys(joined, Decimal(0))
    shares = dict.fromkeys(joined, Decimal(0))
    month = SCALE_START
    while month <= end:
        day = month.replace(day=5)
        label = thai_month(day)
        cash = Decimal(0)
        for member, joining in joined.items():
            leaving = exits.get(member)
            if joining > day or (leaving is not None and leaving < day):
                continue
            roll = rng.random()
            if roll < 0.03:
                continue
            amount = pledge[member] if roll >= 0.06 else Decimal(50)
            share = Decimal(50) if roll < 0.5 else Decimal(0)
            fee = Decimal(20) if joining != SCALE_START and (day - joining).days < 31 else 0
            lines = [
                f'\n{day} * "{names[member]}" "ฝากสัจจะ {label}"\n',
                f"  Assets:Cash  {thb(amount + share + fee)}\n",
                f"  Liabilities:Savings:{member}  {thb(-amount)}\n",
            ]
            if share:
                lines.append(f"  Equity:Shares:{member}  {thb(-share)}\n")
            if fee:
                lines.append(f"  Income:Fees:Entrance  {thb(-fee)}\n")
            out += lines
            savings[member] += amount
            shares[member] += share
            cash += amount + share + fee
        out.append(
            f'\n{day} * "นำเงินฝากธนาคาร {label}"\n  Assets:Bank  {thb(cash)}\n'
            f"  Assets:Cash  {thb(-cash)}\n"
        )
        after = next_month(month)
        for member, leaving in exits.items():
            if day <= leaving < after.replace(day=5):
                out.append(_exit(member, names[member], leaving, savings, shares))
        month = after
    return "".join(out)


def _exit(
    member: str,
    name: str,
    day: datetime.date,
    savings: dict[str, Decimal],
    shares: dict[str, Decimal],
) -> str:
    lines = [f'\n{day} * "{name}" "คืนเงินเมื่อพ้นสมาชิก"\n']
    total = savings[member] + shares[member]
    if savings[member]:
        lines.append(f"  Liabilities:Savings:{member}  {thb(savings[member])}\n")
    if shares[member]:
        lines.append(f"  Equity:Shares:{member}  {thb(shares[member])}\n")
    lines.append(f"  Assets:Bank  {thb(-total)}\n")
    if not total:
        lines = []
    lines.append(f'{day} custom "member-exit" "{member}" "ลาออก"\n')
    for kind in MEMBER_ACCOUNTS_BY_KIND["savings-group"]:
        lines.append(f"{day} close {member_account(kind, member)}\n")
    return "".join(lines)
