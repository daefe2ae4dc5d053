"""Reading a collection sheet (before it meets the ledger): the lines above the table, the
header row, one row per member, the totals row — with every problem and its row.

The headers each column is known by are :data:`COLUMNS` (docs/importing.md lists them).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Final

from beancount.core import account as account_lib

from kongtun.importers.cells import (
    Cell,
    CellError,
    cell_text,
    header_key,
    member_id,
    parse_date,
    parse_money,
)
from kongtun.importers.problems import ImportFailure, import_problem, thb
from kongtun.importers.tabular import Table
from kongtun.ledger.books.accounts import MEMBER_ACCOUNT_KINDS
from kongtun.ledger.i18n import N_
from kongtun.ledger.problems import Msg, Problem

ZERO: Final = Decimal(0)

COLUMNS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "number": (N_("No."), ("ลำดับ", "ลำดับที่", "ที่", "no", "number", "#")),
    "member": (N_("Member ID"), ("รหัสสมาชิก", "เลขที่สมาชิก", "เลขสมาชิก", "member id", "member")),
    "name": (N_("Name"), ("ชื่อ-สกุล", "ชื่อ-นามสกุล", "ชื่อสมาชิก", "ชื่อ", "name")),
    "savings": (N_("Savings"), ("เงินสัจจะ", "สัจจะ", "เงินออม", "ฝากสัจจะ", "savings")),
    "shares": (N_("Shares"), ("หุ้น", "ค่าหุ้น", "เงินค่าหุ้น", "shares")),
    "principal": (N_("Principal"), ("เงินต้น", "ชำระเงินต้น", "principal", "loan principal")),
    "interest": (N_("Interest"), ("ดอกเบี้ย", "ชำระดอกเบี้ย", "interest")),
    "fine": (N_("Fine"), ("ค่าปรับ", "fine", "late charge")),
    "welfare": (
        N_("Welfare contribution"),
        ("เงินสมทบ", "สมทบสวัสดิการ", "สวัสดิการ", "welfare", "contribution"),
    ),
    "loan": (N_("Loan ID"), ("เลขที่สัญญา", "เลขที่เงินกู้", "รหัสเงินกู้", "loan id", "loan")),
    "total": (N_("Total"), ("รวม", "รวมเงิน", "total")),
    "note": (N_("Note"), ("หมายเหตุ", "note")),
}
#: the money columns, in the order the postings are written, and the account of each
MONEY: Final[dict[str, str]] = {
    "savings": "Liabilities:Savings:{member}",
    "shares": "Equity:Shares:{member}",
    "welfare": "Income:Contributions:{member}",
    "principal": "Assets:Loans:{member}",
    "interest": "Income:Interest:Loans",
    "fine": "Income:Fines",
}
LOAN_COLUMNS: Final = ("principal", "interest", "fine")
HEADERS: Final[dict[str, str]] = {
    header_key(header): column for column, (_, headers) in COLUMNS.items() for header in headers
}
DATE_LABELS: Final = frozenset(
    header_key(text) for text in ("วันที่รับฝาก", "วันที่", "วันรับฝาก", "date", "collection date")
)
ACCOUNT_LABELS: Final = frozenset(
    header_key(text) for text in ("บัญชีรับเงิน", "รับเข้าบัญชี", "account", "received into")
)
TOTAL_WORDS: Final = frozenset(
    header_key(text) for text in ("รวม", "รวมทั้งสิ้น", "รวมทั้งหมด", "total", "grand total")
)
ACCOUNT_WORDS: Final[dict[str, str]] = {
    header_key("เงินสด"): "Assets:Cash",
    header_key("cash"): "Assets:Cash",
    header_key("ธนาคาร"): "Assets:Bank",
    header_key("เงินฝากธนาคาร"): "Assets:Bank",
    header_key("bank"): "Assets:Bank",
}


def known_headers() -> str:
    """The first Thai and English header of every column, for messages and docs."""
    return ", ".join(
        f"{headers[0]} / {next(header for header in headers if header.isascii())}"
        for _, headers in COLUMNS.values()
    )


@dataclass(frozen=True)
class SheetRow:
    """One member's row."""

    row: int
    member: str
    name: str
    amounts: Mapping[str, Decimal]
    loan: str
    note: str

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


@dataclass(frozen=True)
class Sheet:
    """A collection sheet as read, before it meets the ledger."""

    path: str
    date: datetime.date | None
    date_row: int
    account: str | None
    rows: tuple[SheetRow, ...]
    columns: tuple[str, ...]
    problems: tuple[Problem, ...] = field(default=())


