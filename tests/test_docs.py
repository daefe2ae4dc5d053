"""The user docs cover every rule id, rule key and account kongtun has."""

from __future__ import annotations

from pathlib import Path

from kongtun.cli.main import main
from kongtun.ledger.books.accounts import CHART, MEMBER_ACCOUNT_KINDS
from kongtun.ledger.books.rules import RULE_KEYS
from kongtun.ledger.registry import REGISTRY
from kongtun.plugins.fava import VIEWS

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: every rule id: the registry's, then those whose family has no checks module yet
RULE_IDS = list(REGISTRY)


def test_every_rule_id_has_an_entry() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    missing = [rule for rule in RULE_IDS if f"### `{rule}`" not in text]
    assert missing == []


def test_every_rule_key_and_account_is_in_the_language_reference() -> None:
    text = (DOCS / "ledger-language.md").read_text(encoding="utf-8")
    assert [key for key in RULE_KEYS if f"`{key}`" not in text] == []
    assert [a.account for a in CHART if f"`{a.account}`" not in text] == []
    assert [a.name_th for a in CHART if a.name_th not in text] == []
    assert [k.parent for k in MEMBER_ACCOUNT_KINDS.values() if f"`{k.parent}:ID`" not in text] == []


def test_every_rule_message_is_asserted_by_a_test() -> None:
    tests = Path(__file__).resolve().parent
    text = "".join(path.read_text(encoding="utf-8") for path in tests.rglob("test_*.py"))
    assert [rule for rule in RULE_IDS if f"{rule}: " not in text] == []


def test_every_report_option_and_view_is_documented() -> None:
    text = (DOCS / "reports.md").read_text(encoding="utf-8")
    for command in ("statements", "report"):
        assert f"kongtun {command} LEDGER" in text
        for param in main.commands[command].params:
            for option in param.opts:
                if option.startswith("--"):
                    assert option in text, (command, option)
    for view in VIEWS:
        assert view == "report" or f"?page={view}" in text, view
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert "kongtun statements" in readme
    assert "kongtun report" in readme
