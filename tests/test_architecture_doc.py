"""docs/architecture.md names real files: every path it mentions exists in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
#: a backticked path in the repository (``folder/`` or ``folder/file.ext``); bare file names
#: in a folder's table row are not checked
PATH = re.compile(r"`([a-z_]+/[\w./-]*)`")


def mentioned_paths(text: str) -> list[str]:
    return sorted({match.group(1) for match in PATH.finditer(text)})


def test_every_path_in_the_architecture_doc_exists() -> None:
    paths = mentioned_paths(DOC.read_text(encoding="utf-8"))
    assert len(paths) > 20  # the doc names the files a newcomer touches
    assert [path for path in paths if not (ROOT / path).exists()] == []


def test_the_path_finder_finds_paths() -> None:
    text = "see `ledger/books/checks.py`, `cli/` and `kongtun.po`; not `make i18n`"
    assert mentioned_paths(text) == ["cli/", "ledger/books/checks.py"]


def test_the_readme_links_the_architecture_and_nothing_outside() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme
    assert "../shared" not in readme
    assert "DESIGN.md" not in readme
