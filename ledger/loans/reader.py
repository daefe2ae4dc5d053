"""The loan pass: loans, repayments and moratoria read from the entries, then checked.

:class:`LoanReader` reads each transaction with ``loan:`` metadata as the pass meets it — a
disbursement (with its terms) or a repayment, see :mod:`kongtun.ledger.loans.book` — and keeps
each member's savings and shares so far, which the rules on lending are measured against.
:func:`read_fund_and_loans` lets :func:`~kongtun.ledger.books.fund.read_fund`'s own pass drive
it (one walk over the books); :func:`read_loans` reads the entries on their own.
:func:`build_loans` gives the finished loans their schedules under the moratoria
(:func:`parse_moratoria`), and :func:`loan_breaches` checks them against the rules in force.

What is wrong is returned as problems (:mod:`kongtun.ledger.problems`), each made by the
function of its rule id in :mod:`kongtun.ledger.loans.checks`, called where the entry is read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import field, replace
from decimal import Decimal
from typing import Any, Final

from beancount.core import data

from kongtun.ledger.books.accounts import MEMBER_ACCOUNT_KINDS, member_account
from kongtun.ledger.books.fund import (
    CARRIED_KEY,
    DayWatchStart,
    Fund,
    Member,
    fund_currency,
    read_fund,
)
from kongtun.ledger.books.rules import NO_RULES, Rules, RulesBook
from kongtun.ledger.loans import checks
from kongtun.ledger.loans.book import (
    ALLOWANCE,
    BORROWINGS,
    MEMBER_LOANS,
    PROVISION_KEY,
    RECOVERIES,
    WRITE_OFF_ACCOUNTS,
    Disbursement,
    Draft,
    Loan,
    LoanKind,
    Loans,
    ProvisionEntry,
    Repayment,
    is_disbursement,
    loan_id,
)
from kongtun.ledger.loans.moratorium import Moratorium, apply_moratorium, read_end, read_value
from kongtun.ledger.loans.provision import provision
from kongtun.ledger.loans.restructure import (
    DIRECTIVE,
    Restructuring,
    new_terms,
    read_key,
    restructured_schedule,
)
from kongtun.ledger.loans.schedule import (
    ZERO,
    Installment,
    Method,
    Terms,
    add_months,
    build_schedule,
)
from kongtun.ledger.loans.settle import settlement
from kongtun.ledger.problems import Problem
from kongtun.ledger.record import record

#: the parents of the accounts that hold a member's savings and shares
HOLDING_PARENTS: Final = frozenset(
    MEMBER_ACCOUNT_KINDS[kind].parent for kind in ("savings", "shares")
)
#: what a moratorium says, in the order its problems are reported
MORATORIUM_KEYS: Final = ("start", "end", "applies-to", "defer", "interest", "resolution")
#: what a restructuring must say (``rate`` and ``grace-months`` may be left out)
REQUIRED_RESTRUCTURE_KEYS: Final = ("installments", "overdue-interest")
#: what a moratorium takes from the one it ``follows:`` unless it sets them
FOLLOWED_KEYS: Final = ("start", "end", "defer", "interest")


def read_terms(
    entry: data.Transaction, loan: str, principal: Decimal
) -> tuple[Terms | None, list[Problem]]:
    """The terms in a disbursement's metadata, or the problems that make them unreadable."""
    problems = [*checks.loan_terms_missing(entry, loan), *checks.loan_terms_bad(entry, loan)]
    if not problems:
        early = checks.loan_first_due_early(entry, loan)
        problems = [early] if early is not None else []
    if problems:
        return None, problems
    meta = entry.meta
    method: Method = "flat" if meta["method"] == "flat" else "declining"
    every = int(meta.get("every", Decimal(1)))
    return Terms(
        principal, meta["rate"], method, int(meta["installments"]), meta["first-due"], every
    ), []


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


#: what a repayment's posting to an account other than the loan's own is (:func:`_repaid`)
INTEREST, CHARGE, RECOVERED, WRITE_OFF, OTHER = range(5)
MINUS_ONE: Final = Decimal(-1)
PLUS_ONE: Final = Decimal(1)


