"""The network's witness of the funds' month closes: an append-only record of close digests.

A fund's ``custom "period-close"`` digest (:mod:`kongtun.ledger.years.closes`) proves nothing
against someone who can rewrite the file and close again; it holds once it is kept outside.
Each roll-up hands the closes of every fund it read to :func:`witness`, which compares them
with what the network recorded before — the first digest recorded for a fund's month is the
one that holds — and gives the new records to append and every close whose digest changed.

A fund is known by its area and name (the same on every computer of a Dask cluster, wherever
its file is), so a fund that renames itself starts a new record. Records are JSON lines:
``{"fund": [province, district, tambon, name], "file": ..., "month": "2024-09",
"digest": "sha256:...", "seen": "2024-10"}`` (``seen``: the month of the roll-up that
recorded it). Nothing in them names a member.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kongtun.ledger.network.summary import FundSummary

FundKey = tuple[str, str, str, str]


@dataclass(frozen=True)
class Record:
    """One close the network saw: the fund, its file then, the month and its digest."""

    fund: FundKey
    file: str
    month: str
    digest: str
    seen: str

    def line(self) -> str:
        """The record as one JSON line (with its newline)."""
        data = {
            "fund": list(self.fund),
            "file": self.file,
            "month": self.month,
            "digest": self.digest,
            "seen": self.seen,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


@dataclass(frozen=True)
class ChangedClose:
    """A fund's close whose digest is not the one the network recorded."""

    recorded: Record
    file: str
    digest: str


class WitnessError(ValueError):
    """A line of the witness file that is not a record (the file was damaged)."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.line = line


def fund_key(summary: FundSummary) -> FundKey:
    area = summary.area
    return (area.province, area.district, area.tambon, summary.name)


def read_records(lines: Iterable[str]) -> list[Record]:
    """The records of a witness file's lines (blank lines skipped); :class:`WitnessError`
    names the first line that is not one."""
    records = []
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            fund = tuple(str(part) for part in data["fund"])
            if len(fund) != 4:
                raise WitnessError(number)
            records.append(
                Record(
                    (fund[0], fund[1], fund[2], fund[3]),
                    str(data["file"]),
                    str(data["month"]),
                    str(data["digest"]),
                    str(data["seen"]),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise WitnessError(number) from error
    return records


def witness(
    records: Sequence[Record], summaries: Iterable[FundSummary], seen: str
) -> tuple[list[Record], list[ChangedClose]]:
    """The closes of ``summaries`` against the ``records``: (records to append — closes the
    network has not seen —, closes whose digest changed since it first recorded them)."""
    first: dict[tuple[FundKey, str], Record] = {}
    for record in records:
        first.setdefault((record.fund, record.month), record)
    new: list[Record] = []
    changed: list[ChangedClose] = []
    for summary in sorted(summaries, key=lambda one: one.file):
        key = fund_key(summary)
        for month, digest in summary.closes:
            recorded = first.get((key, month))
            if recorded is None:
                record = Record(key, summary.file, month, digest, seen)
                first[(key, month)] = record
                new.append(record)
            elif recorded.digest != digest:
                changed.append(ChangedClose(recorded, summary.file, digest))
    return new, changed
