"""Tests cannot harm the machine they run on: every test has its own home and
per-user folders, and printing goes to a stand-in that only keeps the job
(tests/conftest.py). These tests prove it, in process and in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sciatica_tui.core.quote import shown
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.alerts import ReportScreen

from .conftest import DISC, clear_screening
from .pilot import loaded, sync

# Read when pytest collects this file, before any fixture has run: the real home.
REAL_HOME = Path(os.path.expanduser("~")).resolve()
PER_USER = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
            "XDG_RUNTIME_DIR", "XDG_DOCUMENTS_DIR", "XDG_DOWNLOAD_DIR")
PRINT_COMMANDS = ("lp", "lpr", "lpstat")

# What the code under test would use, asked of the libraries it uses.
WHERE = """
import json, os, shutil
from pathlib import Path
from platformdirs import user_cache_dir, user_config_dir, user_data_dir, user_documents_dir
from sciatica_tui.store.config import default_path
from sciatica_tui.store.paths import history_path
print(json.dumps({
    "home": str(Path.home()), "config": str(user_config_dir("sciatica-tui")),
    "data": str(user_data_dir("sciatica-tui")), "cache": str(user_cache_dir("sciatica-tui")),
    "documents": user_documents_dir(), "config_toml": str(default_path()),
    "history": str(history_path()),
    **{name: shutil.which(name) for name in ("lp", "lpr", "lpstat")},
}))
"""


def _snapshot(folder: Path) -> dict[str, float]:
    """Names and change times of what is directly in `folder` (no deeper: a home
    can be large)."""
    if not folder.is_dir():
        return {}
    return {entry.name: entry.stat(follow_symlinks=False).st_mtime
            for entry in os.scandir(folder)}


def _printed() -> Path:
    """Where the stand-in printer keeps this test's jobs."""
    return Path(os.environ["SCIATICA_TEST_PRINTS"])


def _check_places(where: dict, home: Path) -> None:
    assert Path(where["home"]) == home != REAL_HOME
    for key in ("config", "data", "cache", "documents", "config_toml", "history"):
        assert Path(where[key]).is_relative_to(home), (key, where[key])
    for name in PRINT_COMMANDS:
        stub = Path(where[name])
        assert stub.name == name and not stub.is_relative_to(REAL_HOME), stub


def test_every_test_has_its_own_home_and_per_user_folders(tmp_path_factory):
    home = Path(os.environ["HOME"])
    assert home != REAL_HOME and home.is_relative_to(tmp_path_factory.getbasetemp())
    for var in PER_USER:
        assert Path(os.environ[var]).is_relative_to(home), var
    done = subprocess.run([sys.executable, "-c", WHERE], capture_output=True, text=True,
                          check=True)
    _check_places(json.loads(done.stdout), home)  # a subprocess inherits it all


def test_two_tests_never_share_a_home(tmp_path_factory):
    # The previous test's home: this one is another, and starts empty of our files.
    home = Path(os.environ["HOME"])
    assert not (home / ".config" / "sciatica-tui").exists()
    assert not list((home / "Documents").iterdir())
    assert not Path(os.environ["SCIATICA_TEST_PRINTS"]).exists()


def test_the_command_line_reads_no_config_toml_but_the_tests_own(tmp_path):
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "sciatica-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('theme = "no-such-theme"\n')  # only this test's file
    # A message shows a long path cut in the middle (quote.shown): under pytest -n
    # the worker's folder (popen-gwN) makes this one long enough. Its end, with this
    # test's own home folder in it, is still there.
    said = shown(config, quote=False)
    done = subprocess.run([sys.executable, "-m", "sciatica_tui", "config", "check",
                           str(config)], capture_output=True, text=True)
    assert done.returncode == 2 and said in done.stderr, done.stderr
    # Without a path, the CLI reads the default place: this test's file, not the
    # developer's (whatever theirs says, this one is bad and must be reported).
    done = subprocess.run([sys.executable, "-m", "sciatica_tui", "--plain"],
                          capture_output=True, text=True, input="")
    assert done.returncode == 2 and said in done.stderr, done.stderr


@sync
async def test_the_monkeys_print_and_save_keys_stay_inside_the_test():
    """The monkey presses `p` and `s` on the summary: the job lands in the stand-in
    printer's record, the file in this test's Documents, nothing in the real home."""
    before = {folder: _snapshot(folder) for folder in (REAL_HOME, REAL_HOME / "Documents")}
    app = SciaticaApp()
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await loaded(pilot, app)
        app.answers.update({**clear_screening(app.words.content), **DISC,
                            "saddle_numbness": "yes"})
        app.show_report()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        text = app.screen.text
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Sent to the printer" in n.message for n in app._notifications)
        await pilot.press("s")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
    job = _printed().read_bytes()
    # H-S7: the PDF, with its document format, titled in the person's language.
    assert (b"job: lp [-t] [Sciatica self-check summary] [-o] "
            b"[document-format=application/pdf]") in job
    assert b"%PDF-" in job and text
    saved = list((Path(os.environ["HOME"]) / "Documents").iterdir())
    assert len(saved) == 1 and saved[0].name.startswith("sciatica-summary-")
    assert {folder: _snapshot(folder) for folder in before} == before


def test_a_subprocess_prints_to_the_stand_in_too():
    lp = shutil.which("lp")
    assert lp is not None
    done = subprocess.run([lp, "-d", "front-desk"], input="hello", capture_output=True,
                          text=True, check=True)
    assert "request id is" in done.stdout
    assert _printed().read_text() == "job: lp [-d] [front-desk]\nhello\n-- end of job --\n"
