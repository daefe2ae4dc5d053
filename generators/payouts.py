"""The demo's assemblies: the meeting, and the payout of the dividends and returns after it.

A year end records each member's dividend and interest return as a payable
(``Liabilities:Dividends:ID``, ``Liabilities:InterestReturns:ID``, docs/year-end.md). The
assembly of the next January (a ``custom "meeting"`` with its attendance and resolutions)
approves the year's accounts; on its day the treasurer pays every member in cash, one
transaction a member, which brings the payables back to zero (the plugin's
``dividend-overpaid`` checks that nothing is paid twice). A year whose assembly falls after the
books' last day stays payable (the demo's last year).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Final

from beancount.core import data

#: the parents of the payables a year end credits (see kongtun.ledger.years.year_end)
PAYABLES: Final = ("Liabilities:Dividends:", "Liabilities:InterestReturns:")
NARRATION: Final = "จ่ายเงินปันผลและเงินเฉลี่ยคืน ปี {label} ตามมติที่ประชุมใหญ่ {day}"


def meeting_text(day: datetime.date, label: str, present: int) -> str:
    """The annual general meeting of ``day`` that approves the year ``label`` (พ.ศ.)."""
    return (
        f'{day} custom "meeting" "ประชุมใหญ่สามัญประจำปี {label}"\n'
        '  kind: "annual-general"\n'
        f"  attendance: {present}\n"
        f'  resolution-1: "รับรองงบการเงินปี {label}"\n'
        f'  resolution-2: "จัดสรรกำไรสุทธิปี {label} ตามระเบียบ '
        'จ่ายเงินปันผลและเงินเฉลี่ยคืนในวันประชุม"'
    )


def assembly_day(fiscal_end: datetime.date) -> datetime.date:
    """The day of the assembly after a fiscal year ending on ``fiscal_end``: the third
    Sunday of the month after."""
    first = fiscal_end + datetime.timedelta(days=1)
    sunday = first + datetime.timedelta(days=(6 - first.weekday()) % 7)
    return sunday + datetime.timedelta(days=14)


def payout_texts(
    allocate: data.Transaction, last: datetime.date
) -> list[tuple[datetime.date, str]]:
    """The payouts of the payables ``allocate`` (a year end's allocate step) credits, one a
    member, dated on the assembly's day (none when it is after ``last``)."""
    day = assembly_day(allocate.date)
    if day > last:
        return []
    owed: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for posting in allocate.postings:
        units = posting.units
        if posting.account.startswith(PAYABLES) and units is not None and units.number:
            owed[posting.account.rpartition(":")[2]].append((posting.account, -units.number))
    if not owed:  # the close step, or a year that pays no one
        return []
    label = str(allocate.meta.get("year-end", ""))
    thai_day = f"{day.day}/{day.month}/{day.year + 543}"
    texts = [(day, meeting_text(day, label, present=len(owed)))]
    for member, lines in sorted(owed.items()):
        total = sum((amount for _, amount in lines), Decimal(0))
        postings = "".join(f"\n  {account}  {amount:.2f} THB" for account, amount in lines)
        text = (
            f'{day} * "{member}" "{NARRATION.format(label=label, day=thai_day)}"'
            f"{postings}\n  Assets:Cash  {-total:.2f} THB"
        )
        texts.append((day, text))
    return texts
