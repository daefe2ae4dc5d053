"""The measured loan rates kept between loads (plugins/loan_rates.py): a load measures what
each loan's terms cost (``loan-rate-over-law``) only for terms no earlier load of the ledger
measured with the same code; every loan is compared with the law's cap on every load, and the
problems are those of a load that measures every rate."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kongtun.plugins.load_cache import NO_CACHE_ENV, cache_file, full_check
from kongtun.plugins.loan_rates import COUNTS, FOLDER, read_rates
from kongtun.tests.conftest import load_text, messages
from kongtun.tests.plugins.test_loans import HEAD, loan

OVER_LAW = (
    "loan-rate-over-law: M0001 loan L1 costs 21.46 % a year on the balance actually "
    "outstanding (flat rate on the original principal, 12 % a year), above the 15 % a year "
    "the Civil and Commercial Code allows (s. 654): interest above it is void. Lower the "
    "rate, or lend on the declining balance."
)


def counted(tmp_path: Path, body: str) -> tuple[list[str], dict[str, int]]:
    """The messages of a load of ``HEAD + body``, and what the kept rates did in it."""
    before = dict(COUNTS)
    _, errors, _ = load_text(tmp_path, HEAD + body)
    return messages(errors), {key: COUNTS[key] - before[key] for key in COUNTS}


def kept_file(tmp_path: Path) -> Path:
    return cache_file(str(tmp_path / "ledger.beancount"), FOLDER)


def test_a_rate_is_measured_once_then_read_and_still_checked(tmp_path: Path) -> None:
    body = loan(method="flat") + loan("L2", "M0002", "1000", day="2024-02-02")
    first = counted(tmp_path, body)
    assert first == ([OVER_LAW], {"read": 0, "measured": 1, "written": 1})
    kept = json.loads(kept_file(tmp_path).read_text(encoding="utf-8"))
    assert kept["rates"] == {"10000|12|flat|12|1": "21.46", "1000|12|declining|12|1": "12.00"}
    # the next load measures nothing and finds the same problem
    assert counted(tmp_path, body) == ([OVER_LAW], {"read": 1, "measured": 0, "written": 0})


def test_terms_measured_anew_are_kept_with_those_asked_for(tmp_path: Path) -> None:
    counted(tmp_path, loan(rate="15"))
    found, counts = counted(tmp_path, loan(rate="15.05"))
    assert counts == {"read": 1, "measured": 1, "written": 1}
    assert [one for one in found if "costs 15.05 % a year" in one] != []
    kept = json.loads(kept_file(tmp_path).read_text(encoding="utf-8"))
    assert kept["rates"] == {"10000|15.05|declining|12|1": "15.05"}


def test_rates_kept_by_other_code_are_not_read(tmp_path: Path) -> None:
    counted(tmp_path, loan(method="flat"))
    path = kept_file(tmp_path)
    kept = json.loads(path.read_text(encoding="utf-8"))
    # a forged rate under the cap, kept by another version of the code: not read
    forged = {"code": kept["code"] + "x", "rates": {"10000|12|flat|12|1": "14.00"}}
    path.write_text(json.dumps(forged), encoding="utf-8")
    assert counted(tmp_path, loan(method="flat")) == (
        [OVER_LAW],
        {"read": 0, "measured": 1, "written": 1},
    )


def test_books_without_loans_read_no_file(tmp_path: Path) -> None:
    assert counted(tmp_path, "") == ([], {"read": 0, "measured": 0, "written": 0})
    assert not kept_file(tmp_path).exists()


def test_kongtun_no_cache_and_the_full_check_measure_every_rate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted(tmp_path, loan(method="flat"))
    path = kept_file(tmp_path)
    kept = json.loads(path.read_text(encoding="utf-8"))
    forged = {"code": kept["code"], "rates": {"10000|12|flat|12|1": "14.00"}}
    path.write_text(json.dumps(forged), encoding="utf-8")
    # the honest limit: a forged file fools the daily load ...
    assert counted(tmp_path, loan(method="flat"))[0] == []
    # ... never the full check
    with full_check():
        assert counted(tmp_path, loan(method="flat")) == (
            [OVER_LAW],
            {"read": 0, "measured": 0, "written": 0},
        )
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert counted(tmp_path, loan(method="flat"))[0] == [OVER_LAW]
    assert json.loads(path.read_text(encoding="utf-8")) == forged  # nor written


@pytest.mark.parametrize(
    "kept",
    [
        None,
        [],
        {"10000|12|flat|12": "21.46"},
        {"10000|12|flat|12|x": "21.46"},
        {"10000|12|flat|12|1": 21.46},
        {"10000|12|flat|12|1": "NaN"},
        {"Infinity|12|flat|12|1": "1"},
        {"10000|12|flat|12|1": "21.46", "bad": "1"},
    ],
)
def test_a_file_not_as_written_holds_no_rate(kept: Any) -> None:
    assert read_rates(kept) == {}


def test_rates_are_read_as_written() -> None:
    assert read_rates({"1E+4|7.2|flat|6|2": "12.24"}) == {
        (Decimal(10000), Decimal("7.2"), "flat", 6, 2): Decimal("12.24")
    }


TERMS = st.tuples(
    st.sampled_from(["1000", "5000", "10000", "30000"]),
    st.sampled_from(["6", "9.6", "12", "15", "15.05", "20"]),
    st.sampled_from(["flat", "declining"]),
    st.sampled_from(["3", "6", "12", "24"]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    loads=st.lists(st.lists(TERMS, min_size=1, max_size=3), min_size=1, max_size=3),
    forged=st.dictionaries(TERMS, st.sampled_from(["0", "12.00", "14.99", "99"]), max_size=3),
)
@example(loads=[[("10000", "12", "flat", "12")]], forged={})
def test_the_kept_rates_never_change_what_a_load_finds(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    loads: list[list[tuple[str, str, str, str]]],
    forged: dict[tuple[str, str, str, str], str],
) -> None:
    """Loads of books whose loans change from one load to the next, the kept rates of the
    last load (and rates kept by other code) in the file: the problems are those of the full
    check."""
    folder = tmp_path_factory.mktemp("books")
    path = kept_file(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    stale = {"|".join((a, b, c, d, "1")): rate for (a, b, c, d), rate in forged.items()}
    path.write_text(json.dumps({"code": "other", "rates": stale}), encoding="utf-8")
    for terms in loads:
        body = "".join(
            loan(f"L{index}", "M0001", amount, rate=rate, method=method, installments=count)
            for index, (amount, rate, method, count) in enumerate(terms, start=1)
        )
        cached = counted(folder, body)[0]
        with monkeypatch.context() as env:
            env.setenv(NO_CACHE_ENV, "1")
            full = counted(folder, body)[0]
        assert cached == full
