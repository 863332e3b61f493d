"""Odd terminals: a sweep of sizes (from the minimum to very large) and colour
settings (16 and 256 colours, NO_COLOR, the Linux console) through the main
screens without errors; plain ASCII where Unicode is poor; snapshots of the welcome
and a question at the extremes."""

from __future__ import annotations

import pytest

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.caps import ascii_only

from .conftest import DISC, clear_screening
from .pilot import loaded, sync


def _text(app) -> list[str]:
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


def test_ascii_only_for_the_linux_console_and_non_utf8_locales():
    assert ascii_only({"TERM": "linux", "LANG": "en_GB.UTF-8"})
    assert ascii_only({"TERM": "xterm", "LANG": "C"})
    assert ascii_only({"TERM": "xterm", "LC_ALL": "en_US.ISO-8859-1"})
    assert not ascii_only({"TERM": "xterm-256color", "LANG": "en_GB.UTF-8"})
    assert not ascii_only({"TERM": "xterm-256color"})
    assert ascii_only({"TERM": "xterm", "LANG": "en_GB.UTF-8", "SCIATICA_TUI_ASCII": "1"})
    assert not ascii_only({"TERM": "linux", "SCIATICA_TUI_ASCII": "0"})


SETTINGS = {
    "256 colours": {"TERM": "xterm-256color", "COLORTERM": ""},
    "16 colours": {"TERM": "xterm", "COLORTERM": ""},
    "no colour": {"TERM": "xterm-256color", "NO_COLOR": "1"},
    "linux console": {"TERM": "linux", "COLORTERM": ""},
}
SIZES = [(60, 20), (80, 24), (132, 43), (200, 60), (300, 90)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("setting", sorted(SETTINGS))
@sync
async def test_main_screens_work_at_every_size_and_colour_setting(monkeypatch, setting, size):
    for key, value in SETTINGS[setting].items():
        monkeypatch.setenv(key, value)
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, app)
        assert type(app.screen).__name__ == "WelcomeScreen"
        await pilot.click("#start")
        await pilot.pause()
        from sciatica_tui.tui.screens.question import QuestionScreen

        assert isinstance(app.screen, QuestionScreen)  # the first, a group screen
        await pilot.press("f2", "f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("2")  # "No" to the first warning sign
        await pilot.pause()
        assert app.answers == {"sudden_severe": "no"}
        app.answers.update({**clear_screening(app.words.content), **DISC})
        app.show_results()
        await pilot.pause()
        shown = "\n".join(_text(app))
        assert "LOOK AFTER IT AT HOME" in shown
        await pilot.press("s")
        await pilot.pause()
        assert getattr(app.screen, "is_report", False)
        assert app.is_running
        if setting == "linux console":
            app.pop_screen()
            await pilot.pause()
            bad = {ch for line in _text(app) for ch in line if ord(ch) > 127}
            assert not bad, f"non-ASCII characters on the Linux console: {bad}"


@sync
async def test_wide_windows_put_why_we_ask_beside_the_question():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(200, 60)) as pilot:
        await loaded(pilot, app)
        await pilot.click("#start")
        await pilot.pause()
        side = app.screen.query_one("#q-side")
        body = app.screen.query_one("#body")
        assert side.display and side.region.x > body.region.right - 1
        assert side.region.width >= 40
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.click("#start")
        await pilot.pause()
        # Not shown at this width (a group screen does not even make it).
        assert all(not side.region.width for side in app.screen.query("#q-side"))


def _to_question(app_size):
    async def run_before(pilot):
        await loaded(pilot, pilot.app)  # bounded wait for the content's words
        await pilot.click("#start")
        await pilot.pause()
    return run_before


@pytest.fixture
def _steady(monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.mark.parametrize("screen", ["welcome", "question"])
@pytest.mark.parametrize("size", [(60, 20), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshots_at_the_size_extremes(snap_compare, _steady, screen, size):
    async def welcome(pilot):
        await loaded(pilot, pilot.app)

    run_before = _to_question(size) if screen == "question" else welcome
    assert snap_compare(SciaticaApp(cursor_blink=False), terminal_size=size,
                        run_before=run_before)


def test_snapshot_of_a_question_in_plain_ascii(snap_compare, _steady, monkeypatch):
    monkeypatch.setenv("SCIATICA_TUI_ASCII", "1")
    assert snap_compare(SciaticaApp(cursor_blink=False), terminal_size=(80, 24),
                        run_before=_to_question((80, 24)))
