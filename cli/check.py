"""``kongtun check LEDGER``: every problem in the books, one per line, as file:line: rule: text.

The problems are those of :func:`kongtun.ledger.model.load_errors` — the same the reports,
the statements and the Fava pages count and list. When the books do not load kongtun's plugin,
``plugin-missing`` comes first and the flood of Beancount's validation errors that follows
from it (the accounts kongtun would open) is summed up in one line; ``--all`` lists them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from kongtun.cli.common import fail, require_file, words
from kongtun.cli.load import load_books
from kongtun.ledger.books.accounts import suspense_warning
from kongtun.ledger.i18n import N_, Lang, N_n
from kongtun.ledger.messages import ErrorLine, SuspenseWarning, beancount_rule, error_line
from kongtun.ledger.model import PLUGIN, load_errors

__all__ = ["PLUGIN", "ReportLine", "beancount_rule", "check_ledger", "report_line"]

#: a line of ``kongtun check``'s report (see :class:`kongtun.ledger.messages.ErrorLine`)
ReportLine = ErrorLine
#: Beancount's errors that follow from a missing plugin (accounts used but never opened)
FLOOD = "beancount-validation"
FLOOD_SUMMARY = N_n(
    "… and {count:,} {rule} error that follows from it: without the plugin, the accounts "
    "kongtun opens are missing (kongtun check --all lists it).",
    "… and {count:,} {rule} errors that follow from it: without the plugin, the accounts "
    "kongtun opens are missing (kongtun check --all lists them).",
)
NOT_A_LEDGER = N_(
    "{path} is not a ledger: {what}. kongtun check reads Beancount books (a .beancount text "
    "file); a collection sheet or a bank statement goes in with kongtun import FILE --into "
    "LEDGER."
)
A_FOLDER = N_("it is a folder")
NOT_TEXT = N_("it is not a text file")
#: the rule ids of the errors of text Beancount could not read at all
UNREAD = ("beancount-lexer", "beancount-parser")
NOTHING_READ = N_("not one line of it reads as Beancount")


def report_line(error: Any, lang: Lang) -> ReportLine:
    """A Beancount or kongtun error as a report line in ``lang``."""
    return error_line(error, lang)


def not_a_ledger(lang: Lang, path: str, what: str) -> NoReturn:
    fail(lang, NOT_A_LEDGER, path=path, what=words(lang, what))


def require_ledger(lang: Lang, path: str) -> None:
    """Stop (exit status 2, one message) unless ``path`` is a file that can be books: not a
    folder, not a spreadsheet or another binary file."""
    if os.path.isdir(path):
        not_a_ledger(lang, path, A_FOLDER)
    require_file(lang, path)
    with open(path, "rb") as handle:
        head = handle.read(64 * 1024)
    try:
        head.decode("utf-8")
        text = b"\0" not in head
    except UnicodeDecodeError as error:
        text = error.start > len(head) - 4  # a character cut at the end of the sample
    if not text:
        not_a_ledger(lang, path, NOT_TEXT)


def shown(file: str, relative: bool) -> str:
    """``file`` as the user named the books: relative to the current folder when they gave a
    relative path (and the file is below it)."""
    if not relative or not os.path.isabs(file):
        return file
    path = os.path.relpath(file)
    return file if path.startswith("..") else path


def check_ledger(
    path: str, lang: Lang, warnings: list[SuspenseWarning] | None = None, *, full: bool = False
) -> list[ReportLine]:
    """Load ``path`` with Beancount (and so with kongtun's plugin) and list its problems;
    the warnings (money in Assets:Suspense) go into ``warnings`` when given; ``full``: every
    close recomputed and every recorded year end checked, never answered from the
    verified-closes or verified-year-ends cache."""
    require_ledger(lang, path)
    entries, errors, options = load_books(path, full=full)
    if warnings is not None:
        currency = (options.get("operating_currency") or ["THB"])[0]
        held = suspense_warning(entries, currency)
        warnings.extend([held] if held else [])
    lines = [report_line(error, lang) for error in load_errors(errors, options)]
    unread = [line for line in lines if line.rule != "plugin-missing"]
    if not entries and unread and all(line.rule.startswith(UNREAD) for line in unread):
        not_a_ledger(lang, path, NOTHING_READ)
    relative = not os.path.isabs(path)
    return [line._replace(file=shown(line.file, relative)) for line in lines]


def summarised(problems: Sequence[ReportLine], lang: Lang) -> tuple[list[ReportLine], str]:
    """The lines to print and the summary after them: when ``plugin-missing`` leads, the
    validation errors that follow from it in one line."""
    if not problems or problems[0].rule != "plugin-missing":
        return list(problems), ""
    flood = [line for line in problems if line.rule == FLOOD]
    if not flood:
        return list(problems), ""
    rest = [line for line in problems if line.rule != FLOOD]
    return rest, words(lang, FLOOD_SUMMARY, count=len(flood), rule=FLOOD) + "\n"


def as_text(problems: Iterable[ReportLine]) -> str:
    return "".join(problem.text() + "\n" for problem in problems)


def as_json(
    path: str, lang: Lang, problems: list[ReportLine], warnings: Sequence[SuspenseWarning] = ()
) -> str:
    """``check``'s JSON: the problems (``count``, ``errors``) and the ``warnings`` (money in
    Assets:Suspense), which do not change the exit status."""
    return (
        json.dumps(
            {
                "ledger": os.path.abspath(path),
                "lang": lang,
                "count": len(problems),
                "errors": [p.as_json() for p in problems],
                "warnings": [warning.as_json(lang) for warning in warnings],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
