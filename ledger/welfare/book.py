"""A community welfare fund's books: claims checked against the benefits, matching money, limits.

:func:`read_welfare` reads, in one pass over the entries after :func:`~kongtun.ledger.fund.
read_fund`, everything a welfare fund adds to the member model:

- members' contributions and standing (:mod:`kongtun.ledger.welfare.contributions`);
- the benefits declared (:mod:`kongtun.ledger.welfare.benefits`);
- **claims**: a benefit payment is a transaction with ``member:``, ``benefit:`` (the kind)
  and, for a benefit paid per unit, ``units:`` metadata, posting to ``Expenses:Welfare`` (or
  an account under it)::

      2024-07-20 * "นางสมศรี ใจดี" "ค่านอนโรงพยาบาล 3 คืน"
        member: "M0001"
        benefit: "hospital-night"
        units: 3
        Expenses:Welfare:HospitalNight   600 THB
        Assets:Cash                     -600 THB

  A benefit paid on death names who receives it (``beneficiary: "นายสมชาย ใจดี"``); the
  member's exit (``custom "member-exit"``) records the death, and the claim is judged on
  the day of the exit. A claim is accepted when it breaks no rule; only accepted claims use
  up a member's yearly caps. kongtun never reads or prints a claim's other metadata (keep a
  diagnosis, if at all, in your own records: it is sensitive personal data under the PDPA);
- **matching rounds**: a transaction with ``matching:`` (the round's id), ``cut-off:`` (the
  date eligibility is judged on) and ``basis:`` (the amount per eligible member), posting to
  ``Income:Matching:State`` (or ``LocalGov``, ...). Later transactions with the same
  ``matching:`` id (a refund of an excess) count towards the round;
- **administration costs** (``Expenses:Admin``) against ``admin-max-share`` of the fund;
- the money received by source and the benefits paid by kind, for reports.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.checks import since_start_duplicate
from kongtun.ledger.books.fund import CARRIED_KEY, OPENING_KEY, ZERO, Fund, Member
from kongtun.ledger.books.records import SINCE_START, CarriedTotal, parse_since_start
from kongtun.ledger.i18n import N_
from kongtun.ledger.problems import Problem
from kongtun.ledger.record import record
from kongtun.ledger.welfare.benefits import (
    CATEGORIES,
    Allowance,
    Benefit,
    BenefitBook,
    allowance,
    anniversary,
    build_benefits,
    full_years,
    parse_benefit,
)
from kongtun.ledger.welfare.checks import (
    admin_over_share,
    claim_amount,
    claim_arrears,
    claim_beneficiary_missing,
    claim_benefit_unknown,
    claim_birth_date_missing,
    claim_death_no_exit,
    claim_lapsed,
    claim_malformed,
    claim_member_left,
    claim_member_unknown,
    claim_not_member,
    claim_tenure,
    claim_too_young,
    claim_units_missing,
    claim_waiting,
    matching_excess,
    matching_malformed,
    matching_short,
)
from kongtun.ledger.welfare.contributions import (
    MONEY,
    ContributionEvent,
    ContributionEvents,
    Standing,
    Status,
    build_standings,
    contributor,
)

#: on a matching round carried into a later year's file: the members it matched
MATCHED_KEY: Final = "matched"

WELFARE_ACCOUNT: Final = "Expenses:Welfare"
MATCHING_ACCOUNT: Final = "Income:Matching"
ADMIN_ACCOUNT: Final = "Expenses:Admin"

#: Sources of money, in the order of CODI's annual status form.
SOURCES: Final[dict[str, str]] = {
    "members": N_("members' contributions"),
    "local-gov": N_("local government"),
    "state": N_("the state (via CODI)"),
    "other-agencies": N_("other agencies"),
    "interest": N_("interest"),
    "fees": N_("fees"),
    "donations": N_("donations"),
    "other": N_("other income"),
}
STATUS_LABELS: Final[dict[str, str]] = {
    "active": N_("active"),
    "arrears": N_("in arrears"),
    "lapsed": N_("lapsed"),
    "left": N_("left"),
}


#: Income accounts (by prefix, most specific first) -> the source of their money.
INCOME_SOURCES: Final = (
    ("Income:Contributions:", "members"),
    ("Income:Matching:State", "state"),
    ("Income:Matching:LocalGov", "local-gov"),
    ("Income:Matching", "other-agencies"),
    ("Income:Interest", "interest"),
    ("Income:Fees", "fees"),
    ("Income:Donations", "donations"),
    ("Income:", "other"),
)


def income_source(account: str) -> str | None:
    """The source an income account's money comes from (None: not income)."""
    for prefix, source in INCOME_SOURCES:
        if account.startswith(prefix):
            return source
    return None


