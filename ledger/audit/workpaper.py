"""The auditor's workpaper of one fiscal year, from the books of one load.

:func:`workpaper` gathers every section — the trial balance tied to the balance sheet, the
members' accounts against their control accounts, cash counts, the bank against its imported
statements, ``Assets:Suspense``, each member's balance confirmation, the books' problems
and the close chain, loans and payments to look at, expenses, receipt and voucher numbers,
and a random sample of transactions to vouch — into one frozen :class:`Workpaper`. The
command line writes it as HTML, JSON and PDF; the Fava extension shows it (docs/audit.md).

The sample is reproducible: the year's transactions in the order of their date, file and line,
and ``random.Random(seed).sample`` of their positions; the same books and seed give the same
sample.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from beancount.core import data

from kongtun.ledger.audit import money, people
from kongtun.ledger.audit.money import (
    BankAccount,
    BankItem,
    Cash,
    Control,
    Suspense,
    TrialBalance,
)
from kongtun.ledger.audit.people import Confirmation, Numbering, Thresholds
from kongtun.ledger.books.accounts import may_hold_suspense
from kongtun.ledger.model import Books
from kongtun.ledger.problems import Problem, where
from kongtun.ledger.years.annual_report import report_of_year
from kongtun.ledger.years.closes import BY_KEY, RESOLUTION_KEY, read_closes, verify_closes
from kongtun.ledger.years.figures import YearFigures

ZERO: Final = Decimal(0)
CLOSE_RULES: Final = ("closed-period-changed", "closed-period-entry", "closed-period-chain")


@dataclass(frozen=True)
class CloseState:
    """A month close and whether the books still agree with it."""

    date: datetime.date
    digest: str
    closed_by: str
    resolution: str
    #: the problems verifying it found (none: it holds)
    problems: tuple[Problem, ...]

    @property
    def holds(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class SampleItem:
    date: datetime.date
    text: str
    amount: Decimal
    where: str


@dataclass(frozen=True)
class Sample:
    size: int
    seed: int
    population: int
    items: tuple[SampleItem, ...]


@dataclass(frozen=True)
class Workpaper:
    """Every section of the auditor's workpaper of a fiscal year."""

    name: str
    currency: str
    label: str
    start: datetime.date
    end: datetime.date
    trial: TrialBalance
    controls: tuple[Control, ...]
    control_findings: tuple[Problem, ...]
    cash: Cash
    banks: tuple[BankAccount, ...]
    bank_findings: tuple[Problem, ...]
    suspense: Suspense
    confirmations: tuple[Confirmation, ...]
    #: the books' problems as ``kongtun check`` lists them (Beancount's and kongtun's errors)
    errors: tuple[Any, ...]
    closes: tuple[CloseState, ...]
    #: problems with how closes are written, entries in closed months, edits, the chain
    close_problems: tuple[Problem, ...]
    committee: tuple[tuple[str, str], ...]
    loan_findings: tuple[Problem, ...]
    payment_findings: tuple[Problem, ...]
    thresholds: Thresholds
    round_sums: tuple[Problem, ...]
    large_expenses: tuple[Problem, ...]
    numbering: tuple[Numbering, ...]
    number_findings: tuple[Problem, ...]
    sample: Sample | None

    def findings(self) -> tuple[Problem, ...]:
        """Every finding of the workpaper, section by section (the books' own problems and
        the closes' are in :attr:`errors` and :attr:`close_problems`)."""
        return (
            *self.trial.findings,
            *self.control_findings,
            *self.cash.findings,
            *self.bank_findings,
            *self.suspense.findings,
            *self.loan_findings,
            *self.payment_findings,
            *self.round_sums,
            *self.large_expenses,
            *self.number_findings,
        )


