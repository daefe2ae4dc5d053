"""The fund's rules on loans: one small function for each rule id, named after it.

Each breach is a :class:`~kongtun.ledger.problems.Problem` at the disbursement's (or the
repayment's, or the directive's) file and line. The rules in force on the loan's date apply:

===============================  ============================================================
rule (``custom "rules"``)        breach
===============================  ============================================================
``loan-max-amount``              ``loan-over-max``: the loan is above it
``loan-max-multiple``            ``loan-over-multiple``: the member's loans with this one are
                                 above the multiple × the member's savings + shares that day
``guarantors-above``,            ``loan-guarantors-missing``: a loan above the amount names
``guarantors-min``               fewer guarantors
``loan-rate-max``                ``loan-rate-over-rules``
``loans-max-open``               ``loans-max-open``: more open loans at once
``fine-late-installment``,       ``late-charge-over-rules``: a late charge above the fine per
``late-interest-rate``           overdue instalment plus default interest on overdue principal
===============================  ============================================================

Always checked: ``repayment-order`` (principal paid while interest due is not),
``loan-not-approved`` (no ``approved:``), ``loan-guarantor-invalid`` (the
borrower, not a member, not yet joined, or left), ``loan-rate-over-law`` (above 15 % a year on
the balance actually outstanding), ``late-charge-in-moratorium`` and ``late-interest-over-law``
(a rule above the 5 % a year Thai law allows). Borrowings from a lender are the lender's to
check; only their schedule and arrears are followed.

The rules on reading — a disbursement's terms (``loan-terms-*``, ``loan-first-due-early``,
``loan-duplicate``, ``loan-no-account``), a repayment's loan (``repayment-loan-*``,
``repayment-over-principal``) and a moratorium's keys (``moratorium-*``) — are called by the
loan pass (:mod:`kongtun.ledger.loans.reader`) on each entry as it reads it; the others on
the finished loans. Each function returns the problem it finds, or None (those that can find
several return a list). :data:`CHECKS` lists them by rule id.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Set
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.fund import OPENING_KEY, Member
from kongtun.ledger.books.provinces import PROVINCES
from kongtun.ledger.books.rules import Rules
from kongtun.ledger.i18n import N_
from kongtun.ledger.loans import moratorium, restructure
from kongtun.ledger.loans.book import (
    ALLOWANCE,
    EXAMPLE,
    EXAMPLES,
    EXPECTED,
    METHOD_LABELS,
    PROVISION_KEY,
    TERM_KEYS,
    Disbursement,
    Draft,
    Loan,
    ProvisionEntry,
    Repayment,
)
from kongtun.ledger.loans.moratorium import Moratorium
from kongtun.ledger.loans.provision import Provision
from kongtun.ledger.loans.restructure import Restructuring, Settlement
from kongtun.ledger.loans.schedule import (
    LEGAL_LATE_RATE,
    LEGAL_RATE_CAP,
    METHODS,
    ZERO,
    Terms,
    rate_on_balance,
)
from kongtun.ledger.loans.settle import LateCharge, late_charges
from kongtun.ledger.problems import Msg, Problem, problem, where

#: 50 years of monthly instalments: more is a typing mistake
MAX_INSTALLMENTS: Final = 600
INVALID_GUARANTOR: Final[dict[str, str]] = {
    "self": N_("is the borrower"),
    "unknown": N_("is not a member of the fund"),
    "not-joined": N_("has not joined the fund by the day of the loan"),
    "left": N_("has left the fund"),
}


def _whole(value: object, most: int) -> bool:
    return (
        isinstance(value, Decimal)
        and not isinstance(value, bool)
        and 1 <= value <= most
        and value == value.to_integral_value()
    )


#: each term a disbursement may carry -> whether a value of it reads
TERM_READS: Final[dict[str, Callable[[Any], bool]]] = {
    "rate": lambda value: isinstance(value, Decimal) and not isinstance(value, bool) and value >= 0,
    "method": lambda value: value in METHODS,
    "installments": lambda value: _whole(value, MAX_INSTALLMENTS),
    "every": lambda value: _whole(value, 12),
    # a schedule, or a moratorium's shift, must end before 9999
    "first-due": lambda value: isinstance(value, datetime.date) and value.year <= 9000,
    # refinancing an outside debt (household debt relief)
    "outside-creditor": lambda value: isinstance(value, str) and bool(value.strip()),
    "outside-rate": lambda value: (
        isinstance(value, Decimal) and not isinstance(value, bool) and value >= 0
    ),
}


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


# -- reading a disbursement ---------------------------------------------------------------


def loan_terms_missing(entry: data.Transaction, loan: str) -> list[Problem]:
    """``loan-terms-missing``: a disbursement without one of the terms (one problem each)."""
    return [
        problem("loan-terms-missing", entry.meta, entry, loan=loan, key=key, example=EXAMPLE)
        for key in TERM_KEYS
        if key not in entry.meta
    ]


def loan_terms_bad(entry: data.Transaction, loan: str | None) -> list[Problem]:
    """``loan-terms-bad``: the ``loan:`` id is not text (``loan`` is None), or a term of a
    disbursement does not read (one problem each)."""
    meta = entry.meta
    if loan is None:
        keys = ["loan"]
    else:
        keys = [key for key, reads in TERM_READS.items() if key in meta and not reads(meta[key])]
    return [
        problem(
            "loan-terms-bad",
            meta,
            entry,
            loan=_shown(meta["loan"]) if loan is None else loan,
            key=key,
            expected=Msg(EXPECTED[key]),
            value=_shown(meta[key]),
            example=EXAMPLES[key],
        )
        for key in keys
    ]


def loan_first_due_early(entry: data.Transaction, loan: str) -> Problem | None:
    """``loan-first-due-early``: the first instalment is due on or before the disbursement."""
    first = entry.meta["first-due"]
    if first > entry.date:
        return None
    return problem(
        "loan-first-due-early", entry.meta, entry, loan=loan, first_due=first, date=entry.date
    )


def loan_duplicate(entry: data.Transaction, loan: str, first: Draft | None) -> Problem | None:
    """``loan-duplicate``: a loan id disbursed again (``first``: its first disbursement)."""
    if first is None:
        return None
    return problem("loan-duplicate", entry.meta, entry, loan=loan, first=where(first.meta))


def loan_no_account(entry: data.Transaction, loan: str, lent: object) -> Problem | None:
    """``loan-no-account``: the terms are there but no posting lends (``lent`` is None)."""
    if lent is not None:
        return None
    return problem("loan-no-account", entry.meta, entry, loan=loan)


# -- reading a repayment ------------------------------------------------------------------


def repayment_loan_unknown(entry: data.Transaction, loan: str, broken: Set[str]) -> Problem | None:
    """``repayment-loan-unknown``: a repayment to a loan never disbursed (a disbursement whose
    terms do not read, in ``broken``, is reported there, not again with each repayment)."""
    if loan in broken:
        return None
    return problem("repayment-loan-unknown", entry.meta, entry, loan=loan)


def repayment_loan_repaid(entry: data.Transaction, draft: Draft) -> Problem | None:
    """``repayment-loan-repaid``: a repayment to a loan already repaid in full."""
    if draft.outstanding > 0:
        return None
    repaid = max(r.date for r in draft.repayments) if draft.repayments else draft.date
    return problem(
        "repayment-loan-repaid", entry.meta, entry, loan=draft.id, date=entry.date, repaid=repaid
    )


def repayment_over_principal(draft: Draft, repayment: Repayment, currency: str) -> Problem | None:
    """``repayment-over-principal``: more principal repaid than is still owed."""
    if repayment.principal <= draft.outstanding:
        return None
    return problem(
        "repayment-over-principal",
        repayment.meta,
        repayment.entry,
        loan=draft.id,
        date=repayment.date,
        paid=Amount(repayment.principal, currency),
        outstanding=Amount(draft.outstanding, currency),
    )


# -- reading a moratorium -----------------------------------------------------------------


def moratorium_missing(entry: data.Custom, title: str, key: str, value: object) -> Problem | None:
    """``moratorium-missing``: a key the moratorium needs has no value (``value`` is None),
    nor one taken from the moratorium it follows."""
    if value is not None:
        return None
    return problem(
        "moratorium-missing",
        entry.meta,
        entry,
        title=title,
        key=key,
        example=moratorium.EXAMPLES[key],
    )


def moratorium_bad(
    entry: data.Custom, title: str, key: str, value: object, read: object
) -> Problem | None:
    """``moratorium-bad``: ``value``, given for ``key``, did not read (``read`` is None): a
    value of the wrong form, a ``follows:`` naming no moratorium declared before this one, or
    (key ``long``) an ``end:`` at least :data:`~kongtun.ledger.loans.moratorium.MAX_MONTHS`
    months after the start."""
    if read is not None:
        return None
    shown_key = "end" if key == "long" else key
    return problem(
        "moratorium-bad",
        entry.meta,
        entry,
        title=title,
        key=shown_key,
        expected=Msg(moratorium.EXPECTED[key]),
        value=f'"{value}"' if key == "follows" else _shown(value),
        example=moratorium.EXAMPLES[shown_key],
    )


def moratorium_end_before_start(
    entry: data.Custom, title: str, start: datetime.date, end: datetime.date
) -> Problem | None:
    """``moratorium-end-before-start``: the period ends before it starts."""
    if end >= start:
        return None
    return problem(
        "moratorium-end-before-start", entry.meta, entry, title=title, start=start, end=end
    )


# -- the rules in force on lending --------------------------------------------------------


def late_interest_over_law(entry: data.Custom) -> Problem | None:
    """``late-interest-over-law``: a rules directive sets late-interest-rate above the 5 % a
    year the law allows."""
    rate = entry.meta.get("late-interest-rate")
    if not isinstance(rate, Decimal) or isinstance(rate, bool) or rate <= LEGAL_LATE_RATE:
        return None
    title = entry.values[0].value if entry.values else ""
    return problem("late-interest-over-law", entry.meta, entry, rules=title, rate=rate)


def _lent(loan: Disbursement, rule: str, **params: object) -> Problem:
    """The problem ``rule`` at the disbursement of ``loan``."""
    draft = loan.draft
    return problem(rule, draft.meta, draft.entry, member=draft.party, loan=draft.id, **params)


def loan_not_approved(loan: Disbursement) -> Problem | None:
    """``loan-not-approved``: a member loan without ``approved:``."""
    return None if loan.draft.approved else _lent(loan, "loan-not-approved")


def loan_over_max(loan: Disbursement, rules: Rules) -> Problem | None:
    """``loan-over-max``: a loan above the rules' loan-max-amount."""
    limit = rules.amount("loan-max-amount")
    if limit is None or limit.number is None or loan.draft.terms.principal <= limit.number:
        return None
    return _lent(loan, "loan-over-max", amount=loan.amount, limit=limit, rules=rules.title)


