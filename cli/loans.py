"""``kongtun loans LEDGER``: every open loan on a day, its arrears, and the portfolio at risk."""

from __future__ import annotations

import datetime
from decimal import Decimal

import click

from kongtun.cli.common import LANG_OPTION, day_option, refuse_era_slips, require_file, words
from kongtun.cli.load import load_books
from kongtun.ledger.i18n import N_, Lang
from kongtun.ledger.loans.book import PAR_DAYS
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.loans import LoanBook, LoanStanding, loan_book, percent
from kongtun.ledger.thai import message_date, money


def read_loan_book(path: str, day: datetime.date | None, lang: Lang) -> LoanBook:
    """Load ``path`` and build its loan book on ``day`` (the last entry's date when None)."""
    require_file(lang, path)
    entries, _, options = load_books(path)
    books = loaded_books(entries, options)
    refuse_era_slips(lang, books.problems, path)
    on = day or books.fund.last_date or datetime.date.today()
    return loan_book(books.fund, books.loans, on)


def standing_text(standing: LoanStanding, lang: Lang, currency: str) -> str:
    """What is owed on one loan, then its arrears and the moratorium pausing it, if any."""
    state = standing.state
    text = ""
    if state.days_past_due:
        text += words(
            lang,
            N_(", overdue {overdue} ({days} days)"),
            overdue=money(state.amount_overdue, currency, lang),
            days=state.days_past_due,
        )
    if state.paused_by is not None:
        text += words(
            lang,
            N_(", paused by {moratorium} ({resolution})"),
            moratorium=state.paused_by.title,
            resolution=state.paused_by.resolution,
        )
    return text


def portfolio_text(book: LoanBook, lang: Lang) -> list[str]:
    """The member loans in sum, and the portfolio at risk."""

    def thb(number: Decimal) -> str:
        return money(number, book.currency, lang)

    p = book.portfolio
    total = words(
        lang,
        N_("{count} open member loans, {outstanding} outstanding; {repaid} repaid"),
        count=p.loans,
        outstanding=thb(p.outstanding),
        repaid=book.repaid,
    )
    at_risk = ", ".join(
        words(
            lang,
            N_("PAR {days}: {percent} % ({amount})"),
            days=days,
            percent=percent(p.par(days)),
            amount=thb(p.at_risk[days]),
        )
        for days in PAR_DAYS
    )
    return [total, at_risk]


def as_text(book: LoanBook, lang: Lang) -> str:
    """The loan book as lines of text in ``lang``."""
    out = [words(lang, N_("Loans on {day}"), day=message_date(book.day, lang))]
    for line in book.members:
        owes = words(
            lang,
            N_("{loan} {name}: owes {outstanding}"),
            loan=line.loan.id,
            name=line.name,
            outstanding=money(line.state.outstanding, book.currency, lang),
        )
        out.append("  " + owes + standing_text(line, lang, book.currency))
    out += portfolio_text(book, lang)
    for line in book.borrowings:
        owes = words(
            lang,
            N_("Borrowed from {lender} ({loan}): owes {outstanding}"),
            lender=line.loan.party,
            loan=line.loan.id,
            outstanding=money(line.state.outstanding, book.currency, lang),
        )
        out.append(owes + standing_text(line, lang, book.currency))
    return "\n".join(out) + "\n"


@click.command()
@click.argument("ledger", type=click.Path(dir_okay=False))
@day_option(
    "--date",
    "day",
    "The day to show (2024-09-20 or 2567-09-20); the ledger's last date when left out.",
)
@LANG_OPTION
def loans(ledger: str, day: datetime.date | None, lang: Lang) -> None:
    """Show LEDGER's open loans on a day: what each member owes, arrears, moratoria, and the
    portfolio at risk (PAR 30 / 60 / 90); then what the fund owes its lenders."""
    book = read_loan_book(ledger, day, lang)
    click.echo(as_text(book, lang), nl=False)
