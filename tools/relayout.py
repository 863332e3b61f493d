#!/usr/bin/env python3
"""Move the flat modules of sciatica_tui into packages that show the layers
(issue 15 item 5), and rewrite every reference to them.

    python tools/relayout.py            # in a clean checkout, at the repository root
    python tools/relayout.py --dry-run  # print the moves only

What it does, from the tables below (never from line numbers, so it works on a
tree that others changed since it was written):

1. `git mv` each module in MOVES to its new place (new packages get an
   __init__.py saying what they hold); a module in the table that no longer exists
   is reported and skipped; a module not in the table stays where it is.
2. SPLITS: top-level definitions that leave their module for another one
   (report.py: Words stays as core/words.py, the JSON form goes to reports/).
3. Rewrites every import (relative imports stay relative, recomputed for the
   module's new place; `from x import a, b` is split when a and b now live apart)
   and every dotted module name or package path in text: monkeypatch targets
   ("sciatica_tui.report.now"), entry points and mypy module lists in
   pyproject.toml, `python -m sciatica_tui.content_cache` in docs, tests and .ci,
   file paths such as sciatica_tui/tui/app.py in the README. Each file is rewritten
   in one pass, so a new name is never rewritten again.
4. Writes the new layer map into tests/test_architecture.py and the import-linter
   contracts into pyproject.toml (between their marker lines).
5. Sorts the rewritten imports (ruff --fix --select I, and F401 for split modules).

It refuses to run twice (sciatica_tui/core exists) and on a tree with uncommitted
changes. No compatibility shims: after the move the old names are gone.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

PKG = "sciatica_tui"

# old module -> new module (dotted). A package moves with everything in it.
MOVES: dict[str, str] = {
    # core: content objects, conditions, engine, answers, session, check-in, demo, words
    f"{PKG}.runtime": f"{PKG}.core.content",
    f"{PKG}.condtree": f"{PKG}.core.conditions",
    f"{PKG}.engine": f"{PKG}.core.engine",
    f"{PKG}.answers": f"{PKG}.core.answers",
    f"{PKG}.session": f"{PKG}.core.session",
    f"{PKG}.checkin": f"{PKG}.core.checkin",
    f"{PKG}.demo": f"{PKG}.core.demo",
    f"{PKG}.i18n": f"{PKG}.core.i18n",
    f"{PKG}.report": f"{PKG}.core.words",
    f"{PKG}.quote": f"{PKG}.core.quote",
    f"{PKG}.safe_read": f"{PKG}.core.safe_read",
    f"{PKG}.act_now": f"{PKG}.core.act_now",
    f"{PKG}.progress": f"{PKG}.core.progress",
    f"{PKG}.exitcodes": f"{PKG}.core.exit_codes",
    # contentset: reading and validating content/
    f"{PKG}.model": f"{PKG}.contentset.schema",
    f"{PKG}.conditions": f"{PKG}.contentset.condition_schema",
    f"{PKG}.loader": f"{PKG}.contentset.loader",
    f"{PKG}.content_checks": f"{PKG}.contentset.checks",
    f"{PKG}.content_cache": f"{PKG}.contentset.cache",
    f"{PKG}.problems": f"{PKG}.contentset.problems",
    # reports: what an assessment becomes
    f"{PKG}.summary": f"{PKG}.reports.summary",
    f"{PKG}.result_view": f"{PKG}.reports.result_view",
    f"{PKG}.formats": f"{PKG}.reports.formats",
    f"{PKG}.handoff": f"{PKG}.reports.handoff",
    f"{PKG}.about": f"{PKG}.reports.about",
    f"{PKG}.catalogue": f"{PKG}.reports.catalogue",
    # store: files on this machine
    f"{PKG}.paths": f"{PKG}.store.paths",
    f"{PKG}.output": f"{PKG}.store.private_file",
    f"{PKG}.history": f"{PKG}.store.history",
    f"{PKG}.config": f"{PKG}.store.config",
    f"{PKG}.staff": f"{PKG}.store.staff_pin",
    # front ends: the command line (plain.py, web/ and tui/ stay where they are)
    f"{PKG}.cli": f"{PKG}.cli.main",
    f"{PKG}.parser": f"{PKG}.cli.parser",
    f"{PKG}.history_cli": f"{PKG}.cli.history",
    f"{PKG}.serve": f"{PKG}.cli.serve",
    # tui: screens and widgets in their own packages
    f"{PKG}.tui.alerts": f"{PKG}.tui.screens.alerts",
    f"{PKG}.tui.demo": f"{PKG}.tui.screens.demo",
    f"{PKG}.tui.diary": f"{PKG}.tui.screens.diary",
    f"{PKG}.tui.dialog": f"{PKG}.tui.screens.dialog",
    f"{PKG}.tui.glossary": f"{PKG}.tui.screens.glossary",
    f"{PKG}.tui.handoff": f"{PKG}.tui.screens.handoff",
    f"{PKG}.tui.kiosk": f"{PKG}.tui.screens.kiosk",
    f"{PKG}.tui.modals": f"{PKG}.tui.screens.modals",
    f"{PKG}.tui.page": f"{PKG}.tui.screens.page",
    f"{PKG}.tui.question": f"{PKG}.tui.screens.question",
    f"{PKG}.tui.results": f"{PKG}.tui.screens.results",
    f"{PKG}.tui.welcome": f"{PKG}.tui.screens.welcome",
    f"{PKG}.tui.widgets": f"{PKG}.tui.widgets.common",
    f"{PKG}.tui.marks": f"{PKG}.tui.widgets.marks",
    f"{PKG}.tui.steady": f"{PKG}.tui.widgets.steady",
    f"{PKG}.tui.group": f"{PKG}.tui.screens.group",
    f"{PKG}.tui.picker": f"{PKG}.tui.widgets.picker",
    f"{PKG}.tui.progressline": f"{PKG}.tui.widgets.progressline",
}

# old module -> {top-level name: the new module it goes to}; the rest follows MOVES.
SPLITS: dict[str, dict[str, str]] = {
    f"{PKG}.report": {"symptom_picture": f"{PKG}.reports.assessment_json",
                      "to_json": f"{PKG}.reports.assessment_json"},
}

# Files that are not modules and move with one (the content cache's stock entry).
DATA_MOVES: dict[str, str] = {
    f"{PKG}/stock_content.json": f"{PKG}/contentset/stock_content.json",
}

# What each new package holds (its __init__.py docstring).
PACKAGES: dict[str, str] = {
    f"{PKG}.core": "The UI-free core: content objects, conditions, the engine, answers, "
                   "the interview session, check-in, the demo replay and the wording.",
    f"{PKG}.contentset": "Reading content/: the schema, the loader, the cross-checks and "
                         "the validated-content cache.",
    f"{PKG}.reports": "What an assessment becomes: the summary, its formats, the JSON form, "
                      "the QR hand-off, about and the question catalogue.",
    f"{PKG}.store": "Files on this machine: paths, the private-file writer, history, "
                    "settings and the staff PIN.",
    f"{PKG}.cli": "The command line: arguments, commands, history and serve.",
    f"{PKG}.tui.screens": "The TUI's screens and dialogs.",
    f"{PKG}.tui.widgets": "The TUI's widgets, shared by the screens.",
}

# The layer map after the move (tests/test_architecture.py; ALLOWED there is unchanged).
LAYERS_AFTER: dict[str, list[str]] = {
    "core": [PKG, f"{PKG}.core"],
    "store": [f"{PKG}.store"],
    "contentset": [f"{PKG}.contentset"],
    "reports": [f"{PKG}.reports"],
    "front": [f"{PKG}.__main__", f"{PKG}.cli", f"{PKG}.plain", f"{PKG}.web", f"{PKG}.tui"],
}

# Where references are rewritten (files under these, by suffix), and single files.
TREES = (PKG, "tests", "benchmarks", "tools", "examples", ".ci")
FILES = ("pyproject.toml", "README.md", "CHANGELOG.md")
SUFFIXES = {".py", ".toml", ".md", ".txt", ".cfg", ".ini", ".json", ".sh", ".tcss", ".html", ""}
SKIP_NAMES = {"stock_content.json"}  # generated: regenerated after the move

DOTTED = re.compile(rf"\b{PKG}(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
PATHLIKE = re.compile(rf"\b{PKG}(?:/[A-Za-z_][A-Za-z0-9_]*)+(?:\.py|\.json)?/?")


class Refused(Exception):
    pass


# -- names -------------------------------------------------------------------------------
def new_name(old: str, attr: str | None = None) -> str:
    """The new dotted name of module `old` (or of `old`.`attr` for a split name)."""
    if attr is not None and old in SPLITS and attr in SPLITS[old]:
        return SPLITS[old][attr]
    parts = old.split(".")
    for i in range(len(parts), 0, -1):
        head = ".".join(parts[:i])
        if head in MOVES:
            return ".".join([MOVES[head], *parts[i:]])
    return old


def map_dotted(text: str, modules: set[str]) -> str:
    """A dotted reference (module, or module.attribute...) under its new name."""
    parts = text.split(".")
    for i in range(len(parts), 0, -1):
        head = ".".join(parts[:i])
        if head in modules or head in MOVES:
            rest = parts[i:]
            if rest and head in SPLITS and rest[0] in SPLITS[head]:
                return ".".join([SPLITS[head][rest[0]], *rest[1:]])
            return ".".join([new_name(head), *rest])
    return text


def map_path(text: str, modules: set[str]) -> str:
    """sciatica_tui/report.py or sciatica_tui/formats/ under its new path."""
    core = text.rstrip("/")
    slash = text[len(core):]
    for old, new in DATA_MOVES.items():
        if core == old:
            return new + slash
    suffix = ".py" if core.endswith(".py") else ""
    dotted = core.removesuffix(".py").replace("/", ".")
    if not suffix and dotted not in modules and not any(
            m.startswith(dotted + ".") for m in MOVES):
        return text
    mapped = map_dotted(dotted, modules)
    return mapped.replace(".", "/") + suffix + slash if mapped != dotted else text


# -- the tree ----------------------------------------------------------------------------
def package_modules(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted((root / PKG).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def module_path(root: Path, dotted: str, is_package: bool) -> Path:
    base = root.joinpath(*dotted.split("."))
    return base / "__init__.py" if is_package else base.with_suffix(".py")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                          text=True).stdout


# -- imports -----------------------------------------------------------------------------
def _absolute(importer: str, is_package: bool, level: int, module: str | None) -> str:
    parts = importer.split(".") if is_package else importer.split(".")[:-1]
    base = parts[:len(parts) - level + 1]
    return ".".join(base + ([module] if module else []))


def _relative(importer_new: str, is_package: bool, target: str) -> tuple[int, str]:
    here = importer_new.split(".") if is_package else importer_new.split(".")[:-1]
    there = target.split(".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return len(here) - common + 1, ".".join(there[common:])


def rewrite_imports(source: str, importer_old: str | None, importer_new: str | None,
                    is_package: bool, modules: set[str]) -> list[tuple[int, int, str]]:
    """(first line, last line, new text) for each import statement that changes."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        first = lines[node.lineno - 1]
        indent = first[:len(first) - len(first.lstrip())]
        new_text: list[str] = []
        if isinstance(node, ast.Import):
            names = []
            for alias in node.names:
                target = map_dotted(alias.name, modules) if alias.name.startswith(PKG) else \
                    alias.name
                names.append(target + (f" as {alias.asname}" if alias.asname else ""))
            if names == [a.name + (f" as {a.asname}" if a.asname else "") for a in node.names]:
                continue
            new_text.append(f"{indent}import {', '.join(names)}\n")
        else:
            relative = node.level > 0
            if relative:
                if importer_old is None:
                    continue
                base = _absolute(importer_old, is_package, node.level, node.module)
            else:
                base = node.module or ""
            if not (base == PKG or base.startswith(PKG + ".")):
                continue
            groups: dict[str, list[str]] = {}
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules or sub in MOVES:  # a module: its parent may change
                    moved = new_name(sub)
                    parent, _, leaf = moved.rpartition(".")
                    bound = alias.asname or alias.name
                    text = leaf if bound == leaf else f"{leaf} as {bound}"
                    groups.setdefault(parent, []).append(text)
                else:
                    target = new_name(base, alias.name)
                    groups.setdefault(target, []).append(
                        alias.name + (f" as {alias.asname}" if alias.asname else ""))
            for target, names in groups.items():
                if relative:
                    assert importer_new is not None
                    level, rest = _relative(importer_new, is_package, target)
                    head = "." * level + rest
                else:
                    head = target
                new_text.append(f"{indent}from {head} import {', '.join(names)}\n")
            old_text = "".join(lines[node.lineno - 1:node.end_lineno])
            if "".join(new_text).split() == old_text.split():
                continue
        end = node.end_lineno or node.lineno
        # Keep a trailing comment on the statement's last line.
        tail = lines[end - 1].rstrip("\n")
        comment = tail[node.end_col_offset:].strip() if node.end_col_offset is not None else ""
        if comment.startswith("#") and new_text:
            new_text[-1] = new_text[-1].rstrip("\n") + "  " + comment + "\n"
        edits.append((node.lineno, end, "".join(new_text)))
    return edits


