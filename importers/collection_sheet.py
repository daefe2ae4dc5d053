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
from typing import Any, Final

from beancount.core import data
from beancount.core.amount import Amount
from beangulp import Importer

from kongtun.importers.ids import ID_KEY, SOURCE_KEY, mark_duplicates
from kongtun.importers.problems import ImportFailure, Problem
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
from kongtun.ledger.books.fund import Fund
from kongtun.ledger.loans.book import Loans
from kongtun.ledger.model import loaded_books
from kongtun.ledger.thai import thai_date

TITLES: Final = ("นางสาว", "น.ส.", "นาง", "นาย", "ด.ช.", "ด.ญ.")


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