def under(account: str, parent: str) -> bool:
    return account == parent or account.startswith(parent + ":")


@record
class Claim:
    """One benefit payment (only what the rules need: no diagnosis, no free text)."""

    date: datetime.date
    member: str
    kind: str
    category: str
    amount: Decimal
    units: Decimal | None
    accepted: bool
    #: what the rules give (None when the claim could not be judged)
    allowed: Decimal | None
    meta: Mapping[str, Any]


@record
class MatchingRound:
    """One round of matching money and the members it matched."""

    id: str
    source: str
    date: datetime.date
    cut_off: datetime.date
    basis: Decimal
    amount: Decimal
    eligible: tuple[str, ...]

    @property
    def expected(self) -> Decimal:
        return self.basis * len(self.eligible)


@record
class Welfare:
    """A welfare fund's books as kongtun reads them."""

    fund: Fund
    standings: Mapping[str, Standing]
    benefits: BenefitBook
    claims: tuple[Claim, ...]
    rounds: tuple[MatchingRound, ...]
    #: (year, source) -> money received in that year
    received: Mapping[tuple[int, str], Decimal]
    #: year -> administration costs
    admin: Mapping[int, Decimal]
    #: year -> the fund's assets at the year's end (or on the last entry of the year)
    assets: Mapping[int, Decimal]
    #: totals from before these books (``custom "since-start"``, see kongtun.ledger.books.records)
    carried: tuple[CarriedTotal, ...] = ()

    def status_on(self, member: str, day: datetime.date) -> Status:
        standing = self.standings.get(member)
        return standing.status_on(day) if standing is not None else Status("not-member")

    def matched_before(self, member: str, source: str, cut_off: datetime.date) -> int:
        """How many rounds from ``source`` matched ``member`` with a cut-off before this one."""
        return self.matched_counts(source, cut_off).get(member, 0)

    def matched_counts(self, source: str, cut_off: datetime.date) -> dict[str, int]:
        """How many rounds from ``source`` with a cut-off before ``cut_off`` matched each member
        (members never matched are left out); one pass over the rounds for all the members."""
        counts: dict[str, int] = {}
        for matching in self.rounds:
            if matching.source == source and matching.cut_off < cut_off:
                for member in matching.eligible:
                    counts[member] = counts.get(member, 0) + 1
        return counts


def matching_eligible(
    fund: Fund,
    standings: Mapping[str, Standing],
    cut_off: datetime.date,
    matched: Mapping[str, int],
) -> tuple[str, ...]:
    """The members a round with ``cut_off`` matches, given how often each was matched before.

    A member is eligible when a member on the cut-off day (active or in arrears, not lapsed
    or left), a member for ``matching-min-years`` (1) years on it — the day that many years
    after joining counts when ``matching-cutoff-inclusive`` (TRUE) — and matched fewer than
    ``matching-max-times`` (3) times before.
    """
    rules = fund.rules.on(cut_off)
    years = rules.integer("matching-min-years")
    years = 1 if years is None else years
    most = rules.integer("matching-max-times")
    most = 3 if most is None else most
    inclusive = rules.flag("matching-cutoff-inclusive", default=True)
    eligible = []
    #: the day each joining day completes the years (many members join on the same day)
    completed: dict[datetime.date, datetime.date] = {}
    for member_id in sorted(standings):
        since = standings[member_id].member_since(cut_off)
        if since is None:
            continue
        completes = completed.get(since)
        if completes is None:
            completes = completed[since] = anniversary(since, years)
        if completes > cut_off or (completes == cut_off and not inclusive):
            continue
        if matched.get(member_id, 0) >= most:
            continue
        eligible.append(member_id)
    return tuple(eligible)


