"""The verified-closes cache: a load whose closed months are unchanged skips recomputing them;
any change inside a closed month is a miss and told as without the cache (docs/closes.md)."""

from __future__ import annotations

import datetime
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from beancount import loader
from click.testing import CliRunner
from fava.core import FavaLedger

from kongtun.cli.main import main
from kongtun.ledger.years.verified import closed_prefixes
from kongtun.plugins import closes_cache
from kongtun.plugins.closes_cache import COUNTS
from kongtun.plugins.load_cache import NO_CACHE_ENV, cache_file, full_check
from kongtun.tests.conftest import messages, write_ledger
from kongtun.tests.plugins.test_closes import BOOKS, close, closed


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


#: an entry of an open month (after the last close, September's)
LATER = '\n2024-10-20 * "ฝากสัจจะ"\n  Assets:Cash  10 THB\n  Liabilities:Savings:M0002  -10 THB\n'

HIT = {"hit": 1, "full": 0, "written": 0}
MISS = {"hit": 0, "full": 1, "written": 0}
WRITTEN = {"hit": 0, "full": 1, "written": 1}


def cached(tmp_path: Path) -> Path:
    """Books closed to September, loaded once: the key written."""
    path = closed(tmp_path, 8, 9)
    aged(path)
    assert load(path) == ([], WRITTEN)
    assert cache_file(str(path)).is_file()
    assert not any(name.name.endswith(".json") for name in tmp_path.iterdir())
    return path


def test_an_unchanged_reload_is_a_hit(tmp_path: Path) -> None:
    path = cached(tmp_path)
    assert load(path) == ([], HIT)
    assert load(path) == ([], HIT)


def test_an_entry_appended_to_an_open_month_is_a_hit(tmp_path: Path) -> None:
    path = cached(tmp_path)
    later = (
        '\n2024-10-20 * "ฝากสัจจะ"\n  Assets:Cash  10 THB\n  Liabilities:Savings:M0002  -10 THB\n'
    )
    path.write_text(path.read_text(encoding="utf-8") + later, encoding="utf-8")
    assert load(path) == ([], HIT)
    # an error of the open month is still found: the rest of the checks run as ever
    wrong = later.replace("M0002", "M0009").replace("10-20", "10-21")
    path.write_text(path.read_text(encoding="utf-8") + wrong, encoding="utf-8")
    errors, counts = load(path)
    assert counts == HIT
    assert [error.rule for error in errors] == ["member-unknown"]


def test_a_changed_amount_is_a_miss_and_told(tmp_path: Path) -> None:
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("35.50 THB", "53.50 THB"), encoding="utf-8")
    errors, counts = load(path)
    assert counts == MISS
    line = text.splitlines().index('2024-09-12 * "ค่าเครื่องเขียน"') + 1
    assert [(error.rule, error.source["lineno"]) for error in errors] == [
        ("closed-period-changed", line)
    ]
    assert "this entry's amount 53.50 was 35.50" in messages(errors)[0]


def test_a_whitespace_change_is_a_miss_without_error(tmp_path: Path) -> None:
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  Expenses:Admin ", "    Expenses:Admin "), encoding="utf-8")
    assert load(path) == ([], MISS)
    aged(path)  # settled: the new key is written, and the next load is a hit
    assert load(path) == ([], WRITTEN)
    assert load(path) == ([], HIT)


def test_an_entry_appended_but_dated_in_a_closed_month_is_a_miss(tmp_path: Path) -> None:
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    late = '\n2024-09-20 * "ฝากสัจจะ"\n  Assets:Cash  10 THB\n  Liabilities:Savings:M0002  -10 THB\n'
    path.write_text(text + late, encoding="utf-8")
    errors, counts = load(path)
    assert counts == MISS
    assert [(e.rule, e.source["lineno"]) for e in errors] == [
        ("closed-period-entry", len(text.splitlines()) + 2)
    ]


def test_an_included_file_edited_is_a_miss(tmp_path: Path) -> None:
    main_text, _, rest = BOOKS.partition('2024-09-05 * "ฝากสัจจะ"')
    path = write_ledger(tmp_path, main_text + 'include "september.beancount"\n')
    part = write_ledger(tmp_path, '2024-09-05 * "ฝากสัจจะ"' + rest, "september.beancount")
    close(path, datetime.date(2024, 9, 1))
    aged(path, part)
    assert load(path) == ([], WRITTEN)
    assert load(path) == ([], HIT)
    part.write_text(part.read_text(encoding="utf-8").replace("35.50", "36.50"), encoding="utf-8")
    errors, counts = load(path)
    assert counts == MISS
    assert [(e.rule, e.source["filename"]) for e in errors] == [
        ("closed-period-changed", str(part))
    ]


