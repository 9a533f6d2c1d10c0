"""The portal's layers, read from its own imports (grimp, as import-linter
reads them): core serves the capabilities and never reaches back into them,
and no two modules import each other, directly or round a loop, which is
what makes a module impossible to read, test or move on its own."""

from __future__ import annotations

import grimp
import pytest

CAPABILITIES = (
    "accounts",
    "admin",
    "challenges",
    "consultations",
    "demo",
    "events",
    "inbox",
    "pages",
    "plans",
    "suppliers",
    "surveys",
)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("app", cache_dir=None)


def _imports(graph, module: str) -> set[str]:
    # A package starting its own modules (its init_app importing its views) is
    # how a package is built, not a loop between two modules.
    return {
        other
        for other in graph.find_modules_directly_imported_by(module)
        if not other.startswith(module + ".")
    }


def import_loops(graph) -> list[list[str]]:
    """Groups of modules that import each other round a loop (Tarjan's
    strongly connected components with more than one module)."""
    edges = {module: _imports(graph, module) for module in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return loops


def test_no_two_modules_import_each_other(graph):
    assert import_loops(graph) == []


def test_a_loop_between_two_modules_is_found():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    graph.add_import(importer="pkg", imported="pkg.a")
    assert import_loops(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_core_imports_no_capability(graph):
    for capability in CAPABILITIES:
        chains = graph.find_shortest_chains(importer="app.core", imported=f"app.{capability}")
        assert not chains, f"app.core reaches app.{capability}: {sorted(chains)}"


def test_each_capability_starts_through_its_own_init_app(app):
    import importlib

    for capability in CAPABILITIES:
        package = importlib.import_module(f"app.{capability}")
        assert callable(getattr(package, "init_app", None)), capability
    # Every blueprint the portal serves belongs to core or to one capability.
    for name, blueprint in app.blueprints.items():
        owner = blueprint.import_name.split(".")[1]
        assert owner in (*CAPABILITIES, "core"), (name, blueprint.import_name)
