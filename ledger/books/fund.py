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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.accounts import (
    FUND_KINDS,
    KIND_LABELS,
    MEMBER_ACCOUNT_KINDS,
    MEMBER_ACCOUNTS_BY_KIND,
    MEMBER_ID,
    FundKind,
    MemberAccountType,
    chart_for,
    member_account,
    split_member_account,
)
from kongtun.ledger.books.records import MONTH_END, HistoryRow, parse_month_end
from kongtun.ledger.books.rules import RulesBook, RulesVersion, build_book, parse_rules
from kongtun.ledger.i18n import DEFAULT_LANG, Lang
from kongtun.ledger.messages import FundError, fund_error
from kongtun.ledger.problems import Msg, where

ZERO: Final = Decimal(0)
#: metadata of the opening transaction of a carried-forward year (see kongtun.ledger.years.carry)
OPENING_KEY: Final = "carried-from"
#: metadata of an entry repeated in a carried-forward year (an open loan's history)
CARRIED_KEY: Final = "carried"
ALL_MEMBER_TYPES: Final[tuple[MemberAccountType, ...]] = tuple(MEMBER_ACCOUNT_KINDS)
#: called by :func:`read_fund` with each transaction that has ``loan:`` metadata, before its
#: postings count, and the member accounts' balances so far (see kongtun.ledger.loans.book)
LoanWatch = Callable[[data.Transaction, Mapping[str, Decimal]], None]


@dataclass(frozen=True)
class FundInfo:
    """The ``custom "fund"`` directive."""

    kind: FundKind
    date: datetime.date
    name: str
    province: str
    district: str
    tambon: str
    meta: Mapping[str, Any]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class AccountLife:
    """When an account the fund opens for itself is open, and what it is called."""

    account: str
    opened: datetime.date
    closed: datetime.date | None
    name_th: str
    name_en: str
    meta: Mapping[str, Any]
    close_meta: Mapping[str, Any] | None = None


@dataclass(frozen=True)
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


@dataclass
class _Reader:
    """The state of one pass over the entries (private; read_fund returns frozen data)."""

    currency: str
    lang: Lang
    errors: list[FundError] = field(default_factory=list)
    info: FundInfo | None = None
    rule_versions: list[RulesVersion] = field(default_factory=list)
    members: dict[str, Member] = field(default_factory=dict)
    exits: dict[str, tuple[datetime.date, str, Mapping[str, Any], Any]] = field(
        default_factory=dict
    )

    def error(
        self, rule: str, meta: Mapping[str, Any] | None, entry: Any, **params: object
    ) -> None:
        self.errors.append(fund_error(rule, meta, entry, self.lang, **params))

    # -- directives ------------------------------------------------------------------------

    def fund(self, entry: data.Custom) -> None:
        kind = _text(entry.values, 0)
        if self.info is not None:
            self.error("fund-duplicate", entry.meta, entry, first=where(self.info.meta))
            return
        if kind not in FUND_KINDS:
            self.error("fund-kind-unknown", entry.meta, entry, kind=kind or "", known=FUND_KINDS)
            return
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

    def member(self, entry: data.Custom) -> None:
        member_id, name = _text(entry.values, 0), _text(entry.values, 1)
        if member_id is None or name is None or not name.strip():
            self.error("member-malformed", entry.meta, entry)
            return
        if not MEMBER_ID.fullmatch(member_id):
            self.error("member-id-malformed", entry.meta, entry, member=member_id)
            return
        first = self.members.get(member_id)
        if first is not None:
            self.error(
                "member-duplicate", entry.meta, entry, member=member_id, first=where(first.meta)
            )
            return
        self.members[member_id] = Member(member_id, name.strip(), entry.date, None, "", entry.meta)

    def member_exit(self, entry: data.Custom) -> None:
        member_id = _text(entry.values, 0)
        reason = _text(entry.values, 1) or ""
        if member_id is None:
            self.error("member-malformed", entry.meta, entry)
            return
        member = self.members.get(member_id)
        if member is None:
            self.error("member-exit-unknown", entry.meta, entry, member=member_id)
            return
        if member_id in self.exits:
            self.error(
                "member-exit-duplicate",
                entry.meta,
                entry,
                member=member_id,
                exited=self.exits[member_id][0],
            )
            return
        if entry.date < member.joined:
            self.error(
                "member-exit-before-join",
                entry.meta,
                entry,
                member=member_id,
                exited=entry.date,
                joined=member.joined,
            )
            return
        self.exits[member_id] = (entry.date, reason, entry.meta, entry)


