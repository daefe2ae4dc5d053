"""The year's surplus shared out (การจัดสรรกำไรสุทธิ): the allocation rules and the arithmetic.

Two shapes of rules, both dated ``custom "rules"`` keys (docs/ledger-language.md):

- **rates** — the assembly declares ``dividend-rate`` (% a year on shares, pro-rated by the
  months or days each baht was held) and ``interest-return-rate`` (% of the interest each
  borrower paid in the year); named funds take ``allocate-PURPOSE`` % of the surplus or
  ``allocate-PURPOSE-amount`` baht, and the reserve takes what is left, at least
  ``reserve-min`` %;
- **shares** — ``allocate-dividend`` and ``allocate-interest-return`` are % of the surplus, the
  dividend's rate capped by ``dividend-rate-max``; the pool is shared by share-months (or
  share-days) and by interest paid.

Every member's amount is rounded down (``year-end-rounding``: to the satang, or to the baht);
what rounding and the cap leave goes to the reserve, so the allocation adds up to the surplus
exactly. A loss (surplus 0 or below) allocates nothing: no dividend, no return; it stays in
the surplus account (:data:`SURPLUS_ACCOUNT`) for the assembly to cover.

Pure functions of numbers: :mod:`kongtun.ledger.years.year_end` reads them from the books.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import field
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from functools import cache
from types import MappingProxyType
from typing import Final, Literal

from kongtun.ledger.books.rules import FUND_LABEL, NAMED_FUND, Rules, RulesBook
from kongtun.ledger.i18n import N_, gettext
from kongtun.ledger.record import record
from kongtun.ledger.thai import SATANG
from kongtun.ledger.years.needs import FIXED_PURPOSES, PURPOSES

ZERO: Final = Decimal(0)
HUNDRED: Final = Decimal(100)
TWELVE: Final = Decimal(12)
Shape = Literal["rates", "shares"]

#: purposes paid to members one by one (the others go to one account each)
MEMBER_PURPOSES: Final = ("dividend", "interest-return")
PURPOSE_LABELS: Final[dict[str, str]] = {
    "reserve": N_("reserve fund"),
    "dividend": N_("dividend on shares"),
    "interest-return": N_("return on interest paid"),
    "welfare": N_("members' welfare fund"),
    "committee": N_("committee's bonus"),
    "public-benefit": N_("public benefit fund"),
    "education": N_("education fund"),
    "other": N_("other fund"),
}
#: the account each purpose is credited to (members' amounts: + ``:ID``)
PURPOSE_ACCOUNTS: Final[dict[str, str]] = {
    "reserve": "Equity:Reserve",
    "dividend": "Liabilities:Dividends",
    "interest-return": "Liabilities:InterestReturns",
    "welfare": "Equity:Funds:Welfare",
    "committee": "Liabilities:Bonus:Committee",
    "public-benefit": "Equity:Funds:PublicBenefit",
    "education": "Equity:Funds:Education",
    "other": "Equity:Funds:Other",
}


def purpose_account(purpose: str) -> str:
    """The account a purpose is credited to; a named fund's is ``Equity:Funds:Name``."""
    account = PURPOSE_ACCOUNTS.get(purpose)
    if account is not None:
        return account
    name = purpose.removeprefix("fund-")
    return "Equity:Funds:" + "".join(part.capitalize() for part in name.split("-"))


def purpose_label(purpose: str) -> str:
    """A purpose's label, as a catalog msgid (a named fund: its name, as the rules write it)."""
    return PURPOSE_LABELS.get(purpose, purpose.removeprefix("fund-"))


def purpose_names(purpose: str, rules: Rules) -> tuple[str, str]:
    """A purpose's name in Thai and in English: the catalog's; a named fund's Thai name is its
    ``fund-label-NAME`` rule (its NAME without one), its English name its NAME."""
    label = PURPOSE_LABELS.get(purpose)
    if label is not None:
        return gettext(label, "th"), gettext(label, "en")
    name = purpose.removeprefix("fund-")
    return rules.text(f"fund-label-{name}") or name, name


def named_fund_names(book: RulesBook, end: datetime.date) -> dict[str, tuple[str, str]]:
    """Each named fund's account (``Equity:Funds:Name``) -> its names in Thai and in English
    (:func:`purpose_names`), for every fund the rules in force up to ``end`` allocate to or
    label (``fund-label-NAME``); a later version's label wins."""
    names: dict[str, tuple[str, str]] = {}
    for day, rules in zip(book.dates, book.versions, strict=True):
        if day > end:
            break
        labelled = {
            f"fund-{match.group(1)}"
            for key in rules.values
            if (match := re.fullmatch(FUND_LABEL, key))
        }
        for purpose in sorted({*named_funds(rules), *labelled}):
            names[purpose_account(purpose)] = purpose_names(purpose, rules)
    return names


