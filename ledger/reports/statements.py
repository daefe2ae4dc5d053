"""Member statements for a month, from the month pass (:mod:`kongtun.ledger.reports.month`).

:func:`statements` builds one :class:`Statement` per member from the month's pass, without
looking at the entries again.

Sections that other rule families add (loan schedules and arrears, moratoria, welfare
benefits) plug in through :data:`STATEMENT_SECTIONS`: a builder that returns a section
(with the name of the template that shows it) for a member, or None when there is nothing to
show. Savings arrears are the first such section.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal, Protocol

from kongtun.ledger.books.accounts import (
    MemberAccountType,
    member_account,
)
from kongtun.ledger.books.arrears import SavingsArrear, savings_arrears_of
from kongtun.ledger.books.fund import ZERO, Fund, Member
from kongtun.ledger.i18n import N_
from kongtun.ledger.loans.book import METHOD_LABELS, Loan
from kongtun.ledger.loans.moratorium import Moratorium
from kongtun.ledger.loans.restructure import Restructuring, Settlement
from kongtun.ledger.reports.month import (
    Line,
    MonthBooks,
    Movement,
    Period,
    claim,
)
from kongtun.ledger.welfare.book import STATUS_LABELS, Welfare
from kongtun.ledger.welfare.contributions import Status


class Section(Protocol):
    """A part of a statement that a rule family adds; ``template`` is the file that shows it."""

    @property
    def template(self) -> str: ...


@dataclass(frozen=True)
class SavingsArrearsSection:
    """The months of the statement's year (up to its month) in which the member saved short."""

    arrears: tuple[SavingsArrear, ...]
    template: str = "statement_savings_arrears.html"

    @property
    def shortfall(self) -> Decimal:
        return sum((arrear.shortfall for arrear in self.arrears), ZERO)


@dataclass(frozen=True)
class PassbookLine:
    """One line of a passbook: what a transaction put in and took out of the account (the
    member's claim: deposited, or lent; withdrawn, or repaid) and the balance after it."""

    date: datetime.date
    description: str
    increase: Decimal
    decrease: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Passbook:
    """One of the member's accounts over the month as a passbook (สมุดบัญชี): the balance
    brought forward, each transaction with the balance after it, the balance carried forward.
    A savings group's loans account is shown loan by loan (``loan``: its id; empty for what
    no loan's ``loan:`` names)."""

    kind: MemberAccountType
    loan: str
    opening: Decimal
    lines: tuple[PassbookLine, ...]

    @property
    def closing(self) -> Decimal:
        return self.lines[-1].balance if self.lines else self.opening

    @property
    def increase(self) -> Decimal:
        return sum((line.increase for line in self.lines), ZERO)

    @property
    def decrease(self) -> Decimal:
        return sum((line.decrease for line in self.lines), ZERO)


def passbook(
    kind: MemberAccountType, loan: str, opening: Decimal, lines: Iterable[Line]
) -> Passbook:
    """The passbook of ``kind`` from ``opening`` over the member's ``lines`` of the month."""
    balance = opening
    rows = []
    for line in lines:
        change = line.changes.get(kind)
        if change is None:
            continue
        balance += change
        rows.append(
            PassbookLine(
                line.date,
                line.narration or line.payee,
                max(change, ZERO),
                max(-change, ZERO),
                balance,
            )
        )
    return Passbook(kind, loan, opening, tuple(rows))


def _loan_opening(loan: Loan, period: Period) -> Decimal:
    if loan.date >= period.start:
        return ZERO
    return loan.state(period.start - datetime.timedelta(days=1)).outstanding


def loan_passbooks(
    books: MonthBooks, member: Member, movement: Movement, lines: Sequence[Line]
) -> list[Passbook]:
    """The loans account loan by loan: each loan owing at the month's start or moved in it,
    then what no loan names (an amount brought forward or lines without ``loan:``), so that
    the passbooks' closing balances add up to the account's."""
    period = books.period
    owing = [line for line in lines if "loans" in line.changes]
    shown: list[Passbook] = []
    loans = books.loans.by_member.get(member.id, ()) if books.loans is not None else ()
    for loan in loans:
        if loan.date > period.end:
            continue
        own = [line for line in owing if line.loan == loan.id]
        opening = _loan_opening(loan, period)
        if opening or own:
            shown.append(passbook("loans", loan.id, opening, own))
    named = {book.loan for book in shown}
    rest = [line for line in owing if line.loan not in named]
    rest_opening = movement.opening - sum((book.opening for book in shown), ZERO)
    if rest or rest_opening:
        shown.append(passbook("loans", "", rest_opening, rest))
    return shown


