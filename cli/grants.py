"""``kongtun grant-report LEDGER --grant ID``: the report back to a grant's giver.

Thin: load the books, build :func:`kongtun.ledger.reports.grants.grant_report`, render the
``grant`` page (HTML, or PDF with ``--pdf``) and write it atomically (docs/grants.md).
"""

from __future__ import annotations

from pathlib import Path

import click

from kongtun.cli.common import LANG_OPTION, fail, refuse_era_slips, require_file, say
from kongtun.cli.files import write_atomic
from kongtun.cli.load import load_books
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.i18n import N_, Lang, N_n, gettext
from kongtun.ledger.messages import to_errors
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.grants import grant_report
from kongtun.templates.render import Format, render_paper, render_pdf

TITLE = N_("Report on the use of a grant")


@click.command(
    "grant-report",
    cls=KongtunCommand,
    help=N_("The report back to a grant's giver: tranches, spending by line, share, what is left."),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@click.option("--grant", "grant_id", required=True, help=N_('The grant\'s id (custom "grant").'))
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False),
    help=N_("The file to write (default: grant-ID.html, or .pdf, in this folder)."),
)
@click.option("--pdf", is_flag=True, help=N_("Write PDF (A4, Thai font included) instead of HTML."))
@LANG_OPTION
def grant_report_command(
    ledger: str, grant_id: str, out: str | None, pdf: bool, lang: Lang
) -> None:
    require_file(lang, ledger)
    entries, _, options = load_books(ledger)
    books = loaded_books(entries, options)
    refuse_era_slips(lang, books.problems, ledger)
    report = grant_report(books, grant_id)
    if report is None:
        fail(
            lang,
            N_("{path} has no grant {grant}; its grants are: {known}. Check --grant."),
            path=ledger,
            grant=grant_id,
            known=", ".join(books.grants.books) or "-",
        )
    fmt = Format(lang, books.fund.currency)
    title = f"{gettext(TITLE, lang)} {grant_id}"
    html = render_paper(
        "grant", fmt, title, g=report, problems=to_errors(list(report.problems), lang)
    )
    path = Path(out) if out else Path(f"grant-{grant_id}.html")
    if pdf and not out:
        path = path.with_suffix(".pdf")
    write_atomic(path, render_pdf(html) if pdf else html)
    if report.problems:
        say(
            lang,
            N_n(
                "warning: grant {grant} has {count} problem; the report lists it first.",
                "warning: grant {grant} has {count} problems; the report lists them first.",
            ),
            err=True,
            grant=grant_id,
            count=len(report.problems),
        )
    say(lang, N_("wrote {path}"), path=path)