def _meta_date(meta: Mapping[str, Any], key: str) -> datetime.date | None:
    value = meta.get(key)
    return value if isinstance(value, datetime.date) else None


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


class _Claims:
    """Judging claims in date order; yearly usage counts accepted claims only."""

    def __init__(self, fund: Fund, standings: Mapping[str, Standing], book: BenefitBook) -> None:
        self.fund = fund
        self.standings = standings
        self.book = book
        self.problems: list[Problem] = []
        self.claims: list[Claim] = []
        self.used: dict[tuple[str, str, int], tuple[Decimal, Decimal]] = {}
        #: what a tier gives, by the tier (its id: the book keeps it), the number of tiers, the
        #: units claimed and what was used of the year (as written: 600 and 600.00 are worded
        #: apart): the same for most claims
        self.allowances: dict[tuple[int, int, str, str, str], Allowance] = {}

    def found(self, found: Problem | None) -> bool:
        """Keep a check's problem; whether there was one."""
        if found is None:
            return False
        self.problems.append(found)
        return True

    def claim(self, entry: data.Transaction, paid: Decimal) -> None:
        meta = entry.meta
        member_id, kind = meta.get("member"), meta.get("benefit")
        raw_units = meta.get("units")
        units = raw_units if isinstance(raw_units, Decimal) else None
        if not isinstance(member_id, str) or not isinstance(kind, str) or paid == 0:
            self.problems.append(claim_malformed(entry))
            self.claims.append(Claim(entry.date, "", "", "other", paid, units, False, None, meta))
            return
        tiers = self.book.tiers(kind, entry.date)
        category = tiers[0].category if tiers else "other"
        allowed, accepted = self.judge(entry, member_id, kind, tiers=tiers, units=units, paid=paid)
        self.claims.append(
            Claim(entry.date, member_id, kind, category, paid, units, accepted, allowed, meta)
        )

    def judge(
        self,
        entry: data.Transaction,
        member_id: str,
        kind: str,
        *,
        tiers: tuple[Benefit, ...],
        units: Decimal | None,
        paid: Decimal,
    ) -> tuple[Decimal | None, bool]:
        """What the rules give the claim (None: it cannot be judged), and whether it is
        accepted (it breaks no rule)."""
        start = len(self.problems)
        standing = self.standings.get(member_id)
        if standing is None:
            self.problems.append(claim_member_unknown(entry, member_id, kind))
            return None, False
        if not tiers:
            self.problems.append(claim_benefit_unknown(entry, kind, self.book.kinds_on(entry.date)))
            return None, False
        judged = self.membership(entry, standing, kind, on_death=tiers[0].on_death)
        if judged is None:
            return None, False
        day, since = judged
        tier = self.tier(
            entry, standing.member, kind, day=day, since=since, tiers=tiers, units=units
        )
        if tier is None:
            return None, False
        key = (member_id, kind, entry.date.year)
        used_amount, used_units = self.used.get(key, (ZERO, ZERO))
        allowed = self.allowance(
            tier, tiers=len(tiers), units=units, used_amount=used_amount, used_units=used_units
        )
        self.found(
            claim_amount(
                entry,
                member_id,
                kind,
                paid=paid,
                allowed=allowed.amount,
                how=allowed.how,
                currency=self.fund.currency,
            )
        )
        ok = len(self.problems) == start
        if ok:
            self.used[key] = (used_amount + paid, used_units + allowed.units)
        return allowed.amount, ok

    def allowance(
        self,
        tier: Benefit,
        *,
        tiers: int,
        units: Decimal | None,
        used_amount: Decimal,
        used_units: Decimal,
    ) -> Allowance:
        """:func:`~kongtun.ledger.welfare.benefits.allowance`, worked out once for each tier
        and use (an allowance is a frozen value: claims share it)."""
        key = (id(tier), tiers, str(units), str(used_amount), str(used_units))
        found = self.allowances.get(key)
        if found is None:
            found = self.allowances[key] = allowance(
                tier, tiers=tiers, units=units, used_amount=used_amount, used_units=used_units
            )
        return found

    def membership(
        self, entry: data.Transaction, standing: Standing, kind: str, *, on_death: bool
    ) -> tuple[datetime.date, datetime.date] | None:
        """The day the claim is judged on (a benefit paid on death: the day of the exit) and
        the day the member's spell began; None when a rule stops the judgement. (Every claim
        passes here: the checks' problems are kept without :meth:`found`, and the status is
        read as its plain values, :meth:`Standing.status_values`.)"""
        problems = self.problems
        member = standing.member
        if (
            found := claim_beneficiary_missing(entry, member.id, kind, on_death=on_death)
        ) is not None:
            problems.append(found)
        if (found := claim_death_no_exit(entry, member, kind, on_death=on_death)) is not None:
            problems.append(found)
        if (found := claim_member_left(entry, member, kind, on_death=on_death)) is not None:
            problems.append(found)
            return None
        exited = member.exited
        day = exited if on_death and exited is not None and exited < entry.date else entry.date
        status, since, missed, through, lapsed = standing.status_values(day)
        if status == "not-member" or since is None:
            problems.append(claim_not_member(entry, member, day))
            return None
        found = claim_lapsed(entry, member.id, kind, day=day, lapsed=lapsed, through=through)
        if found is not None:
            problems.append(found)
            return None
        found = claim_arrears(entry, member.id, kind, day=day, missed=missed, through=through)
        if found is not None:
            problems.append(found)
        return day, since

    def tier(
        self,
        entry: data.Transaction,
        member: Member,
        kind: str,
        *,
        day: datetime.date,
        since: datetime.date,
        tiers: tuple[Benefit, ...],
        units: Decimal | None,
    ) -> Benefit | None:
        """The tier that pays the claim; None when a rule stops the judgement (the checks'
        problems kept without :meth:`found`: every claim passes here)."""
        problems = self.problems
        waiting = tiers[0].waiting_days
        found = claim_waiting(
            entry,
            member.id,
            kind,
            since=since,
            day=day,
            waiting_days=waiting,
            book=self.fund.rules,
        )
        if found is not None:
            problems.append(found)
        years = full_years(since, day)
        least_years = tiers[0].min_years
        found = claim_tenure(entry, member.id, kind, day=day, years=years, least=least_years)
        if found is not None:
            problems.append(found)
            return None
        tier = tiers[0]
        for higher in tiers:
            if higher.min_years <= years:
                tier = higher
        least = tier.min_age
        if least is not None:
            birth = _meta_date(member.meta, "birth-date")
            if birth is None:
                problems.append(claim_birth_date_missing(entry, member.id, kind, least))
                return None
            age = full_years(birth, day)
            found = claim_too_young(entry, member.id, kind, day=day, age=age, least=least)
            if found is not None:
                problems.append(found)
        found = claim_units_missing(entry, kind, tier.per, units)
        if found is not None:
            problems.append(found)
            return None
        return tier


