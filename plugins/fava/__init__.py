"""kongtun's Fava extension: ``custom "fava-extension" "kongtun.plugins.fava"``.

Adds a page "กองทุน · Fund" to Fava with its views, chosen with ``?page=`` and a month
(``?month=2024-09`` or in Buddhist Era ``2567-09``; default: the month of the last entry):

- ``report`` (the default): the fund's report — cash and bank, members' money, income and
  expenses, members joined and left, savings arrears, loans (portfolio at risk, borrowings,
  moratoria), charts of the last 12 months, the rules;
- ``members``: every member with status and balances, in Thai dictionary order;
- ``statement``: one member's statement (``?member=M0001``);
- ``loans``: what members owe, were lent and repaid, then each loan (outstanding, overdue,
  days past due, the moratorium pausing it), PAR, borrowings and moratoria;
- ``welfare``: members' contributions and benefits paid (welfare funds);
- ``annual``: the assembly's report of the fiscal year in its own year box (``?year=2567``
  or 2024; books with allocation rules or a recorded year end; see docs/year-end.md).
- ``audit``: the auditor's workpaper of a fiscal year (``&year=2567``, default the month's;
  ``&sample=N&seed=S`` draws transactions to vouch; see docs/audit.md).

Thai by default; ``custom "fava-extension" "kongtun.plugins.fava" "{'lang': 'en'}"`` for
English, ``"{'digits': 'thai'}"`` for numbers and dates in Thai digits. Every view prints
on A4 without Fava's navigation.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, TypeVar, cast

import fontpkg_sarabun
import jinja2
from fava.ext import FavaExtensionBase, extension_endpoint
from flask import Response, request, send_file, url_for
from pythainlp.util import thai_digit_to_arabic_digit

from kongtun.ledger.audit.workpaper import workpaper
from kongtun.ledger.books.accounts import suspense_warning
from kongtun.ledger.books.fund import Fund, Member
from kongtun.ledger.books.months import BookMonths, book_months, month_outside
from kongtun.ledger.i18n import DEFAULT_LANG, N_, Lang, gettext, parse_lang
from kongtun.ledger.messages import SuspenseWarning
from kongtun.ledger.model import Books, load_errors, loaded_books
from kongtun.ledger.reports.fund_report import fund_report, welfare_paid
from kongtun.ledger.reports.grants import grant_reports
from kongtun.ledger.reports.members import member_accounts, member_list, statement_members
from kongtun.ledger.reports.month import MonthBooks, Period, read_month
from kongtun.ledger.reports.statements import STATEMENT_SECTIONS, statement
from kongtun.ledger.thai import BE_OFFSET, parse_month, parse_year, typed_in_be
from kongtun.ledger.years.annual_report import annual_report, year_end_sections
from kongtun.ledger.years.closes import (
    Close,
    check_statement,
    close_holds,
    closing_of,
    covering_close,
    read_closes,
    seal,
)
from kongtun.ledger.years.figures import YearFigures
from kongtun.ledger.years.needs import has_year_end
from kongtun.templates.audit import page_model as audit_page_model
from kongtun.templates.render import PAGES, Format, page_css, template_folder
from kongtun.templates.verdict import verdict_text

#: seeds drawn when the page is asked for a sample without one (the page prints it)
SEED_RANGE = 1_000_000

#: The views, in the order of the navigation, with their titles.
VIEWS: dict[str, str] = {
    "report": N_("Fund report"),
    "members": N_("Member list"),
    "statement": N_("Member statement"),
    "loans": N_("Loans"),
    "welfare": N_("Welfare"),
    "annual": N_("Annual report to the assembly"),
    "verify": N_("Verify a statement"),
    "grants": N_("Grants"),
    "audit": N_("Auditor's workpaper"),
}


#: The Sarabun faces the pages use, served from the fontpkg-sarabun package.
FONT_FACES: dict[str, tuple[str, str]] = {
    "Sarabun-Regular.ttf": ("normal", "normal"),
    "Sarabun-Bold.ttf": ("bold", "normal"),
    "Sarabun-Italic.ttf": ("normal", "italic"),
}


Handler = TypeVar("Handler", bound=Callable[..., Response])


def endpoint(name: str) -> Callable[[Handler], Handler]:
    """Fava's ``extension_endpoint`` with its type: a GET at ``extension/KongTun/<name>``."""
    return cast(Callable[[Handler], Handler], extension_endpoint(name))


