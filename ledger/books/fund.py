"""The fund model: one pass over the entries gives the fund, its members and their breaches.

:func:`read_fund` is what the plugins, the reports and the command line all call, so what the
check accepts is what the reports show. It reads:

- ``custom "fund" KIND`` — the fund and its location (one per ledger);
- ``custom "rules" TITLE`` — the rules, dated (see :mod:`kongtun.ledger.books.rules`);
- ``custom "member" ID NAME`` — a member joins and gets the accounts the fund kind needs;
- ``custom "member-exit" ID REASON`` — a member leaves; their accounts must be settled;

and every posting to a member's account (``Liabilities:Savings:M0001``, ...).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import field, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, TypeVar, overload

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.accounts import (
    FUND_KINDS,
    MEMBER_ACCOUNT_KINDS,
    MEMBER_ACCOUNTS_BY_KIND,
    FundKind,
    MemberAccountType,
    chart_for,
    member_account,
    split_member_account,
)
from kongtun.ledger.books.checks import (
    date_buddhist_era,
    fund_duplicate,
    fund_kind_unknown,
    fund_missing,
    lender_code_missing,
    member_account_kind,
    member_duplicate,
    member_exit_balance,
    member_exit_before_join,
    member_exit_duplicate,
    member_exit_unknown,
    member_id_malformed,
    member_left,
    member_malformed,
    member_not_joined,
    member_unknown,
    month_end_duplicate,
    month_end_late,
    rules_bad_value,
    rules_unknown_key,
    savings_negative,
    savings_withdrawal,
    shares_negative,
)
from kongtun.ledger.books.records import MONTH_END, HistoryRow, parse_month_end
from kongtun.ledger.books.rules import (
    DIRECTIVE_KEYS,
    RulesBook,
    RulesVersion,
    RuleValue,
    build_book,
    convert_value,
    rule_key,
)
from kongtun.ledger.problems import Problem
from kongtun.ledger.record import record
from kongtun.ledger.thai import BE_FROM

ZERO: Final = Decimal(0)
_T = TypeVar("_T")
#: metadata of the opening transaction of a carried-forward year (see kongtun.ledger.years.carry)
OPENING_KEY: Final = "carried-from"
#: metadata of an entry repeated in a carried-forward year (an open loan's history)
CARRIED_KEY: Final = "carried"
#: metadata of a year end's transactions (see kongtun.ledger.years.year_end): the step, and
#: the value of the step that closes the year's income and expenses into the surplus
YEAR_END_STEP_KEY: Final = "year-end-step"
YEAR_END_CLOSE: Final = "close"
#: metadata naming the grant a transaction's money belongs to (see kongtun.ledger.grants)
GRANT_KEY: Final = "grant"
ALL_MEMBER_TYPES: Final[tuple[MemberAccountType, ...]] = tuple(MEMBER_ACCOUNT_KINDS)
#: the member accounts whose balance the walk checks at the end of each day they move
DAY_CHECKED: Final = frozenset({"savings", "shares"})
#: called by :func:`read_fund` with each transaction that has ``loan:`` metadata, before its
#: postings count, and the member accounts' balances so far (see kongtun.ledger.loans.book)
LoanWatch = Callable[[data.Transaction, Mapping[str, Decimal]], None]
#: called by the member walk at the end of each day with the transactions and the bounds of
#: the day's (``transactions[start:stop]``), the member accounts' balances at the end of the
#: day and the next day with transactions (None after the last): a pass of a later layer (a
#: welfare fund's) reads them there, while they are still in the processor's cache, instead
#: of walking the books a second time
DayWatch = Callable[
    [Sequence[data.Transaction], int, int, Mapping[str, Decimal], datetime.date | None], None
]
#: called by :func:`read_fund` once the directives are read, before the member walk, with the
#: fund's currency, its kind of member accounts, its members (their exits included) and every
#: ``custom`` directive in the ledger's order: the :data:`DayWatch` of a later pass, or None
#: when it has nothing to read in these books
DayWatchStart = Callable[
    [str, tuple[MemberAccountType, ...], Mapping[str, "Member"], Sequence[data.Custom]],
    DayWatch | None,
]


@record
class FundInfo:
    """The ``custom "fund"`` directive."""

    kind: FundKind
    date: datetime.date
    name: str
    province: str
    district: str
    tambon: str
    meta: Mapping[str, Any]


@record
class Member:
    """A member, from joining (``custom "member"``) to leaving (``custom "member-exit"``)."""

    id: str
    name: str
    joined: datetime.date
    exited: datetime.date | None
    exit_reason: str
    meta: Mapping[str, Any]
    exit_meta: Mapping[str, Any] | None = None

    @property
    def village(self) -> str:
        value = self.meta.get("village", "")
        return value if isinstance(value, str) else str(value)

    def active_on(self, day: datetime.date) -> bool:
        """A member on ``day``: joined on or before it and not yet left (the exit day counts)."""
        return self.joined <= day and (self.exited is None or day <= self.exited)


@record
class AccountLife:
    """When an account the fund opens for itself is open, and what it is called."""

    account: str
    opened: datetime.date
    closed: datetime.date | None
    name_th: str
    name_en: str
    meta: Mapping[str, Any]
    close_meta: Mapping[str, Any] | None = None


class Deposits(Mapping[tuple[str, datetime.date], Decimal]):
    """(member id, first day of month) -> the savings the member deposited that month.

    Kept by member: one small dict of months for each member, which the member walk adds to
    without building a key per posting, and which holds no object the cyclic garbage
    collector watches (dates and amounts), so the collector does not walk a hundred thousand
    keys after every load (docs/performance.md, round 7).
    """

    __slots__ = ("_by_member",)

    def __init__(self, by_member: Mapping[str, Mapping[datetime.date, Decimal]]) -> None:
        self._by_member = by_member

    def __getitem__(self, key: tuple[str, datetime.date]) -> Decimal:
        return self._by_member[key[0]][key[1]]

    def __iter__(self) -> Iterator[tuple[str, datetime.date]]:
        for member_id, months in self._by_member.items():
            for month in months:
                yield member_id, month

    def __len__(self) -> int:
        return sum(len(months) for months in self._by_member.values())

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        months = self._by_member.get(key[0])
        return months is not None and key[1] in months

    def __repr__(self) -> str:
        return f"Deposits({dict(self.items())!r})"

    @overload
    def get(self, key: tuple[str, datetime.date], /) -> Decimal | None: ...

    @overload
    def get(self, key: tuple[str, datetime.date], /, default: Decimal | _T) -> Decimal | _T: ...

    def get(self, key: tuple[str, datetime.date], /, default: object = None) -> object:
        """The deposits of (member, month), or ``default`` (without an exception raised)."""
        months = self._by_member.get(key[0])
        return default if months is None else months.get(key[1], default)


@record
class Fund:
    """The fund as the ledger describes it."""

    info: FundInfo | None
    currency: str
    rules: RulesBook
    members: Mapping[str, Member]
    #: member account -> its Beancount balance (in the fund's currency) after every entry
    balances: Mapping[str, Decimal]
    #: (member id, first day of month) -> savings deposited that month
    deposits: Mapping[tuple[str, datetime.date], Decimal]
    #: accounts kongtun opens (the chart and every member's accounts)
    accounts: Mapping[str, AccountLife]
    last_date: datetime.date | None = None
    #: the first day of these books when they were carried forward from an earlier file
    books_start: datetime.date | None = None
    member_types: tuple[MemberAccountType, ...] = field(default=ALL_MEMBER_TYPES)
    #: accounts the ledger itself opens and closes (``open`` / ``close`` lines)
    opened: frozenset[str] = frozenset()
    closed: frozenset[str] = frozenset()
    #: every account a transaction posts to (None when not known): a later pass can tell at
    #: once that the books never touch the accounts it watches
    posted: frozenset[str] | None = None
    #: the ``custom`` directives of each type, in the ledger's order
    customs: Mapping[str, tuple[data.Custom, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    #: first day of a month before these books -> its history row, carried from an earlier
    #: file (``custom "month-end"``, see :mod:`kongtun.ledger.books.records`)
    history: Mapping[datetime.date, HistoryRow] = field(
        default_factory=lambda: MappingProxyType({})
    )
    #: member account type -> what the members' accounts held before these books but the
    #: opening does not carry (a welfare fund's earlier contributions): the history's and
    #: the report's totals still count it (``contributions-not-carried:`` on the opening)
    not_carried: Mapping[MemberAccountType, Decimal] = field(
        default_factory=lambda: MappingProxyType({})
    )
    #: the transactions with ``grant:`` metadata, in the ledger's order (None when not known):
    #: the grant pass of books that never post to a grant's account reads only these
    grant_tagged: tuple[data.Transaction, ...] | None = None

    def member_accounts(self, member: str) -> tuple[str, ...]:
        """The accounts ``member`` has in this fund."""
        return tuple(member_account(kind, member) for kind in self.member_types)

    def claim(self, account: str) -> Decimal:
        """What the member has in ``account``: saved, held in shares, or owes (loans)."""
        split = split_member_account(account)
        balance = self.balances.get(account, ZERO)
        if split is not None and MEMBER_ACCOUNT_KINDS[split[0]].credit:
            return -balance
        return balance


def _text(values: Sequence[Any] | None, index: int) -> str | None:
    if values is None or len(values) <= index:
        return None
    value = values[index].value
    return value if isinstance(value, str) else None


def _meta_text(meta: Mapping[str, Any], key: str) -> str:
    value = meta.get(key, "")
    return value if isinstance(value, str) else str(value)


def not_carried_key(kind: MemberAccountType) -> str:
    """The opening's metadata with the members' money of ``kind`` it does not carry."""
    return f"{kind}-not-carried"


def month_of(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s month (the key of monthly figures)."""
    return day.replace(day=1)


