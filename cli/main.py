"""The ``kongtun`` command line."""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import click

from kongtun.cli.carry import carry, verify_chain
from kongtun.cli.check import as_json, as_text, check_ledger
from kongtun.cli.files import write_atomic
from kongtun.cli.importing import import_command
from kongtun.cli.loans import as_text as loans_text
from kongtun.cli.loans import read_loan_book
from kongtun.importers.demo import demo_files, write_demo_month, written_by_demo
from kongtun.ledger.demo import HEADER, demo_books
from kongtun.ledger.i18n import LANGS, N_, Lang, gettext, parse_lang
from kongtun.ledger.scale import SCALE_HEADER, scale_book

#: how the first line of a file kongtun demo wrote begins
MARKERS = (HEADER.split("(", 1)[0], SCALE_HEADER.split("`", 1)[0])

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
@click.option(
    "--members",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Write one savings group of this many members instead (for benchmarks).",
)
@click.option(
    "--years",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="With --members: how many years of books.",
)
@LANG_OPTION
def demo(directory: str, seed: int, members: int | None, years: int, lang: str) -> None:
    """Write sample books (a savings group, a welfare fund, a revolving fund) into DIRECTORY.

    With --members N (and --years Y) it writes one savings group of N members over Y years
    instead, about N x 8 x Y transactions, for benchmarks. Files that exist are only replaced
    when kongtun demo wrote them.
    """
    language = parse_lang(lang) or "th"
    books = (
        demo_books(seed)
        if members is None
        else {f"scale-{members}x{years}.beancount": scale_book(members, years, seed)}
    )
    target = Path(directory)
    extras = demo_files(target) if members is None else []
    for path in extras:
        if not written_by_demo(path):
            fail(
                language,
                N_(
                    "{path} exists and was not written by kongtun demo; "
                    "nothing was written. Choose another directory."
                ),
                path=path,
            )
    for name in books:
        path = target / name
        if path.exists() and not path.read_text(encoding="utf-8").startswith(MARKERS):
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
    if extras:
        for path in write_demo_month(target, target / "savings-group.beancount"):
            click.echo(say(language, N_("wrote {path}"), path=path))


main.add_command(carry)
main.add_command(verify_chain)
main.add_command(import_command)


@main.command()
@click.argument("ledger", type=click.Path(dir_okay=False))
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to show (YYYY-MM-DD); the ledger's last date when left out.",
)
@LANG_OPTION
def loans(ledger: str, day: datetime.datetime | None, lang: str) -> None:
    """Show LEDGER's open loans on a day: what each member owes, arrears, moratoria, and the
    portfolio at risk (PAR 30 / 60 / 90); then what the fund owes its lenders."""
    language = parse_lang(lang) or "th"
    if not os.path.isfile(ledger):
        fail(
            language,
            N_("cannot read {path}: no such file. Check the path and try again."),
            path=ledger,
        )
    book = read_loan_book(ledger, day.date() if day is not None else None, language)
    click.echo(loans_text(book, "THB", language), nl=False)
