"""Keys that arrive faster than screens are built (S-F11), and what a reset leaves
in memory (S-F12)."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest
from textual import events
from textual.widgets import Input

from sciatica_tui.store.config import Config, hash_pin
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.question import QuestionScreen
from sciatica_tui.tui.screens.welcome import WelcomeScreen
from sciatica_tui.tui.widgets.picker import Picker

from .conftest import DISC, clear_screening
from .pilot import first_question, loaded, sync

MODES = {
    "personal": Config(),
    "kiosk": Config(mode="kiosk", admin_pin_hash=hash_pin("2468", iterations=1000)),
}


def send_key(app, key: str) -> None:
    """A key as the terminal driver delivers it, without waiting for it."""
    event = events.Key(key, key)
    event.set_sender(app)
    app._driver.send_message(event)


async def settle(pilot) -> None:
    for _ in range(5):
        await pilot.pause()


def leading_yes_no(content) -> list[str]:
    """The yes/no/not sure questions a new assessment starts with, answering "No"."""
    from sciatica_tui.core.engine import next_question

    answers: dict = {}
    while (q := next_question(content, answers)) is not None and q.type == "yes_no_unsure":
        answers[q.id] = "no"
    return list(answers)


@pytest.mark.parametrize("mode", sorted(MODES))
@sync
async def test_S_F11_number_keys_one_tick_apart(mode):
    """Six answers typed faster than a frame: each key lands on a question screen
    that may not have its widgets yet. Every one is answered, nothing crashes."""
    app = SciaticaApp(config=MODES[mode], cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.click("#start")
        await pilot.pause()
        burst = leading_yes_no(app.words.content)  # "2" answers each of them: "No"
        assert len(burst) >= 2
        for ticks in (0, 0, 1, 0, 2, 0)[:len(burst)]:  # as a terminal delivers keys
            send_key(app, "2")
            for _ in range(ticks):
                await asyncio.sleep(0)  # an event-loop tick
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.answers == dict.fromkeys(burst[:6], "no")


@sync
async def test_S_F11_a_number_key_before_the_question_is_built():
    """The cause: the key is handled by a question screen that is on the stack but
    not composed yet (the screen the previous key switched to). It used to look
    for "#answer" and crash with NoMatches; now the answer needs no widget."""
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.ask_next()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and not screen.query("#answer")
        screen.action_pick(2)  # "No", as the number key's binding runs it
        await settle(pilot)
        first = first_question(app)
        assert app.answers == {first: "no"}
        assert app.screen.q.id != first


@sync
async def test_S_F11_a_checklist_key_before_its_list_exists_still_ticks():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        content = app.words.content
        clear = clear_screening(content)
        last = [q.id for q in content.questions if clear.get(q.id) == "no"][-1]
        app.answers.update({k: v for k, v in clear.items() if k != last})
        app.ask_next()
        await pilot.pause()
        assert app.screen.q.id == last
        app.record(last, "no")  # on to the first symptom question, a checklist
        screen = app.screen
        assert screen.q.type == "multi" and not screen.query("#answer")
        screen.action_pick(1)  # at once: tick its first option
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(Picker).selected == [screen.q.option_ids[0]]


MARK = "pasted-by-the-last-person-"


def paste(app, size: int) -> None:
    """Paste `size` characters of MARK, repeated (made here, so that no frame of
    the test keeps the text)."""
    app._driver.send_message(events.Paste((MARK * (size // len(MARK) + 1))[:size]))


def text_reachable(mark: str) -> bool:
    """Is a pasted text (a long string holding `mark`) reachable from a live
    object? (MARK itself, a short constant, does not count.)"""
    gc.collect()
    for obj in gc.get_objects():
        for ref in gc.get_referents(obj):
            if isinstance(ref, str) and len(ref) > 2 * len(mark) and mark in ref:
                return True
    return False


@sync
async def test_S_F12_a_big_paste_is_gone_after_the_reset():
    """1 MB pasted into a number box and into the command palette: after the reset
    no input holds it, the screens that had it are gone, and no live object
    refers to the text."""
    app = SciaticaApp(config=MODES["kiosk"], cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.answers.update({**clear_screening(app.words.content), **DISC})
        del app.answers["age"]  # a number box (the pain scales are rows of numbers)
        app.ask_next()
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionScreen) and question.q.id == "age"
        paste(app, 1_048_576)
        await settle(pilot)
        box = question.query_one(Input)
        assert MARK not in box.value  # far longer than any number: refused
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        paste(app, 65536)
        await settle(pilot)
        assert not palette.query_one(Input).value  # refused too
        screens = [weakref.ref(question), weakref.ref(palette)]
        del question, palette, box
        app.restart()  # what the idle reset, Finish and "start again" do
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1
        assert not any(MARK in w.value for w in app.screen.query(Input))
        # Gone from the app. (asyncio can hold a removed screen a moment longer:
        # cancelled timer handles keep the context they were made in.)
        for ref in screens:
            screen = ref()
            assert screen is None or (not screen.is_attached and not screen._nodes)
        del screen
        assert not text_reachable(MARK)