@record(frozen=False)
class _Reader:
    """The state of one pass over the entries (private; read_fund returns frozen data)."""

    currency: str
    problems: list[Problem] = field(default_factory=list)
    info: FundInfo | None = None
    rule_versions: list[RulesVersion] = field(default_factory=list)
    members: dict[str, Member] = field(default_factory=dict)
    exits: dict[str, tuple[datetime.date, str, Mapping[str, Any], Any]] = field(
        default_factory=dict
    )
    transactions: list[data.Transaction] = field(default_factory=list)
    grant_tagged: list[data.Transaction] = field(default_factory=list)
    opened: set[str] = field(default_factory=set)
    closed: set[str] = field(default_factory=set)
    customs: dict[str, list[data.Custom]] = field(default_factory=lambda: defaultdict(list))
    #: every ``custom`` directive, in the ledger's order
    custom_entries: list[data.Custom] = field(default_factory=list)
    exit_entries: list[data.Custom] = field(default_factory=list)
    month_ends: list[data.Custom] = field(default_factory=list)

    def report(self, found: Problem | None) -> None:
        if found is not None:
            self.problems.append(found)

    def read(self, entries: Sequence[data.Directive]) -> None:
        """The pass over the directives; the transactions are kept for the member walk."""
        transactions, customs, tagged = self.transactions, self.customs, self.grant_tagged
        in_order = self.custom_entries
        opened, closed = self.opened, self.closed
        handlers: dict[str, Callable[[data.Custom], None]] = {
            "fund": self.fund,
            "rules": self.rules,
            "member": self.member,
            "member-exit": self.exit_entries.append,
            MONTH_END: self.month_ends.append,
        }
        for entry in entries:
            if isinstance(entry, data.Transaction):  # most of a big ledger: one test
                transactions.append(entry)
                if GRANT_KEY in entry.meta:
                    tagged.append(entry)
            elif isinstance(entry, data.Open):
                opened.add(entry.account)
            elif isinstance(entry, data.Custom):
                customs[entry.type].append(entry)
                in_order.append(entry)
                handler = handlers.get(entry.type)
                if handler is not None:
                    handler(entry)
            elif isinstance(entry, data.Close):
                closed.add(entry.account)
        # after every member is known: an exit may be dated before joining
        for entry in self.exit_entries:
            self.member_exit(entry)

    # -- directives ------------------------------------------------------------------------

    def fund(self, entry: data.Custom) -> None:
        kind = _text(entry.values, 0)
        if self.info is not None:
            self.report(fund_duplicate(entry, self.info.meta))
        elif kind not in FUND_KINDS:
            self.report(fund_kind_unknown(entry, kind))
        else:
            meta = entry.meta
            self.info = FundInfo(
                kind,
                entry.date,
                _meta_text(meta, "name"),
                _meta_text(meta, "province"),
                _meta_text(meta, "district"),
                _meta_text(meta, "tambon"),
                meta,
            )
            if kind == "lender":
                self.report(lender_code_missing(entry))

    def rules(self, entry: data.Custom) -> None:
        version, problems = parse_rules(entry, self.currency)
        self.rule_versions.append(version)
        self.problems.extend(problems)

    def member(self, entry: data.Custom) -> None:
        member_id, name = _text(entry.values, 0), _text(entry.values, 1)
        if member_id is None or name is None or not name.strip():
            self.report(member_malformed(entry))
            return
        malformed = member_id_malformed(entry, member_id)
        first = self.members.get(member_id)
        if malformed is not None:
            self.report(malformed)
        elif first is not None:
            self.report(member_duplicate(entry, member_id, first.meta))
        else:
            member = Member(member_id, name.strip(), entry.date, None, "", entry.meta)
            self.members[member_id] = member

    def member_exit(self, entry: data.Custom) -> None:
        member_id = _text(entry.values, 0)
        member = self.members.get(member_id) if member_id is not None else None
        if member_id is None:
            self.report(member_malformed(entry))
        elif member is None:
            self.report(member_exit_unknown(entry, member_id))
        elif member_id in self.exits:
            self.report(member_exit_duplicate(entry, member_id, self.exits[member_id][0]))
        else:
            early = member_exit_before_join(entry, member_id, member.joined)
            self.report(early)
            if early is None:
                reason = _text(entry.values, 1) or ""
                self.exits[member_id] = (entry.date, reason, entry.meta, entry)

    def members_with_exits(self) -> dict[str, Member]:
        """Every member, with the exit when they left."""
        return {
            member_id: (
                replace(member, exited=left[0], exit_reason=left[1], exit_meta=left[2])
                if (left := self.exits.get(member_id)) is not None
                else member
            )
            for member_id, member in self.members.items()
        }


