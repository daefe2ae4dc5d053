"""The verified-year-ends cache: a load whose entries up to the cache's cutoff are those of a
load that found the recorded year ends clean checks none of them again; any change up to the
cutoff is a miss and told as without the cache (docs/year-end.md, "Checked once").

The books are the benchmark's savings group of 30 members over three years (2565–2567), each
year closed and its surplus allocated on 31 December, the dividends paid at the assembly in
January: real files, real loads."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from beancount import loader
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kongtun.cli.main import main
from kongtun.generators.scale import scale_book
from kongtun.plugins import year_ends_cache
from kongtun.plugins.load_cache import (
    NO_CACHE_ENV,
    Prefix,
    cache_file,
    full_check,
    hashed_prefix,
    line_start,
    prefix_digest,
)
from kongtun.plugins.year_ends_cache import COUNTS, FOLDER
from kongtun.tests.conftest import messages

BOOKS = scale_book(30, 3)
#: an entry of the open year (2025, after the last year end)
LATER = '\n2025-02-03 * "ฝากสัจจะ"\n  Assets:Cash  10 THB\n  Liabilities:Savings:M0002  -10 THB\n'
#: the dividend of 2567 paid to M0030 (10.75 THB allocated) at the assembly, in the open year
PAID = (
    '\n2025-01-20 * "M0030" "จ่ายเงินปันผล ปี 2567"\n'
    "  Liabilities:Dividends:M0030  {amount} THB\n  Assets:Cash  -{amount} THB\n"
)
#: the close of 2567's income and expenses, and its allocation (both on 31 December 2024)
CLOSE_2567 = '2024-12-31 * "ปิดบัญชีรายได้และค่าใช้จ่ายเข้ากำไรสุทธิ ปี 2567"'
ALLOCATE_2567 = '2024-12-31 * "จัดสรรกำไรสุทธิ ปี 2567"'

HIT = {"hit": 1, "full": 0, "vouched": 3, "checked": 0, "written": 0}
MISS = {"hit": 0, "full": 1, "vouched": 0, "checked": 3, "written": 0}
WRITTEN = {"hit": 0, "full": 1, "vouched": 0, "checked": 3, "written": 1}


def aged(*paths: Path) -> None:
    """Date the files two minutes back: the cache vouches only for files that settled."""
    past = time.time() - 120
    for path in paths:
        os.utime(path, (past, past))


def load(path: Path) -> tuple[list[Any], dict[str, int]]:
    """The errors of a load of ``path`` and what the cache did during it."""
    before = dict(COUNTS)
    _, errors, _ = loader._load([(str(path), True)], None, None, None)
    return errors, {key: COUNTS[key] - before[key] for key in COUNTS}


def full_errors(path: Path) -> list[str]:
    """The errors of ``path`` checked in full, without the cache, in English."""
    with full_check():
        errors, counts = load(path)
    assert counts["vouched"] == counts["hit"] == counts["written"] == 0
    return messages(errors)


def cached(tmp_path: Path, text: str = BOOKS) -> Path:
    """The books, settled and loaded once: the key written."""
    path = tmp_path / "books.beancount"
    path.write_text(text, encoding="utf-8")
    aged(path)
    assert load(path) == ([], WRITTEN)
    assert cache_file(str(path), FOLDER).is_file()
    assert not any(name.name.endswith(".json") for name in tmp_path.iterdir())
    return path


def line_of(text: str, first_line: str) -> int:
    return text.splitlines().index(first_line) + 1


def test_an_unchanged_reload_is_a_hit(tmp_path: Path) -> None:
    path = cached(tmp_path)
    kept = json.loads(cache_file(str(path), FOLDER).read_text(encoding="utf-8"))
    assert (kept["cutoff"], kept["labels"]) == ("2024-12-31", ["2565", "2566", "2567"])
    assert kept["payables"]["Liabilities:Dividends:M0030"] == "-10.75"
    assert kept["ledger"] == str(path)
    assert load(path) == ([], HIT)
    assert load(path) == ([], HIT)


def test_entries_of_the_open_year_are_a_hit_and_their_errors_found(tmp_path: Path) -> None:
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + LATER + PAID.format(amount="10.75"), encoding="utf-8")
    assert load(path) == ([], HIT)
    # the dividend paid twice: the payables go on from the balances the cache kept
    path.write_text(text + LATER + PAID.format(amount="20.75"), encoding="utf-8")
    errors, counts = load(path)
    assert counts == HIT
    lineno = len(text.splitlines()) + len(LATER.splitlines()) + 2
    assert [(e.rule, e.source["lineno"]) for e in errors] == [("dividend-overpaid", lineno)]
    assert messages(errors) == full_errors(path)
    # an error of another rule in the open year: the rest of the checks run as ever
    wrong = LATER.replace("M0002", "M0099")
    path.write_text(text + wrong, encoding="utf-8")
    errors, counts = load(path)
    assert counts == HIT
    assert [error.rule for error in errors] == ["member-unknown"]


def test_a_changed_amount_inside_a_recorded_year_is_a_miss_and_told(tmp_path: Path) -> None:
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    changed = text.replace(
        "  Expenses:Admin          -720.00 THB", "  Expenses:Admin          -702.00 THB", 1
    )
    assert changed != text
    # the close of 2565 no longer balances as Beancount books it: the entry the rule compares
    fixed = changed.replace("Equity:Surplus         -2242.15 THB", "Equity:Surplus  -2260.15 THB")
    path.write_text(fixed, encoding="utf-8")
    errors, counts = load(path)
    assert counts == MISS
    close_2565 = line_of(fixed, '2022-12-31 * "ปิดบัญชีรายได้และค่าใช้จ่ายเข้ากำไรสุทธิ ปี 2565"')
    assert {(e.rule, e.source["lineno"]) for e in errors} >= {("year-end-mismatch", close_2565)}
    assert messages(errors) == full_errors(path)


def test_an_entry_appended_but_dated_in_a_recorded_year_is_a_miss(tmp_path: Path) -> None:
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    late = '\n2024-06-10 * "ค่าเครื่องเขียน"\n  Expenses:Admin  35.50 THB\n  Assets:Cash  -35.50 THB\n'
    path.write_text(text + late, encoding="utf-8")
    errors, counts = load(path)
    assert counts == MISS
    close = line_of(text, CLOSE_2567)
    assert [(e.rule, e.source["lineno"]) for e in errors][:1] == [("year-end-mismatch", close)]
    assert any("Expenses:Admin" in message for message in messages(errors))
    assert messages(errors) == full_errors(path)


def test_an_allocation_dated_after_the_years_end_edited_is_a_miss(tmp_path: Path) -> None:
    """The allocation of 2567 recorded at the assembly, 20 January 2025: the year end's
    cutoff is that day, so an entry of the open year written before it stays in the key."""
    moved = BOOKS.replace(ALLOCATE_2567, ALLOCATE_2567.replace("2024-12-31", "2025-01-20"))
    path = cached(tmp_path, moved)
    kept = json.loads(cache_file(str(path), FOLDER).read_text(encoding="utf-8"))
    assert kept["cutoff"] == "2025-01-20"
    assert load(path) == ([], HIT)
    allocate = ALLOCATE_2567.replace("2024-12-31", "2025-01-20")
    start = line_of(moved, allocate)
    lines = moved.splitlines()
    at = next(n for n in range(start, len(lines)) if "Liabilities:Dividends:M0030" in lines[n])
    lines[at] = lines[at].replace("-10.75", "-11.75")
    surplus = next(n for n in range(start, len(lines)) if "Equity:Surplus" in lines[n])
    number = lines[surplus].split()[1]
    lines[surplus] = lines[surplus].replace(number, f"{float(number) + 1:.2f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors, counts = load(path)
    assert counts == MISS
    assert {(e.rule, e.source["lineno"]) for e in errors} >= {("year-end-mismatch", start)}
    assert messages(errors) == full_errors(path)


def test_a_whitespace_change_is_a_miss_then_a_hit(tmp_path: Path) -> None:
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  Expenses:Admin ", "    Expenses:Admin ", 1), encoding="utf-8")
    assert load(path) == ([], MISS)  # changed within the minute: nothing written
    aged(path)  # settled: the new key is written, and the next load is a hit
    assert load(path) == ([], WRITTEN)
    assert load(path) == ([], HIT)


def test_a_year_end_with_a_problem_is_checked_on_every_load(tmp_path: Path) -> None:
    """2567's allocation wrong: the cache vouches for 2565 and 2566 only (its cutoff is 2566's),
    and 2567 is checked, its error shown, on every load."""
    text = BOOKS.replace(
        "Liabilities:Dividends:M0030         -10.75 THB",
        "Liabilities:Dividends:M0030         -11.75 THB",
    )
    text = text.replace(
        "Liabilities:InterestReturns:M0030   -81.31 THB",
        "Liabilities:InterestReturns:M0030   -80.31 THB",
    )
    assert text != BOOKS
    path = tmp_path / "books.beancount"
    path.write_text(text, encoding="utf-8")
    aged(path)
    first, counts = load(path)
    assert counts == WRITTEN
    kept = json.loads(cache_file(str(path), FOLDER).read_text(encoding="utf-8"))
    assert (kept["cutoff"], kept["labels"]) == ("2023-12-31", ["2565", "2566"])
    assert first
    again, counts = load(path)
    assert counts == {"hit": 0, "full": 1, "vouched": 2, "checked": 1, "written": 0}
    assert messages(again) == messages(first) == full_errors(path)
    assert {e.rule for e in again} == {"year-end-mismatch"}
    allocate = line_of(text, ALLOCATE_2567)
    assert {e.source["lineno"] for e in again} == {allocate}


def test_a_year_end_recorded_since_is_checked_alone_then_vouched_for(tmp_path: Path) -> None:
    """The books before 2567's year end was recorded: the cache vouches for 2565 and 2566.
    Recording 2567 (appended, as ``kongtun year-end --write`` does) reads every entry and
    checks 2567 alone; once the file settled, the key moves to 2567's cutoff."""
    at = BOOKS.index(CLOSE_2567)
    path = tmp_path / "books.beancount"
    path.write_text(BOOKS[:at], encoding="utf-8")
    aged(path)
    assert load(path) == ([], {"hit": 0, "full": 1, "vouched": 0, "checked": 2, "written": 1})
    assert load(path) == ([], {"hit": 1, "full": 0, "vouched": 2, "checked": 0, "written": 0})
    path.write_text(BOOKS, encoding="utf-8")
    assert load(path) == ([], {"hit": 0, "full": 1, "vouched": 2, "checked": 1, "written": 0})
    aged(path)
    assert load(path) == ([], {"hit": 0, "full": 1, "vouched": 2, "checked": 1, "written": 1})
    assert load(path) == ([], HIT)


