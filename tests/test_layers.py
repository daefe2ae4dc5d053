"""The model's layers, read from the code: no import runs back up a layer, none runs in a cycle.

Every ``import`` and ``from ... import`` of every kongtun module is read with :mod:`ast`,
including imports inside functions (lazy imports are imports all the same). Layers of
``kongtun.ledger``, lowest first:

====  ====================================  =================================================
rank  packages                              what they are about
====  ====================================  =================================================
0     ledger (i18n, thai, problems, ...)    words, dates, money, problems as data
1     ledger.books                          the fund, members, accounts, rules, records
2     ledger.loans, ledger.welfare,         loans and moratoria; welfare funds; grants
      ledger.grants                         (siblings)
3     ledger.model                          Books: what one load learnt (the plugin's pass)
4     ledger.reports                        the month pass, statements, fund report, sections
5     ledger.years                          carry, look-back, the chain of years
6     ledger.registry                       every rule id -> the function that checks it
6     ledger.network                        fund summaries, roll-ups by area, closes' witness
6     ledger.audit                          the auditor's workpaper (reads years' closes)
7     generators                            demo and benchmark books (outside the model)
8     plugins, importers, templates, cli    adapters at the edge
====  ====================================  =================================================

A module may import its own layer's modules and any lower layer. Siblings of one rank (loans
and welfare; the adapters) do not import each other, except the adapters, which are thin and
may share (cli uses importers and templates). ``python -m kongtun.tests.test_layers`` prints
the graph's layers and the arrows between them.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: folder (relative to the repository) -> package name
PACKAGES = {
    "ledger": "kongtun.ledger",
    "generators": "kongtun.generators",
    "plugins": "kongtun.plugins",
    "importers": "kongtun.importers",
    "templates": "kongtun.templates",
    "cli": "kongtun.cli",
}
#: layer -> rank (higher ranks may import lower ones)
LAYERS: dict[str, int] = {
    "kongtun.ledger": 0,
    "kongtun.ledger.books": 1,
    "kongtun.ledger.loans": 2,
    "kongtun.ledger.welfare": 2,
    "kongtun.ledger.grants": 2,
    "kongtun.ledger.model": 3,
    "kongtun.ledger.reports": 4,
    "kongtun.ledger.years": 5,
    "kongtun.ledger.registry": 6,
    "kongtun.ledger.network": 6,
    "kongtun.ledger.audit": 6,
    "kongtun.generators": 7,
    "kongtun.plugins": 8,
    "kongtun.importers": 8,
    "kongtun.templates": 8,
    "kongtun.cli": 8,
}
ADAPTERS = {"kongtun.plugins", "kongtun.importers", "kongtun.templates", "kongtun.cli"}


def modules() -> dict[str, Path]:
    """Module name -> file, for every kongtun module outside the tests."""
    found: dict[str, Path] = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kongtun modules that ``name`` imports, anywhere in its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {target for target in targets if target in known and target != name}


def graph() -> dict[str, set[str]]:
    """Module -> the kongtun modules it imports."""
    found = modules()
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def layer(module: str) -> str:
    """The layer a module belongs to (its longest matching layer prefix)."""
    best = ""
    for prefix in LAYERS:
        if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    return best


def wrong_arrows(edges: dict[str, set[str]]) -> list[str]:
    """Imports that run up a layer, or across between sibling layers of the model."""
    wrong = []
    for source, targets in sorted(edges.items()):
        for target in sorted(targets):
            here, there = layer(source), layer(target)
            if here == there:
                continue
            if LAYERS[there] > LAYERS[here]:
                wrong.append(f"{source} -> {target} (runs up: {here} below {there})")
            elif LAYERS[there] == LAYERS[here] and not {here, there} <= ADAPTERS:
                wrong.append(f"{source} -> {target} (across siblings {here} and {there})")
    return wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_module_belongs_to_a_layer() -> None:
    assert [name for name in modules() if not layer(name)] == []


def test_no_import_runs_back_up_a_layer() -> None:
    assert wrong_arrows(graph()) == []


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_the_checker_sees_lazy_imports_and_wrong_arrows(tmp_path: Path) -> None:
    """The checks can fail: an import inside a function that runs up a layer is found."""
    module = tmp_path / "book.py"
    module.write_text(
        "def f():\n    from kongtun.ledger.reports.statements import read_month\n",
        encoding="utf-8",
    )
    known = {"kongtun.ledger.books.fund", "kongtun.ledger.reports.statements"}
    edges = {"kongtun.ledger.books.fund": imports("kongtun.ledger.books.fund", module, known)}
    assert edges["kongtun.ledger.books.fund"] == {"kongtun.ledger.reports.statements"}
    assert wrong_arrows(edges) == [
        "kongtun.ledger.books.fund -> kongtun.ledger.reports.statements "
        "(runs up: kongtun.ledger.books below kongtun.ledger.reports)"
    ]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    welfare_to_loans = {"kongtun.ledger.welfare.book": {"kongtun.ledger.loans.book"}}
    assert wrong_arrows(welfare_to_loans) == [
        "kongtun.ledger.welfare.book -> kongtun.ledger.loans.book "
        "(across siblings kongtun.ledger.welfare and kongtun.ledger.loans)"
    ]


def summary() -> str:
    """The layers with their modules and the arrows between layers (for people)."""
    edges = graph()
    by_layer: dict[str, list[str]] = defaultdict(list)
    for name in modules():
        by_layer[layer(name)].append(name)
    arrows: dict[tuple[str, str], int] = defaultdict(int)
    for source, targets in edges.items():
        for target in targets:
            if layer(source) != layer(target):
                arrows[(layer(source), layer(target))] += 1
    lines = []
    for name, rank in sorted(LAYERS.items(), key=lambda item: (item[1], item[0])):
        lines.append(f"{rank} {name}: {len(by_layer[name])} modules")
    lines.append("arrows between layers (imports):")
    for (source, target), count in sorted(arrows.items()):
        lines.append(f"  {source} -> {target}: {count}")
    lines.append(f"wrong arrows: {len(wrong_arrows(edges))}; cycles: {len(cycles(edges))}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary())