def _since_start(
    entry: data.Custom, currency: str, carried: dict[tuple[str, ...], CarriedTotal]
) -> list[Problem]:
    """Read a ``custom "since-start"`` total into ``carried``; its problems."""
    total, problems = parse_since_start(entry, currency, tuple(SOURCES), tuple(CATEGORIES))
    if total is None:
        return problems
    if total.key in carried:
        return [*problems, since_start_duplicate(entry, carried[total.key].meta)]
    carried[total.key] = total
    return problems


#: what an account is to the welfare pass (worked out on its first posting): what to do with
#: its postings (:data:`_NOTHING`, :data:`_ASSETS`, :data:`_CONTRIBUTION` or :data:`_MORE`)
#: and the list of its member's contributions (None: it takes none)
_Role = tuple[int, list[ContributionEvent] | None]
#: no part in the pass
_NOTHING: Final = 0
#: the fund's assets (no income, no member)
_ASSETS: Final = 1
#: a member's contributions, income from the members (the usual posting of a welfare fund):
#: the money received from the members in a year is not added up posting by posting: it is
#: what the balances of these accounts rose by over the year (:meth:`WelfarePass.year_end`)
_CONTRIBUTION: Final = 2
#: anything else: a member's contributions, income and another role as they come
_MORE: Final = 3
#: an account's other role, by the start of its name (the first that matches)
_OTHER_ROLES: Final = (
    (WELFARE_ACCOUNT, "welfare"),
    (ADMIN_ACCOUNT, "admin"),
    (MATCHING_ACCOUNT, "matching"),
)
#: how the accounts with another role begin (no other account has one)
_OTHER_STARTS: Final = ("Expenses:", MATCHING_ACCOUNT)


