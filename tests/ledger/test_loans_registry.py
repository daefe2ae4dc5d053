"""One home per rule: each rule id of the loans family is raised by one function named after it.

The loans code is read with :mod:`ast`: every string that is a rule id stands inside the
function of that id in :mod:`kongtun.ledger.loans.checks`, and that function is listed in its
:data:`~kongtun.ledger.loans.checks.CHECKS`.
"""

from __future__ import annotations

from kongtun.ledger.loans.checks import CHECKS
from kongtun.ledger.messages import RULES
from kongtun.tests.ledger.rule_homes import ROOT, homes

LOANS_CODE = [*sorted((ROOT / "ledger" / "loans").glob("*.py")), ROOT / "plugins" / "loans.py"]
CHECKS_FILE = ROOT / "ledger" / "loans" / "checks.py"
FAMILY = ("loan-", "loans-", "repayment-", "late-", "borrowing-", "moratorium-")


def test_every_check_is_a_rule_named_after_its_id() -> None:
    assert [rule for rule in CHECKS if rule not in RULES] == []
    assert [
        rule for rule, check in CHECKS.items() if check.__name__ != rule.replace("-", "_")
    ] == []
    assert {check.__module__ for check in CHECKS.values()} == {"kongtun.ledger.loans.checks"}


def test_every_loans_rule_has_a_check() -> None:
    assert sorted(rule for rule in RULES if rule.startswith(FAMILY)) == sorted(CHECKS)


def test_every_rule_id_in_the_loans_code_is_raised_by_its_own_check() -> None:
    found, wrong = homes(LOANS_CODE, CHECKS_FILE)
    assert found == set(CHECKS)
    assert wrong == []
