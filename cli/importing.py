"""``kongtun import FILE --into LEDGER``: a collection sheet or a bank statement into the books.

Everything is checked first (:func:`kongtun.importers.plan.plan_import`); on any problem
nothing is written and every problem is listed as ``file:row: rule-id: message``. Otherwise the
new transactions are appended to the ledger (or, with ``--file``, to a file the ledger
includes) atomically, keeping the previous version as a dated backup
(``FILE.2025-01-05T101500.bak``, rotated: :func:`kongtun.cli.files.rotate_backups`). A
read-only file is refused before anything is checked; an operating-system error (a folder not
writable, a full disk) ends the command with the file named, exit status 2, nothing changed.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from kongtun.cli.common import (
    LANG_OPTION,
    day_option,
    fail,
    os_failure,
    problems_found,
    refuse_era_slips,
    say,
)
from kongtun.cli.files import (
    FileChangedError,
    ReadOnlyError,
    refuse_read_only,
    replace_keeping_backup,
)
from kongtun.cli.usage import KongtunCommand
from kongtun.importers.plan import Options, Plan, appended, plan_import
from kongtun.importers.problems import problem_text
from kongtun.ledger.books.accounts import SUSPENSE, suspense_held
from kongtun.ledger.i18n import N_, Lang, N_n
from kongtun.ledger.thai import money


@click.command(
    "import",
    cls=KongtunCommand,
    help=N_(
        "Import FILE (a collection sheet .xlsx/.csv, or a bank statement .csv) into the "
        "ledger given with --into.\n\n"
        "Exit status: 0 when the books were updated (or already held every row), 1 when "
        "there are problems (nothing was written)."
    ),
)
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False))
@click.option(
    "--into",
    "ledger",
    required=True,
    type=click.Path(dir_okay=False),
    help=N_("The ledger (main file) the transactions are checked against."),
)
@click.option(
    "--file",
    "target",
    type=click.Path(dir_okay=False),
    default=None,
    help=N_(
        "Append to this file, which the ledger includes (e.g. the month's file); "
        "the ledger itself when left out."
    ),
)
@day_option(
    "--date",
    "day",
    N_("The collection day (2025-01-05 or 2568-01-05), when the sheet does not say."),
)
@click.option(
    "--account",
    default=None,
    help=N_(
        "Where the money went (Assets:Cash, Assets:Bank, ...), when the sheet does not say; "
        "for a bank statement, the bank account."
    ),
)
@click.option(
    "--bank",
    default=None,
    help=N_("Read FILE as a bank statement in this layout (gsb, ktb, or one the ledger declares)."),
)
@click.option(
    "--allow-far-dates",
    is_flag=True,
    help=N_(
        "Accept rows dated more than a year after, or a month before, the books' last "
        "transaction (docs/importing.md)."
    ),
)
@click.option(
    "--allow-large-amounts",
    is_flag=True,
    help=N_("Accept amounts over 100,000,000 baht in one row (docs/importing.md)."),
)
@click.option(
    "--dry-run", is_flag=True, help=N_("Check and show what would be added; write nothing.")
)
@LANG_OPTION
def import_command(
    *,
    source: str,
    ledger: str,
    target: str | None,
    day: datetime.date | None,
    account: str | None,
    bank: str | None,
    allow_far_dates: bool,
    allow_large_amounts: bool,
    dry_run: bool,
    lang: Lang,
) -> None:
    into = Path(ledger)
    where = Path(target) if target is not None else into
    if not dry_run:
        writable(where, lang)
    old = where.read_bytes() if where.is_file() else b""
    options = Options(day, account, bank, allow_far_dates, allow_large_amounts)
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
    if plan.added:
        suspense_note(plan, lang)


def suspense_note(plan: Plan, lang: Lang) -> None:
    """Say how many lines went to Assets:Suspense and how much, when any did."""
    held = suspense_held(plan.added)
    if held.count:
        say(
            lang,
            N_n(
                "{count} line of {source} went to {account}, {amount} in all: no "
                "`bank-match` rule says what it is. Move it to its account in the books; "
                "kongtun check warns until {account} is back to zero.",
                "{count} lines of {source} went to {account}, {amount} in all: no "
                "`bank-match` rule says what they are. Move each to its account in the books; "
                "kongtun check warns until {account} is back to zero.",
            ),
            count=held.count,
            source=plan.source,
            account=SUSPENSE,
            amount=money(held.gross, "THB", lang),
        )


def checked_plan(source: str, files: tuple[Path, Path], options: Options, lang: Lang) -> Plan:
    """The plan to import ``source`` into ``files`` (the ledger, the file to append to); when
    it has problems, print them and stop with exit status 1."""
    into, where = files
    try:
        plan = plan_import(source, into, where, options)
    except OSError:
        raise  # the file named, exit status 2: kongtun.cli.common.KongtunGroup
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
    refuse_era_slips(lang, plan.era_slips, str(into))
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


READ_ONLY = N_(
    "{path} is read-only (its permissions do not allow writing); nothing was written. If the "
    "books should change, make it writable (chmod u+w {path}) and import again."
)


def writable(where: Path, lang: Lang) -> None:
    """Stop with exit status 2 when ``where`` must not be written (its permissions say so)."""
    try:
        refuse_read_only(where)
    except ReadOnlyError:
        fail(lang, READ_ONLY, path=where)


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
    except ReadOnlyError:
        fail(lang, READ_ONLY, path=where)
    except OSError as error:
        os_failure(lang, error)
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
