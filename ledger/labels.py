"""Each rule key of a fund's ``custom "rules"`` in words: one table for the pages and the
messages.

The pages show a rule as "Highest loan interest (loan-rate-max)"; a Thai message that names
a rule key gets the same label beside it (:func:`labelled`), so a treasurer who does not read
English knows which rule is meant, and the key stays for ``grep`` and the ledger.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from kongtun.ledger.i18n import N_, Lang, gettext

#: Each rule key in words, with the unit of its value (amounts and yes/no carry their own).
RULE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "savings-monthly-min": (N_("Least savings a month"), ""),
    "savings-withdrawal-allowed": (N_("Savings may be withdrawn while a member"), ""),
    "loan-max-multiple": (N_("Largest loan, times savings and shares"), N_("times")),
    "loan-max-amount": (N_("Largest loan"), ""),
    "loan-rate-max": (N_("Highest loan interest"), "% " + N_("a year")),
    "guarantors-above": (N_("Loans above this need guarantors"), ""),
    "guarantors-min": (N_("Fewest guarantors"), N_("people")),
    "loans-max-open": (N_("Most loans open at once"), N_("loans")),
    "fine-late-installment": (N_("Fine for a late instalment"), ""),
    "late-interest-rate": (N_("Interest on late instalments"), "% " + N_("a year")),
    "contribution": (N_("Contribution"), ""),
    "contribution-period": (N_("Contribution paid every"), ""),
    "lapse-after-missed": (N_("Membership lapses after missing"), N_("periods")),
    "lapse-after-days": (N_("Membership lapses after"), N_("days")),
    "waiting-days": (N_("Waiting time before benefits"), N_("days")),
    "rejoin": (N_("A lapsed member may rejoin"), ""),
    "admin-max-share": (N_("Most spent on running the fund"), "% " + N_("of income")),
    "matching-min-years": (N_("Years of membership for matching money"), N_("years")),
    "matching-max-times": (N_("Matching money at most"), N_("times")),
    "matching-cutoff-inclusive": (N_("Matching counts the cut-off day"), ""),
    "audit-round-sum": (N_("Expenses the auditor sees as round sums: multiples of"), ""),
    "audit-large-expense": (N_("Expenses the auditor sees as large: from"), ""),
    "reserve-min": (N_("Least share of the surplus kept as reserve"), "% " + N_("of surplus")),
    "allocate-reserve": (N_("Share of the surplus to the reserve"), "% " + N_("of surplus")),
    "dividend-rate": (N_("Dividend on shares"), "% " + N_("a year")),
    "dividend-rate-max": (N_("Highest dividend on shares"), "% " + N_("a year")),
    "interest-return-rate": (N_("Return on interest paid"), "% " + N_("of interest paid")),
    "restructure-max-months": (N_("Longest term of a restructured loan"), N_("months")),
    "restructured-at-risk-months": (N_("A restructured loan counts as at risk for"), N_("months")),
    "provision-30": (N_("Allowance for loans 30 days past due"), "% " + N_("of principal")),
    "provision-90": (N_("Allowance for loans 90 days past due"), "% " + N_("of principal")),
    "provision-180": (N_("Allowance for loans 180 days past due"), "% " + N_("of principal")),
    "provision-365": (N_("Allowance for loans 365 days past due"), "% " + N_("of principal")),
}


@cache
def _keys() -> re.Pattern[str]:
    """A rule key of the table standing alone (not part of a longer key or word)."""
    names = "|".join(re.escape(key) for key in sorted(RULE_LABELS, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({names})(?![\w-])")


def labelled(text: str, lang: Lang) -> str:
    """``text`` (a message in ``lang``) with each rule key it names in its sentences given its
    label in ``lang``: "loan-rate-max" → "อัตราดอกเบี้ยเงินกู้สูงสุด (loan-rate-max)". English
    sentences are left as they are (the key is English); a key quoted as ledger text
    (between backticks) stays as it is written."""
    if lang == "en":
        return text
    parts = text.split("`")
    for index in range(0, len(parts), 2):  # outside backticks
        parts[index] = _keys().sub(
            lambda found: f"{gettext(RULE_LABELS[found.group(1)][0], lang)} ({found.group(1)})",
            parts[index],
        )
    return "`".join(parts)
