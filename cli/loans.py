"""``kongtun loans LEDGER``: every open loan on a day, its arrears, and the portfolio at risk;
with ``--loan ID``, one loan's whole schedule (moratoria and what is paid on each instalment).

The day is ``--date``, or the last day of the month of the books' last entry — the day of the
fund report's loan figures for that month (:func:`kongtun.ledger.reports.loans.default_day`);
the first line of the output says it."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import click

from kongtun.cli.common import LANG_OPTION, day_option, fail, refuse_era_slips, require_file, words
from kongtun.cli.load import load_books
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.i18n import N_, Lang, N_n, gettext
from kongtun.ledger.loans.book import METHOD_LABELS, PAR_DAYS
from kongtun.ledger.loans.restructure import Settlement
from kongtun.ledger.model import Books, loaded_books
from kongtun.ledger.reports.loans import (
    LoanBook,
    LoanSchedule,
    LoanStanding,
    default_day,
    loan_book,
    loan_schedule,
    percent,
)
from kongtun.ledger.thai import message_date, money, money_figure

#: an instalment's status -> its words
STATUS_WORDS: dict[str, str] = {
    "paid": N_("paid"),
    "part-paid": N_("part paid"),
    "overdue": N_("overdue"),
    "due": N_("due today"),
    "to-come": N_("to come"),
    "restructured": N_("restructured"),
}

#: a restructuring's overdue-interest -> its words
OVERDUE_WORDS: dict[str, str] = {"capitalise": N_("capitalised"), "waive": N_("waived")}


def read_books(path: str, lang: Lang) -> Books:
    """Load ``path`` (stop with a message when it cannot be read)."""
    require_file(lang, path)
    entries, _, options = load_books(path)
    books = loaded_books(entries, options)
    refuse_era_slips(lang, books.problems, path)
    return books


def read_loan_book(path: str, day: datetime.date | None, lang: Lang) -> LoanBook:
    """Load ``path`` and build its loan book on ``day`` (:func:`default_day` when None)."""
    books = read_books(path, lang)
    on = day or default_day(books.fund, datetime.date.today())
    return loan_book(books.fund, books.loans, on)


def read_schedule(path: str, loan_id: str, day: datetime.date | None, lang: Lang) -> LoanSchedule:
    """Load ``path`` and give loan ``loan_id``'s schedule on ``day``."""
    books = read_books(path, lang)
    loan = books.loans.by_id().get(loan_id)
    if loan is None:
        fail(
            lang,
            N_("{path} has no loan {loan}. The ids are in `kongtun loans {path}`."),
            path=path,
            loan=loan_id,
        )
    on = day or default_day(books.fund, datetime.date.today())
    return loan_schedule(books.fund, loan, on)


