"""The benefits a welfare fund pays (สวัสดิการ), declared in the ledger, and what a claim gets.

One ``custom "benefit" KIND AMOUNT`` line per benefit (or per tier of one)::

    2024-01-01 custom "benefit" "death" 3000 THB       ; tiers by years of membership
      min-years: 1
    2024-01-01 custom "benefit" "death" 10000 THB
      min-years: 5
    2024-01-01 custom "benefit" "hospital-night" 200 THB
      per: "night"                ; paid per unit: the claim says `units: 3`
      max-per-claim: 600 THB      ; per stay
      max-per-year: 1000 THB      ; per member and calendar year
      max-units-per-year: 10
      waiting-days: 180           ; default: the rules' waiting-days
    2024-01-01 custom "benefit" "elderly" 200 THB
      min-age: 60                 ; the member line has `birth-date: 1950-05-01`
      max-per-year: 200 THB

Lines of one kind declared on the same day are its tiers; a later declaration of the kind
replaces all its earlier tiers from its date. A kind's name is lower case (``birth``,
``sickness``, ``hospital-night``, ``elderly``, ``death``, ``funeral``, ``education``,
``disaster``, ... or any the fund declares, with ``label:`` for its Thai name); the plugin
opens ``Expenses:Welfare:<Kind>`` (e.g. ``Expenses:Welfare:HospitalNight``) for it.
``on-death: TRUE`` (the default for death and funeral) marks a benefit paid after the
member's death to a named beneficiary. ``category:`` places a kind in the CODI annual
status form's categories (known kinds have one).
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.rules import RuleKey, convert_value
from kongtun.ledger.i18n import N_
from kongtun.ledger.problems import Phrase, Problem, phrase
from kongtun.ledger.record import record
from kongtun.ledger.thai import quantize_satang
from kongtun.ledger.welfare.checks import (
    benefit_bad_value,
    benefit_malformed,
    benefit_tier_duplicate,
    benefit_unknown_key,
)

BENEFIT_KIND: Final = re.compile(r"[a-z][a-z0-9-]{0,39}")

#: The categories of welfare paid in CODI's annual status form (แบบแสดงสถานะกองทุน, 5/6).
CATEGORIES: Final[dict[str, str]] = {
    "birth": N_("births"),
    "sickness": N_("sickness and medical care"),
    "elderly": N_("the elderly"),
    "death": N_("deaths"),
    "funeral": N_("funeral costs"),
    "disadvantaged": N_("the disadvantaged and disabled"),
    "livelihood": N_("livelihoods"),
    "education": N_("education"),
    "tradition": N_("traditions and culture"),
    "housing": N_("housing"),
    "disaster": N_("disaster victims"),
    "public-benefit": N_("public benefit"),
    "environment": N_("natural resources and environment"),
    "other": N_("other"),
}

#: Known benefit kinds -> their CODI category (a kind not here is "other" unless it says).
KIND_CATEGORIES: Final[dict[str, str]] = {
    "birth": "birth",
    "sickness": "sickness",
    "hospital-night": "sickness",
    "elderly": "elderly",
    "death": "death",
    "funeral": "funeral",
    "disability": "disadvantaged",
    "disadvantaged": "disadvantaged",
    "livelihood": "livelihood",
    "education": "education",
    "tradition": "tradition",
    "housing": "housing",
    "disaster": "disaster",
    "public-benefit": "public-benefit",
    "environment": "environment",
}
ON_DEATH_KINDS: Final = frozenset({"death", "funeral"})

#: The metadata a benefit line may carry.
BENEFIT_KEYS: Final[dict[str, RuleKey]] = {
    rule.key: rule
    for rule in (
        RuleKey("min-years", "integer", "min-years: 5"),
        RuleKey("per", "text", 'per: "night"'),
        RuleKey("max-per-claim", "amount", "max-per-claim: 600 THB"),
        RuleKey("max-per-year", "amount", "max-per-year: 1000 THB"),
        RuleKey("max-units-per-year", "integer", "max-units-per-year: 10"),
        RuleKey("min-age", "integer", "min-age: 60"),
        RuleKey("waiting-days", "integer", "waiting-days: 180"),
        RuleKey("on-death", "bool", "on-death: TRUE"),
        RuleKey("label", "text", 'label: "ค่าทำขวัญบุตร"'),
        RuleKey("category", "choice", 'category: "sickness"', tuple(CATEGORIES)),
    )
}
DIRECTIVE_KEYS: Final = frozenset({"filename", "lineno"})


def expense_account(kind: str) -> str:
    """``Expenses:Welfare:HospitalNight`` for ``hospital-night``."""
    return "Expenses:Welfare:" + "".join(part.capitalize() for part in kind.split("-") if part)


@record
class Benefit:
    """One ``custom "benefit"`` line: a benefit, or one tier of it."""

    kind: str
    date: datetime.date
    amount: Decimal
    currency: str
    min_years: int
    per: str | None
    max_per_claim: Decimal | None
    max_per_year: Decimal | None
    max_units_per_year: int | None
    min_age: int | None
    waiting_days: int | None
    on_death: bool
    label: str
    category: str
    meta: Mapping[str, Any]


@record
class BenefitBook:
    """Every declared benefit, by kind and date."""

    #: kind -> (dates, tiers declared on each date sorted by min-years)
    versions: Mapping[str, tuple[tuple[datetime.date, ...], tuple[tuple[Benefit, ...], ...]]]

    def tiers(self, kind: str, day: datetime.date) -> tuple[Benefit, ...]:
        """The tiers of ``kind`` in force on ``day`` (empty when none is)."""
        found = self.versions.get(kind)
        if found is None:
            return ()
        index = bisect.bisect_right(found[0], day)
        return found[1][index - 1] if index else ()

    def kinds_on(self, day: datetime.date) -> list[str]:
        """The kinds with a benefit in force on ``day``, sorted."""
        return sorted(kind for kind in self.versions if self.tiers(kind, day))

    def first_declared(self) -> dict[str, Benefit]:
        """Each kind's first declaration (its account opens on that date)."""
        return {kind: tiers[1][0][0] for kind, tiers in self.versions.items()}


