"""Properties: the standings' shortcuts of round 9 give what the plain walk gives.

- The walk's run of money (:meth:`_Open.pay_until`: only the first event of a run compared
  with the spell's start, a starting day's calendar and first deadline looked up once and
  shared by the members who join that day) gives the spells the walk gives with every event
  taken one at a time (the run switched off) and a walk of its own for each member (nothing
  shared) — with money paid before joining, several payments on a day, lapses, rejoins and
  exits among them.
- A claim reads the member's status as its plain values (:meth:`Standing.status_values`):
  they are the fields of the status the spell's plain methods (``missed``, ``paid_through``)
  give, on every day around the member's history.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from beancount.core import data
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kongtun.ledger.books.fund import Fund, read_fund
from kongtun.ledger.welfare import contributions
from kongtun.ledger.welfare.book import read_welfare
from kongtun.ledger.welfare.contributions import ContributionEvents, Standing, Status
from kongtun.tests.conftest import load_text

D = datetime.date
START = D(2024, 1, 1)
LAST = D(2026, 12, 31)

#: a member's history: joining day (offset), payments (offset, amount; before joining too),
#: a rejoin (offset) and an exit (offset), each maybe
MEMBER = st.tuples(
    st.integers(min_value=0, max_value=120),
    st.lists(
        st.tuples(
            st.integers(min_value=-40, max_value=900),
            st.sampled_from([30, 30, 30, 60, 90, 15, -30]),
        ),
        max_size=25,
    ),
    st.one_of(st.none(), st.integers(min_value=60, max_value=900)),
    st.one_of(st.none(), st.integers(min_value=300, max_value=950)),
)

Member = tuple[int, list[tuple[int, int]], int | None, int | None]


def day(offset: int) -> D:
    return START + datetime.timedelta(days=offset)


def ledger(members: list[Member]) -> str:
    text = (
        'plugin "kongtun.plugins.fund"\noption "operating_currency" "THB"\n'
        '2023-01-01 custom "fund" "welfare-fund"\n'
        '2023-01-01 custom "rules" "ระเบียบ"\n  contribution: 30 THB\n'
        "  lapse-after-missed: 2\n  rejoin: TRUE\n"
        '2025-01-01 custom "rules" "ระเบียบ 2568"\n  contribution: 40 THB\n'
        "  lapse-after-missed: 2\n  lapse-after-days: 75\n  rejoin: TRUE\n"
    )
    for number, (joined, payments, rejoin, exit_) in enumerate(members, start=1):
        member = f"M{number:04d}"
        text += f'{day(joined)} custom "member" "{member}" "สมาชิก {number}"\n'
        if rejoin is not None:
            text += f'{day(joined + rejoin)} custom "member-rejoin" "{member}"\n'
        if exit_ is not None:
            text += f'{day(joined + exit_)} custom "member-exit" "{member}" "ย้ายถิ่น"\n'
        for offset, amount in payments:
            text += (
                f'{day(joined + offset)} * "เงินสมทบ"\n  Assets:Cash  {amount}.00 THB\n'
                f"  Income:Contributions:{member}  {-amount}.00 THB\n"
            )
    return text + f'{LAST} * "ดอกเบี้ย"\n  Assets:Cash  1 THB\n  Income:Interest  -1 THB\n'


def loaded(members: list[Member]) -> tuple[Fund, list[data.Directive]]:
    with tempfile.TemporaryDirectory() as folder:
        entries, _, options = load_text(Path(folder), ledger(members))
    fund, _ = read_fund(entries, options)
    return fund, entries


def plain_standings(fund: Fund, entries: list[data.Directive]) -> dict[str, Standing]:
    """Each member's spells from a walk of its own, every event taken one at a time."""
    events = ContributionEvents(fund.members)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                owner = contributions.contributor(posting.account)
                units = posting.units
                if owner is not None and units is not None and units.number is not None:
                    events.money(owner, entry, units.number)
        elif isinstance(entry, data.Custom) and entry.type == "member-rejoin":
            events.rejoin(entry)
    found = {}
    for member_id, member in fund.members.items():
        walk = contributions._Walk(fund.rules, fund.last_date or datetime.date.min, "THB", [])
        found[member_id] = Standing(member, walk.spells(member, events.by_member[member_id]))
    return found


@settings(max_examples=40, deadline=None)
@given(members=st.lists(MEMBER, min_size=1, max_size=4))
@example(members=[(14, [(-5, 30), (0, 30), (0, 30), (31, 60)], None, None)] * 2)
@example(members=[(3, [(0, 30), (150, 30), (150, 30), (200, 60)], 120, None)])
@example(members=[(0, [(-40, 30), (-1, 30), (0, 90), (400, 30)], 300, 350)])
def test_the_runs_of_money_give_the_plain_walk(members: list[Member]) -> None:
    fund, entries = loaded(members)
    welfare, _ = read_welfare(fund, entries)
    original = contributions._Open.pay_until
    try:
        contributions._Open.pay_until = lambda self, events, first: first  # type: ignore[method-assign]
        plain = plain_standings(fund, entries)
    finally:
        contributions._Open.pay_until = original  # type: ignore[method-assign]
    assert {member: standing.spells for member, standing in welfare.standings.items()} == {
        member: standing.spells for member, standing in plain.items()
    }


def plain_status(standing: Standing, on: D) -> Status:
    """The status from the spell's plain methods."""
    member = standing.member
    spell = standing.spell_on(on)
    if spell is None or on < member.joined:
        return Status("not-member")
    if member.exited is not None and on > member.exited:
        return Status("left", spell.start)
    missed, through = spell.missed(on), spell.paid_through(on)
    if spell.lapsed is not None and spell.lapsed <= on:
        return Status("lapsed", spell.start, missed, through, spell.lapsed)
    return Status("arrears" if missed else "active", spell.start, missed, through)


@settings(max_examples=30, deadline=None)
@given(members=st.lists(MEMBER, min_size=1, max_size=3))
@example(members=[(0, [(0, 30), (31, 30)], 200, 500)])
def test_a_claim_reads_the_status_plainly(members: list[Member]) -> None:
    fund, entries = loaded(members)
    welfare, _ = read_welfare(fund, entries)
    for standing in welfare.standings.values():
        for offset in range(-10, 1100, 9):
            on = day(offset)
            values = standing.status_values(on)
            assert Status(*values) == plain_status(standing, on) == standing.status_on(on)
