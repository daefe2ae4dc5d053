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
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.checks import since_start_duplicate
from kongtun.ledger.books.fund import CARRIED_KEY, OPENING_KEY, ZERO, Fund
from kongtun.ledger.books.records import SINCE_START, CarriedTotal, parse_since_start
from kongtun.ledger.i18n import N_, Lang
from kongtun.ledger.messages import FundError, fund_error, to_error, to_errors
from kongtun.ledger.problems import Msg
from kongtun.ledger.welfare.benefits import (
    CATEGORIES,
    Benefit,
    BenefitBook,
    allowance,
    anniversary,
    build_benefits,
    full_years,
    parse_benefit,
    satang,
)
from kongtun.ledger.welfare.contributions import (
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


#: what an account is to the welfare pass: its income source, its role (assets, welfare paid,
#: administration, matching money) and the member whose contributions it takes
_Role = tuple[str | None, str | None, str | None]


def _role(account: str) -> _Role:
    role = None
    if account.startswith("Assets:"):
        role = "assets"
    elif under(account, WELFARE_ACCOUNT):
        role = "welfare"
    elif under(account, ADMIN_ACCOUNT):
        role = "admin"
    elif under(account, MATCHING_ACCOUNT):
        role = "matching"
    return income_source(account), role, contributor(account)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
        return sum(
            1
            for matching in self.rounds
            if matching.source == source
            and matching.cut_off < cut_off
            and member in matching.eligible
        )


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
    for member_id in sorted(standings):
        status = standings[member_id].status_on(cut_off)
        if status.kind not in ("active", "arrears") or status.since is None:
            continue
        completes = anniversary(status.since, years)
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

    def __init__(
        self, fund: Fund, standings: Mapping[str, Standing], book: BenefitBook, lang: Lang
    ) -> None:
        self.fund = fund
        self.standings = standings
        self.book = book
        self.lang = lang
        self.errors: list[FundError] = []
        self.claims: list[Claim] = []
        self.used: dict[tuple[str, str, int], tuple[Decimal, Decimal]] = {}

    def error(self, rule: str, entry: data.Transaction, **params: object) -> None:
        self.errors.append(fund_error(rule, entry.meta, entry, self.lang, **params))

    def claim(self, entry: data.Transaction, paid: Decimal) -> None:
        meta = entry.meta
        member_id, kind = meta.get("member"), meta.get("benefit")
        raw_units = meta.get("units")
        units = raw_units if isinstance(raw_units, Decimal) else None
        if not isinstance(member_id, str) or not isinstance(kind, str) or paid == 0:
            self.error("claim-malformed", entry)
            self.claims.append(Claim(entry.date, "", "", "other", paid, units, False, None, meta))
            return
        tiers = self.book.tiers(kind, entry.date)
        category = tiers[0].category if tiers else "other"
        allowed, accepted = self.judge(
            entry, member_id=member_id, kind=kind, tiers=tiers, units=units, paid=paid
        )
        self.claims.append(
            Claim(entry.date, member_id, kind, category, paid, units, accepted, allowed, meta)
        )

    def judge(  # noqa: PLR0911 (one return per rule that stops the judgement)
        self,
        entry: data.Transaction,
        *,
        member_id: str,
        kind: str,
        tiers: tuple[Benefit, ...],
        units: Decimal | None,
        paid: Decimal,
    ) -> tuple[Decimal | None, bool]:
        currency = self.fund.currency
        day = entry.date
        member = self.fund.members.get(member_id)
        standing = self.standings.get(member_id)
        if member is None or standing is None:
            self.error("claim-member-unknown", entry, member=member_id, benefit=kind)
            return None, False
        if not tiers:
            self.error(
                "claim-benefit-unknown",
                entry,
                benefit=kind,
                date=day,
                known=self.book.kinds_on(day) or [Msg(N_("none"))],
            )
            return None, False
        on_death = tiers[0].on_death
        event = day
        ok = True
        if on_death:
            if member.exited is not None and member.exited < day:
                event = member.exited
            beneficiary = entry.meta.get("beneficiary")
            if not isinstance(beneficiary, str) or not beneficiary.strip():
                self.error("claim-beneficiary-missing", entry, member=member_id, benefit=kind)
                ok = False
            if member.exited is None:
                self.error("claim-death-no-exit", entry, member=member_id, benefit=kind)
                ok = False
        elif member.exited is not None and day > member.exited:
            self.error(
                "claim-member-left", entry, member=member_id, benefit=kind, exited=member.exited
            )
            return None, False
        status = standing.status_on(event)
        if status.kind == "not-member" or status.since is None:
            self.error(
                "claim-not-member", entry, member=member_id, joined=member.joined, date=event
            )
            return None, False
        if status.kind == "lapsed":
            self.error(
                "claim-lapsed",
                entry,
                member=member_id,
                benefit=kind,
                lapsed=status.lapsed,
                date=event,
                through=status.paid_through or Msg(N_("no period")),
            )
            return None, False
        if status.kind == "arrears":
            self.error(
                "claim-arrears",
                entry,
                member=member_id,
                benefit=kind,
                date=event,
                missed=status.missed,
                through=status.paid_through or Msg(N_("no period")),
            )
            ok = False
        rules = self.fund.rules.on(event)
        waiting = tiers[0].waiting_days
        if waiting is None:
            waiting = rules.integer("waiting-days") or 0
        days = (event - status.since).days
        if days < waiting:
            self.error(
                "claim-waiting",
                entry,
                member=member_id,
                benefit=kind,
                since=status.since,
                date=event,
                days=days,
                waiting=waiting,
                first=status.since + datetime.timedelta(days=waiting),
            )
            ok = False
        years = full_years(status.since, event)
        eligible = [tier for tier in tiers if tier.min_years <= years]
        if not eligible:
            self.error(
                "claim-tenure",
                entry,
                member=member_id,
                benefit=kind,
                date=event,
                years=years,
                least=tiers[0].min_years,
            )
            return None, False
        tier = eligible[-1]
        if tier.min_age is not None:
            birth = _meta_date(member.meta, "birth-date")
            if birth is None:
                self.error(
                    "claim-birth-date-missing",
                    entry,
                    member=member_id,
                    benefit=kind,
                    least=tier.min_age,
                )
                return None, False
            age = full_years(birth, event)
            if age < tier.min_age:
                self.error(
                    "claim-too-young",
                    entry,
                    member=member_id,
                    benefit=kind,
                    date=event,
                    age=age,
                    least=tier.min_age,
                )
                ok = False
        if tier.per is not None and (units is None or units <= 0):
            self.error("claim-units-missing", entry, benefit=kind, per=tier.per)
            return None, False
        key = (member_id, kind, day.year)
        used_amount, used_units = self.used.get(key, (ZERO, ZERO))
        allowed = allowance(
            tier, tiers=len(tiers), units=units, used_amount=used_amount, used_units=used_units
        )
        if satang(paid) != allowed.amount:
            self.error(
                "claim-amount",
                entry,
                member=member_id,
                benefit=kind,
                date=day,
                paid=Amount(paid, currency),
                allowed=Amount(allowed.amount, currency),
                how=list(allowed.how),
            )
            ok = False
        if ok:
            self.used[key] = (used_amount + paid, used_units + allowed.units)
        return allowed.amount, ok


def _since_start(
    entry: data.Custom,
    currency: str,
    carried: dict[tuple[str, ...], CarriedTotal],
    lang: Lang,
) -> list[FundError]:
    """Read a ``custom "since-start"`` total into ``carried``; its errors."""
    total, problems = parse_since_start(entry, currency, tuple(SOURCES), tuple(CATEGORIES))
    errors = to_errors(problems, lang)
    if total is None:
        return errors
    if total.key in carried:
        duplicate = since_start_duplicate(entry, carried[total.key].meta)
        return [*errors, to_error(duplicate, lang)]
    carried[total.key] = total
    return errors


def read_welfare(
    fund: Fund, entries: Sequence[data.Directive], lang: Lang
) -> tuple[Welfare, list[FundError]]:
    """Read a welfare fund's books and check its rules; cost grows with the entries."""
    events = ContributionEvents(fund, lang)
    declaration_errors: list[FundError] = []
    declared: list[Benefit] = []
    currency = fund.currency
    carried: dict[tuple[str, ...], CarriedTotal] = {}
    received: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    admin: dict[int, Decimal] = defaultdict(Decimal)
    admin_last: dict[int, data.Transaction] = {}
    assets: dict[int, Decimal] = {}
    total_assets = ZERO
    year: int | None = None
    rounds: dict[str, list[tuple[data.Transaction, Decimal, str | None]]] = {}
    #: benefit payments, judged once every member's standing is known
    paid: list[tuple[data.Transaction, Decimal]] = []
    roles: dict[str, _Role] = {}
    for entry in entries:  # one pass; most of a big ledger is transactions
        if not isinstance(entry, data.Transaction):
            if isinstance(entry, data.Custom):
                if entry.type == "benefit":
                    benefit, benefit_errors = parse_benefit(entry, currency, lang)
                    declaration_errors.extend(benefit_errors)
                    if benefit is not None:
                        declared.append(benefit)
                elif entry.type == "member-rejoin":
                    events.rejoin(entry)
                elif entry.type == SINCE_START:
                    declaration_errors.extend(_since_start(entry, currency, carried, lang))
            continue
        if year is not None and entry.date.year != year:
            for gap in range(year, entry.date.year):
                assets[gap] = total_assets
        year = entry.date.year
        welfare_paid = ZERO
        matching_money = ZERO
        matching_source: str | None = None
        # the opening and the entries repeated from earlier years were received before these
        # books: their money is in the since-start totals
        earlier = OPENING_KEY in entry.meta or entry.meta.get(CARRIED_KEY) is True
        for posting in entry.postings:
            units = posting.units
            if units is None or units.number is None or units.currency != currency:
                continue
            number, account = units.number, posting.account
            try:
                source, role, member = roles[account]
            except KeyError:
                source, role, member = roles[account] = _role(account)
            if member is not None:
                events.money(member, entry, number)
            if source is not None and not earlier:
                received[year, source] -= number
            if role == "assets":
                total_assets += number
            elif role == "welfare":
                welfare_paid += number
            elif role == "admin":
                admin[year] += number
                admin_last[year] = entry
            elif role == "matching":
                matching_money -= number
                matching_source = matching_source or source
        if welfare_paid or "benefit" in entry.meta:
            paid.append((entry, welfare_paid))
        round_id = entry.meta.get("matching")
        if round_id is not None:
            rounds.setdefault(str(round_id), []).append((entry, matching_money, matching_source))
    standings, errors = build_standings(fund, events, lang)
    errors.extend(declaration_errors)
    book, book_errors = build_benefits(declared, lang)
    errors.extend(book_errors)
    claims = _Claims(fund, standings, book, lang)
    for entry, welfare_paid in paid:
        claims.claim(entry, welfare_paid)
    if year is not None:
        assets[year] = total_assets
    errors.extend(claims.errors)
    matched_rounds, round_errors = _rounds(fund, standings, rounds, lang)
    errors.extend(round_errors)
    errors.extend(_admin_limits(fund, admin, admin_last, assets, lang))
    welfare = Welfare(
        fund=fund,
        standings=MappingProxyType(standings),
        benefits=book,
        claims=tuple(claims.claims),
        rounds=tuple(matched_rounds),
        received=MappingProxyType(dict(received)),
        admin=MappingProxyType(dict(admin)),
        assets=MappingProxyType(assets),
        carried=tuple(carried.values()),
    )
    return welfare, errors


def _rounds(
    fund: Fund,
    standings: Mapping[str, Standing],
    found: Mapping[str, list[tuple[data.Transaction, Decimal, str | None]]],
    lang: Lang,
) -> tuple[list[MatchingRound], list[FundError]]:
    """Each matching round's eligible members, in cut-off order; the amount is checked."""
    errors: list[FundError] = []
    declared: list[tuple[datetime.date, str, data.Transaction, Decimal, str, Decimal]] = []
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
            errors.append(fund_error("matching-malformed", first.meta, first, lang, round=round_id))
            continue
        amount = sum((money for _, money, _ in parts), ZERO)
        declared.append((cut_off, round_id, first, basis.number, source, amount))
    matched: dict[str, dict[str, int]] = defaultdict(dict)
    rounds = []
    for cut_off, round_id, first, basis, source, amount in sorted(declared, key=lambda r: r[:2]):
        counts = matched[source]
        carried = first.meta.get(MATCHED_KEY)
        if first.meta.get(CARRIED_KEY) is True and isinstance(carried, str):
            # a round from an earlier year's file: its members were worked out there
            eligible = tuple(carried.split())
            for member_id in eligible:
                counts[member_id] = counts.get(member_id, 0) + 1
            rounds.append(
                MatchingRound(round_id, source, first.date, cut_off, basis, amount, eligible)
            )
            continue
        eligible = matching_eligible(fund, standings, cut_off, counts)
        for member_id in eligible:
            counts[member_id] = counts.get(member_id, 0) + 1
        matching = MatchingRound(round_id, source, first.date, cut_off, basis, amount, eligible)
        rounds.append(matching)
        expected = matching.expected
        if amount != expected:
            rule = "matching-excess" if amount > expected else "matching-short"
            errors.append(
                fund_error(
                    rule,
                    first.meta,
                    first,
                    lang,
                    round=round_id,
                    amount=Amount(amount, fund.currency),
                    count=len(eligible),
                    cut_off=cut_off,
                    basis=Amount(basis, fund.currency),
                    expected=Amount(expected, fund.currency),
                    difference=Amount(abs(amount - expected), fund.currency),
                )
            )
    return rounds, errors


def _admin_limits(
    fund: Fund,
    admin: Mapping[int, Decimal],
    last: Mapping[int, data.Transaction],
    assets: Mapping[int, Decimal],
    lang: Lang,
) -> list[FundError]:
    """A year whose administration costs exceed ``admin-max-share`` % of the fund."""
    errors = []
    for year in sorted(admin):
        entry = last.get(year)
        if entry is None:
            continue
        rules = fund.rules.on(min(_year_end(year), fund.last_date or _year_end(year)))
        share = rules.decimal("admin-max-share")
        if share is None:
            continue
        size = assets.get(year, ZERO)
        limit = satang(max(size, ZERO) * share / 100)
        if admin[year] > limit:
            errors.append(
                fund_error(
                    "admin-over-share",
                    entry.meta,
                    entry,
                    lang,
                    year_end=_year_end(year),
                    spent=Amount(admin[year], fund.currency),
                    share=share,
                    size=Amount(size, fund.currency),
                    limit=Amount(limit, fund.currency),
                )
            )
    return errors
