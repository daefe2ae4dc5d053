"""``kongtun import FILE --into LEDGER``: a collection sheet or a bank statement into the books.

Everything is checked first (:func:`kongtun.importers.plan.plan_import`); on any problem
nothing is written and every problem is listed as ``file:row: rule-id: message``. Otherwise the
new transactions are appended to the ledger (or, with ``--file``, to a file the ledger
includes) atomically, keeping the previous version as ``FILE.bak``.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click

from kongtun.cli.files import FileChangedError, replace_keeping_backup
from kongtun.importers.plan import Options, appended, plan_import
from kongtun.ledger.i18n import LANGS, N_, gettext, parse_lang


def say(lang: str, message: str, **params: object) -> str:
    return gettext(message, parse_lang(lang) or "th").format(**params)


@click.command("import")
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False))
@click.option(
    "--into",
    "ledger",
    required=True,
    type=click.Path(dir_okay=False),
    help="The ledger (main file) the transactions are checked against.",
)
@click.option(
    "--file",
    "target",
    type=click.Path(dir_okay=False),
    default=None,
    help="Append to this file, which the ledger includes (e.g. the month's file); "
    "the ledger itself when left out.",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The collection day (YYYY-MM-DD), when the sheet does not say.",
)
@click.option(
    "--account",
    default=None,
    help="Where the money went (Assets:Cash, Assets:Bank, ...), when the sheet does not say; "
    "for a bank statement, the bank account.",
)
@click.option(
    "--bank",
    default=None,
    help="Read FILE as a bank statement in this layout (gsb, ktb, or one the ledger declares).",
)
@click.option("--dry-run", is_flag=True, help="Check and show what would be added; write nothing.")
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="th",
    show_default=True,
    help="Language of the messages: th (Thai) or en (English).",
)
def import_command(
    *,
    source: str,
    ledger: str,
    target: str | None,
    day: datetime.datetime | None,
    account: str | None,
    bank: str | None,
    dry_run: bool,
    lang: str,
) -> None:
    """Import FILE (a collection sheet .xlsx/.csv, or a bank statement .csv) into LEDGER.

    Exit status: 0 when the books were updated (or already held every row), 1 when there are
    problems (nothing was written).
    """
    language = parse_lang(lang) or "th"
    into = Path(ledger)
    where = Path(target) if target is not None else into
    old = where.read_bytes() if where.is_file() else b""
    options = Options(day.date() if day is not None else None, account, bank)
    try:
        plan = plan_import(source, into, where, options, language)
    except Exception as exc:  # a bug in kongtun: a clear message, the books untouched
        click.echo(
            say(
                lang,
                N_(
                    "kongtun could not import {source} ({error}). Nothing was written; please "
                    "report this with the file."
                ),
                source=source,
                error=f"{type(exc).__name__}: {exc}",
            ),
            err=True,
        )
        sys.exit(2)
    if plan.problems:
        for problem in sorted(plan.problems, key=lambda one: (one.file != source, one.row)):
            click.echo(problem.text(language))
        click.echo(
            say(
                lang,
                N_("{count} problem(s) found; nothing was written to {path}."),
                count=len(plan.problems),
                path=where,
            ),
            err=True,
        )
        sys.exit(1)
    if not plan.added:
        click.echo(
            say(
                lang,
                N_(
                    "Nothing to add: the {count} row(s) of {source} are already in the books; "
                    "{path} is unchanged."
                ),
                count=len(plan.skipped),
                source=source,
                path=where,
            )
        )
        return
    if dry_run:
        click.echo(plan.text, nl=False)
        click.echo(
            say(
                lang,
                N_("(dry run) {count} transaction(s) would be added to {path}."),
                count=len(plan.added),
                path=where,
            ),
            err=True,
        )
        return
    try:
        backup = replace_keeping_backup(where, old, appended(old, plan))
    except FileChangedError:
        click.echo(
            say(
                lang,
                N_(
                    "{path} changed while it was being checked; nothing was written. "
                    "Run the import again."
                ),
                path=where,
            ),
            err=True,
        )
        sys.exit(1)
    click.echo(
        say(
            lang,
            N_(
                "Added {count} transaction(s) from {source} to {path} (the previous version is "
                "in {backup}); {skipped} row(s) were already in the books."
            ),
            count=len(plan.added),
            source=source,
            path=where,
            backup=backup,
            skipped=len(plan.skipped),
        )
    )
