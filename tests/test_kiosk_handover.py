"""S-F2: a shared kiosk hands each person a clean start, however the last person's
turn ended. Person A gives answers; the turn ends; person B must start with no
answers, on question 1, and find A's answers nowhere: not by Back, not in the
command palette, the review, the summary or on screen."""

from __future__ import annotations

import pytest

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.alerts import EmergencyScreen, ReportScreen
from sciatica_tui.tui.screens.group import GroupScreen
from sciatica_tui.tui.screens.kiosk import StillThere
from sciatica_tui.tui.screens.question import QuestionScreen
from sciatica_tui.tui.screens.results import ReviewScreen
from sciatica_tui.tui.screens.welcome import WelcomeScreen

from .conftest import DISC, clear_screening
from .pilot import answer, first_question, started, step_on, sync
from .test_kiosk import Clock, kiosk

ENDINGS = ["back", "idle", "finish", "staff_restart", "crash", "emergency"]
SUMMARY = "Summary for a clinician"


async def person_a(pilot, app, ending: str) -> None:
    """A starts and answers "Not sure" twice; with "emergency", A says yes to the
    first question (a warning sign: the full warning), carries on anyway and
    answers one more."""
    await started(pilot, app)
    if ending == "emergency":
        await pilot.press("1")  # "Yes" to the first warning sign
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        await pilot.click("#continue")
        await pilot.pause()
        await pilot.press("3")
    else:
        for _ in range(2):
            assert app.screen.q.type == "yes_no_unsure"
            await pilot.press("3")  # "Not sure"
            await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, QuestionScreen) and len(app.answers) >= 2


async def end_turn(pilot, app, ending: str, clock: Clock) -> None:
    if ending in ("back", "emergency"):
        from sciatica_tui.tui.screens.modals import ConfirmQuit

        for _ in range(10):  # Esc, Esc... back past the first question
            if isinstance(app.screen, WelcomeScreen):
                break
            if isinstance(app.screen, ConfirmQuit):  # "Start again? ... lost": yes
                await pilot.click("#leave")
            else:
                await pilot.press("escape")
            await pilot.pause()
    elif ending == "idle":
        clock.advance(app.config.idle_seconds)
        app.idle_tick()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StillThere)
        clock.advance(app.config.countdown_seconds)
        dialog.tick()
    elif ending == "finish":
        app.show_report()  # the palette's "Summary for a clinician"
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.click("#finish")
    elif ending == "staff_restart":
        app.action_restart()  # the palette's "Start again"
        await pilot.pause()
        await pilot.click("#leave")
    await pilot.pause()
    assert isinstance(app.screen, WelcomeScreen)


def b_answer(q, known: dict):
    """B's answer: from a sample with no concern, else a sure one (never "Not sure")."""
    if q.id in known:
        return known[q.id]
    if q.type in ("scale", "number"):
        return int(q.min)
    sure = [o for o in q.option_ids if o not in q.unknown_option_ids and o != "yes"]
    if q.type == "multi":
        return ["none"] if "none" in q.option_ids else sure[:1]
    return "no" if "no" in q.option_ids else sure[0]


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static"))


async def person_b(pilot, app, a_answers: dict) -> None:
    assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1
    assert app.answers == {} and app.history == [] and app.alerted == set()
    # Back from the welcome screen reaches nothing.
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1
    # U-S8: nothing to summarise, so the palette does not offer it...
    assert SUMMARY not in [c.title for c in app.get_system_commands(app.screen)]
    app.show_report()  # ...and the command says so instead of a summary of nothing
    await pilot.pause()
    assert isinstance(app.screen, WelcomeScreen)
    await pilot.click("#start")
    await pilot.pause()
    first = first_question(app)
    assert isinstance(app.screen, QuestionScreen) and app.screen.q.id == first
    assert "[Warning signs]" in screen_text(app)  # the progress line, at the start
    assert app.answers == {}
    await pilot.press("2")  # B: "No"
    await pilot.pause()
    assert app.answers == {first: "no"}
    assert app.screen.q.id != first
    assert SUMMARY in [c.title for c in app.get_system_commands(app.screen)]
    # B answers every question (never "Not sure", A's mark): the review lists
    # exactly B's answers.
    given = {first: "no"}
    for _ in range(100):
        screen = app.screen
        if isinstance(screen, ReviewScreen):
            break
        assert isinstance(screen, QuestionScreen), screen
        q = screen.q  # on a group screen, the line with the focus
        value = b_answer(q, {**clear_screening(app.words.content), **DISC})
        here = step_on(app)
        await answer(pilot, screen, value)
        given[q.id] = value
        if isinstance(screen, GroupScreen):  # stays until every line is answered
            continue
        assert step_on(app) != here  # the next question (perhaps on the same screen)
    review = app.screen
    assert isinstance(review, ReviewScreen)
    assert app.answers == given and set(review.asked) == set(given)
    rows = "\n".join(str(o.prompt) for o in review.query_one("#review").options)
    assert "Not sure" not in rows
    app.show_report()
    await pilot.pause()
    report = app.screen
    assert isinstance(report, ReportScreen)
    assert dict(report.a.answers) == app.answers
    assert not report.a.red_flags and not report.a.possible_red_flags
    assert "Not sure" not in report.text


@pytest.mark.parametrize("ending", ENDINGS)
@sync
async def test_S_F2_next_person_starts_empty(ending):
    clock = Clock()
    app = SciaticaApp(config=kiosk())
    app.clock = clock  # drives the idle reset (see test_kiosk.Clock)
    if ending == "crash":
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await person_a(pilot, app, ending)
                a_answers = dict(app.answers)

                def broken(*args, **kwargs):
                    raise RuntimeError("boom")

                app.go_back = broken  # a bug inside the app, on A's next key
                await pilot.press("escape")
                await pilot.pause()
        except RuntimeError:
            pass  # run_test re-raises it; the kiosk shows a plain message
        assert app.crashed
        app = SciaticaApp(config=kiosk())  # run_app starts a new app for the next person
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await person_b(pilot, app, a_answers)
        return
    async with app.run_test(size=(80, 24)) as pilot:
        await person_a(pilot, app, ending)
        a_session, a_answers = getattr(app, "session", None), dict(app.answers)
        await end_turn(pilot, app, ending, clock)
        assert getattr(app, "session", None) is not a_session or a_session is None
        await person_b(pilot, app, a_answers)
