"""``kongtun rollup``: many funds' month added up by tambon, district or province.

Thin: find the funds (:func:`kongtun.cli.network.find_funds`), take each summary from the
cache or read the fund on a process pool or a Dask cluster (:mod:`kongtun.cli.network`), add
them up (:func:`kongtun.ledger.network.rollup.roll_up`) and write HTML, CSV and JSON. Funds
left out and funds with problems are listed on stderr and in the files; exit status 0 when
every fund is in and clean, 1 when not, 2 on bad input (docs/network.md).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final, cast

import click

from kongtun.cli.common import LANG_OPTION, MONTH_OPTION, fail, problems_found, say, words
from kongtun.cli.files import write_atomic
from kongtun.cli.network import (
    Outcome,
    SummaryCache,
    dask_client,
    find_funds,
    run_dask,
    run_pool,
)
from kongtun.cli.usage import KongtunCommand
from kongtun.ledger.books.accounts import FUND_KINDS, MEMBER_ACCOUNT_KINDS
from kongtun.ledger.i18n import N_, Lang, N_n
from kongtun.ledger.network.lenders import lenders
from kongtun.ledger.network.rollup import (
    LEVELS,
    LeftOut,
    Level,
    RollUp,
    grant_rows,
    roll_up,
    rollup_json,
    rollup_rows,
)
from kongtun.ledger.network.summary import from_json
from kongtun.ledger.network.witness import ChangedClose, Record, WitnessError, read_records
from kongtun.ledger.network.witness import witness as witness_closes
from kongtun.ledger.thai import wide_month
from kongtun.ledger.welfare.benefits import CATEGORIES
from kongtun.ledger.welfare.book import SOURCES, STATUS_LABELS
from kongtun.templates.render import Format, render_paper

#: why a fund was left out, by :class:`~kongtun.ledger.network.rollup.LeftOut` reason
REASONS: Final[dict[str, str]] = {
    "no-fund": N_('{file}: declares no fund (custom "fund"); left out.'),
    "buddhist-era": N_(
        "{file}:{line}: an entry is dated with a year of the Buddhist Era; left out "
        "(kongtun check {file} names the date meant)."
    ),
    "month-outside": N_(
        "{file}: the books have no figures for {month}: they run from {first} to {last}; left out."
    ),
    "unreadable": N_("{file}: cannot be read ({error}); left out."),
    "crashed": N_("{file}: could not be read: {error}; left out."),
}
WITH_PROBLEMS = N_n(
    "{file}:{line}: {rule}: the books have {count:,} problem (kongtun check {file} lists "
    "it); included.",
    "{file}:{line}: {rule}: the books have {count:,} problems (kongtun check {file} lists "
    "them); included.",
)
CLOSE_CHANGED = N_(
    "WARNING: {file}: the close of {month} is not the one the network recorded in the "
    "roll-up of {seen}: it was {recorded}, it is now {now}. The fund's books of that month "
    "were changed after they were closed; ask the fund's committee why (docs/network.md)."
)
DONE = N_(
    "{found:,} funds found, {included:,} included ({read:,} read, {cached:,} from the cache), "
    "{left:,} left out, {problems:,} with problems."
)
#: the words of each figure key (a key with a part after it: the part is named after it)
FIGURES: Final[dict[str, str]] = {
    "members.start": N_("Members at the start of the month"),
    "members.end": N_("Members at the end of the month"),
    "members.joined": N_("Members who joined"),
    "members.left": N_("Members who left"),
    "members.cumulative": N_("Members ever joined (CODI)"),
    "members.current": N_("Current members (CODI)"),
    "members.matching-eligible": N_("Members eligible for state matching"),
    "members.status.": N_("Members by contribution status"),
    "savings.short": N_("Members who saved less than the minimum"),
    "cash.hand": N_("Cash in hand"),
    "cash.bank": N_("Money in the bank"),
    "income.month": N_("Income of the month"),
    "income.year": N_("Income of the year to date"),
    "expenses.month": N_("Expenses of the month"),
    "expenses.year": N_("Expenses of the year to date"),
    "loans.count": N_("Member loans outstanding"),
    "loans.outstanding": N_("Member loans outstanding (principal)"),
    "loans.in-arrears": N_("Loans in arrears"),
    "loans.overdue": N_("Amount overdue"),
    "loans.paused": N_("Loans paused by a moratorium"),
    "loans.at-risk.": N_("Principal more days past due than"),
    "loans.late.": N_("Loans more days past due than"),
    "moratoria.in-force": N_("Moratoria in force"),
    "borrowed.": N_("Owed to the lender"),
    "welfare.paid.": N_("Benefits paid this month"),
    "welfare.paid-year.": N_("Benefits paid this year"),
    "welfare.claims.": N_("Benefit claims this month"),
    "received.": N_("Received this year from"),
    "welfare.category-year.": N_("Benefits paid this year, CODI's category"),
    "funds.": N_("Funds"),
    "money.": N_("Members' money"),
}


#: a lender's figures (``lent.CODI.outstanding``, ``owed.CODI.เชียงราย``; docs/network.md)
LENT_LABEL = N_("Lent by {lender}")
OWED_LABEL = N_("Owed to {lender} by the organisations of")
PAUSED_LABEL = N_("Loans of {lender} paused by a moratorium, organisations of")
LENT_FIGURES: Final[dict[str, str]] = {
    "count": N_("Loans to organisations owing"),
    "outstanding": N_("Principal outstanding"),
    "moratoria": N_("Moratoria in force"),
}


def _lender_label(key: str, lang: Lang) -> str | None:
    """A lender's figure in words, or None when ``key`` is not one."""
    head, _, rest = key.partition(".")
    lender, _, what = rest.partition(".")
    if not what or head not in ("lent", "owed", "paused"):
        return None
    if head in ("owed", "paused"):
        label = OWED_LABEL if head == "owed" else PAUSED_LABEL
        return f"{words(lang, label, lender=lender)}: {what}"
    label = (
        words(lang, LENT_FIGURES[what])
        if what in LENT_FIGURES
        else figure_label("loans." + what, lang)
    )
    return f"{words(lang, LENT_LABEL, lender=lender)}: {label}"


