"""A lender's books against its borrowers': every loan, repayment, moratorium and balance.

A lender (``custom "fund" "lender"`` with ``code: "CODI"``) lends to organisations, its
"members" (``custom "member" "BAN-MAESAI" "..."``): a loan debits ``Assets:Loans:<org>``. The
organisation's books have the same loan as a borrowing, ``Liabilities:Loans:<code>``, with the
same ``loan:`` id (the contract's number); that id is what ties the two books together.

:func:`reconcile` compares, for each organisation's books, every loan from the lender up to a
day (``day``):

- the disbursement: its amount (exactly) and its date (within ``tolerance`` days);
- the rate of interest;
- each repayment: principal, interest and late charge (exactly) and the date (within
  ``tolerance`` days): a repayment is paired with the other side's of the same amounts
  nearest in date; one with the same amounts further apart is a date difference; then one
  within the tolerance with other amounts is an amount difference; what is left is missing on
  the other side;
- what is due by ``day`` by each side's schedule (instalments due, under the moratoria each
  side records) and what of it is unpaid (arrears): schedules that differ are a difference,
  and so is a loan both books show in arrears — a borrower who records nothing and a lender
  who records nothing do not agree (reported only when the loan's entries otherwise agree:
  a repayment or a term that differs explains the rest);
- the moratoria, for each organisation: each of its moratoria on the borrowing
  (``applies-to: "borrowings <code>"``) must name the lender's with ``follows:`` (its title
  or its ``resolution:``), and is compared with it: the period (``start``, ``end``: the
  months suspended), ``defer`` (principal, or principal and interest) and ``interest``; one
  without ``follows:``, one naming a moratorium the lender does not have or one that does not
  cover the organisation, and a lender's moratorium that covers the organisation's loans
  (by its province, its id or its loans) with none of the organisation's following it, are
  each a difference;
- the balance on ``day``: ``Assets:Loans:<org>`` in the lender's books against
  ``Liabilities:Loans:<code>`` in the organisation's, reported only when every loan agrees
  (otherwise the differences listed already explain it; when they all agree, a balance
  that still differs is an entry without ``loan:``).

Each :class:`Difference` names both sides' file and line (for what one side lacks, the other
side's loan or fund directive). Words are made at the edge: :data:`DIFFERENCES` holds the
English templates, rendered by :func:`kongtun.ledger.messages.render`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.fund import ZERO
from kongtun.ledger.i18n import N_
from kongtun.ledger.loans.book import BORROWINGS, MEMBER_LOANS, Loan, Repayment
from kongtun.ledger.loans.moratorium import Moratorium
from kongtun.ledger.model import Books

#: the days a repayment's date may differ between the two books by default
DEFAULT_TOLERANCE: Final = 5
#: the moratorium's keys, beyond its period, that must be the same on both sides
MORATORIUM_KEYS: Final = ("defer", "interest")

DIFFERENCES: Final[dict[str, str]] = {
    "loan-missing-borrower": N_(
        "the lender lent {amount} to {org} on {date} (loan {loan}), but the organisation's "
        "books have no borrowing {loan}. Record it there (Liabilities:Loans:{lender}, "
        'loan: "{loan}") or correct the loan id.'
    ),
    "loan-missing-lender": N_(
        "the organisation borrowed {amount} from {lender} on {date} (loan {loan}), but the "
        "lender's books have no loan {loan}. Correct the loan id on one side, or record the "
        "loan in the lender's books."
    ),
    "disbursement-differs": N_(
        "loan {loan} of {org}: the lender lent {lender_amount} on {lender_date}, the "
        "organisation recorded {org_amount} on {org_date} (dates may differ by at most "
        "{tolerance} days). Correct the side that is wrong."
    ),
    "rate-differs": N_(
        "loan {loan} of {org}: the lender's rate is {lender_rate} % a year, the "
        "organisation's {org_rate} %. Correct `rate:` on the side that is wrong."
    ),
    "repayment-missing-borrower": N_(
        "loan {loan} of {org}: the lender received {amount} on {date} (principal "
        "{principal}, interest {interest}), but the organisation's books have no such "
        "repayment within {tolerance} days. Record it there, or correct the lender's entry."
    ),
    "repayment-missing-lender": N_(
        "loan {loan} of {org}: the organisation repaid {amount} on {date} (principal "
        "{principal}, interest {interest}), but the lender's books have no such repayment "
        "within {tolerance} days. Ask the lender, or correct the organisation's entry."
    ),
    "repayment-amount-differs": N_(
        "loan {loan} of {org}: the repayment the lender received on {lender_date} is "
        "principal {lender_principal}, interest {lender_interest}, late charge "
        "{lender_charge}; the organisation's of {org_date} is principal {org_principal}, "
        "interest {org_interest}, late charge {org_charge}. Correct the side that is wrong."
    ),
    "repayment-date-differs": N_(
        "loan {loan} of {org}: a repayment of {amount} is dated {lender_date} in the "
        "lender's books and {org_date} in the organisation's, {days} days apart (at most "
        "{tolerance} allowed). Correct the date on the side that is wrong."
    ),
    "moratorium-missing-borrower": N_(
        '{org}: the lender\'s moratorium "{title}" ({resolution}) covers its loans {loans} '
        "from {start} to {end}, but no moratorium in the organisation's books follows it. "
        'Record it there: applies-to: "borrowings {lender}", follows: "{title}", with the '
        "lender's dates, defer and interest."
    ),
    "moratorium-follows-missing": N_(
        '{org}: the organisation\'s moratorium "{title}" ({start} to {end}) on its borrowing '
        "from {lender} does not say which of the lender's moratoria it follows. Add "
        "`follows:` with the title or the resolution of the lender's moratorium."
    ),
    "moratorium-follows-unknown": N_(
        '{org}: the organisation\'s moratorium "{title}" follows "{follows}", but the '
        "lender's books have no moratorium of that title or resolution. Correct `follows:` "
        "(the lender's title or resolution, exactly as the lender writes it)."
    ),
    "moratorium-follows-other": N_(
        "{org}: the organisation's moratorium \"{title}\" follows the lender's "
        '"{lender_title}", which does not cover the organisation\'s loans (applies-to: '
        '"{applies}"). Remove it, or ask the lender for the resolution that covers it.'
    ),
    "moratorium-period-differs": N_(
        '{org}: the lender\'s moratorium "{lender_title}" suspends {lender_months} months, '
        '{lender_start} to {lender_end}; the organisation\'s "{title}" that follows it, '
        "{org_months} months, {org_start} to {org_end}. Correct `start:` and `end:` in the "
        "organisation's books."
    ),
    "moratorium-differs": N_(
        '{org}: the lender\'s moratorium "{lender_title}" has {key} {lender_value}; the '
        'organisation\'s "{title}" that follows it has {org_value}. Correct `{key}:` in the '
        "organisation's books."
    ),
    "schedule-differs": N_(
        "loan {loan} of {org}: by {date} the lender's schedule has {lender_due} due "
        "(instalments: {lender_count}; unpaid: {lender_arrears}), the organisation's "
        "{org_due} (instalments: {org_count}; unpaid: {org_arrears}). The terms or the "
        "instalments differ: correct the side that is wrong."
    ),
    "arrears-on-both-sides": N_(
        "loan {loan} of {org}: by both books' schedules {due} was due by {date}, and both "
        "books show {arrears} of it unpaid (instalments overdue: {count}; {days} days past "
        "due). If it was repaid, record the repayments on both sides; if not, the "
        "organisation is in arrears: the lender follows it up."
    ),
    "no-borrowing": N_(
        "{name}: the organisation's books have no loan from {lender} "
        "(Liabilities:Loans:{lender}) up to {date}, so there is nothing to reconcile. Check "
        "that these are the books of one of the lender's borrowers, and the loan's account."
    ),
    "balance-differs": N_(
        "{org} owes the lender {lender_amount} on {date} by the lender's books "
        "(Assets:Loans:{org}), but {org_amount} by its own (Liabilities:Loans:{lender}), "
        "while every loan's entries agree. An entry without `loan:` is likely: find it."
    ),
}


@dataclass(frozen=True)
class Where:
    """A file and a line."""

    file: str
    line: int

    def text(self) -> str:
        return f"{self.file}:{self.line}"


def where_of(meta: Mapping[str, Any] | None) -> Where:
    """The file and line of an entry's metadata."""
    meta = meta or {}
    return Where(str(meta.get("filename") or "<unknown>"), int(meta.get("lineno") or 0))


