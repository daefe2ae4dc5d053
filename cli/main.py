"""The ``kongtun`` command line."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from kongtun.cli.audit import audit_command
from kongtun.cli.carry import carry, verify_chain
from kongtun.cli.check import as_json, as_text, check_ledger, summarised
from kongtun.cli.close import close_command, verify_statement
from kongtun.cli.common import (
    LANG_OPTION,
    MONTH_OPTION,
    KongtunGroup,
    fail,
    problems_found,
    say,
)
from kongtun.cli.files import write_atomic
from kongtun.cli.grants import grant_report_command
from kongtun.cli.importing import import_command
from kongtun.cli.loans import loans
from kongtun.cli.provision import provision_command
from kongtun.cli.reconcile import reconcile_command
from kongtun.cli.reports import report_command, statements_command
from kongtun.cli.rollup import rollup
from kongtun.cli.serve import serve
from kongtun.cli.usage import VERSION_OPTION
from kongtun.cli.welfare import welfare_status
from kongtun.cli.year_end import annual_report_command, year_end_command
from kongtun.generators.demo import demo_books
from kongtun.generators.grants import NETWORK_FILE, network_book
from kongtun.generators.network import LENDER_FILE, NETWORK_HEADER, network_books
from kongtun.generators.savings import HEADER
from kongtun.generators.scale import (
    SCALE_HEADER,
    SCALE_KINDS,
    ScaleKind,
    scale_book,
    scale_file_name,
)
from kongtun.importers.demo import demo_files, write_demo_month, written_by_demo
from kongtun.ledger.i18n import N_, Lang, N_n
from kongtun.ledger.messages import SuspenseWarning

PROBLEMS_FOUND = N_n("{count:,} problem found.", "{count:,} problems found.")
#: how the first line of a file kongtun demo wrote begins
MARKERS = (HEADER.split("(", 1)[0], SCALE_HEADER.split("`", 1)[0], NETWORK_HEADER.split("`", 1)[0])


@click.group(
    cls=KongtunGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("kongtun (กองทุน): books for Thai community funds that check themselves."),
)
@VERSION_OPTION
def main() -> None:
    """The group of kongtun's commands (its help is the catalog's, above)."""


@main.command(
    help=N_(
        "Check LEDGER: print every problem as file:line: rule-id: message.\n\n"
        "Exit status: 0 when the books are clean, 1 when there are problems, 2 when the "
        "ledger cannot be read (or is not a ledger). A warning (money waiting in "
        "Assets:Suspense) is printed on stderr and does not change the exit status."
    )
)
@click.argument("ledger", type=click.Path())
@LANG_OPTION
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("text for people, json for programs."),
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help=N_("List every problem, also the errors that follow from a missing plugin line."),
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help=N_(
        "Recompute every month close and check every recorded year end, "
        "not answering from kongtun's caches."
    ),
)
def check(ledger: str, lang: Lang, output: str, every: bool, no_cache: bool) -> None:
    warnings: list[SuspenseWarning] = []
    problems = check_ledger(ledger, lang, warnings, full=no_cache)
    for warning in warnings:
        click.echo(f"kongtun: {warning.text(lang)}", err=True)
    if output == "json":
        click.echo(as_json(ledger, lang, problems, warnings), nl=False)
        if problems:
            problems_found(lang)
    elif problems:
        lines, summary = (problems, "") if every else summarised(problems, lang)
        click.echo(as_text(lines) + summary, nl=False)
        problems_found(lang, PROBLEMS_FOUND, count=len(problems))
    else:
        say(lang, N_("No problems found in {path}."), err=True, path=ledger)


@main.command(
    help=N_(
        "Write sample books (a savings group, a welfare fund, a revolving fund) into "
        "DIRECTORY.\n\n"
        "With --members N (and --years Y) it writes one fund of N members over Y years "
        "instead, about N x 8 x Y transactions, for benchmarks: the demo savings group "
        "grown (--kind savings-group, the default; scale-NxY.beancount) or the demo "
        "welfare fund grown (--kind welfare-fund; scale-welfare-NxY.beancount). With "
        "--network --funds N it writes N funds of mixed kinds and sizes across provinces, "
        "districts and tambons, one folder a province (for kongtun rollup; docs/network.md). "
        "With --grant-network it writes a provincial network's 102 grants (docs/grants.md). "
        "Files that exist are only replaced when kongtun demo wrote them."
    )
)
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--seed",
    type=int,
    default=2567,
    show_default=True,
    help=N_("The same seed writes the same books."),
)
@click.option(
    "--members",
    type=click.IntRange(1, 100_000),
    default=None,
    help=N_("Write one fund of this many members instead (for benchmarks; see --kind)."),
)
@click.option(
    "--kind",
    type=click.Choice(SCALE_KINDS),
    default=None,
    help=N_("With --members: the kind of fund to grow (default: savings-group)."),
)
@click.option(
    "--years",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help=N_("With --members: how many years of books."),
)
@click.option(
    "--network",
    is_flag=True,
    help=N_("Write a network of --funds funds across provinces, districts and tambons instead."),
)
@click.option(
    "--funds",
    type=click.IntRange(1, 100_000),
    default=100,
    show_default=True,
    help=N_("With --network: how many funds."),
)
@click.option(
    "--grant-network",
    is_flag=True,
    help=N_(
        "Write instead a provincial network's 102 grants (docs/grants.md), with planted "
        "problems for kongtun check to find."
    ),
)
@LANG_OPTION
def demo(
    *,
    directory: str,
    seed: int,
    members: int | None,
    kind: ScaleKind | None,
    years: int,
    network: bool,
    funds: int,
    grant_network: bool,
    lang: Lang,
) -> None:
    if network:
        write_network(Path(directory), funds, seed, members is not None or kind is not None, lang)
        return
    if members is None and kind is not None:
        fail(
            lang,
            N_(
                "--kind chooses the kind of fund --members grows; nothing was written. "
                "Add --members N, or leave out --kind for the sample books."
            ),
        )
    grown: ScaleKind = kind or "savings-group"
    books = (
        demo_books(seed)
        if members is None
        else {scale_file_name(members, years, grown): scale_book(members, years, seed, grown)}
    )
    books = {NETWORK_FILE: network_book(seed)} if grant_network else books
    target = Path(directory)
    extras = demo_files(target) if members is None and not grant_network else []
    refuse_others(lang, extras, [target / name for name in books])
    for name, text in books.items():
        write_atomic(target / name, text)
        say(lang, N_("wrote {path}"), path=target / name)
    if extras:
        for path in write_demo_month(target, target / "savings-group.beancount"):
            say(lang, N_("wrote {path}"), path=path)


def write_network(target: Path, funds: int, seed: int, mixed: bool, lang: Lang) -> None:
    """``kongtun demo --network``: the network's funds, one folder a province."""
    if mixed:
        fail(
            lang,
            N_(
                "--network writes funds of every kind and size; nothing was written. "
                "Leave out --members and --kind."
            ),
        )
    books = network_books(funds, seed)
    refuse_others(lang, [], [target / name for name in books])
    for name, text in books.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target / name, text)
    say(lang, N_("wrote {count:,} funds into {path}"), count=funds, path=target)
    if LENDER_FILE in books:
        say(
            lang,
            N_("wrote {path}: the books of the revolving funds' lender (kongtun reconcile)"),
            path=target / LENDER_FILE,
        )


