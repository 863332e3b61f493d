"""The built wheel, installed into a fresh virtual environment, run from another folder.

This proves the content ships inside the wheel and the `sciatica-tui` command works
from any directory. It needs the package index (for the build backend and the
dependencies): where pip cannot reach one, the test is skipped and says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# pip's own per-user settings (which index to use), read when pytest collects this
# file, before the tests' temporary home replaces the real one (tests/conftest.py).
# Only pip reads it; the app never sees it.
_CONFIG_HOME = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
PIP_USER_CONFIG = next((p for p in (_CONFIG_HOME / "pip" / "pip.conf",
                                    Path.home() / ".pip" / "pip.conf") if p.is_file()), None)

# What pip prints when it could not reach a package index at all. "(from versions:
# none)" means no index offered the package in any version; a missing version of a
# package the index has ("from versions: 1.0, 1.1") is a real failure, not a skip.
UNREACHABLE = ("(from versions: none)", "NewConnectionError", "Failed to establish a new "
               "connection", "Temporary failure in name resolution", "Name or service not "
               "known", "Network is unreachable", "Max retries exceeded", "ProxyError",
               "Could not fetch URL", "ConnectTimeoutError", "ReadTimeoutError")


def pip_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if PIP_USER_CONFIG is not None and "PIP_CONFIG_FILE" not in env:
        env["PIP_CONFIG_FILE"] = str(PIP_USER_CONFIG)
    return env


def pip(python: str, *args: str, what: str, env: dict[str, str] | None = None) -> None:
    """Run pip; skip the test with pip's own words if no package index is reachable,
    fail with pip's output on any other error."""
    done = subprocess.run([python, "-m", "pip", *args], capture_output=True, text=True,
                          timeout=600, env=pip_env() if env is None else env)
    if done.returncode == 0:
        return
    output = f"{done.stdout}\n{done.stderr}"
    if any(sign in output for sign in UNREACHABLE):
        errors = [line.strip() for line in output.splitlines()
                  if line.strip().startswith("ERROR")] or ["no index"]
        said = next((e for e in errors if any(sign in e for sign in UNREACHABLE)), errors[-1])
        pytest.skip(f"no package index is reachable, so {what} cannot be installed "
                    f"(pip: {said})")
    pytest.fail(f"pip could not install {what}:\n{output}")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    pip(sys.executable, "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT),
        what="the build backend (hatchling)")
    wheel = next(dist.glob("sciatica_tui-*.whl"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip(str(env_dir / "bin" / "python"), "install", "-q", str(wheel),
        what="the dependencies")
    return env_dir / "bin" / "sciatica-tui"


def test_without_a_package_index_the_install_test_skips_and_says_why(tmp_path):
    """No network is used: pip is told to use no index and an empty wheel folder,
    which is what it sees on a machine with no way to reach one."""
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    offline = {**{k: v for k, v in os.environ.items() if not k.startswith("PIP_")},
               "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1",
               "PIP_FIND_LINKS": str(empty)}
    with pytest.raises(pytest.skip.Exception) as skipped:
        pip(sys.executable, "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
            str(ROOT), what="the build backend (hatchling)", env=offline)
    reason = str(skipped.value)
    assert reason.startswith("no package index is reachable, so the build backend")
    assert "(from versions: none)" in reason  # pip's own words


def run(cmd: Path, *args: str, cwd: Path, stdin: str | None = None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(cmd), *args], capture_output=True, text=True, cwd=cwd,
                          input=stdin, env=env, timeout=60)


@pytest.mark.slow
def test_installed_command_end_to_end(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    examples = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", examples)

    result = run(installed, "content", "check", cwd=elsewhere)
    assert result.returncode == 0 and result.stdout.startswith("Content OK"), result.stderr

    result = run(installed, "questions", "--format", "json", cwd=elsewhere)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["questions"]) > 20

    expected = {"self_care_disc.json": "self_care", "soon_stenosis.json": "soon",
                "urgent_weakness.json": "urgent", "emergency_bladder.json": "emergency"}
    for name, tier in expected.items():
        result = run(installed, "assess", "--answers", str(examples / name), "--format", "json",
                     cwd=elsewhere)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["disposition"] == tier

    result = run(installed, "assess", "--answers", "-", cwd=elsewhere, stdin='{"fever": 3}')
    assert result.returncode == 2 and "Traceback" not in result.stderr
    result = run(installed, "assess", "--answers", "missing.json", cwd=elsewhere)
    assert result.returncode == 2 and "not found" in result.stderr

    # The content really is inside the installed package, not read from the checkout.
    python = installed.parent / "python"
    where = subprocess.run([str(python), "-c", "from sciatica_tui.contentset.loader import "
                            "default_content_dir as d; print(d())"],
                           capture_output=True, text=True, cwd=elsewhere)
    assert str(installed.parent.parent) in where.stdout, where.stdout

    # The FHIR Questionnaire ships encoded inside the package, and is used (issue 19).
    shipped = subprocess.run([str(python), "-c", "from sciatica_tui.contentset.loader import "
                              "load_content; from sciatica_tui.reports.formats import fhir; "
                              "print(fhir._shipped(load_content()) is not None)"],
                             capture_output=True, text=True, cwd=elsewhere)
    assert shipped.stdout.strip() == "True", shipped.stderr

    version = subprocess.run([str(python), "-m", "sciatica_tui", "--version"],
                             capture_output=True, text=True, cwd=elsewhere)
    assert version.returncode == 0 and version.stdout.startswith("sciatica-tui ")