@dataclass(frozen=True)
class Difference:
    """One difference between the lender's books (``lender``) and an organisation's (``org``)."""

    kind: str
    org: str
    loan: str
    lender: Where
    borrower: Where
    params: Mapping[str, object]


@dataclass(frozen=True)
class OrgReconciliation:
    """One organisation's books against the lender's."""

    file: str
    #: the organisation's id in the lender's books ("" when none of its loans is there)
    org: str
    name: str
    loans: tuple[str, ...]
    lender_balance: Decimal
    org_balance: Decimal
    differences: tuple[Difference, ...]


@dataclass(frozen=True)
class Reconciliation:
    """The lender's books against each organisation's, on ``day``."""

    lender: str
    code: str
    day: datetime.date
    tolerance: int
    organisations: tuple[OrgReconciliation, ...]

    @property
    def differences(self) -> tuple[Difference, ...]:
        return tuple(one for org in self.organisations for one in org.differences)


@dataclass(frozen=True)
class Ledger:
    """One side: its file, its books and its entries (for the accounts' balances)."""

    file: str
    books: Books
    entries: Sequence[data.Directive]

    @property
    def top(self) -> Where:
        """The fund directive (or the file) for what this side lacks."""
        info = self.books.fund.info
        return where_of(info.meta) if info is not None else Where(self.file, 0)

    @property
    def currency(self) -> str:
        return self.books.fund.currency


