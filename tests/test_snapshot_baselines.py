"""Every SVG baseline belongs to a snapshot test that exists.

syrupy fails a run on a baseline no test uses, but not when the suite runs in
parallel (pytest-xdist: each worker sees only its own tests, so syrupy 4 turns the
check off, and `--snapshot-update -n ...` leaves old baselines behind). CI runs the
suite in parallel, so this test does the check instead: it collects the snapshot
tests in a subprocess and compares their ids with the files in tests/__snapshots__.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def snapshot_test_files(tests: Path) -> list[Path]:
    return sorted(p for p in tests.glob("test_*.py") if "snap_compare" in p.read_text("utf-8"))


def collected_ids(tests: Path, files: list[Path]) -> list[str]:
    """The node ids pytest collects from `files` (run from the project root)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "TEXTUAL_SNAPSHOT"))}
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", "-m", "snapshot",
                           *(str(f.relative_to(tests.parent)) for f in files)],
                          capture_output=True, text=True, cwd=tests.parent, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if "::" in line]


def file_name(test_name: str) -> str:
    """A test's name as syrupy's single-file snapshots name the file (syrupy 4.8,
    SingleFileSnapshotExtension: no path or shell characters, no control characters)."""
    kept = (c for c in test_name
            if c not in '\\/?*:|"<>' and not unicodedata.category(c).startswith("C"))
    return "".join(kept)[:255 - len("svg")]


def orphan_baselines(tests: Path, node_ids: list[str]) -> list[str]:
    """Baselines under tests/__snapshots__ that no collected test writes: a test's
    baseline is __snapshots__/<module>/<test name and parameters>.svg (a second
    comparison in the same test adds .1, .2 ...)."""
    wanted = set()
    for node in node_ids:
        path, _, name = node.partition("::")
        wanted.add((Path(path).stem, file_name(name)))
    orphans = []
    for svg in sorted((tests / "__snapshots__").glob("*/*.svg")):
        name = re.sub(r"\.\d+$", "", svg.stem) if (svg.parent.name, svg.stem) not in wanted \
            else svg.stem
        if (svg.parent.name, name) not in wanted:
            orphans.append(f"{svg.parent.name}/{svg.name}")
    return orphans


def test_I19_4_every_snapshot_baseline_belongs_to_a_test():
    ids = collected_ids(TESTS, snapshot_test_files(TESTS))
    assert len(ids) >= 40, ids  # the snapshot tests were found at all
    orphans = orphan_baselines(TESTS, ids)
    assert not orphans, ("baselines no test uses (delete them, or run "
                         f"`python -m pytest --snapshot-update` without -n): {orphans}")


def test_I19_4_a_stray_baseline_is_found(tmp_path):
    (tmp_path / "__snapshots__" / "test_x").mkdir(parents=True)
    for name in ("test_a[80x24].svg", "test_a[80x24].1.svg", "test_gone.svg", "test_b.svg"):
        (tmp_path / "__snapshots__" / "test_x" / name).write_text("<svg/>")
    (tmp_path / "__snapshots__" / "test_x" / "test_c[pagenerves].svg").write_text("<svg/>")
    ids = ["tests/test_x.py::test_a[80x24]", "tests/test_x.py::test_b",
           "tests/test_x.py::test_c[page:nerves]"]
    assert orphan_baselines(tmp_path, ids) == ["test_x/test_gone.svg"]
