"""Issue 19 (Start -> first question; Enter on a finished group): a group screen
makes only what can be seen. A line's error, "why we ask" under the title (F2) and
the side panel of a wide window are made the first time they show, and then
behave as before."""

from __future__ import annotations

from textual.widgets import Static

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.group import GroupScreen
from sciatica_tui.tui.screens.question import answer_picker
from sciatica_tui.tui.widgets.picker import Picker

from .pilot import started, sync


def _text(widget) -> str:
    return str(widget.render())


async def _group(pilot, app) -> GroupScreen:
    await started(pilot, app)
    screen = app.screen
    assert isinstance(screen, GroupScreen)
    return screen


@sync
async def test_I19_group_screen_makes_nothing_hidden():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _group(pilot, app)
        assert not screen.query("#q-side")  # a narrow window: no side panel
        assert not screen.query("#help")  # "why we ask" not asked for
        assert not screen.query(".row-error")  # nothing said yet
        hidden = [w for w in screen.query("*") if not w.display]
        assert not hidden, hidden
        # Each line: its container, its question, its answers (and a scale's ends).
        for row in screen.query(".group-row"):
            kinds = [type(child).__name__ for child in row.children]
            assert kinds in (["Static", "Picker"], ["Static", "Static", "Picker"]), kinds


@sync
async def test_I19_f2_makes_why_we_ask_once_and_follows_the_focus():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _group(pilot, app)
        w = app.words
        await pilot.press("f2")
        await pilot.pause()
        help_text = screen.query_one("#help", Static)
        assert help_text.display and help_text.region.height
        assert _text(help_text) == f"{w.ui('tui.why')}: {w.t(screen.rows[0].help)}"
        # Under the group's title, above the lines.
        body = list(screen.query_one("#body").children)
        assert body.index(help_text) == body.index(screen.query_one("#group-title")) + 1
        await pilot.press("2")  # the first line answered; the focus moves on
        await pilot.pause()
        assert _text(help_text) == f"{w.ui('tui.why')}: {w.t(screen.rows[1].help)}"
        await pilot.press("f2")
        await pilot.pause()
        assert not help_text.display
        assert len(screen.query("#help")) == 1


@sync
async def test_I19_side_panel_made_when_the_window_grows_wide():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _group(pilot, app)
        w = app.words
        await pilot.press("2")
        await pilot.pause()
        assert not screen.query("#q-side")
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        await pilot.pause()
        side = screen.query_one("#q-side")
        body = screen.query_one("#body")
        assert side.display and side.region.width >= 40
        assert side.region.x > body.region.right - 1
        q = screen.rows[1]  # the line with the focus
        assert isinstance(screen.focused, Picker) and screen.focused.name == q.id
        assert _text(screen.query_one("#side-help")) == f"{w.t(q.prompt)}\n\n{w.t(q.help)}"
        await pilot.resize_terminal(80, 24)  # narrow again: hidden, still made once
        await pilot.pause()
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert len(screen.query("#q-side")) == 1


@sync
async def test_I19_a_line_error_is_made_when_something_is_said():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await _group(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        screen.submit()  # Next with lines left
        await pilot.pause()
        q = screen.rows[1]
        error = screen.query_one(f"#error-{q.id}", Static)
        assert error.display and error.region.height
        assert error.parent is screen.query_one(f"#line-{q.id}")
        assert list(error.parent.children)[-1] is error  # under the line's answers
        left = len(screen.rows) - 1
        assert _text(error) == app.words.ui("tui.answer_every_line").format(n=left)
        await pilot.press("2")  # answering clears it
        await pilot.pause()
        assert not error.display


def _check_lines(app, screen: GroupScreen) -> None:
    """The screen shows exactly its group's lines, as new lines would: each one
    known by its question's id, its question, its answers with nothing chosen and
    nothing highlighted, nothing said under it; the first line focused."""
    w = app.words
    lines = list(screen.query(".group-row"))
    assert [line.id for line in lines] == [f"line-{q.id}" for q in screen.rows]
    for line, q in zip(lines, screen.rows, strict=True):
        prompt = line.query_one(".row-prompt", Static)
        assert _text(prompt) == w.t(q.prompt)
        picker = screen.query_one(f"#row-{q.id}", Picker)
        assert picker.parent is line and picker.name == q.id
        fresh = answer_picker(w, q, None, look="row")
        assert fresh is not None
        assert (picker.options, picker.look) == (fresh.options, fresh.look)
        assert not picker.chosen and picker.cursor is None
        assert picker.multi == (q.type == "multi")
        assert bool(line.query(".scale-ends")) == (picker.look == "scale")
        assert not any(e.display for e in line.query(".row-error"))
    assert screen.focused is screen.query_one(f"#row-{screen.rows[0].id}")
    # Lines of the group before that this one had no use for are gone.
    body = screen.query_one("#body")
    assert [c for c in body.children if c.has_class("group-row") or not c.display] == lines
    assert _text(screen.query_one("#group-title")) == w.t(screen.group.title)


@sync
async def test_I19_the_next_group_reuses_the_lines_of_the_last():
    """Enter on a finished group: the next group on the same screen takes the old
    lines in place (no new widget per line), and behaves as a new screen would."""
    import json
    from pathlib import Path

    from sciatica_tui.tui.screens.question import QuestionScreen
    from sciatica_tui.tui.screens.results import ReviewScreen

    from .pilot import _value_for, answer, answer_group, step_on

    answers = json.loads((Path(__file__).parent.parent / "examples" / "self_care_disc.json")
                         .read_text())
    app = SciaticaApp(cursor_blink=False)
    in_place = 0
    async with app.run_test(size=(100, 60)) as pilot:
        await started(pilot, app)
        for _ in range(80):
            screen = app.screen
            if isinstance(screen, GroupScreen):
                before = list(screen.query(".group-row"))
                shown = step_on(app)
                await answer_group(pilot, app, answers)
                await pilot.pause()
                await pilot.pause()
                if app.screen is screen and step_on(app) != shown:
                    in_place += 1  # the next group, on this screen
                    _check_lines(app, screen)
                    after = list(screen.query(".group-row"))
                    kept = min(len(before), len(after))
                    assert after[:kept] == before[:kept]  # the same widgets, reused
                    # (The next turn answers the reused lines by their keys.)
            elif isinstance(screen, QuestionScreen):
                await answer(pilot, screen, _value_for(screen.q, answers))
            else:
                break
        assert isinstance(app.screen, ReviewScreen)
    assert in_place >= 2
    asked = [qid for qid in answers if qid in app.answers]
    assert asked and all(app.answers[qid] == answers[qid] for qid in asked)
