"""Fixtures: ledgers written in a test's docstring, loaded by the real Beancount loader."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from beancount import loader

Loaded = tuple[list[Any], list[Any], dict[str, Any]]


@pytest.fixture(autouse=True)
def _closes_cache_apart(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test keeps kongtun's verified-closes cache in a folder of its own, never the
    user's ``~/.cache``."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def write_ledger(folder: Path, text: str, name: str = "ledger.beancount") -> Path:
    """Write a ledger (dedented) to ``folder/name``."""
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load_text(folder: Path, text: str) -> Loaded:
    """Write ``text`` to a file and load it as Beancount would (plugins and all)."""
    entries, errors, options = loader.load_file(str(write_ledger(folder, text)))
    return entries, errors, options


@pytest.fixture
def load_doc(request: pytest.FixtureRequest, tmp_path: Path) -> Loaded:
    """Load the ledger written in the calling test's docstring."""
    doc = request.function.__doc__
    assert doc, "a load_doc test keeps its ledger in its docstring"
    return load_text(tmp_path, doc)


def messages(errors: list[Any], lang: str = "en") -> list[str]:
    """Every error's message; kongtun's in ``lang``, Beancount's as they are."""
    return [error.render(lang) if hasattr(error, "render") else error.message for error in errors]
