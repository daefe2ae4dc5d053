"""The year end (ปิดบัญชีสิ้นปี): the year's surplus, its allocation, each member's dividend and
return, the entries that record them, and the checks of recorded year ends.

A year end is two transactions dated on the last day of the fiscal year, each with
``year-end: "2567"`` (the year, พ.ศ.) and ``year-end-step:`` ``"close"`` or ``"allocate"``:

- ``close``: every Income and Expenses account's balance for the year into ``Equity:Surplus``;
- ``allocate``: the surplus out of ``Equity:Surplus`` into each purpose's account
  (:data:`~kongtun.ledger.years.allocation.PURPOSE_ACCOUNTS`); each member's dividend to
  ``Liabilities:Dividends:ID`` and return to ``Liabilities:InterestReturns:ID`` — or to their
  savings, ``Liabilities:Savings:ID``, with ``dividend-to-savings: TRUE`` (a member who left
  during the year is always paid: a payable). A loss has no ``allocate`` step.

``kongtun year-end --write`` appends them; the plugin checks that what is recorded equals
what the rules give (:func:`year_end_problems`). A welfare fund has no year end: its
members get no dividend and its surplus is carried in its accounts.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import field
from decimal import Decimal
from itertools import accumulate, pairwise
from typing import Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.accounts import member_account, split_member_account
from kongtun.ledger.books.fund import YEAR_END_STEP_KEY, Fund, Member
from kongtun.ledger.books.rules import Rules
from kongtun.ledger.loans.book import Loans
from kongtun.ledger.loans.provision import Provision, provision, rates_set
from kongtun.ledger.model import Books
from kongtun.ledger.problems import Problem
from kongtun.ledger.record import record
from kongtun.ledger.thai import BE_OFFSET, SATANG
from kongtun.ledger.years import checks
from kongtun.ledger.years.allocation import (
    PURPOSE_ACCOUNTS,
    ZERO,
    Allocation,
    MemberYear,
    allocate,
    allocation_rules,
    fiscal_year,
    purpose_account,
    share_days,
    share_months,
)
from kongtun.ledger.years.meetings import meeting_problems
from kongtun.ledger.years.needs import ALLOCATION_KEYS, MEETING_TYPE, SURPLUS_ACCOUNT, has_year_end

#: metadata of a year-end transaction: the fiscal year (พ.ศ.) and the step
YEAR_KEY: Final = "year-end"
STEP_KEY: Final = YEAR_END_STEP_KEY
STEPS: Final = ("close", "allocate")
#: parents of the accounts members are paid their share of the surplus into
PAYABLE_PARENTS: Final = (PURPOSE_ACCOUNTS["dividend"], PURPOSE_ACCOUNTS["interest-return"])
#: the reserve, which covers a loss by the assembly's resolution
RESERVE_ACCOUNT: Final = PURPOSE_ACCOUNTS["reserve"]


def year_label(year: int) -> str:
    """The year as the ledger's metadata writes it: พ.ศ. (2024 and 2567 are both "2567")."""
    return str(year if year >= 2400 else year + BE_OFFSET)


def gregorian(year: int) -> int:
    """The Gregorian year of ``year`` given in either era."""
    return year - BE_OFFSET if year >= 2400 else year