def passbooks(
    books: MonthBooks, member: Member, month: Sequence[Movement], lines: Sequence[Line]
) -> tuple[Passbook, ...]:
    """A passbook for each of the member's accounts with a balance or a transaction in the
    month (loans: one for each loan)."""
    found: list[Passbook] = []
    for movement in month:
        if movement.kind == "loans":
            found.extend(loan_passbooks(books, member, movement, lines))
            continue
        book = passbook(movement.kind, "", movement.opening, lines)
        if book.opening or book.lines:
            found.append(book)
    return tuple(found)


@dataclass(frozen=True)
class Statement:
    """One member's statement for one month."""

    fund_name: str
    currency: str
    period: Period
    member: Member
    #: the month: balances at its start and end, what went in and out
    month: tuple[Movement, ...]
    #: the year to the end of the month
    year: tuple[Movement, ...]
    lines: tuple[Line, ...]
    sections: tuple[Section, ...]
    #: the month of each account as a passbook (:func:`passbooks`)
    passbooks: tuple[Passbook, ...] = ()

    @property
    def status_left(self) -> bool:
        """The member had left by the end of the month."""
        return self.member.exited is not None and self.member.exited <= self.period.end

    def closing(self, kind: MemberAccountType) -> Decimal:
        for movement in self.month:
            if movement.kind == kind:
                return movement.closing
        return ZERO


#: Builds one section of a member's statement, or None when it has nothing to show.
SectionBuilder = Callable[[Fund, MonthBooks, Member], Section | None]


def savings_arrears_section(fund: Fund, books: MonthBooks, member: Member) -> Section | None:
    """Savings arrears in the statement's year, up to the end of its month."""
    arrears = tuple(savings_arrears_of(fund, member, books.period.end, books.period.year_start))
    return SavingsArrearsSection(arrears) if arrears else None


InstalmentStatus = Literal["paid", "overdue", "due", "upcoming", "restructured"]
INSTALMENT_LABELS: Final[dict[str, str]] = {
    "restructured": N_("restructured"),
    "paid": N_("paid"),
    "overdue": N_("overdue"),
    "due": N_("due"),
    "upcoming": N_("to come"),
}


@dataclass(frozen=True)
class InstalmentRow:
    """One instalment of a loan's schedule as it stands at the end of the statement's month:
    ``paid`` (what was paid covers it), ``overdue`` (due before the month's last day and not
    covered), ``due`` (due on the month's last day), ``upcoming``, or ``restructured`` (left
    unpaid when the loan was restructured)."""

    number: int
    due: datetime.date
    principal: Decimal
    interest: Decimal
    status: InstalmentStatus

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest

    @property
    def label(self) -> str:
        """The status, as a message id of the catalog."""
        return INSTALMENT_LABELS[self.status]


@dataclass(frozen=True)
class LoanLine:
    """One of the member's loans on a statement: its terms, the schedule around the month,
    what fell due and was paid in the month, and where it stands at the month's end."""

    id: str
    date: datetime.date
    principal: Decimal
    rate: Decimal
    method: str
    installments: int
    #: instalments still overdue from before the month, the one before the month, the
    #: month's, and the next one
    rows: tuple[InstalmentRow, ...]
    #: principal and interest of the instalments due in the month
    due_in_month: Decimal
    paid_principal: Decimal
    paid_interest: Decimal
    paid_charge: Decimal
    outstanding_start: Decimal
    outstanding: Decimal
    principal_overdue: Decimal
    interest_overdue: Decimal
    overdue_installments: int
    days_past_due: int
    repaid: datetime.date | None
    #: moratoria covering the loan on some day of the month
    moratoria: tuple[Moratorium, ...]
    #: the moratorium pausing the loan on the month's last day
    paused_by: Moratorium | None
    #: the loan's last restructuring by the month's last day, and the principal it left
    restructured: Restructuring | None = None
    restructured_principal: Decimal = ZERO
    #: what that restructuring capitalised and waived (interest and late charges apart)
    settlement: Settlement | None = None
    #: principal written off by the month's end (the member still owes it), the day of the
    #: last write-off, what was recovered since, and what the member still owes in all
    written_off: Decimal = ZERO
    written_off_on: datetime.date | None = None
    recovered: Decimal = ZERO
    still_owed: Decimal = ZERO

    @property
    def paid(self) -> Decimal:
        return self.paid_principal + self.paid_interest + self.paid_charge

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    @property
    def amount_overdue(self) -> Decimal:
        return self.principal_overdue + self.interest_overdue


