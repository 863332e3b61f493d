"""Results say why (use.md U-S3, issue 18 item 2): the disposition is followed by
its reasons in plain words, found or could not be ruled out, on screen and in plain
mode, from the one result view model; the personal results screen has Start again
and Finish. U-S6 (summary part): the summary left on the terminal ends with what to
do now."""

from __future__ import annotations

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats.text import to_text_ending_with_action
from sciatica_tui.reports.result_view import build_view

from .conftest import DISC, clear_screening
from .pilot import loaded, sync
from .test_plain import run, script


def _not_sure_saddle(content) -> dict:
    return {**clear_screening(content), **DISC, "saddle_numbness": "unsure"}


def test_U_S3_view_says_why_for_a_not_sure_answer(content):
    words = Words(content, "en", country="GB")
    a = assess(content, _not_sure_saddle(content))
    v = build_view(content, a, words)
    assert v.why and all(not w.found for w in v.why if "Numb bottom" in w.text(words))
    said = " ".join(w.text(words) for w in v.why)
    assert "Could not be ruled out" in said and "Numb bottom or genitals: Not sure" in said


@sync
async def test_U_S3_results_screen_says_why_under_the_disposition(content):
    from sciatica_tui.tui.app import SciaticaApp

    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        app.answers.update(_not_sure_saddle(content))
        app.show_results()
        await pilot.pause()
        screen = app.screen
        why = str(screen.query_one("#why").render())
        assert "Could not be ruled out" in why and "Not sure" in why
        order = [w.id for w in screen.query("#body > Static") if w.id in ("banner", "why")]
        assert order == ["banner", "why"]
        assert screen.query_one("#start-again") and screen.query_one("#done")
        assert not screen.query("#finish")  # the kiosk's Finish-and-clear only


@sync
async def test_U_S3_start_again_on_the_results_screen_asks_then_starts_over(content):
    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.modals import ConfirmQuit

    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        app.answers.update({**clear_screening(content), **DISC})
        app.show_results()
        await pilot.pause()
        await pilot.click("#start-again")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)


def test_U_S3_plain_mode_says_why(content):
    done = run(script(content, _not_sure_saddle(content)))
    results = done.stdout.split("Your results", 1)[1].split("Sciatica self-check summary")[0]
    assert "Why:" in results
    assert "Could not be ruled out" in results and "Numb bottom or genitals: Not sure" in results


def test_U_S6_the_summary_left_on_the_terminal_ends_with_the_action(content):
    words = Words(content, "en", country="GB")
    a = assess(content, {"sudden_severe": "no", "faint_clammy": "no", "aorta_signs": ["none"],
                         "saddle_numbness": "yes"})
    out = to_text_ending_with_action(content, a, words).rstrip().splitlines()
    tail = " ".join(" ".join(out[-4:]).split())
    assert "GET HELP NOW" in tail and "Call 999" in tail


@sync
async def test_U_B9_the_summary_screen_is_wrapped_once_at_100_columns(content):
    """At 100 columns the summary's own lines are the lines on screen: Textual does
    not wrap them again (that split "Keep gently active / until / then.")."""
    from textual.widgets import Static

    from sciatica_tui.tui.app import SciaticaApp

    for size in ((100, 40), (104, 40), (140, 40)):
        app = SciaticaApp(emergency_number="999")
        async with app.run_test(size=size) as pilot:
            await loaded(pilot, app)
            app.answers.update({**clear_screening(content), **DISC})
            app.show_report()
            await pilot.pause()
            await pilot.pause()
            text = app.screen.query_one("#report-text", Static)
            lines = str(text.render()).split("\n")  # the last, empty one too
            assert 40 <= max(len(line) for line in lines) <= text.content_region.width
            assert text.content_region.height == len(lines)
