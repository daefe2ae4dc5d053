"""Where rule ids are written in a family's code, read with :mod:`ast` (shared by the
families' one-home-per-rule tests)."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from kongtun.ledger.messages import RULES

ROOT = Path(__file__).resolve().parents[2]


def rule_ids_in(path: Path, family: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    """Each rule id written in ``path`` (only those starting with one of ``family``, when
    given), with the function it is written in (None: none); not the keys of the ``CHECKS``
    table itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, str | None]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "CHECKS":
            return
        if isinstance(node, ast.FunctionDef):
            function = node.name
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in RULES
            and (not family or node.value.startswith(family))
        ):
            found.append((node.value, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


def homes(
    code: Iterable[Path], checks_file: Path, family: tuple[str, ...] = ()
) -> tuple[set[str], list[tuple[str, str, str | None]]]:
    """The rule ids written in ``code``, and those written anywhere but in the function of
    their own name in ``checks_file`` (file, id, function)."""
    found = {
        (path.relative_to(ROOT).as_posix(), rule, function)
        for path in code
        for rule, function in rule_ids_in(path, family)
    }
    home = checks_file.relative_to(ROOT).as_posix()
    wrong = [
        (path, rule, function)
        for path, rule, function in sorted(found, key=str)
        if path != home or function != rule.replace("-", "_")
    ]
    return {rule for _, rule, _ in found}, wrong