def parse_benefit(entry: data.Custom, currency: str) -> tuple[Benefit | None, list[Problem]]:
    """One ``custom "benefit"`` line; a line that cannot be read gives a problem and None."""
    values = entry.values or []
    kind = values[0].value if values else None
    amount = values[1].value if len(values) > 1 else None
    if (
        not isinstance(kind, str)
        or not BENEFIT_KIND.fullmatch(kind)
        or not isinstance(amount, Amount)
        or amount.number is None
        or amount.number < 0
        or amount.currency != currency
    ):
        return None, [benefit_malformed(entry, currency)]
    problems: list[Problem] = []
    meta = _benefit_meta(entry, kind, currency, problems)
    on_death = meta.get("on-death")
    benefit = Benefit(
        kind=kind,
        date=entry.date,
        amount=amount.number,
        currency=currency,
        min_years=_integer(meta, "min-years") or 0,
        per=_text(meta, "per"),
        max_per_claim=_money(meta, "max-per-claim"),
        max_per_year=_money(meta, "max-per-year"),
        max_units_per_year=_integer(meta, "max-units-per-year"),
        min_age=_integer(meta, "min-age"),
        waiting_days=_integer(meta, "waiting-days"),
        on_death=on_death if isinstance(on_death, bool) else kind in ON_DEATH_KINDS,
        label=_text(meta, "label") or "",
        category=_text(meta, "category") or KIND_CATEGORIES.get(kind, "other"),
        meta=entry.meta,
    )
    return benefit, problems


def _benefit_meta(
    entry: data.Custom, kind: str, currency: str, problems: list[Problem]
) -> dict[str, object]:
    """A benefit line's keys and their values; unknown keys and bad values are problems."""
    meta: dict[str, object] = {}
    for key, value in entry.meta.items():
        if key in DIRECTIVE_KEYS or key.startswith("_"):
            continue
        rule = BENEFIT_KEYS.get(key)
        if rule is None:
            problems.append(benefit_unknown_key(entry, kind, key, BENEFIT_KEYS))
            continue
        converted = convert_value(rule, value, currency)
        if converted is None:
            problems.append(benefit_bad_value(entry, kind, rule, value))
            continue
        meta[key] = converted.number if isinstance(converted, Amount) else converted
    return meta


def _integer(meta: Mapping[str, object], key: str) -> int | None:
    value = meta.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _money(meta: Mapping[str, object], key: str) -> Decimal | None:
    value = meta.get(key)
    return value if isinstance(value, Decimal) else None


