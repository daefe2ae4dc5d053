"""One home per rule: each rule id is raised by one function, named after it, in its family's
checks module, and the registry lists them all."""

from __future__ import annotations

from kongtun.ledger.messages import RULES
from kongtun.ledger.registry import FAMILIES, REGISTRY


def test_every_registered_id_is_a_rule_with_a_message() -> None:
    assert [rule for rule in REGISTRY if rule not in RULES] == []


def test_each_check_is_named_after_its_rule_and_lives_in_its_family() -> None:
    for family in FAMILIES:
        assert family.__name__.endswith(".checks")
        for rule, check in family.CHECKS.items():
            assert check.__name__ == rule.replace("-", "_"), rule
            assert check.__module__ == family.__name__, rule
            assert REGISTRY[rule] is check


def test_no_rule_is_in_two_families() -> None:
    assert sum(len(family.CHECKS) for family in FAMILIES) == len(REGISTRY)


def test_every_rule_with_a_message_is_registered() -> None:
    """From any rule id a newcomer finds its code: REGISTRY[rule] is the function."""
    assert sorted(REGISTRY) == sorted(RULES)
    # 80; issue 12's 5; month closes' 5; the year end's 8; grants' 9 (issue 18);
    # meeting-malformed; issue 15's 10; the lender's 2; grant-line-late and grant-overdrawn
    # (issue 18); year-end-cover-over (issue 19); loan-restructure-late-charges and
    # loan-allowance-posting (issue 15)
    assert len(REGISTRY) == 125