def rewrite_text(text: str, modules: set[str], skip_lines: set[int]) -> str:
    """Dotted names and package paths outside the lines already rewritten."""
    out: list[str] = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if number in skip_lines:
            out.append(line)
            continue
        line = DOTTED.sub(lambda m: map_dotted(m.group(0), modules), line)
        line = PATHLIKE.sub(lambda m: map_path(m.group(0), modules), line)
        out.append(line)
    return "".join(out)


def rewrite_file(path: Path, importer_old: str | None, importer_new: str | None,
                 is_package: bool, modules: set[str]) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return False
    edits: list[tuple[int, int, str]] = []
    if path.suffix == ".py":
        try:
            edits = rewrite_imports(text, importer_old, importer_new, is_package, modules)
        except SyntaxError:
            edits = []
    lines = text.splitlines(keepends=True)
    done: set[int] = set()
    for first, last, _ in edits:
        done.update(range(first, last + 1))
    # One pass: dotted names on the lines the import rewrite did not produce.
    rewritten = rewrite_text(text, modules, done).splitlines(keepends=True)
    for first, last, new in sorted(edits, reverse=True):
        rewritten[first - 1:last] = [new]
    new_text = "".join(rewritten)
    if new_text != "".join(lines):
        path.write_text(new_text, encoding="utf-8")
        return True
    return False