def refuse_others(lang: Lang, extras: list[Path], books: list[Path]) -> None:
    """Stop before writing anything when a file in the way was not written by kongtun demo."""
    theirs = [path for path in extras if not written_by_demo(path)]
    theirs += [
        path
        for path in books
        if path.exists() and not path.read_text(encoding="utf-8").startswith(MARKERS)
    ]
    if theirs:
        fail(
            lang,
            N_(
                "{path} exists and was not written by kongtun demo; "
                "nothing was written. Choose another directory."
            ),
            path=theirs[0],
        )


main.add_command(carry)
main.add_command(verify_chain)
main.add_command(close_command)
main.add_command(verify_statement)
main.add_command(serve)
main.add_command(import_command)
main.add_command(loans)
main.add_command(welfare_status)
main.add_command(year_end_command)
main.add_command(annual_report_command)
main.add_command(rollup)
main.add_command(grant_report_command)
main.add_command(audit_command)
main.add_command(provision_command)
main.add_command(reconcile_command)

PDF_OPTION = click.option(
    "--pdf", is_flag=True, help=N_("Write PDF (A4, Thai font included) instead of HTML.")
)
DIGITS_OPTION = click.option(
    "--thai-digits", is_flag=True, help=N_("Write numbers and dates in Thai digits (๑๒๓).")
)


@main.command(
    help=N_(
        "Write each member's statement for a month: one file per member in OUT.\n\n"
        "The month's files are one folder, "
        "OUT/statements-2567-09/statement-2567-09-M0001.html (.pdf with --pdf; the month as "
        "typed, 2567-09 or 2024-09; -en added in English), written whole or not at all; "
        "with --member the month's other statements stay. Exit status 2 and nothing written "
        "when the ledger, the month or a member is wrong."
    )
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@MONTH_OPTION
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), help=N_("Directory for the files.")
)
@click.option(
    "--member",
    "members",
    multiple=True,
    help=N_("Only this member (repeat for more); default: every member of the month."),
)
@LANG_OPTION
@PDF_OPTION
@DIGITS_OPTION
def statements(
    *,
    ledger: str,
    month: datetime.date,
    out: str,
    members: tuple[str, ...],
    lang: Lang,
    pdf: bool,
    thai_digits: bool,
) -> None:
    statements_command(
        ledger=ledger,
        month_day=month,
        out=out,
        members=members,
        lang=lang,
        pdf=pdf,
        thai_digits=thai_digits,
    )


@main.command(
    help=N_(
        "Write the fund's report for a month into OUT: report-2567-09.html (-public, -en, "
        ".pdf).\n\n"
        "Exit status 2 and nothing written when the ledger or the month is wrong."
    )
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@MONTH_OPTION
@click.option(
    "--out",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help=N_("Directory for the file."),
)
@LANG_OPTION
@click.option(
    "--public",
    is_flag=True,
    help=N_("For the notice board: members shown by id only, never by name (PDPA)."),
)
@PDF_OPTION
@DIGITS_OPTION
def report(
    *,
    ledger: str,
    month: datetime.date,
    out: str,
    lang: Lang,
    public: bool,
    pdf: bool,
    thai_digits: bool,
) -> None:
    report_command(
        ledger=ledger,
        month_day=month,
        out=out,
        lang=lang,
        public=public,
        pdf=pdf,
        thai_digits=thai_digits,
    )