def month_text(month: datetime.date, buddhist: bool) -> str:
    """A month as the month box shows it: 2567-09 (Buddhist Era) or 2024-09."""
    year = month.year + BE_OFFSET if buddhist else month.year
    return f"{year:04d}-{month.month:02d}"


def shift_month(month: datetime.date, step: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + step
    return datetime.date(index // 12, index % 12 + 1, 1)


def find_members(members: tuple[Member, ...], text: str) -> list[Member]:
    """The members ``text`` names: an id (M0001, m1, 0001, ๐๐๐๑), else every member whose
    name holds ``text`` (Thai dictionary order kept)."""
    typed = thai_digit_to_arabic_digit(text.strip()).casefold()
    if not typed:
        return []
    exact = [m for m in members if m.id.casefold() == typed]
    if exact:
        return exact
    digits = typed.lstrip("m").lstrip("0")
    if digits.isdigit():
        by_number = [m for m in members if m.id.casefold().lstrip("m").lstrip("0") == digits]
        if by_number:
            return by_number
    return [m for m in members if typed in m.name.casefold() or typed in m.id.casefold()]


def _whole(text: str) -> int | None:
    text = thai_digit_to_arabic_digit(text.strip())
    return int(text) if text.isascii() and text.isdigit() else None


def audit_request(args: Mapping[str, str], default_year: int) -> tuple[int, int, int | None] | str:
    """(Gregorian year, sample size, seed) of the workpaper's ``?year=&sample=&seed=``, or the
    message (a catalog msgid) for what is wrong with them."""
    year = parse_year(args["year"]) if args.get("year") else default_year
    if year is None:
        return N_("{year} is not a year: write it as 2567 (พ.ศ.) or 2024.")
    size = _whole(args.get("sample", "")) if args.get("sample") else 0
    if size is None:
        return N_("{sample} is not a number of transactions: write a whole number, such as 25.")
    seed = _whole(args.get("seed", "")) if args.get("seed") else None
    if args.get("seed") and seed is None:
        return N_("{seed} is not a seed: write a whole number, such as 2567.")
    return year, size, seed


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
    #: the month as the person typed it (2567-09 stays 2567-09), or the default month
    month_text: str = ""
    #: the month box's text of the months before and after (empty outside the books)
    previous: str = ""
    next: str = ""
    #: what the person typed in the member box, and the members it matches when several
    member_text: str = ""
    choices: tuple[Member, ...] = ()
    #: the annual view's year box as typed (2567 stays 2567), or the default year
    year_text: str = ""


class KongTun(FavaExtensionBase):
    """The fund's pages in Fava."""

    report_title = "กองทุน · Fund"
    #: KongTun.js: Fava's own header and sidebar draw Thai with the served Sarabun too
    has_js_module = True

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        options: dict[str, object] = self.config if isinstance(self.config, dict) else {}
        self.lang: Lang = parse_lang(options.get("lang")) or DEFAULT_LANG
        self.thai_digits = options.get("digits") == "thai"
        self._books: Books | None = None
        self._months: dict[datetime.date, MonthBooks] = {}
        self._closes: tuple[Close, ...] | None = None
        self._warnings: list[SuspenseWarning] | None = None
        self._holding: dict[datetime.date, bool] = {}
        self._figures: YearFigures | None = None
        #: (page, month or what else the page reads) -> the page's model, built once per load
        #: (see :meth:`page_model`)
        self._models: dict[tuple[str, Hashable], dict[str, Any]] = {}

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
        self._closes = None
        self._warnings = None
        self._holding = {}
        self._figures = None
        self._models = {}
        self.books(self.last_month())

    def gettext(self, message: str) -> str:
        return gettext(message, self.lang)

    def model(self) -> Books:
        """The books of this load: what the plugin read (see :mod:`kongtun.ledger.model`)."""
        if self._books is None:
            entries: Any = self.ledger.all_entries
            self._books = loaded_books(entries, self.ledger.options)
        return self._books

    def closes(self) -> tuple[Close, ...]:
        """The month closes of this load, oldest first."""
        if self._closes is None:
            entries: Any = self.ledger.all_entries
            self._closes = tuple(read_closes(entries)[0])
        return self._closes

    def holds(self, close: Close) -> bool:
        """Whether the books up to ``close`` are still those it closed (once a load)."""
        held = self._holding.get(close.date)
        if held is None:
            held = self._holding[close.date] = close_holds(self.entries(), close)
        return held

    def fund(self) -> Fund:
        return self.model().fund

    def figures(self) -> YearFigures:
        """The year ends' figures of this load, shared by the annual, audit and statement
        pages: worked out on the first page that asks, kept until the next load."""
        if self._figures is None:
            self._figures = YearFigures(self.model(), self.entries())
        return self._figures

    def books(self, month: datetime.date) -> MonthBooks:
        """The month's one pass over the entries, shared by every view of that month."""
        books = self._months.get(month)
        if books is None:
            entries: Any = self.ledger.all_entries
            books = self._months[month] = read_month(entries, self.model(), month)
        return books

    def entries(self) -> Any:
        return self.ledger.all_entries

    def load_errors(self) -> list[Any]:
        """The books' problems as ``kongtun check`` lists them (plugin-missing included);
        Fava's own errors (its import configuration, ...) are not the books'."""
        errors = [e for e in self.ledger.errors if not type(e).__module__.startswith("fava.")]
        return load_errors(errors, self.ledger.options)

    def problems(self) -> int:
        return len(self.load_errors())

    def warnings(self) -> list[str]:
        """The warnings ``kongtun check`` gives (money in Assets:Suspense), in words."""
        if self._warnings is None:
            entries: Any = self.ledger.all_entries
            held = suspense_warning(entries, self.fund().currency, self.fund().posted)
            self._warnings = [held] if held else []
        return [warning.text(self.lang) for warning in self._warnings]

    def format(self) -> Format:
        return Format(self.lang, self.fund().currency, thai_digits=self.thai_digits)

    def pages(self) -> tuple[str, ...]:
        types = self.fund().member_types
        pages = ["report", "members", "statement"]
        if "loans" in types:
            pages.append("loans")
        if "contributions" in types:
            pages.append("welfare")
        if has_year_end(self.fund()):
            pages.append("annual")
        pages.append("verify")
        if self.model().grants:
            pages.append("grants")
        pages.append("audit")
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
        text = request.args.get("month", "").strip()
        month = parse_month(text) if text else self.last_month()
        buddhist = int(text[:4]) >= 2400 if month and text[:4].isdigit() else self.lang == "th"
        shown = text or month_text(self.last_month(), buddhist)
        base = View("report", PAGES["report"], self.last_month(), pages, {}, month_text=shown)
        if page not in pages:
            return replace(base, page=page, error=self.unknown_page(page, pages))
        base = replace(base, page=page, template=PAGES[page])
        if page == "annual":
            return self.annual_view(base, month)
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
        previous, after = self.neighbours(month, buddhist)
        base = replace(base, month=month, previous=previous, next=after)
        fund = self.fund()
        books = self.books(month)
        # the views that read more of the request than the month
        own: dict[str, Callable[[], View]] = {
            "statement": lambda: self.statement_view(fund, books, base),
            "verify": lambda: self.verify_view(base),
            "audit": lambda: self.audit_view(base),
        }
        if page in own:
            return own[page]()
        models: dict[str, Callable[[], dict[str, Any]]] = {
            "report": lambda: {
                "r": fund_report(fund, books, self.problems()),
                "closes": [c for c in self.closes() if c.date <= books.period.end],
            },
            "members": lambda: {"ml": member_list(fund, books)},
            "loans": lambda: {"ma": member_accounts(fund, books, "loans")},
            "welfare": lambda: {
                "ma": member_accounts(fund, books, "contributions"),
                "welfare_paid": welfare_paid(fund, books),
            },
            "grants": lambda: {"grs": grant_reports(self.model())},
        }
        return replace(base, model=self.page_model(page, month, models[page]))

    def page_model(
        self, page: str, month: Hashable, build: Callable[[], dict[str, Any]]
    ) -> dict[str, Any]:
        """The model of ``page`` for ``month`` (or the year, the sample: what the page reads of
        the request), built on its first request after each load of the books and kept until
        the next (the models are frozen values of this load's books; a reload forgets them:
        :meth:`after_load_file`)."""
        model = self._models.get((page, month))
        if model is None:
            model = self._models[page, month] = build()
        return model

    def annual_view(self, base: View, month: datetime.date | None) -> View:
        """The assembly's report of the fiscal year in the year box (``?year=2567`` or 2024;
        without it, the year of the month box, else of the books' last month)."""
        text = request.args.get("year", "").strip()
        year = parse_year(text) if text else (month or self.last_month()).year
        buddhist = (year is not None and typed_in_be(text)) if text else self.lang == "th"
        shown = text or str(year + BE_OFFSET if buddhist and year else year)
        base = replace(base, year_text=shown, previous="", next="")
        if year is None:
            error = gettext(N_("{year} is not a year: write it as 2567 or 2024."), self.lang)
            return replace(base, error=error.format(year=text))
        months = self.months()
        if not months.first.year <= year <= months.last.year:
            error = gettext(
                N_("The books have no figures for {year}: they run from {first} to {last}."),
                self.lang,
            )
            fmt = self.format()
            first, last = fmt.month(months.first), fmt.month(months.last)
            return replace(base, error=error.format(year=shown, first=first, last=last))
        books, figures = self.model(), self.figures()
        model = self.page_model(
            "annual", year, lambda: {"a": annual_report(books, self.entries(), year, figures)}
        )
        return replace(base, model=model)

    def unknown_page(self, page: str, pages: tuple[str, ...]) -> str:
        """The message for a ``?page=`` that is not one of this fund's views."""
        names = ", ".join(f"{name} ({self.page_title(name)})" for name in pages)
        if page in VIEWS:
            message = N_("This fund has no {page} page. Its pages are: {pages}.")
        else:
            message = N_("There is no page {page}. The pages are: {pages}.")
        return gettext(message, self.lang).format(page=page, pages=names)

    def neighbours(self, month: datetime.date, buddhist: bool) -> tuple[str, str]:
        """The month box's text of the months before and after ("" outside the books)."""
        found = []
        for step in (-1, 1):
            other = shift_month(month, step)
            inside = month_outside(self.months(), other) is None
            found.append(month_text(other, buddhist) if inside else "")
        return found[0], found[1]

    def link_format(self, v: View) -> Format:
        """The pages' filters, with members linked to their statement of the month and the
        problem count to Fava's errors."""
        link = f"?page=statement&month={v.month_text}&member={{member}}"
        return replace(
            self.format(),
            statement_link=link,
            errors_link=url_for("report", report_name="errors"),
            printed=datetime.date.today(),
        )

    def print_css(self, v: View, f: Format) -> str:
        """The margins of every page the browser prints, as the CLI's PDFs have them: the
        fund and the member (or the view) and the month at the top, the print date and
        "หน้า 1/3" at the foot (CSS page-margin boxes, which Chromium draws since 131)."""
        info = self.fund().info
        parts = [info.name if info else ""]
        statement = v.model.get("s")
        if v.page == "statement" and statement is not None:
            parts.append(f"{statement.member.name} ({statement.member.id})")
        elif v.page != "report" and v.page in v.pages:
            parts.append(self.page_title(v.page))
        if v.page in ("report", "members", "statement", "loans", "welfare"):
            parts.append(f.month(v.month))
        running = " · ".join(part for part in parts if part)
        font = '@page { font-family: "Sarabun", sans-serif; font-size: 9pt; color: #444; }'
        return f"@media print {{ {font} {page_css(f, running)} }}"

    def fonts_css(self) -> str:
        """``@font-face`` rules for Sarabun, served by this extension (Thai on any device)."""
        rules = []
        folder = url_for("extension_report", extension_name="KongTun")
        for name, (weight, style) in FONT_FACES.items():
            url = folder + name
            rules.append(
                f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; '
                f'font-style: {style}; font-display: swap; src: url("{url}") format("truetype"); }}'
            )
        return "\n".join(rules)

    @endpoint("Sarabun-Regular.ttf")
    def sarabun_regular(self) -> Response:
        return self.font("Sarabun-Regular.ttf")

    @endpoint("Sarabun-Bold.ttf")
    def sarabun_bold(self) -> Response:
        return self.font("Sarabun-Bold.ttf")

    @endpoint("Sarabun-Italic.ttf")
    def sarabun_italic(self) -> Response:
        return self.font("Sarabun-Italic.ttf")

    def font(self, name: str) -> Response:
        path = f"{fontpkg_sarabun.ROOT}/files/{name}"
        response = send_file(path, mimetype="font/ttf", max_age=365 * 24 * 3600)
        return response

    def verify_view(self, base: View) -> View:
        """A member's id, a month and the code of their paper statement: the verdict."""
        member = request.args.get("member", "").strip()
        code = request.args.get("code", "").strip()
        base = replace(base, member=member)
        if not member or not code:
            return replace(base, model={"verdict": None, "code": code})
        if member not in self.fund().members:
            error = gettext(N_("There is no member {member} in the books."), self.lang)
            return replace(base, error=error.format(member=member))
        entries: Any = self.ledger.all_entries
        verdict = check_statement(entries, self.model(), base.month, member_id=member, code=code)
        words = verdict_text(verdict, self.lang)
        return replace(base, model={"verdict": verdict, "words": words, "code": code})

    def audit_view(self, base: View) -> View:
        """The auditor's workpaper of ``?year=`` (either era; default: the fiscal year ending
        in the month's year), with ``?sample=N&seed=S`` transactions to vouch."""
        read = audit_request(request.args, base.month.year)
        if isinstance(read, str):
            return replace(base, error=gettext(read, self.lang).format(**request.args))
        year, size, seed = read
        drawn = bool(size) and seed is None
        if drawn:
            seed = random.SystemRandom().randrange(SEED_RANGE)
        entries: Any = self.ledger.all_entries

        def build() -> dict[str, Any]:
            paper = workpaper(
                self.model(),
                entries,
                self.load_errors(),
                year,
                sample_size=size,
                seed=seed or 0,
                figures=self.figures(),
            )
            return audit_page_model(paper, self.lang)

        # kept for the load, as the other pages'; a sample drawn at random is drawn anew
        model = build() if drawn else self.page_model("audit", (year, size, seed), build)
        return replace(base, model=model)

    def statement_view(self, fund: Fund, books: MonthBooks, base: View) -> View:
        members = tuple(statement_members(fund, Period(base.month)))
        typed = request.args.get("member", "").strip()
        base = replace(base, members=members, member_text=typed)
        if not members:
            error = gettext(N_("Nobody was a member in this month."), self.lang)
            return replace(base, error=error)
        found = find_members(members, typed) if typed else [members[0]]
        if len(found) > 1:
            return replace(base, choices=tuple(found))
        if not found:
            known = fund.members.get(typed)
            message = (
                N_("{member} was not a member in this month.")
                if known
                else N_("No member has the id or a name with {member}.")
            )
            error = gettext(message, self.lang)
            return replace(base, error=error.format(member=typed))
        member = found[0]
        base = replace(base, member=member.id, member_text=typed or member.id)
        sections = (
            *STATEMENT_SECTIONS,
            *year_end_sections(self.model(), self.entries(), base.month, self.figures()),
        )
        built = statement(fund, books, member, sections)
        sealed = seal(self.closes(), base.month, member.id, closing_of(built))
        close = covering_close(self.closes(), base.month)
        if close is not None and not self.holds(close):  # a code that would not verify
            return replace(base, model={"s": built, "seal": None, "unsealed": sealed})
        return replace(base, model={"s": built, "seal": sealed})
