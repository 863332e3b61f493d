"""The use review's screen findings (use.md): keyboard reach, typed-ahead keys,
true words on leaving, the kiosk's emergency, NO_COLOR and focused buttons."""

from __future__ import annotations

from textual import events

from sciatica_tui.tui.app import SciaticaApp

from .pilot import AORTA_CLEAR, started, sync


async def settle(pilot, app) -> None:
    """Until no typed-ahead key is held and no switch of step is under way."""
    for _ in range(100):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if getattr(app, "held_keys", None) is None and not app.workers:
            await pilot.pause()
            return


@sync
async def test_U_B3_keys_typed_ahead_answer_the_questions_they_were_typed_for():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        # Typed faster than a screen can be replaced: all queued at once.
        for _ in range(2):
            app.post_message(events.Key("2", "2"))
        await settle(pilot, app)
        assert app.answers == {"sudden_severe": "no", "faint_clammy": "no"}
        assert app.screen.q.id == "aorta_signs"
        assert list(AORTA_CLEAR) == ["sudden_severe", "faint_clammy", "aorta_signs"]


# -- helpers ---------------------------------------------------------------------
def kiosk_config(**kw):
    from .test_kiosk import kiosk

    return kiosk(**kw)


def texts(screen) -> str:
    return "\n".join(str(w.render()) for w in screen.query("Static"))


async def to_emergency(pilot, app) -> None:
    from sciatica_tui.tui.alerts import EmergencyScreen

    await started(pilot, app)
    await pilot.press("1")  # "Yes": sudden very bad pain, an emergency sign
    await pilot.pause()
    assert isinstance(app.screen, EmergencyScreen)


ACTION = "Call 112 for an ambulance now"


# -- U-B1, U-B2: results and review by keyboard ------------------------------------
@sync
async def test_U_B1_results_scroll_by_keyboard(content):
    from sciatica_tui.tui.results import ResultsScreen

    from .conftest import DISC, clear_screening
    from .pilot import walk

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await walk(pilot, app, {**clear_screening(content), **DISC})
        assert isinstance(app.screen, ResultsScreen)
        await pilot.pause()
        body = app.screen.query_one("#body")
        assert body.max_scroll_y > 0  # more than a window of results
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("up")
        await pilot.pause()
        assert body.scroll_y < body.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        # The summary button is in sight without scrolling.
        button = app.screen.query_one("#summary")
        assert button.region.bottom <= app.screen.size.height and button.region.height > 0


@sync
async def test_U_B2_enter_on_the_review_shows_the_results(content):
    from sciatica_tui.tui.question import QuestionScreen
    from sciatica_tui.tui.results import ResultsScreen, ReviewScreen

    from .conftest import DISC, clear_screening
    from .pilot import answer

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        answers = {**clear_screening(content), **DISC}
        for _ in range(200):  # answer until the review (walk() would go past it)
            screen = app.screen
            if isinstance(screen, ReviewScreen):
                break
            assert isinstance(screen, QuestionScreen), screen
            q = screen.q
            value = answers.get(q.id)
            if value is None and q.type == "yes_no_unsure":
                value = "unsure"
            elif value is None and q.unknown_option_ids:
                unsure = sorted(q.unknown_option_ids)[0]
                value = [unsure] if q.type == "multi" else unsure
            await answer(pilot, screen, value)
        await pilot.pause()
        focused = app.screen.focused
        assert focused is not None and focused.id == "results"
        assert focused.region.bottom <= app.screen.size.height
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