def posting_kind(account: str) -> int:
    """What a repayment's posting to ``account`` (not the loan's own) is."""
    if account.startswith(("Income:Interest", "Expenses:Interest")):
        return INTEREST
    if account.startswith(("Income:Fines", "Expenses:Fines")):
        return CHARGE
    if account == RECOVERIES:
        return RECOVERED
    return WRITE_OFF if account in WRITE_OFF_ACCOUNTS else OTHER


def _repaid(
    entry: data.Transaction, draft: Draft, currency: str, kinds: dict[str, int]
) -> Repayment:
    """The repayment ``entry`` makes on ``draft`` (``kinds``: account -> :func:`posting_kind`,
    each account's worked out once a pass)."""
    principal = interest = charge = recovered = ZERO
    sign = MINUS_ONE if draft.kind == "member" else PLUS_ONE
    writes_off = False
    own = draft.account
    for posting in entry.postings:
        units = posting.units
        if units is None:
            continue
        number = units.number
        if number is None or units.currency != currency:
            continue
        account = posting.account
        if account == own:
            principal += sign * number
            continue
        kind = kinds.get(account)
        if kind is None:
            kind = kinds[account] = posting_kind(account)
        if kind == INTEREST:
            interest += sign * number
        elif kind == CHARGE:
            charge += sign * number
        elif kind == RECOVERED:
            recovered += sign * number
        elif kind == WRITE_OFF:
            writes_off = True
    if writes_off and draft.kind == "member":
        return Repayment(entry.date, ZERO, interest, charge, entry.meta, entry, principal)
    return Repayment(
        entry.date, principal, interest, charge, entry.meta, entry, recovered=recovered
    )


