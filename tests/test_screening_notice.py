"""C-S (follow-up of U-S4): a "not sure" on a warning sign is told at the end of
the warning-sign questions, not only at the results about six screens later.

Before: the end-of-screening notice listed only urgent warning signs FOUND, so
"not sure" about numbness around the bottom (a cauda equina sign) said nothing
until the results, although the results then said "Go to A&E today"."""

from __future__ import annotations

import pytest

from sciatica_tui.core.act_now import alert_blocks
from sciatica_tui.core.conditions import question_ids
from sciatica_tui.core.engine import assess, screening_notice
from sciatica_tui.core.session import Session
from sciatica_tui.core.words import Words
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.alerts import EmergencyScreen
from sciatica_tui.tui.screens.group import GroupScreen

from .conftest import clear_screening
from .pilot import loaded, sync
from .test_plain import run, script


def _first_step_after_screening(content, answers):
    session = Session()
    session.answers.update(answers)
    return session.next_step(content)


@pytest.mark.parametrize("qid", ["saddle_numbness", "bladder_change", "bowel_change",
                                 "sexual_change"])
def test_not_sure_on_a_cauda_equina_sign_is_told_at_the_end_of_screening(content, qid):
    answers = {**clear_screening(content), qid: "unsure"}
    step = _first_step_after_screening(content, answers)
    assert step.kind == "urgent"
    assert "ces_not_sure" in step.rules
    assert [f.because for f in step.unsure] == [(qid,)]
    # The notice's action is the results' action: one rule, one place.
    words = Words(content, "en", country="GB")
    text = "\n".join("\n".join(b) for b in alert_blocks(words, step.flags, step.unsure,
                                                         step.rules))
    assert "Go to A&E today" in text
    assert assess(content, answers).disposition == "urgent"


def test_not_sure_on_an_urgent_sign_gives_the_urgent_action(content):
    answers = {**clear_screening(content), "fever": "unsure"}
    step = _first_step_after_screening(content, answers)
    assert step.kind == "urgent" and [f.id for f in step.unsure] == ["fever"]
    words = Words(content, "en", country="GB")
    blocks = alert_blocks(words, step.flags, step.unsure, step.rules)
    assert blocks == [("Could not be ruled out: Fever or feeling unwell",
                       words.t(content.disposition("urgent").action))]


def test_no_notice_when_screening_is_clear(content):
    step = _first_step_after_screening(content, clear_screening(content))
    assert step.kind == "group"
    assert content.question(step.qid).section == "symptoms"


def test_a_sign_waiting_on_a_symptom_question_is_not_called_open(content):
    """Cancer in the past opens signs that the symptom questions decide (night
    pain, numbness): not asked yet is not "not sure"."""
    answers = {**clear_screening(content), "cancer_history": "yes",
               "cancer_details": ["spread"]}
    notice = screening_notice(content, answers)
    symptom = {q.id for q in content.questions if q.section == "symptoms"}
    flags = {f.id: f for f in content.red_flags}
    for f in (*notice.found, *notice.not_ruled_out):
        assert not set(question_ids(flags[f.id].when)) & symptom, f.id


def test_plain_mode_tells_it_before_the_symptom_questions(content):
    answers = {**clear_screening(content), "saddle_numbness": "unsure"}
    done = run(script(content, answers))
    out = done.stdout
    notice = out.index("!! Please speak to a doctor today !!")
    first_symptom = out.index(next(
        content.question(q.id).prompt["en"] for q in content.questions
        if q.section == "symptoms"))
    assert notice < first_symptom
    assert "emergency department today" in out[notice:first_symptom]  # no country given
    assert "Could not be ruled out: Numb skin around the bottom or genitals" in out[
        notice:first_symptom]


@sync
async def test_the_tui_shows_it_before_the_symptom_questions():
    app = SciaticaApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        app.answers.update({**clear_screening(app.words.content), "bowel_change": "unsure"})
        app.ask_next()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EmergencyScreen) and screen.urgent
        assert "emergency department today" in screen.text  # the tests set no country
        bowel = next(f for f in app.words.content.red_flags if f.id == "ces_bowel")
        assert f"Could not be ruled out: {bowel.label['en']}" in screen.text
        await pilot.click("#continue")
        await pilot.pause()
        assert isinstance(app.screen, GroupScreen)
