"""The benchmark script still runs, once quickly, and reports every measure as a
ratio against a baseline from the same run (numbers are not checked: no timing
asserts in the tests)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_benchmark_script_runs_and_reports_every_measure(tmp_path):
    # The script must use temporary homes of its own, never the one it is given.
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[var] = str(home / var.lower())
    env.pop("SCIATICA_TUI_CACHE", None)
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick",
                           "--markdown"], capture_output=True, text=True, timeout=900,
                          cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "load average at start" in done.stdout and "CPUs" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| measure | sciatica-tui | baseline (same run) | ratio")
    cells = [[c.strip() for c in row.strip()[1:-1].split("|")] for row in rows[1:]]
    names = [c[0] for c in cells]
    expected = {
        "1.": "key -> next question painted", "2.": "review -> results painted",
        "3.": "first paint", "4.": "Start -> first question painted",
        "5.": "peak RSS", "6.": "`assess --format", "7.": "`serve` memory",
        "8.": "screens to a result", "9.": "content validation",
    }
    for number, words in expected.items():
        assert any(n.startswith(number) and words in n for n in names), done.stdout
    for kind in ("warm", "cold", "kiosk", "no .pyc"):
        assert any(n.startswith("4.") and n.endswith(kind) for n in names), kind
        assert any(n.startswith("5.") and kind in n for n in names), kind
    formats = {n.split("`assess --format ")[1].split("`")[0] for n in names if n.startswith("6.")}
    assert formats == {"text", "json", "html", "markdown", "fhir", "pdf"}
    # Every measured row is a ratio against a baseline measured in the same run, with
    # a target (skipped rows say why in the second cell and have no ratio).
    measured = [c for c in cells if c[3]]
    assert len(measured) >= 14
    for c in measured:
        assert any(base in c[2] for base in ("same walk", "bare app", "pydantic", "1x",
                                             "TUI process")), c
        assert c[3].split()[0].replace(".", "").isdigit(), c
        assert "met" in c[4], c
    if importlib.util.find_spec("textual_serve") is not None:
        assert any(c[0].startswith("7.") and c[3] for c in cells), "serve was not measured"
    assert any(c[0].startswith("6.") and "pdf" in c[0] and c[3] for c in cells)  # never skipped
    assert "could not measure" not in done.stdout
    assert "nan" not in done.stdout
    assert not any(home.iterdir()), list(home.rglob("*"))  # nothing written in the given home
