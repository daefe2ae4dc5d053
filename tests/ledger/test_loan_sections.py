"""The loan sections of statements and the fund report, on the revolving-fund example.

The sections are built in (``STATEMENT_SECTIONS``, ``REPORT_SECTIONS``) from the month's
loans model (``MonthBooks.loans``); the figures are those the loan rules' own section tests
checked before the two were joined.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from beancount import loader
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.ledger.books.fund import Fund
from kongtun.ledger.model import loaded_books
from kongtun.ledger.reports.fund_report import fund_report
from kongtun.ledger.reports.month import MonthBooks, read_month
from kongtun.ledger.reports.sections import LoansReportSection
from kongtun.ledger.reports.statements import LoansSection, statement

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "revolving-fund.beancount"
D = Decimal


def month_of_example(month: datetime.date) -> tuple[Fund, MonthBooks]:
    entries, errors, options = loader.load_file(str(EXAMPLE))
    assert errors == []
    model = loaded_books(entries, options)
    return model.fund, read_month(entries, model, month)


def test_statement_section_in_a_paid_month() -> None:
    fund, books = month_of_example(datetime.date(2024, 8, 1))
    built = statement(fund, books, fund.members["R0002"])
    (section,) = [s for s in built.sections if isinstance(s, LoansSection)]
    (loan,) = section.loans
    assert loan.id == "H2567-002"
    assert (loan.paid_principal, loan.paid_interest, loan.paid_charge) == (
        D("245.30"),
        D("198.78"),
        D("50.67"),
    )
    assert [row.due.isoformat() for row in loan.rows if row.due.month == 8] == ["2024-08-05"]
    # as the books stood at the end of August: the moratorium declared on 20 September (which
    # moves the instalments of September to November to December on) is not known yet
    assert loan.rows[-1].due.isoformat() == "2024-09-05"
    assert loan.amount_overdue == 0
    assert loan.paused_by is None


def test_statement_section_during_the_moratorium() -> None:
    fund, books = month_of_example(datetime.date(2024, 10, 1))
    built = statement(fund, books, fund.members["R0001"])
    (section,) = [s for s in built.sections if isinstance(s, LoansSection)]
    (loan,) = section.loans
    assert loan.due_in_month == 0
    assert loan.paused_by is not None
    assert loan.rows[-1].due.isoformat() == "2024-12-05"


def test_report_section() -> None:
    fund, books = month_of_example(datetime.date(2024, 10, 1))
    report = fund_report(fund, books, 0)
    (section,) = [s for s in report.sections if isinstance(s, LoansReportSection)]
    assert section.portfolio.loans == 2
    assert section.portfolio.outstanding == D("88898.89")
    assert (section.par[0].outstanding, section.par[0].share) == (D(0), D(0))
    assert [row.lender for row in section.borrowings] == ["CODI"]
    assert [row.moratorium.title for row in section.moratoria] == [
        "พอช. พักชำระหนี้น้ำท่วม 2567",
        "ส่งต่อการพักชำระหนี้ พอช. แก่สมาชิก",
    ]


def test_report_and_statement_commands_show_loans(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["report", str(EXAMPLE), "--month", "2567-09", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report-2567-09.html").read_text(encoding="utf-8")
    assert "หนี้ค้างชำระ (PAR)" in page
    assert "การพักชำระหนี้ที่มีผลอยู่" in page
    assert "CODI-2567-001" in page
    result = runner.invoke(
        main,
        [
            "statements",
            str(EXAMPLE),
            "--month",
            "2024-09",
            "--out",
            str(tmp_path),
            "--lang",
            "en",
            "--member",
            "R0001",
        ],
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "statements-2024-09-en"
    page = (folder / "statement-2024-09-R0001-en.html").read_text("utf-8")
    assert "Paused by" in page
    assert "H2567-001" in page
