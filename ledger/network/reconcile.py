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
- the moratoria that cover the loan on each side (paired by title, then in date order):
  ``start``, ``end``, ``defer`` and ``interest`` must be the same (the organisation records
  the lender's moratorium, and passes it on with ``follows:``);
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
#: the moratorium's keys that must be the same on both sides
MORATORIUM_KEYS: Final = ("start", "end", "defer", "interest")

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
        'loan {loan} of {org}: the lender\'s moratorium "{title}" ({start} to {end}) covers '
        "it, but no moratorium on the borrowing in the organisation's books does. Record it "
        'there (applies-to: "borrowings {lender}") with the lender\'s title and dates.'
    ),
    "moratorium-missing-lender": N_(
        'loan {loan} of {org}: the organisation\'s moratorium "{title}" ({start} to {end}) '
        "covers the borrowing, but no moratorium of the lender covers the loan. Remove it, "
        "or ask the lender for its board's resolution."
    ),
    "moratorium-differs": N_(
        'loan {loan} of {org}: the moratorium "{title}" has {key} {lender_value} in the '
        "lender's books but {org_value} in the organisation's. The organisation's must "
        "follow the lender's: correct `{key}:` (or its `follows:`)."
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
        self.moratoria()
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

    def moratoria(self) -> None:
        mine = [m for m in self.lender_loan.moratoria if m.declared <= self.day]
        theirs = [m for m in self.org_loan.moratoria if m.declared <= self.day]
        for lender_one, org_one in pair_moratoria(mine, theirs):
            self.moratorium(lender_one, org_one)

    def moratorium(self, mine: Moratorium | None, theirs: Moratorium | None) -> None:
        if mine is None or theirs is None:
            one = mine or theirs
            assert one is not None
            kind = "moratorium-missing-borrower" if mine else "moratorium-missing-lender"
            lender = where_of(one.meta) if mine else where_of(self.lender_loan.meta)
            borrower = where_of(one.meta) if theirs else where_of(self.org_loan.meta)
            self.add(kind, lender, borrower, title=one.title, start=one.start, end=one.end)
            return
        for key in MORATORIUM_KEYS:
            ours, other = getattr(mine, key), getattr(theirs, key)
            if ours != other:
                self.add(
                    "moratorium-differs",
                    where_of(mine.meta),
                    where_of(theirs.meta),
                    title=mine.title,
                    key=key,
                    lender_value=ours,
                    org_value=other,
                )


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


def pair_moratoria(
    mine: Sequence[Moratorium], theirs: Sequence[Moratorium]
) -> list[tuple[Moratorium | None, Moratorium | None]]:
    """The lender's moratoria paired with the organisation's: by title, then in date order."""
    left = list(theirs)
    pairs: list[tuple[Moratorium | None, Moratorium | None]] = []
    alone: list[Moratorium] = []
    for one in mine:
        same = [other for other in left if other.title == one.title]
        if same:
            left.remove(same[0])
            pairs.append((one, same[0]))
        else:
            alone.append(one)
    for one in alone:
        if left:
            pairs.append((one, left.pop(0)))
        else:
            pairs.append((one, None))
    pairs.extend((None, other) for other in left)
    return pairs


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
    for loan_id in sorted(mine.keys() | theirs.keys()):
        ours, other = mine.get(loan_id), theirs.get(loan_id)
        if ours is not None and other is not None:
            pair = _Pair(ours, other, ours.party, code, day, tolerance, lender.currency)
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
