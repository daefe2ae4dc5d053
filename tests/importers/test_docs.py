"""docs/importing.md documents every import rule id, header and built-in bank layout."""

from __future__ import annotations

from pathlib import Path

from kongtun.importers.bank_csv import LAYOUTS
from kongtun.importers.problems import IMPORT_RULES
from kongtun.importers.sheet import COLUMNS

DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "importing.md"
README = DOC.parent.parent / "README.md"


def test_every_import_rule_has_an_entry() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [rule for rule in IMPORT_RULES if f"### `{rule}`" not in text] == []


def test_every_header_and_layout_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8").lower()
    headers = [header for _, names in COLUMNS.values() for header in names]
    assert [header for header in headers if header.lower() not in text] == []
    for layout in LAYOUTS.values():
        assert f"`{layout.name}`" in text
        assert [
            h for names in layout.columns.values() for h in names if h.lower() not in text
        ] == []


def test_the_readme_lists_the_command() -> None:
    assert "kongtun import" in README.read_text(encoding="utf-8")
