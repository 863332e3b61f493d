"""benchmarks/screens.py (issue 16) runs and counts; quick: two vignettes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_screens_benchmark_counts_two_vignettes():
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "screens.py"),
         "--only", "control_disc_self_care,aaa_sudden_severe_not_faint"],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in done.stdout.splitlines() if line.startswith("| ")}
    assert set(rows) == {"Vignette", "control_disc_self_care", "aaa_sudden_severe_not_faint"}
    care = rows["control_disc_self_care"]
    assert care[:2] == ["self_care", "self_care"] and int(care[2]) > 10 and care[3] == ""
    aaa = rows["aaa_sudden_severe_not_faint"]
    # the aneurysm question is the first screen, and its "yes" interrupts there
    assert aaa[:2] == ["emergency", "emergency"] and aaa[3] == "1"
    assert int(aaa[2]) < int(care[2])  # settled: the questions that change nothing are not asked
    assert "Self-care vignettes: 1; screens to the result: median" in done.stdout
    assert "Emergency vignettes: 1; alert at screen: first 1" in done.stdout
