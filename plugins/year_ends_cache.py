"""The verified-year-ends cache: a load whose recorded year ends are those of a load that found
them clean skips checking them again (docs/year-end.md, "Checked once").

Every load of a savings group used to recompute each recorded year end (its surplus, every
member's share-months, the allocation, the entries compared) and walk every posting for it,
although a committee only adds entries to the open year. The cache is one small JSON file a
ledger, outside the books: ``$XDG_CACHE_HOME/kongtun/year-ends/<SHA-256 of the ledger's
absolute path>.json`` (``~/.cache`` without ``XDG_CACHE_HOME``), written atomically, holding a
day (the cutoff), the key of the entries dated up to it
(:func:`kongtun.ledger.years.year_ends_key.year_ends_key`), the year ends it vouches for and
the payables' balances at its end:

- the same key and no year-end transaction after the cutoff: a **hit**; no year end is
  checked and only the entries after the cutoff are read (the payables' checks go on from
  the balances kept);
- the same key but a year-end transaction after the cutoff (a year end recorded since): every
  entry is read, the year ends the cache vouches for are not checked, the others are;
- any other key: every year end is checked, as without the cache.

After a load that read every entry, a new key is written when its source files are older than a
minute (the bytes hashed must be those Beancount read) and some clean year ends can be vouched
for (:func:`kongtun.ledger.years.year_ends_key.vouched_cutoff`). A year end with a problem is
never vouched for: it is checked, and its errors shown, on every load. Any failure to read or
write the cache is a miss, silently. As for the verified closes (one switch for both):
``KONGTUN_NO_CACHE=1`` and the commands that prove the books (``check --no-cache``,
``verify-chain``, ``verify-statement``, ``audit``, ``close``, ``carry``) never use it.
"""

from __future__ import annotations

import datetime
import functools
import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

from beancount.core import data

from kongtun import ledger as ledger_package
from kongtun.ledger.model import Books
from kongtun.ledger.problems import Problem
from kongtun.ledger.years.needs import SURPLUS_ACCOUNT
from kongtun.ledger.years.verified import cacheable, closed_prefixes
from kongtun.ledger.years.year_end import (
    YearData,
    label_problems,
    overpaid_days,
    payout_problems,
    read_year_data,
    recorded_cutoff,
    standing_problems,
)
from kongtun.ledger.years.year_ends_key import payables_on, vouched_cutoff, year_ends_key
from kongtun.plugins.load_cache import (
    Prefix,
    cache_file,
    code_identity,
    disabled,
    prefix_digests,
    prefixes_record,
    read_json,
    read_prefixes,
    restamped,
    settled,
    write_json,
)

FOLDER: Final = "year-ends"
#: the packages whose code computes a year end's checks (the fund's and the loans' passes,
#: the year end itself): a digest of their sources is part of the key
CODE_PACKAGES: Final = ("books", "loans", "years")

#: what the loads of this process did: ``hit`` (no year end checked, only the entries after
#: the cutoff read), ``full`` (every entry read), ``vouched`` (year ends not checked because
#: the cache vouched for them, on hits and full loads alike), ``checked`` (year ends checked),
#: ``written`` (a key written); read by the tests and the benchmark
COUNTS: dict[str, int] = {"hit": 0, "full": 0, "vouched": 0, "checked": 0, "written": 0}
#: hits that kept the files' stamps anew (a file written since, the key the same)
RESTAMPED: dict[str, int] = {"written": 0}


@dataclass(frozen=True)
class _Kept:
    """What the cache holds: the cutoff, its key, the year ends vouched for, the payables,
    and where each file's prefix ended (to find it again without counting its lines)."""

    cutoff: datetime.date
    key: str
    labels: frozenset[str]
    payables: dict[str, Decimal]
    prefixes: dict[str, Prefix]


def checked_year_ends(books: Books, entries: Sequence[data.Directive], options: Any) -> Books:
    """``books`` with the year end's problems after the others (the plugin's pass), the
    recorded year ends the cache vouches for not checked again."""
    fund = books.fund
    found = standing_problems(fund)
    if SURPLUS_ACCOUNT in fund.opened:
        found += _recorded(books, entries, options)
    return replace(books, problems=(*books.problems, *found)) if found else books