@record(frozen=False)
class YearData:
    """What the year ends need of the entries, read in one pass (:func:`read_year_data`)."""

    #: member -> (day, change of the shares held), in date order
    shares: dict[str, list[tuple[datetime.date, Decimal]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    #: (day, Income or Expenses account, number), outside the year-end transactions
    flows: list[tuple[datetime.date, str, Decimal]] = field(default_factory=list)
    #: year label -> its year-end transactions
    recorded: dict[str, list[data.Transaction]] = field(default_factory=lambda: defaultdict(list))
    #: payable account -> its balance after each transaction touching it
    payouts: list[tuple[data.Transaction, str, Decimal]] = field(default_factory=list)
    #: (day, year-end label or None, number) of every posting to ``Equity:Surplus``
    surplus_moves: list[tuple[datetime.date, str | None, Decimal]] = field(default_factory=list)
    #: (day, transaction, number) of every posting to ``Equity:Reserve``
    reserve_moves: list[tuple[datetime.date, data.Transaction, Decimal]] = field(
        default_factory=list
    )
    #: (day, payable account, number) of every posting to a payable, in the entries' order
    payable_moves: list[tuple[datetime.date, str, Decimal]] = field(default_factory=list)
    #: member -> the days of their ``shares`` moves, and what they held before each move and
    #: after the last (running totals): worked out once for all the year ends of a load
    _held: dict[str, tuple[list[datetime.date], list[Decimal]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: the days of ``flows`` when they are in date order (they are for a loaded ledger), to
    #: find a year's flows by bisection; None until asked, () when they are not in order
    _flow_days: Sequence[datetime.date] | None = field(default=None, repr=False, compare=False)

    #: (the loans read, the days of their repayments in date order, (position, borrower,
    #: interest) of each): the interest paid, worked out once for all the year ends of a load
    _repaid: tuple[object, list[datetime.date], list[tuple[int, str, Decimal]]] | None = field(
        default=None, repr=False, compare=False
    )

    def interest_paid(
        self, loans: Loans, start: datetime.date, end: datetime.date
    ) -> dict[str, Decimal]:
        """Member -> the interest they paid from ``start`` to ``end``, added loan by loan and
        repayment by repayment as a scan would (the repayments are put in date order once)."""
        if self._repaid is None or self._repaid[0] is not loans:
            rows = [
                (repayment.date, loan.party, repayment.interest)
                for loan in loans.member_loans
                for repayment in loan.repayments
            ]
            order = sorted(range(len(rows)), key=lambda at: rows[at][0])
            days = [rows[at][0] for at in order]
            self._repaid = (loans, days, [(at, rows[at][1], rows[at][2]) for at in order])
        _, days, found = self._repaid
        paid: dict[str, Decimal] = defaultdict(Decimal)
        for _, party, interest in sorted(found[bisect_left(days, start) : bisect_right(days, end)]):
            paid[party] += interest
        return paid

    def shares_in(
        self, member: str, start: datetime.date, end: datetime.date
    ) -> tuple[Decimal, list[tuple[datetime.date, Decimal]]]:
        """What ``member`` held before ``start`` (their earlier changes added in the order
        ``sum`` would) and their moves from ``start`` to ``end`` (moves are in date order)."""
        moves = self.shares.get(member, [])
        known = self._held.get(member)
        if known is None:
            changes = (change for _, change in moves)
            known = self._held[member] = (
                [day for day, _ in moves],
                list(accumulate(changes, initial=ZERO)),
            )
        days, held = known
        first = bisect_left(days, start)
        return held[first], moves[first : bisect_right(days, end)]

    def flows_in(
        self, start: datetime.date, end: datetime.date
    ) -> Sequence[tuple[datetime.date, str, Decimal]]:
        """The ``flows`` dated from ``start`` to ``end``, in their order: a bisection when
        they are in date order, a scan otherwise."""
        days = self._flow_days
        if days is None or (days and len(days) != len(self.flows)):
            days = [day for day, _, _ in self.flows]
            in_order = all(one <= two for one, two in pairwise(days))
            days = self._flow_days = days if in_order else ()
        if not days:
            return [flow for flow in self.flows if start <= flow[0] <= end]
        return self.flows[bisect_left(days, start) : bisect_right(days, end)]


#: what a posting to an account is to the year ends (:func:`_kind_of`)
_IGNORED, _FLOW, _SURPLUS, _RESERVE, _PAYABLE = 0, 1, 2, 3, 4


def _kind_of(account: str) -> int | str:
    """What a posting to ``account`` is to the year ends: one of the codes above, or the
    member id of a shares account."""
    if account.startswith(("Income:", "Expenses:")):
        return _FLOW
    if account == SURPLUS_ACCOUNT:
        return _SURPLUS
    if account == RESERVE_ACCOUNT:
        return _RESERVE
    if account.startswith("Equity:Shares:"):
        return account.rpartition(":")[2]
    if account.startswith(PAYABLE_PARENTS):
        return _PAYABLE
    return _IGNORED


def read_year_data(
    entries: Sequence[data.Directive],
    currency: str,
    payables: Mapping[str, Decimal] | None = None,
) -> YearData:
    """One pass over the transactions for the year ends.

    Every load of books with year ends runs it: each account is classified once (one
    dictionary lookup a posting), the loop keeps its lists in locals and skips at once the
    postings of the accounts the year ends do not read (cash, loans, savings). ``payables``:
    the payables' balances before ``entries`` (when they are the books' later entries only).
    """
    found = YearData()
    balances: dict[str, Decimal] = defaultdict(Decimal, payables or {})
    kinds: dict[str, int | str] = {}
    recorded, flows, shares = found.recorded, found.flows, found.shares
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        label = entry.meta.get(YEAR_KEY)
        if label is not None:
            label = str(label)
            recorded[label].append(entry)
        for posting in entry.postings:
            account = posting.account
            kind = kinds.get(account)
            if kind is None:
                kind = kinds[account] = _kind_of(account)
            if kind == _IGNORED:
                continue
            units = posting.units
            if units is None or units.number is None or units.currency != currency:
                continue
            if kind == _FLOW:
                if label is None:
                    flows.append((entry.date, account, units.number))
            elif isinstance(kind, str):
                shares[kind].append((entry.date, -units.number))
            else:
                _see(found, balances, entry, (account, kind, units.number), label)
    return found


def _see(
    found: YearData,
    balances: dict[str, Decimal],
    entry: data.Transaction,
    posting: tuple[str, int, Decimal],
    label: str | None,
) -> None:
    """A posting to ``Equity:Surplus``, ``Equity:Reserve`` or a payable (a few a year)."""
    account, kind, number = posting
    if kind == _SURPLUS:
        found.surplus_moves.append((entry.date, label, number))
    elif kind == _RESERVE:
        found.reserve_moves.append((entry.date, entry, number))
    else:
        balances[account] += number
        found.payable_moves.append((entry.date, account, number))
        if number > 0:
            found.payouts.append((entry, account, balances[account]))


@record
class YearEnd:
    """A fiscal year's end: its surplus, the allocation, and where each amount goes."""

    label: str
    start: datetime.date
    end: datetime.date
    rules: Rules
    #: Income or Expenses account -> its balance for the year (Beancount's sign)
    closing: Mapping[str, Decimal]
    members: tuple[MemberYear, ...]
    allocation: Allocation
    #: member id -> the account their dividend and return are paid into
    payees: Mapping[str, tuple[str, str]]
    welfare: bool = False
    #: the loss carried into the year from earlier years (0 or more), covered first
    carried: Decimal = ZERO

    @property
    def surplus(self) -> Decimal:
        return -sum(self.closing.values(), ZERO)


def carried_loss(found: YearData, label: str, end: datetime.date) -> Decimal:
    """The loss carried into fiscal year ``label`` (พ.ศ.): the debit balance of
    ``Equity:Surplus`` at the end of its last day ``end``, leaving out the year-end steps of
    that year and of later ones — earlier years' losses (their ``close`` steps), less what
    covered them (``cover`` steps, hand-written resolutions, a carried opening balance).
    A credit balance carries no loss (0)."""
    year = int(label)
    balance = sum(
        (
            number
            for day, step_label, number in found.surplus_moves
            if day <= end and not (step_label and step_label.isdigit() and int(step_label) >= year)
        ),
        ZERO,
    )
    return max(balance, ZERO)


def _member_years(
    fund: Fund, found: YearData, paid: Mapping[str, Decimal], span: tuple[datetime.date, ...]
) -> tuple[MemberYear, ...]:
    start, end = span
    day_basis = allocation_rules(fund.rules.on(end)).basis == "day"
    years = []
    for member in sorted(fund.members.values(), key=lambda one: one.id):
        if member.joined > end or (member.exited is not None and member.exited < start):
            continue
        opening, inside = found.shares_in(member.id, start, end)
        measure = share_days if day_basis else share_months
        weight = measure(opening, inside, start, end)
        years.append(MemberYear(member.id, weight, paid.get(member.id, ZERO)))
    return tuple(years)


def _payee(member: Member, end: datetime.date, to_savings: bool) -> tuple[str, str]:
    if to_savings and (member.exited is None or member.exited > end):
        savings = member_account("savings", member.id)
        return savings, savings
    return (
        f"{PURPOSE_ACCOUNTS['dividend']}:{member.id}",
        f"{PURPOSE_ACCOUNTS['interest-return']}:{member.id}",
    )


def year_end(books: Books, found: YearData, year: int) -> YearEnd:
    """The year end of fiscal ``year`` (either era) by the rules in force on its last day."""
    fund = books.fund
    gyear = gregorian(year)
    # the fiscal year closes as the rules on 31 December say; its own rules are those in
    # force on its last day
    start, end = fiscal_year(fund.rules.on(datetime.date(gyear, 12, 31)), gyear)
    rules = fund.rules.on(end)
    closing: dict[str, Decimal] = defaultdict(Decimal)
    for _, account, number in found.flows_in(start, end):
        closing[account] += number
    surplus = -sum(closing.values(), ZERO)
    members = _member_years(fund, found, found.interest_paid(books.loans, start, end), (start, end))
    terms = allocation_rules(rules)
    welfare = fund.info is not None and fund.info.kind == "welfare-fund"
    label = year_label(gyear)
    carried = ZERO if welfare else carried_loss(found, label, end)
    # a welfare fund shares nothing out: its surplus stays in its accounts; a loss carried
    # from earlier years is covered before anything is shared
    shared = min(surplus, ZERO) if welfare else surplus - carried
    allocation = allocate(shared, terms, members, (end - start).days + 1)
    payees = {
        m.member: _payee(fund.members[m.member], end, terms.to_savings)
        for m in members
        if m.member in allocation.dividends or m.member in allocation.returns
    }
    return YearEnd(
        label,
        start,
        end,
        rules,
        dict(sorted((a, n) for a, n in closing.items() if n != 0)),
        members,
        allocation,
        payees,
        welfare,
        carried,
    )


# -- the entries -------------------------------------------------------------------------------


def _posting(account: str, number: Decimal, currency: str) -> data.Posting:
    return data.Posting(account, Amount(number.quantize(SATANG), currency), None, None, None, None)


def planned_postings(year: YearEnd) -> dict[str, dict[str, Decimal]]:
    """step -> account -> amount the year end posts (Beancount's sign)."""
    close: dict[str, Decimal] = {account: -number for account, number in year.closing.items()}
    if year.closing:
        close[SURPLUS_ACCOUNT] = -year.surplus
    allocation = year.allocation
    if year.welfare:
        return {"close": {}, "allocate": {}}
    if allocation.loss:
        return {"close": close, "allocate": {}}
    spread: dict[str, Decimal] = defaultdict(Decimal)
    spread[SURPLUS_ACCOUNT] = allocation.surplus  # the surplus less a carried loss
    for purpose, amount in allocation.lines.items():
        if purpose not in ("dividend", "interest-return") and amount:
            spread[purpose_account(purpose)] -= amount
    for member, (dividend_to, return_to) in sorted(year.payees.items()):
        spread[dividend_to] -= allocation.dividends.get(member, ZERO)
        spread[return_to] -= allocation.returns.get(member, ZERO)
    return {"close": close, "allocate": {a: n for a, n in spread.items() if n != 0}}


NARRATIONS: Final = {
    "close": "ปิดบัญชีรายได้และค่าใช้จ่ายเข้ากำไรสุทธิ ปี {label}",
    "allocate": "จัดสรรกำไรสุทธิ ปี {label}",
}


def planned_entries(year: YearEnd, fund: Fund, filename: str) -> list[data.Directive]:
    """The Open directives the year end needs and its transactions, to append to the books."""
    steps = planned_postings(year)
    new: list[data.Directive] = []
    meta = data.new_metadata(filename, 0)
    wanted = sorted({a for postings in steps.values() for a in postings} - set(fund.opened))
    for account in wanted:
        if split_member_account(account) is None and account not in fund.accounts:
            new.append(data.Open(dict(meta), year.end, account, [fund.currency], None))
    for step in STEPS:
        postings = steps[step]
        if not postings:
            continue
        entry_meta = {**meta, YEAR_KEY: year.label, STEP_KEY: step}
        new.append(
            data.Transaction(
                entry_meta,
                year.end,
                "*",
                None,
                NARRATIONS[step].format(label=year.label),
                frozenset(),
                frozenset(),
                [_posting(a, n, fund.currency) for a, n in postings.items()],
            )
        )
    return new


# -- covering a loss ---------------------------------------------------------------------------

#: the step of a year end that covers a loss from the reserve, by the assembly's resolution
COVER_STEP: Final = "cover"
COVER_NARRATION: Final = "ชดเชยขาดทุนปี {label} จากทุนสำรอง ตามมติที่ประชุม"


@record
class Cover:
    """How a year's loss is covered: from the reserve (``covered``, up to what it holds on
    ``day``) and what stays carried forward in the surplus account (``carried``)."""

    day: datetime.date
    loss: Decimal
    reserve: Decimal
    covered: Decimal
    carried: Decimal


def reserve_on(entries: Sequence[data.Directive], day: datetime.date) -> Decimal:
    """What the reserve (``Equity:Reserve``) holds at the end of ``day`` (a positive amount)."""
    held = ZERO
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.date <= day:
            for posting in entry.postings:
                units = posting.units
                if posting.account == RESERVE_ACCOUNT and units is not None and units.number:
                    held -= units.number
    return held


def plan_cover(
    year: YearEnd, entries: Sequence[data.Directive], day: datetime.date | None
) -> Cover:
    """Covering ``year``'s loss (with the loss carried into it, less its surplus) from the
    reserve on ``day`` (the year's last day when None): as much as the reserve holds, the
    rest carried forward."""
    when = day or year.end
    loss = max(-year.allocation.surplus, ZERO)
    reserve = max(reserve_on(entries, when), ZERO)
    covered = min(loss, reserve)
    return Cover(when, loss, reserve, covered, loss - covered)


def cover_entry(
    year: YearEnd, cover: Cover, resolution: str, fund: Fund, filename: str
) -> data.Transaction | None:
    """The transaction of the cover step (None when the reserve covers nothing)."""
    if cover.covered <= 0:
        return None
    meta = {
        **data.new_metadata(filename, 0),
        YEAR_KEY: year.label,
        STEP_KEY: COVER_STEP,
        "resolution": resolution,
    }
    postings = [
        _posting(RESERVE_ACCOUNT, cover.covered, fund.currency),
        _posting(SURPLUS_ACCOUNT, -cover.covered, fund.currency),
    ]
    narration = COVER_NARRATION.format(label=year.label)
    return data.Transaction(
        meta, cover.day, "*", None, narration, frozenset(), frozenset(), postings
    )


# -- the checks of the books -------------------------------------------------------------------


def rules_problems(fund: Fund) -> list[Problem]:
    """Every inconsistent allocation in the rules directives that set allocation keys."""
    problems: list[Problem] = []
    versions = fund.customs.get("rules", ())
    for entry in versions:
        if not ALLOCATION_KEYS & set(entry.meta):
            continue
        rules = fund.rules.on(entry.date)
        for check in checks.ALLOCATION_CHECKS:
            found = check(entry, rules)
            if found is not None:
                problems.append(found)
    return problems


def recorded_problems(
    books: Books, found: YearData, skip: frozenset[str] = frozenset()
) -> list[Problem]:
    """A recorded year end that is not what the rules give, or recorded twice; the year ends
    labelled in ``skip`` are not checked (a cache vouched for them)."""
    problems: list[Problem] = []
    for label, entries in sorted(found.recorded.items()):
        if label not in skip:
            problems.extend(label_problems(books, found, label, entries))
    return problems


def label_problems(
    books: Books, found: YearData, label: str, entries: Sequence[data.Transaction]
) -> list[Problem]:
    """The problems of the year end recorded by ``entries`` (those labelled ``label``)."""
    problems: list[Problem] = []
    first: dict[str, data.Transaction] = {}
    for entry in entries:
        step = str(entry.meta.get(STEP_KEY, ""))
        twice = checks.year_end_duplicate(entry, label, first.get(step))
        if twice is not None:
            problems.append(twice)
            continue
        first[step] = entry
    if not label.isdigit():
        return problems
    year = year_end(books, found, int(label))
    problems.extend(_compare(year, first))
    allowance = year_end_provision(books, year)
    if allowance is not None:
        anchor = first.get("close") or next(iter(first.values()))
        mismatch = checks.year_end_provision_mismatch(anchor, year.label, allowance)
        problems += [mismatch] if mismatch is not None else []
    cover = first.get(COVER_STEP)
    over = None if cover is None else _cover_over(year, found, cover)
    problems += [over] if over is not None else []
    return problems


def recorded_cutoff(label: str, entries: Sequence[data.Transaction]) -> datetime.date | None:
    """The last day whose entries the checks of the year end labelled ``label`` read (None
    for a label that is not a year): 31 December of its year (the fiscal year ends on or
    before it, and the rules that say when are those in force that day) or the last of its
    own transactions (a cover step dated at the assembly, after the year's end), whichever
    is later. Its checks read the entries dated up to that day, and the books' moratoria
    and restructurings whatever their dates (a moratorium can move instalments due before
    its own date): docs/year-end.md, "Checked once"."""
    try:
        last = datetime.date(gregorian(int(label)), 12, 31) if label.isdigit() else None
    except ValueError:  # not a year Python can date: never vouched for
        return None
    return None if last is None else max([last, *(entry.date for entry in entries)])


def payout_problems(found: YearData, currency: str) -> list[Problem]:
    """``dividend-overpaid``: a payable paid out beyond what it held, in ``found``'s order."""
    problems: list[Problem] = []
    for entry, account, balance in found.payouts:
        over = checks.dividend_overpaid(entry, account, Amount(balance, currency))
        if over is not None:
            problems.append(over)
    return problems


def overpaid_days(found: YearData, currency: str) -> list[datetime.date]:
    """The days of the payouts ``dividend-overpaid`` reports."""
    return [
        entry.date
        for entry, account, balance in found.payouts
        if checks.dividend_overpaid(entry, account, Amount(balance, currency)) is not None
    ]


def standing_problems(fund: Fund) -> list[Problem]:
    """The year-end rules read from the fund alone, checked on every load: the meetings the
    assembly's report lists (``meeting-malformed``) and the allocation rules."""
    problems = meeting_problems(fund) if MEETING_TYPE in fund.customs else []
    return problems + (rules_problems(fund) if has_year_end(fund) else [])


def year_end_provision(books: Books, year: YearEnd) -> Provision | None:
    """The allowance for doubtful loans on the year's last day, required and recorded, when
    the rules in force then set provision rates (None otherwise): the year end counts it
    before any surplus is shared."""
    if not rates_set(year.rules):
        return None
    loans = books.loans
    return provision(loans.member_loans, year.rules, year.end, loans.allowance)


def _cover_over(year: YearEnd, found: YearData, cover: data.Transaction) -> Problem | None:
    """``year-end-cover-over`` of a recorded cover step: what it moves (the larger of its
    credit to ``Equity:Surplus`` and its debit to ``Equity:Reserve``) against the loss to
    cover and what the reserve held at the end of its day without it."""
    into_surplus = -sum(
        (
            posting.units.number
            for posting in cover.postings
            if posting.account == SURPLUS_ACCOUNT
            and posting.units is not None
            and posting.units.number is not None
        ),
        ZERO,
    )
    from_reserve = sum((n for _, e, n in found.reserve_moves if e is cover), ZERO)
    held = -sum(
        (n for day, e, n in found.reserve_moves if day <= cover.date and e is not cover), ZERO
    )
    return checks.year_end_cover_over(
        cover,
        year.label,
        covered=max(into_surplus, from_reserve),
        loss=max(-year.allocation.surplus, ZERO),
        reserve=max(held, ZERO),
    )


def _compare(year: YearEnd, recorded: Mapping[str, data.Transaction]) -> list[Problem]:
    problems: list[Problem] = []
    anchor = next(iter(recorded.values()))
    short = checks.year_end_surplus_short(anchor, year.label, year.allocation)
    if short is not None:
        return [short]
    planned = planned_postings(year)
    for step in STEPS:
        entry = recorded.get(step)
        got: dict[str, Decimal] = defaultdict(Decimal)
        if entry is not None:
            for posting in entry.postings:
                if posting.units is not None and posting.units.number is not None:
                    got[posting.account] += posting.units.number
        want = planned[step]
        for account in sorted(set(got) | set(want)):
            mismatch = checks.year_end_mismatch(
                entry or anchor,
                year.label,
                account,
                recorded=got.get(account, ZERO),
                expected=want.get(account, ZERO),
                day=year.end,
            )
            if mismatch is not None:
                problems.append(mismatch)
    return problems


def year_end_problems(books: Books, entries: Sequence[data.Directive]) -> list[Problem]:
    """The year-end rules of the books: the meetings the assembly's report lists
    (``meeting-malformed``), the allocation rules, each recorded year end, and dividends and
    returns paid out no more than once. Books that record no year end (no
    ``Equity:Surplus``) need no pass over their entries."""
    fund = books.fund
    problems = standing_problems(fund)
    if SURPLUS_ACCOUNT not in fund.opened:
        return problems
    found = read_year_data(entries, fund.currency)
    problems.extend(recorded_problems(books, found))
    return problems + payout_problems(found, fund.currency)
