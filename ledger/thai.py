"""Thai (and English) formatting of dates and money, through Babel.

Thai output uses Buddhist Era years (พ.ศ. = ค.ศ. + 543, valid from 1941 on) and Thai month
names from Babel's Thai locale data.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Final, Literal

from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from kongtun.ledger.i18n import Lang

BE_OFFSET: Final = 543
SATANG: Final = Decimal("0.01")
CURRENCY_NAMES: Final[dict[Lang, dict[str, str]]] = {"th": {"THB": "บาท"}, "en": {}}


def be_year(day: datetime.date) -> int:
    """The Buddhist Era year of ``day`` (for dates from 1941 on)."""
    return day.year + BE_OFFSET


@lru_cache(maxsize=4)
def month_names(width: Literal["abbreviated", "wide"], lang: Lang) -> tuple[str, ...]:
    """Babel's month names for ``lang`` (index 1 is January), read once."""
    names = get_month_names(width, locale=lang)
    return ("", *(str(names[month]) for month in range(1, 13)))


@lru_cache(maxsize=4)
def number_symbols(lang: Lang) -> tuple[str, str]:
    """Babel's (group, decimal) symbols for ``lang``, read once."""
    return str(get_group_symbol(lang)), str(get_decimal_symbol(lang))


def thai_date(day: datetime.date, *, wide: bool = False) -> str:
    """``day`` as a Thai date: 20 ก.ย. 2567 (or 20 กันยายน 2567 with ``wide``)."""
    months = month_names("wide" if wide else "abbreviated", "th")
    return f"{day.day} {months[day.month]} {be_year(day)}"


def thai_month(day: datetime.date) -> str:
    """``day``'s month in Thai: ก.ย. 2567."""
    return f"{month_names('abbreviated', 'th')[day.month]} {be_year(day)}"


def message_date(day: datetime.date, lang: Lang) -> str:
    """A date in a message: ISO as the ledger writes it, and the Thai date in Thai."""
    if lang == "th":
        return f"{day.isoformat()} ({thai_date(day)})"
    return day.isoformat()


def quantize_satang(number: Decimal) -> Decimal:
    """Round to the satang, half up (the rounding kongtun uses wherever none is given)."""
    return number.quantize(SATANG, rounding=ROUND_HALF_UP)


def money(number: Decimal, currency: str, lang: Lang) -> str:
    """``1,234.50 THB`` (English) or ``1,234.50 บาท`` (Thai)."""
    group, decimal = number_symbols(lang)
    text = f"{quantize_satang(number):,.2f}"
    if (group, decimal) != (",", "."):
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return f"{text} {CURRENCY_NAMES[lang].get(currency, currency)}"
