"""Helpers for Pilot tests: run async tests without pytest-asyncio, and answer
questions with real key presses."""

from __future__ import annotations

import asyncio
import functools
from typing import Any


def sync(coro_fn):
    """Run an async Pilot test with asyncio.run (no pytest-asyncio dependency)."""
    @functools.wraps(coro_fn)
    def wrapper(*args, **kwargs):
        asyncio.run(coro_fn(*args, **kwargs))
    return wrapper


async def loaded(pilot, app):
    """Wait until the content worker has finished and the welcome screen is ready.
    (On a busy machine the worker may not have been started yet at the first
    look: wait for the words themselves, a bounded number of turns.)"""
    for _ in range(400):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if getattr(app, "words", None) is not None or getattr(app, "problem", ""):
            break
        await pilot.pause(0.05)
    await pilot.pause()


def first_question(app) -> str:
    """The id of the question a new assessment starts with (from the content)."""
    from sciatica_tui.core.engine import next_question

    return next_question(app.words.content, {}).id


async def started(pilot, app):
    await loaded(pilot, app)
    await pilot.click("#start")
    await pilot.pause()


def keys_for(q, value: Any) -> list[str]:
    """The keys that answer q with `value` (number keys; a scale's number typed)."""
    if q.type in ("yes_no_unsure", "single"):
        return [str(q.option_ids.index(value) + 1)]
    if q.type == "multi":
        return [str(q.option_ids.index(oid) + 1) for oid in value]
    return list(str(value))


async def answer(pilot, screen, value: Any) -> None:
    """Answer the question on `screen` the way a person would, with keys. On a
    group screen, `value` answers the line that has the focus, and the last line
    answered goes on (Enter on Next)."""
    from sciatica_tui.tui.screens.group import GroupScreen

    if isinstance(screen, GroupScreen):
        q = screen.q  # the line with the focus
        here = step_on(screen.app)
        await pilot.press(*keys_for(q, value))
        if q.type not in ("yes_no_unsure", "single"):
            await pilot.press("enter")  # a scale: Enter goes to the next line
        await pilot.pause()
        if step_on(screen.app) == here and app_screen_done(screen):
            await pilot.press("enter")  # every line answered: Next
            await pilot.pause()
        return
    q = screen.q
    await pilot.press(*keys_for(q, value))
    if q.type == "multi":
        await pilot.press("enter")  # Enter goes on
    elif q.type not in ("yes_no_unsure", "single"):
        await pilot.press("enter")
    await pilot.pause()


def app_screen_done(screen) -> bool:
    """A group screen still on top with every line answered (the focus on Next)."""
    return (screen.is_current and screen.focused is not None
            and screen.focused.id == "next")


def step_on(app) -> tuple[Any, int]:
    """What shows the step on screen: the screen, and how many steps it has shown
    before (a question or group screen shows the next one of its kind in place)."""
    return app.screen, getattr(app.screen, "shown", 0)


async def answer_group(pilot, app, answers: dict[str, Any]) -> None:
    """Answer every line of the group screen on top, from `answers` ("unsure"
    where a line is not in it; a scale line not in it, its lowest number: a line
    cannot be skipped), with number keys, then Next (Enter)."""
    screen = app.screen
    here = step_on(app)
    for _ in range(len(screen.rows)):
        if step_on(app) != here:
            return  # an emergency interrupted (or the last answer went on)
        q = screen.q
        value = _value_for(q, answers)
        if value is None:  # every line must be answered: a scale's lowest number,
            # else the last option (no "not sure" to give)
            value = (int(q.min) if q.min is not None
                     else [q.option_ids[-1]] if q.type == "multi" else q.option_ids[-1])
        await answer(pilot, screen, value)
    if step_on(app) == here:
        await pilot.press("enter")  # every line answered: the focus is on Next
        await pilot.pause()


def _value_for(q, answers: dict[str, Any]) -> Any:
    value = answers.get(q.id)
    if value is None and q.type == "yes_no_unsure":
        value = "unsure"
    elif value is None and q.unknown_option_ids:
        unsure = sorted(q.unknown_option_ids)[0]
        value = [unsure] if q.type == "multi" else unsure
    return value


