"""One model per load: the books the plugin reads are the ones Fava's extension, the command
line and the reports use, and nothing reads the loans or the welfare model of a load again.

Real loads through Beancount's loader and Fava's app; the counters only count calls to the
real functions (they change nothing they wrap).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from beancount import loader
from click.testing import CliRunner
from fava.application import create_app

from kongtun.cli.main import main
from kongtun.ledger.loans import reader as loans_reader
from kongtun.ledger.model import Books, Handoff, kept_books, loaded_books, read_books
from kongtun.ledger.welfare import book as welfare_book
from kongtun.plugins import fund as fund_plugin
from kongtun.plugins.fava import KongTun

ROOT = Path(__file__).resolve().parent.parent.parent
REVOLVING = ROOT / "examples" / "revolving-fund.beancount"
WELFARE = ROOT / "examples" / "welfare-fund.beancount"
EXTENSION = '\n2024-01-01 custom "fava-extension" "kongtun.plugins.fava"\n'


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    """Replace ``module.name`` with a wrapper that records what each call returns."""
    real: Callable[..., Any] = getattr(module, name)
    calls: list[Any] = []

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        calls.append(result)
        return result

    monkeypatch.setattr(module, name, wrapper)
    return calls


def with_extension(path: Path, folder: Path) -> Path:
    text = path.read_text(encoding="utf-8")
    if '"fava-extension"' not in text:
        text += EXTENSION
    books = folder / path.name
    books.write_text(text, encoding="utf-8")
    return books


class Served:
    """A ledger served by Fava's real app, and kongtun's extension in it."""

    def __init__(self, path: Path) -> None:
        self.app = create_app([str(path)])
        self.app.testing = True
        self.client = self.app.test_client()
        self.slug = self.client.get("/").headers["Location"].strip("/").split("/")[0]
        self.ledger = self.app.config["LEDGERS"][self.slug]
        extension = self.ledger.extensions.get_extension("KongTun")
        assert isinstance(extension, KongTun)
        self.extension = extension

    def page(self, query: str = "") -> str:
        response = self.client.get(f"/{self.slug}/extension/KongTun/{query}")
        assert response.status_code == 200, query
        html = response.get_data(as_text=True)
        assert "Traceback" not in html
        return html


@pytest.fixture
def revolving(tmp_path: Path) -> Path:
    return with_extension(REVOLVING, tmp_path)


def test_fava_uses_the_books_the_plugin_read_and_a_reload_gives_new_ones(
    monkeypatch: pytest.MonkeyPatch, revolving: Path
) -> None:
    read = counting(monkeypatch, fund_plugin, "read_books")
    served = Served(revolving)
    assert len(read) == 1, "one read of the books per load"
    books, _ = read[0]
    assert kept_books(served.ledger.options) is books
    assert served.extension.model() is books
    served.page()
    assert served.extension.model() is books
    served.ledger.load_file()  # what Fava does when a file of the books changes
    assert len(read) == 2
    again, _ = read[1]
    assert again is not books
    assert served.extension.model() is again
    assert kept_books(served.ledger.options) is again


def test_pages_of_the_last_month_read_the_loans_once(
    monkeypatch: pytest.MonkeyPatch, revolving: Path
) -> None:
    """The loan pass runs once per load (the plugin's); every page of the books' last month
    takes its loans from the load's books. An earlier month reads the loans as they stood
    at its end (the books of the load hold them as they stand at its end)."""
    built = counting(monkeypatch, loans_reader, "build_loans")
    served = Served(revolving)
    assert len(built) == 1
    members = served.extension.fund().members
    html = served.page()
    assert "PAR" in html or "หนี้เสี่ยง" in html
    for query in ("?page=loans", "?page=members", "?page=statement"):
        served.page(query)
    for member in members:
        served.page(f"?page=statement&member={member}")
    assert len(built) == 1
    (month_books,) = served.extension._months.values()
    assert month_books.loans is not None
    assert month_books.loans.loans is served.extension.model().loans
    served.page("?page=loans&month=2024-06")
    assert len(built) == 2, "an earlier month: the loans up to its end"


def test_welfare_pages_read_the_welfare_model_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    standings = counting(monkeypatch, welfare_book, "build_standings")
    served = Served(with_extension(WELFARE, tmp_path))
    assert len(standings) == 1
    for query in ("", "?page=welfare", "?page=members", "?page=statement"):
        served.page(query)
    assert len(standings) == 1
    welfare = served.extension.model().welfare
    assert welfare is not None
    (month_books,) = served.extension._months.values()
    assert month_books.welfare is not None
    assert month_books.welfare.welfare is welfare


def test_statements_on_the_command_line_read_the_loans_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built = counting(monkeypatch, loans_reader, "build_loans")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["statements", str(REVOLVING), "--month", "2024-09", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(built) == 1


def test_the_books_stay_out_of_the_load_cache_and_the_options_page(revolving: Path) -> None:
    """Beancount pickles the options map into its cache after a slow load: the books do not
    go with it, and a load from the cache reads them again from its entries."""
    entries, errors, options = loader._load([(str(revolving), True)], None, None, None)
    assert errors == []
    books = kept_books(options)
    assert isinstance(books, Books)
    assert len(repr(options)) < 10_000, "Fava's options page shows str() of every option"
    cached = pickle.loads(pickle.dumps(options))
    assert isinstance(cached["kongtun:books"], Handoff)
    assert kept_books(cached) is None
    again = loaded_books(entries, cached)
    assert again is not books
    assert again.fund.members == books.fund.members
    assert again.loans.by_id().keys() == books.loans.by_id().keys()


def test_books_loaded_without_the_plugin_are_read_once_by_the_extension(
    tmp_path: Path,
) -> None:
    text = REVOLVING.read_text(encoding="utf-8").replace('plugin "kongtun.plugins.fund"', "")
    path = tmp_path / "books.beancount"
    path.write_text(text + EXTENSION, encoding="utf-8")
    served = Served(path)
    assert kept_books(served.ledger.options) is None
    books = served.extension.model()
    assert isinstance(books, Books)
    assert served.extension.model() is books
    served.page()
    entries: Any = served.ledger.all_entries
    assert read_books(entries, served.ledger.options)[0].fund.members == books.fund.members
