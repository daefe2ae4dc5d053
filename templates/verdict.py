"""The words of a statement's verification (:class:`kongtun.ledger.years.closes.Verdict`), for
``kongtun verify-statement`` and the Fava extension's verify page."""

from __future__ import annotations

import datetime
from typing import Final

from kongtun.ledger.i18n import N_, Lang, gettext
from kongtun.ledger.thai import wide_month
from kongtun.ledger.years.closes import Verdict

VERDICTS: Final[dict[str, str]] = {
    "matches": N_(
        "the statement matches the books: {member}, {month}, books closed to {closed} ({digest})."
    ),
    "not-closed": N_("{month} is not closed: its statements carry no verification code."),
    "changed": N_(
        "the books closed to {closed} by the close at {where} ({digest}) were changed "
        "after the close: no code issued for them verifies. kongtun check names the "
        "change."
    ),
    "not-published": N_(
        "the books do not match what was published: the close of {month} at {where} "
        "has the digest {digest}, not {expect}."
    ),
    "wrong-code": N_(
        "the code {code} is not the code of {member}'s statement for {month} in these "
        "books: the figures on the paper are not those of the closed books."
    ),
}


def verdict_text(verdict: Verdict, lang: Lang) -> str:
    """``verdict`` in words: months in full, days as the ledger writes them."""
    params = {}
    for key, value in verdict.params.items():
        if key == "month" and isinstance(value, datetime.date):
            params[key] = wide_month(value, lang)
        elif isinstance(value, datetime.date):
            params[key] = value.isoformat()
        else:
            params[key] = str(value)
    return gettext(VERDICTS[verdict.outcome], lang).format(**params)
