"""``kongtun statements`` and ``kongtun report``: members' statements and the fund's report.

Thin: parse the options, load the books, build the month with :mod:`kongtun.ledger`, render
the shared templates (HTML, or PDF with ``--pdf``). Every check comes before the first file is
written, and each file is written atomically, so a command that fails writes nothing. A
month's statements are one set, a folder written whole (:func:`kongtun.cli.files.write_set`).
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kongtun.cli.common import (
    fail,
    lang_suffix,
    month_stamp,
    refuse_era_slips,
    require_file,
    say,
)
from kongtun.cli.files import write_atomic, write_set
from kongtun.cli.load import load_books
from kongtun.ledger.books.fund import Fund
from kongtun.ledger.books.months import book_months, month_outside
from kongtun.ledger.i18n import N_, Lang, N_n, gettext
from kongtun.ledger.model import load_errors, loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.month import MonthBooks, Period, read_month
from kongtun.ledger.reports.statements import (
    STATEMENT_SECTIONS,
    SectionBuilder,
    on_statement,
    statement,
)
from kongtun.ledger.thai import message_date, wide_month
from kongtun.ledger.years.annual_report import year_end_sections
from kongtun.ledger.years.closes import Close, close_holds, closing_of, read_closes, seal
from kongtun.templates.render import Format, render_paper, render_pdf


@dataclass(frozen=True)
class Month:
    """The books, read once, and the month's one pass over them."""

    fund: Fund
    books: MonthBooks
    #: the load's problems, as ``kongtun check`` lists them (plugin-missing included)
    problems: tuple[Any, ...]
    #: the month closes of the books (kongtun.ledger.years.closes), oldest first
    closes: tuple[Close, ...] = ()
    #: the statement sections of the month (the year end's in a fiscal year's last month)
    sections: tuple[SectionBuilder, ...] = STATEMENT_SECTIONS
    #: the days of the closes that no longer hold (their codes would not verify)
    broken: frozenset[datetime.date] = frozenset()


#: said on stderr when the books a report or statements are made from have problems (the
#: pages list them too; the exit status stays 0: the files were written)
BOOKS_PROBLEMS = N_n(
    "warning: {path} has {count:,} problem; the pages show it (kongtun check {path} lists it).",
    "warning: {path} has {count:,} problems; the pages show them (kongtun check {path} lists "
    "them).",
)


def load_month(path: str, lang: Lang, month: datetime.date) -> Month:
    """Load ``path`` and read ``month``; refuse a month the books do not cover."""
    require_file(lang, path)
    entries, errors, options = load_books(path)
    model = loaded_books(entries, options)
    refuse_era_slips(lang, model.problems, path)
    fund = model.fund
    if fund.info is None:
        fail(
            lang,
            N_('{path} declares no fund (custom "fund"): there is nothing to report.'),
            path=path,
        )
    outside = month_outside(book_months(fund, datetime.date.today()), month)
    if outside is not None:
        fail(
            lang,
            N_(
                "the books have no figures for {month}: they run from {first} to {last}. "
                "Choose a month in between."
            ),
            month=wide_month(outside.month, lang),
            first=wide_month(outside.first, lang),
            last=wide_month(outside.last, lang),
        )
    problems = tuple(load_errors(errors, options))
    if problems:
        say(lang, BOOKS_PROBLEMS, err=True, path=path, count=len(problems))
    closes = tuple(read_closes(entries)[0])
    sections = (*STATEMENT_SECTIONS, *year_end_sections(model, entries, month))
    books = read_month(entries, model, month)
    changed = any(str(getattr(error, "rule", "")).startswith("closed-period") for error in problems)
    broken = frozenset(
        close.date for close in closes if changed and not close_holds(entries, close)
    )
    return Month(fund, books, problems, closes=closes, sections=sections, broken=broken)


def chosen_members(month: Month, wanted: Sequence[str], lang: Lang) -> list[str]:
    """The members to write statements for: ``wanted``, or everyone of the month."""
    fund, period = month.fund, month.books.period
    if not wanted:
        return sorted(m.id for m in fund.members.values() if on_statement(m, period))
    for member_id in wanted:
        member = fund.members.get(member_id)
        if member is None:
            fail(
                lang,
                N_("there is no member {member} in the books. Check the member id."),
                member=member_id,
            )
        if member.joined > period.end:
            fail(
                lang,
                N_("{member} joined on {joined}, after {month}: no statement for that month."),
                member=member_id,
                joined=message_date(member.joined, lang),
                month=wide_month(period.month, lang),
            )
        if member.exited is not None and member.exited < period.start:
            fail(
                lang,
                N_("{member} left on {left}, before {month}: no statement for that month."),
                member=member_id,
                left=message_date(member.exited, lang),
                month=wide_month(period.month, lang),
            )
    return list(dict.fromkeys(wanted))