def loan_over_multiple(loan: Disbursement, rules: Rules) -> Problem | None:
    """``loan-over-multiple``: the member's loans with this one above loan-max-multiple × the
    savings and shares the member holds."""
    multiple = rules.number("loan-max-multiple")
    if multiple is None:
        return None
    base = max(loan.held, ZERO)
    ceiling = multiple * base
    if loan.owed <= ceiling:
        return None
    return _lent(
        loan,
        "loan-over-multiple",
        amount=loan.amount,
        total=Amount(loan.owed, loan.currency),
        multiple=multiple,
        base=Amount(base, loan.currency),
        limit=Amount(ceiling, loan.currency),
        rules=rules.title,
    )


def loan_guarantors_missing(loan: Disbursement, rules: Rules) -> Problem | None:
    """``loan-guarantors-missing``: a loan above guarantors-above with fewer than
    guarantors-min guarantors."""
    above = rules.amount("guarantors-above")
    minimum = rules.number("guarantors-min")
    count = len(loan.draft.guarantors)
    if (
        minimum is None
        or above is None
        or above.number is None
        or loan.draft.terms.principal <= above.number
        or count >= minimum
    ):
        return None
    return _lent(
        loan,
        "loan-guarantors-missing",
        amount=loan.amount,
        count=count,
        above=above,
        minimum=int(minimum),
        rules=rules.title,
    )


