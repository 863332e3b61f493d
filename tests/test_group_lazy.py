"""Issue 19 (Start -> first question; Enter on a finished group): a group screen
makes only what can be seen. A line's error, "why we ask" under the title (F2) and
the side panel of a wide window are made the first time they show, and then
behave as before."""

from __future__ import annotations

from textual.widgets import Static

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.group import GroupScreen
from sciatica_tui.tui.screens.question import answer_picker, scale_hint
from sciatica_tui.tui.widgets.groupline import GroupLine
from sciatica_tui.tui.widgets.picker import Picker

from .pilot import narrow_then_wide_again, started, sync, widen


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
        hidden = [w for w in screen.query("*") if not w.display]
        assert not hidden, hidden
        # Each line is one widget (its question, a scale's ends, its answers and
        # what to do are drawn by it), with nothing said yet.
        lines = list(screen.query(".group-row"))
        assert [line.name for line in lines] == [q.id for q in screen.rows]
        for line in lines:
            assert isinstance(line, GroupLine) and not line.children
            assert not line.error


@sync
async def test_I19_first_screen_widget_count():
    """The first question's screen (a group of eight lines at 80x24): one widget per
    line, and so about half the widgets it had (38)."""
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _group(pilot, app)
        lines = len(screen.rows)
        assert len(screen.query(".group-row")) == lines
        # The title bar, the layout, the body, the progress line, the group's
        # title, the keys, the buttons' row, two buttons, the footer and its keys.
        assert len(screen.query("*")) - lines <= 15, len(screen.query("*"))


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
        await widen(pilot, screen)
        q = screen.rows[1]  # the line with the focus
        assert isinstance(screen.focused, Picker) and screen.focused.name == q.id
        assert _text(screen.query_one("#side-help")) == f"{w.t(q.prompt)}\n\n{w.t(q.help)}"
        await narrow_then_wide_again(pilot, screen)


