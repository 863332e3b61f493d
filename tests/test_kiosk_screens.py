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
