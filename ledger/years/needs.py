"""What a load needs of the years layer, told from the fund alone and without importing it.

Every load runs kongtun's plugin, and most books use neither month closes nor year ends (a
welfare fund has no year end): the plugin imports :mod:`kongtun.ledger.years.year_end` and
:mod:`kongtun.ledger.years.closes` only for books that need them (importing them is about a
hundredth of a 10,000-transaction load). The names that tell live here, and the modules that
check them take them from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from kongtun.ledger.books.fund import Fund

#: a month close (docs/closes.md)
CLOSE_TYPE: Final = "period-close"
#: a meeting the assembly's report lists
MEETING_TYPE: Final = "meeting"
#: where the year's income and expenses are closed to
SURPLUS_ACCOUNT: Final = "Equity:Surplus"
#: every purpose the surplus can go to, in the order of the allocation table
PURPOSES: Final = (
    "reserve",
    "dividend",
    "interest-return",
    "welfare",
    "committee",
    "public-benefit",
    "education",
    "other",
)
#: purposes that may take a fixed amount (``allocate-PURPOSE-amount``)
FIXED_PURPOSES: Final = ("welfare", "committee", "public-benefit", "education", "other")
#: every key of the allocation rules (a rules directive that names one is checked)
ALLOCATION_KEYS: Final = frozenset(
    {
        "fiscal-year-end-month",
        "dividend-rate",
        "dividend-rate-max",
        "dividend-basis",
        "dividend-to-savings",
        "interest-return-rate",
        "reserve-min",
        "year-end-rounding",
        *(f"allocate-{purpose}" for purpose in PURPOSES),
        *(f"allocate-{purpose}-amount" for purpose in FIXED_PURPOSES),
    }
)


def has_year_end(fund: Fund) -> bool:
    """Whether the books use the year end at all (allocation rules, or a recorded year end)."""
    if SURPLUS_ACCOUNT in fund.opened:
        return True
    return any(ALLOCATION_KEYS & set(rules.values) for rules in fund.rules.versions)


def needs_year_end(fund: Fund) -> bool:
    """Whether the year end's checks have anything to check (meetings or the year end)."""
    return MEETING_TYPE in fund.customs or has_year_end(fund)


def needs_closes(fund: Fund) -> bool:
    """Whether the books record a month close."""
    return bool(fund.customs.get(CLOSE_TYPE))
