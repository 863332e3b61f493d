"""Whole walk-throughs by key presses, from the welcome screen to the results.

Each example answers file is answered in the app the way a person would; the app
must reach the same disposition as the headless engine for the same answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sciatica_tui.core.engine import assess
from sciatica_tui.tui.app import SciaticaApp

from .pilot import started, sync, to_saddle, walk

EXAMPLES = Path(__file__).parent.parent / "examples"

CASES = {
    # file: (expected disposition, interruptions seen on the way)
    "self_care_disc": ("self_care", ["review"]),
    "soon_stenosis": ("soon", ["review"]),
    "urgent_weakness": ("urgent", ["urgent", "review"]),
    "emergency_bladder": ("emergency", ["emergency", "emergency", "review"]),
    "pregnancy": (None, None),
    # Not sure about the cauda equina signs: told when the warning signs end.
    "mostly_unanswered": ("urgent", ["urgent", "review"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
@sync
async def test_walk_each_example_to_its_result(name, content):
    answers = json.loads((EXAMPLES / f"{name}.json").read_text())
    expected, interruptions = CASES[name]
    app = SciaticaApp()
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await walk(pilot, app, answers, seen)
        result = app.screen.a
    # The app and the headless engine agree on the same answers.
    assert result.disposition == assess(content, answers).disposition
    if expected is not None:
        assert result.disposition == expected
        assert seen == interruptions
    # Only questions the person was asked were recorded.
    assert set(app.answers) <= set(result.asked)


@sync
async def test_emergency_interrupts_then_continuing_reaches_an_emergency_result(content):
    answers = json.loads((EXAMPLES / "emergency_bladder.json").read_text())
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        rows = [q.id for q in app.screen.rows]  # the first screen is a group
        await to_saddle(pilot, app)
        await pilot.press("1")  # saddle numbness: yes
        await pilot.pause()
        # The interruption came straight after the answer, before any other question.
        assert type(app.screen).__name__ == "EmergencyScreen"
        assert list(app.answers)[-1] == "saddle_numbness"
        assert len(app.answers) == rows.index("saddle_numbness") + 1
        seen: list[str] = []
        await pilot.click("#continue")
        await pilot.pause()
        await walk(pilot, app, answers, seen)
        # bladder_change adds a second emergency flag: it interrupts again.
        assert seen == ["emergency", "review"]
        assert app.screen.a.disposition == "emergency"
        text = str(app.screen.query_one("#banner").render())
        assert "GET HELP NOW" in text


@sync
async def test_going_back_and_changing_an_answer_changes_the_result(content):
    answers = json.loads((EXAMPLES / "self_care_disc.json").read_text())
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        # Answer up to and including "how long" (a line of a group screen), then
        # go back a screen, come again, and change it.
        from .pilot import answer
        while app.screen.q.id != "how_long":
            await answer(pilot, app.screen, answers[app.screen.q.id])
        await answer(pilot, app.screen, "weeks")
        here = [q.id for q in app.screen.rows]
        await pilot.press("escape")  # the screen before, its answers kept
        await pilot.pause()
        assert "how_long" not in [q.id for q in app.screen.rows]
        app.screen.submit()  # Next: every line of it is answered
        await pilot.pause()
        assert [q.id for q in app.screen.rows] == here  # the whole screen again
        assert app.screen.query_one("#row-how_long").value == "weeks"  # shown chosen
        app.screen.query_one("#row-how_long").focus()
        await pilot.pause()
        await answer(pilot, app.screen, "long")  # now long-standing pain
        await walk(pilot, app, answers)
        assert app.screen.a.disposition == "soon"
        assert app.answers["how_long"] == "long"
