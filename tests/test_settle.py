"""Issue 16: stop when the outcome is settled (engine.settled), and progress
that never goes backwards (progress.session_progress)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_tui.engine import assess, next_question, open_questions, settled
from sciatica_tui.loader import load_content
from sciatica_tui.progress import RESULTS, session_progress
from sciatica_tui.session import Session

from .strategies import answer_for, answer_sets

CONTENT = load_content()
SETTINGS = settings(max_examples=150, deadline=None,
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
@given(answers=answer_sets(CONTENT, 0.85), data=st.data())
def test_settled_on_random_partial_answers_is_sound(answers, data):
    """Any partial answers (skip logic ignored, stray answers allowed): when
    settled says so, completing the open questions never changes the outcome."""
    if not settled(CONTENT, answers):
        return
    _eff, free = open_questions(CONTENT, answers)
    expected = outcome(answers)
    for _ in range(4):
        filled = dict(answers)
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
    asked: each could still change which signs are found or not ruled out."""
    s = Session()
    asked = []
    while (step := s.next_step(CONTENT)).kind != "review":
        if step.kind == "question":
            q = CONTENT.question(step.qid)
            asked.append(q.id)
            s.record(CONTENT, q.id, "yes" if q.id == "saddle_numbness" else _plain_answer(q))
    screening = [q.id for q in CONTENT.questions if q.section == "red_flags"]
    a = assess(CONTENT, s.answers)
    for qid in screening:
        assert qid in asked or qid in a.unanswered_red_flag_questions or \
            qid not in a.asked, qid


def test_emergency_walk_stops_before_the_last_questions():
    """With an emergency found, the symptom questions that change nothing are not
    asked, and the Session goes to the review."""
    s = Session()
    n = 0
    while (step := s.next_step(CONTENT)).kind != "review":
        if step.kind == "question":
            q = CONTENT.question(step.qid)
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
        if step.kind != "question":
            continue
        names, index, fraction = session_progress(CONTENT, s.answers, step.qid)
        assert 0.0 <= fraction <= 1.0 and fraction >= last, (step.qid, fraction, last)
        last = fraction
        sections.append(index)
        q = CONTENT.question(step.qid)
        s.record(CONTENT, q.id, data.draw(st.one_of(st.none(), answer_for(q))))
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
