"""``kongtun close``: seal a month the committee approved with a digest of its books."""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import click

from kongtun.cli.carry import load_clean
from kongtun.cli.check import report_line
from kongtun.cli.common import LANG_OPTION, MONTH_OPTION, fail, require_file, say
from kongtun.cli.files import write_atomic
from kongtun.cli.load import load_books
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.i18n import N_, Lang
from kongtun.ledger.model import loaded_books
from kongtun.ledger.thai import wide_month
from kongtun.ledger.years.closes import (
    carried_close,
    check_statement,
    close_text,
    digest_days,
    month_end,
    month_of,
    read_closes,
)
from kongtun.templates.verdict import verdict_text


def _words(day: datetime.date, lang: Lang) -> str:
    """A month in words: กันยายน 2567, September 2024."""
    return wide_month(day, lang)


def _members(by: str | None, known: set[str], lang: Lang) -> list[str]:
    """The ids of ``--by`` (comma-separated), each a declared member."""
    ids = [one.strip() for one in (by or "").split(",") if one.strip()]
    unknown = [one for one in ids if one not in known]
    if unknown:
        fail(
            lang,
            N_("--by {ids}: no such member in the books. Give the ids of the members who closed."),
            ids=", ".join(unknown),
        )
    return ids


def _previous(
    entries: list[object], last: datetime.date, lang: Lang
) -> tuple[str, datetime.date | None] | None:
    """The close before the month ending on ``last``; stop when the month is closed already
    or lies before the last close."""
    closes, _ = read_closes(entries)  # type: ignore[arg-type]
    if not closes:
        carried = carried_close(entries)  # type: ignore[arg-type]
        return None if carried is None else (carried, None)
    if any(close.month == month_of(last) for close in closes):
        fail(lang, N_("{month} is closed already; nothing was written."), month=_words(last, lang))
    if last < closes[-1].date:
        fail(
            lang,
            N_(
                "{month} is before the last close ({last}); months are closed in order. "
                "Correct an earlier month with an entry dated after the last close."
            ),
            month=_words(last, lang),
            last=_words(closes[-1].date, lang),
        )
    return closes[-1].digest, closes[-1].date


def _append(path: Path, text: str, lang: Lang) -> None:
    """Append ``text`` to ``path`` atomically; put the file back and stop if the books do not
    load clean with it."""
    before = path.read_bytes()
    joint = b"" if before.endswith(b"\n") or not before else b"\n"
    write_atomic(path, before + joint + b"\n" + text.encode("utf-8"))
    _, errors, _ = load_books(path, full=True)
    if errors:
        write_atomic(path, before)
        for error in errors:
            click.echo(report_line(error, lang).text(), err=True)
        fail(lang, N_("the close did not check out, so nothing was written. Please report this."))


@click.command(
    "close",
    cls=KongtunCommand,
    help=N_(
        'Close MONTH of LEDGER: append a custom "period-close" with the digest of every '
        "entry up to its last day (docs/closes.md). The books must be clean; months close "
        "in order."
    ),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@MONTH_OPTION
@click.option("--by", "by", default=None, help=N_("Members who closed it: M0003,M0007."))
@click.option("--resolution", default=None, help=N_("The meeting's resolution that approved it."))
@LANG_OPTION
def close_command(
    ledger: str, month: datetime.date, by: str | None, resolution: str | None, lang: Lang
) -> None:
    entries, options = load_clean(ledger, lang)
    books = loaded_books(entries, options)
    ids = _members(by, set(books.fund.members), lang)
    last = month_end(month)
    previous = _previous(entries, last, lang)
    text = close_text(digest_days(entries, last), last, previous, ids, resolution, entries=entries)
    _append(Path(os.path.abspath(ledger)), text, lang)
    digest = text.split('"')[3]
    say(
        lang,
        N_("closed {month} in {path}: {digest}"),
        month=_words(last, lang),
        path=ledger,
        digest=digest,
    )


@click.command(
    "verify-statement",
    cls=KongtunCommand,
    help=N_(
        "Check a paper statement against the books: exit status 0 when its code is the "
        "one the books give for MEMBER and MONTH, 1 (with the reason) when not."
    ),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@click.option("--member", "member_id", required=True, help=N_("The member's id: M0001."))
@MONTH_OPTION
@click.option(
    "--code",
    required=True,
    help=N_("The code printed on the statement: XXXX-XXXX-XXXX (or an older XXXX-XXXX)."),
)
@click.option(
    "--expect", default=None, help=N_("The close's digest as published (statement, report).")
)
@LANG_OPTION
def verify_statement(  # noqa: PLR0917 - one parameter an option, as click gives them
    ledger: str,
    member_id: str,
    month: datetime.date,
    code: str,
    expect: str | None,
    lang: Lang,
) -> None:
    require_file(lang, ledger)
    entries, _, options = load_books(ledger, full=True)
    books = loaded_books(entries, options)
    if member_id not in books.fund.members:
        fail(lang, N_("there is no member {member} in the books."), member=member_id)
    verdict = check_statement(entries, books, month, member_id=member_id, code=code, expect=expect)
    click.echo(verdict_text(verdict, lang))
    if not verdict.ok:
        sys.exit(1)
