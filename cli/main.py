"""The ``kongtun`` command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kongtun.cli.check import as_json, as_text, check_ledger
from kongtun.cli.files import write_atomic
from kongtun.cli.welfare import welfare_status
from kongtun.ledger.demo import HEADER, demo_books
from kongtun.ledger.i18n import LANGS, N_, Lang, gettext, parse_lang

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


def fail(lang: Lang, message: str, code: int = 2, **params: object) -> None:
    """Print a clear message (no traceback) and exit with ``code``."""
    click.echo("kongtun: " + say(lang, message, **params), err=True)
    sys.exit(code)


@click.group()
@click.version_option(package_name="kongtun")
def main() -> None:
    """kongtun (กองทุน): books for Thai community funds that check themselves."""


@main.command()
@click.argument("ledger", type=click.Path(dir_okay=False))
@LANG_OPTION
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)
def check(ledger: str, lang: str, output: str) -> None:
    """Check LEDGER: print every problem as file:line: rule-id: message.

    Exit status: 0 when the books are clean, 1 when there are problems, 2 when the ledger
    cannot be read.
    """
    language = parse_lang(lang) or "th"
    if not os.path.isfile(ledger):
        fail(
            language,
            N_("cannot read {path}: no such file. Check the path and try again."),
            path=ledger,
        )
    problems = check_ledger(ledger, language)
    if output == "json":
        click.echo(as_json(ledger, language, problems), nl=False)
    else:
        click.echo(as_text(problems), nl=False)
        if problems:
            click.echo(
                say(language, N_("{count} problem(s) found."), count=len(problems)), err=True
            )
        else:
            click.echo(say(language, N_("No problems found in {path}."), path=ledger), err=True)
    sys.exit(1 if problems else 0)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--seed", type=int, default=2567, show_default=True, help="The same seed writes the same books."
)
@LANG_OPTION
def demo(directory: str, seed: int, lang: str) -> None:
    """Write sample books (a savings group, a welfare fund, a revolving fund) into DIRECTORY.

    Files that exist are only replaced when kongtun demo wrote them.
    """
    language = parse_lang(lang) or "th"
    books = demo_books(seed)
    target = Path(directory)
    marker = HEADER.split("(", 1)[0]
    for name in books:
        path = target / name
        if path.exists() and not path.read_text(encoding="utf-8").startswith(marker):
            fail(
                language,
                N_(
                    "{path} exists and was not written by kongtun demo; "
                    "nothing was written. Choose another directory."
                ),
                path=path,
            )
    for name, text in books.items():
        write_atomic(target / name, text)
        click.echo(say(language, N_("wrote {path}"), path=target / name))


main.add_command(welfare_status)