def _invalid_guarantor(
    guarantor: str, borrower: str, member: Member | None, day: datetime.date
) -> str | None:
    if guarantor == borrower:
        return "self"
    if member is None:
        return "unknown"
    if member.joined > day:
        return "not-joined"
    if member.exited is not None and member.exited <= day:
        return "left"
    return None


def loan_guarantor_invalid(loan: Disbursement, members: Mapping[str, Member]) -> list[Problem]:
    """``loan-guarantor-invalid``: a guarantor who is the borrower, not a member, not yet
    joined or gone on the day of the loan (one problem each)."""
    draft = loan.draft
    found = []
    for guarantor in draft.guarantors:
        reason = _invalid_guarantor(guarantor, draft.party, members.get(guarantor), draft.date)
        if reason is not None:
            found.append(
                _lent(
                    loan,
                    "loan-guarantor-invalid",
                    guarantor=guarantor,
                    reason=Msg(INVALID_GUARANTOR[reason]),
                )
            )
    return found


def loan_rate_over_rules(loan: Disbursement, rules: Rules) -> Problem | None:
    """``loan-rate-over-rules``: a rate above the rules' loan-rate-max."""
    rate_max = rules.number("loan-rate-max")
    rate = loan.draft.terms.rate
    if rate_max is None or rate <= rate_max:
        return None
    return _lent(loan, "loan-rate-over-rules", rate=rate, limit=rate_max, rules=rules.title)


