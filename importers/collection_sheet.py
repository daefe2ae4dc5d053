"""The monthly collection sheet (ใบรับฝากเงินประจำเดือน) as transactions, one per member row.

On collection day (วันรับฝาก) the treasurer fills in one row per member. Above the table, two
optional lines give the day and where the money went; the table's header names its columns in
Thai or English (any order, spacing and case; see :data:`COLUMNS`); a totals row (รวม) at the
bottom is checked against the rows::

    วันที่รับฝาก   5/1/2568
    บัญชีรับเงิน   เงินสด
    ลำดับ  รหัสสมาชิก  ชื่อ-สกุล        เงินสัจจะ  หุ้น  เงินต้น  ดอกเบี้ย  ค่าปรับ  เลขที่สัญญา
    1      M0001       นางสมศรี ใจดี    200       50
    2      M0007       นายสมชาย ใจดี    200             2,500    300               L2567-015
           รวม                          400       50    2,500    300

becomes, for the second row::

    2025-01-05 * "นายสมชาย ใจดี" "รับฝากเงิน 5 ม.ค. 2568"
      import-id: "collection 2025-01-05 M0007"
      source: "sheet.xlsx:5"
      loan: "L2567-015"
      Assets:Cash               3000.00 THB
      Liabilities:Savings:M0007 -200.00 THB
      Assets:Loans:M0007       -2500.00 THB
      Income:Interest:Loans     -300.00 THB

The loan repaid is the row's loan id, or the member's only open loan. The stable id
(``import-id``: the collection day and the member) makes a second import of the same sheet
add nothing; beangulp's fuzzy duplicate check is not used.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from beancount.core import account as account_lib
from beancount.core import data
from beancount.core.amount import Amount
from beancount.core.number import D
from beangulp import Importer

from kongtun.importers.cells import (
    Cell,
    CellError,
    cell_text,
    header_key,
    member_id,
    parse_date,
    parse_money,
)
from kongtun.importers.problems import ImportFailure, Problem
from kongtun.importers.tabular import Table, read_table
from kongtun.ledger.errors import Msg
from kongtun.ledger.fund import Fund, read_fund
from kongtun.ledger.i18n import N_
from kongtun.ledger.loans import Loans, read_loans
from kongtun.ledger.thai import thai_date

ZERO: Final = Decimal(0)
ID_KEY: Final = "import-id"
SOURCE_KEY: Final = "source"

#: column -> (label for messages, the headers it is known by: Thai first, then English)
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
TITLES: Final = ("นางสาว", "น.ส.", "นาง", "นาย", "ด.ช.", "ด.ญ.")


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
    problems: list[Problem] = []
    header_at = find_header(table)
    if header_at is None:
        raise ImportFailure(
            [
                Problem(
                    path,
                    0,
                    "import-header-missing",
                    {"column": "รหัสสมาชิก / Member ID", "known": known_headers()},
                )
            ]
        )
    date: datetime.date | None = None
    date_row = 0
    account: str | None = None
    for row, cells in table.rows[:header_at]:
        texts = [cell for cell in cells if cell_text(cell)]
        if len(texts) < 2:
            continue
        key = header_key(texts[0])
        if key in DATE_LABELS:
            date_row = row
            try:
                date = parse_date(texts[1])
            except CellError:
                problems.append(
                    Problem(path, row, "import-date-bad", {"value": cell_text(texts[1])})
                )
        elif key in ACCOUNT_LABELS:
            account = read_account(path, row, texts[1], problems)
    header_row, header_cells = table.rows[header_at]
    columns: dict[int, str] = {}
    first_seen: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        text = cell_text(cell)
        if not text:
            continue
        column = HEADERS.get(header_key(cell))
        if column is None:
            problems.append(
                Problem(
                    path,
                    header_row,
                    "import-header-unknown",
                    {"header": text, "known": known_headers()},
                )
            )
            continue
        if column in first_seen:
            problems.append(
                Problem(
                    path,
                    header_row,
                    "import-header-duplicate",
                    {"header": text, "first": excel_column(first_seen[column])},
                )
            )
            continue
        first_seen[column] = index
        columns[index] = column
    rows: list[SheetRow] = []
    seen: dict[str, int] = {}
    totals: tuple[int, dict[str, Decimal]] | None = None
    for row, cells in table.rows[header_at + 1 :]:
        values = {
            column: cells[index] if index < len(cells) else None
            for index, column in columns.items()
        }
        if totals is not None:
            problems.append(Problem(path, row, "import-after-totals"))
            continue
        if is_totals_row(values):
            given = {key: value for key, value in values.items() if cell_text(value)}
            totals = (row, read_amounts(path, row, given, problems, allow_negative=True))
            continue
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
                        Problem(
                            path, row, "import-row-total", {"stated": stated_total, "added": added}
                        )
                    )
        if not member:
            if any(amounts.values()):
                problems.append(Problem(path, row, "import-member-missing"))
            continue
        if member in seen:
            problems.append(
                Problem(
                    path, row, "import-row-duplicate", {"member": member, "first": seen[member]}
                )
            )
            continue
        seen[member] = row
        rows.append(
            SheetRow(
                row,
                member,
                cell_text(values.get("name")),
                amounts,
                member_id(values.get("loan")),
                cell_text(values.get("note")),
            )
        )
    if totals is not None:
        total_row, stated_totals = totals
        for column, stated_amount in stated_totals.items():
            added = sum((sheet_row.amounts.get(column, ZERO) for sheet_row in rows), ZERO)
            if stated_amount != added:
                problems.append(
                    Problem(
                        path,
                        total_row,
                        "import-totals-mismatch",
                        {"stated": stated_amount, "column": label(column), "added": added},
                    )
                )
        stated_all = values_total(table, total_row, columns)
        if stated_all is not None:
            added = sum((sheet_row.total for sheet_row in rows), ZERO)
            if stated_all != added:
                problems.append(
                    Problem(
                        path,
                        total_row,
                        "import-totals-mismatch",
                        {"stated": stated_all, "column": label("total"), "added": added},
                    )
                )
    return Sheet(
        path, date, date_row, account, tuple(rows), tuple(columns.values()), tuple(problems)
    )


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
    return Problem(path, row, rule, {"column": label(column), "value": exc.text})


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
                Problem(
                    path, row, "import-amount-negative", {"column": label(column), "amount": amount}
                )
            )
            continue
        amounts[column] = amount
    return amounts


def read_account(path: str, row: int, value: Cell, problems: list[Problem]) -> str | None:
    text = cell_text(value)
    known = ACCOUNT_WORDS.get(header_key(text))
    if known is not None:
        return known
    if account_lib.is_valid(text) and text.startswith("Assets:"):
        return text
    problems.append(Problem(path, row, "import-account-bad", {"value": text}))
    return None


def strip_title(name: str) -> str:
    name = "".join(name.split())
    for title in TITLES:
        if name.startswith(title.replace(" ", "")):
            return name[len(title) :]
    return name


def stable_id(day: datetime.date, member: str) -> str:
    """The import id of a member's row: the collection day and the member."""
    return f"collection {day.isoformat()} {member}"


