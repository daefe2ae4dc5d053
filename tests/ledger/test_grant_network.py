"""The example from the articles: a provincial network's 102 tambon project grants adding up to
8,688,849 baht, and ``kongtun check`` finding exactly the planted problems (docs/grants.md)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from kongtun.cli.main import main
from kongtun.generators.grants import CONVERTED, NETWORK_FILE, PLANTED, TOTAL, network_book
from kongtun.ledger.grants.book import grant_summaries
from kongtun.ledger.model import loaded_books
from kongtun.tests.conftest import load_text


def test_the_network_books_hold_102_grants_adding_up_to_8_688_849(tmp_path: Path) -> None:
    entries, _, options = load_text(tmp_path, network_book())
    summaries = grant_summaries(loaded_books(entries, options).grants)
    assert len(summaries) == 102
    assert sum((row.amount for row in summaries), Decimal(0)) == TOTAL == Decimal(8_688_849)
    by_province: dict[str, Decimal] = defaultdict(Decimal)
    for row in summaries:
        by_province[row.province] += row.amount
    assert len(by_province) == 5
    assert sum(by_province.values(), Decimal(0)) == Decimal(8_688_849)
    received = sum((row.received for row in summaries), Decimal(0))
    assert received == Decimal(8_688_849) + 1000  # one tranche paid over (returned)
    (converted,) = [row for row in summaries if row.converted]
    assert converted.grant == CONVERTED
    assert converted.left == 0
    assert sum(row.left for row in summaries) == Decimal(2500)  # the planted leftover


def test_check_finds_exactly_the_planted_problems(tmp_path: Path) -> None:
    _, errors, _ = load_text(tmp_path, network_book())
    found = {error.rule: error.params["grant"] for error in errors}
    assert len(errors) == len(PLANTED) == 9
    assert found == PLANTED


def test_the_network_books_are_the_same_every_time() -> None:
    assert network_book() == network_book(2565)
    assert network_book(1) != network_book(2)


def test_kongtun_demo_writes_the_network_and_check_lists_its_problems(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["demo", str(tmp_path), "--grant-network", "--lang", "en"])
    assert result.exit_code == 0, result.output
    path = tmp_path / NETWORK_FILE
    assert [p.name for p in tmp_path.iterdir()] == [NETWORK_FILE]
    assert path.read_text(encoding="utf-8") == network_book(2567)
    checked = runner.invoke(main, ["check", str(path), "--lang", "en"])
    assert checked.exit_code == 1
    assert sorted(line.split(": ")[1] for line in checked.output.splitlines()[:-1]) == sorted(
        PLANTED
    )
    assert checked.output.splitlines()[-1] == "9 problems found."