def find_header(table: Table) -> int | None:
    """The index in ``table.rows`` of the header row (the one with a member-id column)."""
    for index, (_, cells) in enumerate(table.rows):
        if any(HEADERS.get(header_key(cell)) == "member" for cell in cells):
            return index
    return None


def read_sheet(table: Table) -> Sheet:
    """The sheet in ``table`` with every problem found in it (not yet against the ledger)."""
    path = table.path
    header_at = find_header(table)
    if header_at is None:
        raise ImportFailure(
            [
                import_problem(
                    path,
                    0,
                    "import-header-missing",
                    column="รหัสสมาชิก / Member ID",
                    known=known_headers(),
                )
            ]
        )
    problems: list[Problem] = []
    above = read_above(table, header_at, problems)
    columns = read_header(path, table.rows[header_at], problems)
    rows, totals = read_rows(table, header_at, columns, problems)
    if totals is not None:
        problems += totals_problems(table, totals, columns, rows)
    return Sheet(
        path,
        above.date,
        above.date_row,
        above.account,
        tuple(rows),
        tuple(columns.values()),
        tuple(problems),
    )


@dataclass(frozen=True)
class Above:
    """What the lines above the table say: the collection day (and its row), the account."""

    date: datetime.date | None = None
    date_row: int = 0
    account: str | None = None


def read_above(table: Table, header_at: int, problems: list[Problem]) -> Above:
    """The collection day and the account from the label-value lines above the header."""
    above = Above()
    for row, cells in table.rows[:header_at]:
        texts = [cell for cell in cells if cell_text(cell)]
        if len(texts) < 2:
            continue
        key = header_key(texts[0])
        if key in DATE_LABELS:
            above = replace(above, date_row=row)
            try:
                above = replace(above, date=parse_date(texts[1]))
            except CellError:
                problems.append(
                    import_problem(table.path, row, "import-date-bad", value=cell_text(texts[1]))
                )
        elif key in ACCOUNT_LABELS:
            account = read_account(table.path, row, texts[1], problems)
            above = replace(above, account=account)
    return above


def read_header(
    path: str, header: tuple[int, tuple[Cell, ...]], problems: list[Problem]
) -> dict[int, str]:
    """The column each header names (by its index), every unknown or repeated one a problem."""
    header_row, header_cells = header
    columns: dict[int, str] = {}
    first_seen: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        text = cell_text(cell)
        if not text:
            continue
        column = HEADERS.get(header_key(cell))
        if column is None:
            problems.append(
                import_problem(
                    path, header_row, "import-header-unknown", header=text, known=known_headers()
                )
            )
        elif column in first_seen:
            first = excel_column(first_seen[column])
            problems.append(
                import_problem(
                    path, header_row, "import-header-duplicate", header=text, first=first
                )
            )
        else:
            first_seen[column] = index
            columns[index] = column
    return columns


Totals = tuple[int, dict[str, Decimal]]


def read_rows(
    table: Table, header_at: int, columns: Mapping[int, str], problems: list[Problem]
) -> tuple[list[SheetRow], Totals | None]:
    """The members' rows below the header, and the totals row (its row and amounts)."""
    rows: list[SheetRow] = []
    seen: dict[str, int] = {}
    totals: Totals | None = None
    for row, cells in table.rows[header_at + 1 :]:
        values = {
            column: cells[index] if index < len(cells) else None
            for index, column in columns.items()
        }
        if totals is not None:
            problems.append(import_problem(table.path, row, "import-after-totals"))
        elif is_totals_row(values):
            given = {key: value for key, value in values.items() if cell_text(value)}
            totals = (row, read_amounts(table.path, row, given, problems, allow_negative=True))
        else:
            member_row = read_row(table.path, row, values, seen, problems)
            if member_row is not None:
                rows.append(member_row)
    return rows, totals


