"""Thai and English text for everything a user reads.

Messages are written in English in the code, marked with :func:`N_` (or looked up with
:func:`gettext`), and translated through the gettext catalogs in ``ledger/locale``
(``ledger/locale/th/LC_MESSAGES/kongtun.po``; English needs no translation but has a catalog too so
that wording can be tuned without touching code). The ``.po`` files are read directly with
Babel, so an editable install and a wheel behave the same and no compile step can go stale;
Babel is imported, and a catalog read, only when a message is first translated (a load of the
books with no problem to report translates nothing).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, Literal

Lang = Literal["th", "en"]
LANGS: Final[tuple[Lang, ...]] = ("th", "en")
DEFAULT_LANG: Final[Lang] = "th"
DOMAIN: Final = "kongtun"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


def parse_lang(value: object) -> Lang | None:
    """Return ``value`` as a supported language code, or None when it is not one."""
    for lang in LANGS:
        if value == lang:
            return lang
    return None


@lru_cache(maxsize=len(LANGS))
def catalog(lang: Lang) -> dict[str, str]:
    """The translations for ``lang`` as a plain dict msgid -> msgstr (empty ones left out)."""
    from importlib import resources  # noqa: PLC0415 - lazy

    from babel.messages.pofile import read_po  # noqa: PLC0415 - lazy

    path = resources.files("kongtun.ledger").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang, domain=DOMAIN)
    table: dict[str, str] = {}
    for message in po:
        if (
            isinstance(message.id, str)
            and isinstance(message.string, str)
            and (message.id and message.string and not message.fuzzy)
        ):
            table[message.id] = message.string
    return table


def gettext(message: str, lang: Lang) -> str:
    """Translate ``message`` into ``lang`` (the English source text when untranslated)."""
    return catalog(lang).get(message, message)
