"""Thai (and English) formatting of dates and money, through Babel.

Thai output uses Buddhist Era years (พ.ศ. = ค.ศ. + 543, valid from 1941 on) and Thai month
names from Babel's Thai locale data.

Babel and PyThaiNLP are imported where they are first used (``# noqa: PLC0415 - lazy``):
kongtun's plugin imports this module on every load of the books, and a load with no problem
to report formats no date, so it should not pay for importing them.

PyThaiNLP creates its data folder (``~/pythainlp-data``) when it is imported, unless it runs
read-only; kongtun uses none of its downloadable data, so this module — which every use of
PyThaiNLP in kongtun goes through — sets ``PYTHAINLP_READ_ONLY=1`` when the user has not chosen
(neither ``PYTHAINLP_READ_ONLY`` nor the older ``PYTHAINLP_READ_MODE`` is set): kongtun writes
nothing in the user's home, and runs with a home it cannot write.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Final, Literal

from kongtun.ledger.i18n import Lang

if "PYTHAINLP_READ_ONLY" not in os.environ and "PYTHAINLP_READ_MODE" not in os.environ:
    os.environ["PYTHAINLP_READ_ONLY"] = "1"

BE_OFFSET: Final = 543
#: A year from this on is a Buddhist Era year (พ.ศ.): typed, it is read as one; in the books,
#: it is a slip (:func:`kongtun.ledger.books.checks.date_buddhist_era`), and kongtun computes
#: nothing with it.
BE_FROM: Final = 2400
SATANG: Final = Decimal("0.01")
CURRENCY_NAMES: Final[dict[Lang, dict[str, str]]] = {"th": {"THB": "บาท"}, "en": {}}


#: the days of each month of a common year (January first)
MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` (1–12) of ``year``: ``calendar.monthrange(year,
    month)[1]`` without importing :mod:`calendar` (2 M instructions of every load)."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else MONTH_DAYS[month - 1]


def be_year(day: datetime.date) -> int:
    """The Buddhist Era year of ``day`` (for dates from 1941 on). A date whose year is
    already one of the Buddhist Era (from :data:`BE_FROM`: an entry dated 2567-12-05 by
    slip, reported as ``date-buddhist-era``) keeps the year as typed — never 3110."""
    return day.year if day.year >= BE_FROM else day.year + BE_OFFSET


@lru_cache(maxsize=4)
def month_names(width: Literal["abbreviated", "wide"], lang: Lang) -> tuple[str, ...]:
    """Babel's month names for ``lang`` (index 1 is January), read once."""
    from babel.dates import get_month_names  # noqa: PLC0415 - lazy

    names = get_month_names(width, locale=lang)
    return ("", *(str(names[month]) for month in range(1, 13)))


@lru_cache(maxsize=4)
def number_symbols(lang: Lang) -> tuple[str, str]:
    """Babel's (group, decimal) symbols for ``lang``, read once."""
    from babel.numbers import get_decimal_symbol, get_group_symbol  # noqa: PLC0415 - lazy

    return str(get_group_symbol(lang)), str(get_decimal_symbol(lang))


def thai_date(day: datetime.date, *, wide: bool = False) -> str:
    """``day`` as a Thai date: 20 ก.ย. 2567 (or 20 กันยายน 2567 with ``wide``)."""
    months = month_names("wide" if wide else "abbreviated", "th")
    return f"{day.day} {months[day.month]} {be_year(day)}"


def thai_month(day: datetime.date) -> str:
    """``day``'s month in Thai: ก.ย. 2567."""
    return f"{month_names('abbreviated', 'th')[day.month]} {be_year(day)}"


def ce_date(day: datetime.date) -> datetime.date:
    """The Common Era day a date written with a Buddhist Era year means (2567-12-20 ->
    2024-12-20; 29 February of a year that is not a leap year in the Common Era -> the 28th)."""
    year = day.year - BE_OFFSET
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def be_text(day: datetime.date) -> str:
    """``day`` written with its Buddhist Era year: 2567-12-20."""
    return f"{be_year(day)}-{day.month:02d}-{day.day:02d}"


def message_date(day: datetime.date, lang: Lang) -> str:
    """A date in a message: ISO as the ledger writes it, and the Thai date in Thai."""
    if lang == "th":
        return f"{day.isoformat()} ({thai_date(day)})"
    return day.isoformat()


def quantize_satang(number: Decimal) -> Decimal:
    """Round to the satang, half up (the rounding kongtun uses wherever none is given)."""
    return number.quantize(SATANG, rounding=ROUND_HALF_UP)


def money_figure(number: Decimal, lang: Lang) -> str:
    """``1,234.50``: an amount of money without its currency (a column or a cell says it)."""
    group, decimal = number_symbols(lang)
    text = f"{quantize_satang(number):,.2f}"
    if (group, decimal) != (",", "."):
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return text


def money(number: Decimal, currency: str, lang: Lang) -> str:
    """``1,234.50 THB`` (English) or ``1,234.50 บาท`` (Thai)."""
    return f"{money_figure(number, lang)} {CURRENCY_NAMES[lang].get(currency, currency)}"


