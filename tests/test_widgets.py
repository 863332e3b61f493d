"""The TUI's answer widgets (issue 16 items 5 and 6, the TUI side of item 1; use
review U-S2 and AWKWARD): nothing pre-selected, numbered options, a 0-10 scale
as one row, checklists that go on with Enter, a progress bar with sections, and
the group screen. Every answer here is given with real key presses."""

from __future__ import annotations

from sciatica_tui.core.engine import next_question
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.alerts import EmergencyScreen
from sciatica_tui.tui.screens.group import GroupScreen
from sciatica_tui.tui.screens.question import QuestionScreen
from sciatica_tui.tui.screens.welcome import WelcomeScreen
from sciatica_tui.tui.widgets.groupline import GroupLine
from sciatica_tui.tui.widgets.picker import Picker
from sciatica_tui.tui.widgets.progressline import ProgressLine

from .pilot import answer_group, loaded, started, sync


def said(screen) -> str:
    """The message the screen shows in sight (one question: under its answers; a
    group screen: under the line with the focus)."""
    if isinstance(screen, GroupScreen):
        # Drawn by the line itself, under its answers.
        line = screen.query_one(f"#row-{screen.q.id}", GroupLine)
        if line.error:
            assert line.text.splitlines()[-1] == line.error
        return line.error
    return str(screen.query_one("#error").render())


def shown(widget) -> str:
    """What a widget draws, as plain text (no colour)."""
    return widget.render().plain


async def ask(pilot, app, qid: str) -> QuestionScreen:
    """Open question `qid` on its own screen (as Edit from the review does)."""
    app.edit(qid)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, QuestionScreen) and screen.q.id == qid
    return screen


def a_question(app, kind: str) -> str:
    """A question of type `kind`, one with no group if there is one (`ask` opens
    it on a screen of its own, as Edit from the review does)."""
    content = app.words.content
    of_kind = [q.id for q in content.questions if q.type == kind]
    return next((q for q in of_kind if content.group_of(q) is None), of_kind[0])


def calm_keys(q) -> list[str]:
    """The keys that answer a group line with no concern: "No", or a checklist's
    "None of these" then Enter."""
    if q.type == "multi":
        return [str(q.option_ids.index("none") + 1), "enter"]
    return ["2"]


# -- U-S2: nothing pre-selected ---------------------------------------------------
@sync
async def test_U_S2_start_then_enter_enter_never_answers():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter")  # Start (the welcome screen's button has the focus)
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
        screen = app.screen
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.answers == {}
        assert app.screen is screen
        # Nothing is shown as chosen, and the screen says what to do.
        assert all(not p.chosen and p.cursor is None for p in screen.query(Picker))
        # The screen says what to do (on a group screen, under the line with the focus).
        assert said(screen) == app.words.ui("tui.nothing_chosen")


@sync
async def test_U_S2_one_question_opens_with_nothing_chosen_or_highlighted():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        qid = a_question(app, "yes_no_unsure")
        screen = await ask(pilot, app, qid)
        picker = screen.query_one(Picker)
        assert picker.has_focus and picker.cursor is None and not picker.chosen
        assert ">" not in shown(picker) and "•" not in shown(picker)
        await pilot.press("enter", "enter", "space")
        await pilot.pause()
        assert qid not in app.answers and app.screen is screen
        # The arrows move a highlight; Enter then answers what is highlighted.
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.answers[qid] == "no"


# -- numbers beside options, number keys pick them --------------------------------
@sync
async def test_options_are_numbered_and_number_keys_answer():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        qid = a_question(app, "yes_no_unsure")
        screen = await ask(pilot, app, qid)
        lines = shown(screen.query_one(Picker)).splitlines()
        assert [line.strip() for line in lines] == ["1 ( ) Yes", "2 ( ) No", "3 ( ) Not sure"]
        assert app.words.ui("tui.keys_choice") in str(screen.query_one("#keys").render())
        await pilot.press("3")
        await pilot.pause()
        assert app.answers[qid] == "unsure"


@sync
async def test_back_shows_the_earlier_answer_marked_without_colour():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        qid = a_question(app, "single")
        screen = await ask(pilot, app, qid)
        await pilot.press("2")
        await pilot.pause()
        screen = await ask(pilot, app, qid)  # back to it
        picker = screen.query_one(Picker)
        second = shown(picker).splitlines()[1]
        assert "(•)" in second  # the mark, not a colour, says which
        assert picker.cursor == 1  # the highlight starts on the earlier answer
        await pilot.press("enter")  # keeps it
        await pilot.pause()
        assert app.answers[qid] == screen.q.option_ids[1]


