"""Provisions for doubtful loans (ค่าเผื่อหนี้สงสัยจะสูญ): the allowance the rules require.

The rules in force on a day give a provision rate, % of the principal outstanding, for each
ageing band — a loan more than 30, 90, 180 or 365 days past due:

    2024-01-01 custom "rules" "ระเบียบ 2567"
      provision-30: 10
      provision-90: 25
      provision-180: 50
      provision-365: 100

On a day, each member loan with principal outstanding needs the rate of the highest band it is
past (none: nothing), on its principal outstanding, rounded to the satang; the allowance is
their sum. It is recorded as the balance (a credit) of ``Assets:Allowance:Loans``, raised or
lowered by a transaction with ``provision:`` metadata against ``Expenses:BadDebts``:

    2024-12-31 * "ตั้งค่าเผื่อหนี้สงสัยจะสูญ"
      provision: TRUE
      Expenses:BadDebts         1250.00 THB
      Assets:Allowance:Loans   -1250.00 THB

``kongtun provision LEDGER --date D [--write]`` computes it (and appends the entry). At the end
of the day of each ``provision:`` entry, the allowance (with the write-offs against it) must
be what the rules give that day (``loan-provision-mismatch``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from kongtun.ledger.books.rules import Rules
from kongtun.ledger.loans.book import ALLOWANCE, Loan
from kongtun.ledger.loans.schedule import ZERO, satang
from kongtun.ledger.record import record

#: the expense a provision is charged to (and a write-off with no allowance)
BAD_DEBTS: Final = "Expenses:BadDebts"
#: days past due -> the rule key of its band's rate
BANDS: Final[tuple[tuple[int, str], ...]] = (
    (365, "provision-365"),
    (180, "provision-180"),
    (90, "provision-90"),
    (30, "provision-30"),
)


@record
class ProvisionLine:
    """One loan's share of the allowance on a day."""

    loan: Loan
    outstanding: Decimal
    days_past_due: int
    #: the band the loan is past (days), 0 for none, and its rate (% of outstanding)
    band: int
    rate: Decimal
    required: Decimal


@record
class Provision:
    """The allowance the rules require on ``day``, loan by loan, and the one recorded."""

    day: datetime.date
    rules: str
    lines: tuple[ProvisionLine, ...]
    #: the allowance recorded at the end of the day (the credit balance, positive)
    recorded: Decimal

    @property
    def required(self) -> Decimal:
        return sum((line.required for line in self.lines), ZERO)

    @property
    def change(self) -> Decimal:
        """What an entry that day must add to the allowance (negative: release)."""
        return self.required - self.recorded


def band_of(days_past_due: int, rules: Rules) -> tuple[int, Decimal]:
    """The highest band (days) a loan ``days_past_due`` is past that the rules give a rate,
    and the rate; (0, 0) when none."""
    for days, key in BANDS:
        rate = rules.number(key)
        if days_past_due > days and rate is not None:
            return days, rate
    return 0, ZERO


def rates_set(rules: Rules) -> bool:
    """Whether ``rules`` give a provision rate for any ageing band."""
    return any(rules.number(key) is not None for _, key in BANDS)


def recorded_on(postings: Sequence[tuple[datetime.date, Decimal]], day: datetime.date) -> Decimal:
    """The allowance recorded at the end of ``day`` (postings to it: their day and amount)."""
    return -sum((amount for when, amount in postings if when <= day), ZERO)


def provision(
    loans: Sequence[Loan],
    rules: Rules,
    day: datetime.date,
    postings: Sequence[tuple[datetime.date, Decimal]],
) -> Provision:
    """The allowance ``rules`` require on ``day`` for the member ``loans``."""
    lines = []
    for loan in loans:
        if loan.kind != "member" or loan.date > day:
            continue
        state = loan.state(day)
        if state.outstanding <= 0:
            continue
        band, rate = band_of(state.days_past_due, rules)
        required = satang(state.outstanding * rate / 100)
        lines.append(
            ProvisionLine(loan, state.outstanding, state.days_past_due, band, rate, required)
        )
    lines.sort(key=lambda line: (-line.days_past_due, line.loan.id))
    return Provision(day, rules.title, tuple(lines), recorded_on(postings, day))


def provision_entry(found: Provision) -> str:
    """The transaction (ledger text) that changes the allowance to what the rules require on
    ``found.day`` (what ``kongtun provision --write`` appends and the demo records)."""
    change = found.change
    return (
        f'{found.day} * "ค่าเผื่อหนี้สงสัยจะสูญ ณ {found.day}"\n'
        "  provision: TRUE\n"
        f"  {BAD_DEBTS}  {change:.2f} THB\n"
        f"  {ALLOWANCE}  {-change:.2f} THB\n"
    )