def loans_max_open(loan: Disbursement, rules: Rules) -> Problem | None:
    """``loans-max-open``: more open loans at once than the rules' loans-max-open."""
    max_open = rules.number("loans-max-open")
    if max_open is None or loan.open_loans <= max_open:
        return None
    return _lent(
        loan, "loans-max-open", count=loan.open_loans, limit=int(max_open), rules=rules.title
    )


#: the terms that give a schedule's amounts: principal, rate, method, instalments, months
#: between them (the first due day moves its dates, not its amounts)
RateTerms = tuple[Decimal, Decimal, str, int, int]
#: what a schedule costs (:func:`rate_on_balance`), by the terms that give its amounts (loans
#: lent on the same terms on other days cost the same, and a pass measures them once; the
#: plugin keeps them between loads, :mod:`kongtun.plugins.loan_rates`)
MeasuredRates = MutableMapping[RateTerms, Decimal]


def loan_rate_over_law(loan: Loan, measured_rates: MeasuredRates | None = None) -> Problem | None:
    """``loan-rate-over-law``: a member loan costing more than 15 % a year on the balance
    actually outstanding (``measured_rates``: those a pass measured already, and keeps)."""
    terms = loan.terms
    key = (terms.principal, terms.rate, terms.method, terms.installments, terms.every)
    measured = measured_rates.get(key) if measured_rates is not None else None
    if measured is None:
        measured = rate_on_balance(loan.principal, loan.original, terms.every)
        if measured_rates is not None:
            measured_rates[key] = measured
    if measured <= LEGAL_RATE_CAP:
        return None
    return problem(
        "loan-rate-over-law",
        loan.meta,
        None,
        member=loan.party,
        loan=loan.id,
        measured=measured,
        method=Msg(METHOD_LABELS[loan.terms.method]),
        rate=loan.terms.rate,
    )


# -- repayments ---------------------------------------------------------------------------


def interest_due_before(loan: Loan) -> Iterator[Decimal]:
    """For each repayment in turn, the interest due on its day before it is counted (as
    :meth:`Loan.state` gives it), in one walk over the schedule and the repayments."""
    rows = loan.schedule
    row = 0
    scheduled = paid_interest = paid_principal = ZERO
    for repayment in loan.repayments:
        while row < len(rows) and rows[row].due <= repayment.date:
            scheduled += rows[row].interest
            row += 1
        repaid = paid_principal >= loan.principal
        yield ZERO if repaid else max(scheduled - paid_interest, ZERO)
        paid_interest += repayment.interest
        paid_principal += repayment.principal


def repayment_order(
    loan: Loan, repayment: Repayment, due: Decimal, currency: str
) -> Problem | None:
    """``repayment-order``: principal repaid while interest ``due`` is not (a payment goes to
    the late charge, then the interest due, then principal)."""
    if repayment.principal <= 0:
        return None
    expected = min(due, repayment.principal + repayment.interest)
    if repayment.interest >= expected:
        return None
    return problem(
        "repayment-order",
        repayment.meta,
        repayment.entry,
        loan=loan.id,
        date=repayment.date,
        principal=Amount(repayment.principal, currency),
        interest=Amount(repayment.interest, currency),
        due=Amount(due, currency),
        expected_interest=Amount(expected, currency),
        expected_principal=Amount(repayment.principal + repayment.interest - expected, currency),
    )