def close_states(
    entries: Sequence[data.Directive],
) -> tuple[tuple[CloseState, ...], tuple[Problem, ...]]:
    """Every month close of the books, each with what verifying it found."""
    closes, _ = read_closes(entries)
    problems = verify_closes(entries)
    states = tuple(
        CloseState(
            close.date,
            close.digest,
            str(close.entry.meta.get(BY_KEY) or ""),
            str(close.entry.meta.get(RESOLUTION_KEY) or ""),
            tuple(p for p in problems if p.params.get("closed") == close.date),
        )
        for close in closes
    )
    return states, tuple(problems)


def sample(
    entries: Sequence[data.Directive],
    span: tuple[datetime.date, datetime.date],
    size: int,
    seed: int,
) -> Sample:
    """``size`` transactions of the year drawn with ``seed`` (the same seed, the same sample)."""
    pool = sorted(
        people.year_transactions(entries, span),
        key=lambda e: (e.date, str(e.meta.get("filename")), int(e.meta.get("lineno") or 0)),
    )
    picks = sorted(random.Random(seed).sample(range(len(pool)), min(size, len(pool))))
    items = tuple(
        SampleItem(
            pool[i].date,
            pool[i].narration or pool[i].payee or "",
            sum(
                (
                    p.units.number
                    for p in pool[i].postings
                    if p.units and p.units.number and p.units.number > 0
                ),
                ZERO,
            ),
            where(pool[i].meta),
        )
        for i in picks
    )
    return Sample(size, seed, len(pool), items)


def workpaper(
    books: Books,
    entries: Sequence[data.Directive],
    errors: Sequence[Any],
    year: int,
    *,
    sample_size: int = 0,
    seed: int = 0,
    figures: YearFigures | None = None,
) -> Workpaper:
    """The workpaper of fiscal ``year`` (either era) of the books of one load (``errors``: its
    problems, :func:`kongtun.ledger.model.load_errors`; ``figures``: the load's year figures
    when a caller keeps them, the Fava extension, else read here)."""
    fund, currency = books.fund, books.fund.currency
    figures = figures or YearFigures(books, entries)
    closing = figures.year_end(year)
    start, end = closing.start, closing.end
    span = (start, end)
    # the balances the report, the trial balance and the confirmations read: one walk for
    # the year data and every fiscal year's balances, kept for the load
    before, balances = figures.balances(start, end)
    report = report_of_year(books, figures.data(), closing, balances)
    sheet = {section: report.total(section) for section in money.SHEET_SECTIONS}
    sheet["Equity"] += report.unclosed
    controls, control_findings = money.controls(
        balances, end, fund.members, currency, figures.first_postings()
    )
    banks, bank_findings = money.bank_accounts(entries, start, end, currency)
    states, close_problems = close_states(entries)
    board = people.committee(fund)
    limits = people.thresholds(fund.rules.on(end), currency)
    # the year's entries (found by bisection): what the year's own sections read
    in_year = people.within(entries, span)
    rounds, large = people.expense_findings(in_year, limits, span)
    numbering, number_findings = people.number_findings(in_year, span)
    return Workpaper(
        name=fund.info.name if fund.info else "",
        currency=currency,
        label=report.year.label,
        start=start,
        end=end,
        trial=money.trial_balance(balances, end, sheet, currency),
        controls=controls,
        control_findings=control_findings,
        cash=money.cash_counts(entries, start, end),
        banks=banks,
        bank_findings=bank_findings,
        suspense=money.suspense(entries if may_hold_suspense(fund.posted) else (), end, currency),
        confirmations=people.confirmations(fund, books.loans, (before, balances), end),
        errors=tuple(errors),
        closes=states,
        close_problems=close_problems,
        committee=tuple(sorted(board.items())),
        loan_findings=people.loan_findings(books.loans, fund.members, board, span, currency),
        payment_findings=people.payment_findings(in_year, board, fund.members, span, currency),
        thresholds=limits,
        round_sums=rounds,
        large_expenses=large,
        numbering=numbering,
        number_findings=number_findings,
        sample=sample(in_year, span, sample_size, seed) if sample_size > 0 else None,
    )


__all__ = ["BankItem", "Workpaper", "workpaper"]
