"""``kongtun loans LEDGER``: every open loan on a day, its arrears, and the portfolio at risk."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

import click
from beancount import loader

from kongtun.cli.common import LANG_OPTION, require_file
from kongtun.ledger.i18n import N_, Lang, gettext, parse_lang
from kongtun.ledger.loans.book import PAR_DAYS
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.loans import LoanBook, loan_book, percent
from kongtun.ledger.thai import message_date, money


def read_loan_book(path: str, day: datetime.date | None, lang: Lang) -> LoanBook:
    """Load ``path`` and build its loan book on ``day`` (the last entry's date when None)."""
    entries, _, options = loader.load_file(os.path.abspath(path))
    books = loaded_books(entries, options)
    on = day or books.fund.last_date or datetime.date.today()
    return loan_book(books.fund, books.loans, on)


def as_text(book: LoanBook, lang: Lang) -> str:
    """The loan book as lines of text in ``lang``."""

    def t(message: str, **params: object) -> str:
        return gettext(message, lang).format(**params)

    def thb(number: Decimal) -> str:
        return money(number, book.currency, lang)

    out = [t(N_("Loans on {day}"), day=message_date(book.day, lang))]
    for line in book.members:
        state = line.state
        text = t(
            N_("{loan} {name}: owes {outstanding}"),
            loan=line.loan.id,
            name=line.name,
            outstanding=thb(state.outstanding),
        )
        if state.days_past_due:
            text += t(
                N_(", overdue {overdue} ({days} days)"),
                overdue=thb(state.amount_overdue),
                days=state.days_past_due,
            )
        if state.paused_by is not None:
            text += t(
                N_(", paused by {moratorium} ({resolution})"),
                moratorium=state.paused_by.title,
                resolution=state.paused_by.resolution,
            )
        out.append("  " + text)
    p = book.portfolio
    out.append(
        t(
            N_("{count} open member loans, {outstanding} outstanding; {repaid} repaid"),
            count=p.loans,
            outstanding=thb(p.outstanding),
            repaid=book.repaid,
        )
    )
    out.append(
        ", ".join(
            t(
                N_("PAR {days}: {percent} % ({amount})"),
                days=days,
                percent=percent(p.par(days)),
                amount=thb(p.at_risk[days]),
            )
            for days in PAR_DAYS
        )
    )
    for line in book.borrowings:
        state = line.state
        text = t(
            N_("Borrowed from {lender} ({loan}): owes {outstanding}"),
            lender=line.loan.party,
            loan=line.loan.id,
            outstanding=thb(state.outstanding),
        )
        if state.days_past_due:
            text += t(
                N_(", overdue {overdue} ({days} days)"),
                overdue=thb(state.amount_overdue),
                days=state.days_past_due,
            )
        if state.paused_by is not None:
            text += t(
                N_(", paused by {moratorium} ({resolution})"),
                moratorium=state.paused_by.title,
                resolution=state.paused_by.resolution,
            )
        out.append(text)
    return "\n".join(out) + "\n"


@click.command()
@click.argument("ledger", type=click.Path(dir_okay=False))
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to show (YYYY-MM-DD); the ledger's last date when left out.",
)
@LANG_OPTION
def loans(ledger: str, day: datetime.datetime | None, lang: str) -> None:
    """Show LEDGER's open loans on a day: what each member owes, arrears, moratoria, and the
    portfolio at risk (PAR 30 / 60 / 90); then what the fund owes its lenders."""
    language = parse_lang(lang) or "th"
    require_file(language, ledger)
    book = read_loan_book(ledger, day.date() if day is not None else None, language)
    click.echo(as_text(book, language), nl=False)
