"""The auditor's workpaper at the edge: its findings in words, the model the page template
(``audit.html``) takes, and the workpaper as JSON — one for the command line and Fava."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kongtun.ledger.audit.checks import FINDINGS
from kongtun.ledger.audit.money import BankItem
from kongtun.ledger.audit.workpaper import Workpaper
from kongtun.ledger.i18n import Lang
from kongtun.ledger.messages import error_line, render_problem
from kongtun.ledger.problems import Problem


def page_model(workpaper: Workpaper, lang: Lang) -> dict[str, Any]:
    """What ``audit.html`` takes besides the filters: the workpaper and its words."""

    def finding(found: Problem) -> str:
        return render_problem(found, lang, FINDINGS)

    def rule(found: Problem) -> str:
        return render_problem(found, lang)

    return {"w": workpaper, "fw": finding, "rw": rule}


def _cents(number: Decimal | None) -> str | None:
    return None if number is None else f"{number:.2f}"


def _day(day: datetime.date) -> str:
    return day.isoformat()


def _item(item: BankItem) -> dict[str, Any]:
    return {
        "date": _day(item.date),
        "amount": _cents(item.amount),
        "text": item.text,
        "where": item.where,
    }


def _found(section: str, found: Problem, words: Callable[[Problem], str]) -> dict[str, Any]:
    return {
        "section": section,
        "id": found.rule,
        "file": str(found.source.get("filename")),
        "line": int(found.source.get("lineno") or 0),
        "message": words(found),
    }


def _findings(w: Workpaper, lang: Lang) -> list[dict[str, Any]]:
    def words(found: Problem) -> str:
        return render_problem(found, lang, FINDINGS)

    sections = (
        ("trial-balance", (*w.trial.findings, *w.control_findings)),
        ("cash", w.cash.findings),
        ("bank", (*w.bank_findings, *w.suspense.findings)),
        ("loans", w.loan_findings),
        ("committee", w.payment_findings),
        ("expenses", (*w.round_sums, *w.large_expenses)),
        ("numbers", w.number_findings),
    )
    return [_found(name, found, words) for name, items in sections for found in items]


def _money_sections(w: Workpaper) -> dict[str, Any]:
    return {
        "trial_balance": {
            "date": _day(w.trial.date),
            "lines": [
                {"account": t.account, "debit": _cents(t.debit), "credit": _cents(t.credit)}
                for t in w.trial.lines
            ],
            "debits": _cents(w.trial.debits),
            "credits": _cents(w.trial.credits),
            "ties": {
                s: {"trial": _cents(t), "sheet": _cents(b)} for s, (t, b) in w.trial.ties.items()
            },
        },
        "controls": [
            {
                "kind": c.kind,
                "parent": c.parent,
                "members": _cents(c.members),
                "control": _cents(c.control),
            }
            for c in w.controls
        ],
        "cash_counts": [
            {
                "date": _day(c.date),
                "account": c.account,
                "amount": _cents(c.amount),
                "differs_by": _cents(c.diff),
                "where": c.where,
            }
            for c in w.cash.counts
        ],
        "months_without_cash_count": [m.strftime("%Y-%m") for m in w.cash.uncounted],
        "bank": [
            {
                "account": b.account,
                "imported_lines": b.imported,
                "statements": [_day(d) for d in b.span] if b.span else None,
                "in_books_only": [_item(i) for i in b.books_only],
                "on_statement_only": [_item(i) for i in b.statement_only],
                "recorded_twice": [[_item(a), _item(c)] for a, c in b.twice],
            }
            for b in w.banks
        ],
        "suspense": {
            "balance": _cents(w.suspense.balance),
            "items": [_item(i) for i in w.suspense.items],
        },
    }


def as_json(w: Workpaper, lang: Lang) -> dict[str, Any]:
    """The workpaper as JSON-ready data: amounts as strings to the satang, dates ISO, every
    message in ``lang``."""
    sample = w.sample
    return {
        "fund": w.name,
        "year": w.label,
        "start": _day(w.start),
        "end": _day(w.end),
        "currency": w.currency,
        **_money_sections(w),
        "confirmations": [
            {
                "member": c.member,
                "name": c.name,
                "balances": {kind: _cents(n) for kind, n in c.balances},
                "loans": [{"loan": loan, "outstanding": _cents(n)} for loan, n in c.loans],
            }
            for c in w.confirmations
        ],
        "problems": [error_line(e, lang).as_json() for e in w.errors],
        "closes": [
            {
                "date": _day(c.date),
                "digest": c.digest,
                "closed_by": c.closed_by,
                "resolution": c.resolution,
                "holds": c.holds,
                "problems": [render_problem(p, lang) for p in c.problems],
            }
            for c in w.closes
        ],
        "committee": dict(w.committee),
        "thresholds": {
            "audit-round-sum": _cents(w.thresholds.round_sum.number),
            "audit-large-expense": _cents(w.thresholds.large.number),
        },
        "numbering": [
            {"key": n.key, "book": n.book, "first": n.first, "last": n.last, "count": n.count}
            for n in w.numbering
        ],
        "sample": None
        if sample is None
        else {
            "size": sample.size,
            "seed": sample.seed,
            "population": sample.population,
            "items": [
                {"date": _day(i.date), "text": i.text, "amount": _cents(i.amount), "where": i.where}
                for i in sample.items
            ],
        },
        "findings": _findings(w, lang),
    }
