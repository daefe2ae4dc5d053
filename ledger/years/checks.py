"""The rules of a chain of years, one small function per rule id: a year's file opens with
what the previous year's file closed with (see :mod:`kongtun.ledger.years.carry`).

Each function is named after its rule id and returns the
:class:`~kongtun.ledger.problems.Problem`, or None when the rule holds;
:func:`kongtun.ledger.years.carry.verify_link` calls them for one link of the chain, and
:data:`CHECKS` lists them for :mod:`kongtun.ledger.registry`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.accounts import MEMBER_ID
from kongtun.ledger.books.fund import OPENING_KEY
from kongtun.ledger.books.rules import Rules
from kongtun.ledger.i18n import N_
from kongtun.ledger.loans.provision import Provision
from kongtun.ledger.problems import Msg, Phrase, Problem, phrase, problem, where


def carry_opening_missing(new_file: str, openings: Sequence[data.Transaction]) -> Problem | None:
    """A year's file without exactly one opening transaction (``openings``: those it has)."""
    if len(openings) == 1:
        return None
    top = {"filename": new_file, "lineno": 1}
    return problem("carry-opening-missing", top, count=len(openings))


def carry_digest_mismatch(
    opening: data.Transaction, carried: object, digest: str
) -> Problem | None:
    """The previous year's file changed after it was carried: its ``digest`` now is not the
    one the opening recorded (``carried``)."""
    if carried == digest:
        return None
    return problem(
        "carry-digest-mismatch",
        opening.meta,
        opening,
        source=str(opening.meta.get(OPENING_KEY)),
        carried=str(carried),
        digest=digest,
    )


def carry_balance_mismatch(
    opening: data.Transaction, account: str, closed: Amount, opened: Amount
) -> Problem | None:
    """An account opens the year with another balance than it closed the previous one."""
    if closed == opened:
        return None
    return problem(
        "carry-balance-mismatch",
        opening.meta,
        opening,
        account=account,
        opened=opened,
        closed=closed,
    )


# -- the year end: the allocation rules, called by kongtun.ledger.years.year_end -----------------
# (appended in one block: see the year-end section of docs/rules.md)

_HUNDRED = Decimal(100)


def _percentages(rules: Rules) -> dict[str, Decimal]:
    """purpose -> % of the surplus, for every ``allocate-PURPOSE`` rule set."""
    out: dict[str, Decimal] = {}
    for key in rules.values:
        if key.startswith("allocate-") and not key.endswith("-amount"):
            number = rules.number(key)
            if number is not None:
                out[key.removeprefix("allocate-")] = number
    return out


def allocation_over_100(entry: data.Custom, rules: Rules) -> Problem | None:
    """The ``allocate-…`` percentages add up to more than the whole surplus."""
    total = sum(_percentages(rules).values(), Decimal(0))
    if total <= _HUNDRED:
        return None
    return problem("allocation-over-100", entry.meta, entry, total=total)


def allocation_reserve_below_min(entry: data.Custom, rules: Rules) -> Problem | None:
    """The reserve's share (set, or what the other shares leave) is below ``reserve-min``."""
    minimum = rules.number("reserve-min")
    shares = _percentages(rules)
    if minimum is None or not shares:
        return None
    left = _HUNDRED - sum((v for k, v in shares.items() if k != "reserve"), Decimal(0))
    reserve = min(shares.get("reserve", left), left)
    if reserve >= minimum or left < 0:
        return None
    return problem(
        "allocation-reserve-below-min",
        entry.meta,
        entry,
        reserve=max(reserve, Decimal(0)),
        minimum=minimum,
    )


def allocation_dividend_over_cap(entry: data.Custom, rules: Rules) -> Problem | None:
    """``dividend-rate`` above ``dividend-rate-max``."""
    rate, cap = rules.number("dividend-rate"), rules.number("dividend-rate-max")
    if rate is None or cap is None or rate <= cap:
        return None
    return problem("allocation-dividend-over-cap", entry.meta, entry, rate=rate, cap=cap)


