"""``kongtun carry`` and ``kongtun verify-chain``: one file a year, and the chain checked."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
from pathlib import Path
from typing import Any, Final

import click

from kongtun.cli.check import report_line
from kongtun.cli.common import (
    LANG_OPTION,
    day_option,
    fail,
    problems_found,
    require_file,
    say,
    words,
)
from kongtun.cli.files import write_atomic
from kongtun.cli.load import load_books
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.books.fund import Fund
from kongtun.ledger.i18n import N_, Lang, N_n
from kongtun.ledger.messages import to_error, to_errors
from kongtun.ledger.model import Books, loaded_books
from kongtun.ledger.years.carry import CarryInput, carry_forward, later_entries, verify_link
from kongtun.ledger.years.closes import close_holds, published_as, read_closes
from kongtun.ledger.years.year_end import read_year_data, year_label

PROBLEMS_FOUND = N_n("{count:,} problem found.", "{count:,} problems found.")


def books_digest(options: dict[str, Any]) -> str:
    """SHA-256 over every file Beancount read for these books (names and bytes)."""
    main = Path(options["filename"]).parent
    digest = hashlib.sha256()
    for path in options.get("include") or [options["filename"]]:
        digest.update(os.path.relpath(path, main).encode() + b"\0")
        digest.update(Path(path).read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


def load_clean(
    path: str, lang: Lang, loaded: tuple[list[Any], list[Any], Any] | None = None
) -> tuple[list[Any], dict[str, Any]]:
    """Load ``path`` (or take what was ``loaded`` of it); stop with a clear message when it
    cannot be read or has problems."""
    if loaded is None:
        require_file(lang, path)
        loaded = load_books(path, full=True)
    entries, errors, options = loaded
    if errors:
        for error in errors:
            click.echo(report_line(error, lang).text(), err=True)
        fail(
            lang,
            N_n(
                "{path} has {count:,} problem; fix it first (kongtun check {path}).",
                "{path} has {count:,} problems; fix them first (kongtun check {path}).",
            ),
            path=path,
            count=len(errors),
        )
    return entries, options


def new_start(fund: Fund, start: datetime.date | None, lang: Lang) -> datetime.date:
    """The new file's first day: ``start``, or 1 January after the last transaction."""
    last = fund.last_date or datetime.date.today()
    first = start or datetime.date(last.year + 1, 1, 1)
    welfare = fund.info is not None and fund.info.kind == "welfare-fund"
    if welfare and (first.month, first.day) != (1, 1):
        fail(
            lang,
            N_(
                "a welfare fund's books are carried from 1 January: its caps and limits are "
                "per calendar year. Leave out --start, or give a 1 January."
            ),
        )
    return first


def refuse_later(entries: list[Any], first: datetime.date, old: str, lang: Lang) -> None:
    """Stop when the old books hold transactions that belong to the new file."""
    late = later_entries(entries, first)
    if late:
        fail(
            lang,
            N_n(
                "{path} has {count:,} transaction dated on or after {start} "
                "(at line {line}). Move it into the new file, or choose a later --start.",
                "{path} has {count:,} transactions dated on or after {start} "
                "(the first at line {line}). Move them into the new file, or "
                "choose a later --start.",
            ),
            path=old,
            count=len(late),
            start=first.isoformat(),
            line=late[0].meta["lineno"],
        )


def write_checked(target: Path, text: str, old: tuple[list[Any], str], lang: Lang) -> None:
    """Write the new file, load it and check its link to the old books; remove it if either
    fails (``old``: the old books' entries and digest)."""
    entries, digest = old
    write_atomic(target, text)
    new_entries, new_errors, _ = load_books(target.resolve(), full=True)
    link = to_errors(verify_link(entries, digest, new_entries, str(target)), lang)
    if new_errors or link:
        target.unlink()
        for error in [*new_errors, *link]:
            click.echo(report_line(error, lang).text(), err=True)
        fail(
            lang,
            N_(
                "the carried books did not check out, so nothing was written. "
                "Please report this with the ledger file."
            ),
        )


def warn_no_year_end(
    entries: list[Any], books: Books, first: datetime.date, old: str, lang: Lang
) -> None:
    """Warn (on stderr; the carry is done) when the year before ``first`` has no year end:
    its surplus is carried in Equity:Opening without being shared out (docs/year-end.md)."""
    fund = books.fund
    if fund.info is None or fund.info.kind == "welfare-fund":
        return  # a welfare fund carries its surplus: it has no year end
    last = first - datetime.timedelta(days=1)
    if year_label(last.year) in read_year_data(entries, fund.currency).recorded:
        return
    say(
        lang,
        N_(
            "warning: the year {year} has no year end: its surplus is carried in "
            "Equity:Opening without being shared out. If the assembly shares it out, run "
            "`kongtun year-end {path} --year {year} --write` and carry again."
        ),
        err=True,
        year=year_label(last.year),
        path=old,
    )