#: the words of each grant figure (the grants' block: docs/network.md)
GRANT_FIGURES: Final[dict[str, str]] = {
    "grants": N_("Grants"),
    "amount": N_("Grant amount"),
    "received": N_("Received from the grantor"),
    "share": N_("Community share"),
    "spent": N_("Spent on the budget lines"),
    "returned": N_("Returned to the grantor"),
    "converted": N_("Converted to loan capital"),
    "left": N_("Left for the purpose"),
    "households": N_("Households served"),
}


def grant_label(key: str, lang: Lang) -> str:
    """A grant figure in words: ``converted`` -> "Converted to loan capital"."""
    return words(lang, GRANT_FIGURES[key]) if key in GRANT_FIGURES else key


def figure_label(key: str, lang: Lang) -> str:
    """A figure key in words: ``borrowed.CODI`` -> "Owed to the lender: CODI"."""
    lender = _lender_label(key, lang)
    if lender is not None:
        return lender
    if key in FIGURES:
        return words(lang, FIGURES[key])
    head, _, part = key.rpartition(".")
    label = FIGURES.get(head + ".")
    if label is None:
        return key
    return f"{words(lang, label)}: {_part(head, part, lang)}"


def _part(head: str, part: str, lang: Lang) -> str:
    if head == "money" and part in MEMBER_ACCOUNT_KINDS:
        return Format(lang).account(part)
    if head == "funds" and part in FUND_KINDS:
        return Format(lang).kind(part)
    if head == "members.status" and part in STATUS_LABELS:
        return words(lang, STATUS_LABELS[part])
    if head == "received" and part in SOURCES:
        return words(lang, SOURCES[part])
    if head == "welfare.category-year" and part in CATEGORIES:
        return words(lang, CATEGORIES[part])
    return part


def left_words(left: LeftOut, month: datetime.date, lang: Lang) -> str:
    """Why a fund was left out, in ``lang``."""
    values: dict[str, object] = dict(left.values)
    if left.reason == "month-outside":
        values["month"] = wide_month(month, lang)
        for key in ("first", "last"):
            values[key] = wide_month(datetime.date.fromisoformat(left.values[key]), lang)
    return words(lang, REASONS[left.reason], file=left.file, **values)


def _area_name(area: Sequence[str], lang: Lang) -> str:
    if not area:
        return words(lang, N_("All areas"))
    return " · ".join(part or words(lang, N_("(not given)")) for part in area)


def _outcomes(
    files: Sequence[str], cache: SummaryCache, engine: Iterator[Outcome], lang: Lang
) -> list[Outcome]:
    done: list[Outcome] = []
    label = words(lang, N_("reading funds"))
    with click.progressbar(length=len(files), label=label, file=sys.stderr) as bar:
        for outcome in engine:
            cache.put(outcome)
            done.append(outcome)
            bar.update(1)
    return done