def fund_currency(options: Mapping[str, Any]) -> str:
    """The fund's currency: the ledger's first ``operating_currency`` (THB when none)."""
    currencies = options.get("operating_currency") or ["THB"]
    return str(currencies[0])


def read_fund(
    entries: Sequence[data.Directive],
    options: Mapping[str, Any],
    lang: Lang = DEFAULT_LANG,
    *,
    on_loan: LoanWatch | None = None,
) -> tuple[Fund, list[FundError]]:
    """Read the fund from ``entries`` (sorted, as Beancount gives them) and check it.

    Returns the fund and every breach of kongtun's member rules, rendered in ``lang``.
    One pass over the directives, one over the transactions; cost grows with the entries.
    ``on_loan`` sees each loan transaction in the same pass (the loans model needs the
    member's savings and shares just before it), so the plugin walks the books once.
    """
    reader = _Reader(currency=fund_currency(options), lang=lang)
    transactions: list[data.Transaction] = []
    last_date: datetime.date | None = None
    exits: list[data.Custom] = []
    opened: set[str] = set()
    closed: set[str] = set()
    customs: dict[str, list[data.Custom]] = defaultdict(list)
    month_ends: list[data.Custom] = []
    handlers = {
        "fund": reader.fund,
        "member": reader.member,
        "member-exit": exits.append,
        MONTH_END: month_ends.append,
    }
    for entry in entries:
        if isinstance(entry, data.Transaction):  # most of a big ledger: one test
            transactions.append(entry)
        elif isinstance(entry, data.Open):
            opened.add(entry.account)
        elif isinstance(entry, data.Custom):
            customs[entry.type].append(entry)
            if entry.type == "rules":
                version, errors = parse_rules(entry, reader.currency, lang)
                reader.rule_versions.append(version)
                reader.errors.extend(errors)
            else:
                handler = handlers.get(entry.type)
                if handler is not None:
                    handler(entry)
        elif isinstance(entry, data.Close):
            closed.add(entry.account)
        last_date = entry.date
    for entry in exits:  # after every member is known: an exit may be dated before joining
        reader.member_exit(entry)
    if reader.info is None:
        top = {"filename": options.get("filename") or "<kongtun>", "lineno": 1}
        reader.error("fund-missing", top, None)

    members = {
        member_id: (
            Member(
                member.id,
                member.name,
                member.joined,
                reader.exits[member_id][0],
                reader.exits[member_id][1],
                member.meta,
                reader.exits[member_id][2],
            )
            if member_id in reader.exits
            else member
        )
        for member_id, member in reader.members.items()
    }
    book = build_book(reader.rule_versions)
    member_types = (
        MEMBER_ACCOUNTS_BY_KIND[reader.info.kind] if reader.info is not None else ALL_MEMBER_TYPES
    )
    walk = _Walk(reader, members, book, member_types)
    walk.run(transactions, on_loan)
    history = _month_ends(reader, month_ends, member_types, walk.books_start)
    fund = Fund(
        info=reader.info,
        currency=reader.currency,
        rules=book,
        members=MappingProxyType(members),
        balances=MappingProxyType(dict(walk.balances)),
        deposits=MappingProxyType(dict(walk.deposits)),
        accounts=MappingProxyType(walk.account_lives()),
        last_date=last_date,
        books_start=walk.books_start,
        member_types=member_types,
        opened=frozenset(opened),
        closed=frozenset(closed),
        customs=MappingProxyType({key: tuple(value) for key, value in customs.items()}),
        history=MappingProxyType(history),
        not_carried=MappingProxyType(
            {
                kind: value.number
                for kind in member_types
                if isinstance(value := walk.opening_meta.get(not_carried_key(kind)), Amount)
                and value.number is not None
            }
        ),
    )
    return fund, reader.errors


