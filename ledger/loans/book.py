"""Loans: to members, and the fund's own borrowings from a lender, with their arrears.

A **disbursement** is a transaction with ``loan:`` metadata and the loan's terms:

    2024-03-15 * "นายสมชาย ใจดี" "เงินกู้สามัญ"
      loan: "L2567-015"
      rate: 12                        ; % a year (1 % a month)
      method: "declining"             ; declining | flat
      installments: 12
      first-due: 2024-04-15           ; then every month (every: 3 for every 3 months)
      guarantors: "M0002 M0011"
      approved: "มติกรรมการ ครั้งที่ 3/2567"
      Assets:Loans:M0007     30000 THB
      Assets:Bank           -30000 THB

A loan to a member debits ``Assets:Loans:<member>``; a **borrowing** credits
``Liabilities:Loans:<lender>`` (``Liabilities:Loans:CODI``) and carries the same terms.
A **repayment** is any later transaction with the same ``loan:`` and no terms. Its postings
say how it splits: the loan account (principal), ``Income:Interest:…`` or
``Expenses:Interest:…`` (interest), ``Income:Fines`` or ``Expenses:Fines`` (late charge).
:func:`allocate` gives the documented order for splitting a payment: late charge, then
interest, then principal.

On any day :meth:`Loan.state` gives the principal outstanding, the interest due, what is
overdue and for how many days, and whether a moratorium pauses the loan; :func:`portfolio`
gives the fund's portfolio at risk (PAR 30 / 60 / 90: the principal outstanding of member
loans more than 30, 60, 90 days past due, over all member loans' principal outstanding).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, Literal

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.accounts import MEMBER_ACCOUNT_KINDS, member_account
from kongtun.ledger.books.fund import Fund, fund_currency, read_fund
from kongtun.ledger.i18n import N_, Lang
from kongtun.ledger.loans.moratorium import Moratorium, apply_moratorium, parse_moratoria
from kongtun.ledger.loans.schedule import (
    METHODS,
    ZERO,
    Method,
    Schedule,
    Terms,
    build_schedule,
    late_interest,
    satang,
)
from kongtun.ledger.messages import FundError, fund_error, to_errors
from kongtun.ledger.problems import Msg

LoanKind = Literal["member", "borrowing"]
MEMBER_LOANS: Final = "Assets:Loans:"
BORROWINGS: Final = "Liabilities:Loans:"
TERM_KEYS: Final = ("rate", "method", "installments", "first-due")
#: 50 years of monthly instalments: more is a typing mistake
MAX_INSTALLMENTS: Final = 600
EXAMPLE: Final = (
    'loan: "L1"  rate: 12  method: "declining"  installments: 12  first-due: 2024-04-15'
)
EXAMPLES: Final[dict[str, str]] = {
    "rate": "rate: 12",
    "method": 'method: "declining"',
    "installments": "installments: 12",
    "first-due": "first-due: 2024-04-15",
    "every": "every: 1",
    "guarantors": 'guarantors: "M0002 M0003"',
    "loan": 'loan: "L2567-015"',
}
EXPECTED: Final[dict[str, str]] = {
    "rate": N_("the interest rate in percent a year, as a plain number (12 for 1 % a month)"),
    "method": N_("declining or flat"),
    "installments": N_("a whole number of instalments, from 1 to 600"),
    "first-due": N_("a date such as 2024-04-15"),
    "every": N_("a whole number of months between instalments, from 1 to 12"),
    "guarantors": N_("member ids separated by spaces"),
    "loan": N_("a loan id in quotes"),
}
METHOD_LABELS: Final[dict[str, str]] = {
    "declining": N_("declining balance"),
    "flat": N_("flat rate on the original principal"),
}
INVALID_GUARANTOR: Final[dict[str, str]] = {
    "self": N_("is the borrower"),
    "unknown": N_("is not a member of the fund"),
    "not-joined": N_("has not joined the fund by the day of the loan"),
    "left": N_("has left the fund"),
}


@dataclass(frozen=True)
class Repayment:
    """One payment on a loan (or, for a borrowing, by the fund to its lender)."""

    date: datetime.date
    principal: Decimal
    interest: Decimal
    charge: Decimal
    meta: Mapping[str, Any]
    entry: Any = None


@dataclass(frozen=True)
class LoanState:
    """A loan on one day."""

    day: datetime.date
    outstanding: Decimal
    #: interest of instalments due on or before the day, not yet paid
    interest_due: Decimal
    principal_overdue: Decimal
    interest_overdue: Decimal
    #: instalments due before the day and not fully paid
    overdue_installments: int
    days_past_due: int
    #: default interest allowed on the overdue principal at ``late_rate`` (% a year)
    late_interest: Decimal
    repaid: datetime.date | None
    paused_by: Moratorium | None

    @property
    def amount_overdue(self) -> Decimal:
        return self.principal_overdue + self.interest_overdue


@dataclass(frozen=True)
class Loan:
    """A loan and everything the ledger says about it."""

    id: str
    kind: LoanKind
    #: the borrowing member's id, or the lender of a borrowing
    party: str
    account: str
    date: datetime.date
    terms: Terms
    guarantors: tuple[str, ...]
    approved: str
    meta: Mapping[str, Any]
    #: the schedule as disbursed, and as the moratoria covering the loan change it
    original: Schedule
    schedule: Schedule
    moratoria: tuple[Moratorium, ...]
    repayments: tuple[Repayment, ...]

    @property
    def principal(self) -> Decimal:
        return self.terms.principal

    def paused_by(self, day: datetime.date) -> Moratorium | None:
        """The moratorium pausing the loan on ``day``, if any."""
        for moratorium in self.moratoria:
            if moratorium.covers_day(day):
                return moratorium
        return None

    def state(
        self, day: datetime.date, late_rate: Decimal = ZERO, *, paid: int | None = None
    ) -> LoanState:
        """The loan on ``day``, counting the repayments dated on or before it (or only the
        first ``paid`` repayments)."""
        counted = (
            self.repayments[:paid]
            if paid is not None
            else [r for r in self.repayments if r.date <= day]
        )
        paid_principal = sum((r.principal for r in counted), ZERO)
        paid_interest = sum((r.interest for r in counted), ZERO)
        outstanding = self.principal - paid_principal
        repaid = None
        if outstanding <= 0 and counted:
            repaid = max(r.date for r in counted)
        due_principal = due_interest = ZERO
        overdue = days = 0
        late = ZERO
        principal_overdue = interest_overdue = interest_due = ZERO
        for row in self.schedule:
            if row.due > day or repaid is not None:
                break
            due_principal += row.principal
            due_interest += row.interest
            interest_due = max(due_interest - paid_interest, ZERO)
            if row.due == day:
                continue
            principal_overdue = max(due_principal - paid_principal, ZERO)
            interest_overdue = interest_due
            unpaid_principal = min(row.principal, principal_overdue)
            if unpaid_principal > 0 or interest_overdue > 0:
                overdue += 1
                days = max(days, (day - row.due).days)
                late += late_interest(unpaid_principal, late_rate, (day - row.due).days)
        return LoanState(
            day,
            max(outstanding, ZERO),
            interest_due,
            principal_overdue,
            interest_overdue,
            overdue,
            days,
            satang(late),
            repaid,
            self.paused_by(day),
        )


def allocate(
    amount: Decimal, charge: Decimal, interest: Decimal, principal: Decimal
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Split a payment of ``amount`` in kongtun's order: the late charge owed, then the
    interest due, then principal (up to ``principal``). Returns (charge, interest, principal,
    left over)."""
    to_charge = min(amount, charge)
    amount -= to_charge
    to_interest = min(amount, interest)
    amount -= to_interest
    to_principal = min(amount, principal)
    return to_charge, to_interest, to_principal, amount - to_principal