def lender_code(books: Books) -> str | None:
    """The ``code:`` of a lender's ``custom "fund" "lender"`` (what borrowers call it)."""
    info = books.fund.info
    if info is None or info.kind != "lender":
        return None
    code = info.meta.get("code")
    return code.strip() if isinstance(code, str) and code.strip() else None


def account_balance(
    entries: Iterable[data.Directive], account: str, day: datetime.date, currency: str
) -> Decimal:
    """The balance of ``account`` at the end of ``day``."""
    total = ZERO
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.date > day:
            continue
        for posting in entry.postings:
            units = posting.units
            if posting.account == account and units is not None and units.currency == currency:
                total += units.number or ZERO
    return total


@dataclass
class _Pair:
    """One loan on both sides, and what differs."""

    lender_loan: Loan
    org_loan: Loan
    org: str
    code: str
    day: datetime.date
    tolerance: int
    currency: str
    #: the organisation's moratoria differ from the lender's (which explains its schedule)
    explained: bool = False
    found: list[Difference] = field(default_factory=list)

    def add(self, kind: str, lender: Where, borrower: Where, **params: object) -> None:
        self.found.append(
            Difference(
                kind,
                self.org,
                self.lender_loan.id,
                lender,
                borrower,
                {
                    "loan": self.lender_loan.id,
                    "org": self.org,
                    "lender": self.code,
                    "tolerance": self.tolerance,
                    **params,
                },
            )
        )

    def thb(self, number: Decimal) -> Amount:
        return Amount(number, self.currency)

    def compare(self) -> list[Difference]:
        self.disbursement()
        self.repayments()
        self.schedule()
        return self.found

    def disbursement(self) -> None:
        mine, theirs = self.lender_loan, self.org_loan
        if mine.principal != theirs.principal or abs((mine.date - theirs.date).days) > (
            self.tolerance
        ):
            self.add(
                "disbursement-differs",
                where_of(mine.meta),
                where_of(theirs.meta),
                lender_amount=self.thb(mine.principal),
                lender_date=mine.date,
                org_amount=self.thb(theirs.principal),
                org_date=theirs.date,
            )
        if mine.terms.rate != theirs.terms.rate:
            self.add(
                "rate-differs",
                where_of(mine.meta),
                where_of(theirs.meta),
                lender_rate=mine.terms.rate,
                org_rate=theirs.terms.rate,
            )

    def repayments(self) -> None:
        limit = self.day + datetime.timedelta(days=self.tolerance)
        mine = [r for r in self.lender_loan.repayments if r.date <= limit]
        theirs = [r for r in self.org_loan.repayments if r.date <= limit]
        for lender_one, org_one, kind in pair_repayments(mine, theirs, self.tolerance):
            self.repayment(lender_one, org_one, kind)

    def repayment(self, mine: Repayment | None, theirs: Repayment | None, kind: str) -> None:
        dates = [one.date for one in (mine, theirs) if one is not None]
        if kind == "same" or min(dates) > self.day:
            return
        if mine is None or theirs is None:
            one = mine or theirs
            assert one is not None
            side = "repayment-missing-borrower" if mine is not None else "repayment-missing-lender"
            lender = where_of(one.meta) if mine is not None else where_of(self.lender_loan.meta)
            borrower = where_of(one.meta) if theirs is not None else where_of(self.org_loan.meta)
            self.add(
                side,
                lender,
                borrower,
                date=one.date,
                amount=self.thb(total(one)),
                principal=self.thb(one.principal),
                interest=self.thb(one.interest),
            )
        elif kind == "date":
            self.add(
                "repayment-date-differs",
                where_of(mine.meta),
                where_of(theirs.meta),
                amount=self.thb(total(mine)),
                lender_date=mine.date,
                org_date=theirs.date,
                days=abs((mine.date - theirs.date).days),
            )
        else:
            self.add(
                "repayment-amount-differs",
                where_of(mine.meta),
                where_of(theirs.meta),
                lender_date=mine.date,
                org_date=theirs.date,
                lender_principal=self.thb(mine.principal),
                lender_interest=self.thb(mine.interest),
                lender_charge=self.thb(mine.charge),
                org_principal=self.thb(theirs.principal),
                org_interest=self.thb(theirs.interest),
                org_charge=self.thb(theirs.charge),
            )

    def schedule(self) -> None:
        """What is due by the day on both sides, and what of it is unpaid: checked only when
        the loan's other entries and the moratoria agree (a difference there explains this
        one)."""
        if self.found or self.explained:
            return
        mine, theirs = due_by(self.lender_loan, self.day), due_by(self.org_loan, self.day)
        ours, other = self.lender_loan.state(self.day), self.org_loan.state(self.day)
        lender, borrower = where_of(self.lender_loan.meta), where_of(self.org_loan.meta)
        if mine != theirs:
            self.add(
                "schedule-differs",
                lender,
                borrower,
                date=self.day,
                lender_due=self.thb(mine[0]),
                lender_count=mine[1],
                lender_arrears=self.thb(ours.amount_overdue),
                org_due=self.thb(theirs[0]),
                org_count=theirs[1],
                org_arrears=self.thb(other.amount_overdue),
            )
        elif ours.amount_overdue > 0 and ours.amount_overdue == other.amount_overdue:
            self.add(
                "arrears-on-both-sides",
                lender,
                borrower,
                date=self.day,
                due=self.thb(mine[0]),
                arrears=self.thb(ours.amount_overdue),
                count=ours.overdue_installments,
                days=ours.days_past_due,
            )


