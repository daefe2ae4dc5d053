"""Reading many funds at once for ``kongtun rollup``: finding them, the cache, the engines.

A fund is a ``.beancount`` file with a ``custom "fund"`` line (:func:`find_funds`). Each is
read by :func:`read_fund` — a top-level function, so that a process pool and a Dask cluster
can run it — which never raises: a fund that cannot be read comes back as a
:class:`~kongtun.ledger.network.rollup.LeftOut` with the reason.

The cache (:class:`SummaryCache`) keeps each fund's summary of a month as JSON, with the
SHA-256 of every file its load read (the ledger and what it includes) and kongtun's version;
a summary whose files and version are unchanged, and whose summary format is this kongtun's
(a ``kongtun-fund-summary/1`` has no grants), is taken from it without reading the books.

Engines: :func:`run_pool` (``concurrent.futures``, a process per worker, started from a
forkserver) and :func:`run_dask`
(a Dask distributed cluster, ``--scheduler tcp://HOST:8786`` or a scheduler file; Dask is
the optional extra ``kongtun[network]``). Both give the same :class:`Outcome` values.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import multiprocessing
import multiprocessing.context
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Final

from kongtun.cli.files import write_atomic
from kongtun.cli.load import load_books
from kongtun.ledger.books.months import book_months, month_outside
from kongtun.ledger.model import load_errors, loaded_books
from kongtun.ledger.network.rollup import LeftOut
from kongtun.ledger.network.summary import FORMAT, fund_summary, to_json
from kongtun.ledger.reports.month import read_month
from kongtun.ledger.years.closes import read_closes

FUND_LINE: Final = re.compile(rb'^\d{4}-\d{2}-\d{2}[ \t]+custom[ \t]+"fund"', re.MULTILINE)
CACHE_FORMAT: Final = "kongtun-summary-cache/1"


def kongtun_version() -> str:
    return version("kongtun")


def find_funds(folders: Sequence[str]) -> list[str]:
    """Every ``.beancount`` file under ``folders`` (or a file given itself) that declares a
    fund (``custom "fund"``), sorted, each once."""
    found: set[str] = set()
    for folder in folders:
        root = Path(folder)
        candidates = [root] if root.is_file() else sorted(root.rglob("*.beancount"))
        for path in candidates:
            if path.is_file() and FUND_LINE.search(path.read_bytes()):
                found.add(os.path.normpath(path))
    return sorted(found)


def file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """What reading one fund gave: its summary (JSON), or why it was left out; the SHA-256
    of every file its load read; ``cached`` when it came from the cache unread."""

    file: str
    summary: Mapping[str, Any] | None
    left: LeftOut | None = None
    files: Mapping[str, str] = field(default_factory=dict)
    cached: bool = False


def _read(file: str, month: datetime.date) -> Outcome:
    entries, errors, options = load_books(file)
    model = loaded_books(entries, options)
    fund = model.fund
    if fund.info is None:
        return Outcome(file, None, LeftOut(file, "no-fund"))
    slips = [found for found in model.problems if found.rule == "date-buddhist-era"]
    if slips:
        line = str(slips[0].source["lineno"])
        return Outcome(file, None, LeftOut(file, "buddhist-era", {"line": line}))
    outside = month_outside(book_months(fund, month), month)
    if outside is not None:
        values = {"first": outside.first.isoformat(), "last": outside.last.isoformat()}
        return Outcome(file, None, LeftOut(file, "month-outside", values))
    closes = [(close.month, close.digest) for close in read_closes(entries)[0]]
    books = read_month(entries, model, month)
    summary = fund_summary(fund, books, load_errors(errors, options), closes, file)
    read = [str(name) for name in options.get("include", [])] or [os.path.abspath(file)]
    return Outcome(file, to_json(summary), files={name: file_digest(name) for name in read})


def read_fund(file: str, month: datetime.date) -> Outcome:
    """Read one fund's books and summarise ``month``; never raises (a process pool or a
    Dask worker runs it)."""
    try:
        return _read(file, month)
    except OSError as error:
        return Outcome(file, None, LeftOut(file, "unreadable", {"error": str(error.strerror)}))
    except Exception as error:
        first = (str(error).splitlines() or [type(error).__name__])[0]
        return Outcome(file, None, LeftOut(file, "crashed", {"error": first}))


class SummaryCache:
    """Summaries of one month in ``folder``: one JSON file per fund, keyed by the digest of
    its files and kongtun's version."""

    def __init__(self, folder: Path, month: datetime.date) -> None:
        self.folder = folder
        self.month = month
        self.version = kongtun_version()

    def path(self, file: str) -> Path:
        key = hashlib.sha256(os.path.abspath(file).encode()).hexdigest()[:16]
        return self.folder / f"{Path(file).stem}-{key}-{self.month:%Y-%m}.json"

    def get(self, file: str) -> Outcome | None:
        """The cached summary of ``file``, when its files, kongtun's version and the summary's
        format are as now."""
        path = self.path(file)
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("cache") != CACHE_FORMAT or stored.get("kongtun") != self.version:
                return None
            if stored["summary"].get("format") != FORMAT:  # an older summary: read again
                return None
            files: dict[str, str] = stored["sources"]
            if any(file_digest(name) != digest for name, digest in files.items()):
                return None
            summary = {**stored["summary"], "file": file}  # the path as given this time
            return Outcome(file, summary, files=files, cached=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, outcome: Outcome) -> None:
        if outcome.summary is None or outcome.cached:
            return
        stored = {
            "cache": CACHE_FORMAT,
            "kongtun": self.version,
            "sources": dict(outcome.files),
            "summary": outcome.summary,
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_atomic(self.path(outcome.file), text)


#: fewer funds to read than this (one: the roll-up after a fund changed) are read without a
#: pool (docs/performance.md)
IN_PROCESS: Final = 2


def worker_context() -> multiprocessing.context.BaseContext:
    """How the pool starts its workers: from a small server process that has imported kongtun
    once (``forkserver``, where there is one), not as a copy of this process — which may hold
    much more than a worker needs, and a forked worker's memory counts all it inherits — so a
    worker starts small. A worker keeps nothing of the funds it has read (measured:
    docs/performance.md), so workers are not replaced: ``max_tasks_per_child`` would hang the
    pool on Python 3.11 to 3.14 (CPython gh-115634)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def run_pool(files: Sequence[str], month: datetime.date, workers: int) -> Iterator[Outcome]:
    """Read ``files`` on a pool of ``workers`` processes, yielding each as it is done (fewer
    than :data:`IN_PROCESS` files — a roll-up after one fund changed — are read in this
    process: starting a worker would take longer)."""
    if len(files) < IN_PROCESS:
        yield from (read_fund(file, month) for file in files)
        return
    with ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(files))),
        mp_context=worker_context(),
    ) as pool:
        futures = [pool.submit(read_fund, file, month) for file in files]
        for future in as_completed(futures):
            yield future.result()


#: seconds to wait for a Dask scheduler to answer
CONNECT_TIMEOUT: Final = 10


def dask_client(scheduler: str) -> Any:
    """A Dask client of the cluster at ``scheduler`` (an address, or a scheduler file);
    ``OSError`` (or ``TimeoutError``) when it does not answer."""
    from distributed import Client  # noqa: PLC0415 - the optional extra kongtun[network]

    if os.path.isfile(scheduler):
        return Client(scheduler_file=scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    return Client(scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]


def run_dask(files: Sequence[str], month: datetime.date, client: Any) -> Iterator[Outcome]:
    """Read ``files`` on the Dask cluster of ``client`` (:func:`dask_client`), yielding each
    as it is done; the client is closed at the end."""
    from distributed import as_completed as completed  # noqa: PLC0415

    try:
        futures = client.map(read_fund, list(files), [month] * len(files), pure=False)
        for future in completed(futures):  # type: ignore[no-untyped-call]
            outcome: Outcome = future.result()
            yield outcome
    finally:
        client.close()
