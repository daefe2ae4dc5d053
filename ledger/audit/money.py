"""The workpaper's sections on money: the trial balance tied to the balance sheet, the members'
accounts against their control accounts, the cash counts, the bank against its imported
statements, and what is still in ``Assets:Suspense``.

Each builder is a pure function of the year's entries (sorted, as Beancount gives them) and
returns a frozen section with its findings (:mod:`kongtun.ledger.audit.checks`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount

from kongtun.ledger.audit import checks
from kongtun.ledger.books.accounts import MEMBER_ACCOUNT_KINDS, SUSPENSE, split_member_account
from kongtun.ledger.problems import Problem, where

ZERO: Final = Decimal(0)
#: cash accounts (a cash count is a ``balance`` line on one of them) and bank accounts
CASH_PREFIX: Final = "Assets:Cash"
BANK_PREFIX: Final = "Assets:Bank"
#: the importers' stable id of a transaction (kongtun.importers.ids.ID_KEY); a bank line's
#: id starts with ``bank ACCOUNT ``
IMPORT_ID: Final = "import-id"
#: how far apart (days) a hand-written bank entry and an imported line of the same amount
#: are taken as the same movement
BANK_WINDOW: Final = 3
SHEET_SECTIONS: Final = ("Assets", "Liabilities", "Equity")


def _under(account: str, prefix: str) -> bool:
    return account == prefix or account.startswith(prefix + ":")


def balances_on(
    entries: Sequence[data.Directive], end: datetime.date, currency: str
) -> dict[str, Decimal]:
    """Every account's balance in ``currency`` at the end of ``end``."""
    found: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        if entry.date > end:
            break
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                units = posting.units
                if units is not None and units.number is not None and units.currency == currency:
                    found[posting.account] += units.number
    return found


# -- the trial balance -----------------------------------------------------------------------


@dataclass(frozen=True)
class TrialLine:
    account: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class TrialBalance:
    """Every account's balance on the year's last day, and its totals beside the balance
    sheet's (the assembly's report): assets, liabilities, equity with the income less expenses
    not yet closed."""

    date: datetime.date
    lines: tuple[TrialLine, ...]
    debits: Decimal
    credits: Decimal
    #: section -> (the trial balance's total, the balance sheet's)
    ties: Mapping[str, tuple[Decimal, Decimal]]
    findings: tuple[Problem, ...]


def trial_balance(
    balances: Mapping[str, Decimal],
    date: datetime.date,
    sheet: Mapping[str, Decimal],
    currency: str,
) -> TrialBalance:
    """The trial balance of ``balances`` on ``date``, tied to the balance sheet's totals."""
    lines = tuple(
        TrialLine(account, max(number, ZERO), max(-number, ZERO))
        for account, number in sorted(balances.items())
        if number
    )
    debits = sum((line.debit for line in lines), ZERO)
    credits = sum((line.credit for line in lines), ZERO)
    unclosed = -sum(
        (n for a, n in balances.items() if a.startswith(("Income:", "Expenses:"))), ZERO
    )
    totals = {
        section: (1 if section == "Assets" else -1)
        * sum((n for a, n in balances.items() if a.startswith(section + ":")), ZERO)
        for section in SHEET_SECTIONS
    }
    totals["Equity"] += unclosed
    ties = {section: (totals[section], sheet.get(section, ZERO)) for section in SHEET_SECTIONS}
    found = [checks.trial_balance_unbalanced(date, debits, credits, currency)]
    found += [
        checks.trial_balance_sheet_differs(section, date, trial, on_sheet, currency)
        for section, (trial, on_sheet) in ties.items()
    ]
    return TrialBalance(
        date, lines, debits, credits, ties, tuple(one for one in found if one is not None)
    )


# -- members' accounts against their control accounts ------------------------------------------


@dataclass(frozen=True)
class Control:
    """One kind of member account: the members' balances added up, and everything the books
    hold under its parent (the control account)."""

    kind: str
    parent: str
    members: Decimal
    control: Decimal