@dataclass(frozen=True)
class Portfolio:
    """Member loans on one day: principal outstanding and portfolio at risk."""

    day: datetime.date
    loans: int
    outstanding: Decimal
    #: days -> principal outstanding of loans more than that many days past due
    at_risk: Mapping[int, Decimal]
    #: principal still owed to each lender
    borrowed: Mapping[str, Decimal]

    def par(self, days: int) -> Decimal:
        """PAR ``days``, as a fraction of the principal outstanding (0 when none is)."""
        if not self.outstanding:
            return ZERO
        return self.at_risk[days] / self.outstanding


PAR_DAYS: Final = (30, 60, 90)


def portfolio(loans: Sequence[Loan], day: datetime.date) -> Portfolio:
    """The fund's member loans and borrowings on ``day``."""
    outstanding = ZERO
    at_risk = dict.fromkeys(PAR_DAYS, ZERO)
    borrowed: dict[str, Decimal] = {}
    count = 0
    for loan in loans:
        if loan.date > day:
            continue
        state = loan.state(day)
        if loan.kind == "borrowing":
            borrowed[loan.party] = borrowed.get(loan.party, ZERO) + state.outstanding
            continue
        if state.outstanding <= 0:
            continue
        count += 1
        outstanding += state.outstanding
        for days in PAR_DAYS:
            if state.days_past_due > days:
                at_risk[days] += state.outstanding
    return Portfolio(day, count, outstanding, at_risk, borrowed)


