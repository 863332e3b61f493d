"""A monkey in every mode: random keys, clicks, pastes, resizes (including below
the minimum) and back/forward moves. No exception, ever; and after each walk the
state is consistent.

    MONKEY_WALKS=10000 pytest tests/test_monkey.py    (default: 200 walks in all)
"""

from __future__ import annotations

import asyncio
import faulthandler
import os
import random
import sys

import pytest
from textual import events

from sciatica_tui.core.answers import validate_answer
from sciatica_tui.core.engine import red_flag_status
from sciatica_tui.store.config import Config, hash_pin
from sciatica_tui.tui.app import SciaticaApp

from .pilot import loaded, sync

WALKS = int(os.environ.get("MONKEY_WALKS", "200"))
STEPS = 20
WALK_LIMIT = 120  # seconds; a walk takes well under one
KEYS = ["1", "2", "3", "4", "5", "6", "up", "down", "left", "right", "enter", "space", "tab",
        "shift+tab", "escape", "backspace", "f1", "f2", "question_mark", "s", "p", "c", "f",
        "pagedown", "pageup", "home", "end", "a", "x", "0", "9", ".", "-", "ctrl+p"]
SIZES = [(80, 24), (120, 40), (60, 20), (50, 15), (200, 60), (30, 8)]
MODES = {
    "personal": Config(),
    "demo": Config(mode="demo"),
    "kiosk": Config(mode="kiosk", admin_pin_hash=hash_pin("2468", iterations=1000),
                    idle_seconds=3600),
}


def check_consistent(app) -> None:
    """Invariants that must hold whatever the monkey did."""
    content = app.words.content
    for qid, value in app.answers.items():
        if value is not None:
            assert validate_answer(content.question(qid), value) == value
    triggered, _ = red_flag_status(content, app.answers)
    emergency = {f.id for f in triggered if f.tier == "emergency"}
    # Whenever a held answer triggers an emergency flag, the emergency screen was shown.
    assert emergency <= app.alerted, (emergency - app.alerted, app.answers)
    assert app.is_running


CHARS = {"space": " ", "question_mark": "?", "full_stop": ".", "minus": "-"}


async def press(pilot, key: str) -> None:
    """A key press as the terminal driver delivers it, then wait until the screen
    has handled it (faster than Pilot.press, which waits for the process to idle)."""
    app = pilot.app
    char = CHARS.get(key, key if len(key) == 1 else None)
    key = {".": "full_stop", "-": "minus"}.get(key, key)
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)
    await pilot._wait_for_screen()
    await pilot._wait_for_screen()


async def click(pilot, x: int, y: int) -> None:
    """A mouse click as the terminal driver delivers it (down, up, click)."""
    from textual.pilot import _get_mouse_message_arguments

    app = pilot.app
    kwargs = _get_mouse_message_arguments(app.screen, (x, y), button=1)
    for cls in (events.MouseDown, events.MouseUp, events.Click):
        event = cls(**({**kwargs, "chain": 1} if cls is events.Click else kwargs))
        event.set_sender(app)
        app._driver.send_message(event)
        await pilot._wait_for_screen()


async def resize(pilot, width: int, height: int) -> None:
    """A terminal resize as the driver reports it."""
    from textual.geometry import Size

    app = pilot.app
    size = Size(width, height)
    app._driver._size = size  # the headless driver's terminal size
    app.post_message(events.Resize(size, size))
    await pilot._wait_for_screen()


async def one_walk(pilot, app, rng: random.Random, log: list[str]) -> None:
    app.restart()
    await pilot._wait_for_screen()
    for _ in range(STEPS):
        roll = rng.random()
        if roll < 0.75:
            key = rng.choice(KEYS)
            log.append(f"key {key}")
            await press(pilot, key)
        elif roll < 0.85:
            size = app.size
            x, y = rng.randrange(size.width), rng.randrange(size.height)
            log.append(f"click {x},{y}")
            await click(pilot, x, y)
        elif roll < 0.92:
            text = rng.choice(["7", "42", "abc", "1e9", "-3", "\x00", "🙂", "5.5", " 12 "])
            log.append(f"paste {text!r}")
            app.screen.post_message(events.Paste(text))
            await pilot._wait_for_screen()
        else:
            size = rng.choice(SIZES)
            log.append(f"resize {size}")
            await resize(pilot, *size)
        if not app.is_running:
            return
    await resize(pilot, 80, 24)
    await pilot.pause()


def _real_stderr(pytestconfig):
    """The run's own standard error (pytest captures file descriptor 2 per test)."""
    capman = pytestconfig.pluginmanager.getplugin("capturemanager")
    try:
        return os.fdopen(os.dup(capman._global_capturing.err.targetfd_save), "w")
    except (AttributeError, OSError):
        return sys.__stderr__


@pytest.mark.parametrize("mode", sorted(MODES))
@sync
async def test_monkey(mode, pytestconfig):
    stderr = _real_stderr(pytestconfig)
    rng = random.Random(f"monkey-{mode}")
    app = SciaticaApp(config=MODES[mode], cursor_blink=False)
    app.action_quit = lambda: None  # leaving is tested elsewhere; keep the walk going
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        for walk in range(-(-WALKS // len(MODES))):  # at least WALKS in all
            log: list[str] = []
            # If the event loop itself is blocked (no timeout can fire), dump every
            # thread's stack and end the run: CI fails in minutes with a trace.
            faulthandler.dump_traceback_later(WALK_LIMIT * 2, exit=True, file=stderr)
            try:
                # A stuck walk fails here with what it did, instead of hanging CI.
                await asyncio.wait_for(one_walk(pilot, app, rng, log), WALK_LIMIT)
            except TimeoutError:
                stack = [type(s).__name__ for s in app.screen_stack]
                pytest.fail(f"walk {walk} stuck after {log} with screens {stack}")
            finally:
                faulthandler.cancel_dump_traceback_later()
            check_consistent(app)