def baht_text(number: Decimal) -> str:
    """``number`` baht spelled out in Thai, rounded half up to the satang.

    120.75 → หนึ่งร้อยยี่สิบบาทเจ็ดสิบห้าสตางค์; 0 → ศูนย์บาทถ้วน; 0.50 → ห้าสิบสตางค์.
    The words come from PyThaiNLP's ``num_to_thaiword``; the rounding and the split into baht
    and satang are done here in Decimal (PyThaiNLP's own ``bahttext`` takes a float).
    """
    from pythainlp.util import num_to_thaiword  # noqa: PLC0415 - lazy

    amount = quantize_satang(number)
    if amount == 0:
        return "ศูนย์บาทถ้วน"
    sign = "ลบ" if amount < 0 else ""
    satang_total = int(abs(amount) * 100)
    baht, satang = divmod(satang_total, 100)
    words = num_to_thaiword(baht) + "บาท" if baht else ""
    words += num_to_thaiword(satang) + "สตางค์" if satang else "ถ้วน"
    return sign + words


#: Titles that are not part of a name (นายสมชาย sorts under ส; a sheet may leave them out).
TITLES: Final = ("นางสาว", "นาง", "นาย", "น.ส.", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.")


def bare_name(name: str) -> str:
    """``name`` without its title: นายสมชาย ใจดี → สมชาย ใจดี."""
    name = name.strip()
    for title in TITLES:
        if name.startswith(title) and len(name) > len(title):
            return name[len(title) :].lstrip()
    return name


def thai_order(names: Iterable[str]) -> dict[str, int]:
    """Each name's place in Thai dictionary order (titles such as นาย/นาง ignored).

    The order is PyThaiNLP's ``collate`` (leading vowels after their consonant, tone marks
    last); use the result as a sort key: ``sorted(rows, key=lambda r: order[r.name])``.
    """
    from pythainlp.util import collate  # noqa: PLC0415 - lazy

    bare = {name: bare_name(name) for name in names}
    place = {text: index for index, text in enumerate(collate(set(bare.values())))}
    return {name: place[text] for name, text in bare.items()}


def wide_month(day: datetime.date, lang: Lang) -> str:
    """``day``'s month in full: กันยายน 2567 (Thai, Buddhist Era) or September 2024."""
    if lang == "th":
        return f"{month_names('wide', 'th')[day.month]} {be_year(day)}"
    return f"{month_names('wide', 'en')[day.month]} {day.year}"


def long_date(day: datetime.date, lang: Lang) -> str:
    """20 กันยายน 2567 (Thai, Buddhist Era) or 20 September 2024."""
    if lang == "th":
        return thai_date(day, wide=True)
    return f"{day.day} {month_names('wide', 'en')[day.month]} {day.year}"


#: A month and a day as a person types them: 2024-09 and 2024-09-20, or 2567-09 and 2567-09-20
#: (patterns compiled on first use, by :mod:`re`'s cache: no load types a date)
MONTH_TEXT: Final = r"([0-9]{4})-([0-9]{1,2})"
DAY_TEXT: Final = r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"


def _typed_date(pattern: str, text: str) -> datetime.date | None:
    """The date ``text`` names by ``pattern`` (year, month[, day]), in either era."""
    from pythainlp.util import thai_digit_to_arabic_digit  # noqa: PLC0415 - lazy

    match = re.fullmatch(pattern, thai_digit_to_arabic_digit(text.strip()))
    if match is None:
        return None
    numbers = [int(part) for part in match.groups()]
    year, month, day = numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 1
    if year >= BE_FROM:
        year -= BE_OFFSET
    if not 1900 <= year < BE_FROM:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_month(text: str) -> datetime.date | None:
    """The first day of the month ``text`` names (2024-09 or, in Buddhist Era, 2567-09).

    Years from 2400 on are Buddhist Era; Thai digits are read too (๒๕๖๗-๐๙). Returns None
    when ``text`` is not a month.
    """
    return _typed_date(MONTH_TEXT, text)


def parse_year(text: str) -> int | None:
    """The Gregorian year ``text`` names (2567 in Buddhist Era or 2024; Thai digits too), or
    None when it is not a year from 1900 to 2200."""
    from pythainlp.util import thai_digit_to_arabic_digit  # noqa: PLC0415 - lazy

    typed = thai_digit_to_arabic_digit(text.strip())
    if not (typed.isascii() and typed.isdigit()):
        return None
    year = int(typed)
    year = year - BE_OFFSET if year >= BE_FROM else year
    return year if 1900 <= year <= 2200 else None


def typed_in_be(text: str) -> bool:
    """``text`` (a month or a day as a person typed it) gives its year in the Buddhist Era."""
    from pythainlp.util import thai_digit_to_arabic_digit  # noqa: PLC0415 - lazy

    year = re.match(r"\s*([0-9]+)", thai_digit_to_arabic_digit(text))
    return year is not None and int(year.group(1)) >= BE_FROM


def parse_day(text: str) -> datetime.date | None:
    """The day ``text`` names (2024-09-20 or, in Buddhist Era, 2567-09-20; Thai digits too).

    Returns None when ``text`` is not a day.
    """
    return _typed_date(DAY_TEXT, text)


def thai_digits(text: str) -> str:
    """``text`` with its digits written in Thai digits: 2567 → ๒๕๖๗."""
    from pythainlp.util import arabic_digit_to_thai_digit  # noqa: PLC0415 - lazy

    return str(arabic_digit_to_thai_digit(text))
