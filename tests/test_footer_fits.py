"""Every footer key is whole at 80 columns, in English and Spanish, on the main
screens: none hidden under the palette key at the right (the Spanish demo replay
had "Ayuda" under it)."""

from __future__ import annotations

from typing import Any

import pytest

from sciatica_tui.store.config import Config
from sciatica_tui.tui.app import SciaticaApp

from .conftest import DISC, clear_screening
from .pilot import loaded, sync, walk


def overlaps(app: Any) -> list[str]:
    """The footer keys that end right of where the palette key starts."""
    keys = [k for k in app.screen.query("FooterKey") if k.display]
    palette = [k for k in keys if k.has_class("-command-palette")]
    if not palette:
        return []
    edge = palette[0].region.x
    return [str(k.description) for k in keys if k not in palette and k.region.right > edge]


@pytest.mark.parametrize("lang", ["en", "es"])
@sync
async def test_interview_footers_fit_80_columns(lang, content):
    seen: dict[str, list[str]] = {}
    app = SciaticaApp(lang=lang, cursor_blink=False, emergency_number="112")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        seen["welcome"] = overlaps(app)
        await pilot.click("#start")
        await pilot.pause()
        seen["first screen"] = overlaps(app)
        await walk(pilot, app, {**clear_screening(content), **DISC})
        await pilot.pause()
        seen["results"] = overlaps(app)
        app.ask_next()
        await pilot.pause()
        seen["review"] = overlaps(app)
        app.show_results()
        await pilot.pause()
        app.show_report()
        await pilot.pause()
        seen["summary"] = overlaps(app)
    assert len(seen) == 5
    assert not {k: v for k, v in seen.items() if v}, seen


@pytest.mark.parametrize("lang", ["en", "es"])
@sync
async def test_demo_footers_fit_80_columns(lang, content):
    seen: dict[str, list[str]] = {}
    app = SciaticaApp(lang=lang, cursor_blink=False, config=Config(mode="demo"))
    pages = [f"cause:{content.causes[0].id}", f"red_flag:{content.red_flags[0].id}",
             "first_step:knee_to_chest", "anatomy:nerve_roots", f"sample:{content.samples[0].id}"]
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        seen["index"] = overlaps(app)
        for page in pages:
            app.open_demo(page)
            await pilot.pause()
            seen[page] = overlaps(app)
            await pilot.press("escape")
            await pilot.pause()
    assert len(seen) == 6
    assert not {k: v for k, v in seen.items() if v}, seen
