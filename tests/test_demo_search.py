"""Demo search a physiotherapist can use (issue 18.7, use review U-B12): typing
searches at once, and results are ranked, title matches first."""

from __future__ import annotations

from sciatica_tui.config import Config
from sciatica_tui.demo import Entry, entries, search
from sciatica_tui.report import Words
from sciatica_tui.tui.app import SciaticaApp

from .pilot import loaded, sync


def test_U_B12_search_ranks_title_matches_before_body_matches():
    pages = [Entry("cause", "a", "Back pain", "the sciatic nerve is long"),
             Entry("anatomy", "b", "Where the nerve runs", "the sciatic path"),
             Entry("anatomy", "c", "The sciatic nerve", "its path"),
             Entry("cause", "d", "Nerve roots and the sciatic area", "text")]
    assert [e.id for e in search(pages, "sciatic nerve")] == ["c", "d", "b", "a"]
    assert [e.id for e in search(pages, "")] == ["a", "b", "c", "d"]
    assert search(pages, "knee") == []


def test_U_B12_the_real_content_puts_the_nerve_path_page_first(content):
    found = search(entries(Words(content)), "sciatic nerve")
    assert (found[0].kind, found[0].id) == ("anatomy", "nerve_path")


@sync
async def test_U_B12_typing_on_the_index_searches_without_slash_and_keeps_the_ranking():
    app = SciaticaApp(cursor_blink=False, config=Config(mode="demo"))
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        screen = app.screen
        assert type(screen).__name__ == "DemoScreen"
        assert screen.query_one("#demo-index").has_focus
        await pilot.press(*"sciatic nerve")
        await pilot.pause()
        assert screen.query_one("#demo-search").value == "sciatic nerve"
        index = screen.query_one("#demo-index")
        ids = [o.id for o in index.options if o.id]
        assert ids[0] == "anatomy:nerve_path"
        assert ids == [f"{e.kind}:{e.id}" for e in screen.shown]
