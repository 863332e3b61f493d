"""Issue 19: Python's full garbage collection (every object made since the
content was read; 40-65 ms on a slow machine) started whenever its count came
round, in the middle of drawing a step about one step in ten (Enter on "See my
results" took 50 ms longer). The app runs it instead once the screen is drawn
and nothing has happened for a moment, a little before Python's own is due."""

from __future__ import annotations

import gc

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.compat import screen_settled

from .pilot import loaded, sync


def _make_due() -> None:
    """Bring Python's count of middle-generation collections to where a full
    collection is due within a few more."""
    gc.collect()
    for _ in range(gc.get_threshold()[2] + 1 - SciaticaApp.COLLECT_AHEAD):
        gc.collect(1)


def _due() -> bool:
    return gc.get_count()[2] >= gc.get_threshold()[2] + 1 - SciaticaApp.COLLECT_AHEAD


@sync
async def test_I19_a_full_collection_due_soon_runs_while_nothing_happens():
    now = [1000.0]
    app = SciaticaApp(cursor_blink=False, clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.pause()
        assert screen_settled(app.screen)
        # A key a moment ago: not yet.
        _make_due()
        app.last_activity = now[0]
        app.collect_when_quiet()
        assert _due()
        # Something waits to be drawn: not yet.
        now[0] += 1
        app.screen.refresh(layout=True)
        assert not screen_settled(app.screen)
        app.collect_when_quiet()
        assert _due()
        await pilot.pause()
        assert screen_settled(app.screen)
        # Quiet, and drawn: the app's own timer runs it.
        for _ in range(40):
            await pilot.pause(SciaticaApp.QUIET_CHECK_SECONDS)
            if not _due():
                break
        assert gc.get_count()[2] == 0
        # Not due: nothing is collected.
        gc.collect(1)
        app.collect_when_quiet()
        assert gc.get_count()[2] == 1
