"""Screens stay steady through two Textual 8.2.8 races (see tui/steady.py).

1. Old Resize events must not freeze the app. The monkey test froze about one run
in ten: a screen holding two old Resize events of different sizes, while the app
batched updates, re-posted them to itself forever. The scenario runs in a child
process, because a frozen event loop cannot time itself out: the test fails after
a minute instead of hanging the run.
2. A click on a widget being taken down must not crash the app (also found by the
monkey: the keys panel rebuilding its table under the mouse).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import textwrap

from textual.geometry import Offset
from textual.screen import Screen

import sciatica_tui.tui
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.widgets.steady import SteadyScreen

from .pilot import loaded, sync

SCENARIO = textwrap.dedent("""
    import asyncio
    from textual import events
    from textual.geometry import Size
    from sciatica_tui.store.config import Config
    from sciatica_tui.tui.app import SciaticaApp

    def resize(w, h):
        return events.Resize(Size(w, h), Size(w, h))

    async def main():
        app = SciaticaApp(config=Config(), cursor_blink=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.ask_next()  # a question over the welcome screen
            await pilot.pause()
            app.action_help()  # a dialog on top: two screens underneath it
            await pilot.pause()
            for screen in list(app.screen_stack):
                with app.batch_update():
                    # a resize below the minimum and back, both arriving late
                    screen.post_message(resize(50, 15))
                    screen.call_later(lambda: None)
                    screen.post_message(resize(120, 40))
                    screen.call_later(lambda: None)
                    await asyncio.sleep(0.3)
                await pilot.pause()
                print(type(screen).__name__, tuple(screen.size), tuple(app.size))

    asyncio.run(main())
""")


def test_old_resize_events_do_not_freeze_any_screen():
    try:
        run = subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True,
                             text=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise AssertionError("the app froze handling old Resize events") from None
    assert run.returncode == 0, run.stderr
    lines = run.stdout.split("\n")[:-1]
    # The first question screen is a group screen (issue 16).
    assert [line.split(" ")[0] for line in lines] == ["WelcomeScreen", "GroupScreen",
                                                       "HelpScreen"]
    for line in lines:  # every screen ends laid out at the terminal's real size
        assert line.split(" ", 1)[1] == "(120, 40) (120, 40)", line


def test_every_screen_class_is_steady():
    for info in pkgutil.walk_packages(sciatica_tui.tui.__path__, "sciatica_tui.tui."):
        importlib.import_module(info.name)
    screens = []
    todo = [Screen]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("sciatica_tui.") and inspect.isclass(cls):
            screens.append(cls)
    assert len(screens) > 15
    missing = [c.__qualname__ for c in screens if not issubclass(c, SteadyScreen)]
    assert missing == []


@sync
async def test_a_press_on_a_widget_being_removed_does_not_crash():
    """The monkey's case: the keys panel rebuilt its table, and until the next frame
    the screen's map still held the old table, whose parent was gone. A real
    detached widget stands in for it here, so the test does not depend on timing."""
    from textual.widgets import Static

    from .test_monkey import click

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        screen = app.screen
        orphan = Static("an old table")  # never mounted: no parent
        screen.get_widget_and_offset_at = lambda x, y: (orphan, Offset(0, 0))
        await click(pilot, 40, 12)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.screen is screen