def gather(
    files: Sequence[str],
    *,
    cache: SummaryCache,
    month: datetime.date,
    workers: int,
    scheduler: str | None,
    lang: Lang,
) -> list[Outcome]:
    """Each fund's outcome: from the cache, or read on the pool or the cluster."""
    cached = {file: cache.get(file) for file in files}
    hits = [outcome for outcome in cached.values() if outcome is not None]
    stale = [file for file, outcome in cached.items() if outcome is None]
    if scheduler is not None and stale:
        engine = run_dask(stale, month, connect(scheduler, lang))
    else:
        engine = run_pool(stale, month, workers)
    return hits + _outcomes(stale, cache, engine, lang)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_outputs(rollup: RollUp, out: Path, lang: Lang) -> list[Path]:
    """The roll-up as JSON, CSV (the funds' figures, and the grants'), and HTML in ``out``."""
    stem = f"rollup-{rollup.month:%Y-%m}-{rollup.by}"
    fmt = Format(lang)
    title = words(
        lang,
        N_("Roll-up of {month} by {level}"),
        month=wide_month(rollup.month, lang),
        level=words(lang, LEVEL_WORDS[rollup.by]),
    )
    html = render_paper(
        "rollup",
        fmt,
        title,
        rollup=rollup,
        heading=title,
        label=lambda key: figure_label(key, lang),
        area_name=lambda area: _area_name(area, lang),
        reason=lambda left: left_words(left, rollup.month, lang),
        changed_close=lambda changed: close_words(changed, lang),
        members=[area.get("members.end") for area in rollup.areas],
        lent=[area.get("loans.outstanding") for area in rollup.areas],
        grant_label=lambda key: grant_label(key, lang),
        granted=[area.get("amount") for area in rollup.grants.areas],
        lenders=lenders(rollup),
    )
    files = {
        out / f"{stem}.json": json.dumps(rollup_json(rollup), ensure_ascii=False, indent=1) + "\n",
        out / f"{stem}.csv": _csv(rollup_rows(rollup)),
        out / f"{stem}-grants.csv": _csv(grant_rows(rollup)),
        out / f"{stem}.html": html,
    }
    out.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        write_atomic(path, text)
    return list(files)


LEVEL_WORDS: Final[dict[str, str]] = {
    "tambon": N_("tambon"),
    "district": N_("district"),
    "province": N_("province"),
}


def close_words(changed: ChangedClose, lang: Lang) -> str:
    """A close that changed since the network recorded it, in ``lang``."""
    recorded = changed.recorded
    return words(
        lang,
        CLOSE_CHANGED,
        file=changed.file,
        month=wide_month(datetime.date.fromisoformat(recorded.month + "-01"), lang),
        seen=wide_month(datetime.date.fromisoformat(recorded.seen + "-01"), lang),
        recorded=recorded.digest,
        now=changed.digest,
    )


def tell(rollup: RollUp, outcomes: Sequence[Outcome], lang: Lang) -> None:
    """Every changed close, every fund left out and every fund with problems, then the
    counts, on stderr."""
    for changed in rollup.closes_changed:
        click.echo(close_words(changed, lang), err=True)
    for left in rollup.left_out:
        click.echo(left_words(left, rollup.month, lang), err=True)
    for summary in rollup.with_problems:
        first = summary.first_problem
        say(
            lang,
            WITH_PROBLEMS,
            err=True,
            file=summary.file,
            line=first.line if first else 0,
            rule=first.rule if first else "",
            count=summary.problems,
        )
    cached = sum(1 for outcome in outcomes if outcome.cached)
    say(
        lang,
        DONE,
        err=True,
        found=rollup.found,
        included=rollup.total.funds,
        read=len(outcomes) - cached,
        cached=cached,
        left=len(rollup.left_out),
        problems=len(rollup.with_problems),
    )


def rollup_command(
    *,
    folders: Sequence[str],
    month: datetime.date,
    by: Level,
    out: str,
    workers: int | None,
    scheduler: str | None,
    cache: str | None,
    witness: str | None,
    lang: Lang,
) -> None:
    missing = [folder for folder in folders if not os.path.exists(folder)]
    if missing:
        fail(
            lang, N_("cannot read {path}: no such file or folder. Check the path."), path=missing[0]
        )
    files = find_funds(folders)
    if not files:
        fail(
            lang,
            N_('no fund ledger (a .beancount file with custom "fund") under {path}.'),
            path=", ".join(folders),
        )
    if scheduler is not None:
        _require_dask(lang)
    witness_file = Path(witness) if witness else Path(out) / "closes-witness.jsonl"
    records = read_witness(witness_file, lang)
    store = SummaryCache(Path(cache) if cache else Path(out) / "summaries", month)
    outcomes = gather(
        files,
        cache=store,
        month=month,
        workers=workers or os.cpu_count() or 1,
        scheduler=scheduler,
        lang=lang,
    )
    summaries = [from_json(o.summary) for o in outcomes if o.summary is not None]
    left = [o.left for o in outcomes if o.left is not None]
    new, changed = witness_closes(records, summaries, f"{month:%Y-%m}")
    append_records(witness_file, new)
    rollup = replace(roll_up(month, by, summaries, left), closes_changed=tuple(changed))
    for path in write_outputs(rollup, Path(out), lang):
        say(lang, N_("wrote {path}"), path=path)
    tell(rollup, outcomes, lang)
    if not rollup.complete:
        problems_found(lang)