def late_charge_allowance(loan: Loan, index: int, rules: Rules) -> LateCharge:
    """What the ``rules`` in force allow as the late charge of ``loan``'s repayment ``index``:
    the fine per overdue instalment plus default interest on the overdue principal, less what
    earlier repayments charged for the same arrears (:func:`.settle.late_charges`)."""
    return late_charges(loan, loan.repayments[index].date, rules, index)


def late_charge_in_moratorium(
    loan: Loan, repayment: Repayment, allowance: LateCharge, currency: str
) -> Problem | None:
    """``late-charge-in-moratorium``: a late charge beyond the allowance while a moratorium
    pauses the loan."""
    paused = allowance.state.paused_by
    if repayment.charge <= allowance.allowed or paused is None:
        return None
    return problem(
        "late-charge-in-moratorium",
        repayment.meta,
        repayment.entry,
        charge=Amount(repayment.charge, currency),
        loan=loan.id,
        date=repayment.date,
        moratorium=paused.title,
        start=paused.start,
        end=paused.end,
        resolution=paused.resolution,
    )


def late_charge_over_rules(
    loan: Loan, repayment: Repayment, allowance: LateCharge, currency: str
) -> Problem | None:
    """``late-charge-over-rules``: a late charge above what the rules allow that day."""
    if repayment.charge <= allowance.allowed or allowance.state.paused_by is not None:
        return None
    state = allowance.state
    return problem(
        "late-charge-over-rules",
        repayment.meta,
        repayment.entry,
        charge=Amount(repayment.charge, currency),
        loan=loan.id,
        date=repayment.date,
        allowed=Amount(allowance.allowed, currency),
        count=state.overdue_installments,
        fine=Amount(allowance.fine, currency),
        late_rate=allowance.late_rate,
        overdue=Amount(state.principal_overdue, currency),
        earlier=Amount(allowance.earlier, currency),
    )


# -- issue 12: a guarantor's exit, interest beyond what is due, a moratorium's scope --------

#: on a ``member-exit``: the committee's resolution on the loans the member guarantees
GUARANTEES_KEY: Final = "guarantees-resolution"
#: why a name in a moratorium's ``applies-to`` covers nobody, by scope
UNKNOWN_SCOPE: Final[dict[str, str]] = {
    "members": N_("no member has this id"),
    "loans": N_("no loan has this id"),
    "borrowings": N_("the fund has no loan from this lender"),
    "villages": N_("no member lives in this village"),
    "provinces": N_("no organisation the lender lends to is in this province"),
}


def loan_guarantor_left(loan: Loan, guarantor: Member, currency: str) -> Problem | None:
    """``loan-guarantor-left``: a guarantor of ``loan`` leaves the fund (after the day of the
    loan) while principal is still outstanding at the end of the exit day, and the exit
    carries no ``guarantees-resolution:`` (reported at the exit)."""
    exited, meta = guarantor.exited, guarantor.exit_meta
    if exited is None or exited <= loan.date or meta is None or GUARANTEES_KEY in meta:
        return None
    outstanding = loan.state(exited).outstanding
    if outstanding <= 0:
        return None
    return problem(
        "loan-guarantor-left",
        meta,
        None,
        guarantor=guarantor.id,
        date=exited,
        reason=guarantor.exit_reason,
        member=loan.party,
        loan=loan.id,
        outstanding=Amount(outstanding, currency),
    )


def interest_allowed_before(loan: Loan) -> Iterator[tuple[Decimal, datetime.date | None]]:
    """For each repayment in turn, the most interest it may pay — the schedule's interest
    due up to and including the next instalment on or after its day, less the interest
    paid before it — and that instalment's due date (None past the schedule's end)."""
    rows = loan.schedule
    row = 0
    scheduled = paid = ZERO
    for repayment in loan.repayments:
        while row < len(rows) and rows[row].due < repayment.date:
            scheduled += rows[row].interest
            row += 1
        upcoming = rows[row] if row < len(rows) else None
        allowed = scheduled + (upcoming.interest if upcoming is not None else ZERO)
        yield max(allowed - paid, ZERO), (upcoming.due if upcoming is not None else None)
        paid += repayment.interest


