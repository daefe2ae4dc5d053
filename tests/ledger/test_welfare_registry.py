"""One home per rule: each rule id of the welfare family is raised by one function named after it.

The welfare code is read with :mod:`ast`: every string that is a welfare rule id stands inside
the function of that id in :mod:`kongtun.ledger.welfare.checks`, and that function is listed in
its :data:`~kongtun.ledger.welfare.checks.CHECKS`.
"""

from __future__ import annotations

from pathlib import Path

from kongtun.ledger.messages import RULES
from kongtun.ledger.welfare.checks import CHECKS
from kongtun.tests.ledger.rule_homes import ROOT, homes, rule_ids_in

WELFARE_CODE = [
    *sorted((ROOT / "ledger" / "welfare").glob("*.py")),
    ROOT / "plugins" / "welfare.py",
]
CHECKS_FILE = ROOT / "ledger" / "welfare" / "checks.py"
FAMILY = ("contribution-", "rejoin-", "benefit-", "claim-", "matching-", "admin-")


def test_every_check_is_a_rule_named_after_its_id() -> None:
    assert [rule for rule in CHECKS if rule not in RULES] == []
    assert [
        rule for rule, check in CHECKS.items() if check.__name__ != rule.replace("-", "_")
    ] == []
    assert {check.__module__ for check in CHECKS.values()} == {"kongtun.ledger.welfare.checks"}


def test_every_welfare_rule_has_a_check() -> None:
    assert sorted(rule for rule in RULES if rule.startswith(FAMILY)) == sorted(CHECKS)


def test_every_rule_id_in_the_welfare_code_is_raised_by_its_own_check() -> None:
    found, wrong = homes(WELFARE_CODE, CHECKS_FILE, FAMILY)
    assert found == set(CHECKS)
    assert wrong == []


def test_the_reader_sees_a_rule_id_outside_its_check(tmp_path: Path) -> None:
    """The check can fail: an id written in another function is found there."""
    module = tmp_path / "book.py"
    module.write_text('def judge():\n    return "claim-waiting"\n', encoding="utf-8")
    assert rule_ids_in(module) == [("claim-waiting", "judge")]
