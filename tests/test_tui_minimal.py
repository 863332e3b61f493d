"""Pilot tests of the minimal walk-through (the full one is a separate issue)."""

from __future__ import annotations

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.alerts import EmergencyScreen, ReportScreen
from sciatica_tui.tui.screens.question import QuestionScreen
from sciatica_tui.tui.screens.welcome import WelcomeScreen
from sciatica_tui.tui.widgets.picker import Picker

from .conftest import DISC, clear_screening
from .pilot import answer_group, loaded, started, sync, to_saddle


@sync
async def test_emergency_answer_interrupts_at_once():
    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.q.id == "sudden_severe"  # time-critical first (issue 14)
        await to_saddle(pilot, app)
        assert app.screen.q.id == "saddle_numbness"
        await pilot.press("enter")  # nothing is chosen yet (U-S2): no answer
        await pilot.pause()
        assert "saddle_numbness" not in app.answers
        await pilot.press("1")  # "Yes"
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        assert "Call 999" in app.screen.text
        await pilot.click("#summary")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert "Numb skin around the bottom or genitals" in app.screen.text
    assert app.summary_on_exit.startswith("Sciatica self-check summary")


@sync
async def test_enter_on_the_emergency_screen_shows_the_summary_even_after_a_resize():
    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("1")  # "Yes" to numb skin: an emergency
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        await pilot.resize_terminal(40, 10)  # below the minimum, and back
        await pilot.resize_terminal(80, 24)
        assert isinstance(app.screen, EmergencyScreen)
        assert app.screen.focused is not None and app.screen.focused.id == "summary"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)


@sync
async def test_back_keeps_the_earlier_answer_selected():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        first = app.screen
        rows = [q.id for q in first.rows]  # the first screen is a group (issue 16)
        await to_saddle(pilot, app)
        await pilot.press("right", "right", "enter")  # "No", with the arrows
        await pilot.pause()
        assert app.screen.q.id == "bladder_change"  # the next line has the focus
        await answer_group(pilot, app, dict.fromkeys(rows, "no"))
        assert app.screen is not first
        await pilot.press("escape")
        await pilot.pause()
        assert [q.id for q in app.screen.rows] == rows
        picker = app.screen.query_one("#row-saddle_numbness", Picker)
        assert picker.value == "no"
        assert picker.cursor == 1  # the highlight sits on the chosen answer
        await pilot.press("3")  # number keys answer the line with the focus: "Not sure"
        await pilot.pause()
        assert app.answers[rows[0]] == "unsure"


@sync
async def test_invalid_number_shows_a_clear_message():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        answers = {k: v for k, v in clear_screening(app.words.content).items() if k != "age"}
        app.answers.update({k: v for k, v in answers.items()
                            if app.words.content.question(k).type != "number"})
        app.answers.update({"first_episode": "no", "pregnant": "no", "sudden_severe": "no"})
        app.push_screen(QuestionScreen(app.words, "age", app.answers))
        await pilot.pause()
        await pilot.press("a", "b", "enter")
        await pilot.pause()
        advice = "Please give your age as a whole number from 16 to 110."  # U-B14
        assert advice in str(app.screen.query_one("#error").render())
        await pilot.press("backspace", "backspace", "2", "0", "0", "enter")
        await pilot.pause()
        assert advice in str(app.screen.query_one("#error").render())
        assert "age" not in app.answers


@sync
async def test_review_then_results_then_clinician_summary():
    from sciatica_tui.tui.screens.results import ResultsScreen, ReviewScreen

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.answers.update({**clear_screening(app.words.content), **DISC})
        app.ask_next()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "weakness_change" not in app.screen.asked  # only questions actually asked
        await pilot.click("#results")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "LOOK AFTER IT AT HOME FOR NOW" in str(app.screen.query_one("#banner").render())
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
    assert app.summary_on_exit == ""


@sync
async def test_changing_an_answer_in_review_replans_and_changes_the_result():
    from textual.widgets import OptionList

    from sciatica_tui.tui.screens.results import ResultsScreen, ReviewScreen

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.answers.update({**clear_screening(app.words.content), **DISC})
        app.ask_next()
        await pilot.pause()
        review = app.screen.query_one(OptionList)
        review.highlighted = app.screen.asked.index("weakness")
        review.action_select()
        await pilot.pause()
        assert app.screen.q.id == "weakness"
        await pilot.press("1")  # "Yes": the follow-up question is now asked
        await pilot.pause()
        assert app.screen.q.id == "weakness_change"  # a line of its group's screen
        await pilot.press("3", "enter")  # "about the same for over a week"; Next
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "weakness_change" in app.screen.asked
        await pilot.click("#results")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.screen.a.disposition == "soon"
        assert "some leg weakness" in str(app.screen.query_one("#why").render())


