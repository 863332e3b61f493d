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
    """Wait until the content worker has finished and the welcome screen is ready."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def first_question(app) -> str:
    """The id of the question a new assessment starts with (from the content)."""
    from sciatica_tui.engine import next_question

    return next_question(app.words.content, {}).id


async def started(pilot, app):
    await loaded(pilot, app)
    await pilot.click("#start")
    await pilot.pause()


async def answer(pilot, screen, value: Any) -> None:
    """Answer the question on `screen` the way a person would, with keys."""
    q = screen.q
    if q.type in ("yes_no_unsure", "single"):
        await pilot.press(str(q.option_ids.index(value) + 1))
    elif q.type == "multi":
        for oid in value:
            await pilot.press(str(q.option_ids.index(oid) + 1))
        await pilot.press("tab", "enter")  # focus moves to Next
    else:
        await pilot.press(*str(value), "enter")
    await pilot.pause()


async def walk(pilot, app, answers: dict[str, Any], seen: list[str] | None = None) -> None:
    """From the first question to the results, answering from `answers` by key
    presses; questions not in `answers` get the "Not sure" option where there is
    one. Interruptions are acknowledged and recorded in `seen`."""
    from sciatica_tui.tui.alerts import EmergencyScreen
    from sciatica_tui.tui.question import QuestionScreen
    from sciatica_tui.tui.results import ResultsScreen, ReviewScreen

    seen = [] if seen is None else seen
    for _ in range(200):
        screen = app.screen
        if isinstance(screen, QuestionScreen):
            q = screen.q
            value = answers.get(q.id)
            if value is None and q.type == "yes_no_unsure":
                value = "unsure"
            elif value is None and q.unknown_option_ids:
                unsure = sorted(q.unknown_option_ids)[0]
                value = [unsure] if q.type == "multi" else unsure
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
        if app.screen is screen:
            raise AssertionError(f"stuck on {screen!r}")
    raise AssertionError("the walk did not end")


# The first three warning-sign questions (a burst blood vessel, asked first since
# issue 14), answered with no concern: the next question is saddle numbness.
AORTA_CLEAR: dict[str, Any] = {"sudden_severe": "no", "faint_clammy": "no",
                               "aorta_signs": ["none"]}


async def to_saddle(pilot, app) -> None:
    """From the first question, answer the aneurysm questions "No" / "None of these"
    with key presses, so the cauda equina questions come next."""
    for _ in AORTA_CLEAR:  # the order is the session's (groups.toml may put
        screen = app.screen  # saddle numbness on the same screen, before aorta_signs)
        if screen.q.id not in AORTA_CLEAR:
            return
        await answer(pilot, screen, AORTA_CLEAR[screen.q.id])