@click.command(
    cls=KongtunCommand,
    help=N_(
        "Start NEW, the next year's books, with OLD's closing balances, members and "
        "rules.\n\n"
        "OLD is not changed. NEW must not exist. Keep recording in NEW from its first day "
        "on."
    ),
)
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@day_option(
    "--start",
    "start",
    N_("First day of the new file (default: 1 January after the last transaction)."),
)
@LANG_OPTION
def carry(old: str, new: str, start: datetime.date | None, lang: Lang) -> None:
    if os.path.exists(new):
        fail(
            lang,
            N_("{path} exists; kongtun carry never overwrites books. Choose another name."),
            path=new,
        )
    entries, options = load_clean(old, lang)
    books = loaded_books(entries, options)
    first = new_start(books.fund, start, lang)
    refuse_later(entries, first, old, lang)
    digest = books_digest(options)
    text = carry_forward(CarryInput(entries, options, books, os.path.basename(old), digest), first)
    write_checked(Path(new), text, (entries, digest), lang)
    message = N_("wrote {path}: the books from {start} on, opening balances carried from {old}")
    say(lang, message, path=new, start=first.isoformat(), old=old)
    warn_no_year_end(entries, books, first, old, lang)


#: the rules that say the closed months or the chain of closes changed: verify-chain's answer
CHAIN_RULES: Final = frozenset(
    {
        "closed-period-changed",
        "closed-period-entry",
        "closed-period-chain",
        "period-close-malformed",
        "carry-close-mismatch",
    }
)


def changed_closes(errors: list[Any], lang: Lang) -> list[str]:
    """The problems of a load that say a closed month or the chain of closes changed, each as
    a line to print."""
    return [
        report_line(error, lang).text()
        for error in errors
        if getattr(error, "rule", None) in CHAIN_RULES
    ]


def unpublished(books: dict[str, list[Any]], expect: tuple[str, ...], lang: Lang) -> list[str]:
    """The digests of ``expect`` (published outside the books) that no close of the books has
    or that no longer hold, each as a line to print."""
    lines = []
    for digest in expect:
        found = [
            (entries, close)
            for entries in books.values()
            for close in read_closes(entries)[0]
            if published_as(close.digest, digest)
        ]
        if not any(close_holds(entries, close) for entries, close in found):
            message = N_(
                "the books do not match the published digest {digest}: no close of them has it, "
                "or the months it closed were changed afterwards."
            )
            lines.append(words(lang, message, digest=digest))
    return lines


@click.command(
    "verify-chain",
    cls=KongtunCommand,
    help=N_(
        "Check that each file's opening balances equal the previous file's closing "
        "balances, that each carries the chain of month closes on, and that every "
        "--expect digest is a close of the books that still holds.\n\n"
        "FILES are the years in order, oldest first. Exit status 1 when a link does not "
        "hold, a closed month was changed or the chain of closes is broken (the problems are "
        "listed); 2 when a file cannot be read or has other problems."
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--expect",
    "expect",
    multiple=True,
    metavar="DIGEST",
    help=N_("A close's digest published outside the books (statements, the district); repeatable."),
)
@LANG_OPTION
def verify_chain(files: tuple[str, ...], expect: tuple[str, ...], lang: Lang) -> None:
    read = {}
    for path in files:
        require_file(lang, path)
        read[path] = load_books(path, full=True)
    changed = [line for _, errors, _ in read.values() for line in changed_closes(errors, lang)]
    if changed:  # the answer: the books are no longer those that were closed
        for found in changed:
            click.echo(found)
        problems_found(lang, PROBLEMS_FOUND, count=len(changed))
    loaded = {path: load_clean(path, lang, read[path]) for path in files}
    problems = unpublished({path: entries for path, (entries, _) in loaded.items()}, expect, lang)
    for old, new in itertools.pairwise(files):
        (old_entries, old_options), (new_entries, _) = loaded[old], loaded[new]
        for link in verify_link(old_entries, books_digest(old_options), new_entries, new):
            problems.append(report_line(to_error(link, lang), lang).text())
    for found in problems:
        click.echo(found)
    if problems:
        problems_found(lang, PROBLEMS_FOUND, count=len(problems))
    message = N_n(
        "chain verified: {count} file, each opening equals the previous closing.",
        "chain verified: {count} files, each opening equals the previous closing.",
    )
    say(lang, message, count=len(files))
