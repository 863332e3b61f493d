"""Snapshot tests of the key screens: 80x24, a wide 120x36, and high contrast.

Update baselines on purpose only: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from sciatica_tui.tui.app import SciaticaApp

from .conftest import DISC, clear_screening

SIZES = {"80x24": (80, 24), "120x36": (120, 36)}


async def _ready(pilot):
    from .pilot import loaded

    await loaded(pilot, pilot.app)  # waits for the content's words (bounded)


def _to(screen: str):
    """A run_before that brings the app to one key screen."""
    async def run_before(pilot):
        app = pilot.app
        await _ready(pilot)
        if screen == "welcome":
            return
        content = app.words.content
        if screen == "question":
            await pilot.click("#start")
            await pilot.pause()
            await pilot.press("f2")
        elif screen == "emergency":
            await pilot.click("#start")
            await pilot.pause()
            await pilot.press("1")
        elif screen == "scale":
            app.answers.update(clear_screening(content))
            app.answers.update({k: v for k, v in DISC.items() if k != "leg_pain"})
            app.ask_next()
            await pilot.pause()
            await pilot.press("7")
        elif screen == "review":
            app.answers.update({**clear_screening(content), **DISC})
            app.ask_next()  # every question answered: the session's next step is the review
        elif screen in ("results", "summary", "qr"):
            app.answers.update({**clear_screening(content), **DISC})
            app.show_results()
            await pilot.pause()
            if screen in ("summary", "qr"):
                await pilot.press("s")
            if screen == "qr":
                await pilot.pause()
                await pilot.press("c")
        await pilot.pause()
    return run_before


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # emergency number 999
    monkeypatch.delenv("NO_COLOR", raising=False)


SCREENS = ["welcome", "question", "emergency", "scale", "results", "summary", "qr"]


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("screen", SCREENS)
def test_key_screens(snap_compare, screen, size):
    app = SciaticaApp(cursor_blink=False)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_to(screen))


@pytest.mark.parametrize("screen", ["welcome", "question", "emergency", "results"])
def test_key_screens_high_contrast(snap_compare, screen):
    app = SciaticaApp(theme="high-contrast", cursor_blink=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_to(screen))


def _group(pilot_answers: int):
    """The first group screen (issue 16), with the first `pilot_answers` lines
    answered "No" by number keys: the focus is then on the next line."""
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.click("#start")
        await pilot.pause()
        for _ in range(pilot_answers):
            await pilot.press("2")
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("theme", ["calm", "high-contrast"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_group_screen(snap_compare, size, lang, theme):
    """Rows of a group screen: full questions, numbered answers, the chosen ones
    marked, the focused line marked by a bar, the progress bar with sections."""
    app = SciaticaApp(lang=lang, theme=theme, cursor_blink=False)
    assert snap_compare(app, terminal_size=size, run_before=_group(2))


def _demo(page: str | None):
    async def run_before(pilot):
        await _ready(pilot)
        if page:
            pilot.app.open_demo(page)
            await pilot.pause()
            if page.startswith("sample:"):
                await pilot.press("end", "left")
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("page", [None, "sample:bladder", "anatomy:nerve_roots",
                                  "anatomy:nerve_path"])
def test_demo_screens(snap_compare, page):
    from sciatica_tui.store.config import Config

    app = SciaticaApp(config=Config(mode="demo"), cursor_blink=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_demo(page))


def _emergency_before(pilot):
    return _to("emergency")(pilot)


@pytest.mark.parametrize("theme", ["calm", "high-contrast"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", ["80x24", "200x60"])
@pytest.mark.parametrize("kiosk", [False, True], ids=["personal", "kiosk"])
def test_U_S9_emergency_screens(snap_compare, kiosk, size, lang, theme):
    """The emergency screen, and the kiosk's with "tell reception now" (U-S9):
    English and Spanish, default and high contrast, small and large windows."""
    from sciatica_tui.store.config import Config, hash_pin

    config = (Config(mode="kiosk", admin_pin_hash=hash_pin("2468", iterations=1000))
              if kiosk else Config())
    app = SciaticaApp(lang=lang, theme=theme, config=config, cursor_blink=False)
    width, height = (int(x) for x in size.split("x"))
    assert snap_compare(app, terminal_size=(width, height), run_before=_emergency_before)


# Issue 18's matrix: results, review and the demo index at 80x24 and 200x60, English
# and Spanish, default and high contrast (the emergency screens above, the group
# screen's too). The ones test_key_screens, test_key_screens_high_contrast and
# test_demo_screens already take are not taken twice.
MATRIX_TAKEN = {("results", "80x24", "en", "calm"), ("results", "80x24", "en", "high-contrast"),
                ("demo", "80x24", "en", "calm")}
MATRIX = [(screen, size, lang, theme)
          for screen in ("results", "review", "demo") for size in ("80x24", "200x60")
          for lang in ("en", "es") for theme in ("calm", "high-contrast")
          if (screen, size, lang, theme) not in MATRIX_TAKEN]


@pytest.mark.parametrize("screen,size,lang,theme", MATRIX,
                         ids=["-".join(case) for case in MATRIX])
def test_issue_18_screen_matrix(snap_compare, screen, size, lang, theme):
    from sciatica_tui.store.config import Config

    config = Config(mode="demo") if screen == "demo" else Config()
    app = SciaticaApp(lang=lang, theme=theme, config=config, cursor_blink=False)
    width, height = (int(x) for x in size.split("x"))
    before = _demo(None) if screen == "demo" else _to(screen)
    assert snap_compare(app, terminal_size=(width, height), run_before=before)