def due_by(loan: Loan, day: datetime.date) -> tuple[Decimal, int]:
    """What the loan's schedule (under its moratoria and restructurings, as it stands on
    ``day``) has due on or before ``day``: principal and interest, and the instalments."""
    rows = [row for schedule, _, _ in loan.stretches(day) for row in schedule if row.due <= day]
    return sum((row.principal + row.interest for row in rows), ZERO), len(rows)


def total(repayment: Repayment) -> Decimal:
    return repayment.principal + repayment.interest + repayment.charge


def _amounts(repayment: Repayment) -> tuple[Decimal, Decimal, Decimal]:
    return repayment.principal, repayment.interest, repayment.charge


def pair_repayments(
    mine: Sequence[Repayment], theirs: Sequence[Repayment], tolerance: int
) -> list[tuple[Repayment | None, Repayment | None, str]]:
    """The lender's repayments (``mine``) paired with the organisation's: ``same`` (same
    amounts within ``tolerance`` days), ``date`` (same amounts, further apart), ``amount``
    (within the tolerance, other amounts), then each left alone as ``missing``."""
    left = list(theirs)
    pairs: list[tuple[Repayment | None, Repayment | None, str]] = []
    alone: list[Repayment] = list(mine)
    tests: tuple[tuple[str, Callable[[Repayment, Repayment], bool]], ...] = (
        (
            "same",
            lambda a, b: _amounts(a) == _amounts(b) and abs((a.date - b.date).days) <= tolerance,
        ),
        ("date", lambda a, b: _amounts(a) == _amounts(b)),
        ("amount", lambda a, b: abs((a.date - b.date).days) <= tolerance),
    )
    for kind, fits in tests:
        still: list[Repayment] = []
        for one in alone:
            candidates = [other for other in left if fits(one, other)]
            if not candidates:
                still.append(one)
                continue
            best = min(candidates, key=lambda other: abs((one.date - other.date).days))
            left.remove(best)
            pairs.append((one, best, kind))
        alone = still
    pairs.extend((one, None, "missing") for one in alone)
    pairs.extend((None, other, "missing") for other in left)
    return pairs