@record(frozen=False)
class LoanReader:
    """One pass over the entries: loans, repayments, moratoria and members' savings."""

    currency: str
    #: what the pass found wrong as it read (terms, repayments' loans, moratoria)
    problems: list[Problem] = field(default_factory=list)
    drafts: dict[str, Draft] = field(default_factory=dict)
    #: member savings and shares accounts -> balance so far, as the pass goes (the fund
    #: model's own balances when :func:`~kongtun.ledger.fund.read_fund` drives the pass)
    balances: Mapping[str, Decimal] = field(default_factory=dict)
    #: member -> ids of their loans with principal outstanding
    open_loans: dict[str, set[str]] = field(default_factory=dict)
    #: ids of disbursements whose terms could not be read (their repayments are not reported)
    broken: set[str] = field(default_factory=set)
    moratorium_entries: list[data.Custom] = field(default_factory=list)
    rules_entries: list[data.Custom] = field(default_factory=list)
    #: member loans as disbursed, with what the member held and owed that day
    disbursements: list[Disbursement] = field(default_factory=list)
    restructure_entries: list[data.Custom] = field(default_factory=list)
    #: postings to the allowance for doubtful loans, and the entries that set it
    allowance: list[tuple[datetime.date, Decimal]] = field(default_factory=list)
    provisions: list[ProvisionEntry] = field(default_factory=list)
    #: account -> what a repayment's posting to it is (:func:`posting_kind`)
    kinds: dict[str, int] = field(default_factory=dict)

    def add(self, found: Problem | None) -> None:
        if found is not None:
            self.problems.append(found)

    def read(self, entries: Sequence[data.Directive]) -> None:
        """Read ``entries`` on their own (see :func:`read_fund_and_loans` for the one pass)."""
        balances: dict[str, Decimal] = {}
        self.balances = balances
        #: account -> whether it holds a member's savings or shares (worked out once)
        holds: dict[str, bool] = {}
        for entry in entries:
            if isinstance(entry, data.Transaction):
                if (
                    "loan" in entry.meta
                    or PROVISION_KEY in entry.meta
                    or any(p.account == ALLOWANCE for p in entry.postings)
                ):
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
                elif entry.type == DIRECTIVE:
                    self.restructure_entries.append(entry)

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
        """A transaction with ``loan:`` metadata: a disbursement or a repayment (or one with
        ``provision:`` metadata, which sets the allowance for doubtful loans, or any other that
        posts to the allowance: ``loan-allowance-posting``)."""
        for posting in entry.postings:
            if posting.account == ALLOWANCE:
                units = posting.units
                if units is not None and units.number is not None:
                    self.allowance.append((entry.date, units.number))
        meta = entry.meta
        if "loan" not in meta:
            if PROVISION_KEY in meta:
                self.provisions.append(ProvisionEntry(entry.date, meta, entry))
            else:
                self.add(checks.loan_allowance_posting(entry, self.currency))
            return
        loan = loan_id(meta)
        if loan is None:
            self.problems.extend(checks.loan_terms_bad(entry, None))
        elif is_disbursement(meta):
            self.disburse(entry, loan)
        else:
            self.repay(entry, loan)

    def disburse(self, entry: data.Transaction, loan: str) -> None:
        first = self.drafts.get(loan)
        self.add(checks.loan_duplicate(entry, loan, first))
        if first is not None:
            return
        lent = _disbursed(entry, self.currency)
        self.add(checks.loan_no_account(entry, loan, lent))
        if lent is None:
            self.broken.add(loan)
            return
        kind, party, account, principal = lent
        terms, problems = read_terms(entry, loan, principal)
        self.problems.extend(problems)
        if terms is None:
            self.broken.add(loan)
            return
        guarantors_text = entry.meta.get("guarantors", "")
        guarantors = tuple(dict.fromkeys(str(guarantors_text).replace(",", " ").split()))
        approved = entry.meta.get("approved")
        draft = Draft(
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
            owed = sum((self.drafts[other].outstanding for other in owned), ZERO)
            held = self.held(party)
            self.disbursements.append(Disbursement(draft, self.currency, held, len(owned), owed))

    def repay(self, entry: data.Transaction, loan: str) -> None:
        draft = self.drafts.get(loan)
        if draft is None:
            self.add(checks.repayment_loan_unknown(entry, loan, self.broken))
            return
        repayment = _repaid(entry, draft, self.currency, self.kinds)
        problems = self.problems
        recovered = repayment.recovered
        if recovered:
            found = checks.loan_recovery_bad(draft, repayment, self.currency)
        else:
            found = checks.repayment_loan_repaid(entry, draft)
            if found is not None:
                problems.append(found)
                return
        if found is not None:
            problems.append(found)
        found = checks.repayment_over_principal(draft, repayment, self.currency)
        if found is not None:
            problems.append(found)
        draft.repayments.append(repayment)
        # Adding the ZERO a repayment holds when it writes off or recovers nothing changes no
        # sum here (each starts at ZERO: its exponent is at most 0 and it is never -0), so
        # those additions are left out.
        written_off = repayment.written_off
        if written_off is ZERO:
            draft.outstanding -= repayment.principal
        else:
            draft.outstanding -= repayment.principal + written_off
            draft.written_off += written_off
        if recovered is not ZERO:
            draft.recovered += recovered
        if draft.outstanding <= 0 and draft.kind == "member":
            self.open_loans.get(draft.party, set()).discard(loan)


def read_loans(
    entries: Sequence[data.Directive],
    currency: str,
    villages: Mapping[str, str],
    provinces: Mapping[str, str] | None = None,
) -> tuple[Loans, list[Problem]]:
    """Every loan in ``entries`` with its schedule under the moratoria that cover it.

    ``villages`` maps member ids to their village (for moratoria by village), ``provinces``
    to their province (:func:`member_provinces`, for moratoria by province). Returns the
    loans and what the pass found wrong reading them (the rules are not checked).
    """
    reader = LoanReader(currency)
    reader.read(entries)
    return build_loans(reader, villages, provinces=provinces), reader.problems


def read_fund_and_loans(
    entries: Sequence[data.Directive],
    options: Mapping[str, Any],
    days: DayWatchStart | None = None,
) -> tuple[Fund, list[Problem], Loans, LoanReader]:
    """The fund (:func:`~kongtun.ledger.fund.read_fund`) and its loans from one pass: the
    fund, its problems, the loans and the reader (which holds the loans' reading problems);
    ``days`` starts a later layer's pass in the same walk (see ``read_fund``)."""
    reader = LoanReader(fund_currency(options))
    fund, problems = read_fund(
        entries, options, on_loan=reader.watch, watched=frozenset({ALLOWANCE}), days=days
    )
    reader.moratorium_entries.extend(fund.customs.get("moratorium", ()))
    reader.rules_entries.extend(fund.customs.get("rules", ()))
    reader.restructure_entries.extend(fund.customs.get(DIRECTIVE, ()))
    villages = {member.id: member.village for member in fund.members.values()}
    return (
        fund,
        problems,
        build_loans(reader, villages, fund.rules, member_provinces(fund)),
        reader,
    )


def member_provinces(fund: Fund) -> dict[str, str]:
    """Member id -> the ``province:`` of its ``custom "member"`` (a lender's organisations
    say where they are; moratoria by province cover them)."""
    found: dict[str, str] = {}
    for member in fund.members.values():
        province = member.meta.get("province")
        if isinstance(province, str) and province.strip():
            found[member.id] = province.strip()
    return found


def build_loans(
    reader: LoanReader,
    villages: Mapping[str, str],
    rules: RulesBook | None = None,
    provinces: Mapping[str, str] | None = None,
) -> Loans:
    """The loans of a finished pass, with their schedules under the moratoria and the
    restructurings (``rules``: the rules book that says how long a restructured loan counts
    at risk; ``provinces``: member id -> province, for moratoria by province)."""
    moratoria, problems = parse_moratoria(reader.moratorium_entries)
    reader.problems.extend(problems)
    moratoria.sort(key=lambda m: (m.start, m.declared))
    restructurings = parse_restructurings(reader, rules)
    where = provinces or {}
    loans = []
    for draft in reader.drafts.values():
        party = draft.party
        loan = _loan(draft, moratoria, villages.get(party, ""), where.get(party, ""))
        if draft.id in restructurings:
            loan = _restructure(loan, restructurings[draft.id], reader.problems)
            loan = _settled(loan, rules)
        loans.append(loan)
    return Loans(tuple(loans), tuple(moratoria), tuple(reader.allowance), tuple(reader.provisions))


def parse_restructurings(
    reader: LoanReader, rules: RulesBook | None
) -> dict[str, list[Restructuring]]:
    """Every readable ``custom "loan-restructure"``, by loan, in date order; the problems
    of the others go to the reader's."""
    found: dict[str, list[Restructuring]] = {}
    for entry in sorted(reader.restructure_entries, key=lambda e: e.date):
        restructuring = read_restructuring(entry, reader, rules)
        if restructuring is not None:
            found.setdefault(restructuring.loan, []).append(restructuring)
    return found


def read_restructuring(
    entry: data.Custom, reader: LoanReader, rules: RulesBook | None
) -> Restructuring | None:
    """One restructuring, or None (its problems added to the reader's)."""
    loan = str(entry.values[0].value) if entry.values else ""
    draft = reader.drafts.get(loan)
    known = draft if draft is not None and draft.date < entry.date else None
    wrong = checks.loan_restructure_bad(entry, loan, "loan", loan, known)
    if wrong is not None:
        reader.problems.append(wrong)
        return None
    assert known is not None
    values: dict[str, Any] = {}
    for key in ("installments", "rate", "grace-months", "overdue-interest", "late-charges"):
        if key not in entry.meta and key not in REQUIRED_RESTRUCTURE_KEYS:
            continue
        values[key] = read_key(key, entry.meta.get(key), known.terms.every)
        found = checks.loan_restructure_bad(entry, loan, key, entry.meta.get(key), values[key])
        reader.add(found)
    if any(value is None for value in values.values()):
        return None
    approved = entry.meta.get("approved")
    months = rules.on(entry.date).number("restructured-at-risk-months") if rules else None
    return Restructuring(
        loan,
        entry.date,
        values["installments"],
        values.get("rate"),
        values.get("grace-months", 0),
        values["overdue-interest"],
        approved.strip() if isinstance(approved, str) else "",
        entry.meta,
        add_months(entry.date, int(months)) if months else None,
        values.get("late-charges", "waive"),
    )


def _restructure(
    loan: Loan, restructurings: Sequence[Restructuring], problems: list[Problem]
) -> Loan:
    """``loan`` with its phases: as disbursed up to the first restructuring, then each
    restructuring's new schedule of the principal outstanding on its day."""
    phases: list[Loan] = []
    shown: list[Installment] = []
    applied: list[Restructuring] = []
    terms, rows, start = loan.terms, loan.schedule, None
    for restructuring in [*restructurings, None]:
        end = restructuring.day if restructuring is not None else None
        paid = tuple(
            r
            for r in loan.repayments
            if (start is None or r.date > start) and (end is None or r.date <= end)
        )
        phase = replace(loan, terms=terms, schedule=rows, repayments=paid)
        balance = terms.principal - sum((r.principal for r in paid), ZERO)
        if restructuring is not None:
            wrong = checks.loan_restructure_repaid(restructuring, balance)
            if wrong is not None:
                problems.append(wrong)
                continue
        phases.append(phase)
        shown.extend(row for row in rows if end is None or row.due <= end)
        if restructuring is None:
            break
        applied.append(restructuring)
        after = new_terms(terms, restructuring, balance)
        rows = restructured_schedule(terms, restructuring, balance)
        for moratorium in loan.moratoria:
            if moratorium.start > restructuring.day:
                rows = apply_moratorium(rows, after, moratorium)
        terms, start = after, restructuring.day
    if not applied:
        return loan
    schedule = tuple(
        Installment(number, row.due, row.principal, row.interest, row.balance)
        for number, row in enumerate(shown, start=1)
    )
    return replace(loan, schedule=schedule, restructurings=tuple(applied), phases=tuple(phases))


def _settled(loan: Loan, rules: RulesBook | None) -> Loan:
    """``loan`` with what each of its restructurings capitalised and waived (the late charges
    owed as the rules in force that day give them: none without ``rules``, nor on a borrowing,
    whose late charges are the lender's)."""
    book = rules if rules is not None and loan.kind == "member" else RulesBook()
    return replace(
        loan,
        settlements=tuple(
            settlement(before, restructuring, book.on(restructuring.day))
            for before, restructuring in zip(loan.phases, loan.restructurings, strict=False)
        ),
    )


def moratorium_scope_problems(loans: Loans, reader: LoanReader, fund: Fund) -> list[Problem]:
    """Each moratorium whose ``applies-to`` names someone the books do not know, or that
    covers no loan (those carried from earlier books are that year's to check)."""
    if not loans.moratoria:  # most books: no scope to know
        return []
    known: dict[str, set[str]] = {
        "members": set(fund.members),
        "loans": {loan.id for loan in loans.loans} | reader.broken,
        "borrowings": {loan.party for loan in loans.borrowings},
        "villages": {member.village for member in fund.members.values() if member.village},
        "provinces": set(member_provinces(fund).values()),
    }
    found: list[Problem] = []
    for moratorium in loans.moratoria:
        if fund.books_start is not None and moratorium.declared < fund.books_start:
            continue
        unknown = checks.moratorium_province_unknown(moratorium)
        if not unknown:
            unknown = checks.moratorium_scope_unknown(moratorium, known)
        if unknown:
            found.extend(unknown)
            continue
        covers = sum(1 for loan in loans.loans if any(one is moratorium for one in loan.moratoria))
        empty = checks.moratorium_scope_empty(moratorium, covers)
        if empty is not None:
            found.append(empty)
    return found


def _loan(draft: Draft, moratoria: Sequence[Moratorium], village: str, province: str) -> Loan:
    """The loan of ``draft``, its schedule changed by the moratoria that cover it."""
    original = build_schedule(draft.terms)
    schedule = original
    covering: list[Moratorium] = []
    for moratorium in moratoria:
        if moratorium.applies(
            loan=draft.id,
            kind=draft.kind,
            party=draft.party,
            village=village,
            disbursed=draft.date,
            province=province,
        ):
            schedule = apply_moratorium(schedule, draft.terms, moratorium)
            covering.append(moratorium)
    return Loan(
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


def parse_moratoria(entries: Sequence[Any]) -> tuple[list[Moratorium], list[Problem]]:
    """Every ``custom "moratorium"`` among ``entries`` (in date order) and its problems."""
    found: dict[str, Moratorium] = {}
    problems: list[Problem] = []
    for entry in entries:
        moratorium, wrong = read_moratorium(entry, found)
        problems.extend(wrong)
        if moratorium is not None:
            found[moratorium.title] = moratorium
    return list(found.values()), problems


def read_moratorium(
    entry: data.Custom, found: Mapping[str, Moratorium]
) -> tuple[Moratorium | None, list[Problem]]:
    """One ``custom "moratorium"`` (``found``: those declared before it), or its problems."""
    title = entry.values[0].value if entry.values else ""
    title = title if isinstance(title, str) else str(title)
    meta = entry.meta
    base = None
    follows = str(meta["follows"]) if "follows" in meta else ""
    if "follows" in meta:
        base = found.get(follows)
        if base is not None or not (follows.strip() and _names_lender(meta)):
            wrong = checks.moratorium_bad(entry, title, "follows", meta["follows"], base)
            if wrong is not None:
                return None, [wrong]
    values, problems = _moratorium_values(entry, title, base)
    if problems:
        return None, problems
    start, end = values["start"], values["end"]
    wrong = checks.moratorium_end_before_start(entry, title, start, end)
    if wrong is None:
        wrong = checks.moratorium_bad(entry, title, "long", end, read_end(start, end))
    if wrong is not None:
        return None, [wrong]
    scope, targets = values["applies-to"]
    return Moratorium(
        title,
        entry.date,
        start,
        end,
        scope,
        targets,
        values["defer"],
        values["interest"],
        values["resolution"],
        meta,
        follows,
    ), []


def _names_lender(meta: Mapping[str, Any]) -> bool:
    """Whether a moratorium is the fund's record of a lender's (``applies-to: "borrowings
    ..."``): its ``follows:`` may then name the lender's moratorium, outside these books."""
    scope = read_value("applies-to", meta.get("applies-to"))
    return scope is not None and scope[0] == "borrowings"


def _moratorium_values(
    entry: data.Custom, title: str, base: Moratorium | None
) -> tuple[dict[str, Any], list[Problem]]:
    """A moratorium's keys read (those it does not set taken from ``base``), or the problems
    of those missing or unreadable."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in MORATORIUM_KEYS:
        value = entry.meta.get(key)
        if value is None and base is not None and key in FOLLOWED_KEYS:
            value = getattr(base, key)
        missing = checks.moratorium_missing(entry, title, key, value)
        if missing is not None:
            problems.append(missing)
            continue
        values[key] = read_value(key, value)
        bad = checks.moratorium_bad(entry, title, key, value, values[key])
        if bad is not None:
            problems.append(bad)
    return values, problems


def loan_breaches(
    loans: Loans,
    reader: LoanReader,
    members: Mapping[str, Member],
    book: RulesBook,
    rates: checks.MeasuredRates | None = None,
) -> list[Problem]:
    """Every breach of the rules on loans in a finished pass (not the pass's reading problems):
    the rules directives, each member loan as disbursed, then each member loan and its
    repayments (``rates``: what the schedules of terms cost, measured already — by an earlier
    load, :mod:`kongtun.plugins.loan_rates` — and where those measured now are kept)."""
    found: list[Problem | None] = [
        checks.late_interest_over_law(entry) for entry in reader.rules_entries
    ]
    for disbursement in reader.disbursements:
        if disbursement.draft.meta.get(CARRIED_KEY) is True:
            continue  # checked in the year it was made (kongtun carry repeats it)
        rules = book.on(disbursement.draft.date)
        found.extend(_lending_breaches(disbursement, members, rules))
    if rates is None:
        rates = {}
    for loan in loans.member_loans:
        found.append(checks.loan_rate_over_law(loan, rates))
        settled = frozenset(r.day for r in loan.restructurings)
        for phase in loan.phases or (loan,):
            _repayment_breaches(phase, book, reader.currency, settled, found)
        found.extend(_restructuring_breaches(loan, book, reader.currency))
        found.extend(_guarantors_left(loan, members, reader.currency))
    for loan in loans.borrowings:
        found.extend(_restructuring_breaches(loan, book, reader.currency))
    for entry in loans.provisions:
        rules = book.on(entry.day)
        required = provision(loans.member_loans, rules, entry.day, loans.allowance)
        found.append(checks.loan_provision_mismatch(entry, required, reader.currency))
    return [one for one in found if one is not None]


def _guarantors_left(
    loan: Loan, members: Mapping[str, Member], currency: str
) -> Iterator[Problem | None]:
    """Each guarantor of ``loan`` who leaves the fund while it is open."""
    for guarantor in loan.guarantors:
        member = members.get(guarantor)
        if member is not None and guarantor != loan.party:
            yield checks.loan_guarantor_left(loan, member, currency)


def _lending_breaches(
    loan: Disbursement, members: Mapping[str, Member], rules: Rules
) -> list[Problem | None]:
    return [
        checks.loan_not_approved(loan),
        checks.loan_over_max(loan, rules),
        checks.loan_over_multiple(loan, rules),
        checks.loan_guarantors_missing(loan, rules),
        *checks.loan_guarantor_invalid(loan, members),
        checks.loan_rate_over_rules(loan, rules),
        checks.loans_max_open(loan, rules),
    ]


def _repayment_breaches(
    loan: Loan,
    book: RulesBook,
    currency: str,
    restructured: frozenset[datetime.date],
    found: list[Problem | None],
) -> None:
    """Repayments split against the order (late charge, interest, principal), and late
    charges above what the rules allow on their day (those capitalised on a day in
    ``restructured`` are the restructuring's to check: ``loan-restructure-late-charges``),
    added to ``found``.

    One walk over the schedule and the repayments gives each repayment the interest due
    before it (:func:`.checks.interest_due_before`) and the most interest it may pay
    (:func:`.checks.interest_allowed_before`): tests/ledger/test_loan_walks.py holds it to the
    two walks on any history. The repayment's checks are called only when they can find
    something — what makes each return None tested here first (principal repaid with no less
    interest than is due; no more interest than allowed; no write-off) — so ``found`` gets the
    same problems in the same order, and fewer Nones."""
    order = checks.repayment_order
    over_due = checks.repayment_interest_over_due
    not_approved = checks.loan_write_off_not_approved
    append = found.append
    rows = loan.schedule
    count = len(rows)
    principal = loan.terms.principal
    due_at = allowed_at = 0
    zero = ZERO
    due_sum = allowed_sum = paid_interest = paid_principal = zero
    for index, repayment in enumerate(loan.repayments):
        day = repayment.date
        while due_at < count and rows[due_at].due <= day:
            due_sum += rows[due_at].interest
            due_at += 1
        while allowed_at < count and rows[allowed_at].due < day:
            allowed_sum += rows[allowed_at].interest
            allowed_at += 1
        interest, repaid = repayment.interest, repayment.principal
        # repayment-order: principal repaid (> 0) with less interest than is due
        if repaid > zero:
            due = zero if paid_principal >= principal else max(due_sum - paid_interest, zero)
            if interest < due:
                append(order(loan, repayment, due, currency))
        # repayment-interest-over-due: more interest than is due by the next instalment
        if allowed_at < count:
            upcoming = rows[allowed_at]
            most = max(allowed_sum + upcoming.interest - paid_interest, zero)
            if interest > most:
                append(over_due(loan, repayment, (most, upcoming.due), currency))
        else:
            most = max(allowed_sum + zero - paid_interest, zero)
            if interest > most:
                append(over_due(loan, repayment, (most, None), currency))
        paid_interest += interest
        paid_principal += repaid
        if repayment.written_off:  # loan-write-off-not-approved
            append(not_approved(loan, repayment, currency))
        if repayment.charge <= 0 or (repaid < 0 and day in restructured):
            continue
        allowance = checks.late_charge_allowance(loan, index, book.on(day))
        append(checks.late_charge_in_moratorium(loan, repayment, allowance, currency))
        append(checks.late_charge_over_rules(loan, repayment, allowance, currency))


def _restructuring_breaches(loan: Loan, book: RulesBook, currency: str) -> Iterator[Problem | None]:
    """Each restructuring of ``loan`` against the rules in force on its day. A borrowing's
    restructuring is the lender's: the fund's rules on lending (its rate and term limits, its
    late charges) do not bound it; its approval, the law's rate and the interest capitalised
    are checked as a member loan's."""
    for index, restructuring in enumerate(loan.restructurings):
        member = loan.kind == "member"
        rules = book.on(restructuring.day) if member else NO_RULES
        after = loan.phases[index + 1]
        settled = loan.settlements[index]
        yield checks.loan_restructure_not_approved(loan, restructuring)
        yield checks.loan_restructure_rate_over(loan, restructuring, after.terms, rules)
        yield checks.loan_restructure_term_over(loan, restructuring, rules)
        yield checks.loan_restructure_capitalised(loan, restructuring, settled, currency)
        if member:
            yield checks.loan_restructure_late_charges(loan, restructuring, settled, currency)