def allocation_shapes_mixed(entry: data.Custom, rules: Rules) -> Problem | None:
    """A dividend (or return) given both as a rate and as a share of the surplus."""
    for rate_key, share_key in (
        ("dividend-rate", "allocate-dividend"),
        ("interest-return-rate", "allocate-interest-return"),
    ):
        if rate_key in rules.values and share_key in rules.values:
            return problem(
                "allocation-shapes-mixed",
                entry.meta,
                entry,
                rate_key=rate_key,
                share_key=share_key,
            )
    return None


#: the checks of a rules directive that sets allocation keys, in order
ALLOCATION_CHECKS: Final[tuple[Callable[[data.Custom, Rules], Problem | None], ...]] = (
    allocation_over_100,
    allocation_reserve_below_min,
    allocation_dividend_over_cap,
    allocation_shapes_mixed,
)


# -- the year end: what is recorded ------------------------------------------------------------


def year_end_duplicate(
    entry: data.Transaction, year: str, first: data.Transaction | None
) -> Problem | None:
    """A year's year-end step recorded a second time."""
    if first is None:
        return None
    return problem(
        "year-end-duplicate",
        entry.meta,
        entry,
        year=year,
        step=str(entry.meta.get("year-end-step", "")),
        first=where(first.meta),
    )


def year_end_surplus_short(entry: data.Transaction, year: str, allocation: Any) -> Problem | None:
    """The rates and fixed amounts need more than the surplus (the reserve below its
    minimum); ``allocation``: a :class:`kongtun.ledger.years.allocation.Allocation`."""
    if allocation.short <= 0:
        return None
    lines = allocation.lines
    return problem(
        "year-end-surplus-short",
        entry.meta,
        entry,
        year=year,
        surplus=_baht(allocation.surplus),
        reserve=_baht(lines["reserve"]),
        minimum=_baht(allocation.reserve_min),
        short=_baht(allocation.short),
    )


def year_end_mismatch(
    entry: data.Transaction,
    year: str,
    account: str,
    *,
    recorded: Decimal,
    expected: Decimal,
    day: datetime.date,
) -> Problem | None:
    """A recorded year end posts another amount to an account than the rules give."""
    if recorded == expected:
        return None
    owner = account.rpartition(":")[2]
    who = phrase(N_("member {member}"), member=owner) if _member_id(owner) else Msg(N_("the fund"))
    return problem(
        "year-end-mismatch",
        entry.meta,
        entry,
        year=year,
        account=account,
        who=who,
        recorded=_baht(-recorded),
        expected=_baht(-expected),
        date=day,
    )


def year_end_provision_mismatch(
    entry: data.Transaction, year: str, found: Provision
) -> Problem | None:
    """The year end is recorded while the allowance for doubtful loans on the year's last day
    (``found``, :func:`kongtun.ledger.loans.provision.provision`) is not what the rules give:
    the surplus it shares out is not the year's."""
    if not found.change:
        return None
    return problem(
        "year-end-provision-mismatch",
        entry.meta,
        entry,
        year=year,
        date=found.day,
        recorded=_baht(found.recorded),
        required=_baht(found.required),
    )


def dividend_overpaid(entry: data.Transaction, account: str, balance: Amount) -> Problem | None:
    """A dividend or return paid out beyond what the year end allocated (paid twice)."""
    if balance.number is None or balance.number <= 0:
        return None
    return problem("dividend-overpaid", entry.meta, entry, account=account, over=balance)


def _baht(number: Decimal) -> Amount:
    return Amount(number, "THB")


def _member_id(text: str) -> bool:
    return MEMBER_ID.fullmatch(text) is not None and any(char.isdigit() for char in text)


def _close_where(close: data.Custom) -> str:
    return f"{close.meta.get('filename')}:{close.meta.get('lineno')}"


def period_close_malformed(close: data.Custom) -> Problem:
    """A ``custom "period-close"`` not as ``kongtun close`` writes it (one ``sha256:`` digest,
    on the last day of a month, ``previous:`` a digest too)."""
    return problem("period-close-malformed", close.meta, close, date=close.date)