#: the source of the members' contributions
MEMBERS: Final = "members"


def contribution_balances(
    transactions: Sequence[data.Transaction], currency: str, balances: dict[str, Decimal]
) -> None:
    """Add the postings of ``transactions`` to the members' contribution accounts to their
    ``balances``, as the member walk adds them (:meth:`WelfarePass.read`, the pass by
    itself)."""
    for entry in transactions:
        for posting in entry.postings:
            units = posting.units
            if units is None or units.currency != currency or units.number is None:
                continue
            if contributor(posting.account) is not None:
                balances[posting.account] = balances.get(posting.account, ZERO) + units.number


def _other_role(account: str) -> str | None:
    for parent, role in _OTHER_ROLES:
        if under(account, parent):
            return role
    return None


class WelfarePass:
    """What the one pass over the entries gathers for :func:`read_welfare`.

    Its transactions are read a day at a time (:meth:`day`): inside the member walk when the
    plugin reads the books (:func:`kongtun.ledger.model.read_books` hands :meth:`day` to
    :func:`~kongtun.ledger.books.fund.read_fund`, which calls it at the end of each day, while
    the day's transactions are still in the processor's cache), or by :meth:`read` over the
    entries. Its ``custom`` directives come first (:meth:`customs`): what they give — benefits,
    rejoins, carried totals — does not depend on the transactions read before them."""

    def __init__(self, currency: str, members: Mapping[str, Member]) -> None:
        self.currency = currency
        self.events = ContributionEvents(members)
        self.events.in_order = True  # until a transaction comes before the one read last
        self.by_member = self.events.by_member
        self.problems: list[Problem] = []
        self.declared: list[Benefit] = []
        self.carried: dict[tuple[str, ...], CarriedTotal] = {}
        self.received: dict[tuple[int, str], Decimal] = {}
        #: year -> source -> money received (gathered per year, then as ``received``)
        self.received_in: dict[int, dict[str, Decimal]] = {}
        self.admin: dict[int, Decimal] = defaultdict(Decimal)
        self.admin_last: dict[int, data.Transaction] = {}
        #: year -> the fund's assets at its end (or on its last entry)
        self.assets: dict[int, Decimal] = {}
        #: the fund's assets after the last day read
        self.total_assets = ZERO
        self.rounds: dict[str, list[tuple[data.Transaction, Decimal, str | None]]] = {}
        #: benefit payments, judged once every member's standing is known
        self.paid: list[tuple[data.Transaction, Decimal]] = []
        self.roles: dict[str, _Role] = {}
        #: the income source of each account's money (None: not income)
        self.sources: dict[str, str | None] = {}
        #: the other roles of the accounts that have one (welfare paid, administration, matching)
        self.other_roles: dict[str, str | None] = {}
        #: between two days: the year and the day read last, the money received in that year
        #: by source
        self.year_read: int | None = None
        self.last = datetime.date.min
        self.received_year: dict[str, Decimal] = {}
        #: the members' contribution accounts; what they held at the end of the last year
        #: read; the contributions since then of the opening and of entries carried from
        #: earlier years (money received before these books)
        self.contribution_accounts: list[str] = []
        self.held_before = ZERO
        self.not_received = ZERO
        #: the members paid since their money last took its place among the year's sources
        #: (``paid_since``), or earlier in the year (``paid_in_year``)
        self.paid_since = self.paid_in_year = False

    def role(self, account: str) -> _Role:
        """What ``account`` is to the pass, worked out once."""
        member = contributor(account)
        events = self.by_member[member] if member is not None else None
        # only income has a source, and only expenses and matching money another role
        source = income_source(account) if account.startswith("Income:") else None
        self.sources[account] = source
        other = _other_role(account) if account.startswith(_OTHER_STARTS) else None
        self.other_roles[account] = other
        if account.startswith("Assets:"):
            code = _ASSETS if events is None and source is None else _MORE
        elif other is None and events is not None and source == MEMBERS:
            code = _CONTRIBUTION
            self.contribution_accounts.append(account)
        elif other is None and events is None and source is None:
            code = _NOTHING
        else:
            code = _MORE
        found = self.roles[account] = (code, events)
        return found

    def read(self, entries: Sequence[data.Directive]) -> None:
        """The pass over ``entries`` by itself: its ``custom`` directives, then its
        transactions day by day (each run of transactions of the same date); then
        :meth:`close` (:func:`welfare_of`)."""
        transactions: list[data.Transaction] = []
        customs: list[data.Custom] = []
        for entry in entries:
            if isinstance(entry, data.Transaction):
                transactions.append(entry)
            elif isinstance(entry, data.Custom):
                customs.append(entry)
        self.customs(customs)
        balances: dict[str, Decimal] = {}
        first = 0
        for index in range(1, len(transactions) + 1):
            if index == len(transactions):
                next_day = None
            elif (next_day := transactions[index].date) == transactions[index - 1].date:
                continue
            contribution_balances(transactions[first:index], self.currency, balances)
            self.day(transactions, first, index, balances, next_day)
            first = index

    def day(
        self,
        transactions: Sequence[data.Transaction],
        start: int,
        stop: int,
        balances: Mapping[str, Decimal],
        next_day: datetime.date | None,
    ) -> None:
        """The transactions of one day, ``transactions[start:stop]`` (``balances``: the
        member accounts' balances at the end of the day; ``next_day``: the date of the
        transactions read next, None after the last); most of a big ledger is transactions,
        most of a welfare fund's transactions a contribution: the hot loop of its load
        (locals, the usual postings inline, the rare roles in :meth:`special`)."""
        day = transactions[start].date
        total, received, paid = self.total_assets, self.received_year, self.paid_since
        if day != self.last:
            self.events.in_order &= day > self.last
            self.last = day
            if day.year != self.year_read:
                self.year_read = self.year(day.year, self.year_read)
                received = self.received_year = self.received_in[day.year]
        year = day.year
        money = MONEY
        currency, roles, role = self.currency, self.roles, self.role
        for entry in transactions[start:stop]:
            meta = entry.meta
            # the opening and the entries repeated from earlier years were received before
            # these books: their money is in the since-start totals (each key looked up: a
            # transaction Beancount has booked has ``__tolerances__`` among its keys too)
            earlier = OPENING_KEY in meta or (CARRIED_KEY in meta and meta[CARRIED_KEY] is True)
            special = "benefit" in meta or "matching" in meta
            others: list[tuple[str, Decimal]] | None = None
            for posting in entry.postings:
                units = posting.units
                if units is None or units.currency != currency or (number := units.number) is None:
                    continue
                try:
                    code, events = roles[posting.account]
                except KeyError:
                    code, events = role(posting.account)
                if code == _ASSETS:
                    total += number
                elif code == _CONTRIBUTION and not earlier:
                    events.append((day, money, number, entry))  # type: ignore[union-attr]
                    paid = True
                elif code:
                    others = others or []
                    others.append((posting.account, number))
            if others is not None or special:
                # what the members paid so far goes in before any other source (their order)
                if paid:
                    received.setdefault(MEMBERS, ZERO)
                    self.paid_in_year, paid = True, False
                total = self.special(entry, year, others or [], total, earlier=earlier)
        self.total_assets, self.paid_since = total, paid
        if next_day is None or next_day.year != year:
            self.year_end(received, balances)

    def year_end(self, received: dict[str, Decimal], balances: Mapping[str, Decimal]) -> None:
        """After the last day of a year (or of a run of days of one year): the members' money
        of the year among what it ``received``, from the ``balances`` of their contribution
        accounts; a Decimal subtraction a year instead of one a contribution."""
        held = ZERO
        for account in self.contribution_accounts:
            held += balances.get(account, ZERO)
        if self.paid_since or self.paid_in_year:
            paid_in = held - self.held_before - self.not_received
            received[MEMBERS] = received.get(MEMBERS, ZERO) - paid_in
        self.held_before, self.not_received = held, ZERO
        self.paid_since = self.paid_in_year = False

    def close(self) -> None:
        """After the last day: its year's assets, the money received by year."""
        self.finish(self.year_read)

    def year(self, year: int, before: int | None) -> int:
        """A transaction of ``year`` after those of ``before``: the assets at the end of each
        year in between."""
        if year != before:
            if before is not None:
                for gap in range(before, year):
                    self.assets[gap] = self.total_assets
            self.received_in.setdefault(year, {})
        return year

    def customs(self, entries: Sequence[data.Custom]) -> None:
        """The ``custom`` directives, in the ledger's order: benefit lines, rejoins and
        since-start totals."""
        for entry in entries:
            if entry.type == "benefit":
                benefit, problems = parse_benefit(entry, self.currency)
                self.problems.extend(problems)
                if benefit is not None:
                    self.declared.append(benefit)
            elif entry.type == "member-rejoin":
                self.events.rejoin(entry)
            elif entry.type == SINCE_START:
                self.problems.extend(_since_start(entry, self.currency, self.carried))

    def special(
        self,
        entry: data.Transaction,
        year: int,
        others: list[tuple[str, Decimal]],
        assets: Decimal,
        *,
        earlier: bool,
    ) -> Decimal:
        """A transaction with postings of the rare roles (``others``: account and amount),
        or a claim's or matching round's metadata: welfare paid, administration, matching
        money, and the contributions, income and ``assets`` of those postings; the assets."""
        welfare_paid = matching_money = ZERO
        matching_source: str | None = None
        received = self.received_in[year]
        for account, number in others:
            code, events = self.roles[account]
            source = self.sources[account]
            if events is not None:
                events.append((entry.date, MONEY, number, entry))
            if code == _CONTRIBUTION:  # of the opening or carried: received before these books
                self.not_received += number
            if source is not None and not earlier:
                received[source] = received.get(source, ZERO) - number
            role = self.other_roles[account]
            if account.startswith("Assets:"):
                assets += number
            elif role == "welfare":
                welfare_paid += number
            elif role == "admin":
                self.admin[year] += number
                self.admin_last[year] = entry
            elif role == "matching":
                matching_money -= number
                matching_source = matching_source or source
        meta = entry.meta
        if welfare_paid or "benefit" in meta:
            self.paid.append((entry, welfare_paid))
        round_id = meta.get("matching")
        if round_id is not None:
            found = (entry, matching_money, matching_source)
            self.rounds.setdefault(str(round_id), []).append(found)
        return assets

    def finish(self, year: int | None) -> None:
        """After the last entry: the assets of its year, the money received by year."""
        if year is not None:
            self.assets[year] = self.total_assets
        self.received.update(
            ((when, source), amount)
            for when, by_source in self.received_in.items()
            for source, amount in by_source.items()
        )