@record
class AllocationRules:
    """The allocation rules in force on the last day of a year."""

    shape: Shape
    #: % a year (rates), or None (shares: the rate follows from the pool)
    dividend_rate: Decimal | None
    dividend_rate_max: Decimal | None
    basis: Literal["month", "day"]
    to_savings: bool
    #: % of the interest paid (rates)
    return_rate: Decimal | None
    reserve_min: Decimal
    unit: Decimal
    #: purpose -> % of the surplus
    shares: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    #: purpose -> fixed amount
    amounts: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    #: the named funds (``fund-NAME``), after :data:`PURPOSES` in the allocation
    named: tuple[str, ...] = ()

    @property
    def purposes(self) -> tuple[str, ...]:
        return (*PURPOSES, *self.named)


def named_funds(rules: Rules) -> tuple[str, ...]:
    """The named funds the rules allocate to (``fund-NAME``), in the order of their names."""
    names = set()
    for key in rules.values:
        match = re.fullmatch(NAMED_FUND, key)
        if match is not None:
            names.add(f"fund-{match.group(1)}")
    return tuple(sorted(names))


def allocation_rules(rules: Rules) -> AllocationRules:
    """The allocation rules of ``rules``: shares when ``allocate-dividend`` or
    ``allocate-interest-return`` is set, rates otherwise."""
    named = named_funds(rules)
    purposes = (*PURPOSES, *named)
    shares = {p: v for p in purposes if (v := rules.number(f"allocate-{p}")) is not None}
    amounts: dict[str, Decimal] = {}
    for purpose in (*FIXED_PURPOSES, *named):
        fixed = rules.amount(f"allocate-{purpose}-amount")
        if fixed is not None and fixed.number is not None:
            amounts[purpose] = fixed.number
    shape: Shape = "shares" if any(p in shares for p in MEMBER_PURPOSES) else "rates"
    basis: Literal["month", "day"] = "day" if rules.text("dividend-basis") == "day" else "month"
    return AllocationRules(
        shape=shape,
        dividend_rate=rules.number("dividend-rate"),
        dividend_rate_max=rules.number("dividend-rate-max"),
        basis=basis,
        to_savings=rules.flag("dividend-to-savings"),
        return_rate=rules.number("interest-return-rate"),
        reserve_min=rules.number("reserve-min") or ZERO,
        unit=Decimal(1) if rules.text("year-end-rounding") == "baht" else SATANG,
        shares=MappingProxyType(shares),
        amounts=MappingProxyType(amounts),
        named=named,
    )