# -- splits ------------------------------------------------------------------------------
def split_module(root: Path, old: str, names: dict[str, str]) -> list[Path]:
    """Move the named top-level definitions of module `old` (at its NEW path now)
    into their new modules; each new module starts with the old module's imports and
    imports what it uses from the module it left (ruff removes what is unused)."""
    source_path = module_path(root, new_name(old), False)
    source = source_path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    header_end = 0
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)) or (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            header_end = node.end_lineno or node.lineno
        else:
            break
    header = lines[:header_end]
    leaving: dict[str, list[str]] = {}
    keep = list(lines)
    previous_end = 0
    remaining: set[str] = set()
    for node in tree.body:
        name = getattr(node, "name", None)
        start = node.lineno - 1
        if hasattr(node, "decorator_list") and node.decorator_list:
            start = node.decorator_list[0].lineno - 1
        if name in names:
            chunk = lines[previous_end:node.end_lineno]
            leaving.setdefault(names[name], []).append("".join(chunk))
            for i in range(previous_end, node.end_lineno or start + 1):
                keep[i] = ""
        elif name is not None:
            remaining.add(name)
        elif isinstance(node, ast.Assign):
            remaining.update(t.id for t in node.targets if isinstance(t, ast.Name))
        previous_end = node.end_lineno or start + 1
    source_path.write_text("".join(keep).rstrip("\n") + "\n", encoding="utf-8")
    written: list[Path] = [source_path]
    for target, chunks in leaving.items():
        body = "".join(chunks)
        used = {n.id for n in ast.walk(ast.parse(body)) if isinstance(n, ast.Name)}
        from_old = sorted(used & remaining)
        target_path = module_path(root, target, False)
        level, rest = _relative(target, False, new_name(old))
        imports = f"from {'.' * level}{rest} import {', '.join(from_old)}\n" if from_old else ""
        doc = f'"""Moved from {old} by tools/relayout.py: {", ".join(sorted(names))}."""\n'
        # The old module's own docstring is dropped; its imports are kept.
        head_tree = ast.parse("".join(header))
        head = "".join(
            "".join(lines[n.lineno - 1:n.end_lineno]) for n in head_tree.body
            if isinstance(n, (ast.Import, ast.ImportFrom)))
        head = _relativize_header(head, old, target)
        target_path.write_text(doc + "\n" + head + imports + "\n" + body.rstrip("\n") + "\n",
                               encoding="utf-8")
        written.append(target_path)
    return written


def _relativize_header(head: str, old: str, target: str) -> str:
    """The old module's imports (already rewritten for its new place) made right for
    the new module's place."""
    out: list[str] = []
    for node in ast.parse(head).body:
        text = ast.get_source_segment(head, node) or ""
        if isinstance(node, ast.ImportFrom) and node.level:
            base = _absolute(new_name(old), False, node.level, node.module)
            level, rest = _relative(target, False, base)
            names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "")
                              for a in node.names)
            text = f"from {'.' * level}{rest} import {names}"
        out.append(text + "\n")
    return "".join(out)