def read_welfare(fund: Fund, entries: Sequence[data.Directive]) -> tuple[Welfare, list[Problem]]:
    """Read a welfare fund's books and check its rules; cost grows with the entries."""
    found = WelfarePass(fund.currency, fund.members)
    found.read(entries)
    return welfare_of(fund, found)


def start_welfare(
    currency: str, members: Mapping[str, Member], customs: Sequence[data.Custom]
) -> WelfarePass:
    """A welfare pass to fold into the member walk (its :meth:`~WelfarePass.day`), its
    ``custom`` directives read; :func:`welfare_of` once the walk is over."""
    found = WelfarePass(currency, members)
    found.customs(customs)
    return found


def welfare_of(fund: Fund, found: WelfarePass) -> tuple[Welfare, list[Problem]]:
    """The welfare model and its problems from a pass over the books of ``fund``, which
    this closes (:meth:`WelfarePass.close`)."""
    found.close()
    standings, problems = build_standings(fund, found.events)
    problems.extend(found.problems)
    book, book_problems = build_benefits(found.declared)
    problems.extend(book_problems)
    claims = _Claims(fund, standings, book)
    for entry, welfare_paid in found.paid:
        claims.claim(entry, welfare_paid)
    problems.extend(claims.problems)
    matched_rounds, round_problems = _rounds(fund, standings, found.rounds)
    problems.extend(round_problems)
    problems.extend(_admin_limits(fund, found.admin, found.admin_last, found.assets))
    welfare = Welfare(
        fund=fund,
        standings=MappingProxyType(standings),
        benefits=book,
        claims=tuple(claims.claims),
        rounds=tuple(matched_rounds),
        received=MappingProxyType(dict(found.received)),
        admin=MappingProxyType(dict(found.admin)),
        assets=MappingProxyType(found.assets),
        carried=tuple(found.carried.values()),
    )
    return welfare, problems


