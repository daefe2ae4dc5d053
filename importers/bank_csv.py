"""Bank statements (CSV) as transactions on the fund's bank account.

A layout says which column holds what. Two are built in (see docs/importing.md for their
columns), and a fund can declare its own bank's layout in the ledger::

    2025-01-01 custom "bank-csv" "coop-bank"
      account: "Assets:Bank"
      date: "Posting Date"
      description: "Details"
      amount: "Amount"            ; a signed amount, or both of:
      ; withdrawal: "Debit"
      ; deposit: "Credit"
      balance: "Balance"          ; optional
      reference: "Ref"            ; optional: the bank's id of the line

Each line becomes one transaction: the bank account and a counter-account found by

1. a deposit equal to the cash received on a collection day imported in the last 3 days
   (the treasurer banking the day's collection): ``Assets:Cash``;
2. a ``custom "bank-match" TEXT ACCOUNT`` line in the ledger whose text is in the
   description (``2025-01-01 custom "bank-match" "ดอกเบี้ย" "Income:Interest:Bank"``);
3. otherwise ``Assets:Suspense`` with the flag ``!``, for the treasurer to settle.

The stable id of a line is the bank's reference, or (without one) a digest of its date,
amount, balance and description, counted when the same line appears twice: an overlapping
statement adds nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from beancount.core import account as account_lib
from beancount.core import data
from beancount.core.amount import Amount
from beangulp import Importer

from kongtun.importers.cells import Cell, CellError, cell_text, header_key, parse_date, parse_money
from kongtun.importers.ids import ID_KEY, SOURCE_KEY, mark_duplicates
from kongtun.importers.problems import ImportFailure, import_problem, thb
from kongtun.importers.tabular import Table, read_table
from kongtun.ledger.books import accounts
from kongtun.ledger.problems import Problem

ZERO: Final = Decimal(0)
SUSPENSE: Final = accounts.SUSPENSE
CASH: Final = "Assets:Cash"
DEPOSIT_WINDOW: Final = datetime.timedelta(days=3)
FIELDS: Final = ("date", "description", "withdrawal", "deposit", "amount", "balance", "reference")


@dataclass(frozen=True)
class BankLayout:
    """Which header holds each field (several spellings each); ``account`` the bank account."""

    name: str
    account: str
    columns: Mapping[str, tuple[str, ...]]

    def required(self) -> tuple[str, ...]:
        fields = ["date", "description"]
        fields += ["amount"] if "amount" in self.columns else ["withdrawal", "deposit"]
        return tuple(fields)


#: Built-in layouts. ``gsb``: ธนาคารออมสิน-style Thai headers with separate withdrawal and
#: deposit columns; ``ktb``: English headers with one signed amount and a reference number.
LAYOUTS: Final[dict[str, BankLayout]] = {
    "gsb": BankLayout(
        "gsb",
        "Assets:Bank",
        {
            "date": ("วันที่", "วันที่ทำรายการ"),
            "description": ("รายการ", "รายละเอียด"),
            "withdrawal": ("ถอน", "ถอนเงิน", "เดบิต"),
            "deposit": ("ฝาก", "ฝากเงิน", "เครดิต"),
            "balance": ("คงเหลือ", "ยอดคงเหลือ"),
        },
    ),
    "ktb": BankLayout(
        "ktb",
        "Assets:Bank",
        {
            "date": ("Transaction Date", "Date"),
            "description": ("Description", "Details"),
            "amount": ("Amount",),
            "balance": ("Balance",),
            "reference": ("Reference No.", "Reference"),
        },
    ),
}


def ledger_layouts(entries: Sequence[data.Directive]) -> dict[str, BankLayout | Problem]:
    """The layouts declared in the ledger (``custom "bank-csv"``), or the problem with one."""
    found: dict[str, BankLayout | Problem] = {}
    for entry in entries:
        if not isinstance(entry, data.Custom) or entry.type != "bank-csv" or not entry.values:
            continue
        name = str(entry.values[0].value)
        meta = entry.meta
        where = str(meta.get("filename", "")), int(meta.get("lineno", 0))
        columns = {key: (str(meta[key]),) for key in FIELDS if isinstance(meta.get(key), str)}
        account = meta.get("account", "Assets:Bank")
        missing = [key for key in ("date", "description") if key not in columns]
        if "amount" not in columns and not {"withdrawal", "deposit"} <= columns.keys():
            missing.append("amount")
        if missing or not isinstance(account, str) or not account_lib.is_valid(account):
            key = missing[0] if missing else "account"
            found[name] = import_problem(
                where[0],
                where[1],
                "import-bank-layout-bad",
                layout=name,
                key=key,
                expected=EXPECTED[key],
            )
            continue
        found[name] = BankLayout(name, account, columns)
    return found


EXPECTED: Final[dict[str, str]] = {
    "date": 'date: "HEADER"',
    "description": 'description: "HEADER"',
    "amount": 'amount: "HEADER" (or withdrawal: "HEADER" and deposit: "HEADER")',
    "account": 'account: "Assets:Bank"',
}


def _positions(layout: BankLayout, cells: Sequence[Cell]) -> dict[str, int] | None:
    keys = [header_key(cell) for cell in cells]
    positions: dict[str, int] = {}
    for field_name, headers in layout.columns.items():
        for header in headers:
            if header_key(header) in keys:
                positions[field_name] = keys.index(header_key(header))
                break
    if all(name in positions for name in layout.required()):
        return positions
    return None


def find_layout(
    table: Table, wanted: str | None, declared: Mapping[str, BankLayout | Problem]
) -> tuple[BankLayout, int, dict[str, int]]:
    """The layout of ``table`` (``wanted`` by name, or the first that fits), its header row
    index and the column of each field. Raises :class:`ImportFailure`."""
    layouts: dict[str, BankLayout | Problem] = {**LAYOUTS, **declared}
    names = ", ".join(sorted(layouts))
    if wanted is not None:
        chosen = layouts.get(wanted)
        if chosen is None:
            raise ImportFailure(
                [
                    import_problem(
                        table.path, 0, "import-bank-layout-unknown", layout=wanted, layouts=names
                    )
                ]
            )
        if isinstance(chosen, Problem):
            raise ImportFailure([chosen])
        return layout_named(table, chosen)
    candidates = [layout for layout in layouts.values() if isinstance(layout, BankLayout)]
    for index, (_, cells) in enumerate(table.rows[:20]):
        for layout in sorted(candidates, key=lambda one: (one.name not in declared, one.name)):
            positions = _positions(layout, cells)
            if positions is not None:
                return layout, index, positions
    raise ImportFailure(
        [
            import_problem(
                table.path,
                0,
                "import-unidentified",
                column="รหัสสมาชิก / Member ID",
                layouts=names,
            )
        ]
    )


def layout_named(table: Table, layout: BankLayout) -> tuple[BankLayout, int, dict[str, int]]:
    """``layout``'s header row in ``table`` and its columns; else the first header missing."""
    for index, (_, cells) in enumerate(table.rows):
        positions = _positions(layout, cells)
        if positions is not None:
            return layout, index, positions
    present = {header_key(cell) for _, cells in table.rows for cell in cells}
    missing = layout.columns[layout.required()[0]][0]
    for field_name in layout.required():
        headers = layout.columns[field_name]
        if not any(header_key(header) in present for header in headers):
            missing = headers[0]
            break
    raise ImportFailure(
        [import_problem(table.path, 0, "import-bank-columns", column=missing, layout=layout.name)]
    )