def in_force(moratorium: Moratorium, period: Period) -> bool:
    """The moratorium covers some day of the month."""
    return moratorium.start <= period.end and moratorium.end >= period.start


def _rows(loan: Loan, period: Period, repaid: bool) -> tuple[InstalmentRow, ...]:
    end = period.end
    rows: list[InstalmentRow] = []
    for schedule, repayments, ended in loan.stretches(end):
        # a capitalisation (negative principal) lends the interest: it pays nothing
        paid = sum(
            (r.principal + r.interest for r in repayments if r.date <= end and r.principal >= 0),
            ZERO,
        )
        due_total = ZERO
        for row in schedule:
            due_total += row.amount
            status: InstalmentStatus
            if repaid or paid >= due_total:
                status = "paid"
            elif ended is not None:
                status = "restructured"
            elif row.due < end:
                status = "overdue"
            elif row.due == end:
                status = "due"
            else:
                status = "upcoming"
            rows.append(InstalmentRow(len(rows) + 1, row.due, row.principal, row.interest, status))
    before = [i for i, row in enumerate(rows) if row.due < period.start]
    after = [i for i, row in enumerate(rows) if row.due > end]
    shown = {i for i, row in enumerate(rows) if period.start <= row.due <= end}
    shown |= {i for i in before if rows[i].status == "overdue"}
    if before:
        shown.add(before[-1])
    if after:
        shown.add(after[0])
    return tuple(rows[i] for i in sorted(shown))


def loan_line(loan: Loan, period: Period) -> LoanLine:
    """``loan`` on a statement for ``period``."""
    state = loan.state(period.end)
    opening = (
        loan.state(period.start - datetime.timedelta(days=1)).outstanding
        if loan.date < period.start
        else ZERO
    )
    # a capitalisation lends the unpaid interest: not a payment of the month
    month = [
        r for r in loan.repayments if period.start <= r.date <= period.end and r.principal >= 0
    ]
    stretches = loan.stretches(period.end)
    schedule = [row for rows, _, _ in stretches for row in rows]
    due = sum((row.amount for row in schedule if period.start <= row.due <= period.end), ZERO)
    restructured = loan.restructured_by(period.end)
    return LoanLine(
        id=loan.id,
        date=loan.date,
        principal=loan.principal,
        rate=loan.phase(period.end).terms.rate,
        method=loan.phase(period.end).terms.method,
        installments=len(stretches[-1][0]),
        rows=_rows(loan, period, state.repaid is not None),
        due_in_month=due,
        paid_principal=sum((r.principal for r in month), ZERO),
        paid_interest=sum((r.interest for r in month), ZERO),
        paid_charge=sum((r.charge for r in month), ZERO),
        outstanding_start=opening,
        outstanding=state.outstanding,
        principal_overdue=state.principal_overdue,
        interest_overdue=state.interest_overdue,
        overdue_installments=state.overdue_installments,
        days_past_due=state.days_past_due,
        repaid=state.repaid,
        moratoria=tuple(m for m in loan.moratoria if in_force(m, period)),
        paused_by=state.paused_by,
        restructured=restructured,
        written_off=state.written_off,
        written_off_on=max(
            (r.date for r in loan.repayments if r.written_off and r.date <= period.end),
            default=None,
        ),
        recovered=state.recovered,
        still_owed=state.still_owed,
        restructured_principal=(
            loan.state(restructured.day).outstanding if restructured is not None else ZERO
        ),
        settlement=loan.settled_by(restructured) if restructured is not None else None,
    )


@dataclass(frozen=True)
class LoansSection:
    """The member's loans open in the month (owing at its start, lent or repaid in it)."""

    loans: tuple[LoanLine, ...]
    template: str = "statement_loans.html"

    @property
    def outstanding(self) -> Decimal:
        return sum((loan.outstanding for loan in self.loans), ZERO)

    @property
    def amount_overdue(self) -> Decimal:
        return sum((loan.amount_overdue for loan in self.loans), ZERO)


def loans_section(fund: Fund, books: MonthBooks, member: Member) -> Section | None:
    """Each loan of the member's that was open in the month, with its schedule and arrears."""
    if books.loans is None:
        return None
    period = books.period
    lines = []
    for loan in books.loans.by_member.get(member.id, ()):
        if loan.date > period.end:
            continue
        line = loan_line(loan, period)
        # a written-off loan stays on the statements while the member still owes it
        if (
            line.outstanding > 0
            or line.outstanding_start > 0
            or line.still_owed > 0
            or loan.date >= period.start
        ):
            lines.append(line)
    return LoansSection(tuple(lines)) if lines else None


