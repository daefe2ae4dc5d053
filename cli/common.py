"""What every kongtun command shares: the --lang option and clear messages."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from kongtun.ledger.i18n import LANGS, Lang, gettext

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="th",
    show_default=True,
    help="Language of the messages: th (Thai) or en (English).",
)


def say(lang: Lang, message: str, **params: object) -> str:
    """A message of the command line, in ``lang``."""
    return gettext(message, lang).format(**params)


def fail(lang: Lang, message: str, code: int = 2, **params: object) -> NoReturn:
    """Print a clear message (no traceback) and exit with ``code``."""
    click.echo("kongtun: " + say(lang, message, **params), err=True)
    sys.exit(code)