@sync
async def test_urgent_flags_shown_at_the_end_of_screening():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.answers.update({**clear_screening(app.words.content), "fever": "yes"})
        app.ask_next()
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen) and app.screen.urgent
        assert "Fever or feeling unwell" in app.screen.text
        await pilot.click("#continue")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.q.section == "symptoms"


@sync
async def test_too_small_terminal_shows_a_message_and_recovers():
    from sciatica_tui.tui.screens.modals import TooSmall

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert isinstance(app.screen, TooSmall)
        assert "at least 60 columns and 20 rows" in app.screen.text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


@sync
async def test_too_small_at_start_up_still_loads_the_welcome():
    from sciatica_tui.tui.screens.modals import TooSmall

    app = SciaticaApp()
    async with app.run_test(size=(40, 10)) as pilot:
        await loaded(pilot, app)
        assert isinstance(app.screen, TooSmall)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


@sync
async def test_quit_asks_for_confirmation_during_an_assessment():
    from sciatica_tui.tui.screens.modals import ConfirmQuit

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("2")  # "No"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#leave")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


@sync
async def test_help_screen_opens_with_f1_and_question_mark():
    from sciatica_tui.tui.screens.modals import HelpScreen

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)



@sync
async def test_back_from_the_first_screen_asks_before_it_drops_answers():
    """Esc on the first screen ends the turn; with answers on it, it asks first
    ("Start again? Your answers so far will be lost."). Staying keeps them and the
    keys work again; with no answers it goes at once."""
    from sciatica_tui.tui.screens.group import GroupScreen
    from sciatica_tui.tui.screens.modals import ConfirmQuit
    from sciatica_tui.tui.screens.welcome import WelcomeScreen

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        first = app.screen
        assert isinstance(first, GroupScreen)
        await pilot.press("escape")  # nothing answered: straight back
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session.empty
        await started(pilot, app)
        first = app.screen
        await pilot.press("2")  # "No" on the first line
        await pilot.pause()
        answered = dict(app.answers)
        assert len(answered) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.screen is first and app.answers == answered
        await pilot.press("2")  # the next line: the screen still takes keys
        await pilot.pause()
        assert len(app.answers) == 2
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#leave")  # "Start again"
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session.empty



@sync
async def test_back_from_an_answer_opened_from_the_review_returns_to_the_review():
    """A row chosen on the review opens its question; Esc there goes back to the
    review with the answer as it was (it went to the screen before the review,
    and took that screen's answers off the Back history)."""
    from textual.widgets import OptionList

    from sciatica_tui.tui.screens.results import ReviewScreen

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        content = app.words.content
        app.answers.update({**clear_screening(content), **DISC})
        app.ask_next()
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        rows = review.query_one("#review", OptionList)
        before, history = dict(app.answers), list(app.session.history)
        qid = "side"
        rows.focus()
        rows.highlighted = next(i for i in range(rows.option_count)
                                if rows.get_option_at_index(i).id == qid)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.q.id == qid
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.answers == before and app.session.history == history
        # Its row is still highlighted and in sight; the focus is on the results.
        back = app.screen.query_one("#review", OptionList)
        row = back.get_option_at_index(back.highlighted)
        assert row.id == qid and app.screen.focused.id == "results"



async def _down_then_end(pilot, part) -> None:
    """`part` starts at the top and is longer than the window: Down scrolls it one
    line and End to its bottom, whatever has the focus."""
    assert part.max_scroll_y > 0 and part.scroll_y == 0
    await pilot.press("down")
    await pilot.pause()
    assert part.scroll_y == 1
    await pilot.press("end")
    await pilot.pause()
    assert part.scroll_y == part.max_scroll_y

