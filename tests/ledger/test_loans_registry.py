"""One home per rule: each rule id of the loans family is raised by one function named after it.

The loans code is read with :mod:`ast`: every string that is a rule id stands inside the
function of that id in :mod:`kongtun.ledger.loans.checks`, and that function is listed in its
:data:`~kongtun.ledger.loans.checks.CHECKS`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from kongtun.ledger.loans.checks import CHECKS
from kongtun.ledger.messages import RULES

ROOT = Path(__file__).resolve().parents[2]
LOANS_CODE = [*sorted((ROOT / "ledger" / "loans").glob("*.py")), ROOT / "plugins" / "loans.py"]
CHECKS_FILE = ROOT / "ledger" / "loans" / "checks.py"
FAMILY = ("loan-", "loans-", "repayment-", "late-", "borrowing-", "moratorium-")


def rule_ids_in(path: Path) -> list[tuple[str, str | None]]:
    """Each rule id written in ``path``, with the function it is written in (None: none);
    not the keys of the ``CHECKS`` table itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, str | None]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "CHECKS":
            return
        if isinstance(node, ast.FunctionDef):
            function = node.name
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in RULES:
            found.append((node.value, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


def test_every_check_is_a_rule_named_after_its_id() -> None:
    assert [rule for rule in CHECKS if rule not in RULES] == []
    assert [
        rule for rule, check in CHECKS.items() if check.__name__ != rule.replace("-", "_")
    ] == []
    assert {check.__module__ for check in CHECKS.values()} == {"kongtun.ledger.loans.checks"}


def test_every_loans_rule_has_a_check() -> None:
    assert sorted(rule for rule in RULES if rule.startswith(FAMILY)) == sorted(CHECKS)


def test_every_rule_id_in_the_loans_code_is_raised_by_its_own_check() -> None:
    homes = {
        (path.relative_to(ROOT).as_posix(), rule, function)
        for path in LOANS_CODE
        for rule, function in rule_ids_in(path)
    }
    assert {rule for _, rule, _ in homes} == set(CHECKS)
    wrong = [
        (path, rule, function)
        for path, rule, function in homes
        if path != CHECKS_FILE.relative_to(ROOT).as_posix() or function != rule.replace("-", "_")
    ]
    assert wrong == []