@dataclass(frozen=True)
class _Moratoria:
    """One organisation's moratoria on its borrowing from the lender against the lender's."""

    lender: Ledger
    org: Ledger
    code: str
    party: str
    mine: Sequence[Loan]
    theirs: Sequence[Loan]
    day: datetime.date

    def compare(self) -> list[Difference]:
        """Each of the organisation's moratoria paired with the lender's it ``follows:``,
        then each lender's moratorium covering the organisation that none follows."""
        covering = self.covering()
        followed: set[str] = set()
        found: list[Difference] = []
        for one in self.recorded():
            found.extend(self.follow(one, covering, followed))
        for one in covering:
            if one.title not in followed:
                found.append(self.unfollowed(one))
        return found

    def covering(self) -> list[Moratorium]:
        """The lender's moratoria declared by the day that cover one of the loans."""
        seen: dict[str, Moratorium] = {}
        for loan in self.mine:
            for one in loan.moratoria:
                if one.declared <= self.day:
                    seen.setdefault(one.title, one)
        return sorted(seen.values(), key=lambda m: (m.declared, m.title))

    def recorded(self) -> list[Moratorium]:
        """The organisation's moratoria, declared by the day, on its borrowing from the
        lender (``applies-to: "borrowings <code>"``, or every lender's)."""
        return [
            one
            for one in self.org.books.loans.moratoria
            if one.declared <= self.day
            and one.scope == "borrowings"
            and (not one.targets or self.code in one.targets)
        ]

    def diff(self, kind: str, lender: Where, borrower: Where, **params: object) -> Difference:
        org = self.party or self.name
        return Difference(
            kind, org, "", lender, borrower, {"org": org, "lender": self.code, **params}
        )

    @property
    def name(self) -> str:
        info = self.org.books.fund.info
        return info.name if info is not None else self.org.file

    def follow(
        self, one: Moratorium, covering: Sequence[Moratorium], followed: set[str]
    ) -> list[Difference]:
        """One of the organisation's moratoria against the lender's it follows."""
        where = where_of(one.meta)
        if not one.follows:
            lender = next((m for m in covering if m.title == one.title), None)
            at = where_of(lender.meta) if lender is not None else self.lender_loan_line()
            return [
                self.diff(
                    "moratorium-follows-missing",
                    at,
                    where,
                    title=one.title,
                    start=one.start,
                    end=one.end,
                )
            ]
        named = [
            m for m in self.lender.books.loans.moratoria if one.follows in (m.title, m.resolution)
        ]
        if not named:
            return [
                self.diff(
                    "moratorium-follows-unknown",
                    self.lender.top,
                    where,
                    title=one.title,
                    follows=one.follows,
                )
            ]
        mine = next((m for m in named if m in covering), None)
        if mine is None:
            other = named[0]
            return [
                self.diff(
                    "moratorium-follows-other",
                    where_of(other.meta),
                    where,
                    title=one.title,
                    lender_title=other.title,
                    applies=" ".join((other.scope, ", ".join(other.targets))).strip(),
                )
            ]
        followed.add(mine.title)
        return self.compare_terms(mine, one)

    def compare_terms(self, mine: Moratorium, theirs: Moratorium) -> list[Difference]:
        """The period, ``defer`` and ``interest`` of the lender's moratorium and the
        organisation's that follows it."""
        sides = (where_of(mine.meta), where_of(theirs.meta))
        found: list[Difference] = []
        if (mine.start, mine.end) != (theirs.start, theirs.end):
            found.append(
                self.diff(
                    "moratorium-period-differs",
                    *sides,
                    title=theirs.title,
                    lender_title=mine.title,
                    lender_months=mine.months,
                    lender_start=mine.start,
                    lender_end=mine.end,
                    org_months=theirs.months,
                    org_start=theirs.start,
                    org_end=theirs.end,
                )
            )
        for key in MORATORIUM_KEYS:
            ours, other = getattr(mine, key), getattr(theirs, key)
            if ours != other:
                found.append(
                    self.diff(
                        "moratorium-differs",
                        *sides,
                        title=theirs.title,
                        lender_title=mine.title,
                        key=key,
                        lender_value=ours,
                        org_value=other,
                    )
                )
        return found

    def unfollowed(self, one: Moratorium) -> Difference:
        """A lender's moratorium covering the organisation that none of its own follows."""
        loans = [loan for loan in self.mine if one in loan.moratoria]
        borrowed = [loan for loan in self.theirs if loan.id in {m.id for m in loans}]
        borrower = where_of(borrowed[0].meta) if borrowed else self.org.top
        return self.diff(
            "moratorium-missing-borrower",
            where_of(one.meta),
            borrower,
            title=one.title,
            resolution=one.resolution,
            loans=tuple(loan.id for loan in loans),
            start=one.start,
            end=one.end,
        )

    def lender_loan_line(self) -> Where:
        return where_of(self.mine[0].meta) if self.mine else self.lender.top


