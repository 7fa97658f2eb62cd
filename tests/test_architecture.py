"""The folders are the layers: imports flow one way, checked by package, never by file name.

    hub.core  ←  realtime  ←  resolvers, training  ←  schema  ←  hub.web, hub.demo

A new file needs no exemption: its package decides what it may import.
"""

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ("hub", "realtime", "resolvers", "training", "schema", "departments", "bench", "tests")
# The layer of each package (longest prefix wins); a module may import its own layer and below.
LAYERS = {"hub.core": 0, "realtime": 1, "resolvers": 2, "training": 2, "schema": 3,
          "hub.web": 4, "hub.demo": 4, "hub": 4}
NO_GRAPHQL_OR_HTTP = ("hub.core", "resolvers", "training")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(*tops: str) -> dict[str, Path]:
    return {_module_name(p): p for top in tops for p in (ROOT / top).rglob("*.py")
            if "node_modules" not in p.parts}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at top level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


PRODUCT = _modules("hub", "realtime", "resolvers", "training", "schema")
GRAPH = {name: {m for m in _imports(path) if m in PRODUCT} for name, path in PRODUCT.items()}


def _prefix_of(module: str, table: dict[str, int] | tuple[str, ...]) -> str | None:
    keys = sorted(table, key=len, reverse=True)
    return next((k for k in keys if module == k or module.startswith(k + ".")), None)


def _layer(module: str) -> int:
    prefix = _prefix_of(module, LAYERS)
    assert prefix is not None, module
    return LAYERS[prefix]


def _domain(module: str) -> str:
    """The unit a cycle may not cross: resolvers.cases, schema.queue, training, realtime, hub.core …"""
    parts = module.split(".")
    if parts[0] in ("resolvers", "schema", "hub") and len(parts) > 1:
        return ".".join(parts[:2])
    return parts[0]


def test_no_module_imports_a_layer_above_its_own():
    # given every product module and what it imports
    # when each import is compared with the importer's layer
    upward = sorted(f"{name} → {dep}" for name, deps in GRAPH.items() for dep in deps
                    if _layer(dep) > _layer(name))
    # then nothing points up
    assert "hub.core.settings" in GRAPH and "hub.web.app" in GRAPH and "schema.root" in GRAPH
    assert upward == []


def test_rules_and_ground_floor_name_neither_strawberry_nor_starlette():
    # given every file under hub/core, resolvers and training
    offenders = sorted(
        f"{name} imports {dep}"
        for name, path in PRODUCT.items() if _prefix_of(name, NO_GRAPHQL_OR_HTTP)
        for dep in _imports(path) if dep.split(".")[0] in ("strawberry", "starlette")
    )
    # then none imports GraphQL or HTTP
    assert offenders == []


def test_rules_and_ground_floor_pull_in_neither_strawberry_nor_starlette():
    # given every rule module, imported in a clean interpreter (catches third-party detours)
    rules = sorted(n for n in PRODUCT if _prefix_of(n, NO_GRAPHQL_OR_HTTP) and "migrations" not in n)
    code = (
        "import importlib, sys\n"
        f"for m in {rules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('strawberry', 'starlette'))\n"
        "print(','.join(bad))\n"
    )
    # when
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    # then
    assert result.returncode == 0, result.stderr
    assert "resolvers.cases.intake" in rules and "training.gate" in rules and "hub.core.db" in rules
    assert result.stdout.strip() == "", f"rules pulled in: {result.stdout[:300]}"


def test_realtime_knows_no_domain():
    # given the event infrastructure
    # then it imports only the ground floor and itself
    offenders = sorted(f"{name} → {dep}" for name, deps in GRAPH.items() if name.startswith("realtime")
                       for dep in deps if not dep.startswith(("hub.core", "realtime")))
    assert offenders == []


def _cycles_across_domains() -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            components.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return [c for c in components if len({_domain(m) for m in c}) > 1]


def test_no_import_cycle_crosses_a_domain():
    # given the import graph of the product, lazy imports inside functions included
    # when its strongly connected components are found
    crossing = _cycles_across_domains()
    # then none spans two domains
    assert crossing == []


def test_benchmarks_import_nothing_from_tests():
    offenders = sorted(f"{name} → {dep}" for name, path in _modules("bench").items()
                       for dep in _imports(path) if dep.split(".")[0] == "tests")
    assert offenders == []


def test_every_top_level_arrow_points_down_or_comes_from_the_composition_root():
    # given the import graph folded to top-level folders (hub split into core / web / demo)
    def folder(module: str) -> str:
        return _domain(module) if module.startswith("hub.") else module.split(".")[0]

    arrows: dict[tuple[str, str], int] = defaultdict(int)
    for name, deps in GRAPH.items():
        for dep in deps:
            if folder(name) != folder(dep):
                arrows[folder(name), folder(dep)] += 1
    # then no pair of folders imports each other
    both_ways = sorted(f"{a} ↔ {b}" for (a, b) in arrows if (b, a) in arrows and a < b)
    assert both_ways == []