def test_a_corrupt_or_unwritable_cache_is_a_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cached(tmp_path)
    stored = cache_file(str(path), FOLDER)
    corrupt = (
        b"",
        b"{not json",
        b"[1, 2]",
        b'{"other": 1}',
        b"\xff\xfe",
        b'{"cutoff": "2024-13-45", "key": "k", "labels": [], "payables": {}}',
        b'{"cutoff": "2024-12-31", "key": "k", "labels": 5, "payables": {}}',
        b'{"cutoff": "2024-12-31", "key": "k", "labels": [], "payables": {"A": "x"}}',
    )
    for bad in corrupt:
        stored.write_bytes(bad)
        assert load(path) == ([], WRITTEN)  # read as no cache, then written again
        assert json.loads(stored.read_text(encoding="utf-8"))["ledger"] == str(path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert load(path) == ([], MISS)
    assert load(path) == ([], MISS)


def test_kongtun_no_cache_and_check_no_cache_check_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cached(tmp_path)
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert load(path) == ([], MISS)
    monkeypatch.delenv(NO_CACHE_ENV)
    assert load(path) == ([], HIT)
    before = dict(COUNTS)
    runner = CliRunner()
    done = runner.invoke(main, ["check", "--no-cache", str(path), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert {key: COUNTS[key] - before[key] for key in COUNTS} == MISS
    done = runner.invoke(main, ["check", str(path), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert COUNTS["hit"] - before["hit"] == 1
    text = path.read_text(encoding="utf-8")
    path.write_text('plugin "beancount.plugins.check_commodity"\n' + text, encoding="utf-8")
    aged(path)
    assert load(path)[1] == MISS  # another plugin: never written, never read
    assert load(path)[1] == MISS


def test_a_forged_cache_fools_only_the_daily_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone who can write the cache can make a changed year end pass ``kongtun check`` on
    this computer; ``check --no-cache`` (and ``audit``, ``verify-chain``, ...) never read it."""
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    late = '\n2024-06-10 * "ค่าเครื่องเขียน"\n  Expenses:Admin  35.50 THB\n  Assets:Cash  -35.50 THB\n'
    path.write_text(text + late, encoding="utf-8")
    aged(path)
    runner = CliRunner()
    done = runner.invoke(main, ["check", str(path), "--lang", "en"])
    assert done.exit_code == 1
    assert "year-end-mismatch" in done.output
    # forged: the cache made to vouch for every year end of the changed books
    cache_file(str(path), FOLDER).unlink()
    with monkeypatch.context() as forging:
        forging.setattr(year_ends_cache, "vouched_cutoff", lambda *_: datetime.date(2024, 12, 31))
        assert load(path)[1]["written"] == 1
    daily = runner.invoke(main, ["check", str(path), "--lang", "en"])
    assert daily.exit_code == 0, daily.output
    full = runner.invoke(main, ["check", "--no-cache", str(path), "--lang", "en"])
    assert full.exit_code == 1
    assert "year-end-mismatch" in full.output


#: edits of the books: (where, as a share of the file, what)
EDITS = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1),
        st.sampled_from(["digit", "space", "expense", "delete-line", "dividend-paid"]),
    ),
    min_size=1,
    max_size=3,
)


def edited(text: str, edits: list[tuple[float, str]]) -> str:
    """``text`` with ``edits``: an amount's digit changed, a space added, an expense appended
    on a day of the books, a line deleted, a dividend paid in the open year."""
    for where, what in edits:
        lines = text.splitlines()
        at = min(int(where * len(lines)), len(lines) - 1)
        if what == "digit":
            hits = [n for n in range(at, len(lines)) if " THB" in lines[n] and "." in lines[n]]
            if hits:
                line = lines[hits[0]]
                dot = line.rindex(".")
                digit = str((int(line[dot + 1]) + 1) % 10)
                lines[hits[0]] = line[: dot + 1] + digit + line[dot + 2 :]
        elif what == "space":
            lines[at] = lines[at] + " "
        elif what == "delete-line":
            del lines[at]
        elif what == "expense":
            day = f"{2022 + int(where * 3.99)}-{1 + int(where * 100) % 12:02d}-15"
            lines += ["", f'{day} * "ค่าถ่ายเอกสาร"', "  Expenses:Admin  12.00 THB"]
            lines += ["  Assets:Cash  -12.00 THB"]
        else:
            lines += ["", '2025-01-20 * "M0030" "จ่ายเงินปันผล"']
            lines += [f"  Liabilities:Dividends:M0030  {where * 20:.2f} THB", "  Assets:Cash"]
        text = "\n".join(lines) + "\n"
    return text


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=EDITS)
@example(edits=[(0.99, "dividend-paid")])
@example(edits=[(0.5, "expense")])
@example(edits=[(0.95, "digit")])
def test_the_cache_never_changes_what_a_load_finds(
    tmp_path: Path, edits: list[tuple[float, str]]
) -> None:
    """For random edits of books whose year ends the cache vouched for, a load through the
    cache finds the same errors, in the same order, as the full check: on the first load of
    the edited books and again once the cache was written for them."""
    folder = Path(tmp_path) / f"run-{time.monotonic_ns()}"
    folder.mkdir()
    path = cached(folder)
    path.write_text(edited(BOOKS, edits), encoding="utf-8")
    aged(path)
    expected = full_errors(path)
    first, _ = load(path)
    assert messages(first) == expected
    again, _ = load(path)
    assert messages(again) == expected


@settings(max_examples=300, deadline=None)
@given(
    raw=st.binary(max_size=60).map(lambda b: bytes(b" \t\n\r\x0b\x0cab"[x % 8] for x in b)),
    end=st.one_of(st.none(), st.integers(min_value=1, max_value=70)),
)
@example(raw=b"a\n\nb\n \n", end=3)
def test_a_prefix_is_hashed_as_the_split_lines_would_give_it(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, end: int | None
) -> None:
    """``prefix_digest`` finds the line's start by counting newlines from the nearer end; the
    bytes hashed are those the lines split up to ``end`` give, trailing blanks left out."""
    path = tmp_path_factory.mktemp("prefix") / "books.beancount"
    path.write_bytes(raw)
    expected = raw
    if end is not None:
        parts = raw.split(b"\n", end - 1)
        expected = raw[: len(raw) - len(parts[-1])] if len(parts) == end else raw
    assert prefix_digest(str(path), end) == hashlib.sha256(expected.rstrip()).hexdigest()


#: bytes of a few kinds: blanks, newlines and two letters (lines, blank lines, trailing blanks)
SOME_BYTES = st.binary(max_size=60).map(lambda b: bytes(b" \t\n\r\x0b\x0cab"[x % 8] for x in b))


@settings(max_examples=400, deadline=None)
@given(
    raw=SOME_BYTES,
    before=st.one_of(st.none(), SOME_BYTES, SOME_BYTES.map(lambda b: b"\n" + b)),
    end=st.one_of(st.none(), st.integers(min_value=1, max_value=70)),
    was=st.one_of(st.none(), st.integers(min_value=1, max_value=70)),
    forged=st.one_of(
        st.none(),
        st.tuples(
            st.integers(-2, 70), st.integers(-2, 70), st.integers(-2, 70), st.sampled_from("xy")
        ),
    ),
)
@example(raw=b"a\nb\n", before=b"a\nb\n", end=2, was=2, forged=None)
@example(raw=b"a\n\nb\n", before=b"a\nb\n", end=3, was=2, forged=None)  # a line inserted
@example(raw=b"a\n \nb", before=b"a\n\nb", end=3, was=3, forged=None)  # a blank in the gap
@example(raw=b"a\nb\n", before=b"a\nb\n", end=3, was=3, forged=None)  # the last line's end
def test_a_prefix_found_from_where_it_ended_is_the_one_counting_gives(
    raw: bytes,
    before: bytes | None,
    end: int | None,
    was: int | None,
    forged: tuple[int, int, int, str] | None,
) -> None:
    """Where a prefix ended in other bytes (``before`` up to line ``was``: the file when the
    key was written), or anything a cache file could hold (``forged``), never changes the
    digest of a prefix: it is always the one counting every newline gives; and what the
    bytes give back to keep is found again in the same bytes (``before`` None: the same bytes,
    up to ``end`` when ``was`` is None)."""
    if before is None:
        before, was = (raw, end) if was is None else (raw, was)
    plain = hashlib.sha256(raw[: line_start(raw, end)].rstrip() if end else raw.rstrip())
    _, kept = hashed_prefix(before, was)
    if forged is not None:
        line, start, newlines, letter = forged
        digest = (
            hashlib.sha256(raw[: max(start, 0)].rstrip()).hexdigest() if letter == "x" else letter
        )
        kept = Prefix(line, start, newlines, digest)
    digest, prefix = hashed_prefix(raw, end, kept)
    assert digest == plain.hexdigest()
    assert hashed_prefix(raw, end) == (digest, prefix) or prefix == kept
    if prefix is not None:
        assert hashed_prefix(raw, end, prefix) == (digest, prefix)
        assert raw.count(b"\n", 0, prefix.start) == (end or 0) - 1