def test_a_padding_transaction_changed_by_a_later_balance(tmp_path: Path) -> None:
    """The padding of a pad in a closed month follows a balance assertion written after the
    close. Beancount makes it after kongtun's plugin (``beancount.ops.pad`` runs last), so
    neither the closes' digest nor the key sees it: the reload is a hit, and the full check
    gives the same answer. Were a padding transaction among the entries the plugin sees, the
    key would hold its record, not its line (as on the final entries)."""
    balance = "2024-10-10 balance Assets:Bank 500 THB\n"
    pad = "\n2024-09-01 pad Assets:Bank Equity:Opening\n"
    path = write_ledger(tmp_path, BOOKS + pad + balance)
    close(path, datetime.date(2024, 9, 1))
    text = path.read_text(encoding="utf-8").replace(balance, "") + "\n" + balance
    path.write_text(text, encoding="utf-8")  # the balance moved after the close
    aged(path)
    assert load(path) == ([], WRITTEN)
    assert load(path) == ([], HIT)
    path.write_text(text.replace("Bank 500 THB", "Bank 700 THB"), encoding="utf-8")
    entries, _, options = loader._load([(str(path), True)], None, None, None)
    ends, padding = closed_prefixes(entries, options["include"], datetime.date(2024, 9, 30))
    assert ends == {str(path): len(text.splitlines())}  # the balance lies after the prefix
    assert len(padding) == 1
    assert "700" in padding[0]
    assert "Equity:Opening" in padding[0]
    assert load(path) == ([], HIT)
    with full_check():
        assert load(path) == ([], MISS)


def test_a_corrupt_or_unwritable_cache_is_a_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cached(tmp_path)
    stored = cache_file(str(path))
    for corrupt in (b"", b"{not json", b"[1, 2]", b'{"other": 1}', b"\xff\xfe"):
        stored.write_bytes(corrupt)
        aged(path)
        assert load(path) == ([], WRITTEN)  # read as no cache, then written again
        assert json.loads(stored.read_text(encoding="utf-8"))["ledger"] == str(path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert load(path) == ([], MISS)
    assert load(path) == ([], MISS)


def test_kongtun_no_cache_and_a_foreign_plugin_always_check_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cached(tmp_path)
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert load(path) == ([], MISS)
    monkeypatch.delenv(NO_CACHE_ENV)
    with full_check():
        assert load(path) == ([], MISS)
    assert load(path) == ([], HIT)
    text = path.read_text(encoding="utf-8")
    foreign = 'plugin "beancount.plugins.check_commodity"\n'
    path.write_text(foreign + text, encoding="utf-8")
    aged(path)
    assert load(path)[1] == MISS
    assert load(path)[1] == MISS  # never written, never read


CODE = ("--code", "0000-0000-0000", "--lang", "en")


def test_a_forged_cache_fools_only_the_daily_load(tmp_path: Path) -> None:
    """Someone who can write the cache can make a changed month pass ``kongtun check`` on this
    computer (as they could rewrite the close); ``verify-chain``, ``verify-statement``,
    ``audit`` and ``check --no-cache`` never read it."""
    path = cached(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("35.50 THB", "53.50 THB"), encoding="utf-8")
    with full_check():
        entries, _, options = loader._load([(str(path), True)], None, None, None)
    key = closes_cache._key(entries, options)
    assert key is not None
    cache_file(str(path)).write_text(json.dumps({"key": key[0]}), encoding="utf-8")
    runner = CliRunner()
    daily = runner.invoke(main, ["check", str(path), "--lang", "en"])
    assert daily.exit_code == 0, daily.output  # the forged cache answers the daily load
    full = runner.invoke(main, ["check", "--no-cache", str(path), "--lang", "en"])
    assert full.exit_code == 1
    assert "closed-period-changed" in full.output
    chain = runner.invoke(main, ["verify-chain", str(path), "--lang", "en"])
    assert chain.exit_code == 1
    assert "closed-period-changed" in chain.output
    statement = runner.invoke(
        main,
        [*("verify-statement", str(path), "--member", "M0001", "--month", "2024-09"), *CODE],
    )
    assert statement.exit_code == 1
    assert "changed" in statement.output


def test_favas_load_and_reload_are_hits(tmp_path: Path) -> None:
    """Fava loads the books with kongtun's plugin: its first load and its reload after an entry
    is added to an open month answer from the cache; a closed month changed is told."""
    path = cached(tmp_path)
    before = dict(COUNTS)
    ledger = FavaLedger(str(path))
    assert ledger.errors == []
    later = (
        '\n2024-10-20 * "ฝากสัจจะ"\n  Assets:Cash  10 THB\n  Liabilities:Savings:M0002  -10 THB\n'
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(text + later, encoding="utf-8")
    ledger.load_file()
    assert ledger.errors == []
    assert {key: COUNTS[key] - before[key] for key in COUNTS} == {"hit": 2, "full": 0, "written": 0}
    path.write_text(text.replace("35.50 THB", "53.50 THB") + later, encoding="utf-8")
    ledger.load_file()
    assert [error.rule for error in ledger.errors] == ["closed-period-changed"]
    assert COUNTS["full"] - before["full"] == 1
