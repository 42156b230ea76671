"""The package's shape (developers' guide): no module imports one that imports it back, not even from inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "privacy_inventory"
LIB = Path(__file__).resolve().parents[1] / "lib"


def modules() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package __init__), for every module of the package."""
    found = {}
    for path in sorted((LIB / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(LIB).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _imported(node: ast.AST, here: str, known: dict[str, tuple[Path, bool]]) -> list[str]:
    """The package's modules one import statement loads (a name imported from a package may be a submodule)."""
    targets: list[str] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            name = alias.name
            while name and name not in known:
                name = name.rpartition(".")[0]
            targets += [name] if name else []
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = here.split(".")[: len(here.split(".")) - node.level + 1]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        for alias in node.names:
            sub = f"{source}.{alias.name}"
            targets += [sub] if sub in known else [source] if source in known else []
    return targets


def import_graph() -> dict[str, dict[str, int]]:
    """Module -> {module it imports: line}, counting imports inside functions and under TYPE_CHECKING too.

    Importing `a.b.c` from outside package `a.b` first runs `a/b/__init__.py`, so that is an edge as well.
    """
    known = modules()
    graph: dict[str, dict[str, int]] = {}
    for name, (path, is_package) in known.items():
        package = name if is_package else name.rpartition(".")[0]
        edges: dict[str, int] = {}
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _imported(node, package, known):
                parts = target.split(".")
                parents = [".".join(parts[:i]) for i in range(2, len(parts))]
                for t in [target, *(p for p in parents if p in known and not (name == p or name.startswith(p + ".")))]:
                    edges.setdefault(t, node.lineno)
        edges.pop(name, None)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_graph_sees_the_imports_that_matter() -> None:
    graph = import_graph()
    assert len(graph) > 100
    assert "privacy_inventory.classify.prepared" in graph["privacy_inventory.classify.places"]  # under TYPE_CHECKING
    assert "privacy_inventory.paths" in graph["privacy_inventory.review"]  # inside a function
    assert "privacy_inventory.fides" in graph["privacy_inventory.declarations_io"]  # the package __init__ runs first
    assert "privacy_inventory.dpia" not in graph["privacy_inventory.dpia.facts"]  # its own package is already running


def test_the_cycle_finder_finds_a_loop() -> None:
    assert cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = import_graph()
    loops = []
    for group in cycles(graph):
        edges = [f"{a} -> {b} (line {graph[a][b]})" for a in group for b in sorted(graph[a]) if b in group]
        loops.append(" / ".join(edges))
    assert not loops, "import loops:\n" + "\n".join(loops)