def schedule_text(schedule: LoanSchedule, lang: Lang) -> str:
    """One loan's schedule as lines of text in ``lang``."""
    loan, currency = schedule.loan, schedule.currency
    terms = loan.terms

    def figure(number: Decimal) -> str:
        return money_figure(number, lang)

    out = [
        words(
            lang,
            N_("Loan {loan} to {name} ({party}) on {day}"),
            loan=loan.id,
            name=schedule.name,
            party=loan.party,
            day=message_date(schedule.day, lang),
        ),
        words(
            lang,
            N_n(
                "{principal} lent on {date} at {rate} % a year, {method}, {count} instalment",
                "{principal} lent on {date} at {rate} % a year, {method}, {count} instalments",
            ),
            principal=money(terms.principal, currency, lang),
            date=message_date(loan.date, lang),
            rate=terms.rate,
            method=gettext(METHOD_LABELS[terms.method], lang),
            count=terms.installments,
        ),
    ]
    for m in schedule.moratoria:
        out.append(
            words(
                lang,
                N_n(
                    "Moratorium {title}: {start} to {end}, instalments moved {count} "
                    "month later ({resolution})",
                    "Moratorium {title}: {start} to {end}, instalments moved {count} "
                    "months later ({resolution})",
                ),
                title=m.title,
                start=message_date(m.start, lang),
                end=message_date(m.end, lang),
                count=m.months,
                resolution=m.resolution,
            )
        )
    for r in loan.restructurings:
        out.append(
            words(
                lang,
                N_(
                    "Restructured on {date}: instalments {count}, at {rate} % a year from "
                    "{principal}; months of grace {grace}; overdue interest {treatment} "
                    "({approved})"
                ),
                date=message_date(r.day, lang),
                count=r.installments,
                rate=terms.rate if r.rate is None else r.rate,
                principal=money(loan.state(r.day).outstanding, currency, lang),
                grace=r.grace_months,
                treatment=words(lang, OVERDUE_WORDS[r.overdue]),
                approved=r.approved,
            )
        )
        settled = loan.settled_by(r)
        if settled is not None:
            out.append(settlement_text(settled, lang, currency))
    out.append(
        "  ".join(
            words(lang, head)
            for head in (
                N_("No."),
                N_("Due"),
                N_("Principal"),
                N_("Interest"),
                N_("Paid"),
                N_("Status"),
            )
        )
    )
    for row in schedule.rows:
        line = (
            f"{row.number:>3}  {message_date(row.due, lang)}  {figure(row.principal)}  "
            f"{figure(row.interest)}  {figure(row.paid)}  {words(lang, STATUS_WORDS[row.status])}"
        )
        if row.was_due is not None:
            line += words(lang, N_(" (was due {date})"), date=message_date(row.was_due, lang))
        if row.accrual:
            line += words(lang, N_(" (interest during the moratorium)"))
        out.append(line)
    out.append(
        words(
            lang,
            N_(
                "Paid: principal {principal}, interest {interest}, late charges {charges}; "
                "owes {outstanding}"
            ),
            principal=money(schedule.paid_principal, currency, lang),
            interest=money(schedule.paid_interest, currency, lang),
            charges=money(schedule.paid_charges, currency, lang),
            outstanding=money(schedule.state.outstanding, currency, lang),
        )
        + standing_text(LoanStanding(loan, schedule.name, schedule.state), lang, currency)
    )
    return "\n".join(out) + "\n"


def settlement_text(settled: Settlement, lang: Lang, currency: str) -> str:
    """What a restructuring capitalised and waived, interest and late charges apart."""
    return words(
        lang,
        N_(
            "  interest unpaid {unpaid}: capitalised {interest}, waived {interest_waived}; "
            "late charges owed {owed}: capitalised {charges}, waived {charges_waived}"
        ),
        unpaid=money(settled.interest_unpaid, currency, lang),
        interest=money(settled.interest_capitalised, currency, lang),
        interest_waived=money(settled.interest_waived, currency, lang),
        owed=money(settled.charges_owed, currency, lang),
        charges=money(settled.charges_capitalised, currency, lang),
        charges_waived=money(settled.charges_waived, currency, lang),
    )


def settlement_json(settled: Settlement | None) -> dict[str, str]:
    """A restructuring's settlement for ``--format json`` (amounts as decimal strings)."""
    if settled is None:
        return {}
    return {
        "interest_unpaid": str(settled.interest_unpaid),
        "interest_capitalised": str(settled.interest_capitalised),
        "interest_waived": str(settled.interest_waived),
        "late_charges_owed": str(settled.charges_owed),
        "late_charges_capitalised": str(settled.charges_capitalised),
        "late_charges_waived": str(settled.charges_waived),
    }


