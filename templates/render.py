"""One look for Fava and paper: the formatting filters, the page wrapper and the PDF.

Templates only format; :class:`Format` is the one set of filters they use for text, money,
dates and names (Thai: Buddhist Era dates with Thai month names, baht spelled out). The same
page fragments render inside Fava (``KongTun.html``) and on paper (``paper.html``, then
WeasyPrint with the Sarabun font that the ``fontpkg-sarabun`` package installs).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

import fontpkg_sarabun
import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from beancount.core.amount import Amount
from markupsafe import Markup, escape

from kongtun.ledger.books.accounts import (
    KIND_LABELS,
    MEMBER_ACCOUNT_LABELS,
    FundKind,
    MemberAccountType,
)
from kongtun.ledger.i18n import N_, Lang, gettext
from kongtun.ledger.labels import RULE_LABELS
from kongtun.ledger.messages import error_line
from kongtun.ledger.thai import (
    baht_text,
    long_date,
    money,
    thai_date,
    thai_digits,
    thai_month,
    wide_month,
)

#: The page fragments, by page name (the Fava extension's ?page= and the commands).
PAGES: Final[dict[str, str]] = {
    "report": "fund_report.html",
    "members": "member_list.html",
    "statement": "statement.html",
    "loans": "loans.html",
    "welfare": "welfare.html",
    "annual": "annual_report.html",
    "verify": "verify.html",
    "rollup": "rollup.html",
    "grant": "grant_report.html",
    "grants": "grants.html",
    "audit": "audit.html",
}


@dataclass(frozen=True)
class Format:
    """The filters every page uses, for one language; ``public`` hides members' names;
    ``thai_digits`` writes numbers and dates with Thai digits (๑,๒๓๔.๕๐ บาท)."""

    lang: Lang
    currency: str = "THB"
    public: bool = False
    thai_digits: bool = False
    #: where a member's statement is, with ``{member}`` for the id (pages in Fava); on
    #: paper members are not links
    statement_link: str = ""
    #: Fava's page of errors, for the count of problems (pages in Fava)
    errors_link: str = ""
    #: the day the page is printed (said on paper); None in snapshots
    printed: datetime.date | None = None

    def digits(self, text: str) -> str:
        return thai_digits(text) if self.thai_digits else text

    def gettext(self, message: str) -> str:
        return gettext(message, self.lang)

    def money(self, number: Decimal) -> str:
        return self.digits(money(number, self.currency, self.lang))

    def amount(self, number: Decimal) -> str:
        """A number in a money column: 1,234.50, no currency (the column says it); 0 as -."""
        if number == 0:
            return "-"
        text = money(number, self.currency, self.lang)
        return self.digits(text.rsplit(" ", 1)[0])

    def balance(self, number: Decimal) -> str:
        """A balance in a money column: 1,234.50, and 0 as 0.00 (a passbook's balance)."""
        text = money(number, self.currency, self.lang)
        return self.digits(text.rsplit(" ", 1)[0])

    def count(self, number: int) -> str:
        return self.digits(format_decimal(number, format="#,##0", locale=self.lang))

    def percent(self, fraction: Decimal) -> str:
        """A share as a percentage with one decimal: 12.5%."""
        return self.digits(format_percent(fraction, format="#,##0.0%", locale=self.lang))

    def words(self, number: Decimal) -> str:
        """The amount spelled out in Thai (Thai pages only; empty in English)."""
        return f"({baht_text(number)})" if self.lang == "th" and self.currency == "THB" else ""

    def date(self, day: datetime.date | None) -> str:
        if day is None:
            return ""
        return self.digits(thai_date(day) if self.lang == "th" else day.isoformat())

    def long_date(self, day: datetime.date) -> str:
        return self.digits(long_date(day, self.lang))

    def month(self, day: datetime.date) -> str:
        return self.digits(wide_month(day, self.lang))

    def short_month(self, day: datetime.date) -> str:
        return self.digits(thai_month(day) if self.lang == "th" else day.strftime("%Y-%m"))

    def chart_month(self, day: datetime.date) -> str:
        """A month under a chart: ก.ย. 2567, Sep 2024."""
        if self.lang == "th":
            return self.short_month(day)
        return self.digits(format_date(day, "MMM y", locale=self.lang))

    def scale(self, values: list[Decimal]) -> Decimal:
        """The top of a chart's scale: the largest value."""
        return max((abs(value) for value in values), default=Decimal(0))

    def rule(self, key: str) -> str:
        """A rule key in words: "Highest loan interest (loan-rate-max)"."""
        label = RULE_LABELS.get(key)
        return f"{gettext(label[0], self.lang)} ({key})" if label else key

    def rule_value(self, key: str, value: object) -> str:
        """A rule's value with its unit: 12 % a year, 2 people."""
        unit = RULE_LABELS.get(key, ("", ""))[1]
        if unit.startswith("% "):  # the sign stays out of the catalog (not a % format)
            return f"{self.value(value)} % {gettext(unit[2:], self.lang)}"
        if isinstance(value, str) and value in ("month", "year"):
            return gettext(N_("month") if value == "month" else N_("year"), self.lang)
        text = self.value(value)
        return f"{text} {gettext(unit, self.lang)}" if unit else text

    def kind(self, kind: FundKind | None) -> str:
        return gettext(KIND_LABELS[kind], self.lang) if kind else ""

    def account(self, kind: MemberAccountType) -> str:
        return gettext(MEMBER_ACCOUNT_LABELS[kind], self.lang)

    def named(self, name_th: str, name_en: str) -> str:
        return name_th if self.lang == "th" else name_en

    def person(self, member_id: str, name: str) -> Markup:
        """A member as a public page shows them: the id only (PDPA); else name and id; in
        Fava a link to the member's statement for the month."""
        return self.link(member_id, member_id if self.public else f"{name} ({member_id})")

    def link(self, member_id: str, text: str) -> Markup:
        """``text`` as a link to the member's statement (when pages have links)."""
        if not self.statement_link:
            return escape(text)
        href = self.statement_link.format(member=member_id)
        return Markup('<a class="kongtun-person" href="{}">{}</a>').format(href, text)

    def value(self, value: object) -> str:
        """A rule's value as the committee reads it."""
        if isinstance(value, bool):
            return gettext(N_("yes") if value else N_("no"), self.lang)
        if isinstance(value, Amount) and value.number is not None:
            return self.money(value.number)
        return self.digits(str(value))

    def problem(self, error: Any) -> str:
        """One of the books' problems as ``kongtun check`` words it: file:line: rule: message
        (the file by its name)."""
        line = error_line(error, self.lang)
        return f"{Path(line.file).name}:{line.line}: {line.message}"

    def problem_counts(self, errors: Sequence[Any]) -> list[tuple[str, int]]:
        """The problems by rule id, with their counts (a public page shows no message: the
        messages name members)."""
        return sorted(Counter(error_line(error, self.lang).rule for error in errors).items())

    def bars(self, values: list[Decimal]) -> list[tuple[Decimal, float]]:
        """Each value with its bar's height in percent of the largest (for the charts)."""
        top = max((abs(value) for value in values), default=Decimal(0))
        if top == 0:
            return [(value, 0.0) for value in values]
        return [(value, float(abs(value) / top * 100)) for value in values]


def template_folder() -> str:
    return str(resources.files("kongtun.templates"))


@cache
def environment() -> jinja2.Environment:
    """The templates, for pages outside Fava (the command line, PDF)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_folder()),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
    )


def sarabun_css() -> str:
    """``@font-face`` rules for the Sarabun font installed by the fontpkg-sarabun package."""
    root = Path(fontpkg_sarabun.ROOT) / "files"
    rules = []
    for weight, style in (("Regular", "normal"), ("Bold", "bold")):
        path = root / f"Sarabun-{weight}.ttf"
        source = f'src: url("{path.as_uri()}");'
        rules.append(f'@font-face {{ font-family: "Sarabun"; font-weight: {style}; {source} }}')
    return "\n".join(rules)


#: the page number at the foot of every printed page ("หน้า 1/3", "Page 1 of 3")
PAGE_NUMBER: Final = N_("Page {page} of {pages}")


def css_string(text: str) -> str:
    """``text`` as a CSS string, safe inside a ``<style>`` element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ").replace(">", "\\3e ") + '"'


def page_css(fmt: Format, running: str) -> str:
    """The margins of every printed page: ``running`` (the fund, the member, the month) at
    the top, the print date (when ``fmt`` has one) and the page number at the foot."""
    number = fmt.gettext(PAGE_NUMBER)
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", number):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(fmt.digits(piece)))
    boxes = [f"@bottom-right {{ content: {' '.join(parts)}; }}"]
    if running:
        boxes.append(f"@top-left {{ content: {css_string(running)}; }}")
    if fmt.printed is not None:
        printed = f"{fmt.gettext(N_('Printed on'))} {fmt.long_date(fmt.printed)}"
        boxes.append(f"@bottom-left {{ content: {css_string(printed)}; }}")
    return "@page { " + " ".join(boxes) + " }"


def render_paper(
    page: str,
    fmt: Format,
    title: str,
    problems: Sequence[Any] = (),
    running: str = "",
    **model: Any,
) -> str:
    """A whole HTML document with one page (``page`` is a key of :data:`PAGES`), after the
    books' ``problems`` (:func:`kongtun.ledger.model.load_errors`), if any. Every printed page
    says ``running`` at its top (the fund, the member, the month), its number ("หน้า 1/3")
    and, when ``fmt`` has one, the print date at its foot."""
    template = environment().get_template("paper.html")
    return template.render(
        page=PAGES[page],
        f=fmt,
        title=title,
        fonts=sarabun_css(),
        margins=page_css(fmt, running or title),
        lang=fmt.lang,
        problems=problems,
        **model,
    )


def render_fragment(page: str, fmt: Format, **model: Any) -> str:
    """One page fragment alone, as Fava shows it inside its layout (for snapshots)."""
    return environment().get_template(PAGES[page]).render(f=fmt, **model)


def render_pdf(html: str) -> bytes:
    """The HTML document as a PDF (A4, the print stylesheet), drawn by WeasyPrint."""
    # imported here: WeasyPrint takes over half a second to import, and Fava and the HTML
    # commands never need it
    from weasyprint import HTML  # noqa: PLC0415

    from kongtun.templates.pdf_fonts import with_pdf_fonts  # noqa: PLC0415 (fontTools: slow)

    pdf: bytes = HTML(string=with_pdf_fonts(html), base_url=template_folder()).write_pdf()
    return pdf
