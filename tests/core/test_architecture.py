"""One direction of dependencies: the imports of keepwarm/ (deferred ones inside functions and those under
TYPE_CHECKING too) form no cycle, domain services import no other domain's services, and `core` imports no app."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "keepwarm"

# The floors, lowest first: an app may build on the floors below it. `core` uses no app; `accounts` (who may see
# what) and `audit` (history recording) serve every domain; the domains write their own rows; `flows` holds the
# writes that span domains; `reports` and `demo` read or seed everything. A new app must be given its floor here.
FLOORS: tuple[tuple[str, str], ...] = (
    ("ground", "core"),
    ("shared", "accounts audit"),
    ("domains", "clients touches planner qualification ladder needs catalog deals journal imports letters"),
    ("flows", "flows"),
    ("top", "reports exports demo"),
)
FLOOR_OF = {app: level for level, (_, apps) in enumerate(FLOORS) for app in apps.split()}
DOMAINS = frozenset(FLOORS[2][1].split())


@dataclass(frozen=True, order=True)
class Edge:
    """`source` imports `target` at `line` of the source module."""

    source: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} (line {self.line})"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_modules(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package, migrations excluded (they freeze history, not dependencies)."""
    return {module_name(path, root): path for path in sorted(root.rglob("*.py")) if "migrations" not in path.parts}


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of `from <level dots><name> import ...` written in `module`."""
    if level == 0:
        return name or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def imports_of(module: str, tree: ast.AST, known: Iterable[str], is_package: bool = False) -> list[Edge]:
    """Every import of another known module anywhere in the tree (module level, functions, TYPE_CHECKING)."""
    known = set(known)
    edges: list[Edge] = []

    def add(target: str, line: int) -> None:
        while target and target not in known:  # `import keepwarm.clients.models.Client` -> the module itself
            target = target.rpartition(".")[0]
        if target and target != module:
            edges.append(Edge(module, target, line))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node.level, node.module)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"  # `from keepwarm.clients import services` names a module
                add(submodule if submodule in known else base, node.lineno)
    return sorted(set(edges))


def import_graph(root: Path = PACKAGE) -> list[Edge]:
    modules = source_modules(root)
    edges: list[Edge] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges += imports_of(name, tree, modules, is_package=path.name == "__init__.py")
    return edges


def cycles(edges: Iterable[Edge]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def app_of(module: str) -> str | None:
    """`keepwarm.clients.services` -> "clients"; a module directly in keepwarm/ belongs to no app."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else None


def is_services(module: str) -> bool:
    """`keepwarm.<app>.services` or a module of a `keepwarm.<app>.services` package."""
    parts = module.split(".")
    return len(parts) >= 3 and parts[2] == "services"


def service_crossings(edges: Iterable[Edge], floor_of: Mapping[str, int] = FLOOR_OF) -> list[Edge]:
    """A domain's services importing the services of another app that is not on a floor below the domains."""
    return [
        edge
        for edge in edges
        if is_services(edge.source)
        and is_services(edge.target)
        and app_of(edge.source) in DOMAINS
        and app_of(edge.target) != app_of(edge.source)
        and floor_of.get(app_of(edge.target) or "", len(FLOORS)) >= floor_of[app_of(edge.source) or ""]
    ]


def core_imports_of_apps(edges: Iterable[Edge]) -> list[Edge]:
    return [edge for edge in edges if app_of(edge.source) == "core" and app_of(edge.target) not in (None, "core")]


def _report(title: str, lines: Iterable[str]) -> str:
    return "\n".join([title, *(f"  {line}" for line in lines)])


def a_cycle(component: list[str], edges: Iterable[Edge]) -> list[str]:
    """The shortest way round from the component's first module back to it (breadth first), for the message."""
    members = set(component)
    following: dict[str, list[str]] = {}
    for edge in sorted(edges):
        if edge.source in members and edge.target in members:
            following.setdefault(edge.source, []).append(edge.target)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    for node in queue:
        for successor in following.get(node, []):
            if successor == start:
                return [*paths[node], start]
            if successor not in paths:
                paths[successor] = [*paths[node], successor]
                queue.append(successor)
    return component


