"""``kongtun check LEDGER``: every problem in the books, one per line, as file:line: rule: text."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kongtun.cli.common import require_file, words
from kongtun.cli.load import load_books
from kongtun.ledger.books.accounts import SUSPENSE, suspense_held
from kongtun.ledger.books.checks import plugin_missing
from kongtun.ledger.i18n import N_, Lang
from kongtun.ledger.messages import FundError, to_error
from kongtun.ledger.thai import money

PLUGIN = "kongtun.plugins.fund"


@dataclass(frozen=True)
class ReportLine:
    """One line of ``kongtun check``'s report: a problem in words, where it is."""

    file: str
    line: int
    rule: str
    message: str

    def text(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "rule": self.rule, "message": self.message}


def beancount_rule(error: Any) -> str:
    """A rule id for one of Beancount's own errors, from its class: ``beancount-parser``."""
    name = type(error).__name__
    name = name.removesuffix("Error") or name
    return "beancount-" + "".join(
        f"-{char.lower()}" if char.isupper() and index else char.lower()
        for index, char in enumerate(name)
    )


def report_line(error: Any, lang: Lang) -> ReportLine:
    """A Beancount or kongtun error as a report line in ``lang``."""
    source: Mapping[str, Any] = error.source or {}
    file = str(source.get("filename") or "<unknown>")
    line = int(source.get("lineno") or 0)
    if isinstance(error, FundError):
        return ReportLine(file, line, error.rule, error.render(lang))
    rule = beancount_rule(error)
    return ReportLine(file, line, rule, f"{rule}: {error.message}")


def check_ledger(path: str, lang: Lang, warnings: list[str] | None = None) -> list[ReportLine]:
    """Load ``path`` with Beancount (and so with kongtun's plugin) and list its problems;
    the warnings (money in Assets:Suspense) go into ``warnings`` when given."""
    require_file(lang, path)
    entries, errors, options = load_books(path)
    if warnings is not None:
        warnings.extend(suspense_warning(entries, options, lang))
    problems = [report_line(error, lang) for error in errors]
    if PLUGIN not in {name for name, _ in options.get("plugin", [])}:
        top = os.path.abspath(path)
        problems.insert(0, report_line(to_error(plugin_missing(top), lang), lang))
    return problems


SUSPENSE_WARNING = N_(
    "warning: {account} (lines waiting to be explained) holds {amount}. Find what each bank "
    "line in it is and move it to its account; the books are not final until {account} is "
    "back to zero."
)


def suspense_warning(entries: Sequence[Any], options: Mapping[str, Any], lang: Lang) -> list[str]:
    """The warning while Assets:Suspense holds money (docs/importing.md), in ``lang``."""
    held = suspense_held(entries)
    if not held.balance:
        return []
    currency = (options.get("operating_currency") or ["THB"])[0]
    amount = money(abs(held.balance), currency, lang)
    return [words(lang, SUSPENSE_WARNING, account=SUSPENSE, amount=amount)]


def as_text(problems: Iterable[ReportLine]) -> str:
    return "".join(problem.text() + "\n" for problem in problems)


def as_json(path: str, lang: Lang, problems: list[ReportLine]) -> str:
    return (
        json.dumps(
            {
                "ledger": os.path.abspath(path),
                "lang": lang,
                "count": len(problems),
                "errors": [p.as_json() for p in problems],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