def repayment_interest_over_due(
    loan: Loan,
    repayment: Repayment,
    allowed: tuple[Decimal, datetime.date | None],
    currency: str,
) -> Problem | None:
    """``repayment-interest-over-due``: a repayment puts more to interest than the interest
    due by the next instalment (``allowed``, from :func:`interest_allowed_before`)."""
    most, next_due = allowed
    if repayment.interest <= most:
        return None
    return problem(
        "repayment-interest-over-due",
        repayment.meta,
        repayment.entry,
        loan=loan.id,
        date=repayment.date,
        interest=Amount(repayment.interest, currency),
        allowed=Amount(most, currency),
        next_due=next_due if next_due is not None else repayment.date,
    )


def moratorium_scope_unknown(
    moratorium: Moratorium, known: Mapping[str, Set[str]]
) -> list[Problem]:
    """``moratorium-scope-unknown``: a name in ``applies-to`` that covers nobody (``known``:
    scope -> the names the books know: member ids, loan ids, lenders, villages where a member
    lives), one problem each."""
    names = known.get(moratorium.scope)
    if names is None:
        return []
    return [
        problem(
            "moratorium-scope-unknown",
            moratorium.meta,
            None,
            title=moratorium.title,
            scope=moratorium.scope,
            name=name,
            why=Msg(UNKNOWN_SCOPE[moratorium.scope]),
        )
        for name in moratorium.targets
        if name not in names
    ]


def moratorium_scope_empty(moratorium: Moratorium, covers: int) -> Problem | None:
    """``moratorium-scope-empty``: a moratorium that covers no loan (``covers``: how many)."""
    if covers:
        return None
    applies_to = moratorium.meta.get("applies-to", moratorium.scope)
    return problem(
        "moratorium-scope-empty",
        moratorium.meta,
        None,
        title=moratorium.title,
        applies_to=str(applies_to),
        start=moratorium.start,
    )


# -- issue 15: restructuring one loan -----------------------------------------------------

#: where the limit on a restructured rate comes from when it is the law's
LAW_RATE_SOURCE: Final = N_("the Civil and Commercial Code, s. 654")


def loan_restructure_bad(
    entry: data.Custom, loan: str, key: str, value: object, read: object
) -> Problem | None:
    """``loan-restructure-bad``: a restructuring whose ``key`` did not read (``read`` is
    None): a loan not disbursed before its day, a term missing or of the wrong form."""
    if read is not None:
        return None
    return problem(
        "loan-restructure-bad",
        entry.meta,
        entry,
        loan=loan,
        date=entry.date,
        key=key,
        expected=Msg(restructure.EXPECTED[key]),
        value=Msg(N_("nothing")) if value is None else _shown(value),
        example=restructure.EXAMPLES[key],
    )


def loan_restructure_repaid(restructuring: Restructuring, balance: Decimal) -> Problem | None:
    """``loan-restructure-repaid``: a restructuring of a loan with no principal outstanding
    at the end of its day."""
    if balance > 0:
        return None
    return problem(
        "loan-restructure-repaid",
        restructuring.meta,
        None,
        loan=restructuring.loan,
        date=restructuring.day,
    )


def loan_restructure_not_approved(loan: Loan, restructuring: Restructuring) -> Problem | None:
    """``loan-restructure-not-approved``: a restructuring without ``approved:``."""
    if restructuring.approved:
        return None
    return problem(
        "loan-restructure-not-approved",
        restructuring.meta,
        None,
        member=loan.party,
        loan=loan.id,
        date=restructuring.day,
    )


def loan_restructure_rate_over(
    loan: Loan, restructuring: Restructuring, terms: Terms, rules: Rules
) -> Problem | None:
    """``loan-restructure-rate-over``: the new rate (``terms``) above the rules'
    loan-rate-max, or above the law's 15 % a year."""
    rules_max = rules.number("loan-rate-max")
    limit: Decimal = LEGAL_RATE_CAP
    source: str = Msg(LAW_RATE_SOURCE)
    if rules_max is not None and rules_max < limit:
        limit, source = rules_max, rules.title
    if terms.rate <= limit:
        return None
    return problem(
        "loan-restructure-rate-over",
        restructuring.meta,
        None,
        member=loan.party,
        loan=loan.id,
        date=restructuring.day,
        rate=terms.rate,
        limit=limit,
        source=source,
    )