def reconcile_org(
    lender: Ledger, code: str, org: Ledger, day: datetime.date, tolerance: int
) -> OrgReconciliation:
    """One organisation's books (``org``) against the lender's."""
    theirs = {
        loan.id: loan
        for loan in org.books.loans.borrowings
        if loan.party == code and loan.date <= day
    }
    lent = {loan.id: loan for loan in lender.books.loans.member_loans}
    parties = sorted({lent[loan].party for loan in theirs if loan in lent})
    party = parties[0] if parties else ""
    info = org.books.fund.info
    name = info.name if info is not None else ""
    found: list[Difference] = []
    mine = {
        loan.id: loan
        for loan in lender.books.loans.member_loans
        if loan.party in parties and loan.date <= day
    }
    paused = (
        _Moratoria(
            lender, org, code, party, list(mine.values()), list(theirs.values()), day
        ).compare()
        if mine or theirs
        else []
    )
    for loan_id in sorted(mine.keys() | theirs.keys()):
        ours, other = mine.get(loan_id), theirs.get(loan_id)
        if ours is not None and other is not None:
            pair = _Pair(
                ours, other, ours.party, code, day, tolerance, lender.currency, bool(paused)
            )
            found.extend(pair.compare())
        elif ours is not None:
            found.append(
                _missing(
                    "loan-missing-borrower",
                    ours,
                    code,
                    (where_of(ours.meta), org.top),
                    currency=lender.currency,
                )
            )
        elif other is not None:
            found.append(
                _missing(
                    "loan-missing-lender",
                    other,
                    code,
                    (lender.top, where_of(other.meta)),
                    currency=lender.currency,
                    org=party or name,
                )
            )
    found.extend(paused)
    lender_balance = sum(
        (
            account_balance(lender.entries, MEMBER_LOANS + one, day, lender.currency)
            for one in parties
        ),
        ZERO,
    )
    org_balance = -account_balance(org.entries, BORROWINGS + code, day, org.currency)
    if not mine and not theirs:
        found.append(
            Difference(
                "no-borrowing",
                "",
                "",
                lender.top,
                org.top,
                {"name": name or org.file, "lender": code, "date": day},
            )
        )
    elif not found and lender_balance != org_balance:
        found.append(
            Difference(
                "balance-differs",
                party,
                "",
                lender.top,
                org.top,
                {
                    "org": party or name,
                    "lender": code,
                    "date": day,
                    "lender_amount": Amount(lender_balance, lender.currency),
                    "org_amount": Amount(org_balance, org.currency),
                },
            )
        )
    return OrgReconciliation(
        org.file,
        party,
        name,
        tuple(sorted(mine.keys() | theirs.keys())),
        lender_balance,
        org_balance,
        tuple(found),
    )


def _missing(
    kind: str,
    loan: Loan,
    code: str,
    sides: tuple[Where, Where],
    *,
    currency: str,
    org: str | None = None,
) -> Difference:
    lender, borrower = sides
    return Difference(
        kind,
        org or loan.party,
        loan.id,
        lender,
        borrower,
        {
            "loan": loan.id,
            "org": org or loan.party,
            "lender": code,
            "date": loan.date,
            "amount": Amount(loan.principal, currency),
        },
    )


def reconcile(
    lender: Ledger,
    orgs: Sequence[Ledger],
    day: datetime.date,
    tolerance: int = DEFAULT_TOLERANCE,
) -> Reconciliation:
    """The lender's books against each organisation's on ``day`` (the lender's books must be
    a lender's with a ``code:``: see :func:`lender_code`)."""
    code = lender_code(lender.books)
    if code is None:
        raise ValueError("not a lender's books")
    return Reconciliation(
        lender.file,
        code,
        day,
        tolerance,
        tuple(reconcile_org(lender, code, org, day, tolerance) for org in orgs),
    )
