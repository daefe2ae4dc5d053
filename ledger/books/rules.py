"""The fund's rules (ระเบียบ), written in the ledger as dated ``custom "rules"`` directives.

    2024-01-01 custom "rules" "ระเบียบกลุ่ม พ.ศ. 2567"
      savings-monthly-min: 100 THB
      savings-withdrawal-allowed: FALSE

A later ``rules`` directive amends the rules from its date on: the keys it names take their
new value, the others stay as they were. ``replace: TRUE`` starts a whole new rule book
instead. The rules in force on a day are the result of every ``rules`` directive dated on or
before it. The directives are read by :func:`kongtun.ledger.books.fund.parse_rules`.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, Literal

from beancount.core.amount import Amount

from kongtun.ledger.i18n import N_
from kongtun.ledger.record import record

RuleType = Literal["amount", "decimal", "integer", "bool", "choice", "text", "month"]
RuleValue = Amount | Decimal | int | bool | str

#: What each type of rule value looks like, for messages.
EXPECTED: Final[dict[RuleType, str]] = {
    "amount": N_("an amount in baht such as 100 THB"),
    "decimal": N_("a number that is not negative, such as 3 or 1.5"),
    "integer": N_("a whole number that is not negative, such as 2"),
    "bool": N_("TRUE or FALSE"),
    "choice": N_("one of: {choices}"),
    "text": N_('a text in double quotes, such as "night"'),
    "month": N_("a month's number, 1 to 12"),
}


@record
class RuleKey:
    """One rule a fund can set: its key, the type of its value and an example line."""

    key: str
    type: RuleType
    example: str
    #: the allowed values of a "choice" rule
    choices: tuple[str, ...] = ()


#: Every rule key kongtun knows. Documented in docs/ledger-language.md.
RULE_KEYS: Final[dict[str, RuleKey]] = {
    rule.key: rule
    for rule in (
        RuleKey("savings-monthly-min", "amount", "savings-monthly-min: 100 THB"),
        RuleKey("savings-withdrawal-allowed", "bool", "savings-withdrawal-allowed: TRUE"),
        # loans (kongtun.ledger.loans.book)
        RuleKey("loan-max-multiple", "decimal", "loan-max-multiple: 3"),
        RuleKey("loan-max-amount", "amount", "loan-max-amount: 50000 THB"),
        RuleKey("loan-rate-max", "decimal", "loan-rate-max: 12"),
        RuleKey("guarantors-above", "amount", "guarantors-above: 20000 THB"),
        RuleKey("guarantors-min", "integer", "guarantors-min: 2"),
        RuleKey("loans-max-open", "integer", "loans-max-open: 1"),
        RuleKey("fine-late-installment", "amount", "fine-late-installment: 20 THB"),
        RuleKey("late-interest-rate", "decimal", "late-interest-rate: 5"),
        RuleKey("restructure-max-months", "integer", "restructure-max-months: 60"),
        RuleKey("restructured-at-risk-months", "integer", "restructured-at-risk-months: 6"),
        RuleKey("provision-30", "decimal", "provision-30: 10"),
        RuleKey("provision-90", "decimal", "provision-90: 25"),
        RuleKey("provision-180", "decimal", "provision-180: 50"),
        RuleKey("provision-365", "decimal", "provision-365: 100"),
        # welfare funds (kongtun.ledger.welfare.contributions, benefits, welfare)
        RuleKey("contribution", "amount", "contribution: 30 THB"),
        RuleKey("contribution-period", "choice", 'contribution-period: "month"', ("month", "year")),
        RuleKey("lapse-after-missed", "integer", "lapse-after-missed: 3"),
        RuleKey("lapse-after-days", "integer", "lapse-after-days: 90"),
        RuleKey("waiting-days", "integer", "waiting-days: 180"),
        RuleKey("rejoin", "bool", "rejoin: TRUE"),
        RuleKey("admin-max-share", "decimal", "admin-max-share: 20"),
        RuleKey("matching-min-years", "integer", "matching-min-years: 1"),
        RuleKey("matching-max-times", "integer", "matching-max-times: 3"),
        RuleKey("matching-cutoff-inclusive", "bool", "matching-cutoff-inclusive: TRUE"),
        # the year end: surplus allocation (kongtun.ledger.years.allocation)
        RuleKey("fiscal-year-end-month", "month", "fiscal-year-end-month: 12"),
        RuleKey("dividend-rate", "decimal", "dividend-rate: 4.2"),
        RuleKey("dividend-rate-max", "decimal", "dividend-rate-max: 10"),
        RuleKey("dividend-basis", "choice", 'dividend-basis: "month"', ("month", "day")),
        RuleKey("dividend-to-savings", "bool", "dividend-to-savings: TRUE"),
        RuleKey("interest-return-rate", "decimal", "interest-return-rate: 12"),
        RuleKey("reserve-min", "decimal", "reserve-min: 10"),
        RuleKey("year-end-rounding", "choice", 'year-end-rounding: "satang"', ("satang", "baht")),
        *(
            RuleKey(f"allocate-{purpose}", "decimal", f"allocate-{purpose}: 10")
            for purpose in (
                "reserve",
                "dividend",
                "interest-return",
                "welfare",
                "committee",
                "public-benefit",
                "education",
                "other",
            )
        ),
        *(
            RuleKey(f"allocate-{purpose}-amount", "amount", f"allocate-{purpose}-amount: 1000 THB")
            for purpose in ("welfare", "committee", "public-benefit", "education", "other")
        ),
        # the auditor's workpaper (kongtun.ledger.audit.people; docs/audit.md)
        RuleKey("audit-round-sum", "amount", "audit-round-sum: 1000 THB"),
        RuleKey("audit-large-expense", "amount", "audit-large-expense: 10000 THB"),
    )
}

#: A named fund of the year end's allocation (docs/year-end.md): ``allocate-fund-NAME`` (% of
#: the surplus) or ``allocate-fund-NAME-amount`` (a fixed amount); NAME in lower case. The
#: patterns are compiled on first use (:mod:`re`'s cache): most books name no fund.
NAMED_FUND: Final = r"allocate-fund-([a-z][a-z0-9]*(?:-[a-z0-9]+)*?)(-amount)?"
#: A named fund's Thai name for reports: ``fund-label-NAME: "กองทุนบำรุงวัด"``
FUND_LABEL: Final = r"fund-label-([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"


def rule_key(key: str) -> RuleKey | None:
    """The rule ``key`` names: one of :data:`RULE_KEYS`, or a named fund's share or amount."""
    rule = RULE_KEYS.get(key)
    if rule is not None:
        return rule
    if re.fullmatch(FUND_LABEL, key):
        return RuleKey(key, "text", f'{key}: "กองทุนบำรุงวัด"')
    match = re.fullmatch(NAMED_FUND, key)
    if match is None:
        return None
    if match.group(2):
        return RuleKey(key, "amount", f"{key}: 10000 THB")
    return RuleKey(key, "decimal", f"{key}: 2")


