"""The demo's month to import: a collection sheet and a bank statement for January 2568.

``kongtun demo`` writes them beside the demo books (``import/``) with the beangulp / Fava
import configuration (``importers.py``), so the README tour can import them:

- the collection sheet of 5 Jan 2025 (5 ม.ค. 2568): every member of the savings group then,
  saving what they saved in December, some buying shares, and the on-time borrowers paying
  their January instalment of their first open loan (principal and interest from the
  schedule);
- the group's bank statement (the ``gsb`` layout) for January: bank interest, the day's cash
  banked on 6 Jan (it matches the collection, so it becomes a transfer from cash), a fee, and
  a transfer the treasurer still has to explain (suspense).

Everything is computed from the demo books, so the sheet imports cleanly into them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import openpyxl
from beancount.core import data

from kongtun.importers.plan import load_ledger
from kongtun.importers.sheet_writer import MemberRow, evaluate_totals, write_xlsx
from kongtun.ledger.books.fund import Fund
from kongtun.ledger.loans.book import Loan, Loans
from kongtun.ledger.model import loaded_books
from kongtun.ledger.thai import money_figure

DAY: Final = datetime.date(2025, 1, 5)
#: the on-time borrowers have paid every instalment due up to this day
PAID_UP: Final = datetime.date(2024, 12, 31)
SHEET: Final = "import/collection-2568-01.xlsx"
STATEMENT: Final = "import/bank-2568-01.csv"
CONFIG: Final = "importers.py"
CREATOR: Final = "kongtun demo"
MARK: Final = "# Written by `kongtun demo`"
IMPORT_CONFIG: Final = f'''{MARK}: kongtun's importers for beangulp and Fava.
"""The import configuration of the demo books.

beangulp:  python importers.py extract import/ -e savings-group.beancount
Fava:      the Import page (the ledger sets the fava-options import-config and import-dirs)
kongtun:   kongtun import import/collection-2568-01.xlsx --into savings-group.beancount
"""

import beangulp

from kongtun.importers.bank_csv import BankStatementImporter
from kongtun.importers.collection_sheet import CollectionSheetImporter

CONFIG = [CollectionSheetImporter(account="Assets:Cash"), BankStatementImporter()]

if __name__ == "__main__":
    beangulp.Ingest(CONFIG)()
'''


@dataclass(frozen=True)
class DemoMonth:
    rows: tuple[MemberRow, ...]
    statement: str


def demo_month(entries: Sequence[data.Directive], options: dict[str, Any]) -> DemoMonth:
    """The demo's January from the savings group's books (loaded, with the plugin)."""
    books = loaded_books(entries, options)
    rows = member_rows(books.fund, books.loans)
    cash = sum((row.total() for row in rows), Decimal(0))
    return DemoMonth(rows, bank_statement(entries, cash))


def member_rows(fund: Fund, loans: Loans) -> tuple[MemberRow, ...]:
    """A row for every member then: December's savings, some shares, the on-time borrowers'
    January instalment of their first open loan."""
    december = datetime.date(2024, 12, 1)
    by_member: dict[str, list[Loan]] = {}
    for loan in loans.member_loans:
        state = loan.state(PAID_UP)
        if state.repaid is None and state.outstanding > 0 and state.days_past_due == 0:
            by_member.setdefault(loan.party, []).append(loan)
    rows = []
    for member in sorted(fund.members.values(), key=lambda one: one.id):
        if not member.active_on(DAY) or member.exited is not None:
            continue
        saved = fund.deposits.get((member.id, december), Decimal(0)) or Decimal(200)
        amounts = {"savings": max(saved, Decimal(200))}
        if int(member.id[1:]) % 3 == 0:
            amounts["shares"] = Decimal(50)
        loan_id = ""
        for loan in sorted(by_member.get(member.id, []), key=lambda one: one.id)[:1]:
            # the first instalment not yet paid: December's was (the loan is not late)
            due = [
                row for row in loan.schedule if PAID_UP < row.due <= DAY + datetime.timedelta(25)
            ]
            if not due:
                continue
            outstanding = loan.state(DAY).outstanding
            if outstanding <= due[0].principal:
                # its last instalment: re-importing the sheet would meet a repaid loan
                # (import-loan-repaid is checked before a row is known as imported)
                continue
            amounts["principal"] = min(due[0].principal, outstanding)
            amounts["interest"] = due[0].interest
            loan_id = loan.id
        rows.append(MemberRow(member.id, member.name, amounts, loan=loan_id))
    return tuple(rows)


def bank_statement(entries: Sequence[data.Directive], cash: Decimal) -> str:
    """January's bank statement (layout gsb): interest, the day's ``cash`` banked, a fee and a
    transfer to explain, after the balance of the books."""
    balance = Decimal(0)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                if posting.account == "Assets:Bank" and posting.units and posting.units.number:
                    balance += posting.units.number
    lines = [f"{MARK}: a bank statement (layout gsb)", "วันที่,รายการ,ถอน,ฝาก,คงเหลือ,ช่องทาง"]
    for day, text, out, into in (
        ("2/1/2568", "ดอกเบี้ยเงินฝาก", Decimal(0), Decimal("152.40")),
        ("6/1/2568", "ฝากเงินสด", Decimal(0), cash),
        ("10/1/2568", "ค่าธรรมเนียมสมุดเล่มใหม่", Decimal(50), Decimal(0)),
        ("20/1/2568", "โอนเงิน PromptPay", Decimal(3000), Decimal(0)),
    ):
        balance += into - out
        withdrawal = money_figure(out, "en") if out else ""
        deposit = money_figure(into, "en") if into else ""
        lines.append(
            f'{day},{text},"{withdrawal}","{deposit}","{money_figure(balance, "en")}",สาขา'
        )
    return "\r\n".join(lines) + "\r\n"


def written_by_demo(path: Path) -> bool:
    """Whether ``path`` is missing or one of the files ``kongtun demo`` writes."""
    if not path.exists():
        return True
    if path.suffix == ".xlsx":
        try:
            workbook = openpyxl.load_workbook(path, read_only=True)
        except Exception:
            return False
        creator = workbook.properties.creator
        workbook.close()
        return bool(creator == CREATOR)
    return path.read_bytes().startswith(MARK.encode())


def demo_files(directory: Path) -> list[Path]:
    return [directory / SHEET, directory / STATEMENT, directory / CONFIG]


def write_demo_month(directory: Path, savings_group: Path) -> list[Path]:
    """Write the sheet, the statement and the import configuration beside the demo books."""
    entries, _, options = load_ledger(savings_group)
    month = demo_month(entries, options)
    sheet, statement, config = demo_files(directory)
    sheet.parent.mkdir(parents=True, exist_ok=True)
    title = "ใบรับฝากเงินประจำเดือน ม.ค. 2568 กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัวทอง"
    write_xlsx(sheet, title, DAY, "เงินสด", month.rows)
    evaluate_totals(sheet)
    workbook = openpyxl.load_workbook(sheet)
    workbook.properties.creator = CREATOR
    workbook.save(sheet)
    statement.write_bytes(month.statement.encode("cp874"))
    config.write_text(IMPORT_CONFIG, encoding="utf-8")
    return [sheet, statement, config]