@dataclass
class _Draft:
    """A loan while the pass reads its entries."""

    id: str
    kind: LoanKind
    party: str
    account: str
    date: datetime.date
    terms: Terms
    guarantors: tuple[str, ...]
    approved: str
    meta: Mapping[str, Any]
    entry: Any
    repayments: list[Repayment] = field(default_factory=list)
    outstanding: Decimal = ZERO


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return None


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def loan_id(meta: Mapping[str, Any]) -> str | None:
    """The ``loan:`` of an entry's metadata, as text."""
    return _text(meta.get("loan")) if "loan" in meta else None


def is_disbursement(meta: Mapping[str, Any]) -> bool:
    return any(key in meta for key in TERM_KEYS)


def read_terms(
    entry: data.Transaction, loan: str, principal: Decimal, lang: Lang
) -> tuple[Terms | None, list[FundError]]:
    """The terms in a disbursement's metadata, or the errors that make them unreadable."""
    meta = entry.meta
    errors: list[FundError] = []

    def bad(key: str) -> None:
        errors.append(
            fund_error(
                "loan-terms-bad",
                meta,
                entry,
                lang,
                loan=loan,
                key=key,
                expected=Msg(EXPECTED[key]),
                value=_shown(meta[key]),
                example=EXAMPLES[key],
            )
        )

    for key in TERM_KEYS:
        if key not in meta:
            errors.append(
                fund_error(
                    "loan-terms-missing", meta, entry, lang, loan=loan, key=key, example=EXAMPLE
                )
            )
    rate = meta.get("rate")
    if "rate" in meta and (isinstance(rate, bool) or not isinstance(rate, Decimal) or rate < 0):
        bad("rate")
    method = meta.get("method")
    if "method" in meta and method not in METHODS:
        bad("method")
    count = meta.get("installments")
    if "installments" in meta and not _whole(count, MAX_INSTALLMENTS):
        bad("installments")
    every = meta.get("every", Decimal(1))
    if not _whole(every, 12):
        bad("every")
    first = meta.get("first-due")
    if "first-due" in meta and (not isinstance(first, datetime.date) or first.year > 9000):
        bad("first-due")  # (a schedule, or a moratorium's shift, must end before 9999)
    if errors:
        return None, errors
    assert isinstance(rate, Decimal)
    assert isinstance(count, Decimal)
    assert isinstance(every, Decimal)
    assert isinstance(first, datetime.date)
    if first <= entry.date:
        errors.append(
            fund_error(
                "loan-first-due-early",
                meta,
                entry,
                lang,
                loan=loan,
                first_due=first,
                date=entry.date,
            )
        )
        return None, errors
    chosen: Method = "flat" if method == "flat" else "declining"
    return Terms(principal, rate, chosen, int(count), first, int(every)), errors


def _whole(value: object, most: int) -> bool:
    return (
        isinstance(value, Decimal)
        and not isinstance(value, bool)
        and 1 <= value <= most
        and value == value.to_integral_value()
    )


@dataclass(frozen=True)
class Loans:
    """Every loan in the ledger, member loans and borrowings, and the moratoria."""

    loans: tuple[Loan, ...]
    moratoria: tuple[Moratorium, ...]

    @property
    def member_loans(self) -> tuple[Loan, ...]:
        return tuple(loan for loan in self.loans if loan.kind == "member")

    @property
    def borrowings(self) -> tuple[Loan, ...]:
        return tuple(loan for loan in self.loans if loan.kind == "borrowing")

    def by_id(self) -> dict[str, Loan]:
        return {loan.id: loan for loan in self.loans}


def _disbursed(entry: data.Transaction, currency: str) -> tuple[LoanKind, str, str, Decimal] | None:
    for posting in entry.postings:
        units = posting.units
        if units is None or units.number is None or units.currency != currency:
            continue
        if posting.account.startswith(MEMBER_LOANS) and units.number > 0:
            return (
                "member",
                posting.account.removeprefix(MEMBER_LOANS),
                posting.account,
                (units.number),
            )
        if posting.account.startswith(BORROWINGS) and units.number < 0:
            return (
                "borrowing",
                posting.account.removeprefix(BORROWINGS),
                posting.account,
                (-units.number),
            )
    return None