def schedule_json(schedule: LoanSchedule) -> str:
    """One loan's schedule as JSON (amounts as decimal strings, dates ISO)."""
    loan, state = schedule.loan, schedule.state
    payload = {
        "loan": loan.id,
        "kind": loan.kind,
        "party": loan.party,
        "name": schedule.name,
        "day": schedule.day.isoformat(),
        "disbursed": loan.date.isoformat(),
        "principal": str(loan.terms.principal),
        "rate": str(loan.terms.rate),
        "method": loan.terms.method,
        "installments": loan.terms.installments,
        "every": loan.terms.every,
        "moratoria": [
            {
                "title": m.title,
                "start": m.start.isoformat(),
                "end": m.end.isoformat(),
                "months": m.months,
                "defer": m.defer,
                "interest": m.interest,
                "resolution": m.resolution,
            }
            for m in schedule.moratoria
        ],
        "restructurings": [
            {
                "date": r.day.isoformat(),
                "installments": r.installments,
                "rate": str(loan.terms.rate if r.rate is None else r.rate),
                "grace_months": r.grace_months,
                "overdue_interest": r.overdue,
                "principal": str(loan.state(r.day).outstanding),
                "approved": r.approved,
                "late_charges": r.late_charges,
                **settlement_json(loan.settled_by(r)),
            }
            for r in loan.restructurings
        ],
        "schedule": [
            {
                "number": row.number,
                "due": row.due.isoformat(),
                "was_due": row.was_due.isoformat() if row.was_due else None,
                "interest_only": row.accrual,
                "principal": str(row.principal),
                "interest": str(row.interest),
                "paid_principal": str(row.paid_principal),
                "paid_interest": str(row.paid_interest),
                "status": row.status,
            }
            for row in schedule.rows
        ],
        "paid": {
            "principal": str(schedule.paid_principal),
            "interest": str(schedule.paid_interest),
            "late_charges": str(schedule.paid_charges),
        },
        "outstanding": str(state.outstanding),
        "overdue": str(state.amount_overdue),
        "days_past_due": state.days_past_due,
        "paused_by": state.paused_by.title if state.paused_by else None,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


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
    lines = [total, at_risk]
    if book.written_off:
        lines.append(
            words(
                lang,
                N_n(
                    "{count} loan written off, still owed by the member: {owed}",
                    "{count} loans written off, still owed by the members: {owed}",
                ),
                count=book.written_off,
                owed=thb(book.still_owed),
            )
        )
    if p.restructured:
        lines.append(
            words(
                lang,
                N_n(
                    "{count} restructured loan, {outstanding} outstanding",
                    "{count} restructured loans, {outstanding} outstanding",
                ),
                count=p.restructured,
                outstanding=thb(p.restructured_outstanding),
            )
        )
    return lines


def as_text(book: LoanBook, lang: Lang) -> str:
    """The loan book as lines of text in ``lang``."""
    out = [words(lang, N_("Loans on {day}"), day=message_date(book.day, lang))]
    for line in book.members:
        restructured = line.loan.restructured_by(book.day)
        owes = words(
            lang,
            N_("{loan} {name}: owes {outstanding}"),
            loan=line.loan.id,
            name=line.name,
            outstanding=money(line.state.outstanding, book.currency, lang),
        )
        if restructured is not None:
            owes += words(
                lang, N_(", restructured on {date}"), date=message_date(restructured.day, lang)
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


@click.command(
    cls=KongtunCommand,
    help=N_(
        "Show LEDGER's open loans on a day: what each member owes, arrears, moratoria, "
        "and the portfolio at risk (PAR 30 / 60 / 90); then what the fund owes its "
        "lenders. With --loan ID, that loan's whole schedule: each instalment as the "
        "moratoria moved it and what is paid."
    ),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@day_option(
    "--date",
    "day",
    N_(
        "The day to show (2024-09-20 or 2567-09-20); left out, the last day of the month of the "
        "ledger's last entry (the day of that month's fund report)."
    ),
)
@click.option(
    "--loan", "loan_id", default=None, metavar="ID", help=N_("Show this loan's schedule.")
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("text for people, json for programs (with --loan)."),
)
@LANG_OPTION
def loans(
    *, ledger: str, day: datetime.date | None, loan_id: str | None, output: str, lang: Lang
) -> None:
    if loan_id is not None:
        schedule = read_schedule(ledger, loan_id, day, lang)
        text = schedule_json(schedule) if output == "json" else schedule_text(schedule, lang)
        click.echo(text, nl=False)
        return
    if output == "json":
        fail(lang, N_("--format json needs --loan ID."))
    book = read_loan_book(ledger, day, lang)
    click.echo(as_text(book, lang), nl=False)
