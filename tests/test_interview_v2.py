"""Issue 16, the rest: about a dozen screens to a result (content groups with
checklist lines) and "Tell us more" (the optional questions after settling)."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from sciatica_tui.core.engine import assess, settled
from sciatica_tui.core.session import Session
from sciatica_tui.core.words import Words

from .pilot import loaded, sync

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import screens  # noqa: E402  (benchmarks/screens.py: the screen counter)

# An aneurysm emergency: the outcome is settled before the last symptom questions.
SETTLES_EARLY = "aaa_sudden_severe_not_faint"


def vignette(vid: str) -> dict:
    return next(a for v, _, a in screens.vignettes() if v == vid)


def to_review(content, answers: dict) -> Session:
    """Walk one person's interview by the session's screens, as they would answer
    (every row of a group; a question not in `answers` skipped), to the review."""
    s = Session()
    while (step := s.next_step(content)).kind != "review":
        for qid in step.qids or ((step.qid,) if step.qid else ()):
            s.record(content, qid, answers.get(qid))
    return s


# -- about a dozen screens ---------------------------------------------------------
def test_I16_self_care_median_is_12_screens_or_fewer(content):
    counts = []
    for _vid, expect, answers in screens.vignettes():
        r = screens.walk(content, answers)
        assert r["disposition"] == expect and r["same"]  # safety unchanged
        if expect == "self_care":
            counts.append(r["screens"])
    assert len(counts) >= 5
    assert statistics.median(counts) <= 12, counts


def test_I16_aneurysm_and_cauda_equina_interrupt_on_the_first_screen(content):
    for vid in ("aaa_sudden_severe_not_faint", "aaa_known_aneurysm_new_pain",
                "control_ces_bladder", "mid_back_sudden_severe"):
        assert screens.walk(content, vignette(vid))["interrupt"] == 1, vid


def test_I16_checklist_rows_join_groups_and_every_row_stays_a_question(content):
    first = content.groups[0]
    assert "aorta_signs" in first.questions  # a checklist line on the first screen
    for g in content.groups:
        for qid in g.questions:
            q = content.question(qid)
            assert q.type != "number"  # no number line on a group screen
            if q.type == "multi" and q.section == "red_flags":
                # its own "none" answers that line only, and "not sure" is offered
                assert q.unknown_option_ids, qid


def test_I16_a_ticked_checklist_sign_interrupts_in_the_middle_of_the_first_screen(content):
    s = Session()
    step = s.next_step(content)
    assert "aorta_signs" in step.qids
    new = s.record(content, "aorta_signs", ["known_aneurysm"])
    assert new and all(f.tier == "emergency" for f in new)


def test_I16_forgetting_a_row_leaves_it_unanswered_not_no(content):
    s = Session()
    s.next_step(content)
    s.record(content, "aorta_signs", ["none"])
    s.forget("aorta_signs")
    assert "aorta_signs" not in s.answers and "aorta_signs" not in s.history
    assert s.next_step(content).qids[0] == "sudden_severe"  # the line is asked again


# -- "Tell us more" ----------------------------------------------------------------
def test_I16_tell_us_more_offers_what_settling_left_and_never_changes_the_result(content):
    answers = vignette(SETTLES_EARLY)
    s = to_review(content, answers)
    before = assess(content, s.answers)
    more = s.optional(content)
    assert more, "this vignette settles before its last questions"
    assert settled(content, s.answers)
    s.tell_more()
    asked = []
    while (step := s.next_step(content)).kind != "review":
        assert step.kind == "question" and step.optional
        asked.append(step.qid)
        # the first answered, the rest skipped: each one is optional
        s.record(content, step.qid, answers.get(step.qid) if not asked[1:] else None)
    assert asked == more
    after = assess(content, s.answers)
    assert after.disposition == before.disposition
    assert after.first_steps == before.first_steps and after.shown_causes == before.shown_causes
    assert more[0] in after.answers  # the answer goes into the summary
    assert s.optional(content) == [] and not s.more


def test_I16_tell_us_more_can_be_stopped_and_is_never_offered_before_settling(content):
    s = Session()
    assert s.optional(content) == []  # nothing is optional at the start
    s = to_review(content, vignette(SETTLES_EARLY))
    n = len(s.optional(content))
    s.tell_more()
    assert s.next_step(content).optional
    s.stop_more()
    assert s.next_step(content).kind == "review"
    assert len(s.optional(content)) == n  # nothing was answered for them


def _plain(lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sciatica_tui", "--plain",
                           "--emergency-number", "999"],
                          input="".join(f"{line}\n" for line in lines),
                          capture_output=True, text=True, timeout=120)


def _plain_script(content, answers: dict) -> list[str]:
    """The lines that answer one person's interview in plain mode, to the review
    (test_plain's script, without its final Enter at the review)."""
    from .test_plain import script

    return script(content, answers)[:-1]


def test_I16_plain_mode_review_offers_tell_us_more_and_enter_skips_it(content):
    lines = _plain_script(content, vignette(SETTLES_EARLY))
    done = _plain([*lines, ""])  # Enter at the review: the results, no more questions
    assert done.returncode == 0, done.stdout[-2000:]
    review = done.stdout.rsplit("Check your answers", 1)[-1]
    assert "Type more to tell us more (optional; questions left: 2)" in review
    assert "This question is optional" not in done.stdout


def test_I16_plain_mode_tell_us_more_answers_go_into_the_summary(content):
    lines = _plain_script(content, vignette(SETTLES_EARLY))
    q = content.question("daily_life")
    # more; daily_life: yes; impact: skip; then Enter at the review.
    done = _plain([*lines, "more", "1", "skip", ""])
    assert done.returncode == 0, done.stdout[-2000:]
    out = done.stdout
    assert "This question is optional. Type skip to leave it" in out
    summary = out.split("Your results", 1)[1]
    assert "Sciatica self-check summary" in summary
    short = Words(content).t(q.short)
    assert short in summary  # the answer given is in the summary
    # the second review offers nothing more: both were given (one skipped)
    last_review = out.rsplit("Check your answers", 1)[-1].split("Your results")[0]
    assert "Type more" not in last_review
    assert f"{short}: Yes" in last_review


def test_I16_plain_mode_done_stops_tell_us_more(content):
    lines = _plain_script(content, vignette(SETTLES_EARLY))
    done = _plain([*lines, "more", "done", ""])
    assert done.returncode == 0, done.stdout[-2000:]
    reviews = done.stdout.split("Check your answers")
    assert len(reviews) == 3  # the review, then the review again after "done"
    assert "Type more to tell us more" in reviews[2]  # still offered


# -- the TUI -------------------------------------------------------------------------
async def _review_with_more(pilot, app):
    """The review of a person whose outcome settled early (answers given through
    the app's session, as its screens would)."""
    from sciatica_tui.tui.screens.results import ReviewScreen

    await loaded(pilot, app)
    await pilot.click("#start")
    await pilot.pause()
    content = app.words.content
    answers = vignette(SETTLES_EARLY)
    s = app.session
    while (step := s.next_step(content)).kind != "review":
        for qid in step.qids or ((step.qid,) if step.qid else ()):
            s.record(content, qid, answers.get(qid))
    app.ask_next()
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


@sync
async def test_I16_tui_review_offers_tell_us_more_and_see_results_is_the_default():
    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.question import QuestionScreen
    from sciatica_tui.tui.screens.results import ResultsScreen

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        review = await _review_with_more(pilot, app)
        assert review.query_one("#more").label.plain == "Tell us more (optional)"
        assert review.focused.id == "results"  # Enter: the results, nothing more asked
        await pilot.click("#more")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.optional
        first = screen.q.id
        assert screen.query("#skip") and screen.query("#more-done")
        await pilot.press("1")  # answered
        await pilot.pause()
        assert app.answers[first] is not None
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.optional
        await pilot.click("#more-done")  # stop: back to the review
        await pilot.pause()
        review = app.screen
        assert not isinstance(review, QuestionScreen)
        await pilot.click("#results")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


@sync
async def test_I16_tui_checklist_line_on_the_first_screen():
    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.alerts import EmergencyScreen
    from sciatica_tui.tui.screens.group import GroupScreen

    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        await pilot.click("#start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GroupScreen)
        await pilot.press("2", "2")  # the first two lines: No, No
        await pilot.pause()
        assert screen.focused.name == "aorta_signs"
        q = app.words.content.question("aorta_signs")
        none = str(q.option_ids.index("none") + 1)
        await pilot.press(none)  # a tick is kept, and the line stays for more
        await pilot.pause()
        assert app.answers["aorta_signs"] == ["none"]
        assert screen.focused.name == "aorta_signs"
        await pilot.press(none)  # the last tick taken off: unanswered again
        await pilot.pause()
        assert "aorta_signs" not in app.answers
        await pilot.press(none, "enter")  # ticked; Enter goes to the next line
        await pilot.pause()
        assert screen.focused.name == "saddle_numbness"
        await pilot.press("up", str(q.option_ids.index("known_aneurysm") + 1))  # an emergency
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)


def test_I16_next_after_back_shows_the_whole_screen_again(content):
    """Groups now span questions.toml: a screen left by Back, then come to again
    with Next, is shown whole (its answers marked), and Back still works."""
    answers = vignette("control_disc_self_care")
    s = Session()
    while (step := s.next_step(content)).group != "pain_place":
        for qid in step.qids or (step.qid,):
            s.record(content, qid, answers.get(qid))
    for qid in ("pain_where", "how_long"):
        s.record(content, qid, answers[qid])
    before = s.back(content)
    assert before is not None and before.group == "legs_and_body"
    again = s.next_step(content)  # Next, nothing changed
    assert again.group == "pain_place" and again.qids == step.qids
    assert s.back(content).group == "legs_and_body"