@dataclass(frozen=True)
class Context:
    """What the ledger says that a sheet is checked against."""

    fund: Fund
    loans: Loans


def ledger_context(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> Context:
    fund, _ = read_fund(entries, options)
    villages = {member.id: member.village for member in fund.members.values()}
    loans, _ = read_loans(entries, fund.currency, villages, "en")
    return Context(fund, loans)


def sheet_entries(
    sheet: Sheet,
    context: Context,
    *,
    date: datetime.date | None,
    account: str | None,
) -> tuple[list[data.Transaction], list[Problem]]:
    """One transaction per member row, checked against the fund; and every problem."""
    path = sheet.path
    problems = list(sheet.problems)
    day = sheet.date
    if date is not None and sheet.date is not None and date != sheet.date:
        problems.append(
            Problem(
                path, sheet.date_row, "import-date-conflict", {"sheet": sheet.date, "given": date}
            )
        )
    day = day or date
    if day is None:
        if not sheet.date_row:  # a date that cannot be read is already a problem
            problems.append(Problem(path, 0, "import-date-missing"))
        return [], problems
    into = account or sheet.account or "Assets:Cash"
    fund = context.fund
    currency = fund.currency
    loans = context.loans.by_id()
    entries: list[data.Transaction] = []
    rows = [row for row in sheet.rows if row.total > 0]
    if not rows and not problems:
        problems.append(Problem(path, 0, "import-nothing"))
    for row in rows:
        member = fund.members.get(row.member)
        where = row.row
        if member is None:
            problems.append(Problem(path, where, "import-member-unknown", {"member": row.member}))
            continue
        if day < member.joined:
            problems.append(
                Problem(
                    path,
                    where,
                    "import-member-not-joined",
                    {"member": row.member, "joined": member.joined, "date": day},
                )
            )
            continue
        if member.exited is not None and day > member.exited:
            problems.append(
                Problem(
                    path,
                    where,
                    "import-member-left",
                    {"member": row.member, "exited": member.exited, "date": day},
                )
            )
            continue
        if row.name and strip_title(row.name) != strip_title(member.name):
            problems.append(
                Problem(
                    path,
                    where,
                    "import-name-mismatch",
                    {"name": row.name, "member": row.member, "known": member.name},
                )
            )
            continue
        loan_id = ""
        if any(row.amounts.get(column, ZERO) for column in LOAN_COLUMNS):
            loan_id = which_loan(path, row, day, loans, problems)
            if not loan_id:
                continue
        meta = data.new_metadata(
            path,
            row.row,
            {ID_KEY: stable_id(day, row.member), SOURCE_KEY: f"{os.path.basename(path)}:{row.row}"},
        )
        if loan_id:
            meta["loan"] = loan_id
        postings = [data.Posting(into, Amount(row.total, currency), None, None, None, None)]
        for column, template in MONEY.items():
            amount = row.amounts.get(column, ZERO)
            if amount:
                postings.append(
                    data.Posting(
                        template.format(member=row.member),
                        Amount(-amount, currency),
                        None,
                        None,
                        None,
                        None,
                    )
                )
        narration = f"รับฝากเงิน {thai_date(day)}" + (f" ({row.note})" if row.note else "")
        entries.append(
            data.Transaction(
                meta, day, "*", member.name, narration, data.EMPTY_SET, data.EMPTY_SET, postings
            )
        )
    return entries, problems


def which_loan(  # noqa: PLR0911 - one return per answer
    path: str, row: SheetRow, day: datetime.date, loans: Mapping[str, Any], problems: list[Problem]
) -> str:
    """The loan a row repays: its loan id, or the member's only open loan ('' on a problem)."""
    if row.loan:
        loan = loans.get(row.loan)
        if loan is None:
            problems.append(Problem(path, row.row, "import-loan-unknown", {"loan": row.loan}))
            return ""
        if loan.kind != "member" or loan.party != row.member:
            problems.append(
                Problem(
                    path,
                    row.row,
                    "import-loan-other-member",
                    {"loan": row.loan, "party": loan.party, "member": row.member},
                )
            )
            return ""
        state = loan.state(day)
        if state.repaid is not None and state.repaid <= day:
            problems.append(
                Problem(
                    path,
                    row.row,
                    "import-loan-repaid",
                    {"loan": row.loan, "member": row.member, "repaid": state.repaid},
                )
            )
            return ""
        return str(row.loan)
    open_loans = sorted(
        loan.id
        for loan in loans.values()
        if loan.kind == "member"
        and loan.party == row.member
        and loan.date <= day
        and loan.state(day).repaid is None
    )
    if not open_loans:
        problems.append(Problem(path, row.row, "import-loan-none", {"member": row.member}))
        return ""
    if len(open_loans) > 1:
        problems.append(
            Problem(
                path,
                row.row,
                "import-loan-ambiguous",
                {"member": row.member, "loans": open_loans, "column": "เลขที่สัญญา / Loan ID"},
            )
        )
        return ""
    return str(open_loans[0])


class CollectionSheetImporter(Importer):  # type: ignore[misc]
    """beangulp importer for collection sheets (.xlsx, .csv in UTF-8 or Windows-874).

    ``account`` is where the money goes when the sheet does not say (``Assets:Cash``);
    ``date`` the collection day when the sheet does not say. :meth:`extract` raises
    :class:`~kongtun.importers.problems.ImportFailure` listing every problem with its row;
    :meth:`deduplicate` marks rows already in the books by their ``import-id`` only.
    """

    def __init__(self, account: str = "Assets:Cash", date: datetime.date | None = None) -> None:
        self._account = account
        self._date = date

    @property
    def name(self) -> str:
        return "kongtun.collection_sheet"

    def identify(self, filepath: str) -> bool:
        if not filepath.lower().endswith((".xlsx", ".csv")):
            return False
        try:
            return find_header(read_table(filepath)) is not None
        except ImportFailure:
            return False

    def account(self, filepath: str) -> str:
        return self._account

    def date(self, filepath: str) -> datetime.date | None:
        try:
            return read_sheet(read_table(filepath)).date or self._date
        except ImportFailure:
            return self._date

    def extract(self, filepath: str, existing: list[data.Directive]) -> list[data.Directive]:
        sheet = read_sheet(read_table(filepath))
        options: dict[str, Any] = {"operating_currency": ["THB"]}
        entries, problems = sheet_entries(
            sheet,
            ledger_context(existing, options),
            date=self._date,
            account=sheet.account or self._account,
        )
        if problems:
            raise ImportFailure(problems)
        return list(entries)

    def deduplicate(self, entries: list[data.Directive], existing: list[data.Directive]) -> None:
        mark_duplicates(entries, existing)


def imported_ids(entries: Sequence[data.Directive]) -> dict[str, data.Transaction]:
    """import-id -> the transaction in the books that carries it."""
    return {
        str(entry.meta[ID_KEY]): entry
        for entry in entries
        if isinstance(entry, data.Transaction) and ID_KEY in entry.meta
    }


def mark_duplicates(entries: list[data.Directive], existing: Sequence[data.Directive]) -> None:
    """Mark (beangulp's ``__duplicate__``) the entries whose import-id is already in the books."""
    ids = imported_ids(existing)
    for entry in entries:
        found = ids.get(str(entry.meta.get(ID_KEY, "")))
        if found is not None:
            entry.meta["__duplicate__"] = found


def same_postings(one: data.Transaction, other: data.Transaction) -> bool:
    """Whether two transactions move the same amounts between the same accounts."""

    def key(entry: data.Transaction) -> list[tuple[str, Decimal]]:
        return sorted((p.account, D(p.units.number)) for p in entry.postings if p.units is not None)

    return one.date == other.date and key(one) == key(other)