# -- generated blocks --------------------------------------------------------------------
def layers_block() -> str:
    lines = ["# layer -> the modules or packages in it (a package holds everything below it)",
             "LAYERS: dict[str, list[str]] = {"]
    for layer, names in LAYERS_AFTER.items():
        lines.append(f'    "{layer}": [')
        lines += [f'        "{name}",' for name in names]
        lines.append("    ],")
    lines.append("}")
    return "\n".join(lines) + "\n"


def contracts_block() -> str:
    def layer(name: str) -> str:
        return " : ".join(n for n in LAYERS_AFTER[name] if n != PKG)

    def arr(names: list[str]) -> str:
        return "[" + ", ".join(f'"{n}"' for n in names if n != PKG) + "]"

    return f"""[tool.importlinter]
root_package = "{PKG}"

[[tool.importlinter.contracts]]
name = "Layers: core <- store <- contentset; core <- reports; everything <- front ends"
type = "layers"
layers = [
    "{layer('front')}",
    "{layer('contentset')}",
    "{layer('reports')}",
    "{layer('store')}",
    "{layer('core')}",
]

[[tool.importlinter.contracts]]
name = "reports use only core"
type = "forbidden"
source_modules = {arr(LAYERS_AFTER['reports'])}
forbidden_modules = {arr(LAYERS_AFTER['contentset'] + LAYERS_AFTER['store'])}

[[tool.importlinter.contracts]]
name = "contentset does not use reports"
type = "forbidden"
source_modules = {arr(LAYERS_AFTER['contentset'])}
forbidden_modules = {arr(LAYERS_AFTER['reports'])}
# Only cache.py's `if __name__ == "__main__":` block (python -m ... also rewrites the
# FHIR Questionnaire shipped for the stock content): never imported at run time.
ignore_imports = ["{new_name(PKG + '.content_cache')} -> {new_name(PKG + '.formats.fhir')}"]

[[tool.importlinter.contracts]]
name = "No import cycles"
type = "acyclic_siblings"
ancestors = ["{PKG}"]
# Only its `if __name__ == "__main__":` block (python -m ... rewrites the stock
# entry) imports the loader: never part of the import graph at run time.
ignore_imports = ["{new_name(PKG + '.content_cache')} -> {new_name(PKG + '.loader')}"]
"""


