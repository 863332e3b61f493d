"""The import direction contract (issue 15 item 6; H-C "hidden import cycles").

Every module of the package is parsed with `ast`; every import counts, at module
level and inside functions and methods alike (a function-level import is still a
dependency, only a later one). Two exemptions, both because the code never runs
when the module is imported:

- imports under `if TYPE_CHECKING:` are type hints only. They must still respect
  the layer direction (a type from a higher layer is a dependency in disguise),
  but they do not make cycles;
- imports under `if __name__ == "__main__":` run only when the module is a script
  (`python -m sciatica_tui.contentset.cache`), never as part of the import graph.

The layers, lowest first. A module may import from its own layer and the layers
listed as allowed for it, nothing else; and no set of modules may import each other
in a circle. A module that no layer names fails the test: place it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import sciatica_tui

PACKAGE = Path(sciatica_tui.__file__).parent
ROOT = PACKAGE.name

# --- layers (tools/relayout.py rewrites this block) ---
# layer -> the modules or packages in it (a package holds everything below it)
LAYERS: dict[str, list[str]] = {
    "core": [
        "sciatica_tui",
        "sciatica_tui.core",
    ],
    "store": [
        "sciatica_tui.store",
    ],
    "contentset": [
        "sciatica_tui.contentset",
    ],
    "reports": [
        "sciatica_tui.reports",
    ],
    "front": [
        "sciatica_tui.__main__",
        "sciatica_tui.cli",
        "sciatica_tui.plain",
        "sciatica_tui.web",
        "sciatica_tui.tui",
    ],
}
# --- end layers ---

# layer -> the other layers it may import from. store sits just above core: the
# content cache keeps its entries with the store's private-file writer.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "store": {"core"},
    "contentset": {"core", "store"},
    "reports": {"core"},
    "front": {"core", "store", "contentset", "reports"},
}


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def layer_of(module: str) -> str | None:
    """The layer of the longest name in LAYERS that is the module or a package above it
    (the root package stands for its own __init__.py only)."""
    best: tuple[int, str] | None = None
    for layer, names in LAYERS.items():
        for name in names:
            if (module == name or (name != ROOT and module.startswith(name + "."))) and \
                    (best is None or len(name) > best[0]):
                best = (len(name), layer)
    return best[1] if best else None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _is_main(test: ast.expr) -> bool:
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__")


def imports(module: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, int, bool]]:
    """(imported module of this package, line, under TYPE_CHECKING) for every import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def target(base: str, name: str) -> str:
        # `from pkg import name`: the submodule pkg.name if there is one, else pkg.
        return f"{base}.{name}" if f"{base}.{name}" in known else base

    def visit(node: ast.AST, typing_only: bool) -> Iterator[tuple[str, int, bool]]:
        if isinstance(node, ast.If) and _is_main(node.test):
            yield from (x for child in node.orelse for x in visit(child, typing_only))
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from visit(child, True)
            for child in node.orelse:
                yield from visit(child, typing_only)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == ROOT or alias.name.startswith(ROOT + "."):
                    yield alias.name, node.lineno, typing_only
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            if base == ROOT or base.startswith(ROOT + "."):
                for alias in node.names:
                    yield target(base, alias.name), node.lineno, typing_only
        for child in ast.iter_child_nodes(node):
            yield from visit(child, typing_only)

    yield from visit(tree, False)


def graph() -> tuple[dict[str, set[str]], list[str]]:
    """module -> modules it imports (cycle graph, TYPE_CHECKING left out), and every
    import against the layer direction, as readable lines."""
    known = modules()
    edges: dict[str, set[str]] = {m: set() for m in known}
    wrong: list[str] = []
    for module, path in known.items():
        here = layer_of(module)
        for imported, line, typing_only in imports(module, path, known):
            if imported == module:
                continue
            there = layer_of(imported)
            if here is not None and there is not None and there != here and \
                    there not in ALLOWED[here]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module} ({here}) "
                             f"imports {imported} ({there})")
            if not typing_only:
                edges[module].add(imported)
    return edges, wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other in a circle (Tarjan's strongly
    connected components of more than one module, or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in edges.get(v, ()):
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return found


def test_every_module_has_a_layer():
    assert [m for m in modules() if layer_of(m) is None] == []


def test_every_layer_name_is_a_module():
    known = modules()
    assert [n for names in LAYERS.values() for n in names if n not in known] == []


def test_H_C_imports_follow_the_layer_direction():
    _, wrong = graph()
    assert wrong == [], "imports against the layer direction:\n" + "\n".join(wrong)


def test_H_C_no_import_cycles_even_inside_functions():
    edges, _ = graph()
    assert cycles(edges) == []


# The checks themselves must be able to fail.
def test_the_cycle_finder_finds_a_hidden_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("source, typing_only", [
    ("def f():\n    from .plain import run\n", False),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .plain import run\n", True),
])
def test_imports_inside_functions_and_type_checking_are_seen(tmp_path, source, typing_only):
    path = tmp_path / "engine.py"
    path.write_text(source)
    found = list(imports(f"{ROOT}.engine", path, {f"{ROOT}.plain": path}))
    assert found == [(f"{ROOT}.plain", source.count("\n"), typing_only)]