def parse_rules(entry: data.Custom, currency: str) -> tuple[RulesVersion, list[Problem]]:
    """Read one ``custom "rules"`` entry (:mod:`kongtun.ledger.books.rules`); bad keys are
    reported and left out."""
    problems: list[Problem] = []
    values: dict[str, RuleValue] = {}
    for key, value in entry.meta.items():
        if key in DIRECTIVE_KEYS or key.startswith("_"):
            continue
        rule = rule_key(key)
        if rule is None:
            problems.append(rules_unknown_key(entry, key))
            continue
        converted = convert_value(rule, value, currency)
        if converted is None:
            problems.append(rules_bad_value(entry, rule, value))
            continue
        values[key] = converted
    title = entry.values[0].value if entry.values and isinstance(entry.values[0].value, str) else ""
    replace_all = entry.meta.get("replace") is True
    version = RulesVersion(entry.date, title, MappingProxyType(values), replace_all, entry.meta)
    return version, problems


def fund_currency(options: Mapping[str, Any]) -> str:
    """The fund's currency: the ledger's first ``operating_currency`` (THB when none)."""
    currencies = options.get("operating_currency") or ["THB"]
    return str(currencies[0])


def read_fund(
    entries: Sequence[data.Directive],
    options: Mapping[str, Any],
    *,
    on_loan: LoanWatch | None = None,
    watched: frozenset[str] = frozenset(),
    days: DayWatchStart | None = None,
) -> tuple[Fund, list[Problem]]:
    """Read the fund from ``entries`` (sorted, as Beancount gives them) and check it.

    Returns the fund and every breach of kongtun's member rules, as problems.
    One pass over the directives, one over the transactions; cost grows with the entries.
    ``on_loan`` sees each loan transaction in the same pass (the loans model needs the
    member's savings and shares just before it), so the plugin walks the books once; it also
    sees each other transaction that posts to one of the ``watched`` accounts. ``days`` starts
    a later layer's pass (a welfare fund's) before the walk: the :data:`DayWatch` it returns
    reads each day's transactions at the end of the day.
    """
    reader = _Reader(currency=fund_currency(options))
    reader.read(entries)
    if reader.info is None:
        reader.report(fund_missing(options))
    member_types = (
        MEMBER_ACCOUNTS_BY_KIND[reader.info.kind] if reader.info is not None else ALL_MEMBER_TYPES
    )
    book = build_book(reader.rule_versions)
    members = reader.members_with_exits()
    on_day = (
        days(reader.currency, member_types, members, reader.custom_entries)
        if days is not None
        else None
    )
    walk = _Walk(reader, members, book, member_types)
    walk.run(reader.transactions, on_loan, watched, on_day)
    history = _month_ends(reader, member_types, walk.books_start)
    fund = Fund(
        info=reader.info,
        currency=reader.currency,
        rules=book,
        members=MappingProxyType(walk.members),
        balances=MappingProxyType(dict(walk.balances)),
        deposits=Deposits(MappingProxyType(walk.deposits)),
        accounts=MappingProxyType(walk.account_lives()),
        last_date=last_date(entries),
        books_start=walk.books_start,
        member_types=member_types,
        opened=frozenset(reader.opened),
        closed=frozenset(reader.closed),
        posted=frozenset(walk.seen),
        customs=MappingProxyType({key: tuple(value) for key, value in reader.customs.items()}),
        history=MappingProxyType(history),
        not_carried=MappingProxyType(walk.not_carried()),
        grant_tagged=tuple(reader.grant_tagged),
    )
    return fund, [*reader.problems, *era_slips(entries)]