def controls(
    balances: Mapping[str, Decimal],
    date: datetime.date,
    members: Mapping[str, Any],
    currency: str,
    where_from: Mapping[str, Mapping[str, Any]],
) -> tuple[tuple[Control, ...], tuple[Problem, ...]]:
    """Each balance-sheet kind of member account: members' total against the control account
    (``where_from``: an account -> the metadata of its first posting, to point at)."""
    found: list[Control] = []
    problems: list[Problem] = []
    for kind in MEMBER_ACCOUNT_KINDS.values():
        if not kind.settle_on_exit:
            continue
        total = mine = ZERO
        stray: Mapping[str, Any] | None = None
        for account, number in balances.items():
            if not _under(account, kind.parent):
                continue
            total += number
            split = split_member_account(account)
            if split is not None and split[1] in members:
                mine += number
            elif number and stray is None:
                stray = where_from.get(account)
        if not total and not mine:
            continue
        sign = -1 if kind.credit else 1
        found.append(Control(kind.type, kind.parent, sign * mine, sign * total))
        problem = checks.control_differs(
            kind.parent,
            date=date,
            members=sign * mine,
            control=sign * total,
            currency=currency,
            meta=stray,
        )
        if problem is not None:
            problems.append(problem)
    return tuple(found), tuple(problems)


# -- cash counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """A ``balance`` line on a cash or bank account: what it says, and how far the books were
    from it (None: they agreed)."""

    date: datetime.date
    account: str
    amount: Decimal
    diff: Decimal | None
    where: str


@dataclass(frozen=True)
class Cash:
    counts: tuple[Count, ...]
    #: the months of the year without a count of cash
    uncounted: tuple[datetime.date, ...]
    findings: tuple[Problem, ...]


def months_of(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month from ``start``'s to ``end``'s."""
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def cash_counts(
    entries: Sequence[data.Directive], start: datetime.date, end: datetime.date
) -> Cash:
    """Every ``balance`` line on cash and bank in the year, and the months with no cash count
    (the months of the year the books have transactions in, from the first to the last)."""
    counts: list[Count] = []
    counted: set[datetime.date] = set()
    cash_accounts: set[str] = set()
    kept: list[datetime.date] = []  # the year's transaction days, in order
    for entry in entries:
        if isinstance(entry, data.Open) and _under(entry.account, CASH_PREFIX):
            cash_accounts.add(entry.account)
        if isinstance(entry, data.Transaction) and start <= entry.date <= end:
            kept.append(entry.date)
        if not isinstance(entry, data.Balance) or not start <= entry.date <= end:
            continue
        if not _under(entry.account, CASH_PREFIX) and not _under(entry.account, BANK_PREFIX):
            continue
        diff = entry.diff_amount.number if entry.diff_amount is not None else None
        number = entry.amount.number if entry.amount.number is not None else ZERO
        counts.append(Count(entry.date, entry.account, number, diff, where(entry.meta)))
        if _under(entry.account, CASH_PREFIX):
            counted.add(entry.date.replace(day=1))
    kept_months = months_of(kept[0], kept[-1]) if kept else []
    uncounted = tuple(month for month in kept_months if month not in counted)
    names = tuple(sorted(cash_accounts)) or (CASH_PREFIX,)
    found = tuple(checks.cash_count_missing(month, names) for month in uncounted)
    return Cash(tuple(counts), uncounted, found)


# -- the bank against its imported statements --------------------------------------------------


@dataclass(frozen=True)
class BankItem:
    date: datetime.date
    amount: Decimal
    text: str
    where: str


@dataclass(frozen=True)
class BankAccount:
    """One bank account in the year: the lines imported from its statements, and the
    movements that do not match both ways."""

    account: str
    imported: int
    span: tuple[datetime.date, datetime.date] | None
    books_only: tuple[BankItem, ...]
    statement_only: tuple[BankItem, ...]
    twice: tuple[tuple[BankItem, BankItem], ...]


def _bank_posting(entry: data.Transaction, account: str) -> Decimal:
    return sum(
        (
            p.units.number
            for p in entry.postings
            if p.account == account and p.units is not None and p.units.number is not None
        ),
        ZERO,
    )


def _item(entry: data.Transaction, number: Decimal) -> BankItem:
    return BankItem(entry.date, number, entry.narration or entry.payee or "", where(entry.meta))


