"""``kongtun import``'s plan: everything is checked before anything is written.

:func:`plan_import` reads the file, builds its transactions against the ledger, drops those
already imported (by their ``import-id``), and loads the would-be ledger — the ledger as it is
plus the new text — with Beancount and kongtun's plugin, so that a row that would break a rule
is found before the books change. It returns the text to append, or every problem with its
row. Writing is :func:`kongtun.cli.files.replace_keeping_backup`'s job.
"""

from __future__ import annotations

import bisect
import datetime
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from beancount import loader
from beancount.core import data
from beancount.parser import printer

from kongtun.importers.bank_csv import SUSPENSE, bank_entries, find_layout, ledger_layouts
from kongtun.importers.collection_sheet import ledger_context, sheet_entries
from kongtun.importers.ids import ID_KEY, imported_ids, same_postings
from kongtun.importers.problems import ImportFailure, import_problem, thb
from kongtun.importers.sheet import find_header, read_account, read_sheet
from kongtun.importers.tabular import read_table
from kongtun.ledger.messages import FundError
from kongtun.ledger.problems import Problem, phrase, where
from kongtun.ledger.years.closes import Close, read_closes

PLUGIN = "kongtun.plugins.fund"
ZERO: Final = Decimal(0)


@dataclass(frozen=True)
class Options:
    """What the command line may add to what the file says."""

    date: datetime.date | None = None
    account: str | None = None
    bank: str | None = None
    #: the user confirmed dates far from the books (``--allow-far-dates``)
    far_dates: bool = False
    #: the user confirmed amounts over :data:`LARGEST` (``--allow-large-amounts``)
    large_amounts: bool = False


#: A date more than this after the books' last transaction is refused without --allow-far-dates.
AHEAD: Final = datetime.timedelta(days=366)
#: ... and more than this before it.
BACK: Final = datetime.timedelta(days=31)
#: An amount over this (one hundred million baht) in one row is refused without
#: --allow-large-amounts: no community fund receives that in one row of a sheet or a statement.
LARGEST: Final = Decimal(100_000_000)


@dataclass
class Plan:
    """What an import would do."""

    source: str
    added: list[data.Transaction] = field(default_factory=list)
    #: import ids already in the books (the row is skipped)
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""
    #: the ledger's entries dated with a year of the Buddhist Era (``date-buddhist-era``):
    #: the import is refused as every command refuses such books
    era_slips: list[Problem] = field(default_factory=list)


def load_ledger(ledger: Path) -> tuple[list[data.Directive], list[Any], dict[str, Any]]:
    """Load the ledger as Beancount does, without its pickle cache: an import that is refused
    leaves no file behind (Beancount writes ``.FILE.picklecache`` after a slow load)."""
    entries, errors, options = loader._load([(str(ledger.resolve()), True)], None, None, None)
    return entries, errors, options


def plan_import(source: str, ledger: Path, target: Path, options: Options) -> Plan:
    """Check ``source`` against ``ledger`` and prepare the text to append to ``target``."""
    plan = Plan(source)
    entries, ledger_options = ledger_problems(plan, ledger, target)
    if plan.problems or plan.era_slips:
        return plan
    try:
        table = read_table(source)
        new, problems = extract(table, entries, ledger_options, options)
    except ImportFailure as failure:
        plan.problems.extend(failure.problems)
        return plan
    plan.problems.extend(problems)
    plan.problems.extend(far_from_the_books(new, entries, options))
    if plan.problems:
        return plan
    keep_new(plan, entries, new)
    if plan.problems or not plan.added:
        return plan
    plan.text, starts = render([*opens_needed(entries, plan.added), *plan.added])
    check_with_ledger(plan, ledger, starts)
    return plan


def ledger_problems(
    plan: Plan, ledger: Path, target: Path
) -> tuple[list[data.Directive], dict[str, Any]]:
    """Load the ledger; a problem in ``plan`` when it is missing or already has problems, or
    when ``target`` is not one of its files."""
    if not ledger.is_file():
        plan.problems.append(import_problem(str(ledger), 0, "import-ledger-missing", path=ledger))
        return [], {}
    entries, errors, ledger_options = load_ledger(ledger)
    plan.era_slips = [
        error.problem()
        for error in errors
        if isinstance(error, FundError) and error.rule == "date-buddhist-era"
    ]
    if PLUGIN not in {name for name, _ in ledger_options.get("plugin", [])}:
        errors = [*errors, "plugin-missing"]  # without kongtun's plugin no rule would be checked
    if errors:
        plan.problems.append(
            import_problem(str(ledger), 0, "import-ledger-broken", count=len(errors), path=ledger)
        )
        return entries, ledger_options
    included = {os.path.realpath(name) for name in ledger_options.get("include", [])}
    included.add(os.path.realpath(ledger))
    if os.path.realpath(target) not in included:
        plan.problems.append(
            import_problem(
                str(target), 0, "import-target-not-included", target=target, ledger=ledger
            )
        )
    return entries, ledger_options


