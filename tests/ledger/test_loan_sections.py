"""The loan sections of statements and the fund report, on the revolving-fund example."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from beancount import loader
from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.ledger.fund import Fund, read_fund
from kongtun.ledger.loan_sections import (
    LoanReportSection,
    LoanStatementSection,
    report_builder,
    statement_builder,
)
from kongtun.ledger.loans import Loans
from kongtun.ledger.reports import REPORT_SECTIONS, fund_report
from kongtun.ledger.statements import STATEMENT_SECTIONS, MonthBooks, read_month, statement
from kongtun.plugins.loans import loan_errors

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "revolving-fund.beancount"
D = Decimal


def month_of_example(month: datetime.date) -> tuple[Fund, Loans, MonthBooks]:
    entries, errors, options = loader.load_file(str(EXAMPLE))
    assert errors == []
    fund, _ = read_fund(entries, options, "en")
    loans, _ = loan_errors(entries, fund, "en")
    return fund, loans, read_month(entries, fund, month)


def test_statement_section_in_a_paid_month() -> None:
    fund, loans, books = month_of_example(datetime.date(2024, 8, 1))
    sections = (*STATEMENT_SECTIONS, statement_builder(loans))
    built = statement(fund, books, fund.members["R0002"], sections)
    (section,) = [s for s in built.sections if isinstance(s, LoanStatementSection)]
    (month,) = section.loans
    assert month.loan.id == "H2567-002"
    assert (month.paid_principal, month.paid_interest, month.paid_charge) == (
        D("245.30"),
        D("198.78"),
        D("50.67"),
    )
    assert [row.due.isoformat() for row in month.due] == ["2024-08-05"]
    # the moratorium of September to November moves the next instalments to December on
    assert [row.due.isoformat() for row in month.upcoming] == [
        "2024-12-05",
        "2025-01-05",
        "2025-02-05",
    ]
    assert month.state.amount_overdue == 0
    assert month.state.paused_by is None


def test_statement_section_during_the_moratorium() -> None:
    fund, loans, books = month_of_example(datetime.date(2024, 10, 1))
    built = statement(fund, books, fund.members["R0001"], (statement_builder(loans),))
    (section,) = built.sections
    assert isinstance(section, LoanStatementSection)
    (month,) = section.loans
    assert month.due == ()
    assert month.state.paused_by is not None
    assert month.upcoming[0].due.isoformat() == "2024-12-05"


def test_report_section() -> None:
    fund, loans, books = month_of_example(datetime.date(2024, 10, 1))
    report = fund_report(fund, books, 0, (*REPORT_SECTIONS, report_builder(loans)))
    (section,) = [s for s in report.sections if isinstance(s, LoanReportSection)]
    assert section.loans == 2
    assert section.outstanding == D("88898.89")
    assert section.at_risk[30] == (D(0), D(0))
    assert [line.loan.party for line in section.lenders] == ["CODI"]
    assert [m.title for m in section.moratoria] == [
        "พอช. พักชำระหนี้น้ำท่วม 2567",
        "ส่งต่อการพักชำระหนี้ พอช. แก่สมาชิก",
    ]


def test_report_and_statement_commands_show_loans(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["report", str(EXAMPLE), "--month", "2567-09", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report-2024-09.html").read_text(encoding="utf-8")
    assert "หนี้ค้างชำระ (PAR)" in page
    assert "การพักชำระหนี้ในเดือนนี้" in page
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
    page = (tmp_path / "statement-2024-09-R0001.html").read_text(encoding="utf-8")
    assert "Repayments paused" in page
    assert "H2567-001" in page