def _imported_line(entry: data.Transaction, account: str) -> bool:
    return str(entry.meta.get(IMPORT_ID, "")).startswith(f"bank {account} ")


def bank_accounts(
    entries: Sequence[data.Directive], start: datetime.date, end: datetime.date, currency: str
) -> tuple[tuple[BankAccount, ...], tuple[Problem, ...]]:
    """Every bank account the statements were imported into, matched both ways in the year."""
    moves: dict[str, list[tuple[data.Transaction, Decimal, bool]]] = defaultdict(list)
    for entry in entries:
        if not isinstance(entry, data.Transaction) or not start <= entry.date <= end:
            continue
        for account in sorted(
            {p.account for p in entry.postings if _under(p.account, BANK_PREFIX)}
        ):
            number = _bank_posting(entry, account)
            if number:
                moves[account].append((entry, number, _imported_line(entry, account)))
    found: list[BankAccount] = []
    problems: list[Problem] = []
    for account, rows in sorted(moves.items()):
        if any(imported for _, _, imported in rows):
            bank, more = _reconcile(account, rows, currency)
            found.append(bank)
            problems += more
    return tuple(found), tuple(problems)


def _reconcile(
    account: str, rows: list[tuple[data.Transaction, Decimal, bool]], currency: str
) -> tuple[BankAccount, list[Problem]]:
    lines = [(entry, number) for entry, number, imported in rows if imported]
    span = (lines[0][0].date, lines[-1][0].date)
    unpaired: dict[Decimal, list[tuple[data.Transaction, Decimal]]] = defaultdict(list)
    for line in lines:
        unpaired[line[1]].append(line)
    problems: list[Problem] = []
    books_only: list[BankItem] = []
    twice: list[tuple[BankItem, BankItem]] = []
    for entry, number, imported in rows:
        if imported:
            continue
        pair = next(
            (
                line
                for line in unpaired[number]
                if abs((line[0].date - entry.date).days) <= BANK_WINDOW
            ),
            None,
        )
        amount = Amount(number, currency)
        if pair is not None:
            unpaired[number].remove(pair)
            twice.append((_item(entry, number), _item(*pair)))
            other = where(pair[0].meta)
            problems.append(
                checks.bank_recorded_twice(entry.meta, account, amount, entry.date, other)
            )
        elif span[0] <= entry.date <= span[1]:
            books_only.append(_item(entry, number))
            problems.append(checks.bank_books_only(entry.meta, account, amount, entry.date, span))
    statement_only: list[BankItem] = []
    for entry, number in lines:
        if any(_under(p.account, SUSPENSE) for p in entry.postings):
            item = _item(entry, number)
            statement_only.append(item)
            amount = Amount(number, currency)
            problems.append(
                checks.bank_statement_only(entry.meta, account, amount, entry.date, item.text)
            )
    bank = BankAccount(
        account, len(lines), span, tuple(books_only), tuple(statement_only), tuple(twice)
    )
    return bank, problems


# -- Assets:Suspense ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Suspense:
    """What ``Assets:Suspense`` holds on the year's last day: its balance, and the postings
    left once those that cancel out (the same amount in and out) are set aside."""

    balance: Decimal
    items: tuple[BankItem, ...]
    findings: tuple[Problem, ...]


def suspense(entries: Sequence[data.Directive], end: datetime.date, currency: str) -> Suspense:
    """The money still waiting in ``Assets:Suspense`` at the end of ``end``."""
    items: list[BankItem] = []
    for entry in entries:
        if entry.date > end:
            break
        if not isinstance(entry, data.Transaction):
            continue
        for posting in entry.postings:
            units = posting.units
            account = posting.account
            if not account.startswith(SUSPENSE):  # most postings: no call of _under
                continue
            if _under(account, SUSPENSE) and units is not None and units.number:
                back = next((item for item in items if item.amount == -units.number), None)
                if back is not None:
                    items.remove(back)
                else:
                    items.append(_item(entry, units.number))
    balance = sum((item.amount for item in items), ZERO)
    held = checks.suspense_held(end, Amount(abs(balance), currency), len(items))
    return Suspense(balance, tuple(items), (held,) if held is not None else ())
