"""The fund's rules on loans, checked against the loans the ledger records.

Each breach is a :class:`~kongtun.ledger.messages.FundError` at the disbursement's (or the
repayment's) file and line. The rules in force on the loan's date apply:

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
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

from beancount.core.amount import Amount

from kongtun.ledger.books.fund import CARRIED_KEY, Member
from kongtun.ledger.books.rules import RulesBook
from kongtun.ledger.i18n import Lang
from kongtun.ledger.loans.book import INVALID_GUARANTOR, METHOD_LABELS, Loan, LoanReader, Loans
from kongtun.ledger.loans.schedule import LEGAL_LATE_RATE, LEGAL_RATE_CAP, ZERO, rate_on_balance
from kongtun.ledger.messages import FundError, fund_error
from kongtun.ledger.problems import Msg


def loan_breaches(
    loans: Loans,
    reader: LoanReader,
    members: Mapping[str, Member],
    book: RulesBook,
    lang: Lang,
) -> list[FundError]:
    """Every breach of the loan rules (the reader's reading errors not included)."""
    errors: list[FundError] = []
    currency = reader.currency

    def thb(number: Decimal) -> Amount:
        return Amount(number, currency)

    def error(rule: str, loan_meta: Mapping[str, object], entry: object, **params: object) -> None:
        errors.append(fund_error(rule, loan_meta, entry, lang, **params))

    for entry in reader.rules_entries:
        rate = entry.meta.get("late-interest-rate")
        if isinstance(rate, Decimal) and not isinstance(rate, bool) and rate > LEGAL_LATE_RATE:
            title = entry.values[0].value if entry.values else ""
            error("late-interest-over-law", entry.meta, entry, rules=title, rate=rate)

    for draft, held, open_count, total in reader.disbursements:
        if draft.meta.get(CARRIED_KEY) is True:
            continue  # checked in the year it was made (kongtun carry repeats it)
        rules = book.on(draft.date)
        member, loan = draft.party, draft.id
        amount = draft.terms.principal
        meta, entry = draft.meta, draft.entry
        if not draft.approved:
            error("loan-not-approved", meta, entry, member=member, loan=loan)
        limit = rules.amount("loan-max-amount")
        if limit is not None and limit.number is not None and amount > limit.number:
            error(
                "loan-over-max",
                meta,
                entry,
                member=member,
                loan=loan,
                amount=thb(amount),
                limit=limit,
                rules=rules.title,
            )
        multiple = rules.number("loan-max-multiple")
        if multiple is not None:
            base = max(held, ZERO)
            ceiling = multiple * base
            if total > ceiling:
                error(
                    "loan-over-multiple",
                    meta,
                    entry,
                    member=member,
                    loan=loan,
                    amount=thb(amount),
                    total=thb(total),
                    multiple=multiple,
                    base=thb(base),
                    limit=thb(ceiling),
                    rules=rules.title,
                )
        above = rules.amount("guarantors-above")
        minimum = rules.number("guarantors-min")
        if (
            minimum is not None
            and above is not None
            and above.number is not None
            and amount > above.number
            and len(draft.guarantors) < minimum
        ):
            error(
                "loan-guarantors-missing",
                meta,
                entry,
                member=member,
                loan=loan,
                amount=thb(amount),
                count=len(draft.guarantors),
                above=above,
                minimum=int(minimum),
                rules=rules.title,
            )
        for guarantor in draft.guarantors:
            reason = _invalid_guarantor(guarantor, member, members.get(guarantor), draft.date)
            if reason is not None:
                error(
                    "loan-guarantor-invalid",
                    meta,
                    entry,
                    member=member,
                    loan=loan,
                    guarantor=guarantor,
                    reason=Msg(INVALID_GUARANTOR[reason]),
                )
        rate_max = rules.number("loan-rate-max")
        if rate_max is not None and draft.terms.rate > rate_max:
            error(
                "loan-rate-over-rules",
                meta,
                entry,
                member=member,
                loan=loan,
                rate=draft.terms.rate,
                limit=rate_max,
                rules=rules.title,
            )
        max_open = rules.number("loans-max-open")
        if max_open is not None and open_count > max_open:
            error(
                "loans-max-open",
                meta,
                entry,
                member=member,
                loan=loan,
                count=open_count,
                limit=int(max_open),
                rules=rules.title,
            )

    for item in loans.loans:
        if item.kind != "member":
            continue
        measured = rate_on_balance(item.principal, item.original, item.terms.every)
        if measured > LEGAL_RATE_CAP:
            error(
                "loan-rate-over-law",
                item.meta,
                None,
                member=item.party,
                loan=item.id,
                measured=measured,
                method=Msg(METHOD_LABELS[item.terms.method]),
                rate=item.terms.rate,
            )
        errors.extend(_repayment_breaches(item, book, currency, lang))
    return errors


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


def _repayment_breaches(
    loan: Loan, book: RulesBook, currency: str, lang: Lang
) -> Sequence[FundError]:
    """Repayments of ``loan`` split against the order (late charge, interest, principal) and
    late charges above what the rules allow on their day."""
    errors: list[FundError] = []
    dues = interest_due_before(loan)
    for index, repayment in enumerate(loan.repayments):
        due = next(dues)
        if repayment.principal > 0:
            expected = min(due, repayment.principal + repayment.interest)
            if repayment.interest < expected:
                errors.append(
                    fund_error(
                        "repayment-order",
                        repayment.meta,
                        repayment.entry,
                        lang,
                        loan=loan.id,
                        date=repayment.date,
                        principal=Amount(repayment.principal, currency),
                        interest=Amount(repayment.interest, currency),
                        due=Amount(due, currency),
                        expected_interest=Amount(expected, currency),
                        expected_principal=Amount(
                            repayment.principal + repayment.interest - expected, currency
                        ),
                    )
                )
        if repayment.charge <= 0:
            continue
        rules = book.on(repayment.date)
        late_rate = rules.number("late-interest-rate") or ZERO
        fine = rules.amount("fine-late-installment")
        fine_number = fine.number if fine is not None and fine.number is not None else ZERO
        state = loan.state(repayment.date, late_rate, paid=index)
        since = repayment.date - datetime.timedelta(days=state.days_past_due)
        earlier = sum(
            (
                r.charge
                for r in loan.repayments[:index]
                if state.overdue_installments and r.date >= since
            ),
            ZERO,
        )
        allowed = max(
            fine_number * state.overdue_installments + state.late_interest - earlier, ZERO
        )
        if repayment.charge <= allowed:
            continue
        paused = state.paused_by
        if paused is not None:
            errors.append(
                fund_error(
                    "late-charge-in-moratorium",
                    repayment.meta,
                    repayment.entry,
                    lang,
                    charge=Amount(repayment.charge, currency),
                    loan=loan.id,
                    date=repayment.date,
                    moratorium=paused.title,
                    start=paused.start,
                    end=paused.end,
                    resolution=paused.resolution,
                )
            )
            continue
        errors.append(
            fund_error(
                "late-charge-over-rules",
                repayment.meta,
                repayment.entry,
                lang,
                charge=Amount(repayment.charge, currency),
                loan=loan.id,
                date=repayment.date,
                allowed=Amount(allowed, currency),
                count=state.overdue_installments,
                fine=Amount(fine_number, currency),
                late_rate=late_rate,
                overdue=Amount(state.principal_overdue, currency),
                earlier=Amount(earlier, currency),
            )
        )
    return errors