def far_from_the_books(
    new: Sequence[data.Transaction], entries: Sequence[data.Directive], options: Options
) -> list[Problem]:
    """A problem for each new transaction dated far from the books' last transaction (more
    than :data:`AHEAD` after it, more than :data:`BACK` before it) or with an amount over
    :data:`LARGEST`, unless the user confirmed them; at the row of the file."""
    days = [entry.date for entry in entries if isinstance(entry, data.Transaction)]
    last = max(days) if days else None
    closes, _ = read_closes(entries)
    found = []
    for entry in new:
        source = entry.meta["filename"], int(entry.meta["lineno"])
        sealed = closed_on(entry.date, closes)
        if sealed is not None:
            found.append(
                import_problem(
                    *source,
                    "import-date-closed",
                    date=entry.date,
                    closed=closes[-1].date,
                    close=where(sealed.entry.meta),
                    after=closes[-1].date + datetime.timedelta(days=1),
                )
            )
        elif last is not None and not options.far_dates:
            if entry.date > last + AHEAD:
                found.append(
                    import_problem(*source, "import-date-ahead", date=entry.date, last=last)
                )
            elif entry.date < last - BACK:
                found.append(
                    import_problem(*source, "import-date-back", date=entry.date, last=last)
                )
        largest = max(
            (abs(p.units.number or ZERO) for p in entry.postings if p.units), default=ZERO
        )
        if largest > LARGEST and not options.large_amounts:
            found.append(
                import_problem(
                    *source, "import-amount-huge", amount=thb(largest), limit=thb(LARGEST)
                )
            )
    return found


def closed_on(day: datetime.date, closes: Sequence[Close]) -> Close | None:
    """The close that sealed ``day`` (the first close on or after it), if the books are
    closed to it."""
    for close in closes:
        if day <= close.date:
            return close
    return None


def far_rule(day: datetime.date, last: datetime.date) -> str | None:
    """``import-date-ahead`` or ``import-date-back`` when ``day`` is far from ``last``."""
    if day > last + AHEAD:
        return "import-date-ahead"
    if day < last - BACK:
        return "import-date-back"
    return None


def keep_new(
    plan: Plan, entries: Sequence[data.Directive], new: Sequence[data.Transaction]
) -> None:
    """Add to ``plan`` the transactions not yet in the books (by their import id); one already
    there with other amounts is a problem."""
    existing = imported_ids(entries)
    for entry in new:
        key = str(entry.meta[ID_KEY])
        found = existing.get(key)
        if found is None:
            plan.added.append(entry)
            existing[key] = entry  # the same line twice in one file (statements pasted together)
        elif same_postings(entry, found):
            plan.skipped.append(key)
        else:
            plan.problems.append(
                import_problem(
                    plan.source,
                    int(entry.meta["lineno"]),
                    "import-conflict",
                    key=key,
                    where=where(found.meta),
                )
            )


def extract(
    table: Any,
    entries: Sequence[data.Directive],
    ledger_options: Mapping[str, Any],
    options: Options,
) -> tuple[list[data.Transaction], list[Problem]]:
    """The transactions in ``table``: a collection sheet, or a bank statement."""
    if options.account is not None:
        problems: list[Problem] = []
        account = read_account(table.path, 0, options.account, problems)
        if problems:
            return [], problems
        options = replace(options, account=account)
    if options.bank is None and find_header(table) is not None:
        return sheet_entries(
            read_sheet(table),
            ledger_context(entries, ledger_options),
            date=options.date,
            account=options.account,
        )
    layouts = ledger_layouts(entries)
    layout = find_layout(table, options.bank, layouts)
    return bank_entries(table, layout, entries, account=options.account)


def opens_needed(
    existing: Sequence[data.Directive], new: Sequence[data.Transaction]
) -> list[data.Open]:
    """An ``open`` for the suspense account when a new line needs it and the books have none."""
    if any(isinstance(e, data.Open) and e.account == SUSPENSE for e in existing):
        return []
    days = [entry.date for entry in new for p in entry.postings if p.account == SUSPENSE]
    if not days:
        return []
    meta = data.new_metadata("<kongtun import>", 0, {"name": "รายการรอตรวจสอบ (suspense)"})
    return [data.Open(meta, min(days), SUSPENSE, ["THB"], None)]


def render(entries: Sequence[data.Directive]) -> tuple[str, list[tuple[int, int]]]:
    """The Beancount text of ``entries`` and, for each, (first line in the text, sheet row)."""
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    line = 1
    for entry in entries:
        text = printer.format_entry(entry)
        starts.append((line, int(entry.meta.get("lineno", 0))))
        parts.append(text)
        line += text.count("\n") + 1
    return "\n".join(parts), starts


def row_of(starts: list[tuple[int, int]], line: int) -> int:
    index = bisect.bisect_right([start for start, _ in starts], line) - 1
    return starts[index][1] if index >= 0 else 0


def quoted(error: Any) -> object:
    """An error of the would-be ledger as a parameter of ``import-rule``: a kongtun problem as
    data (worded with the rest), Beancount's own as its text."""
    return error.problem() if isinstance(error, FundError) else str(error.message)


def check_with_ledger(plan: Plan, ledger: Path, starts: list[tuple[int, int]]) -> None:
    """Load the would-be ledger (the ledger and the new text) and keep every error as a problem."""
    sources = [(str(ledger.resolve()), True), (plan.text, False)]
    _, errors, _ = loader._load(sources, None, None, None)
    for error in errors:
        source = error.source or {}
        filename = str(source.get("filename") or "")
        line = int(source.get("lineno") or 0)
        if filename.startswith("<"):
            row = row_of(starts, line)
            message: object = quoted(error)
        else:
            row = 0
            message = phrase("{where}: {error}", where=f"{filename}:{line}", error=quoted(error))
        plan.problems.append(import_problem(plan.source, row, "import-rule", message=message))


def appended(old: bytes, plan: Plan) -> bytes:
    """The target file's new content: the old bytes, untouched, then the new transactions."""
    head = b"" if not old or old.endswith(b"\n") else b"\n"
    name = os.path.basename(plan.source)
    block = f"\n; kongtun import {name}\n\n{plan.text}"
    return old + head + block.encode("utf-8")