def read_row(
    path: str,
    row: int,
    values: Mapping[str, Cell],
    seen: dict[str, int],
    problems: list[Problem],
) -> SheetRow | None:
    """One member's row (None for a row without a member, or a member's second row)."""
    amounts = read_amounts(path, row, values, problems)
    member = member_id(values.get("member"))
    stated = values.get("total")
    if cell_text(stated):
        try:
            stated_total = parse_money(stated)
        except CellError as exc:
            problems.append(cell_problem(path, row, "total", exc))
        else:
            added = sum(amounts.values(), ZERO)
            if stated_total != added:
                problems.append(
                    import_problem(
                        path, row, "import-row-total", stated=thb(stated_total), added=thb(added)
                    )
                )
    if not member:
        if any(amounts.values()):
            problems.append(import_problem(path, row, "import-member-missing"))
        return None
    if member in seen:
        problems.append(
            import_problem(path, row, "import-row-duplicate", member=member, first=seen[member])
        )
        return None
    seen[member] = row
    return SheetRow(
        row,
        member,
        cell_text(values.get("name")),
        amounts,
        member_id(values.get("loan")),
        cell_text(values.get("note")),
    )


def totals_problems(
    table: Table, totals: Totals, columns: Mapping[int, str], rows: Sequence[SheetRow]
) -> list[Problem]:
    """The totals row against the rows: each column's sum, and the grand total."""
    total_row, stated_totals = totals
    stated = list(stated_totals.items())
    stated_all = values_total(table, total_row, columns)
    if stated_all is not None:
        stated.append(("total", stated_all))
    problems = []
    for column, stated_amount in stated:
        added = sum(
            (
                sheet_row.total if column == "total" else sheet_row.amounts.get(column, ZERO)
                for sheet_row in rows
            ),
            ZERO,
        )
        if stated_amount != added:
            problems.append(
                import_problem(
                    table.path,
                    total_row,
                    "import-totals-mismatch",
                    stated=thb(stated_amount),
                    column=label(column),
                    added=thb(added),
                )
            )
    return problems


def values_total(table: Table, row: int, columns: Mapping[int, str]) -> Decimal | None:
    """The grand total in the totals row's total column, when it has one."""
    for number, cells in table.rows:
        if number != row:
            continue
        for index, column in columns.items():
            if column == "total" and index < len(cells) and cell_text(cells[index]):
                try:
                    return parse_money(cells[index])
                except CellError:
                    return None
    return None


def excel_column(index: int) -> str:
    """``A`` for index 0, ``AA`` for 26."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def label(column: str) -> Msg:
    return Msg(COLUMNS[column][0])


def is_totals_row(values: Mapping[str, Cell]) -> bool:
    for column in ("number", "member", "name"):
        if header_key(values.get(column)) in TOTAL_WORDS:
            return True
    return False


def cell_problem(path: str, row: int, column: str, exc: CellError) -> Problem:
    rule = "import-number-satang" if exc.kind == "satang" else "import-number-bad"
    return import_problem(path, row, rule, column=label(column), value=exc.text)


def read_amounts(
    path: str,
    row: int,
    values: Mapping[str, Cell],
    problems: list[Problem],
    *,
    allow_negative: bool = False,
) -> dict[str, Decimal]:
    amounts: dict[str, Decimal] = {}
    for column in MONEY:
        if column not in values:
            continue
        try:
            amount = parse_money(values[column])
        except CellError as exc:
            problems.append(cell_problem(path, row, column, exc))
            continue
        if amount < 0 and not allow_negative:
            problems.append(
                import_problem(
                    path, row, "import-amount-negative", column=label(column), amount=thb(amount)
                )
            )
            continue
        amounts[column] = amount
    return amounts


#: Accounts of members (a member's loan, ...): money received is never put there by an import.
MEMBER_ROOTS: Final = tuple(kind.parent for kind in MEMBER_ACCOUNT_KINDS.values())


def receiving_account(text: str) -> str | None:
    """The account money can be received into that ``text`` names (เงินสด, ธนาคาร, or an
    ``Assets:`` account that is not a member's, such as ``Assets:Bank:GSB``); None for any
    other (an expense, an income, a member's loan, not an account at all). The one check of
    the sheet's account line and of ``import --account``."""
    known = ACCOUNT_WORDS.get(header_key(text))
    if known is not None:
        return known
    if not account_lib.is_valid(text) or not text.startswith("Assets:"):
        return None
    if any(text == root or text.startswith(root + ":") for root in MEMBER_ROOTS):
        return None
    return text


def read_account(path: str, row: int, value: Cell, problems: list[Problem]) -> str | None:
    """The account ``value`` names (:func:`receiving_account`), or a problem at ``row``."""
    text = cell_text(value)
    account = receiving_account(text)
    if account is None:
        problems.append(import_problem(path, row, "import-account-bad", value=text))
    return account
