"""``kongtun import FILE --into LEDGER``: a collection sheet or a bank statement into the books.

Everything is checked first (:func:`kongtun.importers.plan.plan_import`); on any problem
nothing is written and every problem is listed as ``file:row: rule-id: message``. Otherwise the
new transactions are appended to the ledger (or, with ``--file``, to a file the ledger
includes) atomically, keeping the previous version as ``FILE.bak``.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from kongtun.cli.common import LANG_OPTION, day_option, fail, problems_found, say
from kongtun.cli.files import FileChangedError, replace_keeping_backup
from kongtun.importers.plan import Options, Plan, appended, plan_import
from kongtun.importers.problems import problem_text
from kongtun.ledger.i18n import N_, Lang, N_n


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
@day_option(
    "--date", "day", "The collection day (2025-01-05 or 2568-01-05), when the sheet does not say."
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
@LANG_OPTION
def import_command(
    *,
    source: str,
    ledger: str,
    target: str | None,
    day: datetime.date | None,
    account: str | None,
    bank: str | None,
    dry_run: bool,
    lang: Lang,
) -> None:
    """Import FILE (a collection sheet .xlsx/.csv, or a bank statement .csv) into the
    ledger given with --into.

    Exit status: 0 when the books were updated (or already held every row), 1 when there are
    problems (nothing was written).
    """
    into = Path(ledger)
    where = Path(target) if target is not None else into
    old = where.read_bytes() if where.is_file() else b""
    options = Options(day, account, bank)
    plan = checked_plan(source, (into, where), options, lang)
    if not plan.added:
        say(
            lang,
            N_n(
                "Nothing to add: the {count:,} row of {source} is already in the books; "
                "{path} is unchanged.",
                "Nothing to add: the {count:,} rows of {source} are already in the books; "
                "{path} is unchanged.",
            ),
            count=len(plan.skipped),
            source=source,
            path=where,
        )
    elif dry_run:
        click.echo(plan.text, nl=False)
        say(
            lang,
            N_n(
                "(dry run) {count:,} transaction would be added to {path}.",
                "(dry run) {count:,} transactions would be added to {path}.",
            ),
            err=True,
            count=len(plan.added),
            path=where,
        )
    else:
        write(plan, where, old, lang)


def checked_plan(source: str, files: tuple[Path, Path], options: Options, lang: Lang) -> Plan:
    """The plan to import ``source`` into ``files`` (the ledger, the file to append to); when
    it has problems, print them and stop with exit status 1."""
    into, where = files
    try:
        plan = plan_import(source, into, where, options)
    except Exception as exc:  # a bug in kongtun: a clear message, the books untouched
        fail(
            lang,
            N_(
                "kongtun could not import {source} ({error}). Nothing was written; please "
                "report this with the file."
            ),
            source=source,
            error=f"{type(exc).__name__}: {exc}",
        )
    if plan.problems:
        first_file = sorted(
            plan.problems,
            key=lambda one: (one.source["filename"] != source, one.source["lineno"]),
        )
        for problem in first_file:
            click.echo(problem_text(problem, lang))
        problems_found(
            lang,
            N_n(
                "{count:,} problem found; nothing was written to {path}.",
                "{count:,} problems found; nothing was written to {path}.",
            ),
            count=len(plan.problems),
            path=where,
        )
    return plan


def write(plan: Plan, where: Path, old: bytes, lang: Lang) -> None:
    """Append the plan's transactions to ``where`` (whose content was ``old``), keeping a
    backup; stop with exit status 1 when the file changed meanwhile."""
    try:
        backup = replace_keeping_backup(where, old, appended(old, plan))
    except FileChangedError:
        fail(
            lang,
            N_(
                "{path} changed while it was being checked; nothing was written. "
                "Run the import again."
            ),
            code=1,
            path=where,
        )
    say(
        lang,
        N_n(
            "Added {count:,} transaction from {source} to {path} (the previous version is "
            "in {backup}); rows already in the books: {skipped:,}.",
            "Added {count:,} transactions from {source} to {path} (the previous version is "
            "in {backup}); rows already in the books: {skipped:,}.",
        ),
        count=len(plan.added),
        source=plan.source,
        path=where,
        backup=backup,
        skipped=len(plan.skipped),
    )
