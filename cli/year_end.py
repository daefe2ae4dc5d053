"""``kongtun year-end LEDGER --year 2567 [--format json] [--write]``: the year's surplus, its
allocation and each member's dividend and return (docs/year-end.md).

Without ``--write`` it only shows them. With ``--write`` it appends the year end's entries to
LEDGER (a backup beside it, the file replaced atomically) and checks the books again; a year
already closed, a surplus too small for the rules, or books with problems are refused and the
file is left byte for byte as it was.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from beancount.parser import printer

from kongtun.cli.carry import load_clean
from kongtun.cli.check import report_line
from kongtun.cli.common import (
    LANG_OPTION,
    day_option,
    fail,
    lang_of,
    require_file,
    say,
    words,
)
from kongtun.cli.files import replace_keeping_backup
from kongtun.cli.load import load_books
from kongtun.cli.reports import render_all, write_all
from kongtun.cli.usage import KongtunCommand
from kongtun.cli.welfare import pad
from kongtun.ledger.i18n import N_, Lang, gettext
from kongtun.ledger.model import Books, loaded_books
from kongtun.ledger.thai import message_date, money_figure, parse_year
from kongtun.ledger.years.allocation import ZERO, purpose_names
from kongtun.ledger.years.annual_report import annual_report
from kongtun.ledger.years.year_end import (
    STEP_KEY,
    Cover,
    YearEnd,
    cover_entry,
    plan_cover,
    planned_entries,
    read_year_data,
    year_end,
    year_end_provision,
    year_label,
)
from kongtun.templates.render import Format, render_paper

TITLE = N_("Year end {year}: {start} to {end}")
INCOME = N_("income of the year")
EXPENSES = N_("expenses of the year")
SURPLUS = N_("surplus of the year")
CARRIED = N_("loss carried from earlier years")
SHARED = N_("surplus to share out")
CARRIED_ON = N_(
    "The surplus does not cover the loss carried from earlier years: no dividend and no "
    "return. {left} baht of loss stays in Equity:Surplus, carried forward (docs/year-end.md)."
)
LOSS = N_(
    "The year ends with a loss: no dividend and no return. The loss stays in Equity:Surplus "
    "for the assembly to cover: from the reserve (--cover reserve --resolution TEXT), or "
    "carried forward (--cover carry); docs/year-end.md."
)
WELFARE = N_(
    "A welfare fund pays no dividend: its surplus stays in its accounts, carried to next year."
)
ALLOCATION = N_("Allocation of the surplus")
RATES = N_(
    "dividend {dividend} % a year on shares ({basis}); return {ret} percent of interest paid"
)
BASIS = {"month": N_("by months held"), "day": N_("by days held")}
MEMBERS = N_("member id")
HELD = {"month": N_("baht-months held"), "day": N_("baht-days held")}
DIVIDEND = N_("dividend paid")
INTEREST = N_("interest paid in the year")
RETURN = N_("return paid")
PAID_TO = N_("paid into")
ANNUAL = N_("Annual report to the assembly")


def _year(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """``--year``: a fiscal year in either era (2567 or 2024), as the Gregorian year."""
    gregorian = parse_year(value)
    if gregorian is None:
        fail(
            lang_of(ctx),
            N_("--year {year} is not a year: write it as 2567 (พ.ศ.) or 2024."),
            year=value,
        )
    return gregorian


#: ``--year 2567`` (or 2024): the fiscal year, given to the command as its Gregorian year
YEAR_OPTION = click.option(
    "--year", "year", required=True, callback=_year, help=N_("The fiscal year: 2567 or 2024.")
)


def _figure(number: Decimal, lang: Lang) -> str:
    return money_figure(number, lang)


def as_text(year: YearEnd, lang: Lang) -> list[str]:
    """The year end as lines of text in ``lang``."""
    lines = [
        words(
            lang,
            TITLE,
            year=year.label,
            start=message_date(year.start, lang),
            end=message_date(year.end, lang),
        )
    ]
    income = -sum((n for a, n in year.closing.items() if a.startswith("Income:")), Decimal(0))
    expenses = sum((n for a, n in year.closing.items() if a.startswith("Expenses:")), Decimal(0))
    figures = [(INCOME, income), (EXPENSES, expenses), (SURPLUS, year.surplus)]
    if year.carried:
        figures += [(CARRIED, -year.carried), (SHARED, year.allocation.surplus)]
    for label, number in figures:
        lines.append(f"  {pad(gettext(label, lang), 40)} {_figure(number, lang):>16}")
    if year.welfare:
        return [*lines, gettext(WELFARE, lang)]
    if year.allocation.loss and year.carried and year.surplus >= 0:
        left = money_figure(-year.allocation.surplus, lang)
        return [*lines, words(lang, CARRIED_ON, left=left)]
    if year.allocation.loss:
        return [*lines, gettext(LOSS, lang)]
    return [*lines, *_allocation_text(year, lang), *_members_text(year, lang)]


def _allocation_text(year: YearEnd, lang: Lang) -> list[str]:
    allocation = year.allocation
    lines = ["", gettext(ALLOCATION, lang)]
    for purpose, amount in allocation.lines.items():
        if amount or purpose == "reserve":
            share = amount * 100 / allocation.surplus
            lines.append(
                f"  {pad(purpose_names(purpose, year.rules)[lang != 'th'], 40)} "
                f"{_figure(amount, lang):>16} {share:>7.2f} %"
            )
    terms = allocation.rules
    lines.append(
        words(
            lang,
            RATES,
            dividend=f"{allocation.dividend_rate:.2f}",
            basis=gettext(BASIS[terms.basis], lang),
            ret=f"{allocation.return_rate:.2f}",
        )
    )
    return lines


def _members_text(year: YearEnd, lang: Lang) -> list[str]:
    allocation = year.allocation
    held = HELD[allocation.rules.basis]
    head = [gettext(label, lang) for label in (MEMBERS, held, DIVIDEND, INTEREST, RETURN)]
    lines = [
        "",
        f"  {pad(head[0], 10)} {head[1]:>14} {head[2]:>12} {head[3]:>14} {head[4]:>12}  "
        + gettext(PAID_TO, lang),
    ]
    for member in year.members:
        dividend = allocation.dividends.get(member.member, Decimal(0))
        back = allocation.returns.get(member.member, Decimal(0))
        payee = year.payees.get(member.member, ("", ""))[0]
        lines.append(
            f"  {pad(member.member, 10)} {_figure(member.weight, lang):>14} "
            f"{_figure(dividend, lang):>12} {_figure(member.interest, lang):>14} "
            f"{_figure(back, lang):>12}  {payee}"
        )
    return lines


def as_json(year: YearEnd) -> dict[str, object]:
    """The year end as JSON-ready data (amounts as strings, to the satang)."""
    allocation = year.allocation

    def cents(number: Decimal) -> str:
        return f"{number:.2f}"

    return {
        "year": year.label,
        "start": year.start.isoformat(),
        "end": year.end.isoformat(),
        "surplus": cents(year.surplus),
        "carried_loss": cents(year.carried),
        "shared": cents(allocation.surplus),
        "carried": year.welfare,
        "closing": {account: cents(-number) for account, number in year.closing.items()},
        "allocation": {purpose: cents(amount) for purpose, amount in allocation.lines.items()},
        "dividend_rate": str(allocation.dividend_rate),
        "return_rate": str(allocation.return_rate),
        "reserve_min": cents(allocation.reserve_min),
        "short": cents(allocation.short),
        "members": [
            {
                "member": m.member,
                "shares_held": str(m.weight),
                "basis": allocation.rules.basis,
                "dividend": cents(allocation.dividends.get(m.member, Decimal(0))),
                "interest_paid": cents(m.interest),
                "return": cents(allocation.returns.get(m.member, Decimal(0))),
                "paid_to": list(year.payees.get(m.member, ())),
            }
            for m in year.members
        ],
    }


def write_year_end(ledger: str, text: str, lang: Lang) -> None:
    """Append ``text`` to ``ledger`` atomically; put the old file back if the books do not
    check out afterwards."""
    path = Path(ledger)
    old = path.read_bytes()
    separator = b"" if old.endswith(b"\n") or not old else b"\n"
    replace_keeping_backup(path, old, old + separator + text.encode("utf-8"))
    _, errors, _ = load_books(ledger)
    if errors:
        replace_keeping_backup(path, path.read_bytes(), old)
        for error in errors:
            click.echo(report_line(error, lang).text(), err=True)
        fail(
            lang,
            N_(
                "the year end did not check out, so {path} was left as it was. Please report "
                "this with the ledger file."
            ),
            path=ledger,
        )


@click.command(
    "year-end",
    cls=KongtunCommand,
    help=N_("The year's surplus, its allocation and each member's dividend and return."),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@YEAR_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("text for people, json for programs."),
)
@click.option("--write", is_flag=True, help=N_("Append the year end's entries to LEDGER."))
@click.option(
    "--cover",
    type=click.Choice(["reserve", "carry"]),
    default=None,
    help=N_("A loss: cover it from the reserve (by --resolution), or carry it forward."),
)
@click.option("--resolution", default=None, help=N_("The resolution that covers the loss."))
@day_option("--on", "on", N_("The day the loss is covered (default: the year's last day)."))
@LANG_OPTION
def year_end_command(
    ledger: str,
    *,
    year: int,
    fmt: str,
    write: bool,
    cover: str | None,
    resolution: str | None,
    on: datetime.date | None,
    lang: Lang,
) -> None:
    entries, options = load_clean(ledger, lang)
    books = loaded_books(entries, options)
    found = read_year_data(entries, books.fund.currency)
    closing = year_end(books, found, year)
    if fmt == "json":
        click.echo(json.dumps(as_json(closing), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(as_text(closing, lang)))
    covering = _covering(closing, entries, (cover, resolution, on), lang)
    if covering is not None and fmt == "text":
        click.echo(words(lang, COVER_PLAN, **_cover_words(covering, lang)))
    allowance = _provision_note(books, closing, ledger, lang)
    if not write:
        return
    if allowance:
        fail(lang, N_("the year end needs the allowance recorded first; nothing was written."))
    steps = {str(e.meta.get(STEP_KEY)) for e in found.recorded.get(year_label(year), ())}
    if steps and not (covering is not None and steps == {"close"}):
        fail(
            lang,
            N_("the year end {year} is already recorded in {path}; a year is closed once."),
            year=closing.label,
            path=ledger,
        )
    refuse_short(closing, lang)
    new = [] if steps else planned_entries(closing, books.fund, ledger)
    if covering is not None and cover == "reserve" and resolution:
        entry = cover_entry(closing, covering, resolution, books.fund, ledger)
        new += [entry] if entry is not None else []
    if not new:
        say(lang, N_("nothing to write: the year end {year} has no entries."), year=closing.label)
        return
    text = "\n".join(printer.format_entry(entry) for entry in new)
    write_year_end(ledger, text, lang)
    say(lang, N_("wrote the year end {year} to {path}"), year=closing.label, path=ledger)


COVER_PLAN = N_(
    "Covering the loss of {loss} baht: {covered} baht from the reserve (it holds {reserve} "
    "baht on {day}); {carried} baht carried forward in Equity:Surplus."
)


def _cover_words(cover: Cover, lang: Lang) -> dict[str, object]:
    figures = ("loss", "covered", "reserve", "carried")
    found: dict[str, object] = {k: money_figure(getattr(cover, k), lang) for k in figures}
    return {**found, "day": message_date(cover.day, lang)}


def _covering(
    closing: YearEnd,
    entries: list[Any],
    asked: tuple[str | None, str | None, datetime.date | None],
    lang: Lang,
) -> Cover | None:
    """How the loss is covered, when ``--cover`` asks (stops on options that do not fit)."""
    cover, resolution, on = asked
    if cover is None:
        if resolution is not None or on is not None:
            fail(lang, N_("--resolution and --on go with --cover reserve."))
        return None
    if not closing.allocation.loss:
        fail(lang, N_("--cover is for a year that ends with a loss; {year} does not."),
             year=closing.label)  # fmt: skip
    if cover == "reserve" and not (resolution and resolution.strip()):
        fail(lang, N_("--cover reserve needs --resolution: the resolution that covers the loss."))
    if on is not None and on < closing.end:
        fail(lang, N_("--on {day}: a loss is covered on or after the year's last day, {end}."),
             day=message_date(on, lang), end=message_date(closing.end, lang))  # fmt: skip
    plan = plan_cover(closing, entries, on)
    if cover == "carry":
        return Cover(plan.day, plan.loss, plan.reserve, ZERO, plan.loss)
    return plan


PROVISION_NOTE = N_(
    "The allowance for doubtful loans on {day} is {recorded} baht, but the rules require "
    "{required} baht: the surplus above is not the year's until it is recorded. Record it "
    "before the year end: kongtun provision {path} --date {iso} --write"
)


def _provision_note(books: Books, closing: YearEnd, ledger: str, lang: Lang) -> bool:
    """Say (on stderr) when the allowance on the year's last day is not what the rules
    require; whether it is not."""
    found = year_end_provision(books, closing)
    if found is None or not found.change:
        return False
    say(
        lang,
        PROVISION_NOTE,
        err=True,
        day=message_date(found.day, lang),
        iso=found.day.isoformat(),
        recorded=money_figure(found.recorded, lang),
        required=money_figure(found.required, lang),
        path=ledger,
    )
    return True


def refuse_short(closing: YearEnd, lang: Lang) -> None:
    """Stop when the rules need more than the surplus (nothing written)."""
    if closing.allocation.short > 0:
        fail(
            lang,
            N_(
                "the rules need {short} baht more than the surplus of {year}; nothing was "
                "written. Lower the rates or amounts (docs/year-end.md)."
            ),
            short=money_figure(closing.allocation.short, lang),
            year=closing.label,
        )


@click.command(
    "annual-report",
    cls=KongtunCommand,
    help=N_("The assembly's report of a fiscal year: accounts, allocation, dividends, loans."),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@YEAR_OPTION
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help=N_("Folder."))
@click.option("--pdf", is_flag=True, help=N_("Write PDF (A4, Thai font included) instead of HTML."))
@click.option("--public", is_flag=True, help=N_("Members by id only, no names (notice board)."))
@click.option(
    "--thai-digits", is_flag=True, help=N_("Write numbers and dates in Thai digits (๑๒๓).")
)
@LANG_OPTION
def annual_report_command(
    ledger: str, *, year: int, out: str, pdf: bool, public: bool, thai_digits: bool, lang: Lang
) -> None:
    require_file(lang, ledger)
    entries, _, options = load_books(ledger)
    books = loaded_books(entries, options)
    if books.fund.info is None:
        fail(
            lang,
            N_('{path} declares no fund (custom "fund"): there is nothing to report.'),
            path=ledger,
        )
    report = annual_report(books, entries, year)
    fmt = Format(lang, books.fund.currency, public=public, thai_digits=thai_digits)
    label = report.year.label
    name = f"annual-report-{label}{'-public' if public else ''}.html"
    title = f"{gettext(ANNUAL, lang)} {label}"

    def html() -> str:
        return render_paper("annual", fmt, title, a=report)

    write_all(render_all([(Path(out) / name, html)], pdf, gettext(ANNUAL, lang)), lang)
