"""Issue 16: stop when the outcome is settled (engine.settled), and progress
that never goes backwards (progress.session_progress)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_tui.contentset.loader import load_content
from sciatica_tui.core.engine import assess, next_question, open_questions, settled
from sciatica_tui.core.progress import RESULTS, session_progress
from sciatica_tui.core.session import Session

from .strategies import answer_for, examples

CONTENT = load_content()
SETTINGS = settings(max_examples=examples(150), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def outcome(answers: dict) -> tuple:
    """What settling promises not to change."""
    a = assess(CONTENT, answers)
    return (
        a.disposition,
        tuple(sorted(f.id for f in a.red_flags)),
        tuple(sorted(f.id for f in a.possible_red_flags)),
        tuple((c.concern, c.tier, c.found) for c in a.checking_first),
        a.first_steps,
        tuple((w.id, w.kind, w.avoid_index) for w in a.withheld_steps),
        tuple((c.id, c.likelihood) for c in a.shown_causes),
    )


def complete(answers: dict, draw) -> dict:
    """Answer every question still asked after `answers`, the way a person would."""
    done = dict(answers)
    for _ in range(len(CONTENT.questions) + 1):
        q = next_question(CONTENT, done)
        if q is None:
            return done
        done[q.id] = draw(st.one_of(st.none(), answer_for(q)))
    raise AssertionError("the questions never ended")


def walk_until_settled(draw) -> dict:
    """Answer in order, as the Session asks, until the outcome is settled."""
    answers: dict = {}
    while (q := next_question(CONTENT, answers)) is not None and not settled(CONTENT, answers):
        answers[q.id] = draw(answer_for(q))
    return answers


# --- settled ---------------------------------------------------------------

@SETTINGS
@given(data=st.data())
def test_settled_outcome_survives_every_sampled_completion(data):
    """Walk as the interview does until settled, then finish the questions in
    several random ways (answers, skips): the outcome never changes."""
    answers = walk_until_settled(data.draw)
    expected = outcome(answers)
    for _ in range(4):
        assert outcome(complete(answers, data.draw)) == expected, answers


@SETTINGS
@given(data=st.data())
def test_settled_on_random_partial_answers_is_sound(data):
    """Partial answers in any state (a settled walk with some answers taken away
    and a few stray answers added, skip logic ignored): when settled says so,
    filling every open question in any way never changes the outcome."""
    answers = walk_until_settled(data.draw)
    drop = data.draw(st.sets(st.sampled_from(sorted(answers)), max_size=6))
    partial = {k: v for k, v in answers.items() if k not in drop}
    for qid in data.draw(st.lists(st.sampled_from([q.id for q in CONTENT.questions]),
                                  max_size=3)):
        partial[qid] = data.draw(st.one_of(st.none(), answer_for(CONTENT.question(qid))))
    if not settled(CONTENT, partial):
        return
    _eff, free = open_questions(CONTENT, partial)
    expected = outcome(partial)
    for _ in range(4):
        filled = dict(partial)
        for qid in free:
            filled[qid] = data.draw(st.one_of(st.none(), answer_for(CONTENT.question(qid))))
        assert outcome(filled) == expected


def test_settled_exhaustively_for_small_cases():
    """Every answer to the last few open questions of settled walks: exhaustive
    where at most three questions with few options are left open."""
    checked = 0
    for emergency in ("saddle_numbness", "bladder_change", "sudden_severe", "fever"):
        answers: dict = {}
        while (q := next_question(CONTENT, answers)) is not None \
                and not settled(CONTENT, answers):
            answers[q.id] = "yes" if q.id == emergency else _plain_answer(q)
        assert settled(CONTENT, answers)
        _eff, free = open_questions(CONTENT, answers)
        small = sorted(qid for qid in free if len(_options(CONTENT.question(qid))) <= 5)[:3]
        expected = outcome(answers)
        for combo in itertools.product(*(_options(CONTENT.question(q)) for q in small)):
            filled = {**answers, **dict(zip(small, combo, strict=True))}
            assert outcome(filled) == expected, (emergency, filled)
            checked += 1
    assert checked > 0


def _options(q) -> list:
    if q.type in ("yes_no_unsure", "single"):
        return [*q.option_ids, None]
    if q.type == "multi":
        return [[o] for o in q.option_ids] + [None]
    return [int(q.min or 0), int(q.max or 0), None]


def _plain_answer(q):
    """An answer with no concern in it, for building walks."""
    if q.type == "yes_no_unsure":
        return "no"
    if q.type == "multi":
        return ["none"] if "none" in q.option_ids else [q.option_ids[0]]
    if q.type == "single":
        return "no" if "no" in q.option_ids else q.option_ids[0]
    if q.id == "age":
        return 40
    return int(q.min or 0)


def test_nothing_answered_is_never_settled():
    assert not settled(CONTENT, {})


def test_settled_never_skips_a_warning_sign_that_could_change():
    """After an emergency answer, the other warning-sign questions are still
    asked: each could still change which signs are found or not ruled out. So
    the summary has no warning-sign question left unknown."""
    for emergency in ("sudden_severe", "saddle_numbness", "bladder_change"):
        asked = _walk_story({emergency: "yes"})
        a = assess(CONTENT, {q: None for q in asked} | {
            q: ("yes" if q == emergency else _plain_answer(CONTENT.question(q)))
            for q in asked})
        screening = [q for q in a.asked if CONTENT.question(q).section == "red_flags"]
        assert set(screening) <= set(asked), emergency
        assert a.unanswered_red_flag_questions == (), emergency
        assert a.possible_red_flags == (), emergency
        assert asked[-1] != "impact", "it asked every question"


def test_emergency_walk_stops_before_the_last_questions():
    """With an emergency found, the symptom questions that change nothing are not
    asked, and the Session goes to the review."""
    s = Session()
    n = 0
    while (step := s.next_step(CONTENT)).kind != "review":
        for qid in step.qids or ((step.qid,) if step.kind == "question" else ()):
            q = CONTENT.question(qid)
            s.record(CONTENT, q.id, "yes" if q.id == "saddle_numbness" else _plain_answer(q))
            n += 1
    assert next_question(CONTENT, s.answers) is not None, "it asked every question"
    assert settled(CONTENT, s.answers)
    assert assess(CONTENT, s.answers).disposition == "emergency"


# --- progress ----------------------------------------------------------------

@SETTINGS
@given(data=st.data())
def test_progress_never_goes_backwards_along_a_walk(data):
    s = Session()
    last = 0.0
    sections = []
    for _ in range(len(CONTENT.questions) + 2):
        step = s.next_step(CONTENT)
        if step.kind == "review":
            break
        if step.kind not in ("question", "group"):
            continue
        names, index, fraction = session_progress(CONTENT, s.answers, step.qid)
        assert 0.0 <= fraction <= 1.0 and fraction >= last, (step.qid, fraction, last)
        last = fraction
        sections.append(index)
        for qid in step.qids or (step.qid,):  # a group screen's rows, or the question
            q = CONTENT.question(qid)
            # A group's rows are required (no skip); a question may be skipped.
            choices = answer_for(q) if step.kind == "group" else st.one_of(st.none(),
                                                                             answer_for(q))
            s.record(CONTENT, q.id, data.draw(choices))
    names, index, fraction = session_progress(CONTENT, s.answers, None)
    assert (index, fraction) == (RESULTS, 1.0)
    assert len(names) == 4


def test_progress_names_in_english_and_spanish():
    assert session_progress(CONTENT, {}, None)[0] == \
        ["Warning signs", "About you", "Your pain", "Results"]
    assert session_progress(CONTENT, {}, None, "es")[0] == \
        ["Señales de alarma", "Sobre usted", "Su dolor", "Resultados"]


def test_progress_sections_of_a_walk():
    """The first questions are warning signs, then about you, and the pain
    questions come last."""
    first = next_question(CONTENT, {})
    assert first is not None
    assert session_progress(CONTENT, {}, first.id)[1:] == (0, 0.0)
    assert session_progress(CONTENT, {}, "age")[1] == 1
    assert session_progress(CONTENT, {}, "pain_where")[1] == 2


# --- about you first ----------------------------------------------------------

def _walk_story(answers: dict) -> list[str]:
    """The questions a Session asks a person who would answer as `answers` (and
    with no concern to anything else)."""
    s = Session()
    asked = []
    while (step := s.next_step(CONTENT)).kind != "review":
        # A group screen (groups.toml) asks its rows in order; a question, itself.
        for qid in step.qids or ((step.qid,) if step.kind == "question" else ()):
            q = CONTENT.question(qid)
            asked.append(q.id)
            s.record(CONTENT, q.id, answers.get(q.id, _plain_answer(q)))
    return asked


PREGNANCY = {"pregnant", "pregnancy_danger", "pregnancy_signs"}


def test_issue16_a_man_is_never_asked_about_pregnancy():
    asked = _walk_story({"sex": "male", "age": 41})
    assert "sex" in asked and not PREGNANCY & set(asked)


def test_issue16_rather_not_say_or_skipped_sex_still_asks_about_pregnancy():
    for sex in ("prefer_not_to_say", "female", None):
        assert "pregnant" in _walk_story({"sex": sex, "age": 33}), sex
    asked = _walk_story({"sex": "prefer_not_to_say", "pregnant": "pregnant"})
    assert {"pregnancy_danger", "pregnancy_signs"} <= set(asked)


def test_issue16_time_critical_signs_first_then_about_you():
    order = [q.id for q in CONTENT.questions]
    for qid in ("sudden_severe", "faint_clammy", "aorta_signs", "saddle_numbness",
                "bladder_change", "bowel_change", "sexual_change", "both_legs"):
        assert order.index(qid) < order.index("age"), qid
    assert order.index("age") < order.index("sex") < order.index("pregnant") \
        < order.index("major_injury")
    assert order[0] == "sudden_severe"


def test_issue16_first_episode_is_asked_only_where_age_makes_it_count():
    """The first-time question only matters under 20 or over 50 (red flag
    age_first_onset): decided by the age, asked when the age is not known."""
    for age, asked in ((17, True), (19, True), (20, False), (40, False), (50, False),
                       (51, True), (None, True)):
        assert ("first_episode" in _walk_story({"age": age})) is asked, age
