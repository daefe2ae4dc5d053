"""A fund's monthly summary: what the network's roll-ups read (counts and sums, no names).

:func:`fund_summary` takes the fund's report of the month
(:func:`kongtun.ledger.reports.fund_report.fund_report`, with its loans and welfare sections)
and, for a welfare fund, CODI's annual status figures
(:func:`kongtun.ledger.reports.welfare.annual_status`), and keeps their figures under flat
keys (``members.end``, ``money.savings``, ``loans.at-risk.30``, ``borrowed.CODI``, ...): no
figure is computed here a second time. The keys are listed in docs/network.md.

PDPA: a summary carries the fund's name and area, counts and sums; never a member's name or
id. The first problem of the books is kept as its file, line and rule id only (its message
can name a member).

:func:`to_json` and :func:`from_json` write and read the documented JSON
(``"format": "kongtun-fund-summary/2"``). Version 2 added the ``grants`` block: every grant of
the fund's books as it stood at the month's end (:func:`fund_grants`, from
:func:`kongtun.ledger.grants.book.grant_summaries`), with its grantor and its own area, which the
roll-up adds up by the grant's area and grantor (not the fund's). A version-1 summary is not
read (:func:`from_json` refuses it; the cache reads the books again).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from kongtun.ledger.books.fund import ZERO, Fund
from kongtun.ledger.grants.book import GrantSummary, grant_summaries, grants_as_of
from kongtun.ledger.reports.fund_report import FundReport, fund_report
from kongtun.ledger.reports.month import MonthBooks, under
from kongtun.ledger.reports.sections import LoansReportSection, WelfareReportSection
from kongtun.ledger.reports.welfare import annual_status

FORMAT: Final = "kongtun-fund-summary/2"
#: a grant's figures in the summary (baht, but ``households``: a count), in this order
GRANT_FIGURES: Final = (
    "amount",
    "received",
    "share",
    "spent",
    "returned",
    "converted",
    "left",
    "households",
)
#: figures that count (funds, members, loans, claims); every other figure is baht
COUNT_PREFIXES: Final = (
    "funds.",
    "members.",
    "loans.count",
    "loans.late.",
    "loans.in-arrears",
    "loans.paused",
    "moratoria.",
    "paused.",
    "savings.short",
    "welfare.claims.",
)
RULE_ID: Final = re.compile(r"^([a-z][a-z0-9-]*):")


#: the last part of a lender's counting figures (``lent.CODI.count``, ``lent.CODI.late.30``)
LENT_COUNTS: Final = ("count", "in-arrears", "paused", "moratoria")


def is_count(key: str) -> bool:
    """A figure that counts (written as a whole number), not baht."""
    if key.startswith("lent."):
        return key.rsplit(".", 1)[-1] in LENT_COUNTS or ".late." in key
    return key.startswith(COUNT_PREFIXES)


@dataclass(frozen=True)
class Area:
    """Where a fund is, from its ``custom "fund"`` directive (``province``, ``district``,
    ``tambon``); "" when the directive does not say."""

    province: str
    district: str
    tambon: str


@dataclass(frozen=True)
class FundGrant:
    """One grant of a fund at the month's end: its id, grantor, its own area and its figures
    (:data:`GRANT_FIGURES`); no member's name or id."""

    grant: str
    grantor: str
    area: Area
    figures: Mapping[str, Decimal]


def grant_area(grant: GrantSummary, fund: Area) -> Area:
    """Where a grant is counted: its own area from the most general part it names down (the
    parts above it are the fund's); the fund's area when it names none."""
    if grant.province:
        return Area(grant.province, grant.district, grant.tambon)
    if grant.district:
        return Area(fund.province, grant.district, grant.tambon)
    if grant.tambon:
        return Area(fund.province, fund.district, grant.tambon)
    return fund


def fund_grants(books: MonthBooks, area: Area) -> tuple[FundGrant, ...]:
    """The grants of ``books`` declared by the month's end, with their money moved by then,
    in the ledger's order; ``area``: the fund's."""
    if books.grants is None:
        return ()
    return tuple(
        FundGrant(
            row.grant,
            row.grantor,
            grant_area(row, area),
            MappingProxyType(
                {
                    "amount": row.amount,
                    "received": row.received,
                    "share": row.share,
                    "spent": row.spent,
                    "returned": row.returned,
                    "converted": row.converted,
                    "left": row.left,
                    "households": Decimal(row.households),
                }
            ),
        )
        for row in grant_summaries(grants_as_of(books.grants, books.period.end))
    )


@dataclass(frozen=True)
class FirstProblem:
    """The first problem of the books: where it is and its rule id (no words, no ids)."""

    file: str
    line: int
    rule: str


@dataclass(frozen=True)
class FundSummary:
    """One fund's month, as the roll-up reads it."""

    file: str
    month: datetime.date
    kind: str
    name: str
    area: Area
    #: figure key -> value (see docs/network.md)
    figures: Mapping[str, Decimal]
    problems: int
    first_problem: FirstProblem | None
    #: the fund's month closes: (month "YYYY-MM", digest), oldest first
    closes: tuple[tuple[str, str], ...] = ()
    #: the fund's grants at the month's end (:func:`fund_grants`)
    grants: tuple[FundGrant, ...] = ()


