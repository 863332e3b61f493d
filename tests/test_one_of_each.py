"""Issue 15 item 9 and the pins of item 8: one exit-code enum (as README says), one
private atomic file writer used by every writer, one history path function, and
exact test pins beside a compatible runtime range."""

from __future__ import annotations

import ast
import os
import re
import stat
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sciatica_tui"


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


# -- exit codes -----------------------------------------------------------------------
def test_exit_codes_are_what_readme_says():
    from sciatica_tui.core.exit_codes import Exit, after_signal

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\d+)` \| `([A-Z_]+)` \|", readme, re.M)
    assert rows, "README has no exit codes table"
    assert {name: int(code) for code, name in rows} == {e.name: e.value for e in Exit}
    assert "| `128+n` |" in readme and after_signal(15) == 143


def test_no_module_keeps_its_own_exit_codes():
    """Nothing defines EXIT_* numbers or returns/exits with a bare number except
    through Exit (0 from a helper that is not about the process is fine)."""
    offenders = []
    for path in _sources():
        if path.name == "exit_codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                names += [e.id for t in node.targets if isinstance(t, ast.Tuple)
                          for e in t.elts if isinstance(e, ast.Name)]
                if any(n.startswith("EXIT_") and n != "EXIT_KEYS" for n in names):
                    offenders.append(f"{path.name}:{node.lineno}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "SystemExit" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                offenders.append(f"{path.name}:{node.lineno} SystemExit({node.args[0].value})")
    assert offenders == []


def test_the_commands_return_the_enum():
    from sciatica_tui.cli.main import main
    from sciatica_tui.core.exit_codes import Exit

    code = main(["assess", "--answers", str(ROOT / "no-such-answers.json")])
    assert code is Exit.INPUT


# -- one private writer -----------------------------------------------------------------
def test_only_the_private_writer_replaces_or_creates_files():
    """os.replace, mkstemp and O_EXCL appear in store/private_file.py only: every file the
    program writes for a person goes through its write_private."""
    offenders = []
    for path in _sources():
        if path.name == "private_file.py" and path.parent == PACKAGE / "store":
            continue
        text = path.read_text(encoding="utf-8")
        for word in ("os.replace", "mkstemp", "O_EXCL", "os.rename"):
            if word in text:
                offenders.append(f"{path.relative_to(PACKAGE)}: {word}")
    assert offenders == []


def test_the_writer_makes_0600_files_whole(tmp_path):
    from sciatica_tui.store.paths import write_cache_file
    from sciatica_tui.store.private_file import write_private

    target = write_private(tmp_path / "a.txt", "hello")
    assert target.read_text() == "hello" and stat.S_IMODE(os.stat(target).st_mode) == 0o600
    cached = tmp_path / "cache" / "ui.json"
    assert write_cache_file(cached, "{}")
    assert stat.S_IMODE(os.stat(cached).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cached.parent).st_mode) == 0o700
    assert write_cache_file(cached, '{"a": 1}') and cached.read_text() == '{"a": 1}'
    assert [p.name for p in cached.parent.iterdir()] == ["ui.json"]  # nothing left over


def test_the_writer_leaves_nothing_when_a_write_fails(tmp_path, monkeypatch):
    from sciatica_tui.store import private_file as output

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    with pytest.raises(output.OutputError):
        output.write_private(tmp_path / "a.txt", "hello")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_the_writer_refuses_fifos_and_devices(tmp_path):
    from sciatica_tui.store.paths import write_cache_file
    from sciatica_tui.store.private_file import OutputError, write_private

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for overwrite in (False, True):
        with pytest.raises(OutputError, match="not a regular file"):
            write_private(fifo, "x", overwrite=overwrite)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # untouched, never opened
    # In its own cache folder the program replaces a strange entry (S-F9), without
    # opening it; a folder there means no cache.
    assert write_cache_file(fifo, "x") and fifo.read_text() == "x"
    (tmp_path / "folder").mkdir()
    assert not write_cache_file(tmp_path / "folder", "x")
    with pytest.raises(OutputError, match="not a regular file"):
        write_private("/dev/null", "x", overwrite=True)


def test_the_history_file_is_made_by_the_private_writer(tmp_path):
    from sciatica_tui.store.history import History

    path = tmp_path / "data" / "history.sqlite3"
    History.open(path, create=True).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


# -- one history path -----------------------------------------------------------------
def test_one_function_names_the_history_file():
    import sciatica_tui.store.history as history
    from sciatica_tui.store.paths import history_path

    assert not hasattr(history, "default_path") and not hasattr(history, "FILE_NAME")
    assert history_path().name == "history.sqlite3"
    naming = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value == "history.sqlite3":
                naming.append(path.name)
    assert naming == ["paths.py"]


# -- pins -------------------------------------------------------------------------------
def _pins() -> dict[str, str]:
    lines = (ROOT / "constraints" / "test.txt").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("==") for line in lines if "==" in line and not line.startswith("#")]
    return {name.strip().lower(): version.strip() for name, version in pairs}


def test_runtime_range_and_exact_test_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    textual = next(d for d in project["dependencies"] if d.startswith("textual"))
    assert "==" not in textual and "<9" in textual
    pins = _pins()
    for name in ("textual", "rich", "pytest", "pytest-textual-snapshot", "syrupy"):
        assert name in pins, f"{name} has no exact test pin"
    assert re.search(rf">={re.escape(pins['textual'])}\b", textual) or ">=8.2" in textual
    for extra, every in project["optional-dependencies"].items():
        if extra != "lint":  # the linters are pinned where they are listed
            assert not any("==" in d for d in every), f"[{extra}]: pin in constraints/test.txt"


def test_ci_and_readme_install_with_the_test_pins():
    command = 'pip install -c constraints/test.txt ".[test]" && python -m pytest'
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -q -c constraints/test.txt ".[test,lint]"' in ci
    # The README's command; CI_WORKERS may set the number of workers (default auto).
    assert 'python -m pytest -n "${CI_WORKERS:-auto}" --dist worksteal' in ci
    assert "python -m pytest -n auto --dist worksteal" in (ROOT / "README.md").read_text(
        encoding="utf-8")
    floor = (ROOT / ".ci" / "floor").read_text(encoding="utf-8")
    assert "# -- test tools" in (ROOT / "constraints" / "test.txt").read_text(encoding="utf-8")
    assert "/^# -- test tools/" in floor


def test_the_floor_run_installs_the_lower_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lower = {}
    # The runtime dependencies and the extras the product imports (pdf, serve).
    extras = project["optional-dependencies"]
    for dep in [*project["dependencies"], *extras["pdf"], *extras["serve"]]:
        m = re.match(r"([A-Za-z0-9_.-]+)\s*(?:==|>=)\s*([0-9][0-9.]*)", dep)
        assert m, dep
        lower[m.group(1).lower()] = m.group(2)
    floor = (ROOT / ".ci" / "floor").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"^([a-z0-9_.-]+)==([0-9.]+)$", floor, re.M))

    def same(v: str) -> tuple[int, ...]:
        parts = [int(p) for p in v.split(".")]
        while parts and parts[-1] == 0:
            parts.pop()
        return tuple(parts)

    assert {k: same(v) for k, v in pinned.items()} == {k: same(v) for k, v in lower.items()}