#: a matching round as the pass finds it: cut-off, id, first entry, basis, source, money
_Declared = tuple[datetime.date, str, data.Transaction, Decimal, str, Decimal]


def _declared_rounds(
    fund: Fund,
    found: Mapping[str, list[tuple[data.Transaction, Decimal, str | None]]],
    problems: list[Problem],
) -> list[_Declared]:
    """The matching rounds that can be read, in cut-off order; the others are problems."""
    declared: list[_Declared] = []
    for round_id, parts in found.items():
        first, _, source = parts[0]
        cut_off = _meta_date(first.meta, "cut-off")
        basis = first.meta.get("basis")
        if (
            cut_off is None
            or not isinstance(basis, Amount)
            or basis.number is None
            or basis.currency != fund.currency
            or source is None
        ):
            problems.append(matching_malformed(first, round_id))
            continue
        amount = sum((money for _, money, _ in parts), ZERO)
        declared.append((cut_off, round_id, first, basis.number, source, amount))
    return sorted(declared, key=lambda r: r[:2])


def _rounds(
    fund: Fund,
    standings: Mapping[str, Standing],
    found: Mapping[str, list[tuple[data.Transaction, Decimal, str | None]]],
) -> tuple[list[MatchingRound], list[Problem]]:
    """Each matching round's eligible members, in cut-off order; the amount is checked."""
    problems: list[Problem] = []
    matched: dict[str, dict[str, int]] = defaultdict(dict)
    rounds = []
    currency = fund.currency
    for cut_off, round_id, first, basis, source, amount in _declared_rounds(fund, found, problems):
        counts = matched[source]
        carried = first.meta.get(MATCHED_KEY)
        earlier = first.meta.get(CARRIED_KEY) is True and isinstance(carried, str)
        eligible = (
            tuple(str(carried).split())  # from an earlier year's file, which worked them out
            if earlier
            else matching_eligible(fund, standings, cut_off, counts)
        )
        for member_id in eligible:
            counts[member_id] = counts.get(member_id, 0) + 1
        rounds.append(MatchingRound(round_id, source, first.date, cut_off, basis, amount, eligible))
        if earlier:
            continue  # checked in the year it was received
        for check in (matching_excess, matching_short):
            found_problem = check(
                first,
                round_id,
                amount=amount,
                eligible=len(eligible),
                cut_off=cut_off,
                basis=basis,
                currency=currency,
            )
            if found_problem is not None:
                problems.append(found_problem)
    return rounds, problems


def _admin_limits(
    fund: Fund,
    admin: Mapping[int, Decimal],
    last: Mapping[int, data.Transaction],
    assets: Mapping[int, Decimal],
) -> list[Problem]:
    """A year whose administration costs exceed ``admin-max-share`` % of the fund."""
    problems = []
    for year in sorted(admin):
        entry = last.get(year)
        if entry is None:
            continue
        year_end = _year_end(year)
        rules = fund.rules.on(min(year_end, fund.last_date or year_end))
        size = assets.get(year, ZERO)
        found = admin_over_share(
            entry,
            year_end=year_end,
            spent=admin[year],
            size=size,
            rules=rules,
            currency=fund.currency,
        )
        if found is not None:
            problems.append(found)
    return problems