def first_problem(errors: Sequence[Any]) -> FirstProblem | None:
    """Where the first of the load's errors is, and its rule id (``beancount`` for
    Beancount's own errors, whose messages have none)."""
    if not errors:
        return None
    error = errors[0]
    source = error.source or {}
    found = RULE_ID.match(str(error.message))
    return FirstProblem(
        str(source.get("filename", "")),
        int(source.get("lineno") or 0),
        found.group(1) if found else "beancount",
    )


def _cash(report: FundReport, prefix: str) -> Decimal:
    return sum((c.closing for c in report.cash if under(c.account, [prefix])), ZERO)


def _core(report: FundReport) -> dict[str, Decimal]:
    figures: dict[str, Decimal] = {
        f"funds.{report.kind or 'unknown'}": Decimal(1),
        "members.start": Decimal(report.members_at_start),
        "members.end": Decimal(report.members_at_end),
        "members.joined": Decimal(len(report.joined)),
        "members.left": Decimal(len(report.left)),
        "cash.hand": _cash(report, "Assets:Cash"),
        "cash.bank": _cash(report, "Assets:Bank"),
        "income.month": report.income_month,
        "income.year": report.income_year,
        "expenses.month": report.expenses_month,
        "expenses.year": report.expenses_year,
    }
    for money in report.members_money:
        figures[f"money.{money.kind}"] = money.closing
    if any(money.kind == "savings" for money in report.members_money):
        figures["savings.short"] = Decimal(len(report.arrears))
    return figures


def _loans(section: LoansReportSection) -> dict[str, Decimal]:
    held = section.portfolio
    figures: dict[str, Decimal] = {
        "loans.count": Decimal(held.loans),
        "loans.outstanding": held.outstanding,
        "loans.in-arrears": Decimal(section.in_arrears),
        "loans.overdue": section.amount_overdue,
        "loans.paused": Decimal(section.paused),
        "moratoria.in-force": Decimal(len(section.moratoria)),
    }
    for row in section.par:
        figures[f"loans.at-risk.{row.days}"] = row.outstanding
        figures[f"loans.late.{row.days}"] = Decimal(row.loans)
    for borrowing in section.borrowings:
        key = f"borrowed.{borrowing.lender}"
        figures[key] = figures.get(key, ZERO) + borrowing.outstanding
    return figures


def _welfare(section: WelfareReportSection) -> dict[str, Decimal]:
    figures: dict[str, Decimal] = {
        f"members.status.{status}": Decimal(count) for status, count in section.by_status
    }
    for row in section.by_kind:
        figures[f"welfare.paid.{row.kind}"] = row.baht
        figures[f"welfare.paid-year.{row.kind}"] = row.baht_year
        figures[f"welfare.claims.{row.kind}"] = Decimal(row.claims)
    return figures


def _annual(books: MonthBooks) -> dict[str, Decimal]:
    """CODI's annual status figures of the year so far (welfare funds)."""
    if books.welfare is None:
        return {}
    status = annual_status(books.welfare.welfare, books.period.month.year)
    figures = {
        "members.cumulative": Decimal(status.members.cumulative),
        "members.current": Decimal(status.members.current),
        "members.matching-eligible": Decimal(status.members.matching_eligible),
    }
    for received in status.received:
        figures[f"received.{received.source}"] = received.year
    for paid in status.benefits_by_category:
        figures[f"welfare.category-year.{paid.key}"] = paid.baht
    return figures


def summary_figures(report: FundReport, books: MonthBooks) -> dict[str, Decimal]:
    """The summary's figures, from the fund's report of the month and its sections."""
    figures = _core(report)
    for section in report.sections:
        if isinstance(section, LoansReportSection):
            figures.update(_loans(section))
        elif isinstance(section, WelfareReportSection):
            figures.update(_welfare(section))
    figures.update(_annual(books))
    return figures