def era_slips(entries: Sequence[data.Directive]) -> list[Problem]:
    """Every entry dated with a Buddhist Era year (at the end of the sorted entries: only
    those are looked at)."""
    found: list[Problem] = []
    for entry in reversed(entries):
        slip = date_buddhist_era(entry)
        if slip is None:
            break
        found.append(slip)
    return found[::-1]


def last_date(entries: Sequence[data.Directive]) -> datetime.date | None:
    """The books' last day: of the last entry dated in the Common Era (an entry dated with a
    Buddhist Era year is a slip, and no figure is computed up to it)."""
    for entry in reversed(entries):
        day: datetime.date = entry.date
        if day.year < BE_FROM:
            return day
    return None


def _month_ends(
    reader: _Reader,
    member_types: tuple[MemberAccountType, ...],
    books_start: datetime.date | None,
) -> dict[datetime.date, HistoryRow]:
    """The carried history rows, by month; each month once, and before the books."""
    rows: dict[datetime.date, HistoryRow] = {}
    first: dict[datetime.date, data.Custom] = {}
    for entry in reader.month_ends:
        late = month_end_late(entry, books_start)
        if late is not None:
            reader.report(late)
            continue
        row, problems = parse_month_end(entry, reader.currency, member_types)
        reader.problems.extend(problems)
        if row is None:
            continue
        if row.month in first:
            reader.report(month_end_duplicate(entry, first[row.month].meta))
            continue
        first[row.month] = entry
        rows[row.month] = row
    return rows