def _recorded(books: Books, entries: Sequence[data.Directive], options: Any) -> list[Problem]:
    """The problems of the recorded year ends and the payables, through the cache."""
    currency = books.fund.currency
    files = [str(name) for name in options.get("include") or ()]
    usable = bool(files) and not disabled() and cacheable(options)
    path = cache_file(str(options["filename"]), FOLDER) if usable else None
    kept = _read(path) if path is not None else None
    # the key of this load at the kept cutoff: a miss writes it again when the cutoff holds
    computed = (
        None
        if kept is None
        else (kept.cutoff, *_key(books, entries, options, (kept.cutoff, kept.prefixes), files))
    )
    if kept is not None and computed is not None and computed[1] != kept.key:
        kept = None
    if kept is not None:
        start = bisect_right(entries, kept.cutoff, key=lambda entry: entry.date)
        tail = read_year_data(entries[start:], currency, kept.payables)
        if not tail.recorded:  # no year end recorded after the cutoff: all vouched for
            COUNTS["hit"] += 1
            COUNTS["vouched"] += len(kept.labels)
            if (
                path is not None
                and computed is not None
                and restamped(kept.prefixes, computed[2], files)
            ):
                # a file written since (an entry appended after the cutoff)
                ledger = str(options["filename"])
                RESTAMPED["written"] += _write(path, replace(kept, prefixes=computed[2]), ledger)
            return payout_problems(tail, currency)
    COUNTS["full"] += 1
    found = read_year_data(entries, currency)
    cutoffs = {label: recorded_cutoff(label, moves) for label, moves in found.recorded.items()}
    vouched = _vouched(kept, cutoffs)
    by_label = {
        label: label_problems(books, found, label, moves)
        for label, moves in sorted(found.recorded.items())
        if label not in vouched
    }
    COUNTS["vouched"] += len(vouched)
    COUNTS["checked"] += len(by_label)
    payouts = payout_problems(found, currency)
    if path is not None and settled(files):
        clean = vouched | {label for label, problems in by_label.items() if not problems}
        _keep(path, (books, entries, options, files), found, cutoffs, (clean, kept, computed))
    return [one for problems in by_label.values() for one in problems] + payouts


def _vouched(kept: _Kept | None, cutoffs: dict[str, datetime.date | None]) -> frozenset[str]:
    """The year ends the cache vouches for: those it names whose cutoff (all their
    transactions) still lies on or before its own."""
    if kept is None:
        return frozenset()
    return frozenset(
        label
        for label in kept.labels
        if (cut := cutoffs.get(label)) is not None and cut <= kept.cutoff
    )


def _keep(
    path: Path,
    load: tuple[Books, Sequence[data.Directive], Any, list[str]],
    found: YearData,
    cutoffs: dict[str, datetime.date | None],
    known: tuple[
        frozenset[str],
        _Kept | None,
        tuple[datetime.date, str | None, dict[str, Prefix]] | None,
    ],
) -> None:
    """Write the key of the latest cutoff the clean year ends allow (when it moved); ``known``:
    the year ends found clean, the cache when it held, and the key computed this load."""
    books, entries, options, files = load
    clean, kept, computed = known
    overpaid = overpaid_days(found, books.fund.currency)
    cutoff = vouched_cutoff(found.recorded, cutoffs, clean, overpaid)
    if cutoff is None or (kept is not None and kept.cutoff == cutoff):
        return
    key, prefixes = (
        computed[1:]
        if computed is not None and computed[0] == cutoff
        else _key(books, entries, options, (cutoff, {}), files)
    )
    if key is None:
        return
    labels = frozenset(label for label, cut in cutoffs.items() if cut is not None and cut <= cutoff)
    payables = payables_on(found.payable_moves, cutoff)
    COUNTS["written"] += _write(
        path, _Kept(cutoff, key, labels, payables, prefixes), str(options["filename"])
    )


def _write(path: Path, kept: _Kept, ledger: str) -> bool:
    """Write what the cache holds (atomically); False when it cannot (silently)."""
    value = {
        "cutoff": kept.cutoff.isoformat(),
        "key": kept.key,
        "labels": sorted(kept.labels),
        "payables": {account: str(number) for account, number in sorted(kept.payables.items())},
        "ledger": os.path.abspath(ledger),
        "prefixes": prefixes_record(kept.prefixes),
    }
    return write_json(path, value)


def _key(
    books: Books,
    entries: Sequence[data.Directive],
    options: Any,
    at: tuple[datetime.date, dict[str, Prefix]],
    files: Sequence[str],
) -> tuple[str | None, dict[str, Prefix]]:
    """The key of the entries dated up to the cutoff of ``at`` (None when a file cannot be
    read), and where each file's prefix ends; ``at`` also holds where they ended when the
    cache was written (:func:`kongtun.plugins.load_cache.hashed_prefix`)."""
    cutoff, kept = at
    ends, outside = closed_prefixes(entries, files, cutoff)
    hashed = prefix_digests(ends, kept)
    if hashed is None:
        return None, {}
    digests, prefixes = hashed
    return year_ends_key(books.fund, options, cutoff, outside, digests, _code()), prefixes


@functools.cache
def _code() -> str:
    """The versions of kongtun and Beancount, and a digest of the sources of the code that
    checks a year end. (read once a process)."""
    root = Path(str(ledger_package.__file__)).parent
    paths = [*root.glob("*.py")]
    for package in CODE_PACKAGES:
        paths += (root / package).glob("*.py")
    return code_identity(tuple(str(one) for one in sorted(paths)))


def _read(path: Path) -> _Kept | None:
    """What the cache at ``path`` holds, or None when it is missing or not as written."""
    found = read_json(path)
    if found is None:
        return None
    try:
        payables = {str(a): Decimal(str(n)) for a, n in dict(found["payables"]).items()}
        return _Kept(
            datetime.date.fromisoformat(str(found["cutoff"])),
            str(found["key"]),
            frozenset(str(label) for label in found["labels"]),
            payables,
            read_prefixes(found),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return None
