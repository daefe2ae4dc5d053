"""kongtun's Fava extension: ``custom "fava-extension" "kongtun.plugins.fava"``.

Adds a page "กองทุน · Fund" to Fava with five views, chosen with ``?page=`` and a month
(``?month=2024-09`` or in Buddhist Era ``2567-09``; default: the month of the last entry):

- ``report`` (the default): the fund's report — cash and bank, members' money, income and
  expenses, members joined and left, savings arrears, loans (portfolio at risk, borrowings,
  moratoria), charts of the last 12 months, the rules;
- ``members``: every member with status and balances, in Thai dictionary order;
- ``statement``: one member's statement (``?member=M0001``);
- ``loans``: what members owe, were lent and repaid, then each loan (outstanding, overdue,
  days past due, the moratorium pausing it), PAR, borrowings and moratoria;
- ``welfare``: members' contributions and benefits paid (welfare funds).

Thai by default; ``custom "fava-extension" "kongtun.plugins.fava" "{'lang': 'en'}"`` for
English, ``"{'digits': 'thai'}"`` for numbers and dates in Thai digits. Every view prints
on A4 without Fava's navigation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import jinja2
from fava.ext import FavaExtensionBase
from flask import request

from kongtun.ledger.books.fund import Fund, Member
from kongtun.ledger.books.months import BookMonths, book_months, month_outside
from kongtun.ledger.i18n import DEFAULT_LANG, N_, Lang, gettext, parse_lang
from kongtun.ledger.model import Books, load_errors, loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.members import member_accounts, member_list, statement_members
from kongtun.ledger.reports.month import MonthBooks, Period, read_month
from kongtun.ledger.reports.statements import statement
from kongtun.ledger.thai import parse_month
from kongtun.templates.render import PAGES, Format, template_folder

#: The views, in the order of the navigation, with their titles.
VIEWS: dict[str, str] = {
    "report": N_("Fund report"),
    "members": N_("Member list"),
    "statement": N_("Member statement"),
    "loans": N_("Loans"),
    "welfare": N_("Welfare"),
}


@dataclass(frozen=True)
class View:
    """What one request asks for and the model that answers it (or an error message)."""

    page: str
    template: str
    month: datetime.date
    pages: tuple[str, ...]
    model: dict[str, Any]
    error: str = ""
    members: tuple[Member, ...] = ()
    member: str = ""


class KongTun(FavaExtensionBase):
    """The fund's pages in Fava."""

    report_title = "กองทุน · Fund"

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        options: dict[str, object] = self.config if isinstance(self.config, dict) else {}
        self.lang: Lang = parse_lang(options.get("lang")) or DEFAULT_LANG
        self.thai_digits = options.get("digits") == "thai"
        self._books: Books | None = None
        self._months: dict[datetime.date, MonthBooks] = {}

    @cached_property
    def jinja_env(self) -> jinja2.Environment:
        """Fava's environment, with kongtun's templates (one look for Fava and paper)."""
        base = super().jinja_env
        assert base.loader is not None
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(template_folder()), base.loader])
        return base.overlay(loader=loader)

    def after_load_file(self) -> None:
        """Take the books the plugin read in this load (or read them, for books loaded without
        it) and read the last month, so that pages answer at once."""
        self._books = None
        self._months = {}
        self.books(self.last_month())

    def gettext(self, message: str) -> str:
        return gettext(message, self.lang)

    def model(self) -> Books:
        """The books of this load: what the plugin read (see :mod:`kongtun.ledger.model`)."""
        if self._books is None:
            entries: Any = self.ledger.all_entries
            self._books = loaded_books(entries, self.ledger.options)
        return self._books

    def fund(self) -> Fund:
        return self.model().fund

    def books(self, month: datetime.date) -> MonthBooks:
        """The month's one pass over the entries, shared by every view of that month."""
        books = self._months.get(month)
        if books is None:
            entries: Any = self.ledger.all_entries
            books = self._months[month] = read_month(entries, self.model(), month)
        return books

    def load_errors(self) -> list[Any]:
        """The books' problems as ``kongtun check`` lists them (plugin-missing included);
        Fava's own errors (its import configuration, ...) are not the books'."""
        errors = [e for e in self.ledger.errors if not type(e).__module__.startswith("fava.")]
        return load_errors(errors, self.ledger.options)

    def problems(self) -> int:
        return len(self.load_errors())

    def format(self) -> Format:
        return Format(self.lang, self.fund().currency, thai_digits=self.thai_digits)

    def pages(self) -> tuple[str, ...]:
        types = self.fund().member_types
        pages = ["report", "members", "statement"]
        if "loans" in types:
            pages.append("loans")
        if "contributions" in types:
            pages.append("welfare")
        return tuple(pages)

    def page_title(self, page: str) -> str:
        return gettext(VIEWS[page], self.lang)

    def months(self) -> BookMonths:
        return book_months(self.fund(), datetime.date.today())

    def last_month(self) -> datetime.date:
        return self.months().last

    def view(self) -> View:
        """The view the request asks for; bad input gives a message, never an error page."""
        pages = self.pages()
        page = request.args.get("page", "report")
        if page not in pages:
            page = "report"
        text = request.args.get("month", "")
        month = parse_month(text) if text else self.last_month()
        base = View(page, PAGES[page], self.last_month(), pages, {})
        if month is None:
            error = gettext(
                N_("{month} is not a month: write it as 2024-09 or 2567-09."), self.lang
            )
            return replace(base, error=error.format(month=text))
        outside = month_outside(self.months(), month)
        if outside is not None:
            error = gettext(
                N_("The books have no figures for {month}: they run from {first} to {last}."),
                self.lang,
            )
            fmt = self.format()
            first, last = fmt.month(outside.first), fmt.month(outside.last)
            return replace(base, error=error.format(month=fmt.month(month), first=first, last=last))
        fund = self.fund()
        books = self.books(month)
        if page == "statement":
            return self.statement_view(fund, books, replace(base, month=month))
        models: dict[str, Callable[[], dict[str, Any]]] = {
            "report": lambda: {"r": fund_report(fund, books, self.problems())},
            "members": lambda: {"ml": member_list(fund, books)},
            "loans": lambda: {"ma": member_accounts(fund, books, "loans")},
            "welfare": lambda: {
                "ma": member_accounts(fund, books, "contributions"),
                "r": fund_report(fund, books, self.problems()),
            },
        }
        return replace(base, month=month, model=models[page]())

    def statement_view(self, fund: Fund, books: MonthBooks, base: View) -> View:
        members = tuple(statement_members(fund, Period(base.month)))
        chosen = request.args.get("member", "") or (members[0].id if members else "")
        base = replace(base, members=members, member=chosen)
        member = fund.members.get(chosen)
        if not chosen:
            error = gettext(N_("Nobody was a member in this month."), self.lang)
            return replace(base, error=error)
        if member is None:
            error = gettext(N_("There is no member {member} in the books."), self.lang)
            return replace(base, error=error.format(member=chosen))
        return replace(base, model={"s": statement(fund, books, member)})
