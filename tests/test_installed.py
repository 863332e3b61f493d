"""The built wheel, installed into a fresh virtual environment, run from another folder.

This proves the content ships inside the wheel and the `sciatica-tui` command works
from any directory. It needs the package registry (or a pip cache) for dependencies.
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


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("sciatica_tui-*.whl"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q",
                          str(wheel)], capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stderr
    return env_dir / "bin" / "sciatica-tui"


def run(cmd: Path, *args: str, cwd: Path, stdin: str | None = None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(cmd), *args], capture_output=True, text=True, cwd=cwd,
                          input=stdin, env=env, timeout=60)


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
    where = subprocess.run([str(python), "-c", "from sciatica_tui.loader import "
                            "default_content_dir as d; print(d())"],
                           capture_output=True, text=True, cwd=elsewhere)
    assert str(installed.parent.parent) in where.stdout, where.stdout

    version = subprocess.run([str(python), "-m", "sciatica_tui", "--version"],
                             capture_output=True, text=True, cwd=elsewhere)
    assert version.returncode == 0 and version.stdout.startswith("sciatica-tui ")
