"""Issue 18.7: the clinic demo's text size, for a screen seen from across a room.
A terminal has one font size, so "large" is a layout: the title as a band three
rows tall, a blank row under each index item, shorter lines. F3 on every demo page
(in the footer, in the person's language) and the palette's "Large text" switch."""

from __future__ import annotations

from sciatica_tui.store.config import Config
from sciatica_tui.tui.app import SciaticaApp

from .pilot import loaded, sync


def footer_words(app) -> list[str]:
    return [str(k.description) for k in app.screen.query("FooterKey")]


def index_rows(app) -> int:
    from textual.widgets import OptionList

    return app.screen.query_one("#demo-index", OptionList).virtual_size.height


@sync
async def test_issue_18_7_demo_text_size_key_in_the_footer_changes_every_demo_page():
    app = SciaticaApp(cursor_blink=False, config=Config(mode="demo"))
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        assert type(app.screen).__name__ == "DemoScreen"
        assert "Large text" in footer_words(app)
        rows, intro = index_rows(app), app.screen.query_one("#demo-intro").outer_size.height
        await pilot.press("f3")
        await pilot.pause()
        assert app.has_class("-large")
        # Every item is a two-row block; the intro is a band with air around it.
        assert index_rows(app) > rows * 3 // 2
        assert app.screen.query_one("#demo-intro").outer_size.height > intro
        # A first step's page: the title is a band three rows tall, and the
        # 60-column drawing fits on its lines (not wrapped).
        await pilot.press(*"knee")
        await pilot.pause()
        await pilot.press("enter")  # the search box's Enter goes to the list
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "EntryScreen"
        assert "Large text" in footer_words(app)
        title = app.screen.query_one(".prompt")
        assert title.outer_size.height >= 3  # a band: 1 text row and a blank row above and below
        assert app.screen.query_one("#entry-text").size.width >= 60
        await pilot.press("f3")  # and back, on this page
        await pilot.pause()
        assert not app.has_class("-large")
        assert app.screen.query_one(".prompt").outer_size.height == 1
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DemoScreen"
        # The search is kept; the index is back to one row per item.
        box = app.screen.query_one("#demo-search")
        assert box.value == "knee"  # type: ignore[attr-defined]
        shown = [o for o in app.screen.query_one("#demo-index").options  # type: ignore[attr-defined]
                 if not o.disabled]
        assert shown and not any(str(o.prompt).endswith("\n") for o in shown)


@sync
async def test_issue_18_7_sample_patient_replay_has_the_key_too():
    app = SciaticaApp(cursor_blink=False, config=Config(mode="demo"))
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        sid = app.words.content.samples[0].id
        app.open_demo(f"sample:{sid}")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReplayScreen"
        assert "Large text" in footer_words(app)
        await pilot.press("f3")
        await pilot.pause()
        assert app.has_class("-large")
        assert app.screen.query_one(".prompt").outer_size.height >= 3
        await pilot.press("escape")
        await pilot.pause()
        # The index under it was laid out again for large text.
        assert type(app.screen).__name__ == "DemoScreen"
        index = app.screen.query_one("#demo-index")
        first = next(o for o in index.options if not o.disabled)  # type: ignore[attr-defined]
        assert str(first.prompt).endswith("\n")


@sync
async def test_issue_18_7_demo_text_size_in_spanish_footer_and_palette():
    app = SciaticaApp(lang="es", cursor_blink=False, config=Config(mode="demo"))
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        assert "Letra grande" in footer_words(app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Letra grande: activar o desactivar" in titles
        command = next(c for c in app.get_system_commands(app.screen)
                       if c.title == "Letra grande: activar o desactivar")
        command.callback()
        await pilot.pause()
        assert app.has_class("-large")
        assert index_rows(app) > 0
        first = next(o for o in app.screen.query_one("#demo-index").options  # type: ignore[attr-defined]
                     if not o.disabled)
        assert str(first.prompt).endswith("\n")


@sync
async def test_U_B1_demo_pages_and_about_scroll_by_keyboard():
    """A demo page (and About, the same kind of page) taller than the window scrolls
    with the arrow keys and PageDown (its body was as tall as its text, so nothing
    scrolled and the end of the page could not be reached by keyboard)."""
    app = SciaticaApp(lang="es", cursor_blink=False, config=Config(mode="demo"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        for opened in ("first_step:knee_to_chest", "sample:bladder", "about"):
            if opened == "about":
                app.action_about()
            else:
                app.open_demo(opened)
            await pilot.pause()
            body = app.screen.query_one("#body")
            assert body.max_scroll_y > 0, opened
            await pilot.press("pagedown", "down")
            await pilot.pause()
            assert body.scroll_y > 0, opened
            await pilot.press("escape")
            await pilot.pause()

