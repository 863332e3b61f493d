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


@sync
async def test_I19_start_after_a_moment_shows_the_first_screen_as_it_was_made(monkeypatch):
    """Start pressed after a moment on the welcome: the first screen, made while
    the welcome waited, is neither laid out nor its lines drawn again when it is
    shown (it was laid out after its widgets' own layout requests, with its
    notifications' layer already hidden, and drawn once off the stack)."""
    from textual.screen import Screen

    from sciatica_tui.tui.screens.group import GroupScreen
    from sciatica_tui.tui.widgets.groupline import GroupLine

    laid_out: list[bool] = []  # the first screen's layouts once current
    drawn: list[str] = []  # its lines drawn once current
    layout, render = Screen._refresh_layout, GroupLine.render

    def laying_out(self, *args, **kwargs):
        if isinstance(self, GroupScreen) and self.is_current:
            laid_out.append(True)
        return layout(self, *args, **kwargs)

    def rendering(self):
        if self.screen.is_current:
            drawn.append(self.name)
        return render(self)

    app = SciaticaApp(cursor_blink=False, read_first=True)
    # With the notifications' layer, as in a terminal (run_test leaves it out).
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause(0.5)  # a moment on the welcome
        ready = app._ready_start
        assert ready is not None and isinstance(ready[1], GroupScreen)
        first = ready[1]
        monkeypatch.setattr(Screen, "_refresh_layout", laying_out)
        monkeypatch.setattr(GroupLine, "render", rendering)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause(0.1)
        assert app.screen is first
        lines = len(first.pickers)
        assert not laid_out
        # The line given the focus is drawn again (its look changes); no other.
        assert len(drawn) <= 1 < lines, drawn