def loan_restructure_term_over(
    loan: Loan, restructuring: Restructuring, rules: Rules
) -> Problem | None:
    """``loan-restructure-term-over``: more months from the restructuring to the last new
    instalment than the rules' restructure-max-months."""
    most = rules.number("restructure-max-months")
    months = restructuring.months(loan.terms.every)
    if most is None or months <= most:
        return None
    return problem(
        "loan-restructure-term-over",
        restructuring.meta,
        None,
        member=loan.party,
        loan=loan.id,
        date=restructuring.day,
        months=months,
        limit=int(most),
        rules=rules.title,
    )


def loan_restructure_capitalised(
    loan: Loan, restructuring: Restructuring, settled: Settlement, currency: str
) -> Problem | None:
    """``loan-restructure-capitalised``: the interest added to the principal on the
    restructuring's day (repayments of that day that lend more: negative principal) is not
    the interest unpaid that day (``capitalise``), or is not nothing (``waive``)."""
    unpaid, capitalised = settled.interest_unpaid, settled.interest_capitalised
    expected = unpaid if restructuring.overdue == "capitalise" else ZERO
    if capitalised == expected:
        return None
    return problem(
        "loan-restructure-capitalised",
        restructuring.meta,
        None,
        loan=loan.id,
        date=restructuring.day,
        treatment=restructuring.overdue,
        capitalised=Amount(capitalised, currency),
        unpaid=Amount(unpaid, currency),
        expected=Amount(expected, currency),
    )


def loan_restructure_late_charges(
    loan: Loan, restructuring: Restructuring, settled: Settlement, currency: str
) -> Problem | None:
    """``loan-restructure-late-charges``: the late charges added to the principal on the
    restructuring's day (fines credited by the repayments of that day that lend more) are not
    the late charges owed that day (``late-charges: "capitalise"``), or are not nothing
    (``waive``, the default)."""
    owed, capitalised = settled.charges_owed, settled.charges_capitalised
    expected = owed if restructuring.late_charges == "capitalise" else ZERO
    if capitalised == expected:
        return None
    return problem(
        "loan-restructure-late-charges",
        restructuring.meta,
        None,
        loan=loan.id,
        date=restructuring.day,
        treatment=restructuring.late_charges,
        capitalised=Amount(capitalised, currency),
        expected=Amount(expected, currency),
        owed=Amount(owed, currency),
        count=settled.overdue_installments,
        fine=Amount(settled.fine, currency),
        late_interest=Amount(settled.late_interest, currency),
        earlier=Amount(settled.charged_before, currency),
    )


# -- issue 15: writing a loan off, and recovering it ---------------------------------------


def loan_write_off_not_approved(loan: Loan, repayment: Repayment, currency: str) -> Problem | None:
    """``loan-write-off-not-approved``: a write-off without ``approved:`` (the resolution)."""
    if not repayment.written_off or repayment.meta.get("approved"):
        return None
    return problem(
        "loan-write-off-not-approved",
        repayment.meta,
        repayment.entry,
        member=loan.party,
        loan=loan.id,
        date=repayment.date,
        amount=Amount(repayment.written_off, currency),
    )


def loan_recovery_bad(draft: Draft, repayment: Repayment, currency: str) -> Problem | None:
    """``loan-recovery-bad``: money recovered on a loan beyond what was written off and not
    yet recovered (nothing, on a loan never written off)."""
    left = draft.written_off - draft.recovered
    if repayment.recovered <= left:
        return None
    return problem(
        "loan-recovery-bad",
        repayment.meta,
        repayment.entry,
        loan=draft.id,
        date=repayment.date,
        recovered=Amount(repayment.recovered, currency),
        left=Amount(left, currency),
    )


# -- issue 15: the allowance for doubtful loans --------------------------------------------


