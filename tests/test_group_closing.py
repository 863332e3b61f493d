"""A first screen made ahead while the welcome waits (tui/compat.prebuild) can be
mounted while the app is closing, before its lines are: its focus step must not
fail then (it did, 1 run in 3 of test_an_unfinished_assessment_can_be_resumed:
"Something went wrong inside sciatica-tui" on leaving right after a restart)."""

from __future__ import annotations

from sciatica_tui.core.session import Session
from sciatica_tui.core.words import Words
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.group import GroupScreen

from .pilot import loaded, sync


def test_a_group_screen_with_no_lines_yet_takes_no_focus(content):
    step = Session().next_step(content)
    assert step.kind == "group" and step.group is not None
    screen = GroupScreen(Words(content, "en"), step.group, step.qids, {})
    assert screen.pickers == []  # not mounted: no lines
    screen.first_focus()  # raised IndexError before


@sync
async def test_leaving_right_after_a_restart_is_not_a_crash():
    for _ in range(3):
        app = SciaticaApp(cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            await pilot.click("#start")
            await pilot.pause()
            app.restart()  # the first screen is made again, ahead, as the app closes
        assert app.return_code in (0, None)