def replace_block(path: Path, start: str, end: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    a = text.find(start)
    b = text.find(end)
    if a < 0 or b < a:
        raise Refused(f"{path}: the markers {start!r} ... {end!r} are missing")
    a = text.index("\n", a) + 1
    path.write_text(text[:a] + new + text[b:], encoding="utf-8")


# -- the run -----------------------------------------------------------------------------
def plan(root: Path) -> list[tuple[str, str, Path, Path]]:
    """(old module, new module, old path, new path) for each move that applies."""
    existing = package_modules(root)
    moves = []
    for old, new in MOVES.items():
        if old not in existing:
            print(f"relayout: skipped {old}: not in this tree", file=sys.stderr)
            continue
        src = existing[old]
        is_package = src.name == "__init__.py"
        moves.append((old, new, src.parent if is_package else src,
                      (root.joinpath(*new.split("."))) if is_package
                      else module_path(root, new, False)))
    return moves


def check(root: Path) -> None:
    if (root / PKG / "core").exists():
        raise Refused(f"{PKG}/core exists: the layout has been moved already")
    if not (root / PKG / "__init__.py").is_file():
        raise Refused(f"run it at the repository root ({PKG}/ not found here)")
    if git(root, "status", "--porcelain", "--untracked-files=no").strip():
        raise Refused("the work tree has uncommitted changes: commit or stash them first")
    news = set(MOVES.values())
    if len(news) != len(MOVES):
        raise Refused("two modules move to the same place")


def run(root: Path, dry_run: bool = False) -> int:
    check(root)
    modules_before = set(package_modules(root))
    moves = plan(root)
    if dry_run:
        for _old, _new, src, dst in moves:
            print(f"{src.relative_to(root)} -> {dst.relative_to(root)}")
        return 0
    # Which module each file was, before anything moves.
    identity: dict[Path, tuple[str, bool]] = {
        path: (name, path.name == "__init__.py")
        for name, path in package_modules(root).items()}
    # Move in two steps (via a staging folder): tui/widgets.py becomes tui/widgets/.
    staging = root / PKG / "_relayout_staging"
    staged: list[tuple[Path, Path]] = []
    for i, (_, _, src, dst) in enumerate(moves):
        tmp = staging / f"{i}{src.suffix}"
        staging.mkdir(exist_ok=True)
        git(root, "mv", str(src.relative_to(root)), str(tmp.relative_to(root)))
        staged.append((tmp, dst))
    for tmp, dst in staged:
        dst.parent.mkdir(parents=True, exist_ok=True)
        git(root, "mv", str(tmp.relative_to(root)), str(dst.relative_to(root)))
    if staging.exists():
        staging.rmdir()
    for old, new in DATA_MOVES.items():
        if (root / old).exists():
            git(root, "mv", old, new)
    for package, doc in PACKAGES.items():
        init = module_path(root, package, True)
        if not init.exists():
            init.parent.mkdir(parents=True, exist_ok=True)
            wrapped = textwrap.fill(doc, 96, initial_indent='"""', subsequent_indent="")
            init.write_text(f'{wrapped}"""\n', encoding="utf-8")
    # Where each module now is: its old name and its new one.
    new_identity: dict[Path, tuple[str, str, bool]] = {}
    for old, is_package in identity.values():
        new = new_name(old)
        new_path = module_path(root, new, is_package)
        new_identity[new_path] = (old, new, is_package)
    # Rewrite references everywhere.
    changed: list[Path] = []
    for path in _files(root):
        if path in new_identity:
            old, new, is_package = new_identity[path]
        else:
            old = new = None
            is_package = path.name == "__init__.py"
        if rewrite_file(path, old, new, is_package, modules_before):
            changed.append(path)
    split_files: list[Path] = []
    for old, names in SPLITS.items():
        if old in modules_before:
            split_files += split_module(root, old, names)
            git(root, "add", *[str(p.relative_to(root)) for p in split_files])
    replace_block(root / "tests" / "test_architecture.py", "# --- layers", "# --- end layers",
                  layers_block())
    replace_block(root / "pyproject.toml", "# --- import contracts", "# --- end import contracts",
                  contracts_block())
    for init in PACKAGES:
        git(root, "add", str(module_path(root, init, True).relative_to(root)))
    ruff = [sys.executable, "-m", "ruff", "check", "--fix", "--quiet", "--exit-zero"]
    subprocess.run([*ruff, "--select", "I", "."], cwd=root, check=False)
    if split_files:
        subprocess.run([*ruff, "--select", "F401,I", *map(str, split_files)], cwd=root,
                       check=False)
    # Longer names can push a line past the limit: list them to wrap by hand.
    long_lines = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "E501", "--exit-zero",
         "--output-format", "concise", "--quiet", "."],
        cwd=root, check=False, capture_output=True, text=True).stdout.strip()
    if long_lines:
        print("relayout: lines now too long (wrap them by hand):\n" + long_lines,
              file=sys.stderr)
    # Prose may name a module by its bare file name (`model.py`): list those to check.
    stale = _bare_names(root, moves)
    if stale:
        print("relayout: check these mentions of old file names by hand:\n" + stale,
              file=sys.stderr)
    print(f"relayout: moved {len(moves)} modules, rewrote {len(changed)} files. Now "
          f"regenerate the content cache (python -m {new_name(PKG + '.content_cache')}) "
          "and run ruff, mypy, lint-imports and the tests.")
    return 0


