""""About this information": version, last review, reviewer role and every source,
in the app (key i, or the command list) and headless (`sciatica-tui about`)."""

from __future__ import annotations

import subprocess
import sys

from sciatica_tui import __version__
from sciatica_tui.tui.app import SciaticaApp

from .pilot import loaded, sync


def _expected(content) -> list[str]:
    meta = content.meta
    return [meta.version, meta.last_reviewed.isoformat(), meta.reviewer_role[:30],
            __version__, *(f"[{s.id}]" for s in content.sources)]


def test_about_command_lists_version_review_and_sources(content):
    out = subprocess.run([sys.executable, "-m", "sciatica_tui", "about"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    text = " ".join(out.stdout.split())
    for part in _expected(content):
        assert " ".join(part.split()) in text
    assert max(len(line) for line in out.stdout.splitlines()) <= 80


@sync
async def test_about_screen_opens_with_i_and_closes_with_escape(content):
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("i")
        await pilot.pause()
        assert type(app.screen).__name__ == "TextPage"
        shown = str(app.screen.query_one("#entry-text").render())
        for part in _expected(content):
            assert part in shown
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