def _repaid(entry: data.Transaction, draft: _Draft, currency: str) -> Repayment:
    principal = interest = charge = ZERO
    sign = Decimal(-1) if draft.kind == "member" else Decimal(1)
    for posting in entry.postings:
        units = posting.units
        if units is None or units.number is None or units.currency != currency:
            continue
        account = posting.account
        if account == draft.account:
            principal += sign * units.number
        elif account.startswith(("Income:Interest", "Expenses:Interest")):
            interest += sign * units.number
        elif account.startswith(("Income:Fines", "Expenses:Fines")):
            charge += sign * units.number
    return Repayment(entry.date, principal, interest, charge, entry.meta, entry)


@dataclass
class LoanReader:
    """One pass over the entries: loans, repayments, moratoria and members' savings."""

    currency: str
    lang: Lang
    errors: list[FundError] = field(default_factory=list)
    drafts: dict[str, _Draft] = field(default_factory=dict)
    #: member savings and shares accounts -> balance so far, as the pass goes (the fund
    #: model's own balances when :func:`~kongtun.ledger.fund.read_fund` drives the pass)
    balances: Mapping[str, Decimal] = field(default_factory=dict)
    #: member -> ids of their loans with principal outstanding
    open_loans: dict[str, set[str]] = field(default_factory=dict)
    #: ids of disbursements whose terms could not be read (their repayments are not reported)
    broken: set[str] = field(default_factory=set)
    moratorium_entries: list[data.Custom] = field(default_factory=list)
    rules_entries: list[data.Custom] = field(default_factory=list)
    #: (disbursement draft, savings + shares before it, open loans with it, total owed)
    disbursements: list[tuple[_Draft, Decimal, int, Decimal]] = field(default_factory=list)

    def error(self, rule: str, entry: Any, **params: object) -> None:
        self.errors.append(fund_error(rule, entry.meta, entry, self.lang, **params))

    def read(self, entries: Sequence[data.Directive]) -> None:
        """Read ``entries`` on their own (see :func:`read_fund_and_loans` for the one pass)."""
        balances: dict[str, Decimal] = {}
        self.balances = balances
        #: account -> whether it holds a member's savings or shares (worked out once)
        holds: dict[str, bool] = {}
        for entry in entries:
            if isinstance(entry, data.Transaction):
                if "loan" in entry.meta:
                    self.transaction(entry)
                for posting in entry.postings:
                    account = posting.account
                    try:
                        held = holds[account]
                    except KeyError:
                        held = holds[account] = account.rpartition(":")[0] in HOLDING_PARENTS
                    units = posting.units
                    if not held or units is None or units.number is None:
                        continue
                    if units.currency == self.currency:
                        balances[account] = balances.get(account, ZERO) + units.number
            elif isinstance(entry, data.Custom):
                if entry.type == "moratorium":
                    self.moratorium_entries.append(entry)
                elif entry.type == "rules":
                    self.rules_entries.append(entry)

    def watch(self, entry: data.Transaction, balances: Mapping[str, Decimal]) -> None:
        """A loan transaction seen by :func:`~kongtun.ledger.fund.read_fund`'s pass."""
        self.balances = balances
        self.transaction(entry)

    def held(self, member: str) -> Decimal:
        """The savings and shares ``member`` holds at this point of the pass."""
        balances = self.balances
        return -(
            balances.get(member_account("savings", member), ZERO)
            + balances.get(member_account("shares", member), ZERO)
        )

    def transaction(self, entry: data.Transaction) -> None:
        """A transaction with ``loan:`` metadata: a disbursement or a repayment."""
        loan = loan_id(entry.meta)
        if loan is None:
            self.error(
                "loan-terms-bad",
                entry,
                loan=_shown(entry.meta["loan"]),
                key="loan",
                expected=Msg(EXPECTED["loan"]),
                value=_shown(entry.meta["loan"]),
                example=EXAMPLES["loan"],
            )
        elif is_disbursement(entry.meta):
            self.disburse(entry, loan)
        else:
            self.repay(entry, loan)

    def disburse(self, entry: data.Transaction, loan: str) -> None:
        first = self.drafts.get(loan)
        if first is not None:
            source = first.meta
            self.error(
                "loan-duplicate",
                entry,
                loan=loan,
                first=f"{source.get('filename', '<kongtun>')}:{source.get('lineno', 0)}",
            )
            return
        found = _disbursed(entry, self.currency)
        if found is None:
            self.error("loan-no-account", entry, loan=loan)
            self.broken.add(loan)
            return
        kind, party, account, principal = found
        terms, errors = read_terms(entry, loan, principal, self.lang)
        self.errors.extend(errors)
        if terms is None:
            self.broken.add(loan)
            return
        guarantors_text = entry.meta.get("guarantors", "")
        guarantors = tuple(dict.fromkeys(str(guarantors_text).replace(",", " ").split()))
        approved = entry.meta.get("approved")
        draft = _Draft(
            loan,
            kind,
            party,
            account,
            entry.date,
            terms,
            guarantors,
            approved.strip() if isinstance(approved, str) else "",
            entry.meta,
            entry,
            outstanding=principal,
        )
        self.drafts[loan] = draft
        if kind == "member":
            owned = self.open_loans.setdefault(party, set())
            owned.add(loan)
            total = sum((self.drafts[other].outstanding for other in owned), ZERO)
            self.disbursements.append((draft, self.held(party), len(owned), total))

    def repay(self, entry: data.Transaction, loan: str) -> None:
        draft = self.drafts.get(loan)
        if draft is None:
            if loan not in self.broken:
                self.error("repayment-loan-unknown", entry, loan=loan)
            return
        if draft.outstanding <= 0:
            repaid = max(r.date for r in draft.repayments) if draft.repayments else draft.date
            self.error("repayment-loan-repaid", entry, loan=loan, date=entry.date, repaid=repaid)
            return
        repayment = _repaid(entry, draft, self.currency)
        if repayment.principal > draft.outstanding:
            self.error(
                "repayment-over-principal",
                entry,
                loan=loan,
                date=entry.date,
                paid=_thb(repayment.principal, self.currency),
                outstanding=_thb(draft.outstanding, self.currency),
            )
        draft.repayments.append(repayment)
        draft.outstanding -= repayment.principal
        if draft.outstanding <= 0 and draft.kind == "member":
            self.open_loans.get(draft.party, set()).discard(loan)