@dataclass(frozen=True)
class BenefitLine:
    """One benefit paid to the member: its kind and amount (never the claim's details)."""

    date: datetime.date
    kind: str
    #: the benefit's Thai name, as the fund declared it (``label:``), or empty
    label: str
    amount: Decimal


@dataclass(frozen=True)
class WelfareSection:
    """The member's standing in the welfare fund at the month's end and the benefits paid to
    them in the year to the month's end (PDPA: kinds and amounts only, no diagnosis)."""

    status: Status
    period: Period
    benefits: tuple[BenefitLine, ...]
    template: str = "statement_welfare.html"

    @property
    def status_label(self) -> str:
        """The status, as a message id of the catalog."""
        return STATUS_LABELS.get(self.status.kind, N_("not a member"))

    @property
    def month_benefits(self) -> tuple[BenefitLine, ...]:
        return tuple(b for b in self.benefits if b.date >= self.period.start)

    @property
    def month_total(self) -> Decimal:
        return sum((b.amount for b in self.month_benefits), ZERO)

    @property
    def year_total(self) -> Decimal:
        return sum((b.amount for b in self.benefits), ZERO)


def benefit_label(welfare: Welfare, kind: str, day: datetime.date) -> str:
    tiers = welfare.benefits.tiers(kind, day)
    return tiers[0].label if tiers else ""


def welfare_section(fund: Fund, books: MonthBooks, member: Member) -> Section | None:
    """The member's contribution status and the benefits paid to them this year."""
    if books.welfare is None:
        return None
    welfare = books.welfare.welfare
    period = books.period
    benefits = tuple(
        BenefitLine(c.date, c.kind, benefit_label(welfare, c.kind, c.date), c.amount)
        for c in books.welfare.claims_by_member.get(member.id, ())
        if period.year_start <= c.date <= period.end
    )
    return WelfareSection(welfare.status_on(member.id, period.end), period, benefits)


#: Every section a statement can have, in the order they are shown: savings arrears, the
#: member's loans (schedule, due, paid, overdue, moratoria), the member's contribution status
#: and benefits received (welfare funds).
STATEMENT_SECTIONS: Final[tuple[SectionBuilder, ...]] = (
    savings_arrears_section,
    loans_section,
    welfare_section,
)


def _movement(
    kind: MemberAccountType,
    account: str,
    opening: Mapping[str, Decimal],
    closing: Mapping[str, Decimal],
    flows: Mapping[str, tuple[Decimal, Decimal]],
) -> Movement:
    increase, decrease = flows.get(account, (ZERO, ZERO))
    return Movement(
        kind,
        claim(kind, opening.get(account, ZERO)),
        increase,
        decrease,
        claim(kind, closing.get(account, ZERO)),
    )


def on_statement(member: Member, period: Period) -> bool:
    """A member gets a statement for a month when they were a member on any day of it."""
    return member.joined <= period.end and (member.exited is None or member.exited >= period.start)


def statement(
    fund: Fund,
    books: MonthBooks,
    member: Member,
    sections: Sequence[SectionBuilder] = STATEMENT_SECTIONS,
) -> Statement:
    """``member``'s statement for the month of ``books``."""
    month = []
    year = []
    for kind in fund.member_types:
        account = member_account(kind, member.id)
        month.append(
            _movement(kind, account, books.at_month_start, books.at_month_end, books.month_flows)
        )
        year.append(
            _movement(kind, account, books.at_year_start, books.at_month_end, books.year_flows)
        )
    built = (build(fund, books, member) for build in sections)
    lines = books.lines.get(member.id, ())
    return Statement(
        fund_name=fund.info.name if fund.info else "",
        currency=fund.currency,
        period=books.period,
        member=member,
        month=tuple(month),
        year=tuple(year),
        lines=lines,
        sections=tuple(section for section in built if section is not None),
        passbooks=passbooks(books, member, month, lines),
    )


def statements(
    fund: Fund, books: MonthBooks, members: Iterable[str] | None = None
) -> tuple[Statement, ...]:
    """The statements of ``members`` (default: everyone who was a member during the month)."""
    if members is None:
        chosen = [m for m in fund.members.values() if on_statement(m, books.period)]
    else:
        chosen = [fund.members[member_id] for member_id in members]
    return tuple(statement(fund, books, member) for member in sorted(chosen, key=lambda m: m.id))


def member_lines_total(lines: Iterable[Line], kind: MemberAccountType) -> Decimal:
    """The sum of ``kind`` changes over ``lines`` (a check: opening + this = closing)."""
    return sum((line.changes.get(kind, ZERO) for line in lines), ZERO)