#: Metadata of a rules directive that is not a rule.
DIRECTIVE_KEYS: Final = frozenset({"filename", "lineno", "replace"})


@record
class RulesVersion:
    """One ``custom "rules"`` directive: what it sets, from which day."""

    date: datetime.date
    title: str
    values: Mapping[str, RuleValue]
    replace: bool
    meta: Mapping[str, Any]


@record
class Rules:
    """The rules in force on a day."""

    title: str
    values: Mapping[str, RuleValue] = field(default_factory=lambda: MappingProxyType({}))

    def amount(self, key: str) -> Amount | None:
        value = self.values.get(key)
        return value if isinstance(value, Amount) else None

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.values.get(key)
        return value if isinstance(value, bool) else default

    def integer(self, key: str) -> int | None:
        value = self.values.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def decimal(self, key: str) -> Decimal | None:
        value = self.values.get(key)
        return value if isinstance(value, Decimal) else None

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        return value if isinstance(value, str) else None

    def number(self, key: str) -> Decimal | None:
        """A decimal or integer rule's value (None when the rules do not set it)."""
        value = self.values.get(key)
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            return None
        return Decimal(value)


NO_RULES: Final = Rules(title="")


@record
class RulesBook:
    """Every version of the rules, in date order, each merged with those before it."""

    dates: tuple[datetime.date, ...] = ()
    versions: tuple[Rules, ...] = ()

    def on(self, day: datetime.date) -> Rules:
        """The rules in force on ``day`` (no rules before the first version)."""
        index = bisect.bisect_right(self.dates, day)
        return self.versions[index - 1] if index else NO_RULES


def build_book(versions: Iterable[RulesVersion]) -> RulesBook:
    """Merge dated versions into the book (amendments carry the earlier values)."""
    dates: list[datetime.date] = []
    merged: list[Rules] = []
    current: dict[str, RuleValue] = {}
    for version in sorted(versions, key=lambda v: v.date):
        current = dict(version.values) if version.replace else {**current, **version.values}
        rules = Rules(version.title, MappingProxyType(dict(current)))
        if dates and dates[-1] == version.date:
            merged[-1] = rules
        else:
            dates.append(version.date)
            merged.append(rules)
    return RulesBook(tuple(dates), tuple(merged))


def convert_value(rule: RuleKey, value: object, currency: str) -> RuleValue | None:
    """The value of ``rule`` as kongtun keeps it, or None when it has the wrong type."""
    if rule.type in ("bool", "choice", "text"):
        fits = (
            isinstance(value, bool)
            if rule.type == "bool"
            else isinstance(value, str)
            and (value in rule.choices if rule.type == "choice" else bool(value.strip()))
        )
        return value if fits and isinstance(value, (bool, str)) else None
    if rule.type == "amount":
        if (
            isinstance(value, Amount)
            and value.currency == currency
            and value.number is not None
            and value.number >= 0
        ):
            return value
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal) or value < 0:
        return None
    if rule.type in ("integer", "month"):
        whole = value == value.to_integral_value()
        fits = whole and (rule.type == "integer" or 1 <= value <= 12)
        return int(value) if fits else None
    return value
