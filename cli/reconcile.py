"""``kongtun reconcile``: a lender's books against its borrowers' books.

Thin: load the books (the lender's must be ``custom "fund" "lender"`` with a ``code:``),
compare them (:func:`kongtun.ledger.network.reconcile.reconcile`) and print each difference
with both sides' file and line, in Thai or English, or as JSON. Exit status 0 when every
organisation's books agree with the lender's, 1 when anything differs, 2 on bad input
(docs/network.md).
"""

from __future__ import annotations

import datetime
import json
from typing import Any, Final

import click

from kongtun.cli.common import (
    LANG_OPTION,
    day_option,
    fail,
    problems_found,
    refuse_era_slips,
    require_file,
    say,
)
from kongtun.cli.load import load_books
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.i18n import N_, Lang, N_n
from kongtun.ledger.messages import render
from kongtun.ledger.model import loaded_books
from kongtun.ledger.network.reconcile import (
    DEFAULT_TOLERANCE,
    DIFFERENCES,
    Difference,
    Ledger,
    Reconciliation,
    lender_code,
    reconcile,
)
from kongtun.ledger.thai import message_date

FORMAT: Final = "kongtun-reconcile/1"
AGREE = N_n(
    "The lender's books ({code}) and {count:,} organisation's books agree on {date}: every "
    "loan, repayment, moratorium and balance.",
    "The lender's books ({code}) and {count:,} organisations' books agree on {date}: every "
    "loan, repayment, moratorium and balance.",
)
DIFFER = N_n(
    "{differences:,} differences between the lender's books ({code}) and {count:,} "
    "organisation's books on {date} (listed above, lender's file:line / organisation's "
    "file:line).",
    "{differences:,} differences between the lender's books ({code}) and {count:,} "
    "organisations' books on {date} (listed above, lender's file:line / organisation's "
    "file:line).",
)
NOT_LENDER = N_(
    '{path}: not a lender\'s books: the first ledger must have `custom "fund" "lender"` '
    'with `code: "CODI"` (the name its borrowers give it in Liabilities:Loans:CODI); see '
    "docs/network.md."
)
NOT_FUND = N_('{path}: not a fund\'s books (no custom "fund"); nothing was compared.')


def read_ledger(path: str, lang: Lang) -> Ledger:
    """One side's books, or stop (exit status 2) when they cannot be read."""
    require_file(lang, path)
    entries, _, options = load_books(path)
    books = loaded_books(entries, options)
    refuse_era_slips(lang, books.problems, path)
    if books.fund.info is None:
        fail(lang, NOT_FUND, path=path)
    return Ledger(path, books, entries)


def last_day(ledgers: list[Ledger]) -> datetime.date:
    """The last day any of the books has an entry on."""
    days = [ledger.entries[-1].date for ledger in ledgers if ledger.entries]
    return max(days) if days else datetime.date.min


def difference_text(found: Difference, lang: Lang) -> str:
    return (
        f"{found.lender.text()} / {found.borrower.text()}: "
        f"{render(found.kind, found.params, lang, DIFFERENCES)}"
    )


def as_json(result: Reconciliation, lang: Lang) -> str:
    def side(found: Difference) -> dict[str, Any]:
        return {
            "kind": found.kind,
            "org": found.org,
            "loan": found.loan,
            "lender": {"file": found.lender.file, "line": found.lender.line},
            "organisation": {"file": found.borrower.file, "line": found.borrower.line},
            "message": render(found.kind, found.params, lang, DIFFERENCES),
        }

    document = {
        "format": FORMAT,
        "lender": result.lender,
        "code": result.code,
        "date": result.day.isoformat(),
        "tolerance_days": result.tolerance,
        "agree": not result.differences,
        "organisations": [
            {
                "file": org.file,
                "org": org.org,
                "name": org.name,
                "loans": list(org.loans),
                "balance": {
                    "lender": str(org.lender_balance),
                    "organisation": str(org.org_balance),
                },
                "differences": [side(found) for found in org.differences],
            }
            for org in result.organisations
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@click.command(
    "reconcile",
    cls=KongtunCommand,
    help=N_(
        "Match LENDER's loans to organisations against each ORGANISATION's books: every "
        "disbursement and repayment (date within --tolerance-days, amounts exactly), the "
        "moratoria on both sides (each organisation moratorium must follow the lender's), the "
        "rate, the schedule (what is due and in arrears) and the balance on --date. Exit "
        "status 0 when all agree, 1 when anything differs, 2 on bad input."
    ),
)
@click.argument("lender", type=click.Path(dir_okay=False))
@click.argument("organisations", nargs=-1, required=True, type=click.Path(dir_okay=False))
@day_option(
    "--date",
    "day",
    N_(
        "Compare the books up to this day (2024-12-31 or 2567-12-31); left out, the last day "
        "any of the books has an entry on."
    ),
)
@click.option(
    "--tolerance-days",
    "tolerance",
    type=click.IntRange(0, 366),
    default=DEFAULT_TOLERANCE,
    show_default=True,
    help=N_("How many days a disbursement's or a repayment's date may differ between the books."),
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("text for people, json for programs."),
)
@LANG_OPTION
def reconcile_command(
    *,
    lender: str,
    organisations: tuple[str, ...],
    day: datetime.date | None,
    tolerance: int,
    output: str,
    lang: Lang,
) -> None:
    lender_books = read_ledger(lender, lang)
    if lender_code(lender_books.books) is None:
        fail(lang, NOT_LENDER, path=lender)
    orgs = [read_ledger(path, lang) for path in organisations]
    when = day or last_day([lender_books, *orgs])
    result = reconcile(lender_books, orgs, when, tolerance)
    found = result.differences
    if output == "json":
        click.echo(as_json(result, lang), nl=False)
    else:
        for one in found:
            click.echo(difference_text(one, lang))
    params = {"code": result.code, "count": len(orgs), "date": message_date(when, lang)}
    if found:
        problems_found(lang, DIFFER, differences=len(found), **params)
    say(lang, AGREE, err=True, **params)
