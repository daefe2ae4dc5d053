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
from dataclasses import dataclass
from typing import Any

from beancount.core import data
from beancount.core.amount import Amount
from beangulp import Importer

from kongtun.importers.ids import ID_KEY, SOURCE_KEY, mark_duplicates
from kongtun.importers.problems import ImportFailure, import_problem
from kongtun.importers.sheet import (
    LOAN_COLUMNS,
    MONEY,
    ZERO,
    Sheet,
    SheetRow,
    find_header,
    read_sheet,
)
from kongtun.importers.tabular import read_table
from kongtun.ledger.books.fund import Fund, Member
from kongtun.ledger.loans.book import Loan, Loans
from kongtun.ledger.model import loaded_books
from kongtun.ledger.problems import Problem
from kongtun.ledger.thai import bare_name, thai_date


def strip_title(name: str) -> str:
    """A name as the sheet and the books are compared: no title, no spaces."""
    return bare_name("".join(name.split()))


def stable_id(day: datetime.date, member: str) -> str:
    """The import id of a member's row: the collection day and the member."""
    return f"collection {day.isoformat()} {member}"


@dataclass(frozen=True)
class Context:
    """What the ledger says that a sheet is checked against."""

    fund: Fund
    loans: Loans


def ledger_context(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> Context:
    books = loaded_books(entries, options)
    return Context(books.fund, books.loans)


def sheet_entries(
    sheet: Sheet,
    context: Context,
    *,
    date: datetime.date | None,
    account: str | None,
) -> tuple[list[data.Transaction], list[Problem]]:
    """One transaction per member row, checked against the fund; and every problem."""
    problems = list(sheet.problems)
    day = collection_day(sheet, date, problems)
    if day is None:
        return [], problems
    into = account or sheet.account or "Assets:Cash"
    rows = [row for row in sheet.rows if row.total > 0]
    if not rows and not problems:
        problems.append(import_problem(sheet.path, 0, "import-nothing"))
    collection = Collection(sheet.path, day, into, context.fund, context.loans.by_id())
    entries: list[data.Transaction] = []
    for row in rows:
        entry = row_entry(collection, row)
        if isinstance(entry, Problem):
            problems.append(entry)
        else:
            entries.append(entry)
    return entries, problems


@dataclass(frozen=True)
class Collection:
    """One collection day of a sheet: where the money went, and what it is checked against."""

    path: str
    day: datetime.date
    into: str
    fund: Fund
    loans: Mapping[str, Loan]


def row_entry(collection: Collection, row: SheetRow) -> data.Transaction | Problem:
    """A member's row as a transaction, or the first problem with it."""
    member = row_member(collection.path, row, collection.day, collection.fund)
    if isinstance(member, Problem):
        return member
    loan_id = ""
    if any(row.amounts.get(column, ZERO) for column in LOAN_COLUMNS):
        loan = which_loan(collection.path, row, collection.day, collection.loans)
        if isinstance(loan, Problem):
            return loan
        loan_id = loan
    return row_transaction(collection, row, member, loan_id)


def collection_day(
    sheet: Sheet, date: datetime.date | None, problems: list[Problem]
) -> datetime.date | None:
    """The collection day: the sheet's, or the command line's (they must not differ)."""
    if date is not None and sheet.date is not None and date != sheet.date:
        problems.append(
            import_problem(
                sheet.path, sheet.date_row, "import-date-conflict", sheet=sheet.date, given=date
            )
        )
    day = sheet.date or date
    if day is None and not sheet.date_row:  # a date that cannot be read is already a problem
        problems.append(import_problem(sheet.path, 0, "import-date-missing"))
    return day


def row_member(path: str, row: SheetRow, day: datetime.date, fund: Fund) -> Member | Problem:
    """The member of a row, who must be one on the collection day and bear the row's name."""
    member = fund.members.get(row.member)
    if member is None:
        return import_problem(path, row.row, "import-member-unknown", member=row.member)
    if day < member.joined:
        return import_problem(
            path,
            row.row,
            "import-member-not-joined",
            member=row.member,
            joined=member.joined,
            date=day,
        )
    if member.exited is not None and day > member.exited:
        return import_problem(
            path, row.row, "import-member-left", member=row.member, exited=member.exited, date=day
        )
    if row.name and strip_title(row.name) != strip_title(member.name):
        return import_problem(
            path,
            row.row,
            "import-name-mismatch",
            name=row.name,
            member=row.member,
            known=member.name,
        )
    return member


def row_transaction(
    collection: Collection, row: SheetRow, member: Member, loan_id: str
) -> data.Transaction:
    """The row as a transaction: the money received from ``member`` on the collection day."""
    path, day, currency = collection.path, collection.day, collection.fund.currency
    meta = data.new_metadata(
        path,
        row.row,
        {ID_KEY: stable_id(day, row.member), SOURCE_KEY: f"{os.path.basename(path)}:{row.row}"},
    )
    if loan_id:
        meta["loan"] = loan_id
    postings = [data.Posting(collection.into, Amount(row.total, currency), None, None, None, None)]
    for column, template in MONEY.items():
        amount = row.amounts.get(column, ZERO)
        if amount:
            account = template.format(member=row.member)
            postings.append(
                data.Posting(account, Amount(-amount, currency), None, None, None, None)
            )
    narration = f"รับฝากเงิน {thai_date(day)}" + (f" ({row.note})" if row.note else "")
    return data.Transaction(
        meta, day, "*", member.name, narration, data.EMPTY_SET, data.EMPTY_SET, postings
    )


def which_loan(
    path: str, row: SheetRow, day: datetime.date, loans: Mapping[str, Loan]
) -> str | Problem:
    """The loan a row repays: its loan id, or the member's only open loan."""
    if row.loan:
        return named_loan(path, row, day, loans)
    open_loans = sorted(
        loan.id
        for loan in loans.values()
        if loan.kind == "member"
        and loan.party == row.member
        and loan.date <= day
        and loan.state(day).repaid is None
    )
    if not open_loans:
        return import_problem(path, row.row, "import-loan-none", member=row.member)
    if len(open_loans) > 1:
        return import_problem(
            path,
            row.row,
            "import-loan-ambiguous",
            member=row.member,
            loans=open_loans,
            column="เลขที่สัญญา / Loan ID",
        )
    return str(open_loans[0])


def named_loan(
    path: str, row: SheetRow, day: datetime.date, loans: Mapping[str, Loan]
) -> str | Problem:
    """The loan the row names, which must be the member's and still owed on ``day``."""
    loan = loans.get(row.loan)
    if loan is None:
        return import_problem(path, row.row, "import-loan-unknown", loan=row.loan)
    if loan.kind != "member" or loan.party != row.member:
        return import_problem(
            path,
            row.row,
            "import-loan-other-member",
            loan=row.loan,
            party=loan.party,
            member=row.member,
        )
    state = loan.state(day)
    if state.repaid is not None and state.repaid <= day:
        return import_problem(
            path,
            row.row,
            "import-loan-repaid",
            loan=row.loan,
            member=row.member,
            repaid=state.repaid,
        )
    return str(row.loan)


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