Output = tuple[Path, str | bytes]


def render_all(
    jobs: Sequence[tuple[Path, Callable[[], str]]], pdf: bool, label: str
) -> list[Output]:
    """Render every file in memory first (a progress bar on a terminal when there are many)."""
    outputs: list[Output] = []

    def one(path: Path, html: Callable[[], str]) -> None:
        page = html()
        if pdf:
            outputs.append((path.with_suffix(".pdf"), render_pdf(page)))
        else:
            outputs.append((path, page))

    if len(jobs) > 1 and sys.stderr.isatty():
        with click.progressbar(jobs, label=label, file=sys.stderr) as bar:
            for path, html in bar:
                one(path, html)
    else:
        for path, html in jobs:
            one(path, html)
    return outputs


def write_all(outputs: Sequence[Output], lang: Lang) -> None:
    for path, content in outputs:
        try:
            write_atomic(path, content)
        except OSError as error:
            fail(
                lang,
                N_("cannot write {path}: {reason}. Choose another --out directory."),
                path=path,
                reason=error.strerror or error,
            )
        say(lang, N_("wrote {path}"), path=path)


def statements_command(
    *,
    ledger: str,
    month_day: datetime.date,
    out: str,
    members: Sequence[str],
    lang: Lang,
    pdf: bool,
    thai_digits: bool = False,
) -> None:
    """Write the statements of the month ``month_day`` starts (every member of it, or
    ``members``) into ``out``."""
    month = load_month(ledger, lang, month_day)
    ids = chosen_members(month, members, lang)
    fmt = Format(lang, month.fund.currency, thai_digits=thai_digits, printed=datetime.date.today())
    period: Period = month.books.period
    stamp = month_stamp(period.month)
    suffix = lang_suffix(lang)
    title = gettext(N_("Member statement"), lang)

    def page(member_id: str) -> Callable[[], str]:
        def html() -> str:
            member = month.fund.members[member_id]
            built = statement(month.fund, month.books, member, month.sections)
            name = f"{title} {member_id} {stamp}"
            sealed = seal(month.closes, period.month, member_id, closing_of(built))
            running = f"{built.fund_name} · {member.name} ({member_id}) · {fmt.month(period.month)}"
            unsealed = None
            if sealed is not None and sealed.closed in month.broken:
                sealed, unsealed = None, sealed  # a code that would not verify: not printed
            return render_paper(
                "statement",
                fmt,
                name,
                running=running,
                s=built,
                seal=sealed,
                unsealed=unsealed,
                problems=month.problems,
            )

        return html

    folder = Path(out) / f"statements-{stamp}{suffix}"
    jobs = [(folder / f"statement-{stamp}-{one}{suffix}.html", page(one)) for one in ids]
    outputs = render_all(jobs, pdf, gettext(N_("Statements"), lang))
    try:
        # with --member, the month's other statements already written stay in the set
        write_set(folder, [(path.name, content) for path, content in outputs], keep=bool(members))
    except OSError as error:
        fail(
            lang,
            N_("cannot write {path}: {reason}. Choose another --out directory."),
            path=folder,
            reason=error.strerror or error,
        )
    for path, _ in outputs:
        say(lang, N_("wrote {path}"), path=path)


def report_command(
    *,
    ledger: str,
    month_day: datetime.date,
    out: str,
    lang: Lang,
    public: bool,
    pdf: bool,
    thai_digits: bool = False,
) -> None:
    """Write the fund's report of the month ``month_day`` starts into ``out``."""
    month = load_month(ledger, lang, month_day)
    fmt = Format(
        lang,
        month.fund.currency,
        public=public,
        thai_digits=thai_digits,
        printed=datetime.date.today(),
    )
    report = fund_report(month.fund, month.books, len(month.problems))
    stamp = month_stamp(report.period.month)
    name = f"report-{stamp}{'-public' if public else ''}{lang_suffix(lang)}.html"
    title = f"{gettext(N_('Fund report'), lang)} {stamp}"
    fund_name = month.fund.info.name if month.fund.info else ""
    running = f"{fund_name} · {fmt.month(report.period.month)}"

    def html() -> str:
        last = report.period.end
        closes = [close for close in month.closes if close.date <= last]
        return render_paper(
            "report",
            fmt,
            title,
            running=running,
            r=report,
            closes=closes,
            problems=month.problems,
        )

    write_all(render_all([(Path(out) / name, html)], pdf, gettext(N_("Report"), lang)), lang)
