"""``kongtun audit LEDGER --year 2567 --out DIR [--pdf] [--sample N --seed S]``: the auditor's
workpaper of a fiscal year (docs/audit.md).

Writes ``DIR/audit-2567.html`` and ``DIR/audit-2567.json`` (and ``audit-2567.pdf`` with
``--pdf``): the trial balance tied to the balance sheet, cash and bank, the books' problems
and the month closes, loans, committee members and expenses, a random sample of transactions
to vouch and every member's balance confirmation (one page each). Without ``--seed`` the seed
is drawn and printed, so that the sample can be drawn again. The books are only read.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import click

from kongtun.cli.common import LANG_OPTION, fail, refuse_era_slips, require_file, say
from kongtun.cli.load import load_books
from kongtun.cli.reports import render_all, write_all
from kongtun.cli.usage import KongtunCommand
from kongtun.cli.year_end import YEAR_OPTION
from kongtun.ledger.audit.workpaper import workpaper
from kongtun.ledger.i18n import N_, Lang, gettext
from kongtun.ledger.model import load_errors, loaded_books
from kongtun.templates.audit import as_json, page_model
from kongtun.templates.render import Format, render_paper

TITLE = N_("Auditor's workpaper")
#: seeds drawn when none is given (printed, to draw the same sample again)
SEED_RANGE = 1_000_000


@click.command(
    "audit",
    cls=KongtunCommand,
    help=N_(
        "The auditor's workpaper of a fiscal year: HTML and JSON (PDF with --pdf), docs/audit.md."
    ),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@YEAR_OPTION
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help=N_("The folder to write the workpaper into."),
)
@click.option("--pdf", is_flag=True, help=N_("Write a PDF (A4, Thai font included) as well."))
@click.option(
    "--sample",
    "size",
    type=click.IntRange(min=0),
    default=0,
    help=N_("How many transactions to draw for vouching."),
)
@click.option(
    "--seed",
    "seed",
    type=int,
    default=None,
    help=N_("The seed of the sample (the same seed draws the same sample)."),
)
@LANG_OPTION
def audit_command(
    ledger: str, *, year: int, out: str, pdf: bool, size: int, seed: int | None, lang: Lang
) -> None:
    require_file(lang, ledger)
    entries, errors, options = load_books(ledger, full=True)
    books = loaded_books(entries, options)
    refuse_era_slips(lang, books.problems, ledger)
    if books.fund.info is None:
        fail(
            lang,
            N_('{path} declares no fund (custom "fund"): there is nothing to audit.'),
            path=ledger,
        )
    if size and seed is None:
        seed = random.SystemRandom().randrange(SEED_RANGE)
    paper = workpaper(
        books, entries, load_errors(errors, options), year, sample_size=size, seed=seed or 0
    )
    if paper.sample is not None:
        say(
            lang,
            N_(
                "sample of {size} transactions drawn with seed {seed} "
                "(--seed {seed} draws it again)"
            ),
            size=len(paper.sample.items),
            seed=paper.sample.seed,
        )
    fmt = Format(lang, books.fund.currency)
    title = f"{gettext(TITLE, lang)} {paper.label}"
    base = Path(out) / f"audit-{paper.label}.html"

    def html() -> str:
        return render_paper("audit", fmt, title, **page_model(paper, lang))

    text = json.dumps(as_json(paper, lang), ensure_ascii=False, indent=2) + "\n"
    jobs = [(base, html)]
    outputs = render_all(jobs, False, title)
    if pdf:
        outputs += render_all(jobs, True, title)
    write_all([*outputs, (base.with_suffix(".json"), text)], lang)
    say(
        lang,
        N_("{count} findings to look at, {problems} problems in the books."),
        count=len(paper.findings()),
        problems=len(paper.errors),
    )
