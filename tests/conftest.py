"""Shared fixtures: the shipped content, and answer sets built from it; and the
isolation every test runs in (see `_isolated` below and the README's testing notes)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sciatica_tui.contentset.loader import default_content_dir, load_content
from sciatica_tui.contentset.schema import Content


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def content_dir():
    return default_content_dir()


def clear_screening(content: Content) -> dict:
    """Every red-flag screening question asked, answered with no concern (a
    single choice with no "no" takes its first option: sex at birth "female", so
    the pregnancy question is asked and answered "no")."""
    from sciatica_tui.core.engine import next_question

    answers: dict = {}
    while (q := next_question(content, answers)) is not None and q.section == "red_flags":
        if q.type == "yes_no_unsure":
            answers[q.id] = "no"
        elif q.type == "multi":
            answers[q.id] = ["none"]
        elif q.type == "single":
            answers[q.id] = "no" if "no" in q.option_ids else q.option_ids[0]
        else:
            answers[q.id] = 35
    return answers


DISC = {
    "pain_where": ["buttock", "thigh", "below_knee"], "side": "left", "how_long": "weeks",
    "leg_pain": 6, "back_pain": 3, "leg_vs_back": "leg", "worse_with": ["sitting", "cough_sneeze"],
    "better_with": ["lying_down", "moving"], "numbness": "yes", "numbness_change": "same",
    "numb_where": ["outer_calf_top_foot"], "walk_limit": "long", "onset": "sudden",
    "sitting_buttock": "no", "pelvis_spot": "no", "spasm": "no", "trend": "better",
    "daily_life": "no", "impact": ["none"],
}


@pytest.fixture
def clear(content) -> dict:
    return clear_screening(content)


@pytest.fixture
def disc(content) -> dict:
    return {**clear_screening(content), **DISC}


# platformdirs' per-user folders (Linux), each given a temporary place per test.
FOLDERS = {
    "XDG_CONFIG_HOME": ".config", "XDG_DATA_HOME": ".local/share", "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state", "XDG_RUNTIME_DIR": "run",
    "XDG_DOCUMENTS_DIR": "Documents", "XDG_DOWNLOAD_DIR": "Downloads",
    "XDG_DESKTOP_DIR": "Desktop", "XDG_MUSIC_DIR": "Music", "XDG_PICTURES_DIR": "Pictures",
    "XDG_VIDEOS_DIR": "Videos", "XDG_TEMPLATES_DIR": "Templates",
    "XDG_PUBLICSHARE_DIR": "Public", "XDG_PROJECTS_DIR": "Projects",
}

# A stand-in for the printing commands: it keeps each job (its command line and
# what it was sent) in the file named by SCIATICA_TEST_PRINTS, and prints nothing.
# With SCIATICA_TEST_PRINT_JOBS (a folder), each job's arguments and exact bytes
# go to N.args and N.data there; SCIATICA_TEST_NO_PRINTER makes lpstat report no
# destination.
STUB_PRINTER = """#!/bin/sh
log="${SCIATICA_TEST_PRINTS:-/dev/null}"
jobs="${SCIATICA_TEST_PRINT_JOBS:-}"
if [ "${0##*/}" = lpstat ] && [ -n "${SCIATICA_TEST_NO_PRINTER:-}" ]; then
  echo "no system default destination"
  exit 0
fi
if [ -n "$jobs" ] && [ "${0##*/}" != lpstat ]; then
  # One job per pair of files: N.args (one argument a line) and N.data (the bytes).
  n=$(( $(ls "$jobs" | grep -c '[.]args$') + 1 ))
  for arg in "$@"; do printf '%s\\n' "$arg"; done > "$jobs/$n.args"
  cat > "$jobs/$n.data"
  echo "request id is test-printer-$n (1 file(s))"
  exit 0
fi
{
  printf 'job: %s' "${0##*/}"
  for arg in "$@"; do printf ' [%s]' "$arg"; done
  printf '\\n'
  [ -t 0 ] || cat
  printf '\\n-- end of job --\\n'
} >> "$log"
case "${0##*/}" in
  lpstat) echo "system default destination: test-printer" ;;
  *) echo "request id is test-printer-1 (1 file(s))" ;;