def _text(meta: Mapping[str, object], key: str) -> str | None:
    value = meta.get(key)
    return value if isinstance(value, str) else None


def build_benefits(benefits: Sequence[Benefit]) -> tuple[BenefitBook, list[Problem]]:
    """The book of benefits: lines of a kind on one date are its tiers."""
    problems: list[Problem] = []
    by_kind: dict[str, dict[datetime.date, list[Benefit]]] = defaultdict(dict)
    for benefit in benefits:
        tiers = by_kind[benefit.kind].setdefault(benefit.date, [])
        same = [tier for tier in tiers if tier.min_years == benefit.min_years]
        if same:
            problems.append(
                benefit_tier_duplicate(
                    benefit.meta, benefit.kind, benefit.min_years, benefit.date, same[0].meta
                )
            )
            continue
        tiers.append(benefit)
    versions = {}
    for kind, dated in by_kind.items():
        dates = tuple(sorted(dated))
        versions[kind] = (
            dates,
            tuple(tuple(sorted(dated[day], key=lambda b: b.min_years)) for day in dates),
        )
    return BenefitBook(versions), problems


def full_years(start: datetime.date, day: datetime.date) -> int:
    """Whole years from ``start`` to ``day`` (a 29 February start has its anniversary on 28th)."""
    years = day.year - start.year
    if (day.month, day.day) < (start.month, min(start.day, 28 if start.month == 2 else 31)):
        years -= 1
    return max(years, 0)


def anniversary(start: datetime.date, years: int) -> datetime.date:
    """``start`` plus ``years`` years (29 February falls on 28 February)."""
    if start.month == 2 and start.day == 29:
        return start.replace(year=start.year + years, day=28)
    return start.replace(year=start.year + years)


@record
class Allowance:
    """What the rules give a claim, and why."""

    amount: Decimal
    #: units counted (against max-units-per-year)
    units: Decimal
    how: tuple[Phrase, ...]


def allowance(
    tier: Benefit,
    *,
    tiers: int,
    units: Decimal | None,
    used_amount: Decimal,
    used_units: Decimal,
) -> Allowance:
    """What ``tier`` pays a claim, given what the member already got this year."""
    how: list[Phrase] = []
    if tiers > 1:
        how.append(
            phrase(N_("the tier for {years} or more years of membership"), years=tier.min_years)
        )
    counted = Decimal(0)
    if tier.per is not None:
        counted = _units(tier, units, used_units, how)
        amount = tier.amount * counted
        how.insert(
            0 if tiers == 1 else 1,
            phrase(
                N_("{units} {per} × {rate}"),
                units=counted,
                per=tier.per,
                rate=Amount(tier.amount, tier.currency),
            ),
        )
    else:
        amount = tier.amount
        if tiers == 1:
            how.append(phrase(N_("{amount} a claim"), amount=Amount(amount, tier.currency)))
    return Allowance(quantize_satang(_capped(tier, amount, used_amount, how)), counted, tuple(how))


def _units(tier: Benefit, units: Decimal | None, used_units: Decimal, how: list[Phrase]) -> Decimal:
    """The units of a claim paid per unit, within ``max-units-per-year``."""
    counted = units if units is not None else Decimal(0)
    if tier.max_units_per_year is not None:
        left = max(Decimal(tier.max_units_per_year) - used_units, Decimal(0))
        if counted > left:
            counted = left
            how.append(
                phrase(
                    N_("at most {most} {per} a year, {used} already paid"),
                    most=tier.max_units_per_year,
                    per=tier.per,
                    used=used_units,
                )
            )
    return counted


def _capped(tier: Benefit, amount: Decimal, used_amount: Decimal, how: list[Phrase]) -> Decimal:
    """``amount`` within ``max-per-claim`` and what is left of ``max-per-year``."""
    currency = tier.currency
    if tier.max_per_claim is not None and amount > tier.max_per_claim:
        amount = tier.max_per_claim
        how.append(phrase(N_("at most {cap} a claim"), cap=Amount(tier.max_per_claim, currency)))
    if tier.max_per_year is not None:
        left_money = max(tier.max_per_year - used_amount, Decimal(0))
        if amount > left_money:
            amount = left_money
            how.append(
                phrase(
                    N_("at most {cap} a year, {used} already paid"),
                    cap=Amount(tier.max_per_year, currency),
                    used=Amount(used_amount, currency),
                )
            )
    return amount