def read_witness(path: Path, lang: Lang) -> list[Record]:
    """The witness file's records (none when it is not there yet); a damaged line stops the
    command before anything is read or written."""
    try:
        with path.open(encoding="utf-8") as lines:
            return read_records(lines)
    except FileNotFoundError:
        return []
    except WitnessError as error:
        fail(
            lang,
            N_(
                "{path}:{line}: this line of the network's witness of closes is not a record; "
                "nothing was read or written. Restore the file from a backup (it is only ever "
                "appended to)."
            ),
            path=path,
            line=error.line,
        )


def append_records(path: Path, records: Sequence[Record]) -> None:
    """Append ``records`` to the witness file (created when missing), flushed to the disk."""
    if not records:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write("".join(record.line() for record in records))
        out.flush()
        os.fsync(out.fileno())


def connect(scheduler: str, lang: Lang) -> object:
    """A client of the Dask cluster at ``scheduler``; stop (exit 2) when it does not answer."""
    try:
        return dask_client(scheduler)
    except (OSError, TimeoutError) as error:
        fail(
            lang,
            N_(
                "cannot reach the Dask scheduler at {address} ({error}); nothing was written. "
                "Start it (docs/network.md), or leave out --scheduler to use this computer."
            ),
            address=scheduler,
            error=str(error).splitlines()[0] if str(error) else type(error).__name__,
        )


def _require_dask(lang: Lang) -> None:
    try:
        import distributed  # noqa: F401, PLC0415 - only to know it is there
    except ImportError:
        fail(lang, N_("--scheduler needs Dask: pip install 'kongtun[network]' (docs/network.md)."))


@click.command(
    "rollup",
    cls=KongtunCommand,
    help=N_(
        "Add up the month of every fund under FOLDERS by tambon, district or province.\n\n"
        'A fund is a .beancount file with custom "fund". Writes OUT/rollup-YYYY-MM-BY.html, '
        ".csv and .json, the funds' grants by their own area and grantor in "
        "OUT/rollup-YYYY-MM-BY-grants.csv, and each fund's summary into OUT/summaries (the "
        "cache: a fund whose "
        "files did not change is not read again). Exit status 0 when every fund is included "
        "and clean, 1 when a fund was left out or has problems, or a fund's month close is not "
        "the one the network recorded in OUT/closes-witness.jsonl (listed on stderr), 2 on bad "
        "input."
    ),
)
@click.argument("folders", nargs=-1, required=True, type=click.Path())
@MONTH_OPTION
@click.option(
    "--by",
    type=click.Choice(LEVELS),
    default="tambon",
    show_default=True,
    help=N_("Add up by tambon, district or province."),
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help=N_("Directory for rollup-YYYY-MM-BY.html, .csv, -grants.csv and .json."),
)
@click.option(
    "--workers",
    type=click.IntRange(1, 1024),
    default=None,
    help=N_("Processes reading funds (default: every core)."),
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS|FILE",
    help=N_("Read the funds on a Dask cluster: tcp://HOST:8786 or a scheduler file."),
)
@click.option(
    "--cache",
    default=None,
    type=click.Path(file_okay=False),
    help=N_("Folder of the funds' summaries (default: OUT/summaries)."),
)
@click.option(
    "--witness",
    default=None,
    type=click.Path(dir_okay=False),
    help=N_(
        "The network's append-only record of the funds' close digests "
        "(default: OUT/closes-witness.jsonl)."
    ),
)
@LANG_OPTION
def rollup(
    *,
    folders: tuple[str, ...],
    month: datetime.date,
    by: str,
    out: str,
    workers: int | None,
    scheduler: str | None,
    cache: str | None,
    witness: str | None,
    lang: Lang,
) -> None:
    rollup_command(
        folders=folders,
        month=month,
        by=cast(Level, by),
        out=out,
        workers=workers,
        scheduler=scheduler,
        cache=cache,
        witness=witness,
        lang=lang,
    )
