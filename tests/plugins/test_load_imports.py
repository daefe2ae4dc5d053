"""A load imports only what a load needs (issue 14: at 10,000 transactions importing kongtun
was a few percent of the load).

Beancount imports kongtun's plugin on every load — `bean-check`, Fava's reloads, every
command. The plugin's pass words no message when the books have no problem, renders no page
and reaches no network, so a clean load must not import Babel, Jinja, WeasyPrint, Fava,
Flask, click, PyThaiNLP, Dask or kongtun's reports, audit, network, templates, importers or
commands, or the catalogue of messages (kongtun.ledger.messages: only a load with a problem
words it); the year end's and the month closes' checks only for books that use them; the grant
pass only for books with a grant; the welfare model only for a welfare fund. Each load runs in a
fresh interpreter (what is imported is the process's, not the test's).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kongtun.generators.demo import demo_books
from kongtun.generators.scale import scale_book

#: packages no clean load may import
PACKAGES = frozenset(
    {
        "babel",
        "jinja2",
        "weasyprint",
        "fava",
        "flask",
        "werkzeug",
        "click",
        "pythainlp",
        "dask",
        "distributed",
        "requests",
        "urllib3",
        "openpyxl",
    }
)
#: nor these parts of kongtun
KONGTUN = (
    "kongtun.ledger.reports",
    "kongtun.ledger.audit",
    "kongtun.ledger.network",
    "kongtun.templates",
    "kongtun.importers",
    "kongtun.cli",
    "kongtun.generators",
    "kongtun.plugins.fava",
    # the messages' catalogue: only a load with a problem words it (docs/performance.md, round 10)
    "kongtun.ledger.messages",
    "kongtun.ledger.labels",
)
#: nor these of Python's own library: reading a version through ``importlib.metadata`` costs a
#: load about 17 ms (kongtun's is ``kongtun.plugins.load_cache.VERSION``)
STDLIB = ("importlib.metadata", "email")
YEAR_END = ("kongtun.ledger.years.year_end", "kongtun.ledger.years.allocation")
CLOSES = "kongtun.ledger.years.closes"
#: the grant pass (ledger/grants/needs.py tells whether a load needs it)
GRANTS = (
    "kongtun.ledger.grants.book",
    "kongtun.ledger.grants.reader",
    "kongtun.ledger.grants.checks",
)
WELFARE = "kongtun.ledger.welfare"
#: the modules with the model's frozen records: made by ``record``, not ``dataclasses``
RECORDS = "kongtun.ledger.record"

LOAD = """
import json, sys
from beancount import loader
before = set(sys.modules)
entries, errors, options = loader.load_file(sys.argv[1])
print(json.dumps({"errors": [str(e.message) for e in errors],
                  "modules": sorted(set(sys.modules) - before)}))
"""


def modules_of_a_load(path: Path) -> tuple[list[str], list[str]]:
    """The errors of a load of ``path`` in a fresh interpreter, and the modules it imported."""
    environment = {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", LOAD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    found = json.loads(done.stdout)
    return found["errors"], found["modules"]


def heavy(modules: list[str]) -> list[str]:
    """The modules of ``modules`` no clean load may import."""
    return [
        m
        for m in modules
        if m.split(".")[0] in PACKAGES
        or m.startswith(KONGTUN)
        or any(m == part or m.startswith(f"{part}.") for part in STDLIB)
    ]


@pytest.mark.parametrize("name", sorted(demo_books()))
def test_a_clean_load_of_a_demo_book_imports_nothing_heavy(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(demo_books()[name], encoding="utf-8")
    errors, modules = modules_of_a_load(path)
    assert errors == []
    assert "kongtun.plugins.fund" in modules, "the plugin ran in that interpreter"
    assert heavy(modules) == []
    assert RECORDS in modules
    assert [m for m in modules if m in GRANTS] == [], "no demo book declares a grant"
    welfare = [m for m in modules if m.startswith(WELFARE)]
    if name == "welfare-fund.beancount":  # a welfare fund has no year end
        assert [m for m in modules if m in YEAR_END] == []
        assert f"{WELFARE}.book" in welfare
    else:
        assert welfare == [], "only a welfare fund reads the welfare model"


HEAD = """plugin "kongtun.plugins.fund"
option "operating_currency" "THB"
2024-01-01 custom "fund" "revolving-fund"
2024-01-01 open Assets:Cash THB
2024-01-01 open Equity:Opening THB
"""
#: a grant declared; a transaction tagged with a grant no directive declares; a posting to a
#: grant's account
GRANT_BOOKS = {
    "declared": """2024-04-01 custom "grant" "G1" 1000 THB
  grantor: "พอช."
  purpose: "พัฒนาคุณภาพชีวิต"
  start: 2024-04-01
  end: 2024-09-30
2024-04-01 custom "grant-line" "G1" "materials" 1000 THB
""",
    "tagged": """2024-04-10 * "received"
  grant: "G9"
  Assets:Cash  10 THB
  Equity:Opening  -10 THB
""",
    "posted": """2024-04-10 * "received"
  Assets:Restricted:G9  10 THB
  Equity:Opening  -10 THB
""",
}


@pytest.mark.parametrize("name", sorted(GRANT_BOOKS))
def test_the_grant_pass_is_imported_by_books_with_anything_of_a_grant(
    tmp_path: Path, name: str
) -> None:
    """Books with anything of a grant import the grant pass, which checks them (an unknown
    grant is an error); the demo books, with none, do not (above)."""
    path = tmp_path / f"{name}.beancount"
    path.write_text(HEAD + GRANT_BOOKS[name], encoding="utf-8")
    errors, modules = modules_of_a_load(path)
    assert set(GRANTS) <= set(modules)
    if name != "declared":
        assert any("grant" in error for error in errors), errors


def test_the_year_end_and_closes_are_imported_only_by_books_that_use_them(
    tmp_path: Path,
) -> None:
    """A savings group of the benchmark with its year ends and no month close; the same books
    with a month close declared (checked: the close does not match, an error worded in Thai,
    so the catalogs are read too)."""
    path = tmp_path / "scale.beancount"
    text = scale_book(30, 1)
    path.write_text(text, encoding="utf-8")
    errors, modules = modules_of_a_load(path)
    assert errors == []
    assert heavy(modules) == []
    assert set(YEAR_END) <= set(modules)
    assert CLOSES not in modules
    closed = tmp_path / "closed.beancount"
    closed.write_text(
        text + '\n2024-01-31 custom "period-close" "2024-01" "0" "0"\n', encoding="utf-8"
    )
    errors, modules = modules_of_a_load(closed)
    assert CLOSES in modules
    assert any("period-close" in error for error in errors)


def test_the_version_in_the_load_caches_keys_is_the_installed_one() -> None:
    """The caches' keys hold kongtun's version without reading it through importlib.metadata:
    the constant must be the version pip installed (pyproject.toml's)."""
    from importlib.metadata import version  # noqa: PLC0415 - this test only

    from kongtun.plugins.load_cache import VERSION  # noqa: PLC0415 - this test only

    assert version("kongtun") == VERSION
