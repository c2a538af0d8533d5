"""Layers import downward only, and no module imports itself round a cycle (ARCHITECTURE.md).

Read with `ast` from the source files, so every import counts: at the top, inside a function,
under `if TYPE_CHECKING:`. Issue 12 found two cycles (bot/cli.py and the ingestion CLI;
core/ingest.py and core/services.py) and eight imports running upward, hidden by imports
inside functions and a lazy `__getattr__`; this keeps them from coming back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A module may import its own layer and the layers of earlier tiers; layers of
# one tier are siblings and import neither each other nor anything above.
TIERS: tuple[tuple[str, ...], ...] = (
    ("digest", "bot"),  # `bot` alone: the package's __init__, which imports nothing
    ("bot.closing",),
    ("bot.bounds", "bot.zalo_api"),
    ("bot.source_config",),
    ("bot.settings",),
    ("bot.storage", "bot.documents"),
    ("bot.core",),
    ("bot.delivery", "bot.ingestion"),
    ("bot.channels",),
    ("bot.app",),
    ("bot.cli_options",),
    ("bot.cli_ingestion", "bot.charts_cli"),
    ("bot.cli",),
)
EXCLUDED = ("bot.migrations",)  # Alembic's scripts, run by Alembic, not imported by the bot
RANK = {layer: tier for tier, layers in enumerate(TIERS) for layer in layers}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("digest", "bot"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = _module_name(path)
            if not name.startswith(EXCLUDED):
                found[name] = path
    return found


MODULES = _modules()


def _imported(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """(module imported, line) for every import of the project's own modules in `path`."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            targets = [f"{base}.{alias.name}" for alias in node.names] or [base]
        for target in targets:
            while target not in MODULES and "." in target:
                target = target.rpartition(".")[0]
            if target in MODULES and target != name:
                yield target, node.lineno


def _layer(module: str) -> str:
    if module == "bot":
        return module
    candidates = [
        layer
        for layer in RANK
        if layer != "bot" and (module == layer or module.startswith(layer + "."))
    ]
    if not candidates:
        raise AssertionError(f"{module} belongs to no layer: add it to TIERS and ARCHITECTURE.md")
    return max(candidates, key=len)


GRAPH = {name: dict(_imported(name, path)) for name, path in MODULES.items()}


def _upward() -> list[str]:
    wrong = []
    for source, targets in GRAPH.items():
        for target, line in targets.items():
            here, there = _layer(source), _layer(target)
            if here != there and RANK[there] >= RANK[here]:
                wrong.append(f"{MODULES[source].relative_to(ROOT)}:{line} imports {target}")
    return sorted(wrong)


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in GRAPH:
        if node not in index:
            visit(node)
    return found


def test_every_module_belongs_to_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_layers_import_downward_only() -> None:
    assert _upward() == []


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_the_engine_imports_nothing_from_the_bot() -> None:
    assert [
        m for m in GRAPH if m.startswith("digest") and any(t.startswith("bot") for t in GRAPH[m])
    ] == []


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py"))
def test_packages_load_nothing_lazily(name: str) -> None:
    """A module-level `__getattr__` hides an import from the reader and from this test."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    assert not [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "__getattr__"]


def test_the_checks_see_what_they_forbid() -> None:
    """The rules themselves work: core importing delivery, services importing ingest back."""
    GRAPH["bot.core.conversation"]["bot.delivery.port"] = 1
    GRAPH["bot.core.services"]["bot.core.ingest"] = 1
    try:
        assert any("imports bot.delivery.port" in line for line in _upward())
        assert ["bot.core.ingest", "bot.core.services"] in _cycles()
    finally:
        del GRAPH["bot.core.conversation"]["bot.delivery.port"]
        del GRAPH["bot.core.services"]["bot.core.ingest"]