@dataclass(frozen=True)
class BankLine:
    row: int
    date: datetime.date
    description: str
    amount: Decimal
    balance: Decimal | None
    reference: str


def read_lines(
    table: Table, header: int, positions: Mapping[str, int]
) -> tuple[list[BankLine], list[Problem]]:
    """The statement's lines after the header row."""
    lines: list[BankLine] = []
    problems: list[Problem] = []
    for row, cells in table.rows[header + 1 :]:
        line = read_line(table.path, row, StatementRow(cells, positions))
        if isinstance(line, BankLine):
            lines.append(line)
        else:
            problems.extend(line)
    return lines, problems


@dataclass(frozen=True)
class StatementRow:
    """The cells of one line of a statement, by field."""

    cells: tuple[Cell, ...]
    positions: Mapping[str, int]

    def __call__(self, name: str) -> Cell:
        index = self.positions.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else None


def read_line(path: str, row: int, cell: StatementRow) -> BankLine | list[Problem]:
    """One line of the statement, or its problems."""
    try:
        day = parse_date(cell("date"))
    except CellError as exc:
        return [import_problem(path, row, "import-date-bad", value=exc.text)]
    numbers, problems = read_numbers(path, row, cell)
    if problems:
        return problems
    if "amount" in cell.positions:
        amount = numbers["amount"]
    else:
        withdrawal, deposit = abs(numbers["withdrawal"]), abs(numbers["deposit"])
        if withdrawal and deposit:
            return [
                import_problem(
                    path, row, "import-bank-both", withdrawal=thb(withdrawal), deposit=thb(deposit)
                )
            ]
        amount = deposit - withdrawal
    if not amount:
        return [import_problem(path, row, "import-bank-nothing")]
    balance = numbers.get("balance") if cell_text(cell("balance")) else None
    description, reference = cell_text(cell("description")), cell_text(cell("reference"))
    return BankLine(row, day, description, amount, balance, reference)


def read_numbers(
    path: str, row: int, cell: StatementRow
) -> tuple[dict[str, Decimal], list[Problem]]:
    """The line's amounts (withdrawal, deposit, amount, balance: those the layout has)."""
    numbers: dict[str, Decimal] = {}
    problems: list[Problem] = []
    for name in ("withdrawal", "deposit", "amount", "balance"):
        if name not in cell.positions:
            continue
        try:
            numbers[name] = parse_money(cell(name))
        except CellError as exc:
            rule = "import-number-satang" if exc.kind == "satang" else "import-number-bad"
            problems.append(import_problem(path, row, rule, column=name, value=exc.text))
    return numbers, problems