def _bare_names(root: Path, moves: list[tuple[str, str, Path, Path]]) -> str:
    """`name.py` or `tui/name.py` mentions in the Markdown files whose module moved."""
    names = set()
    for old, new, src, _ in moves:
        if src.suffix == ".py" and old.rpartition(".")[2] != new.rpartition(".")[2] or \
                old.count(".") != new.count("."):
            rel = old.split(".", 1)[1].replace(".", "/") + (".py" if src.suffix else "/")
            names.add(rel)
    # A name that is also a module's name after the move is not stale.
    names -= {new.rpartition(".")[2] + (".py" if src.suffix else "/")
              for _, new, src, _ in moves}
    found = []
    for path in sorted(root.glob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in sorted(names):
                if re.search(rf"(?<![\w/.]){re.escape(name)}", line):
                    found.append(f"{path.name}:{number}: {name}")
    return "\n".join(found)


def _files(root: Path) -> list[Path]:
    found: list[Path] = []
    for tree in TREES:
        base = root / tree
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and path.name not in SKIP_NAMES \
                    and "__pycache__" not in path.parts and path.resolve() != Path(
                        __file__).resolve():
                found.append(path)
    found += [root / name for name in FILES if (root / name).is_file()]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the moves only")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository root")
    args = parser.parse_args(argv)
    try:
        return run(args.root.resolve(), args.dry_run)
    except Refused as exc:
        print(f"relayout: refused: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"relayout: {' '.join(exc.cmd)} failed: {exc.stderr.strip()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