#: the parents of the accounts that hold a member's savings and shares
HOLDING_PARENTS: Final = frozenset(
    MEMBER_ACCOUNT_KINDS[kind].parent for kind in ("savings", "shares")
)


def _thb(number: Decimal, currency: str) -> Amount:
    return Amount(number, currency)


def read_loans(
    entries: Sequence[data.Directive],
    currency: str,
    villages: Mapping[str, str],
    lang: Lang,
) -> tuple[Loans, LoanReader]:
    """Every loan in ``entries`` with its schedule under the moratoria that cover it.

    ``villages`` maps member ids to their village (for moratoria by village). Returns the
    loans and the reader, which holds the errors found so far and what the rule checks need.
    """
    reader = LoanReader(currency, lang)
    reader.read(entries)
    return build_loans(reader, villages, lang), reader


def read_fund_and_loans(
    entries: Sequence[data.Directive], options: Mapping[str, Any], lang: Lang
) -> tuple[Fund, list[FundError], Loans, LoanReader]:
    """The fund (:func:`~kongtun.ledger.fund.read_fund`) and its loans from one pass."""
    reader = LoanReader(fund_currency(options), lang)
    fund, problems = read_fund(entries, options, on_loan=reader.watch)
    errors = to_errors(problems, lang)
    reader.moratorium_entries.extend(fund.customs.get("moratorium", ()))
    reader.rules_entries.extend(fund.customs.get("rules", ()))
    villages = {member.id: member.village for member in fund.members.values()}
    return fund, errors, build_loans(reader, villages, lang), reader


def build_loans(reader: LoanReader, villages: Mapping[str, str], lang: Lang) -> Loans:
    """The loans of a finished pass, with their schedules under the moratoria."""
    moratoria, errors = parse_moratoria(reader.moratorium_entries, lang)
    reader.errors.extend(errors)
    moratoria.sort(key=lambda m: (m.start, m.declared))
    loans: list[Loan] = []
    for draft in reader.drafts.values():
        original = build_schedule(draft.terms)
        schedule = original
        covering: list[Moratorium] = []
        for moratorium in moratoria:
            if moratorium.applies(
                loan=draft.id,
                kind=draft.kind,
                party=draft.party,
                village=villages.get(draft.party, ""),
                disbursed=draft.date,
            ):
                schedule = apply_moratorium(schedule, draft.terms, moratorium)
                covering.append(moratorium)
        loans.append(
            Loan(
                draft.id,
                draft.kind,
                draft.party,
                draft.account,
                draft.date,
                draft.terms,
                draft.guarantors,
                draft.approved,
                draft.meta,
                original,
                schedule,
                tuple(covering),
                tuple(draft.repayments),
            )
        )
    return Loans(tuple(loans), tuple(moratoria))