# -- the 0-10 scale: one row of eleven choices ------------------------------------
@sync
async def test_scale_is_a_row_of_eleven_and_keys_choose():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        screen = await ask(pilot, app, "leg_pain")
        picker = screen.query_one(Picker)
        assert picker.look == "scale" and picker.values == [str(i) for i in range(11)]
        assert shown(picker).split() == [str(i) for i in range(11)]  # one line
        assert "\n" not in shown(picker)
        await pilot.press("enter")
        await pilot.pause()
        assert "leg_pain" not in app.answers  # Enter alone: nothing
        await pilot.press("7")
        await pilot.pause()
        assert "[7]" in shown(picker) and "leg_pain" not in app.answers  # chosen, not sent
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers["leg_pain"] == 7
        # 1 then 0 is 10.
        screen = await ask(pilot, app, "leg_pain")
        await pilot.press("1", "0", "enter")
        await pilot.pause()
        assert app.answers["leg_pain"] == 10
        # The arrows: from nothing, right goes to 0, then along.
        screen = await ask(pilot, app, "back_pain")
        await pilot.press("right", "right", "right", "enter")
        await pilot.pause()
        assert app.answers["back_pain"] == 2
        # End is 10, Home is 0; a digit after another key is itself.
        screen = await ask(pilot, app, "back_pain")
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.answers["back_pain"] == 10


# -- checklists: Space or numbers tick, Enter goes on ------------------------------
@sync
async def test_checklist_ticks_with_numbers_and_space_and_goes_on_with_enter():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        qid = "worse_with"
        screen = await ask(pilot, app, qid)
        q = screen.q
        picker = screen.query_one(Picker)
        assert shown(picker).splitlines()[0].strip().startswith("1 [ ] ")
        assert app.words.ui("tui.keys_checklist") in str(screen.query_one("#keys").render())
        await pilot.press("enter")  # nothing ticked: nothing sent, a clear line
        await pilot.pause()
        assert qid not in app.answers
        assert said(screen) == app.words.ui("tui.nothing_chosen")
        # Tick 1 (the highlight follows it), then the one below by Space.
        await pilot.press("1", "down", "space")
        await pilot.pause()
        assert shown(picker).splitlines()[0].strip().startswith("1 [x] ")
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers[qid] == [q.option_ids[0], q.option_ids[1]]
        assert app.screen is not screen


@sync
async def test_checklist_none_of_these_stands_alone():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        qid = next(q.id for q in app.words.content.questions
                   if q.type == "multi" and q.exclusive)
        screen = await ask(pilot, app, qid)
        q = screen.q
        none = q.option_ids.index(q.exclusive[0])
        other = 0 if none else 1
        picker = screen.query_one(Picker)
        await pilot.press(str(other + 1), str(none + 1))
        assert picker.selected == [q.exclusive[0]]
        await pilot.press(str(other + 1))
        assert picker.selected == [q.option_ids[other]]


# -- progress ---------------------------------------------------------------------
@sync
async def test_progress_bar_names_the_sections_and_never_goes_back():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        line = app.screen.query_one(ProgressLine)
        text = shown(line)
        for key in ("progress.warning_signs", "progress.about_you", "progress.your_pain",
                    "progress.results"):
            assert app.words.ui(key) in text
        assert f"[{app.words.ui('progress.warning_signs')}]" in text  # where we are
        seen = []
        for _ in range(60):
            screen = app.screen
            if isinstance(screen, GroupScreen):
                seen.append(screen.query_one(ProgressLine).fraction)
                await answer_group(pilot, app, {})
            elif isinstance(screen, QuestionScreen):
                seen.append(screen.query_one(ProgressLine).fraction)
                q = screen.q
                if q.type == "yes_no_unsure":
                    await pilot.press("2")
                elif q.type == "multi":
                    await pilot.press(str(len(q.option_ids)), "enter")
                elif q.type == "single":
                    await pilot.press("1")
                else:
                    await pilot.press("4", "0", "enter")
                await pilot.pause()
            elif isinstance(screen, EmergencyScreen):
                await pilot.click("#continue")
                await pilot.pause()
            else:
                break
        assert len(seen) > 3
        assert seen == sorted(seen), seen
        assert seen[0] == 0.0


# -- the group screen ---------------------------------------------------------------
async def first_group(pilot, app) -> GroupScreen:
    await started(pilot, app)
    screen = app.screen
    assert isinstance(screen, GroupScreen)
    return screen


@sync
async def test_group_rows_show_full_questions_and_numbered_answers():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await first_group(pilot, app)
        w = app.words
        rows = screen.rows
        assert len(rows) > 1
        for q in rows:
            line = screen.query_one(f"#row-{q.id}", GroupLine)
            prompt, answers = shown(line).split("\n", 1)
            assert prompt == w.t(q.prompt)  # the question in full
            if q.type == "multi":  # a checklist line: numbered boxes
                assert answers.split()[:3] == ["1", "[", "]"]
                assert answers.count("[ ]") == len(q.option_ids)
                continue
            assert answers.split() == ["1", "(", ")", "Yes", "2", "(", ")", "No",
                                       "3", "(", ")", "Not", "sure"]
        assert w.ui("tui.keys_group") in str(screen.query_one("#keys").render())