def _edges_within(component: list[str], edges: list[Edge]) -> list[str]:
    members = set(component)
    return [str(edge) for edge in edges if edge.source in members and edge.target in members]


# --- the rules, on keepwarm/ ---------------------------------------------------------------------------------------


def test_every_app_is_on_a_floor():
    apps = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert apps <= set(FLOOR_OF), f"give these apps a floor in FLOORS: {sorted(apps - set(FLOOR_OF))}"


def test_no_import_cycle_between_modules():
    edges = import_graph()
    if found := cycles(edges):
        reports = [
            _report(
                f"import cycle, e.g. {' -> '.join(a_cycle(component, edges))}; all its edges:",
                _edges_within(component, edges),
            )
            for component in found
        ]
        pytest.fail("\n".join(reports), pytrace=False)


def test_domain_services_import_no_other_domains_services():
    if crossings := service_crossings(import_graph()):
        title = "domain services importing another domain's services (write through a flow, read through selectors):"
        pytest.fail(_report(title, map(str, crossings)), pytrace=False)


def test_core_imports_no_app():
    if found := core_imports_of_apps(import_graph()):
        pytest.fail(_report("keepwarm.core is the ground floor and imports no app:", map(str, found)), pytrace=False)


# --- the test's own machinery, on made-up modules ----------------------------------------------------------------


def _edges(*pairs: str) -> list[Edge]:
    return [Edge(*pair.split(" -> "), line=1) for pair in pairs]


def test_cycles_finds_each_strongly_connected_group_and_only_those():
    edges = _edges("a -> b", "b -> c", "c -> a", "c -> d", "d -> e", "e -> d", "f -> a", "g -> g")
    assert cycles(edges) == [["a", "b", "c"], ["d", "e"]]
    assert cycles(_edges("a -> b", "b -> c", "a -> c")) == []
    assert a_cycle(["a", "b", "c"], edges) == ["a", "b", "c", "a"]


def test_imports_are_found_inside_functions_and_in_relative_forms():
    source = (
        "from __future__ import annotations\n"
        "import keepwarm.touches.models\n"
        "from . import selectors\n"
        "from .models import Client\n"
        "from ..planner import services as planner\n"
        "def log():\n"
        "    from keepwarm.qualification.services import rescore\n"
    )
    known = ["keepwarm.clients", "keepwarm.clients.models", "keepwarm.clients.selectors", "keepwarm.clients.services",
             "keepwarm.touches.models", "keepwarm.planner.services", "keepwarm.qualification.services"]  # fmt: skip
    edges = imports_of("keepwarm.clients.services", ast.parse(source), known)
    assert [(edge.target, edge.line) for edge in edges] == [
        ("keepwarm.clients.models", 4),
        ("keepwarm.clients.selectors", 3),
        ("keepwarm.planner.services", 5),
        ("keepwarm.qualification.services", 7),
        ("keepwarm.touches.models", 2),
    ]


def test_the_service_and_core_rules_flag_exactly_the_forbidden_edges():
    edges = _edges(
        "keepwarm.clients.services -> keepwarm.qualification.services",  # a domain's services into another's
        "keepwarm.clients.services -> keepwarm.audit.services",  # history recording: allowed
        "keepwarm.clients.services -> keepwarm.planner.selectors",  # a read: allowed
        "keepwarm.planner.services.replan -> keepwarm.flows.services",  # up into flows: forbidden
        "keepwarm.flows.services -> keepwarm.clients.services",  # flows sit above the domains: allowed
        "keepwarm.core.views -> keepwarm.planner.selectors",
        "keepwarm.core.forms -> keepwarm.core.models",
    )
    assert [str(edge) for edge in service_crossings(edges)] == [
        "keepwarm.clients.services -> keepwarm.qualification.services (line 1)",
        "keepwarm.planner.services.replan -> keepwarm.flows.services (line 1)",
    ]
    assert [str(edge) for edge in core_imports_of_apps(edges)] == [
        "keepwarm.core.views -> keepwarm.planner.selectors (line 1)"
    ]
