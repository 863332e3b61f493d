"""Themes, contrast, NO_COLOR, animations and the command palette."""

from __future__ import annotations

import pytest

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.modals import ConfirmQuit, HelpScreen
from sciatica_tui.tui.screens.question import QuestionScreen
from sciatica_tui.tui.screens.welcome import WelcomeScreen

from .conftest import DISC, clear_screening
from .contrast import lowest_contrast
from .pilot import loaded, started, sync


async def visit_key_screens(pilot, app):
    """Yield after reaching each key screen (welcome, each answer control,
    emergency, urgent, review, results with details open, summary, dialogs)."""
    from sciatica_tui.tui.screens.alerts import EmergencyScreen

    await loaded(pilot, app)
    yield "welcome"
    await pilot.click("#start")
    await pilot.pause()
    await pilot.press("f2")  # "why we ask" shown
    await pilot.pause()
    yield "question"
    await pilot.press("1")
    await pilot.pause()
    assert isinstance(app.screen, EmergencyScreen)
    yield "emergency"
    content = app.words.content
    app.answers.clear()
    app.answers.update({**clear_screening(content), "fever": "yes"})
    app.alerted.clear()
    app.ask_next()
    await pilot.pause()
    yield "urgent"
    await pilot.click("#continue")
    await pilot.pause()
    app.answers.update({k: v for k, v in DISC.items() if k not in ("leg_pain", "worse_with")})
    app.ask_next()
    await pilot.pause()
    yield "scale"
    await pilot.press("6", "enter")
    await pilot.pause()
    yield "checklist"
    await pilot.press("1", "tab", "enter")
    await pilot.pause()
    yield "review"
    await pilot.click("#results")
    await pilot.pause()
    for collapsible in app.screen.query("Collapsible"):
        collapsible.collapsed = False
    await pilot.pause()
    yield "results"
    await pilot.press("s")
    await pilot.pause()
    yield "summary"
    await pilot.press("f1")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    yield "help"
    await pilot.press("escape", "escape")
    await pilot.pause()
    await pilot.press("ctrl+q")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmQuit)
    yield "confirm quit"


@pytest.mark.parametrize(("theme", "minimum"), [("high-contrast", 7.0), ("calm", 4.5)])
@sync
async def test_every_character_on_every_key_screen_meets_the_contrast_target(theme, minimum):
    """High contrast: WCAG AAA (7:1) for all text; calm: at least AA (4.5:1)."""
    app = SciaticaApp(theme=theme)
    visited = []
    async with app.run_test(size=(80, 24)) as pilot:
        async for name in visit_key_screens(pilot, app):
            visited.append(name)
            # Scroll through long screens so every line is drawn and checked.
            dialogs = app.screen.query(".dialog")
            # Calm dims the page behind a dialog on purpose; high contrast does not.
            region = dialogs.first().region if dialogs and theme == "calm" else None
            for _ in range(6):
                worst, text = lowest_contrast(app, region)
                assert worst >= minimum, f"{theme} {name}: {text!r} at {worst:.2f}:1"
                await pilot.press("pagedown")
                await pilot.pause()
    assert len(visited) == 11


@sync
async def test_no_color_still_shows_the_chosen_answer_and_warnings_in_words(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await started(pilot, app)
        await pilot.press("2")  # "No" to the first line of the first screen
        await pilot.pause()
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        chosen = [line for line in lines if "(•)" in line]
        assert len(chosen) == 1 and "2 (•) No" in chosen[0]  # a symbol, not a colour
        await pilot.press("up", "1")  # back to that line: "Yes"
        await pilot.pause()
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "!! GET HELP NOW !!" in text


def test_animations_are_off_unless_textual_animations_asks(monkeypatch):
    import textual.constants as constants

    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    assert SciaticaApp().animation_level == "none"
    # Textual reads TEXTUAL_ANIMATIONS into its constants when it is imported.
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "full")
    monkeypatch.setattr(constants, "TEXTUAL_ANIMATIONS", "full")
    assert SciaticaApp().animation_level == "full"


@sync
async def test_palette_has_the_main_actions_and_they_work():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        # U-S8: nothing answered yet, so no summary is offered
        assert titles[:4] == ["Start again", "High contrast on or off", "Large text on or off",
                              "Help with keys"]
        await pilot.press("2")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles[:5] == ["Start again", "Summary for a clinician",
                              "High contrast on or off", "Large text on or off", "Help with keys"]
        # Through the palette itself: type, pick, confirm.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"high contrast", "enter")
        await pilot.pause()
        assert app.theme == "sciatica-high-contrast"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"start again", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)  # answers would be lost: ask first
        await pilot.click("#leave")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.answers == {}
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.q.id == "sudden_severe"
        # Back from the first question after a restart cannot reach old answers.
        assert app.history == []


@sync
async def test_glossary_opens_with_g_and_filters():
    from sciatica_tui.tui.screens.glossary import GlossaryScreen

    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.click("#filter")
        await pilot.press(*"stenosis")  # typing a g-less word; g must type, not reopen
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "stenosisg"
        await pilot.press("backspace")
        await pilot.pause()
        shown = [t.name for t in app.screen.query(".term") if t.display]
        assert shown == ["stenosis"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
