"""Use-review findings whose fixes landed with other issues, each with a test
named after it (issue 18: "a Pilot or snapshot test per finding id"). U-S4's draft
status on the welcome is tested in test_draft_status.py."""

from __future__ import annotations

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.welcome import WelcomeScreen

from .pilot import loaded, sync
from .test_kiosk import Clock, kiosk
from .test_vignettes import _finding


def test_U_S4_not_sure_on_saddle_or_bladder_is_never_a_gp_visit(tmp_path, capsys):
    """"Not sure" on a cauda equina sign sends the person to the emergency
    department today (clinical C-M7), not "be seen today via your GP"."""
    for result in _finding(tmp_path, capsys, "C-M7"):
        assert result["disposition"] in ("urgent", "emergency")
        told = result["what_to_do"]
        assert "emergency department" in told or "A&E" in told, told
        assert "GP" not in told, told


@sync
async def test_U_S8_a_kiosk_welcome_offers_no_summary_of_no_answers():
    app = SciaticaApp(config=kiosk(), clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Summary for a clinician" not in titles
        app.show_report()  # the command itself, reached some other way
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "BE SEEN TODAY" not in shown.upper()


def test_U_S4_the_letter_why_never_softens_a_higher_headline(content):
    """An emergency found beside a "not sure" on another cauda equina sign: the
    letter's Why lists only what decided GET HELP NOW, never the lower rule's
    "needs checking today" (the unsure sign is still listed as not ruled out)."""
    from sciatica_tui.core.engine import assess
    from sciatica_tui.core.words import Words
    from sciatica_tui.reports.formats import render

    from .conftest import clear_screening

    words = Words(content, "en", "999")
    answers = {**clear_screening(content), "bladder_change": "yes", "saddle_numbness": "unsure"}
    a = assess(content, answers)
    assert a.disposition == "emergency"
    assert any(r.id == "ces_not_sure" for r in a.reasons)  # the lower rule holds too
    text = render("text", content, a, words)
    situation = " ".join(text.split("\nB - ")[0].split())
    assert "GET HELP NOW" in situation
    assert "not at a routine visit" not in situation
    assert "Numb bottom or genitals: Not sure" in situation  # still there, as not ruled out


@sync
async def test_U_S10_the_kiosk_welcome_says_it_keeps_nothing():
    """Privacy wording that is true: a shared kiosk keeps no answers, so its welcome
    says they are wiped, not that they are "kept on this computer"."""
    for app, kept in ((SciaticaApp(config=kiosk(), clock=Clock()), False), (SciaticaApp(), True)):
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            shown = str(app.screen.query_one("#welcome").render())
        assert ("keeps your answers" in shown) is kept, shown
        assert ("wiped" in shown) is not kept, shown
