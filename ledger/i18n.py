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

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final, Literal, NamedTuple

Lang = Literal["th", "en"]
LANGS: Final[tuple[Lang, ...]] = ("th", "en")
DEFAULT_LANG: Final[Lang] = "th"
DOMAIN: Final = "kongtun"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


class Plural(NamedTuple):
    """A message that depends on a count (its ``{count}``): the English singular and plural,
    one catalog entry; Thai has one form for every count."""

    singular: str
    plural: str


def N_n(singular: str, plural: str) -> Plural:
    """Mark a message with a singular and a plural for extraction (``{count}`` chooses)."""
    return Plural(singular, plural)


#: which of a catalog entry's forms a count takes, by language (gettext's Plural-Forms)
PLURAL_FORM: Final[dict[Lang, Callable[[int], int]]] = {
    "th": lambda count: 0,
    "en": lambda count: int(count != 1),
}


def parse_lang(value: object) -> Lang | None:
    """Return ``value`` as a supported language code, or None when it is not one."""
    for lang in LANGS:
        if value == lang:
            return lang
    return None


@lru_cache(maxsize=len(LANGS))
def _entries(lang: Lang) -> tuple[Any, ...]:
    """The entries of ``lang``'s catalog (the ``.po`` file, read once)."""
    from importlib import resources  # noqa: PLC0415 - lazy

    from babel.messages.pofile import read_po  # noqa: PLC0415 - lazy

    path = resources.files("kongtun.ledger").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang, domain=DOMAIN)
    return tuple(message for message in po if message.id and not message.fuzzy)


@lru_cache(maxsize=len(LANGS))
def catalog(lang: Lang) -> dict[str, str]:
    """The translations for ``lang`` as a plain dict msgid -> msgstr (empty ones left out)."""
    table: dict[str, str] = {}
    for message in _entries(lang):
        if isinstance(message.id, str) and isinstance(message.string, str) and message.string:
            table[message.id] = message.string
    return table


@lru_cache(maxsize=len(LANGS))
def plural_catalog(lang: Lang) -> dict[Plural, tuple[str, ...]]:
    """The translations of the messages with a plural, for ``lang``: their forms."""
    table: dict[Plural, tuple[str, ...]] = {}
    for message in _entries(lang):
        if isinstance(message.id, tuple) and any(message.string):
            table[Plural(*message.id[:2])] = tuple(message.string)
    return table


def ngettext(message: Plural, count: int, lang: Lang) -> str:
    """The form of ``message`` for ``count`` in ``lang`` (English's own when untranslated)."""
    forms = plural_catalog(lang).get(message)
    index = PLURAL_FORM[lang](count)
    if forms and index < len(forms) and forms[index]:
        return forms[index]
    return message.singular if count == 1 else message.plural


def gettext(message: str, lang: Lang) -> str:
    """Translate ``message`` into ``lang`` (the English source text when untranslated)."""
    return catalog(lang).get(message, message)
