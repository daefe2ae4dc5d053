"""What every kongtun command shares: the --lang option and clear messages."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from kongtun.ledger.i18n import LANGS, N_, Lang, gettext

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


def require_file(lang: Lang, path: str) -> None:
    """Stop with exit status 2 and a clear message when ``path`` is not a readable file."""
    if not os.path.isfile(path):
        fail(lang, N_("cannot read {path}: no such file. Check the path and try again."), path=path)