def line_ids(layout: BankLayout, lines: Sequence[BankLine]) -> list[str]:
    """A stable id for each line: the bank's reference, or a counted digest of the line."""
    seen: dict[str, int] = defaultdict(int)
    ids = []
    for line in lines:
        if line.reference:
            ids.append(f"bank {layout.account} {line.reference}")
            continue
        text = f"{line.date}|{line.amount}|{line.balance}|{line.description}"
        seen[text] += 1
        digest = hashlib.sha256(f"{text}|{seen[text]}".encode()).hexdigest()[:16]
        ids.append(f"bank {layout.account} {line.date} {digest}")
    return ids


def collection_cash(entries: Sequence[data.Directive]) -> dict[datetime.date, Decimal]:
    """Cash received on each imported collection day."""
    cash: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for entry in entries:
        if isinstance(entry, data.Transaction) and str(entry.meta.get(ID_KEY, "")).startswith(
            "collection "
        ):
            for posting in entry.postings:
                if posting.account == CASH and posting.units and posting.units.number:
                    cash[entry.date] += posting.units.number
    return cash


def match_rules(entries: Sequence[data.Directive]) -> list[tuple[str, str]]:
    """(text, account) of every ``custom "bank-match"`` line."""
    rules = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == "bank-match" and len(entry.values) >= 2:
            rules.append((str(entry.values[0].value), str(entry.values[1].value)))
    return rules


def counter_account(
    line: BankLine, cash: Mapping[datetime.date, Decimal], rules: Sequence[tuple[str, str]]
) -> tuple[str, str]:
    """(account, flag) for the other side of a bank line."""
    if line.amount > 0:
        for back in range(DEPOSIT_WINDOW.days + 1):
            if cash.get(line.date - datetime.timedelta(days=back)) == line.amount:
                return CASH, "*"
    for text, account in rules:
        if text and text.lower() in line.description.lower():
            return account, "*"
    return SUSPENSE, "!"


def bank_entries(
    table: Table,
    found: tuple[BankLayout, int, dict[str, int]],
    existing: Sequence[data.Directive],
    *,
    account: str | None = None,
) -> tuple[list[data.Transaction], list[Problem]]:
    """One transaction per statement line; and every problem with its row."""
    layout, header, positions = found
    lines, problems = read_lines(table, header, positions)
    if not lines and not problems:
        problems.append(import_problem(table.path, 0, "import-nothing"))
    bank = account or layout.account
    cash = collection_cash(existing)
    rules = match_rules(existing)
    entries = []
    for line, key in zip(lines, line_ids(layout, lines), strict=True):
        other, flag = counter_account(line, cash, rules)
        meta = data.new_metadata(
            table.path,
            line.row,
            {ID_KEY: key, SOURCE_KEY: f"{os.path.basename(table.path)}:{line.row}"},
        )
        postings = [
            data.Posting(bank, Amount(line.amount, "THB"), None, None, None, None),
            data.Posting(other, Amount(-line.amount, "THB"), None, None, None, None),
        ]
        entries.append(
            data.Transaction(
                meta,
                line.date,
                flag,
                None,
                line.description,
                data.EMPTY_SET,
                data.EMPTY_SET,
                postings,
            )
        )
    return entries, problems


class BankStatementImporter(Importer):  # type: ignore[misc]
    """beangulp importer for bank statements in CSV (a built-in layout, or ``layout`` by name,
    including those the ledger declares; they are read from ``existing`` on extract)."""

    def __init__(self, layout: str | None = None, account: str | None = None) -> None:
        self._layout = layout
        self._account = account

    @property
    def name(self) -> str:
        return "kongtun.bank_csv" + (f".{self._layout}" if self._layout else "")

    def identify(self, filepath: str) -> bool:
        if not filepath.lower().endswith(".csv"):
            return False
        try:
            find_layout(read_table(filepath), self._layout, {})
        except ImportFailure:
            return False
        return True

    def account(self, filepath: str) -> str:
        return self._account or (
            LAYOUTS[self._layout].account if self._layout in LAYOUTS else "Assets:Bank"
        )

    def date(self, filepath: str) -> datetime.date | None:
        """The statement's last day (Fava and beangulp's archive use it)."""
        try:
            table = read_table(filepath)
            _, header, positions = find_layout(table, self._layout, {})
        except ImportFailure:
            return None
        lines, _ = read_lines(table, header, positions)
        return max((line.date for line in lines), default=None)

    def extract(self, filepath: str, existing: list[data.Directive]) -> list[data.Directive]:
        table = read_table(filepath)
        found = find_layout(table, self._layout, ledger_layouts(existing))
        entries, problems = bank_entries(table, found, existing, account=self._account)
        if problems:
            raise ImportFailure(problems)
        return list(entries)

    def deduplicate(self, entries: list[data.Directive], existing: list[data.Directive]) -> None:
        mark_duplicates(entries, existing)