def lender_figures(
    fund: Fund, books: MonthBooks, figures: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    """A lender's summary figures (``custom "fund" "lender"``, docs/network.md): its loans to
    organisations and their PAR under ``lent.<code>.``, and what the organisations of each
    province owe it, ``owed.<code>.<province>``; not its members' (organisations') counts,
    cash or income, which are not a fund's and would be added to the funds' figures."""
    info = fund.info
    code = info.meta.get("code") if info is not None else None
    code = code.strip() if isinstance(code, str) and code.strip() else "lender"
    found: dict[str, Decimal] = {"funds.lender": Decimal(1)}
    for key, value in figures.items():
        if key.startswith("loans."):
            found[f"lent.{code}.{key.removeprefix('loans.')}"] = value
        elif key == "moratoria.in-force":
            found[f"lent.{code}.moratoria"] = value
    where: dict[str, str] = {}
    for member in fund.members.values():
        province = member.meta.get("province")
        where[member.id] = (
            province.strip() if isinstance(province, str) and province.strip() else "-"
        )
        owed = books.at_month_end.get(f"Assets:Loans:{member.id}", ZERO)
        if owed:
            key = f"owed.{code}.{where[member.id]}"
            found[key] = found.get(key, ZERO) + owed
    found.update(_paused(books, code, where))
    return found


def _paused(books: MonthBooks, code: str, where: Mapping[str, str]) -> dict[str, Decimal]:
    """A lender's loans to organisations paused by a moratorium at the month's end, by the
    organisations' province: ``paused.<code>.<province>``."""
    found: dict[str, Decimal] = {}
    if books.loans is None:
        return found
    end = books.period.end
    for loan in books.loans.loans.member_loans:
        if loan.date > end:
            continue
        state = loan.state(end)
        if state.outstanding > 0 and state.paused_by is not None:
            key = f"paused.{code}.{where.get(loan.party, '-')}"
            found[key] = found.get(key, ZERO) + 1
    return found


def fund_summary(
    fund: Fund,
    books: MonthBooks,
    errors: Sequence[Any],
    closes: Sequence[tuple[str, str]] = (),
    file: str = "",
) -> FundSummary:
    """The summary of the month of ``books``; ``errors``: the load's problems
    (:func:`kongtun.ledger.model.load_errors`)."""
    report = fund_report(fund, books, len(errors))
    info = fund.info
    area = Area(info.province, info.district, info.tambon) if info else Area("", "", "")
    return FundSummary(
        file=file,
        month=books.period.month,
        kind=report.kind or "",
        name=report.name,
        area=area,
        figures=MappingProxyType(
            lender_figures(fund, books, summary_figures(report, books))
            if report.kind == "lender"
            else summary_figures(report, books)
        ),
        problems=len(errors),
        first_problem=first_problem(errors),
        closes=tuple(closes),
        grants=fund_grants(books, area),
    )


def figure_json(key: str, value: Decimal) -> int | str:
    """A figure in JSON: a count as a number, baht as a string ("1234.50", exact)."""
    return int(value) if is_count(key) else str(value)


def to_json(summary: FundSummary) -> dict[str, Any]:
    """The summary as the documented JSON (docs/network.md)."""
    problem = summary.first_problem
    return {
        "format": FORMAT,
        "file": summary.file,
        "month": summary.month.strftime("%Y-%m"),
        "fund": {
            "kind": summary.kind,
            "name": summary.name,
            "province": summary.area.province,
            "district": summary.area.district,
            "tambon": summary.area.tambon,
        },
        "figures": {key: figure_json(key, summary.figures[key]) for key in sorted(summary.figures)},
        "problems": {
            "count": summary.problems,
            "first": None
            if problem is None
            else {"file": problem.file, "line": problem.line, "rule": problem.rule},
        },
        "closes": [{"month": month, "digest": digest} for month, digest in summary.closes],
        "grants": [grant_json(grant) for grant in summary.grants],
    }


def grant_json(grant: FundGrant) -> dict[str, Any]:
    """A grant in the summary's JSON: baht as strings, households a number."""
    figures: dict[str, Any] = {
        key: int(grant.figures[key]) if key == "households" else str(grant.figures[key])
        for key in GRANT_FIGURES
    }
    return {
        "grant": grant.grant,
        "grantor": grant.grantor,
        "province": grant.area.province,
        "district": grant.area.district,
        "tambon": grant.area.tambon,
        **figures,
    }


def grant_from_json(data: Mapping[str, Any]) -> FundGrant:
    """A grant read back from :func:`grant_json`'s JSON."""
    return FundGrant(
        str(data["grant"]),
        str(data["grantor"]),
        Area(str(data["province"]), str(data["district"]), str(data["tambon"])),
        MappingProxyType({key: Decimal(str(data[key])) for key in GRANT_FIGURES}),
    )


def from_json(data: Mapping[str, Any]) -> FundSummary:
    """A summary read back from :func:`to_json`'s JSON; ``ValueError`` for another format (a
    version-1 summary has no grants: reading it as having none would misreport them)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} summary")
    fund = data["fund"]
    first = data["problems"]["first"]
    return FundSummary(
        file=str(data["file"]),
        month=datetime.date.fromisoformat(data["month"] + "-01"),
        kind=str(fund["kind"]),
        name=str(fund["name"]),
        area=Area(str(fund["province"]), str(fund["district"]), str(fund["tambon"])),
        figures=MappingProxyType(
            {str(key): Decimal(str(value)) for key, value in data["figures"].items()}
        ),
        problems=int(data["problems"]["count"]),
        first_problem=None
        if first is None
        else FirstProblem(str(first["file"]), int(first["line"]), str(first["rule"])),
        closes=tuple((str(c["month"]), str(c["digest"])) for c in data["closes"]),
        grants=tuple(grant_from_json(grant) for grant in data["grants"]),
    )
