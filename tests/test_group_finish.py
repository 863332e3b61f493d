"""Issue 19, Enter on a finished group -> the next screen painted: what stood
between the Enter and the frame that shows the next group, and stays gone.

- The focus moving to the next group's first line made Textual repaint the whole
  screen at the next frame, before the lines' new words had asked for their
  layout: a frame of new words in old places, and the next group a frame later.
- Next flashed when pressed: a restyle and a frame of its own, never seen.
- The footer was drawn again because the keys it does not show had changed.
- Lines the next group had no use for were restyled as they were taken down.
- A question screen made its side panel ("why we ask", beside the question in a
  wide window) on every new screen, hidden in a narrow window."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widgets import Footer, Static

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.group import GroupScreen
from sciatica_tui.tui.screens.question import QuestionScreen

from .pilot import (
    _value_for,
    answer,
    keys_for,
    narrow_then_wide_again,
    started,
    step_on,
    sync,
    widen,
)

ANSWERS = json.loads((Path(__file__).parent.parent / "examples" / "self_care_disc.json")
                     .read_text())


async def _answer_lines(pilot, app) -> bool:
    """Answer every line of the group screen on top with keys, as a person would.
    True: the focus is on Next, waiting for Enter (the last line was a choice);
    False: the screen went on (Enter on a last scale or checklist line goes on)."""
    screen = app.screen
    assert isinstance(screen, GroupScreen)
    here = step_on(app)
    for _ in range(len(screen.rows)):
        q = screen.q  # the line with the focus
        value = _value_for(q, ANSWERS)
        if value is None:
            value = int(q.min) if q.min is not None else q.option_ids[-1]
        await pilot.press(*keys_for(q, value))
        if q.type not in ("yes_no_unsure", "single"):
            await pilot.press("enter")
        await pilot.pause()
        if step_on(app) != here:
            return False
        if screen.focused is not None and screen.focused.id == "next":
            return True
    raise AssertionError("a group screen answered line by line did not finish")


async def _to_group_change(pilot, app) -> GroupScreen:
    """From the start to a group screen shown in the place of another, every line
    answered, the focus on Next."""
    await started(pilot, app)
    for _ in range(60):
        screen = app.screen
        if isinstance(screen, GroupScreen):
            waiting = await _answer_lines(pilot, app)
            if waiting and screen.shown >= 1:
                return screen
            if waiting:
                await pilot.press("enter")
                await pilot.pause()
        elif isinstance(screen, QuestionScreen):
            await answer(pilot, screen, _value_for(screen.q, ANSWERS))
        else:
            break
    raise AssertionError(f"no group shown in the place of another: {app.screen}")


@sync
async def test_I19_the_first_frame_after_next_lays_out_the_next_group(monkeypatch):
    """The first frame drawn after Enter on Next lays the screen out (the next
    group's lines), rather than repainting the last layout: before, the focus
    change repainted first and the layout came a frame later."""
    done: list[str] = []  # what the group screen did, in order: "layout", "paint"
    layout, paint = Screen._refresh_layout, Screen._compositor_refresh

    def laying_out(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        if isinstance(self, GroupScreen):
            done.append("layout")
        layout(self, *args, **kwargs)

    def painting(self: Screen[Any]) -> None:
        if isinstance(self, GroupScreen):
            done.append("paint")
        paint(self)

    await _enter_on_a_group_change(monkeypatch, {"_refresh_layout": laying_out,
                                                 "_compositor_refresh": painting})
    assert done and done[0] == "layout", done  # laid out before the first frame


async def _enter_on_a_group_change(monkeypatch, watching: dict[str, Any]) -> None:
    """Enter on Next of a finished group followed by another group, with the
    Screen methods in `watching` replaced while the next group is shown."""
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _to_group_change(pilot, app)
        shown = screen.shown
        await pilot.pause()
        with monkeypatch.context() as watch:
            for name, method in watching.items():
                watch.setattr(Screen, name, method)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause(0.1)
        assert app.screen is screen and screen.shown == shown + 1


@sync
async def test_I19_next_on_a_finished_group_leaves_the_footer_and_old_lines_alone(
        monkeypatch):
    """Showing the next group in place draws the footer again only if the keys it
    shows change (they do not), and takes down the lines it has no use for
    without restyling them."""
    redrawn = 0
    recompose = Footer.recompose

    async def counting(self: Footer) -> None:
        nonlocal redrawn
        redrawn += 1
        await recompose(self)

    styled: Counter[int] = Counter()
    apply = Stylesheet.apply

    def count_styles(self: Stylesheet, node: Any, *args: Any, **kwargs: Any) -> None:
        styled[id(node)] += 1
        apply(self, node, *args, **kwargs)

    app = SciaticaApp(cursor_blink=False)
    changes = fewer = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        for _ in range(60):
            screen = app.screen
            if isinstance(screen, GroupScreen):
                if not await _answer_lines(pilot, app):
                    continue  # (went on from its last line: no Next to press)
                await pilot.pause()
                before = list(screen.query(".group-row"))
                shown = screen.shown
                with monkeypatch.context() as watch:
                    watch.setattr(Footer, "recompose", counting)
                    watch.setattr(Stylesheet, "apply", count_styles)
                    await pilot.press("enter")
                    await pilot.pause()
                if app.screen is screen and screen.shown == shown + 1:
                    changes += 1
                    assert redrawn == 0, "the footer was drawn again"
                    gone = before[len(screen.rows):]
                    fewer += bool(gone)
                    assert not [line for line in gone if styled[id(line)]]
                    assert not [line for line in gone if line.is_attached]
                redrawn = 0
                styled.clear()
            elif isinstance(screen, QuestionScreen):
                await answer(pilot, screen, _value_for(screen.q, ANSWERS))
            else:
                break
    assert changes >= 2 and fewer >= 1, (changes, fewer)


# -- a question screen's side panel, only in a wide window ------------------------
@sync
async def test_I19_a_question_screen_makes_its_side_panel_only_in_a_wide_window():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        for _ in range(30):
            if type(app.screen) is QuestionScreen:
                break
            if await _answer_lines(pilot, app):
                await pilot.press("enter")
                await pilot.pause()
        screen = app.screen
        assert type(screen) is QuestionScreen
        w = app.words
        assert not screen.query("#q-side")
        first = screen.q
        await answer(pilot, screen, _value_for(first, ANSWERS))
        assert app.screen is screen and screen.q is not first  # the next, in place
        await widen(pilot, screen)
        assert str(screen.query_one("#q-side .help", Static).render()) == w.t(screen.q.help)
        second = screen.q
        await answer(pilot, screen, _value_for(second, ANSWERS))
        await pilot.pause()
        if app.screen is screen and screen.q is not second:  # updated in place
            assert str(screen.query_one("#q-side .help", Static).render()) == w.t(
                screen.q.help)
        if app.screen is screen:
            await narrow_then_wide_again(pilot, screen)


# -- one frame for a layout and a repaint due together --------------------------
@sync
async def test_I19_one_frame_when_the_layout_and_a_repaint_are_due_together(monkeypatch):
    """Enter on Next moves the focus as the next group's words change: the screen
    is to be laid out and repainted whole in the same turn. It is drawn once (the
    whole screen, laid out), not laid out and drawn, then drawn again."""
    ticks: list[list[str]] = []  # per turn of the group screen's update timer
    tick, paint = Screen._on_timer_update, Screen._compositor_refresh

    def ticking(self: Screen[Any]) -> None:
        if isinstance(self, GroupScreen):
            ticks.append(["layout"] if self._layout_required else [])
        tick(self)

    def painting(self: Screen[Any]) -> None:
        if isinstance(self, GroupScreen) and ticks:
            ticks[-1].append("paint")
        paint(self)

    await _enter_on_a_group_change(monkeypatch, {"_on_timer_update": ticking,
                                                 "_compositor_refresh": painting})
    laid_out = [t for t in ticks if t and t[0] == "layout"]
    assert laid_out, ticks
    assert all(t.count("paint") == 1 for t in laid_out), ticks


# -- the question after a group, on a screen made while the group was answered --
async def _first_group_finished(pilot, app, read: float = 0.5) -> GroupScreen:
    """The first screen (a group) answered line by line, the focus on Next, and
    `read` seconds of a person reading. Nothing is made ahead before the last
    line is answered (it would hold its memory while the group is answered)."""
    await started(pilot, app)
    screen = app.screen
    assert isinstance(screen, GroupScreen)
    await pilot.pause(0.3)
    assert app._ready_question is None and app._question_made is None
    assert await _answer_lines(pilot, app)
    await pilot.pause(read)
    return screen


@sync
async def test_I19_the_question_after_a_group_comes_on_a_screen_made_ahead():
    """Once every line of a group is answered, a question screen is made off the
    screen stack, with no answers in it; Enter on the finished group shows the
    next question on that screen (its number box kept: nobody has typed in it)
    instead of making one."""
    from textual.widgets import Input

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        group = await _first_group_finished(pilot, app)
        ahead = app._ready_question
        assert isinstance(ahead, QuestionScreen) and ahead not in app.screen_stack
        assert ahead.answers == {} and ahead.answers is not app.answers
        box = ahead.query_one("#answer")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is ahead and app._ready_question is None
        step = app.session.showing
        assert step is not None and step.kind == "question" and ahead.q.id == step.qid
        assert ahead.answers is app.answers
        prompt = ahead.query_one(".prompt", Static)
        assert str(prompt.render()) == app.words.t(ahead.q.prompt)
        if isinstance(box, Input):  # the number box made ahead, kept for the question
            assert ahead.query_one("#answer") is box and box.value == ""
        assert ahead.focused is ahead.query_one("#answer")
        assert not group.is_attached
        # And it works as any question screen: answered, the walk goes on.
        await answer(pilot, ahead, _value_for(ahead.q, ANSWERS))
        assert app.session.history and app.session.history[-1] == step.qid


@sync
async def test_I19_a_question_screen_made_ahead_is_dropped_with_its_turn():
    """A new turn (start again, the idle reset in a kiosk) removes the screen made
    for the last turn's walk, unused."""
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _first_group_finished(pilot, app)
        ahead = app._ready_question
        assert ahead is not None
        app.restart()
        await pilot.pause()
        assert app._ready_question is None
        assert not ahead.is_attached


@sync
async def test_I19_enter_while_the_question_screen_is_made_waits_for_it(monkeypatch):
    """Enter pressed while the question screen is still being made: the question
    comes on that screen once it is made (not on a second one made beside it),
    and nothing moves meanwhile. (The making is held back here until the test
    lets it go, so that Enter surely comes first.)"""
    import asyncio

    from sciatica_tui.tui import compat

    gate = asyncio.Event()
    prebuild = compat.prebuild

    async def held_back(app: Any, screen: Any) -> None:
        if getattr(screen, "made_ahead", False):  # (not the first screen's)
            await asyncio.wait_for(gate.wait(), 10)
        await prebuild(app, screen)

    monkeypatch.setattr(compat, "prebuild", held_back)
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        group = await _first_group_finished(pilot, app, read=0.1)
        made = app._question_made
        assert made is not None and not made.is_set()
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert app.screen is group and app._ready_question is None  # waiting
        gate.set()
        for _ in range(50):
            await pilot.pause(0.02)
            if type(app.screen) is QuestionScreen:
                break
        screen = app.screen
        assert type(screen) is QuestionScreen and made.is_set()
        assert screen.shown == 1  # made ahead, then the question shown on it
        assert app._ready_question is None
        step = app.session.showing
        assert step is not None and screen.q.id == step.qid