def loan_provision_mismatch(
    entry: ProvisionEntry, found: Provision, currency: str
) -> Problem | None:
    """``loan-provision-mismatch``: at the end of the day of a ``provision:`` entry, the allowance
    recorded is not what the rules in force give that day (``found``)."""
    if found.recorded == found.required:
        return None
    return problem(
        "loan-provision-mismatch",
        entry.meta,
        entry.entry,
        date=entry.day,
        recorded=Amount(found.recorded, currency),
        required=Amount(found.required, currency),
        loans=sum(1 for line in found.lines if line.required),
        rules=found.rules,
        change=Amount(found.change, currency),
    )


def loan_allowance_posting(entry: data.Transaction, currency: str) -> Problem | None:
    """``loan-allowance-posting``: a transaction posts to the allowance for doubtful loans
    but is neither a provision (``provision:``) nor a loan's write-off (``loan:``) — it would
    change the allowance past ``loan-provision-mismatch`` (the opening transaction of books
    carried forward brings the allowance as it closed: it is not one)."""
    meta = entry.meta
    if "loan" in meta or PROVISION_KEY in meta or OPENING_KEY in meta:
        return None
    amount = sum(
        (
            p.units.number
            for p in entry.postings
            if p.account == ALLOWANCE and p.units is not None and p.units.number is not None
        ),
        ZERO,
    )
    return problem(
        "loan-allowance-posting",
        meta,
        entry,
        date=entry.date,
        account=ALLOWANCE,
        amount=Amount(amount, currency),
    )


def moratorium_province_unknown(moratorium: Moratorium) -> list[Problem]:
    """``moratorium-province-unknown``: a name in ``applies-to: "provinces ..."`` that is not
    one of Thailand's 77 provinces as written in Thai (a typing mistake: the moratorium would
    silently miss the organisations there), one problem each."""
    if moratorium.scope != "provinces":
        return []
    return [
        problem(
            "moratorium-province-unknown", moratorium.meta, None, title=moratorium.title, name=name
        )
        for name in moratorium.targets
        if name not in PROVINCES
    ]


#: every rule id of the loans family -> the function that checks it
CHECKS: Final[dict[str, Callable[..., object]]] = {
    "loan-terms-missing": loan_terms_missing,
    "loan-terms-bad": loan_terms_bad,
    "loan-first-due-early": loan_first_due_early,
    "loan-duplicate": loan_duplicate,
    "loan-no-account": loan_no_account,
    "loan-not-approved": loan_not_approved,
    "loan-over-max": loan_over_max,
    "loan-over-multiple": loan_over_multiple,
    "loan-guarantors-missing": loan_guarantors_missing,
    "loan-guarantor-invalid": loan_guarantor_invalid,
    "loan-rate-over-rules": loan_rate_over_rules,
    "loan-rate-over-law": loan_rate_over_law,
    "loans-max-open": loans_max_open,
    "repayment-loan-unknown": repayment_loan_unknown,
    "repayment-loan-repaid": repayment_loan_repaid,
    "repayment-over-principal": repayment_over_principal,
    "repayment-order": repayment_order,
    "late-charge-over-rules": late_charge_over_rules,
    "late-charge-in-moratorium": late_charge_in_moratorium,
    "late-interest-over-law": late_interest_over_law,
    "moratorium-missing": moratorium_missing,
    "moratorium-bad": moratorium_bad,
    "moratorium-end-before-start": moratorium_end_before_start,
    "loan-guarantor-left": loan_guarantor_left,
    "repayment-interest-over-due": repayment_interest_over_due,
    "moratorium-scope-unknown": moratorium_scope_unknown,
    "moratorium-scope-empty": moratorium_scope_empty,
    "loan-restructure-bad": loan_restructure_bad,
    "loan-restructure-repaid": loan_restructure_repaid,
    "loan-restructure-not-approved": loan_restructure_not_approved,
    "loan-restructure-rate-over": loan_restructure_rate_over,
    "loan-restructure-term-over": loan_restructure_term_over,
    "loan-restructure-capitalised": loan_restructure_capitalised,
    "loan-write-off-not-approved": loan_write_off_not_approved,
    "loan-recovery-bad": loan_recovery_bad,
    "loan-provision-mismatch": loan_provision_mismatch,
    "moratorium-province-unknown": moratorium_province_unknown,
    "loan-restructure-late-charges": loan_restructure_late_charges,
    "loan-allowance-posting": loan_allowance_posting,
}
