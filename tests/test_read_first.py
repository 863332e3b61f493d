"""Issue 19, Start pressed the moment it is drawn: run_app reads the content
before the app starts (SciaticaApp(read_first=True)), so Start works from the
first frame and waits only for the first screen made ahead from just after it.
The welcome shows the checked words from its first frame. Broken content ends
the app with the list of problems, as before."""

from __future__ import annotations

import shutil
from pathlib import Path

from sciatica_tui.contentset.loader import default_content_dir
from sciatica_tui.core.exit_codes import Exit
from sciatica_tui.tui import app as app_module
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.welcome import WelcomeScreen

from .pilot import sync


@sync
async def test_I19_read_first_start_works_from_the_first_frame():
    app = SciaticaApp(cursor_blink=False, read_first=True)
    assert app.words is not None and app.problem == ""  # read before the app runs
    assert app.strings == app.ui_strings()  # the checked words, not the quick copy
    async with app.run_test(size=(100, 30)) as pilot:
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        start = welcome.query_one("#start")
        assert str(start.label) == app.words.ui("tui.start")
        await pilot.press("enter")  # Start has the focus: pressed at once
        for _ in range(100):
            await pilot.pause(0.02)
            if getattr(app.screen, "flow", False):
                break
        screen = app.screen
        assert getattr(screen, "flow", False), screen
        assert app.session.answers == {} and app.session.showing is not None
        assert app._ready_start is None  # the screen made ahead was the one shown
        assert not welcome.waiting
        assert str(start.label) == app.words.ui("tui.start")  # never "Loading..."


def test_I19_read_first_broken_content_ends_with_the_problems(tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(default_content_dir(), root)
    (root / "questions.toml").write_text("[[question]]\nid = 1\n", encoding="utf-8")
    app = SciaticaApp(content_dir=str(root), read_first=True)
    assert app.words is None and "questions.toml" in app.problem
    rc = app_module.run_app(content_dir=str(root))
    err = capsys.readouterr().err
    assert rc == Exit.PROBLEM
    assert err.startswith("The content files have problems:") and "questions.toml" in err
    assert "Traceback" not in err
    assert Path(root / "questions.toml").exists()