@sync
async def test_the_review_list_scrolls_by_keyboard_and_keeps_its_place():
    """The list scrolls with the arrow, page, Home and End keys while the focus
    is on the results button; after an answer changed from a row far down, the
    review comes back with that row in sight (it started at the top again)."""
    from textual.widgets import OptionList

    from sciatica_tui.tui.screens.results import ReviewScreen

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        app.answers.update({**clear_screening(app.words.content), **DISC})
        app.ask_next()
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.focused.id == "results"
        rows = review.query_one("#review", OptionList)
        await _down_then_end(pilot, rows)
        await pilot.press("home")
        await pilot.pause()
        assert rows.scroll_y == 0 and review.focused.id == "results"
        last = review.asked[-1]
        app.edit(last)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.q.id == last
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        again = app.screen
        assert isinstance(again, ReviewScreen) and again.focused.id == "results"
        rows = again.query_one("#review", OptionList)
        assert rows.get_option_at_index(rows.highlighted).id == last
        assert rows.scroll_y > 0  # the last row in sight, not the top



@sync
async def test_the_summary_scrolls_by_keyboard_with_the_focus_on_its_buttons():
    from textual.widgets import Button

    from .pilot import to_results

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await to_results(pilot, app, {**clear_screening(app.words.content), **DISC})
        app.show_report()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen) and isinstance(screen.focused, Button)
        report = screen.query_one("#report")
        await _down_then_end(pilot, report)
        await pilot.press("pageup")
        await pilot.pause()
        assert 0 < report.scroll_y < report.max_scroll_y or report.max_scroll_y <= 20
        await pilot.press("home")
        await pilot.pause()
        assert report.scroll_y == 0 and isinstance(screen.focused, Button)


@sync
async def test_continue_after_emergency_resumes_and_keeps_the_flag():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await to_saddle(pilot, app)
        await pilot.press("1")  # saddle numbness: yes
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        await pilot.click("#continue")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.q.id == "bladder_change"
        await pilot.press("2")  # "No": no new emergency, so no second interruption
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.q.id == "bowel_change"
        app.show_results()
        await pilot.pause()
        assert app.screen.a.disposition == "emergency"
    assert "Numb skin around the bottom or genitals" in app.summary_on_exit


def test_the_tui_module_does_not_import_pydantic_or_the_engine_at_start():
    import subprocess
    import sys

    code = ("import sys, sciatica_tui.tui.app; print(sorted(m for m in sys.modules if "
            "m.startswith(('pydantic', 'sciatica_tui.core.engine', "
            "'sciatica_tui.contentset.loader'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@sync
async def test_start_pressed_before_content_is_ready_starts_when_it_is():
    app = SciaticaApp()
    app.load = lambda: None  # hold the content back; the welcome screen is already usable
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "does not diagnose" in str(app.screen.query_one("#welcome").render())
        await pilot.click("#start")
        await pilot.pause()
        # Start says so if the content takes a moment (not at once: issue 19).
        assert app.screen.query_one("#start").label.plain != "Loading..."
        await pilot.pause(WelcomeScreen.LOADING_AFTER + 0.2)
        assert app.screen.query_one("#start").label.plain == "Loading..."
        del app.load  # the real loader
        app.load()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.q.id == "sudden_severe"


@sync
async def test_nothing_is_left_under_the_too_small_cover():
    """A screen opened while the window is too small goes under the cover, never
    over it, and Back never lands on a stale cover (found by the monkey)."""
    from .test_monkey import resize

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await resize(pilot, 30, 8)
        await pilot.pause()
        app.ask_next()  # e.g. Start pressed, or a timer, while the window is small
        await pilot.pause()
        await pilot.pause()
        names = [type(s).__name__ for s in app.screen_stack]
        assert names[-1] == "TooSmall" and names.count("TooSmall") == 1
        await resize(pilot, 80, 24)
        await pilot.pause()
        names = [type(s).__name__ for s in app.screen_stack]
        assert "TooSmall" not in names and names[-1] == "GroupScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"


@sync
async def test_start_up_objects_are_frozen_while_the_app_runs_and_freed_after():
    """gc.freeze() keeps full collections off what start-up made; when the app ends
    it must unfreeze, or a process running many apps (this test suite) keeps them all."""
    import gc

    for _ in range(2):
        app = SciaticaApp(cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0


@sync
async def test_the_welcome_title_is_right_even_when_the_app_starts_too_small():
    """The welcome screen is made with the app: its title bar must already have the
    content's title (it showed the program name when the "too small" cover came first)."""
    from sciatica_tui.tui.widgets.common import TitleBar

    for size in ((80, 24), (50, 15)):
        app = SciaticaApp(cursor_blink=False)
        async with app.run_test(size=size) as pilot:
            await loaded(pilot, app)
            [bar] = app.screen_stack[0].query(TitleBar)
            assert str(bar.render()) == app.words.ui("tui.title") == "Sciatica self-check"
