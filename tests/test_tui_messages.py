"""H-C4: screens ask the app by messages (tui/messages.py), handled in tui/app.py;
a request from a screen that has left the stack does nothing."""

from __future__ import annotations

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.messages import LeaveScreen, StartQuestions, app_of
from sciatica_tui.tui.screens.glossary import GlossaryScreen
from sciatica_tui.tui.screens.question import QuestionScreen
from sciatica_tui.tui.screens.welcome import WelcomeScreen

from .pilot import loaded, sync


@sync
async def test_H_C4_a_request_from_a_screen_that_has_gone_does_nothing():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen) and app_of(welcome) is app
        await pilot.press("g")
        await pilot.pause()
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen)
        glossary.post_message(LeaveScreen(glossary))  # what Esc does
        await pilot.pause()
        assert app.screen is welcome
        # A late request from the glossary, gone now: ignored.
        app.post_message(StartQuestions(glossary))
        await pilot.pause()
        assert app.screen is welcome and app.session.empty
        # The same request from the welcome screen, which is still there: done.
        welcome.post_message(StartQuestions(welcome))
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