#: a member account as the walk sees it: type, member id, the member (None when not declared),
#: the first and last day it may take postings as day numbers (``date.toordinal()``: two
#: comparisons of small ints for each posting, not of dates; first > last when never), and for
#: a savings account the member's deposits by month (None for the other types)
_Seen = tuple[
    MemberAccountType,
    str,
    Member | None,
    int,
    int,
    dict[datetime.date, Decimal] | None,
]
#: the day numbers of the first and the last day a date can be
_NEVER_BEFORE: Final = datetime.date.min.toordinal()
_NEVER_AFTER: Final = datetime.date.max.toordinal()


class _Walk:
    """The pass over the transactions: member postings, balances, withdrawals, exits."""

    def __init__(
        self,
        reader: _Reader,
        members: Mapping[str, Member],
        book: RulesBook,
        member_types: tuple[MemberAccountType, ...],
    ) -> None:
        self.reader = reader
        self.members = members
        self.book = book
        self.member_types = member_types
        self.balances: dict[str, Decimal] = {}
        #: member id -> first day of month -> savings deposited (see :class:`Deposits`)
        self.deposits: dict[str, dict[datetime.date, Decimal]] = {}
        #: accounts of undeclared members, or used before joining: opened at first use
        self.early_use: dict[str, tuple[datetime.date, Mapping[str, Any]]] = {}
        #: member accounts used after the member left (kongtun does not close them)
        self.used_after_exit: set[str] = set()
        #: savings and shares accounts touched on the day -> the last entry touching them
        self.dirty: dict[str, data.Transaction] = {}
        self.negative: set[str] = set()
        self.exit_order = sorted(
            (member for member in members.values() if member.exited is not None),
            key=lambda member: (member.exited, member.id),
        )
        self.next_exit = 0
        #: account -> what the walk needs of a member account (None for other accounts)
        self.seen: dict[str, _Seen | None] = {}
        self.month = datetime.date.min
        self.books_start: datetime.date | None = None
        self.opening_meta: Mapping[str, Any] = {}
        #: the transactions walked, what reads each day's at its end, and where the day began
        self.transactions: Sequence[data.Transaction] = ()
        self.on_day: DayWatch | None = None
        self.day_start = 0

    def run(
        self,
        transactions: Sequence[data.Transaction],
        on_loan: LoanWatch | None,
        watched: frozenset[str] = frozenset(),
        on_day: DayWatch | None = None,
    ) -> None:
        # The hot loop of every load: locals instead of attributes, and the usual posting (a
        # member's own account while a member, in the fund's currency) handled inline; what
        # the walk needs of an account is worked out on its first posting (see), so a
        # posting costs one dictionary lookup before its amount counts. ``on_day`` reads
        # each day's transactions at the end of the day (:meth:`end_of_day`).
        self.transactions, self.on_day = transactions, on_day
        day: datetime.date | None = None
        ordinal = 0
        month = self.month
        accounts = self.seen
        balances = self.balances
        dirty = self.dirty
        currency = self.reader.currency
        zero, checked = ZERO, DAY_CHECKED
        risen = False  # money went out of a savings or shares account on the day
        for index, entry in enumerate(transactions):
            if entry.date != day:
                self.end_of_day(day, entry.date, index, risen)
                risen = False
                day = entry.date
                ordinal = day.toordinal()
                month = self.month = month_of(day)
            meta = entry.meta
            opening = OPENING_KEY in meta and self.open_books(entry)
            passed = "loan" in meta or "provision" in meta
            if passed and on_loan is not None:
                on_loan(entry, balances)
            for posting in entry.postings:
                account = posting.account
                try:
                    seen = accounts[account]
                except KeyError:
                    seen = accounts[account] = self.see(account)
                if seen is None:
                    # a watched account: the loans model sees the entry once
                    passed = passed or (account in watched and self.pass_on(entry, on_loan))
                    continue
                kind, member_id, member, first, last, saved = seen
                if not first <= ordinal <= last:
                    self.misplaced(entry, account, kind, member_id, member)
                units = posting.units
                if units is None or (number := units.number) is None or units.currency != currency:
                    continue
                balances[account] = balances.get(account, zero) + number
                if kind in checked:
                    dirty[account] = entry  # its balance is checked at the end of the day
                    risen = risen or number > zero  # money out: the balance may have turned
                if saved is None or opening:  # savings paid in or out (the opening is neither)
                    continue
                if number < zero:  # against a Decimal: no int converted for each posting
                    saved[month] = saved.get(month, zero) - number
                elif number > zero:
                    self.withdrawal(entry, member_id, member, number)
        self.finish(day, risen)

    def pass_on(self, entry: data.Transaction, on_loan: LoanWatch | None) -> bool:
        """Let ``on_loan`` see ``entry``, which posts to a watched account."""
        if on_loan is not None:
            on_loan(entry, self.balances)
        return True

    def open_books(self, entry: data.Transaction) -> bool:
        """The opening transaction of books carried forward: the first day of these books.
        True: ``entry`` is an opening (its postings are neither paid in nor out)."""
        if self.books_start is None:
            self.books_start = entry.date
            self.opening_meta = entry.meta
        return True

    def see(self, account: str) -> _Seen | None:
        """What the walk needs of ``account``, worked out on its first posting: its type, its
        member, and the days a posting to it is in order (none when it may take none)."""
        split = split_member_account(account)
        if split is None:
            return None
        kind, member_id = split
        member = self.members.get(member_id)
        saved = self.deposits.setdefault(member_id, {}) if kind == "savings" else None
        if member is None or kind not in self.member_types:
            return kind, member_id, member, _NEVER_AFTER, _NEVER_BEFORE, saved
        last = _NEVER_AFTER if member.exited is None else member.exited.toordinal()
        return kind, member_id, member, member.joined.toordinal(), last, saved

    def misplaced(
        self,
        entry: data.Transaction,
        account: str,
        kind: MemberAccountType,
        member_id: str,
        member: Member | None,
    ) -> None:
        """Report a posting to a member account that may not take it."""
        info = self.reader.info
        early: Problem | None
        if info is not None and kind not in self.member_types:
            early = member_account_kind(entry, account, member_id, info.kind, self.member_types)
        elif member is None:
            early = member_unknown(entry, account, member_id)
        else:
            early = member_not_joined(entry, account, member_id, member.joined)
            if early is None:  # not before joining: after leaving
                self.reader.report(member_left(entry, account, member_id, member.exited))
                self.used_after_exit.add(account)
                return
        self.reader.report(early)
        self.early_use.setdefault(account, (entry.date, entry.meta))

    def withdrawal(
        self, entry: data.Transaction, member_id: str, member: Member | None, number: Decimal
    ) -> None:
        """Savings paid out: a withdrawal while a member (a payout on the exit day is none)."""
        day = entry.date
        if member is None or not member.joined <= day < (member.exited or datetime.date.max):
            return
        amount = Amount(number, self.reader.currency)
        self.reader.report(savings_withdrawal(entry, member_id, amount, self.book.on(day)))

    def end_of_day(
        self,
        day: datetime.date | None,
        next_day: datetime.date | None,
        stop: int,
        risen: bool = True,
    ) -> None:
        """Check the accounts touched on ``day`` (``risen``: money went out of one of them),
        then the exits before ``next_day``, then let ``on_day`` read the day's transactions (up
        to ``stop``); nothing before the first day."""
        if day is None:
            return
        balances, negative, currency = self.balances, self.negative, self.reader.currency
        # an account that was not negative and only took money in on the day is not negative
        # now: with no money out and none negative, nothing to check (the usual day)
        dirty = self.dirty if risen or negative else {}
        for account, entry in dirty.items():  # savings and shares touched on the day
            if balances[account] <= ZERO:  # a credit balance: the member's claim is not negative
                if negative:
                    negative.discard(account)
                continue
            if account in negative:
                continue
            negative.add(account)
            seen = self.seen[account]
            assert seen is not None
            check = savings_negative if seen[0] == "savings" else shares_negative
            self.reader.report(check(entry, seen[1], balances[account], currency))
        self.dirty.clear()
        self.exits_until(next_day)
        on_day = self.on_day
        if on_day is not None:
            on_day(self.transactions, self.day_start, stop, self.balances, next_day)
            self.day_start = stop

    def finish(self, day: datetime.date | None, risen: bool = True) -> None:
        """After the last day: check it, and every exit still to check."""
        if day is None:
            self.exits_until(None)
        else:
            self.end_of_day(day, None, len(self.transactions), risen)

    def exits_until(self, next_day: datetime.date | None) -> None:
        """Check every exit dated before ``next_day`` (all remaining when None)."""
        while self.next_exit < len(self.exit_order):
            member = self.exit_order[self.next_exit]
            assert member.exited is not None
            if next_day is not None and member.exited >= next_day:
                return
            self.next_exit += 1
            for kind in self.member_types:
                balance = self.balances.get(member_account(kind, member.id), ZERO)
                held = Amount(balance, self.reader.currency)
                self.reader.report(
                    member_exit_balance(member.exit_meta, member.id, member.exited, kind, held)
                )

    def not_carried(self) -> dict[MemberAccountType, Decimal]:
        """What the opening says the members' accounts held before but it does not carry."""
        return {
            kind: value.number
            for kind in self.member_types
            if isinstance(value := self.opening_meta.get(not_carried_key(kind)), Amount)
            and value.number is not None
        }

    def account_lives(self) -> dict[str, AccountLife]:
        """Every account kongtun opens: the chart on the fund's date, members' on joining."""
        lives: dict[str, AccountLife] = {}
        info = self.reader.info
        if info is not None:
            for chart in chart_for(info.kind):
                lives[chart.account] = AccountLife(
                    chart.account, info.date, None, chart.name_th, chart.name_en, info.meta
                )
        for member in self.members.values():
            for kind in self.member_types:
                account = member_account(kind, member.id)
                spec = MEMBER_ACCOUNT_KINDS[kind]
                closed = None if account in self.used_after_exit else member.exited
                lives[account] = AccountLife(
                    account,
                    member.joined,
                    closed,
                    f"{spec.name_th} {member.name}",
                    f"{spec.name_en}: {member.name}",
                    member.meta,
                    member.exit_meta,
                )
        for account, (day, meta) in self.early_use.items():
            life = lives.get(account)
            if life is None:
                lives[account] = AccountLife(account, day, None, account, account, meta)
            elif day < life.opened:
                lives[account] = AccountLife(
                    account, day, life.closed, life.name_th, life.name_en, meta, life.close_meta
                )
        return lives
