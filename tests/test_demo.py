"""The clinic demo: its material (engine side), sample-patient replays, and the
screens (Pilot): browsing, search, replay, and jumping through the command palette."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from sciatica_tui.contentset.loader import ContentError, load_content
from sciatica_tui.contentset.schema import TIERS
from sciatica_tui.core.demo import KINDS, entries, replay, search, step_text
from sciatica_tui.core.engine import asked_questions, assess, settled
from sciatica_tui.core.words import Words
from sciatica_tui.store.config import Config
from sciatica_tui.tui.app import SciaticaApp

from .pilot import loaded, sync


@pytest.fixture(scope="module")
def words(content):
    return Words(content)


def test_the_index_holds_every_cause_warning_sign_step_topic_and_sample(content, words):
    found = {(e.kind, e.id) for e in entries(words)}
    expected = {("cause", c.id) for c in content.causes}
    expected |= {("red_flag", f.id) for f in content.red_flags}
    expected |= {("first_step", s.id) for s in content.first_steps}
    expected |= {(t.group, t.id) for t in content.topics}
    expected |= {("sample", s.id) for s in content.samples}
    assert found == expected
    assert {e.kind for e in entries(words)} == set(KINDS)


def test_physiotherapy_and_the_nerve_diagrams_are_there(content):
    groups = {t.group for t in content.topics}
    assert groups == {"physio", "anatomy", "advice"}
    roots = next(t for t in content.topics if t.id == "nerve_roots")
    for root in ("L4", "L5", "S1"):
        assert root in roots.figure["en"]
    # Text art that fits 80x24 with a title and the key bar.
    for t in content.topics:
        for figure in (t.figure or {}).values():
            assert max(map(len, figure.splitlines())) <= 60
            assert len(figure.splitlines()) <= 14


def test_causes_say_what_it_is_how_it_feels_what_helps_and_how_long(content, words):
    for c in content.causes:
        text = next(e.text for e in entries(words) if e.id == c.id)
        for part in (c.summary, c.feels_like, c.helps, c.recovery):
            assert " ".join(words.t(part).split()[:4]) in " ".join(text.split())


def test_search_finds_every_word_and_puts_title_matches_first(words):
    found = entries(words)
    hits = search(found, "numb bottom")
    assert hits and all("numb" in f"{e.title} {e.text}".lower() for e in hits)
    assert hits[0].id == "ces_saddle"
    assert search(found, "") == found
    assert search(found, "zzzz-nothing") == []
    stenosis = search(found, "STENOSIS")
    assert stenosis[0].id == "spinal_stenosis"


def test_samples_cover_each_disposition_and_each_cause(content):
    assert len(content.samples) >= 6
    assert {s.expect for s in content.samples} == set(TIERS)
    assert {s.expect_cause for s in content.samples} == {c.id for c in content.causes}


@pytest.mark.parametrize("sid", ["desk_worker", "older_walker", "runner", "pelvis_pain",
                                 "lifted_box", "pregnant", "weak_foot", "bladder"])
def test_a_replay_asks_what_the_app_asks_and_ends_where_the_engine_does(content, words, sid):
    s = next(x for x in content.samples if x.id == sid)
    steps = replay(words, s)
    # Every question the engine asks, each once, in the session's order (a
    # group's rows together, as the app shows them).
    # (or fewer: the session stops once the outcome is settled, engine.settled)
    walked = {st.qid for st in steps}
    asked = set(asked_questions(content, s.answers))
    assert walked <= asked and len(walked) == len(steps)
    assert walked == asked or settled(content, {q: s.answers.get(q) for q in walked})
    order = [q for g in content.groups for q in g.questions]
    first = content.groups[0].questions
    assert [st.qid for st in steps[:len(first)]] == [q for q in order[:len(first)]]
    final = assess(content, s.answers)
    last = steps[-1].assessment
    assert last.disposition == final.disposition == s.expect
    assert [c.id for c in last.likely_causes] == [c.id for c in final.likely_causes]
    assert last.likely_causes[0].id == s.expect_cause
    # A warning sign shows at the step whose answer raised it, once.
    raised = [f for st in steps for f in st.new_flags]
    assert sorted(raised) == sorted(f.id for f in final.red_flags)
    assert len(set(raised)) == len(raised)


def test_a_replay_step_says_which_warning_sign_an_answer_raised(content, words):
    s = next(x for x in content.samples if x.id == "bladder")
    steps = replay(words, s)
    step = next(st for st in steps if st.qid == "bladder_change")
    assert "ces_bladder" in step.new_flags
    text = step_text(words, step, len(steps))
    assert words.ui("demo.new_flag") in text
    assert "New trouble peeing" in text
    assert words.t(content.disposition("emergency").label) in text


def test_during_screening_a_replay_does_not_show_the_cautious_unknown_result(content, words):
    s = next(x for x in content.samples if x.id == "desk_worker")
    steps = replay(words, s)
    first = step_text(words, steps[0], len(steps))
    assert words.ui("demo.still_checking") in first
    last = step_text(words, steps[-1], len(steps))
    assert words.t(content.disposition("self_care").label) in last


def _copy(tmp_path, content_dir):
    target = tmp_path / "content"
    shutil.copytree(content_dir, target)
    return target


def test_a_sample_whose_result_changed_is_reported_on_load(tmp_path, content_dir):
    target = _copy(tmp_path, content_dir)
    path = target / "samples.toml"
    text = path.read_text()
    path.write_text(text.replace('expect = "self_care"', 'expect = "soon"', 1))
    with pytest.raises(ContentError) as err:
        load_content(target)
    assert 'samples.toml: sample "desk_worker", field "expect": the answers now give ' \
           '"self_care"' in str(err.value)


def test_a_sample_with_a_bad_answer_names_the_question(tmp_path, content_dir):
    target = _copy(tmp_path, content_dir)
    path = target / "samples.toml"
    path.write_text(path.read_text().replace("leg_pain = 6", "leg_pain = 60", 1))
    with pytest.raises(ContentError) as err:
        load_content(target)
    assert 'sample "desk_worker", field "answers.leg_pain"' in str(err.value)


def test_demo_cannot_be_combined_with_kiosk_and_needs_a_terminal():
    both = subprocess.run([sys.executable, "-m", "sciatica_tui", "--demo", "--kiosk"],
                          capture_output=True, text=True, timeout=60)
    assert both.returncode == 2 and "not allowed with" in both.stderr
    piped = subprocess.run([sys.executable, "-m", "sciatica_tui", "--demo"], input="",
                           capture_output=True, text=True, timeout=60)
    assert piped.returncode == 2
    assert "demo mode needs a terminal" in piped.stderr
    assert "Traceback" not in piped.stderr


# --- the screens -----------------------------------------------------------


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@sync
async def test_demo_opens_on_the_index_and_browses_without_questions():
    app = SciaticaApp(config=Config(mode="demo"), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.pause()
        assert type(app.screen).__name__ == "DemoScreen"
        await pilot.press("slash")
        for ch in "piriformis":
            await pilot.press(ch)
        await pilot.press("enter")  # from the search box to the list
        await pilot.press("enter")  # the first match
        await pilot.pause()
        assert type(app.screen).__name__ == "EntryScreen"
        assert app.screen.entry.id == "piriformis"
        shown = _text(app.screen, "#entry-text")
        assert "What helps" in shown and "[HOP]" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DemoScreen"
        assert not app.answers


@sync
async def test_a_sample_patient_replays_step_by_step_forward_and_back():
    app = SciaticaApp(config=Config(mode="demo"), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.pause()
        app.open_demo("sample:bladder")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "ReplayScreen"
        assert "Question 1 of" in _text(screen, "#replay-step")
        await pilot.press("right", "right")
        assert "Question 3 of" in _text(screen, "#replay-step")
        await pilot.press("left")
        step = _text(screen, "#replay-step")
        assert "Question 2 of" in step and "suddenly faint" in step
        await pilot.press("end")
        assert "Get help now" in _text(screen, "#replay-step")
        assert screen.query_one("#next").disabled
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DemoScreen"


@sync
async def test_the_command_palette_jumps_to_any_page():
    app = SciaticaApp(config=Config(mode="demo"), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot, app)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "where each nerve root":
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "EntryScreen"
        assert app.screen.entry.id == "nerve_roots"


@sync
async def test_the_questions_can_be_tried_from_the_demo_and_red_flags_come_first():
    app = SciaticaApp(config=Config(mode="demo"), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.pause()
        app.start_questions()
        await pilot.pause()
        from sciatica_tui.tui.screens.question import QuestionScreen

        assert isinstance(app.screen, QuestionScreen)  # the first, a group screen
        assert app.screen.q.section == "red_flags"
        await pilot.press("escape")  # back from the first question: the index again
        await pilot.pause()
        assert type(app.screen).__name__ == "DemoScreen"


def test_C_M12_a_page_explains_every_look_alike_the_questions_ask_about(content):
    """The plain-language page on things that look like sciatica cites every source
    behind the look-alike warning signs: a new look-alike needs its words there too."""
    page = next(t for t in content.topics if t.id == "look_alikes")
    behind = {s for f in content.red_flags if f.id.startswith("mimic_") for s in f.sources}
    assert behind and behind <= set(page.sources)
    assert page.body["en"] and len(page.body["es"]) == len(page.body["en"])