def closed_period_changed(
    close: data.Custom, at: data.Directive, day: datetime.date, change: Phrase | None
) -> Problem:
    """The books of ``day`` (or of its month) are not what ``close`` closed; ``at`` is the
    first entry that differs (the close itself when the day has no entries now) and
    ``change`` what changed (None: the day's entries are all gone)."""
    digest = close.values[0].value if close.values else ""
    if change is None:
        change = phrase(N_("the entries of that day are no longer in the books"))
    return problem(
        "closed-period-changed",
        at.meta,
        at,
        day=day,
        closed=close.date,
        close=_close_where(close),
        digest=str(digest)[:23],
        change=change,
    )


def closed_period_entry(close: data.Custom, entry: data.Directive) -> Problem:
    """``entry`` is dated inside the month ``close`` closed, on a day that had no entries."""
    return problem(
        "closed-period-entry",
        entry.meta,
        entry,
        date=entry.date,
        closed=close.date,
        close=_close_where(close),
    )


def closed_period_chain(
    close: data.Custom, previous: str | None, expected: str | None, same_month: bool
) -> Problem | None:
    """``close`` does not name the close before it (or the last close of the year the books
    were carried from, ``expected``) as its ``previous``; or closes a month closed already."""
    if previous == expected and not same_month:
        return None
    return problem(
        "closed-period-chain",
        close.meta,
        close,
        closed=close.date,
        previous=previous or "-",
        expected=expected or "-",
    )


def carry_close_mismatch(
    opening: data.Transaction, carried: object, last: str | None
) -> Problem | None:
    """The opening does not record the last month close of the previous year's file as its
    ``carried-close`` (``last``: that close's digest, None when the file has no closes)."""
    if (carried if isinstance(carried, str) else None) == last:
        return None
    return problem(
        "carry-close-mismatch",
        opening.meta,
        opening,
        source=str(opening.meta.get(OPENING_KEY)),
        carried=str(carried) if carried is not None else "-",
        last=last or "-",
    )


def meeting_malformed(entry: data.Custom, key: str, value: object) -> Problem:
    """A ``custom "meeting"`` whose ``key`` (its title, kind, attendance or a resolution) is
    not as a meeting writes it (see :mod:`kongtun.ledger.years.meetings`)."""
    shown = value if isinstance(value, str) else str(value)
    return problem("meeting-malformed", entry.meta, entry, date=entry.date, key=key, value=shown)


def year_end_cover_over(
    entry: data.Transaction,
    year: str,
    *,
    covered: Decimal,
    loss: Decimal,
    reserve: Decimal,
) -> Problem | None:
    """A recorded ``cover`` step moves more into ``Equity:Surplus`` than the loss to cover
    (the year's loss with what was carried into it) or than the reserve holds on its day
    (before the cover)."""
    if covered <= min(loss, reserve):
        return None
    return problem(
        "year-end-cover-over",
        entry.meta,
        entry,
        year=year,
        covered=_baht(covered),
        date=entry.date,
        loss=_baht(loss),
        reserve=_baht(reserve),
        limit=_baht(min(loss, reserve)),
    )


#: rule id -> the function that raises it (see :mod:`kongtun.ledger.registry`)
CHECKS: Final[dict[str, Callable[..., object]]] = {
    "carry-opening-missing": carry_opening_missing,
    "carry-digest-mismatch": carry_digest_mismatch,
    "carry-balance-mismatch": carry_balance_mismatch,
    "allocation-over-100": allocation_over_100,
    "allocation-reserve-below-min": allocation_reserve_below_min,
    "allocation-dividend-over-cap": allocation_dividend_over_cap,
    "allocation-shapes-mixed": allocation_shapes_mixed,
    "year-end-duplicate": year_end_duplicate,
    "year-end-surplus-short": year_end_surplus_short,
    "year-end-mismatch": year_end_mismatch,
    "dividend-overpaid": dividend_overpaid,
    "period-close-malformed": period_close_malformed,
    "closed-period-changed": closed_period_changed,
    "closed-period-entry": closed_period_entry,
    "closed-period-chain": closed_period_chain,
    "carry-close-mismatch": carry_close_mismatch,
    "meeting-malformed": meeting_malformed,
    "year-end-provision-mismatch": year_end_provision_mismatch,
    "year-end-cover-over": year_end_cover_over,
}
