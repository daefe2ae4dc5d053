"""Meetings and their resolutions (``custom "meeting"``), listed by the assembly's report.

A fund records each meeting where it decides something::

    2024-01-21 custom "meeting" "ประชุมใหญ่สามัญประจำปี 2566"
      kind: "annual-general"
      attendance: 48
      resolution-1: "รับรองงบการเงินปี 2566"
      resolution-2: "จัดสรรกำไรสุทธิตามระเบียบ จ่ายเงินปันผลร้อยละ 3"

``kind`` is ``annual-general`` (ประชุมใหญ่สามัญประจำปี), ``extraordinary-general``
(ประชุมใหญ่วิสามัญ) or ``committee`` (ประชุมคณะกรรมการ); ``attendance`` the number of members
(or committee members) present, a whole number; ``resolution-N`` each resolution, in order.
A meeting written otherwise is ``meeting-malformed`` (:func:`meeting_problems`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from beancount.core import data

from kongtun.ledger.books.fund import Fund
from kongtun.ledger.i18n import N_
from kongtun.ledger.problems import Problem
from kongtun.ledger.record import record
from kongtun.ledger.years.checks import meeting_malformed
from kongtun.ledger.years.needs import MEETING_TYPE

#: a meeting's kind -> its name (a catalog msgid)
KINDS: Final[Mapping[str, str]] = {
    "annual-general": N_("annual general meeting"),
    "extraordinary-general": N_("extraordinary general meeting"),
    "committee": N_("committee meeting"),
}
RESOLUTION: Final = re.compile(r"resolution-([1-9][0-9]*)")
#: what a meeting's metadata may hold besides its resolutions
KEYS: Final = frozenset({"kind", "attendance", "filename", "lineno"})


@record
class Meeting:
    """A meeting of the members (custom "meeting"): its date, title, kind, attendance and
    resolutions."""

    date: datetime.date
    title: str
    kind: str
    attendance: int | None
    resolutions: tuple[str, ...]


def _bad(entry: data.Custom) -> tuple[str, object] | None:
    """The first key of ``entry`` that is not as a meeting writes it, with its value."""
    values = [value.value for value in entry.values]
    if len(values) != 1 or not isinstance(values[0], str) or not values[0].strip():
        return "title", values[0] if values else "-"
    for key, value in sorted(entry.meta.items()):
        if key.startswith("__") or key in {"filename", "lineno"}:
            continue
        if key == "kind":
            ok = value in KINDS
        elif key == "attendance":
            ok = isinstance(value, Decimal) and value == int(value) and value >= 0
        else:
            ok = RESOLUTION.fullmatch(key) is not None and isinstance(value, str)
        if not ok:
            return key, value
    if "kind" not in entry.meta:
        return "kind", "-"
    return None


def read_meeting(entry: data.Custom) -> Meeting | Problem:
    """The meeting ``entry`` records, or the problem with how it is written."""
    bad = _bad(entry)
    if bad is not None:
        return meeting_malformed(entry, *bad)
    numbered = sorted(
        (int(match.group(1)), str(value))
        for key, value in entry.meta.items()
        if (match := RESOLUTION.fullmatch(key)) is not None
    )
    attendance = entry.meta.get("attendance")
    return Meeting(
        entry.date,
        str(entry.values[0].value),
        str(entry.meta["kind"]),
        int(attendance) if isinstance(attendance, Decimal) else None,
        tuple(text for _, text in numbered),
    )


def meeting_problems(fund: Fund) -> list[Problem]:
    """Every meeting of the books not written as a meeting is."""
    found = (read_meeting(entry) for entry in fund.customs.get(MEETING_TYPE, ()))
    return [one for one in found if isinstance(one, Problem)]


def meetings_between(fund: Fund, start: datetime.date, end: datetime.date) -> tuple[Meeting, ...]:
    """The meetings from ``start`` to ``end`` (both included), in date order."""
    found = []
    for entry in fund.customs.get(MEETING_TYPE, ()):
        if start <= entry.date <= end:
            meeting = read_meeting(entry)
            if isinstance(meeting, Meeting):
                found.append(meeting)
    return tuple(sorted(found, key=lambda meeting: meeting.date))
