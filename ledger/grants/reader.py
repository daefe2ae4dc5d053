"""The grant pass: the grants the directives declare, and the money each transaction moves.

:func:`read_grants` reads ``custom "grant"``, ``"grant-line"`` and ``"grant-transfer"`` (from
the fund's pass, :attr:`Fund.customs`), then walks the transactions once: each one that names a
grant (``grant:``) or touches a grant's accounts becomes a :class:`Movement` of that grant, and
the checks of :mod:`kongtun.ledger.grants.checks` run on it. It returns the
:class:`Grants`, the problems, and the accounts kongtun opens for each grant.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.books.fund import AccountLife, Fund
from kongtun.ledger.grants import checks
from kongtun.ledger.grants.book import (
    GRANT_ID,
    REVOLVING,
    ZERO,
    Grant,
    GrantBook,
    Movement,
    MovementKind,
    Transfer,
    community_account,
    grant_of_account,
    held_account,
    restricted_account,
)
from kongtun.ledger.grants.needs import PARENTS, RESTRICTED, Grants
from kongtun.ledger.i18n import N_
from kongtun.ledger.problems import Msg, Phrase, Problem, phrase, where

#: the parents of every grant's accounts
BAD_ID = N_(
    "a grant id is a capital letter, then capital letters, digits or '-' "
    "(it names the grant's accounts)"
)
NEEDS_AMOUNT = N_(
    'it needs an amount in {currency}, for example `custom "grant" "G1" 100000 {currency}`'
)
NEEDS_KEY = N_("it needs `{key}:` ({expected})")
ENDS_BEFORE = N_("it ends on {end}, before it starts on {start}")
DUPLICATE = N_("it is declared a second time (first at {first})")
LINES_SUM = N_("its budget lines add up to {total}, not its amount {amount}")
LINE_FORM = N_(
    'a budget line needs the grant, a name and an amount, for example `custom "grant-line" '
    '"G1" "materials" 60000 {currency}`'
)
LINE_DUPLICATE = N_("budget line {line} is declared a second time")
TRANSFER_FORM = N_(
    "a transfer needs the grant, two lines, an amount and `approved-by:`, for example "
    '`custom "grant-transfer" "G1" "materials" "training" 5000 {currency}`'
)
TRANSFER_OVER = N_("the transfer moves {amount} from line {line}, which has only {budget} then")
A_TEXT = N_("a text in quotes")
A_DATE = N_("a date such as 2024-04-01")


def _amount(value: object, currency: str) -> Decimal | None:
    if isinstance(value, Amount) and value.currency == currency and value.number is not None:
        return Decimal(value.number)
    return None


def _values(entry: data.Custom) -> list[object]:
    return [value.value for value in entry.values]


def _text(meta: Mapping[str, Any], key: str) -> str:
    value = meta.get(key)
    return value if isinstance(value, str) else ""


def _missing(meta: Mapping[str, Any]) -> Phrase | None:
    """What a grant directive lacks: a text, a date, or a period that ends before it starts."""
    for key in ("grantor", "purpose"):
        if not _text(meta, key):
            return phrase(NEEDS_KEY, key=key, expected=Msg(A_TEXT))
    for key in ("start", "end"):
        if not isinstance(meta.get(key), datetime.date):
            return phrase(NEEDS_KEY, key=key, expected=Msg(A_DATE))
    if meta["end"] < meta["start"]:
        return phrase(ENDS_BEFORE, end=meta["end"], start=meta["start"])
    return None


@dataclass
class GrantReader:
    """The state of the grant pass."""

    fund: Fund
    problems: list[Problem] = field(default_factory=list)
    grants: dict[str, Grant] = field(default_factory=dict)
    movements: dict[str, list[Movement]] = field(default_factory=dict)
    #: each grant's restricted account's balance so far, in the order Beancount sorts
    balances: dict[str, Decimal] = field(default_factory=dict)

    def report(self, found: Problem | None) -> None:
        if found is not None:
            self.problems.append(found)

    def malformed(self, entry: data.Custom, grant: str, reason: Phrase) -> None:
        self.report(checks.grant_malformed(entry.meta, entry, grant, reason))

    # -- directives ------------------------------------------------------------------------

    def grant(self, entry: data.Custom) -> None:
        values, currency = _values(entry), self.fund.currency
        grant_id = str(values[0]) if values else ""
        if not GRANT_ID.fullmatch(grant_id):
            self.malformed(entry, grant_id or "-", phrase(BAD_ID))
            return
        if grant_id in self.grants:
            first = where(self.grants[grant_id].meta)
            self.malformed(entry, grant_id, phrase(DUPLICATE, first=first))
            return
        amount = _amount(values[1] if len(values) > 1 else None, currency)
        if amount is None or amount <= 0:
            self.malformed(entry, grant_id, phrase(NEEDS_AMOUNT, currency=currency))
            return
        meta = entry.meta
        reason = _missing(meta)
        if reason is not None:
            self.malformed(entry, grant_id, reason)
            return
        start, end = meta["start"], meta["end"]
        self.grants[grant_id] = Grant(
            grant_id,
            _text(meta, "grantor"),
            _text(meta, "purpose"),
            amount,
            currency,
            start,
            end,
            entry.date,
            meta,
            share=_amount(meta.get("community-share"), currency) or ZERO,
            tambon=_text(meta, "tambon"),
            district=_text(meta, "district"),
            province=_text(meta, "province"),
            lines=MappingProxyType({}),
        )

    def line(self, entry: data.Custom) -> None:
        values, currency = _values(entry), self.fund.currency
        amount = _amount(values[2] if len(values) > 2 else None, currency)
        grant_id = str(values[0]) if values else "-"
        if len(values) < 3 or not str(values[1]) or amount is None or amount < 0:
            self.malformed(entry, grant_id, phrase(LINE_FORM, currency=currency))
            return
        if self.report_unknown(entry, grant_id):
            return
        grant, name = self.grants[grant_id], str(values[1])
        if name in grant.lines:
            self.malformed(entry, grant_id, phrase(LINE_DUPLICATE, line=name))
            return
        lines = {**grant.lines, name: amount}
        declared = {**grant.declared, name: entry.meta}
        declared_on = {**grant.declared_on, name: entry.date}
        self.grants[grant_id] = replace(
            grant,
            lines=MappingProxyType(lines),
            declared=MappingProxyType(declared),
            declared_on=MappingProxyType(declared_on),
        )

    def transfer(self, entry: data.Custom) -> None:
        values, currency = _values(entry), self.fund.currency
        grant_id = str(values[0]) if values else "-"
        amount = _amount(values[3] if len(values) > 3 else None, currency)
        approved = _text(entry.meta, "approved-by")
        if len(values) < 4 or amount is None or amount <= 0 or not approved:
            self.malformed(entry, grant_id, phrase(TRANSFER_FORM, currency=currency))
            return
        if self.report_unknown(entry, grant_id):
            return
        grant = self.grants[grant_id]
        source, target = str(values[1]), str(values[2])
        for name in (source, target):
            found = checks.grant_line_unknown(entry, grant, name)
            if found is not None:
                self.report(found)
                return
        budget = grant.budget(source, entry.date)
        if amount > budget:
            money = Amount(amount, currency), Amount(budget, currency)
            self.malformed(
                entry,
                grant_id,
                phrase(TRANSFER_OVER, amount=money[0], line=source, budget=money[1]),
            )
            return
        move = Transfer(entry.date, source, target, amount, approved, entry.meta)
        self.grants[grant_id] = replace(grant, transfers=(*grant.transfers, move))

    def report_unknown(self, entry: Any, grant_id: str) -> bool:
        found = checks.grant_unknown(entry, grant_id, self.grants)
        self.report(found)
        return found is not None

    def directives(self) -> None:
        customs = self.fund.customs
        for entry in customs.get("grant", ()):
            self.grant(entry)
        for entry in customs.get("grant-line", ()):
            self.line(entry)
        for entry in customs.get("grant-transfer", ()):
            self.transfer(entry)
        for grant in self.grants.values():
            total = sum(grant.lines.values(), ZERO)
            if total != grant.amount:
                money = Amount(total, grant.currency), Amount(grant.amount, grant.currency)
                self.report(
                    checks.grant_malformed(
                        grant.meta,
                        None,
                        grant.id,
                        phrase(LINES_SUM, total=money[0], amount=money[1]),
                    )
                )
            self.movements[grant.id] = []

    # -- transactions ----------------------------------------------------------------------

    def transaction(self, entry: data.Transaction) -> None:
        tag = entry.meta.get("grant")
        if tag is None and not any(p.account.startswith(PARENTS) for p in entry.postings):
            return  # most transactions: the fund's own money
        tag = str(tag) if tag is not None else None
        touched = {
            posting.account: grant
            for posting in entry.postings
            if (grant := grant_of_account(posting.account)) is not None
        }
        if tag is None and not touched:
            return
        for account, grant in touched.items():
            self.report(checks.grant_untagged(entry, account, grant, tag))
        self.restricted(entry)
        if tag is None or self.report_unknown(entry, tag):
            return
        self.movement(entry, self.grants[tag])

    def restricted(self, entry: data.Transaction) -> None:
        """Move each grant's restricted balance by the entry, and check it stays at or above
        zero (docs/rules.md, grant-overdrawn)."""
        changes: dict[str, Decimal] = {}
        for posting in entry.postings:
            grant = grant_of_account(posting.account)
            if grant is None or not posting.account.startswith(RESTRICTED + ":"):
                continue
            if posting.units is not None and posting.units.number is not None:
                changes[grant] = changes.get(grant, ZERO) + Decimal(posting.units.number)
        for grant_id, change in changes.items():
            balance = self.balances.get(grant_id, ZERO) + change
            self.balances[grant_id] = balance
            if grant_id in self.grants:
                account = restricted_account(grant_id)
                self.report(
                    checks.grant_overdrawn(entry, self.grants[grant_id], account, balance, change)
                )

    def movement(self, entry: data.Transaction, grant: Grant) -> None:
        sums = {held_account(grant.id): ZERO, community_account(grant.id): ZERO, REVOLVING: ZERO}
        for posting in entry.postings:
            if posting.account in sums and posting.units is not None:
                sums[posting.account] += Decimal(posting.units.number or 0)
        held, share, revolving = sums.values()
        if share:
            self.add(entry, grant, "share", -share, None)
        if held < 0:
            self.add(entry, grant, "received", -held, None)
            received = sum(
                (m.amount for m in self.movements[grant.id] if m.kind == "received"), ZERO
            )
            self.report(checks.grant_over_amount(entry, grant, received))
        elif held > 0:
            self.spending(entry, grant, held, converted=revolving < 0)

    def spending(
        self, entry: data.Transaction, grant: Grant, amount: Decimal, *, converted: bool
    ) -> None:
        line = entry.meta.get("budget-line")
        resolution = _text(entry.meta, "resolution") or None
        if line is None and resolution is not None:
            self.add(entry, grant, "converted" if converted else "returned", amount, None)
            return
        line = str(line) if line is not None else None
        kind: MovementKind = "converted" if converted and resolution else "spent"
        self.add(entry, grant, kind, amount, line)
        unknown = checks.grant_line_unknown(entry, grant, line)
        self.report(unknown)
        self.report(checks.grant_outside_period(entry, grant, entry.date))
        if unknown is None and line is not None:
            used = sum((m.amount for m in self.movements[grant.id] if m.line == line), ZERO)
            book = GrantBook(grant)
            self.report(checks.grant_over_budget(entry, book, line, entry.date, used))

    def add(
        self,
        entry: data.Transaction,
        grant: Grant,
        kind: MovementKind,
        amount: Decimal,
        line: str | None,
    ) -> None:
        households = entry.meta.get("households")
        self.movements[grant.id].append(
            Movement(
                entry.date,
                kind,
                amount,
                line,
                entry.narration or "",
                entry.payee or "",
                entry.meta,
                int(households) if isinstance(households, (int, Decimal)) else None,
                _text(entry.meta, "resolution") or None,
            )
        )

    def grants_read(self) -> Grants:
        return Grants(
            MappingProxyType(
                {
                    grant_id: GrantBook(grant, tuple(self.movements[grant_id]))
                    for grant_id, grant in self.grants.items()
                }
            )
        )


def grant_accounts(grants: Grants) -> list[AccountLife]:
    """The accounts kongtun opens for each grant (on the grant's date), and the fund's own loan
    capital that a conversion credits."""
    lives: list[AccountLife] = []
    for book in grants.books.values():
        grant = book.grant
        lives += [
            AccountLife(
                restricted_account(grant.id),
                grant.date,
                None,
                f"เงินโครงการ {grant.id} (ใช้ตามวัตถุประสงค์เท่านั้น)",
                f"grant {grant.id}: restricted money",
                grant.meta,
            ),
            AccountLife(
                held_account(grant.id),
                grant.date,
                None,
                f"ทุนโครงการ {grant.id} จาก {grant.grantor}",
                f"grant {grant.id} from {grant.grantor}: held for its purpose",
                grant.meta,
            ),
            AccountLife(
                community_account(grant.id),
                grant.date,
                None,
                f"ส่วนสมทบของชุมชน โครงการ {grant.id}",
                f"grant {grant.id}: the community's share",
                grant.meta,
            ),
        ]
    if lives:
        first = min(book.grant.date for book in grants.books.values())
        meta = next(iter(grants.books.values())).grant.meta
        lives.append(
            AccountLife(
                REVOLVING, first, None, "ทุนหมุนเวียนของกองทุน", "the fund's own loan capital", meta
            )
        )
    return lives


def read_grants(
    fund: Fund, entries: Sequence[data.Directive]
) -> tuple[Grants, list[Problem], list[AccountLife]]:
    """The grants of the books, their problems (in the order of the ledger's lines) and the
    accounts kongtun opens for them."""
    reader = GrantReader(fund)
    reader.directives()
    # books whose transactions never post to a grant's account (most of them) only need the
    # transactions tagged ``grant:`` looked at: the fund's pass kept them
    posted, tagged = fund.posted, fund.grant_tagged
    if posted is None or tagged is None or any(a.startswith(PARENTS) for a in posted):
        tagged = tuple(entry for entry in entries if isinstance(entry, data.Transaction))
    for entry in tagged:
        reader.transaction(entry)
    grants = reader.grants_read()
    for book in grants.books.values():
        reader.report(checks.grant_share_short(book, fund.last_date))
        reader.report(checks.grant_leftover(book, fund.last_date))
        for line in book.grant.lines:
            reader.report(checks.grant_line_late(book, line))
    problems = sorted(
        reader.problems,
        key=lambda found: (str(found.source["filename"]), int(found.source["lineno"] or 0)),
    )
    return grants, problems, grant_accounts(grants)
