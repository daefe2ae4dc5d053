"""The allowance for doubtful loans in the demo savings group: a provision at each year end.

The group's rules set a provision rate by ageing band from its founding (a loan more than 30,
90, 180 or 365 days past due needs 10, 25, 50 or 100 % of its principal outstanding set
aside), and on the last day of each fiscal year, before the year end shares the surplus out,
the treasurer records what ``kongtun provision LEDGER --date D --write`` would: the entry that
brings ``Assets:Allowance:Loans`` to what the rules require (none when it already is — no
loan of the demo is past 30 days at the ends of 2565 and 2566).

The 2567 allowance takes a fifth of that year's thin surplus, so the group's extraordinary
assembly of 1 December 2024 lowers the dividend from 3 to 2 % a year on shares, and the year
end still pays what the rules give (``kongtun check`` clean).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Final

#: the provision chapter of the group's rules, in force from its founding
PROVISION_RULES: Final = (
    "  provision-30: 10\n  provision-90: 25\n  provision-180: 50\n  provision-365: 100"
)
DIVIDEND_CUT: Final = datetime.date(2024, 12, 1)


def add_year_end_provisions(
    start: datetime.date,
    add: Callable[[datetime.date, str], None],
    text: Callable[[], str],
    years: range,
) -> None:
    """The rules' provision rates from ``start`` and the 2567 dividend cut that pays for them
    (``add``), then the provision of each year end of ``years`` for the books ``text()``."""
    add(start, f'{start} custom "rules" "ระเบียบว่าด้วยค่าเผื่อหนี้สงสัยจะสูญ"\n{PROVISION_RULES}')
    add(
        DIVIDEND_CUT,
        f'{DIVIDEND_CUT} custom "rules" '
        '"มติที่ประชุมใหญ่วิสามัญ 2/2567: ปันผล 2 % เพื่อกันค่าเผื่อหนี้สงสัยจะสูญ"\n'
        "  dividend-rate: 2",
    )
    add_provisions(text(), add, years)


def add_provisions(text: str, add: Callable[[datetime.date, str], None], years: range) -> None:
    """For the books ``text``, the provision entry of each fiscal year's last day in ``years``
    whose rules set provision rates (``add``), as ``kongtun provision --write`` writes it."""
    # imported here: only the demo books need a model of themselves
    from beancount import loader  # noqa: PLC0415 - lazy

    from kongtun.ledger.loans.provision import (  # noqa: PLC0415 - lazy
        provision,
        provision_entry,
        rates_set,
    )
    from kongtun.ledger.model import loaded_books  # noqa: PLC0415 - lazy
    from kongtun.ledger.years.allocation import fiscal_year  # noqa: PLC0415 - lazy

    entries, _, options = loader.load_string(text)
    books = loaded_books(entries, options)
    rules = books.fund.rules
    postings = list(books.loans.allowance)
    for year in years:
        _, end = fiscal_year(rules.on(datetime.date(year, 12, 31)), year)
        if not rates_set(rules.on(end)):
            continue
        found = provision(books.loans.member_loans, rules.on(end), end, postings)
        if found.change:
            add(end, provision_entry(found).rstrip("\n"))
            postings.append((end, -found.change))