def fiscal_year(rules: Rules, year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of fiscal ``year`` (the Gregorian year it ends in), closing on
    the last day of ``fiscal-year-end-month`` (December by default)."""
    month = rules.integer("fiscal-year-end-month") or 12
    month = month if 1 <= month <= 12 else 12
    end = _month_end(year, month)
    start = _month_end(year - 1, month) + datetime.timedelta(days=1)
    return start, end


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


# -- share-months and share-days ---------------------------------------------------------------


def share_months(
    opening: Decimal,
    moves: Sequence[tuple[datetime.date, Decimal]],
    start: datetime.date,
    end: datetime.date,
) -> Decimal:
    """Baht-months of shares held from ``start`` to ``end`` (whole months): each month counts
    the least the member held at the end of any of its days — a share bought on the 1st earns
    that month, one bought later earns from the next month. ``opening``: held before
    ``start``; ``moves``: (day, change of the holding), in date order, inside the year."""
    total = ZERO
    balance = opening
    index, count = 0, len(moves)
    months = _months(start, end)
    for number, (month, following) in enumerate(months):
        if index == count:  # no move left: every month to the end holds the balance
            return total + max(balance, ZERO) * (len(months) - number)
        low = balance
        counted_first = False
        while index < count and moves[index][0] < following:
            day = moves[index][0]
            while index < count and moves[index][0] == day:
                balance += moves[index][1]
                index += 1
            if day == month and not counted_first:
                low = balance  # the first day's end: the opening of the month does not count
            counted_first = True
            low = min(low, balance)
        total += max(low, ZERO)
    return total


@cache
def _months(
    start: datetime.date, end: datetime.date
) -> tuple[tuple[datetime.date, datetime.date], ...]:
    """(first day, first day of the next) of every month from ``start`` to ``end``, worked out
    once for all the members of a year."""
    months = []
    month = start
    while month <= end:
        following = _next_month(month)
        months.append((month, following))
        month = following
    return tuple(months)


def share_days(
    opening: Decimal,
    moves: Sequence[tuple[datetime.date, Decimal]],
    start: datetime.date,
    end: datetime.date,
) -> Decimal:
    """Baht-days of shares held from ``start`` to ``end``: the sum over the days of what was
    held at the end of each (a share bought on a day earns from that day)."""
    total = ZERO
    balance = opening
    day = start
    for moved, change in [*moves, (end + datetime.timedelta(days=1), ZERO)]:
        total += max(balance, ZERO) * (moved - day).days
        balance += change
        day = moved
    return total


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


# -- the allocation ----------------------------------------------------------------------------


@record
class MemberYear:
    """What a member's share of the surplus is measured by."""

    member: str
    #: baht-months (basis "month") or baht-days (basis "day") of shares held
    weight: Decimal
    #: interest paid on loans in the year
    interest: Decimal


@record
class Allocation:
    """The surplus shared out: every purpose's amount, each member's, and what is short."""

    surplus: Decimal
    rules: AllocationRules
    #: purpose -> amount, in :data:`PURPOSES` order then the named funds (the reserve takes
    #: what is left)
    lines: Mapping[str, Decimal]
    dividends: Mapping[str, Decimal]
    returns: Mapping[str, Decimal]
    #: the dividend rate paid (% a year) and the return rate (% of interest), as applied
    dividend_rate: Decimal
    return_rate: Decimal
    reserve_min: Decimal
    #: how much more than the surplus the rules need (0 when they fit)
    short: Decimal

    @property
    def loss(self) -> bool:
        return self.surplus <= 0


def down(number: Decimal, unit: Decimal) -> Decimal:
    """``number`` rounded down to ``unit`` (a satang or a baht), kept to the satang."""
    return ((number / unit).to_integral_value(rounding=ROUND_DOWN) * unit).quantize(SATANG)


def _year_fraction(rules: AllocationRules, days: int) -> Decimal:
    """What one unit of weight is as a fraction of a year."""
    return Decimal(1) / (TWELVE if rules.basis == "month" else Decimal(days))


def allocate(
    surplus: Decimal, rules: AllocationRules, members: Sequence[MemberYear], days: int
) -> Allocation:
    """Share out ``surplus`` by ``rules`` among ``members`` (``days``: the year's length)."""
    unit = rules.unit
    reserve_min = (surplus * rules.reserve_min / HUNDRED).quantize(SATANG, rounding=ROUND_CEILING)
    if surplus <= 0:
        nothing = dict.fromkeys(rules.purposes, ZERO)
        return Allocation(surplus, rules, nothing, {}, {}, ZERO, ZERO, ZERO, ZERO)
    lines: dict[str, Decimal] = {}
    for purpose in rules.purposes[3:]:
        share = rules.shares.get(purpose, ZERO)
        lines[purpose] = down(surplus * share / HUNDRED, unit) + rules.amounts.get(purpose, ZERO)
    fraction = _year_fraction(rules, days)
    dividend_rate, return_rate = _rates(surplus, rules, members, fraction)
    dividends = {
        m.member: value
        for m in members
        if (value := down(dividend_rate / HUNDRED * m.weight * fraction, unit)) > 0
    }
    returns = _returns(surplus, rules, members, return_rate)
    lines["dividend"] = sum(dividends.values(), ZERO)
    lines["interest-return"] = sum(returns.values(), ZERO)
    taken = sum(lines.values(), ZERO)
    reserve = surplus - taken
    short = max(reserve_min - reserve, ZERO)
    ordered = {purpose: lines.get(purpose, reserve) for purpose in rules.purposes}
    return Allocation(
        surplus,
        rules,
        MappingProxyType(ordered),
        MappingProxyType(dividends),
        MappingProxyType(returns),
        dividend_rate,
        return_rate,
        reserve_min,
        short,
    )


def _rates(
    surplus: Decimal, rules: AllocationRules, members: Sequence[MemberYear], fraction: Decimal
) -> tuple[Decimal, Decimal]:
    """The dividend rate (% a year) and the return rate (% of interest) to apply."""
    if rules.shape == "rates":
        return rules.dividend_rate or ZERO, rules.return_rate or ZERO
    held = sum((m.weight for m in members), ZERO) * fraction  # baht-years
    pool = down(surplus * rules.shares.get("dividend", ZERO) / HUNDRED, rules.unit)
    rate = pool * HUNDRED / held if held > 0 else ZERO
    if rules.dividend_rate_max is not None:
        rate = min(rate, rules.dividend_rate_max)
    return rate, ZERO


def _returns(
    surplus: Decimal, rules: AllocationRules, members: Sequence[MemberYear], rate: Decimal
) -> dict[str, Decimal]:
    """Each borrower's return on the interest they paid."""
    unit = rules.unit
    if rules.shape == "rates":
        amounts = {m.member: rate / HUNDRED * m.interest for m in members}
    else:
        paid = sum((m.interest for m in members), ZERO)
        pool = down(surplus * rules.shares.get("interest-return", ZERO) / HUNDRED, unit)
        amounts = {m.member: pool * m.interest / paid if paid > 0 else ZERO for m in members}
    return {member: value for member, raw in amounts.items() if (value := down(raw, unit)) > 0}
