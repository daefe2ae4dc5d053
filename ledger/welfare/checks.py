"""A welfare fund's rules, one small check per rule id (docs/rules.md, "Welfare").

Each function is named after the rule id it raises (``claim-waiting`` -> :func:`claim_waiting`)
and is called by the welfare pass where the event happens: the standings walk
(:mod:`kongtun.ledger.welfare.contributions`: contributions and rejoins), the benefit lines
(:mod:`kongtun.ledger.welfare.benefits`), and the claims, matching rounds and administration
costs (:mod:`kongtun.ledger.welfare.book`). A check gets plain values — the entry, the member,
the day and the figures the pass has — and returns a :class:`~kongtun.ledger.problems.Problem`
when the rule is broken, else None. The checks of what a reader cannot read or match —
``benefit-malformed``, ``benefit-unknown-key``, ``benefit-bad-value``,
``benefit-tier-duplicate``, ``claim-malformed``, ``claim-member-unknown``,
``claim-benefit-unknown``, ``claim-not-member``, ``claim-birth-date-missing`` and
``matching-malformed`` — are called when the reader finds it, and return the problem.
:data:`CHECKS` lists them all (the rule registry merges it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.fund import ZERO, Member
from kongtun.ledger.books.rules import EXPECTED, RuleKey, Rules, RulesBook
from kongtun.ledger.i18n import N_
from kongtun.ledger.problems import Msg, Phrase, Problem, phrase, problem, where
from kongtun.ledger.thai import quantize_satang

# -- contributions and rejoining (the standings walk) ----------------------------------------


def contribution_while_lapsed(
    entry: data.Transaction,
    member: Member,
    *,
    lapsed: datetime.date,
    day: datetime.date,
    amount: Decimal,
    currency: str,
) -> Problem | None:
    """Money paid by a lapsed member before leaving (after the exit it is the payout's)."""
    if member.exited is not None and day > member.exited:
        return None
    return problem(
        "contribution-while-lapsed",
        entry.meta,
        entry,
        member=member.id,
        lapsed=lapsed,
        date=day,
        amount=Amount(amount, currency),
    )


def rejoin_unknown(entry: data.Custom, member_id: object, member: Member | None) -> Problem | None:
    """A ``member-rejoin`` of no declared member, or of one who has left."""
    if member is not None and (member.exited is None or entry.date <= member.exited):
        return None
    return problem("rejoin-unknown", entry.meta, entry, member=str(member_id or ""))


def rejoin_not_lapsed(
    entry: data.Custom, member_id: str, lapsed: datetime.date | None
) -> Problem | None:
    """A ``member-rejoin`` of a member whose spell has not lapsed."""
    if lapsed is not None:
        return None
    return problem("rejoin-not-lapsed", entry.meta, entry, member=member_id, date=entry.date)


def rejoin_not_allowed(
    entry: data.Custom, member_id: str, lapsed: datetime.date, rules: Rules
) -> Problem | None:
    """A ``member-rejoin`` when the rules in force do not set ``rejoin: TRUE``."""
    if rules.flag("rejoin"):
        return None
    return problem(
        "rejoin-not-allowed", entry.meta, entry, member=member_id, lapsed=lapsed, rules=rules.title
    )


# -- benefit lines --------------------------------------------------------------------------


def benefit_malformed(entry: data.Custom, currency: str) -> Problem:
    """A benefit line without a lower-case kind and an amount in the fund's currency."""
    return problem("benefit-malformed", entry.meta, entry, currency=currency)


def benefit_unknown_key(entry: data.Custom, kind: str, key: str, known: Iterable[str]) -> Problem:
    """A key a benefit line does not know."""
    return problem(
        "benefit-unknown-key", entry.meta, entry, kind=kind, key=key, known=sorted(known)
    )


def benefit_bad_value(entry: data.Custom, kind: str, rule: RuleKey, value: object) -> Problem:
    """A benefit line's key with a value of the wrong type."""
    return problem(
        "benefit-bad-value",
        entry.meta,
        entry,
        kind=kind,
        key=rule.key,
        expected=phrase(EXPECTED[rule.type], choices=list(rule.choices)),
        value=f'"{value}"' if isinstance(value, str) else str(value),
        example=rule.example,
    )


def benefit_tier_duplicate(
    meta: Mapping[str, Any], kind: str, years: int, day: datetime.date, first: Mapping[str, Any]
) -> Problem:
    """A second line of one kind, day and ``min-years:`` (``first`` is the earlier one)."""
    return problem(
        "benefit-tier-duplicate", meta, None, kind=kind, years=years, date=day, first=where(first)
    )


# -- claims ---------------------------------------------------------------------------------


def claim_malformed(entry: data.Transaction) -> Problem:
    """A benefit payment without ``member:``, ``benefit:`` or an amount to Expenses:Welfare."""
    return problem("claim-malformed", entry.meta, entry)


def claim_member_unknown(entry: data.Transaction, member_id: str, kind: str) -> Problem:
    """A benefit paid to someone who is not a declared member."""
    return problem("claim-member-unknown", entry.meta, entry, member=member_id, benefit=kind)


def claim_benefit_unknown(entry: data.Transaction, kind: str, known: list[str]) -> Problem:
    """A benefit kind with no benefit line in force on the claim's day."""
    return problem(
        "claim-benefit-unknown",
        entry.meta,
        entry,
        benefit=kind,
        date=entry.date,
        known=known or [Msg(N_("none"))],
    )


def claim_beneficiary_missing(
    entry: data.Transaction, member_id: str, kind: str, *, on_death: bool
) -> Problem | None:
    """A benefit paid on death that names no one to receive it."""
    beneficiary = entry.meta.get("beneficiary")
    if not on_death or (isinstance(beneficiary, str) and beneficiary.strip()):
        return None
    return problem("claim-beneficiary-missing", entry.meta, entry, member=member_id, benefit=kind)


def claim_death_no_exit(
    entry: data.Transaction, member: Member, kind: str, *, on_death: bool
) -> Problem | None:
    """A benefit paid on the death of a member who has not left the fund."""
    if not on_death or member.exited is not None:
        return None
    return problem("claim-death-no-exit", entry.meta, entry, member=member.id, benefit=kind)


def claim_member_left(
    entry: data.Transaction, member: Member, kind: str, *, on_death: bool
) -> Problem | None:
    """A benefit not paid on death, paid after the member left."""
    if on_death or member.exited is None or entry.date <= member.exited:
        return None
    return problem(
        "claim-member-left",
        entry.meta,
        entry,
        member=member.id,
        benefit=kind,
        exited=member.exited,
    )


def claim_not_member(entry: data.Transaction, member: Member, day: datetime.date) -> Problem:
    """A claim for a day on which the person was not (yet) a member."""
    return problem(
        "claim-not-member", entry.meta, entry, member=member.id, joined=member.joined, date=day
    )


def claim_lapsed(
    entry: data.Transaction,
    member_id: str,
    kind: str,
    *,
    day: datetime.date,
    lapsed: datetime.date | None,
    through: datetime.date | None,
) -> Problem | None:
    """A claim by a member whose membership has lapsed (``lapsed``: on which day, if it has)."""
    if lapsed is None:
        return None
    return problem(
        "claim-lapsed",
        entry.meta,
        entry,
        member=member_id,
        benefit=kind,
        lapsed=lapsed,
        date=day,
        through=through or Msg(N_("no period")),
    )


def claim_arrears(
    entry: data.Transaction,
    member_id: str,
    kind: str,
    *,
    day: datetime.date,
    missed: int,
    through: datetime.date | None,
) -> Problem | None:
    """A claim by a member behind with contributions (``missed`` periods) on ``day``."""
    if not missed:
        return None
    return problem(
        "claim-arrears",
        entry.meta,
        entry,
        member=member_id,
        benefit=kind,
        date=day,
        missed=missed,
        through=through or Msg(N_("no period")),
    )


def claim_waiting(
    entry: data.Transaction,
    member_id: str,
    kind: str,
    *,
    since: datetime.date,
    day: datetime.date,
    waiting_days: int | None,
    book: RulesBook,
) -> Problem | None:
    """A claim within the waiting period: the benefit's ``waiting-days``, else the rules'."""
    waiting = waiting_days
    if waiting is None:
        waiting = book.on(day).integer("waiting-days") or 0
    days = (day - since).days
    if days >= waiting:
        return None
    return problem(
        "claim-waiting",
        entry.meta,
        entry,
        member=member_id,
        benefit=kind,
        since=since,
        date=day,
        days=days,
        waiting=waiting,
        first=since + datetime.timedelta(days=waiting),
    )


def claim_tenure(
    entry: data.Transaction,
    member_id: str,
    kind: str,
    *,
    day: datetime.date,
    years: int,
    least: int,
) -> Problem | None:
    """A claim by a member with fewer full years of membership than the lowest tier needs."""
    if years >= least:
        return None
    return problem(
        "claim-tenure",
        entry.meta,
        entry,
        member=member_id,
        benefit=kind,
        date=day,
        years=years,
        least=least,
    )


def claim_birth_date_missing(
    entry: data.Transaction, member_id: str, kind: str, least: int
) -> Problem:
    """A benefit with ``min-age:`` claimed by a member line without ``birth-date:``."""
    return problem(
        "claim-birth-date-missing", entry.meta, entry, member=member_id, benefit=kind, least=least
    )


def claim_too_young(
    entry: data.Transaction,
    member_id: str,
    kind: str,
    *,
    day: datetime.date,
    age: int,
    least: int,
) -> Problem | None:
    """A claim by a member younger than the benefit's ``min-age:``."""
    if age >= least:
        return None
    return problem(
        "claim-too-young",
        entry.meta,
        entry,
        member=member_id,
        benefit=kind,
        date=day,
        age=age,
        least=least,
    )


def claim_units_missing(
    entry: data.Transaction, kind: str, per: str | None, units: Decimal | None
) -> Problem | None:
    """A benefit paid per unit (``per:``) claimed without a positive ``units:``."""
    if per is None or (units is not None and units > 0):
        return None
    return problem("claim-units-missing", entry.meta, entry, benefit=kind, per=per)


def claim_amount(
    entry: data.Transaction,
    member_id: str,
    kind: str,
    *,
    paid: Decimal,
    allowed: Decimal,
    how: Sequence[Phrase],
    currency: str,
) -> Problem | None:
    """A claim paid other than what the rules give (``allowed``, to the satang)."""
    if quantize_satang(paid) == allowed:
        return None
    return problem(
        "claim-amount",
        entry.meta,
        entry,
        member=member_id,
        benefit=kind,
        date=entry.date,
        paid=Amount(paid, currency),
        allowed=Amount(allowed, currency),
        how=list(how),
    )


# -- matching money and administration ------------------------------------------------------


def matching_malformed(entry: data.Transaction, round_id: str) -> Problem:
    """A matching round without ``cut-off:``, ``basis:`` or money to Income:Matching."""
    return problem("matching-malformed", entry.meta, entry, round=round_id)


def _matching(
    rule: str,
    entry: data.Transaction,
    round_id: str,
    *,
    amount: Decimal,
    eligible: int,
    cut_off: datetime.date,
    basis: Decimal,
    currency: str,
) -> Problem:
    expected = basis * eligible
    return problem(
        rule,
        entry.meta,
        entry,
        round=round_id,
        amount=Amount(amount, currency),
        count=eligible,
        cut_off=cut_off,
        basis=Amount(basis, currency),
        expected=Amount(expected, currency),
        difference=Amount(abs(amount - expected), currency),
    )


def matching_excess(
    entry: data.Transaction,
    round_id: str,
    *,
    amount: Decimal,
    eligible: int,
    cut_off: datetime.date,
    basis: Decimal,
    currency: str,
) -> Problem | None:
    """A round that received more than ``basis`` × the members eligible on the cut-off."""
    if amount <= basis * eligible:
        return None
    return _matching(
        "matching-excess",
        entry,
        round_id,
        amount=amount,
        eligible=eligible,
        cut_off=cut_off,
        basis=basis,
        currency=currency,
    )


def matching_short(
    entry: data.Transaction,
    round_id: str,
    *,
    amount: Decimal,
    eligible: int,
    cut_off: datetime.date,
    basis: Decimal,
    currency: str,
) -> Problem | None:
    """A round that received less than ``basis`` × the members eligible on the cut-off."""
    if amount >= basis * eligible:
        return None
    return _matching(
        "matching-short",
        entry,
        round_id,
        amount=amount,
        eligible=eligible,
        cut_off=cut_off,
        basis=basis,
        currency=currency,
    )


def admin_over_share(
    entry: data.Transaction,
    *,
    year_end: datetime.date,
    spent: Decimal,
    size: Decimal,
    rules: Rules,
    currency: str,
) -> Problem | None:
    """A year's administration costs above ``admin-max-share`` % of the fund (its assets)."""
    share = rules.decimal("admin-max-share")
    if share is None:
        return None
    limit = quantize_satang(max(size, ZERO) * share / 100)
    if spent <= limit:
        return None
    return problem(
        "admin-over-share",
        entry.meta,
        entry,
        year_end=year_end,
        spent=Amount(spent, currency),
        share=share,
        size=Amount(size, currency),
        limit=Amount(limit, currency),
    )


#: rule id -> the function that raises it (merged into :mod:`kongtun.ledger.registry`)
CHECKS: Final[dict[str, Callable[..., object]]] = {
    check.__name__.replace("_", "-"): check
    for check in (
        contribution_while_lapsed,
        rejoin_unknown,
        rejoin_not_lapsed,
        rejoin_not_allowed,
        benefit_malformed,
        benefit_unknown_key,
        benefit_bad_value,
        benefit_tier_duplicate,
        claim_malformed,
        claim_member_unknown,
        claim_benefit_unknown,
        claim_beneficiary_missing,
        claim_death_no_exit,
        claim_member_left,
        claim_not_member,
        claim_lapsed,
        claim_arrears,
        claim_waiting,
        claim_tenure,
        claim_birth_date_missing,
        claim_too_young,
        claim_units_missing,
        claim_amount,
        matching_malformed,
        matching_excess,
        matching_short,
        admin_over_share,
    )
}
