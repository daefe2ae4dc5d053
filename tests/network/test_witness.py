"""The network's witness of closes: the first digest recorded for a fund's month holds."""

from __future__ import annotations

import datetime

import pytest

from kongtun.ledger.network.summary import Area, FundSummary
from kongtun.ledger.network.witness import WitnessError, read_records, witness


def fund(closes: tuple[tuple[str, str], ...], file: str = "a.beancount") -> FundSummary:
    return FundSummary(
        file,
        datetime.date(2024, 9, 1),
        "savings-group",
        "กลุ่ม ก",
        Area("ก", "ข", "ค"),
        {},
        0,
        None,
        closes,
    )


def test_new_closes_are_recorded_once_and_a_changed_one_is_reported() -> None:
    new, changed = witness([], [fund((("2024-07", "sha256:aa"),))], "2024-08")
    assert [(r.month, r.digest, r.seen) for r in new] == [("2024-07", "sha256:aa", "2024-08")]
    assert changed == []
    records = read_records(record.line() for record in new)
    assert records == new
    later = fund((("2024-07", "sha256:bb"), ("2024-08", "sha256:cc")), "moved/a.beancount")
    new, changed = witness(records, [later], "2024-09")
    assert [(r.month, r.digest) for r in new] == [("2024-08", "sha256:cc")]
    assert [(c.recorded.digest, c.digest, c.file) for c in changed] == [
        ("sha256:aa", "sha256:bb", "moved/a.beancount")
    ]


def test_the_first_record_holds_over_a_later_one() -> None:
    one = fund((("2024-07", "sha256:aa"),))
    records = (
        witness([], [one], "2024-08")[0]
        + witness([], [fund((("2024-07", "sha256:bb"),))], "2024-09")[0]
    )
    assert [
        c.digest for c in witness(records, [fund((("2024-07", "sha256:bb"),))], "2024-10")[1]
    ] == ["sha256:bb"]


def test_a_damaged_line_is_named() -> None:
    good = witness([], [fund((("2024-07", "sha256:aa"),))], "2024-08")[0][0].line()
    with pytest.raises(WitnessError) as raised:
        read_records(
            [good, "\n", '{"fund": ["a"], "file": "", "month": "", "digest": "", "seen": ""}']
        )
    assert raised.value.line == 3