def _month_ends(
    reader: _Reader,
    customs: Sequence[data.Custom],
    member_types: tuple[MemberAccountType, ...],
    books_start: datetime.date | None,
) -> dict[datetime.date, HistoryRow]:
    """The carried history rows, by month; each month once, and before the books."""
    rows: dict[datetime.date, HistoryRow] = {}
    first: dict[datetime.date, data.Custom] = {}
    for entry in customs:
        if books_start is not None and entry.date >= books_start:
            reader.error("month-end-late", entry.meta, entry, start=books_start)
            continue
        row, errors = parse_month_end(entry, reader.currency, member_types, reader.lang)
        reader.errors.extend(errors)
        if row is None:
            continue
        if row.month in first:
            where_first = where(first[row.month].meta)
            reader.error("month-end-duplicate", entry.meta, entry, first=where_first)
            continue
        first[row.month] = entry
        rows[row.month] = row
    return rows


#: a member account as the walk sees it: type, member id, the member (None when not declared),
#: and the first and last day it may take postings (first > last when never)
_Seen = tuple[MemberAccountType, str, Member | None, datetime.date, datetime.date]


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
        self.balances: dict[str, Decimal] = defaultdict(Decimal)
        self.deposits: dict[tuple[str, datetime.date], Decimal] = defaultdict(Decimal)
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

    def run(self, transactions: Sequence[data.Transaction], on_loan: LoanWatch | None) -> None:
        # The hot loop of every load: locals instead of attributes, and the usual posting (a
        # member's own account while a member, in the fund's currency) handled inline.
        day: datetime.date | None = None
        month = self.month
        accounts = self.seen
        balances = self.balances
        deposits = self.deposits
        dirty = self.dirty
        currency = self.reader.currency
        for entry in transactions:
            if entry.date != day:
                if day is not None:
                    self.end_of_day(day, entry.date)
                day = entry.date
                month = self.month = month_of(day)
            meta = entry.meta
            opening = OPENING_KEY in meta
            if opening and self.books_start is None:
                self.books_start = day
                self.opening_meta = meta
            if on_loan is not None and "loan" in meta:
                on_loan(entry, balances)
            for posting in entry.postings:
                account = posting.account
                try:
                    seen = accounts[account]
                except KeyError:
                    seen = accounts[account] = self.see(account)
                if seen is None:
                    continue
                kind, member_id, member, first, last = seen
                if not first <= day <= last:
                    self.misplaced(entry, account, kind, member_id, member)
                units = posting.units
                if units is None or units.currency != currency or units.number is None:
                    continue
                number = units.number
                balances[account] += number
                if kind == "savings":
                    dirty[account] = entry
                    if not opening:  # the opening balance is no deposit or withdrawal
                        if number < 0:
                            deposits[member_id, month] -= number
                        elif number > 0 and member is not None and self._before_exit(member, day):
                            self.withdrawal(entry, member_id, Amount(number, currency))
                elif kind == "shares":
                    dirty[account] = entry
        if day is not None:
            self.end_of_day(day, None)
        else:
            self.exits_until(None)

    def see(self, account: str) -> _Seen | None:
        """What the walk needs of ``account``, worked out on its first posting: its type, its
        member, and the days a posting to it is in order (none when it may take none)."""
        split = split_member_account(account)
        if split is None:
            return None
        kind, member_id = split
        member = self.members.get(member_id)
        if member is None or kind not in self.member_types:
            return kind, member_id, member, datetime.date.max, datetime.date.min
        return kind, member_id, member, member.joined, member.exited or datetime.date.max

    def misplaced(
        self,
        entry: data.Transaction,
        account: str,
        kind: MemberAccountType,
        member_id: str,
        member: Member | None,
    ) -> None:
        """Report a posting to a member account that may not take it."""
        error = self.reader.error
        if kind not in self.member_types and self.reader.info is not None:
            error(
                "member-account-kind",
                entry.meta,
                entry,
                account=account,
                kind=Msg(KIND_LABELS[self.reader.info.kind]),
                known=[MEMBER_ACCOUNT_KINDS[t].parent + ":" + member_id for t in self.member_types],
            )
            self.early_use.setdefault(account, (entry.date, entry.meta))
        elif member is None:
            error(
                "member-unknown",
                entry.meta,
                entry,
                account=account,
                member=member_id,
                date=entry.date,
            )
            self.early_use.setdefault(account, (entry.date, entry.meta))
        elif entry.date < member.joined:
            error(
                "member-not-joined",
                entry.meta,
                entry,
                account=account,
                member=member_id,
                joined=member.joined,
                date=entry.date,
            )
            self.early_use.setdefault(account, (entry.date, entry.meta))
        elif member.exited is not None and entry.date > member.exited:
            error(
                "member-left",
                entry.meta,
                entry,
                account=account,
                member=member_id,
                exited=member.exited,
                date=entry.date,
            )
            self.used_after_exit.add(account)

    def withdrawal(self, entry: data.Transaction, member_id: str, amount: Amount) -> None:
        """A member takes savings out before leaving: allowed only when the rules say so."""
        rules = self.book.on(entry.date)
        if not rules.flag("savings-withdrawal-allowed"):
            self.reader.error(
                "savings-withdrawal",
                entry.meta,
                entry,
                member=member_id,
                amount=amount,
                date=entry.date,
                rules=rules.title,
            )

    @staticmethod
    def _before_exit(member: Member, day: datetime.date) -> bool:
        return member.joined <= day and (member.exited is None or day < member.exited)

    def end_of_day(self, day: datetime.date, next_day: datetime.date | None) -> None:
        """Check the accounts touched on ``day``, then the exits before ``next_day``."""
        balances, negative = self.balances, self.negative
        for account, entry in self.dirty.items():  # savings and shares touched on the day
            if balances[account] <= 0:  # a credit balance: the member's claim is not negative
                if negative:
                    negative.discard(account)
                continue
            if account in negative:
                continue
            negative.add(account)
            seen = self.seen[account]
            assert seen is not None
            rule = "savings-negative" if seen[0] == "savings" else "shares-negative"
            self.reader.error(
                rule,
                entry.meta,
                entry,
                member=seen[1],
                balance=Amount(-balances[account], self.reader.currency),
                date=day,
            )
        self.dirty.clear()
        self.exits_until(next_day)

    def exits_until(self, next_day: datetime.date | None) -> None:
        """Check every exit dated before ``next_day`` (all remaining when None)."""
        while self.next_exit < len(self.exit_order):
            member = self.exit_order[self.next_exit]
            assert member.exited is not None
            if next_day is not None and member.exited >= next_day:
                return
            self.next_exit += 1
            for kind in self.member_types:
                if not MEMBER_ACCOUNT_KINDS[kind].settle_on_exit:
                    continue
                account = member_account(kind, member.id)
                balance = self.balances.get(account, ZERO)
                if balance != 0:
                    shown = -balance if MEMBER_ACCOUNT_KINDS[kind].credit else balance
                    self.reader.error(
                        "member-exit-balance",
                        member.exit_meta,
                        None,
                        member=member.id,
                        exited=member.exited,
                        account=account,
                        balance=Amount(shown, self.reader.currency),
                    )

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