@sync
async def test_group_number_keys_answer_the_line_and_move_on():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await first_group(pilot, app)
        first, second, third = screen.rows[:3]
        assert screen.focused.name == first.id
        await pilot.press("2")
        await pilot.pause()
        assert app.answers == {first.id: "no"}  # kept at once
        assert screen.focused.name == second.id  # the next line comes up
        await pilot.press("3")
        await pilot.pause()
        assert app.answers[second.id] == "unsure"
        # Up goes back a line; changing an answer keeps the new one.
        await pilot.press("up", "2")
        await pilot.pause()
        assert app.answers[second.id] == "no"
        assert screen.focused.name == third.id
        # Tab moves between lines, left and right along one, Enter chooses.
        await pilot.press("tab", "right", "right", "enter")
        await pilot.pause()
        assert app.answers[screen.rows[3].id] == "no"


@sync
async def test_group_up_on_the_first_line_stays_on_it():
    """Up on a group's first line keeps the focus on that line (the top of the
    page comes into view): it went to the page, where no line showed the focus
    and a number key answered the first line still to answer, out of sight (a
    new user's trial ticked a warning sign that way and raised an emergency)."""
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 20)) as pilot:  # short: the page scrolls
        screen = await first_group(pilot, app)
        first, second = screen.rows[:2]
        await pilot.press("2", "up")  # the first line answered, then back to it
        await pilot.pause()
        assert screen.focused.name == first.id
        await pilot.press("up")
        await pilot.pause()
        assert screen.focused.name == first.id
        assert screen.query_one("#body").scroll_y == 0
        await pilot.press("3")  # answers the line with the focus, as it shows
        await pilot.pause()
        assert app.answers == {first.id: "unsure"}
        assert second.id not in app.answers


@sync
async def test_group_every_line_is_required_before_next():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(100, 60)) as pilot:  # Next in sight, to click it
        screen = await first_group(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        await pilot.click("#next")
        await pilot.pause()
        assert app.screen is screen
        left = len(screen.rows) - 1
        assert screen.focused.name == screen.rows[1].id  # the first line still to answer
        # Said under that line, where the person is looking.
        assert said(screen) == app.words.ui("tui.answer_every_line").format(n=left)
        for q in screen.rows[1:]:
            await pilot.press(*calm_keys(q))
        await pilot.pause()
        assert screen.focused.id == "next"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen
        assert all(app.answers[q.id] in ("no", ["none"]) for q in screen.rows)


@sync
async def test_group_emergency_yes_interrupts_the_moment_it_is_chosen():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await first_group(pilot, app)
        ids = [q.id for q in screen.rows]
        saddle = ids.index("saddle_numbness")
        for q in screen.rows[:saddle]:
            await pilot.press(*calm_keys(q))
        await pilot.pause()
        assert screen.focused.name == "saddle_numbness"
        await pilot.press("1")  # Yes
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        assert app.answers["saddle_numbness"] == "yes"
        assert not any(qid in app.answers for qid in ids[saddle + 1:])  # the rest unasked
        # Carrying on shows the rest of the screen, still to answer.
        await pilot.click("#continue")
        await pilot.pause()
        rest = app.screen
        assert isinstance(rest, GroupScreen)
        assert [q.id for q in rest.rows] == ids[saddle + 1:]


@sync
async def test_group_back_returns_to_the_screen_with_its_answers_marked():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await first_group(pilot, app)
        ids = [q.id for q in screen.rows]
        calm = {q.id: ["none"] if q.type == "multi" else "no" for q in screen.rows}
        await answer_group(pilot, app, calm)
        after = app.screen
        assert after is not screen and not isinstance(after, EmergencyScreen)
        await pilot.press("escape")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, GroupScreen) and [q.id for q in again.rows] == ids
        for qid in ids:
            picker = again.query_one(f"#row-{qid}", Picker)
            if calm[qid] == ["none"]:
                assert picker.selected == ["none"] and "[x]" in shown(picker)
            else:
                assert picker.value == "no" and "2 (•) No" in shown(picker)
        # Back from the first screen ends the turn, once the person says so: the
        # welcome screen, nothing kept.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#leave")  # "Start again? Your answers so far will be lost."
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.answers == {}


@sync
async def test_group_scale_rows_take_two_numbers_on_one_screen():
    """Leg and back pain on one screen (issue 16.5)."""
    from .conftest import clear_screening

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        content = app.words.content
        app.answers.update(clear_screening(content))
        app.answers.update({"pain_where": ["buttock", "thigh"], "side": "left",
                            "how_long": "weeks", "onset": "sudden", "trend": "better"})
        while next_question(content, app.answers).id not in ("leg_pain", "back_pain"):
            q = next_question(content, app.answers)
            app.answers[q.id] = (q.option_ids[0] if q.type != "multi"
                                 else [q.option_ids[0]]) if q.option_ids else 40
        app.ask_next()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GroupScreen)
        ids = [q.id for q in screen.rows]
        at = ids.index("leg_pain")
        assert ids[at:at + 2] == ["leg_pain", "back_pain"]  # side by side
        assert screen.focused.name == "leg_pain"  # the first line still to answer
        await pilot.press("1", "0", "enter", "3", "enter")
        await pilot.pause()
        assert app.answers["leg_pain"] == 10 and app.answers["back_pain"] == 3
        assert screen.focused.name == ids[at + 2]  # Enter: the next line