esac
"""
PRINT_COMMANDS = ("lp", "lpr", "lpstat")


def _home(base: Path) -> dict[str, str]:
    """A fresh home folder with every per-user folder inside it (the usual ones
    made, as on a desktop; the rest named only)."""
    env = {"HOME": str(base)}
    for var, sub in FOLDERS.items():
        env[var] = str(base / sub)
    for sub in (".config", ".local/share", ".cache", ".local/state", "Documents"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    (base / "run").mkdir(mode=0o700, exist_ok=True)
    return env


@pytest.fixture(scope="session", autouse=True)
def _isolated_session(tmp_path_factory):
    """The whole run (module and session fixtures too, such as the `serve` server)
    sees a temporary home and the stand-in printer first on PATH."""
    stubs = tmp_path_factory.mktemp("bin")
    for name in PRINT_COMMANDS:
        stub = stubs / name
        stub.write_text(STUB_PRINTER)
        stub.chmod(stub.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    with pytest.MonkeyPatch.context() as mp:
        for var, value in _home(tmp_path_factory.mktemp("session-home")).items():
            mp.setenv(var, value)
        mp.setenv("PATH", f"{stubs}{os.pathsep}{os.environ.get('PATH', '')}")
        mp.setenv("SCIATICA_TEST_PRINTS", str(stubs / "session-prints.log"))
        yield


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("content-cache")


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch, _cache_dir):
    """Every test gets its own empty home, config, data, cache, state, runtime and
    documents folders, and its own print-job record; subprocesses inherit them. So
    no test reads a developer's config.toml or history, saves into the real
    ~/Documents, or sends a job to a real printer. The content cache is shared by
    the session's tests (SCIATICA_TUI_CACHE), to keep the run fast."""
    base = tmp_path_factory.mktemp("home")
    for var, value in _home(base).items():
        monkeypatch.setenv(var, value)
    monkeypatch.setenv("SCIATICA_TEST_PRINTS", str(base.parent / f"{base.name}-prints.log"))
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(_cache_dir))
    # A fixed clock for summaries and exports (report.now honours it): a test that
    # builds the same summary twice must not see the minute change between the two
    # (CI failed once on exactly that). A test of the real clock removes it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


# The longest tests (tens of seconds each on two cores), longest first: run first.
# In parallel (pytest-xdist), a long test that starts last keeps its worker busy
# while the others have run out of tests; started first, the short tests fill the
# other workers meanwhile, and the run ends on short tests. A name no longer here
# only loses its place; `--durations=15` shows the current ones.
LONG_FIRST = (
    "tests/test_monkey.py::test_monkey[demo]",
    "tests/test_serve.py::test_in_a_real_browser",
    "tests/test_terminal.py::test_S_F3_",
    "tests/test_monkey.py::test_monkey[",
    "tests/test_fuzz.py::test_any_mutation_of_a_content_file",
    "tests/test_fhir.py::test_H_F1_unanswered_and_unsure_parents_enable",
    "tests/test_terminal.py::test_S_F12_a_signal_while_keys_arrive",
    "tests/test_tui_diary.py::test_S_F5_",
    "tests/test_tui_diary.py::test_turning_history_on",
    "tests/test_tui_diary.py::test_history_is_off_by_default",
    "tests/test_settle.py::test_progress_never_goes_backwards",
    "tests/test_settle.py::test_settled_",
    "tests/test_monotonic.py::test_every_escalation",
)


def _long_first(item) -> int:
    return next((i for i, prefix in enumerate(LONG_FIRST) if item.nodeid.startswith(prefix)),
                len(LONG_FIRST))


def pytest_collection_modifyitems(config, items):
    """Every test that compares a screen with an SVG baseline (it asks for
    `snap_compare`) is marked `snapshot`, so a run can leave the baselines out
    (`-m "not snapshot"`): .ci/floor does, since the baselines belong to the exact
    pins in constraints/test.txt. The longest tests go first (LONG_FIRST; the sort
    is stable, so every worker collects the same order)."""
    for item in items:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.snapshot)
    items.sort(key=_long_first)