@sync
async def test_I19_a_line_error_is_made_when_something_is_said():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await _group(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        q = screen.rows[1]
        line = screen.query_one(f"#row-{q.id}", GroupLine)
        height = line.region.height
        screen.submit()  # Next with lines left
        await pilot.pause()
        left = len(screen.rows) - 1
        said = app.words.ui("tui.answer_every_line").format(n=left)
        assert line.error == said
        # Drawn under the line's answers, on rows of its own.
        drawn = line.text.splitlines()
        assert drawn[-1] == said and "( )" in drawn[-2]
        assert line.region.height > height  # rows of its own
        assert not any(other.error for other in screen.query(GroupLine) if other is not line)
        await pilot.press("2")  # answering clears it
        await pilot.pause()
        assert not line.error and said not in line.text
        assert line.region.height == height


def _check_lines(app, screen: GroupScreen) -> None:
    """The screen shows exactly its group's lines, as new lines would: each one
    known by its question's id, its question, its answers with nothing chosen and
    nothing highlighted, nothing said under it; the first line focused."""
    w = app.words
    lines = list(screen.query(".group-row"))
    assert [line.id for line in lines] == [f"row-{q.id}" for q in screen.rows]
    for line, q in zip(lines, screen.rows, strict=True):
        assert isinstance(line, GroupLine)
        assert line.prompt == w.t(q.prompt)
        assert line.text.splitlines()[0] == w.t(q.prompt)
        picker = screen.query_one(f"#row-{q.id}", Picker)
        assert picker is line and picker.name == q.id
        fresh = answer_picker(w, q, None, look="row")
        assert fresh is not None
        assert (picker.options, picker.look) == (fresh.options, fresh.look)
        assert not picker.chosen and picker.cursor is None
        assert picker.multi == (q.type == "multi")
        assert bool(line.ends) == (picker.look == "scale")
        if line.ends:
            assert line.ends == scale_hint(w, q) and line.text.splitlines()[1] == line.ends
        assert not line.error
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


def _drawn(line: GroupLine) -> list[str]:
    """The line's rows as drawn on the screen (inside its bar and padding)."""
    return [line.render_line(y).text.rstrip() for y in range(line.region.height)]


def _answers_row(line: GroupLine) -> int:
    """The row (in the line, as drawn) where its answers start."""
    return next(i for i, row in enumerate(_drawn(line)) if row.startswith("  1 "))


@sync
async def test_I19_a_click_on_an_option_answers_the_line():
    """The line is one widget: a click on one of its options still chooses it (and
    the focus goes to that line)."""
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await _group(pilot, app)
        q = screen.rows[1]
        line = screen.query_one(f"#row-{q.id}", GroupLine)
        row = _answers_row(line)
        column = _drawn(line)[row].index("2 (")
        # The bar and the space before the line's text.
        await pilot.click(f"#row-{q.id}", offset=(2 + column + 3, row))
        await pilot.pause()
        assert app.answers.get(q.id) == "no"
        assert screen.rows[0].id not in app.answers
        # A click on its question only moves the focus there.
        first = screen.query_one(f"#row-{screen.rows[0].id}", GroupLine)
        await pilot.click(f"#row-{screen.rows[0].id}", offset=(3, 0))
        await pilot.pause()
        assert screen.focused is first and screen.rows[0].id not in app.answers


@sync
async def test_I19_large_text_puts_a_blank_row_under_a_line_s_question():
    """Large text (a blank row under each paragraph) on a group line, whether it is
    turned on while the line shows or before Start (the screen made ahead). At 70
    columns the body is as wide in large text as without: nothing else makes the
    lines draw again."""
    for before_start in (False, True):
        app = SciaticaApp(cursor_blink=False)
        async with app.run_test(size=(70, 40)) as pilot:
            if before_start:
                from .pilot import loaded

                await loaded(pilot, app)
                await pilot.pause(0.3)  # the first screen made while the welcome waits
                app.action_toggle_large()
                await pilot.pause()
                screen = await _group(pilot, app)
            else:
                screen = await _group(pilot, app)
                line = screen.query_one(GroupLine)
                drawn = _drawn(line)
                assert drawn[_answers_row(line) - 1] != ""
                app.action_toggle_large()
                await pilot.pause()
                assert len(_drawn(line)) == len(drawn) + 1
            line = screen.query_one(GroupLine)
            drawn = _drawn(line)
            assert drawn[_answers_row(line) - 1] == ""  # under the question
            assert " ".join(drawn[:_answers_row(line) - 1]) == line.prompt


@sync
async def test_I19_the_first_screen_styles_each_line_and_key_once(monkeypatch):
    """Building the first question's screen (as while the welcome waits) styles
    each of its lines and footer keys once: Textual's first focus went to the
    scrolling body and then to a line (each move restyled every line), and each
    footer key was restyled twice more as it was set to the footer's look."""
    from collections import Counter

    from textual.css.stylesheet import Stylesheet
    from textual.widgets._footer import FooterKey

    from sciatica_tui.core.session import Session
    from sciatica_tui.tui.compat import prebuild

    from .pilot import loaded

    styled: Counter[int] = Counter()
    apply = Stylesheet.apply

    def counting(self, node, *args, **kwargs):
        styled[id(node)] += 1
        return apply(self, node, *args, **kwargs)

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        session = Session()
        screen = app.step_screen(session.next_step(app.words.content), session.answers)
        monkeypatch.setattr(Stylesheet, "apply", counting)
        await prebuild(app, screen)
        await pilot.pause()
        monkeypatch.setattr(Stylesheet, "apply", apply)
        assert isinstance(screen, GroupScreen)
        lines = list(screen.query(".group-row"))
        keys = list(screen.query(FooterKey))
        assert lines and keys
        # (The first line once more as it takes the focus: it is drawn focused.)
        assert screen.focused is lines[0] and styled[id(lines[0])] == 2
        assert {styled[id(w)] for w in lines[1:] + keys} == {1}, [
            (w, styled[id(w)]) for w in lines + keys if styled[id(w)] != 1]


@sync
async def test_I19_start_pressed_while_the_content_is_read(monkeypatch):
    """Start pressed before the content is read: the first question comes as soon
    as it is, and the welcome under it has its words and keys all the same."""
    import time

    import sciatica_tui.contentset.loader as loader

    read = loader.load_content

    def slow(*args, **kwargs):
        time.sleep(0.5)  # (in the loading thread)
        return read(*args, **kwargs)

    monkeypatch.setattr(loader, "load_content", slow)
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.words is None
        await pilot.press("enter")  # Start has the focus
        await pilot.pause()
        from .pilot import loaded

        await loaded(pilot, app)
        for _ in range(50):
            if isinstance(app.screen, GroupScreen):
                break
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, GroupScreen)
        assert screen.focused is screen.query_one(".group-row")
        welcome = app.screen_stack[0]
        from textual.widgets import Button

        from sciatica_tui.tui.screens.welcome import WelcomeScreen

        assert isinstance(welcome, WelcomeScreen) and not welcome.waiting
        assert str(welcome.query_one("#start", Button).label) == app.words.ui("tui.start")
        assert len(app.screen_stack) == 2  # one first screen, not two
        await pilot.pause(0.3)
        assert app.screen is screen and len(app.screen_stack) == 2