async def walk(pilot, app, answers: dict[str, Any], seen: list[str] | None = None) -> None:
    """From the first question to the results, answering from `answers` by key
    presses; questions not in `answers` get the "Not sure" option where there is
    one. Interruptions are acknowledged and recorded in `seen`."""
    from sciatica_tui.tui.screens.alerts import EmergencyScreen
    from sciatica_tui.tui.screens.group import GroupScreen
    from sciatica_tui.tui.screens.question import QuestionScreen
    from sciatica_tui.tui.screens.results import ResultsScreen, ReviewScreen

    seen = [] if seen is None else seen
    for _ in range(200):
        screen = app.screen
        here = step_on(app)
        if isinstance(screen, GroupScreen):
            await answer_group(pilot, app, answers)
        elif isinstance(screen, QuestionScreen):
            q = screen.q
            value = _value_for(q, answers)
            if value is None:
                await pilot.click("#skip")
                await pilot.pause()
            else:
                await answer(pilot, screen, value)
        elif isinstance(screen, EmergencyScreen):
            seen.append("urgent" if screen.urgent else "emergency")
            await pilot.click("#continue")
            await pilot.pause()
        elif isinstance(screen, ReviewScreen):
            seen.append("review")
            await pilot.click("#results")
            await pilot.pause()
        elif isinstance(screen, ResultsScreen):
            return
        else:
            raise AssertionError(f"unexpected screen {screen!r}")
        if step_on(app) == here:
            raise AssertionError(f"stuck on {screen!r}")
    raise AssertionError("the walk did not end")


async def to_results(pilot, app, answers: dict[str, Any]) -> None:
    """From a started assessment to the results the short way, for a test of the
    results screen itself: the answers are held as if typed, the app's own next
    step is the review, and its Results button goes on (`walk` types them all, for
    the tests of the interview)."""
    from sciatica_tui.tui.screens.results import ResultsScreen, ReviewScreen

    app.answers.update(answers)
    app.ask_next()
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen), app.screen
    await pilot.click("#results")
    await pilot.pause()
    assert isinstance(app.screen, ResultsScreen), app.screen


# The first three warning-sign questions (a burst blood vessel, asked first since
# issue 14), answered with no concern: the next question is saddle numbness.
AORTA_CLEAR: dict[str, Any] = {"sudden_severe": "no", "faint_clammy": "no",
                               "aorta_signs": ["none"]}


async def to_saddle(pilot, app) -> None:
    """From the first screen, answer the aneurysm questions "No" with key presses,
    so the cauda equina questions come next: on the first group screen (issue 16)
    the focus is then on the saddle numbness line."""
    for _ in range(len(AORTA_CLEAR)):
        screen = app.screen
        qid = screen.q.id  # on a group screen, the line with the focus
        if qid not in AORTA_CLEAR:
            return
        await answer(pilot, screen, AORTA_CLEAR[qid])



async def enter_pin(pilot, app, dialog, pin: str) -> None:
    """Type a PIN and Enter on the kiosk's staff dialog, then wait, a bounded number
    of turns, until the check in its thread has answered: the dialog closed, or one
    more wrong try was counted, or the box is disabled (a wait: nothing was typed).
    One pause after the worker was not enough on a loaded machine: the Enter had not
    been handled yet, so there was no worker to wait for and the message was empty."""
    before = dialog.guard.failures
    await pilot.press(*pin, "enter")
    for _ in range(400):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not dialog.is_attached:
            return
        if not dialog.checking and (dialog.query_one("#pin").disabled
                                    or dialog.guard.failures != before):
            return
        await pilot.pause(0.05)


async def widen(pilot, screen):
    """A narrow window (no side panel made) made wide (200x60): the side panel
    ("why we ask") is made and sits beside the body. Returns it."""
    assert not screen.query("#q-side")
    await pilot.resize_terminal(200, 60)
    await pilot.pause()
    await pilot.pause()
    side = screen.query_one("#q-side")
    body = screen.query_one("#body")
    assert side.display and side.region.width >= 40
    assert side.region.x > body.region.right - 1
    return side


async def narrow_then_wide_again(pilot, screen) -> None:
    """Narrow again, then wide: the side panel is hidden, and still made once."""
    await pilot.resize_terminal(80, 24)
    await pilot.pause()
    await pilot.resize_terminal(200, 60)
    await pilot.pause()
    assert len(screen.query("#q-side")) == 1
