"""``kongtun welfare-status LEDGER --year YEAR``: CODI's annual status figures of a welfare fund.

Counts and sums only (members, money by source, benefits by kind): no names, no claim
details, so the output can go on the notice board (PDPA).
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from decimal import Decimal

import click

from kongtun.cli.common import (
    LANG_OPTION,
    day_option,
    fail,
    refuse_era_slips,
    require_file,
    words,
)
from kongtun.cli.load import load_books
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.i18n import N_, Lang, N_n, gettext
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.welfare import AnnualStatus, annual_status, standings_on
from kongtun.ledger.thai import BE_FROM, BE_OFFSET, message_date, money_figure
from kongtun.ledger.welfare.benefits import CATEGORIES
from kongtun.ledger.welfare.book import SOURCES, STATUS_LABELS, Welfare

#: headings of the report (marked here: the extractor does not look inside f-strings)
MONEY_RECEIVED = N_("Money received")
THIS_YEAR = N_("this year")
SINCE_START = N_("since the start")
BENEFITS_PAID = N_("Benefits paid")
PEOPLE = N_("people")
CLAIMS = N_("claims")
BAHT = N_("baht")
ADMIN = N_("Administration costs")
ASSETS = N_("Assets at the end of the year")


def width(text: str) -> int:
    """Columns ``text`` takes: Thai vowel and tone marks above or below take none."""
    return sum(1 for char in text if unicodedata.category(char) not in ("Mn", "Me", "Cf"))


def pad(text: str, columns: int) -> str:
    """``text`` left-aligned in ``columns`` (Thai-aware ``str.ljust``)."""
    return text + " " * max(columns - width(text), 0)


def members_text(status: AnnualStatus, lang: Lang) -> list[str]:
    """The members: founding, cumulative, current, by status, eligible for matching."""
    members = status.members
    rows: list[tuple[str, int]] = [
        (gettext(N_("founding members"), lang), members.founding),
        (gettext(N_("cumulative members"), lang), members.cumulative),
        (gettext(N_("current members"), lang), members.current),
        *((gettext(STATUS_LABELS[key], lang), count) for key, count in members.by_status),
        (
            gettext(N_("eligible for state matching on 30 September"), lang),
            members.matching_eligible,
        ),
    ]
    return [gettext(N_("Members"), lang)] + [
        f"  {pad(label, 48)} {count:>8,}" for label, count in rows
    ]


def money_text(status: AnnualStatus, lang: Lang) -> list[str]:
    """Money received by source, benefits paid by category, administration costs, assets."""

    def figure(number: Decimal) -> str:
        return money_figure(number, lang)

    lines = [
        f"{pad(gettext(MONEY_RECEIVED, lang), 50)} {gettext(THIS_YEAR, lang):>14}"
        f" {gettext(SINCE_START, lang):>16}",
    ]
    lines += [
        f"  {pad(gettext(SOURCES[row.source], lang), 48)} {figure(row.year):>14}"
        f" {figure(row.total):>16}"
        for row in status.received
    ]
    lines += [
        "",
        f"{pad(gettext(BENEFITS_PAID, lang), 38)} {gettext(PEOPLE, lang):>7}"
        f" {gettext(CLAIMS, lang):>7} {gettext(BAHT, lang):>14}"
        f"  ({gettext(SINCE_START, lang)})",
    ]
    lines += [
        f"  {pad(gettext(CATEGORIES[row.category], lang), 36)} {row.people:>7,} {row.claims:>7,}"
        f" {figure(row.baht):>14}  ({row.people_total:,} / {row.claims_total:,} /"
        f" {figure(row.baht_total)})"
        for row in status.benefits_by_category
    ]
    return [
        *lines,
        "",
        f"{pad(gettext(ADMIN, lang), 50)} {figure(status.admin):>14}",
        f"{pad(gettext(ASSETS, lang), 50)} {figure(status.assets):>14}",
    ]


def as_text(status: AnnualStatus, name: str, lang: Lang) -> str:
    """The figures as a plain-text report."""
    shown_year = status.year + BE_OFFSET if lang == "th" else status.year
    title = words(
        lang,
        N_("{name}: annual status for {year} (as of {date})"),
        name=name,
        year=shown_year,
        date=message_date(status.as_of, lang),
    )
    lines = [title, "", *members_text(status, lang), "", *money_text(status, lang)]
    return "\n".join(lines) + "\n"


def standings_text(welfare: Welfare, day: datetime.date, names: bool, lang: Lang) -> str:
    """Members in arrears or lapsed on ``day``, one a line."""
    rows = standings_on(welfare, day)
    lines = [
        words(
            lang,
            N_("Members behind with contributions on {date}: {count}"),
            date=message_date(day, lang),
            count=len(rows),
        )
    ]
    for row in rows:
        through = message_date(row.paid_through, lang) if row.paid_through else "-"
        text = words(
            lang,
            N_n(
                "{member}  {status}  {count} period missed, paid up to {through}",
                "{member}  {status}  {count} periods missed, paid up to {through}",
            ),
            member=row.member,
            status=gettext(STATUS_LABELS[row.status], lang),
            count=row.missed,
            through=through,
        )
        if names:
            text += f"  {row.name}  {row.village}"
        lines.append(text)
    return "\n".join(lines) + "\n"


def standings_json(welfare: Welfare, day: datetime.date, names: bool) -> str:
    """Members in arrears or lapsed on ``day``, as JSON (names and villages with ``names``)."""
    rows = []
    for row in standings_on(welfare, day):
        item: dict[str, object] = {
            "member": row.member,
            "status": row.status,
            "missed": row.missed,
            "paid_through": row.paid_through.isoformat() if row.paid_through else None,
            "lapsed": row.lapsed.isoformat() if row.lapsed else None,
        }
        if names:
            item |= {"name": row.name, "village": row.village}
        rows.append(item)
    payload = {"behind_on": day.isoformat(), "count": len(rows), "members": rows}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def as_json(status: AnnualStatus) -> str:
    members = status.members
    payload = {
        "year": status.year,
        "as_of": status.as_of.isoformat(),
        "members": {
            "founding": members.founding,
            "cumulative": members.cumulative,
            "current": members.current,
            "by_status": dict(members.by_status),
            "matching_eligible": members.matching_eligible,
        },
        "received": {
            row.source: {"year": str(row.year), "total": str(row.total)} for row in status.received
        },
        "benefits_by_kind": [
            {
                "kind": row.key,
                "category": row.category,
                "people": row.people,
                "claims": row.claims,
                "baht": str(row.baht),
                "people_total": row.people_total,
                "claims_total": row.claims_total,
                "baht_total": str(row.baht_total),
            }
            for row in status.benefits_by_kind
        ],
        "admin": str(status.admin),
        "assets": str(status.assets),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


@click.command(
    "welfare-status",
    cls=KongtunCommand,
    help=N_(
        "CODI's annual status figures of the welfare fund in LEDGER for one year.\n\n"
        "With --behind-on DATE it lists instead the members in arrears or lapsed on that "
        "day, by member id (with --names, names and villages too), for the committee to "
        "follow up.\n\n"
        "Members (founding, cumulative, current, by status, eligible for matching), money "
        "received by source and benefits paid by category. Exit status 2 when the ledger "
        "cannot be read or is not a welfare fund's."
    ),
)
@click.argument("ledger", type=click.Path(dir_okay=False))
@click.option(
    "--year",
    type=click.IntRange(1941, 3000),
    default=None,
    help=N_("The year, CE (2024) or Buddhist Era (2567)."),
)
@LANG_OPTION
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("text for people, json for programs."),
)
@day_option(
    "--behind-on",
    "on",
    N_("Instead: list the members in arrears or lapsed on this day (2024-09-20 or 2567-09-20)."),
)
@click.option(
    "--names",
    is_flag=True,
    help=N_("With --behind-on: show names and villages too (member ids only by default: PDPA)."),
)
def welfare_status(
    *,
    ledger: str,
    year: int | None,
    lang: Lang,
    output: str,
    on: datetime.date | None,
    names: bool,
) -> None:
    require_file(lang, ledger)
    entries, _errors, options = load_books(ledger)
    books = loaded_books(entries, options)
    refuse_era_slips(lang, books.problems, ledger)
    fund = books.fund
    if fund.info is None or fund.info.kind != "welfare-fund":
        fail(
            lang,
            N_("{path} is not the ledger of a welfare fund; welfare-status needs one."),
            path=ledger,
        )
    welfare = books.welfare
    assert welfare is not None  # a welfare fund's members contribute
    if on is not None:
        text = standings_json(welfare, on, names) if output == "json" else None
        click.echo(text or standings_text(welfare, on, names, lang), nl=False)
        return
    if year is None:
        fail(lang, N_("give --year (or --behind-on)."))
    ce_year = year - BE_OFFSET if year >= BE_FROM else year
    status = annual_status(welfare, ce_year)
    if output == "json":
        click.echo(as_json(status), nl=False)
    else:
        click.echo(as_text(status, fund.info.name, lang), nl=False)
