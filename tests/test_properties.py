"""Property tests of the engine over any valid answer set."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_tui.contentset.loader import load_content
from sciatica_tui.contentset.schema import TIER_RANK, TIERS
from sciatica_tui.core.conditions import AllOf, AnyOf, AtLeast, NotOf, leaves
from sciatica_tui.core.engine import assess, next_question

from .strategies import answer_for, answer_sets, examples

CONTENT = load_content()
SETTINGS = settings(max_examples=examples(300), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _counting_for(cond, negated: bool = False):
    """The answer tests that count FOR a condition: not those under a "not" (an
    answer a flag excludes, such as a skin cancer that was cut out, is not an
    alarming answer; taking it as one made the alarming checklist answer hold an
    option that rules the flag out)."""
    if isinstance(cond, NotOf):
        yield from _counting_for(cond.not_, not negated)
    elif isinstance(cond, (AllOf, AnyOf, AtLeast)):
        for child in (cond.all if isinstance(cond, AllOf) else
                      cond.any if isinstance(cond, AnyOf) else cond.of):
            yield from _counting_for(child, negated)
    elif not negated:
        yield from leaves(cond)


def _alarming() -> dict:
    """For each red-flag question, the answer that the most serious red-flag test
    looks for (so "new or worse" beats "long-standing" for both_legs_new)."""
    alarm: dict = {}
    for flag in sorted(CONTENT.red_flags, key=lambda f: -TIER_RANK[f.tier]):
        for leaf in _counting_for(flag.when):
            q = CONTENT.question(leaf.q)
            if q.section != "red_flags":
                continue
            if q.type in ("yes_no_unsure", "single"):
                alarm.setdefault(q.id, leaf.option_ids[0])
            elif q.type == "multi":
                alarm[q.id] = sorted(set(alarm.get(q.id, [])) | set(leaf.option_ids))
            elif leaf.gt is not None:
                alarm[q.id] = leaf.gt + 10
    return alarm


ALARMING = _alarming()


def test_every_red_flag_question_has_an_alarming_answer():
    screening = {q.id for q in CONTENT.questions if q.section == "red_flags"}
    # "pregnant" only opens its follow-up questions, and "sex" (at birth) only
    # decides whether "pregnant" is asked; every other one is tested by a flag
    assert screening - set(ALARMING) == {"pregnant", "sex"}


def test_the_alarming_cancer_answer_is_not_an_excluded_one():
    """Hypothesis found it: past cancer and leg weakness, with the "alarming"
    checklist answer then holding "skin cancer only" (a "not" in the flag), gave a
    lower result than "none of these". The engine was right; the helper was not."""
    assert "skin_only" not in ALARMING["cancer_details"]
    answers = {"weakness": "yes", "cancer_history": "yes"}
    high = assess(CONTENT, {**answers, "cancer_details": ALARMING["cancer_details"]})
    other = assess(CONTENT, {**answers, "cancer_details": ["none"]})
    assert TIER_RANK[high.disposition] >= TIER_RANK[other.disposition]


@SETTINGS
@given(answers=answer_sets(CONTENT), data=st.data())
def test_alarming_answer_never_lowers_the_disposition(answers, data):
    qid = data.draw(st.sampled_from(sorted(ALARMING)))
    alarmed = {**answers, qid: ALARMING[qid]}
    other = {**answers, qid: data.draw(answer_for(CONTENT.question(qid)))}
    unanswered = {k: v for k, v in answers.items() if k != qid}
    high = TIER_RANK[assess(CONTENT, alarmed).disposition]
    assert high >= TIER_RANK[assess(CONTENT, other).disposition]
    assert high >= TIER_RANK[assess(CONTENT, unanswered).disposition]


@SETTINGS
@given(answers=answer_sets(CONTENT))
def test_assess_never_raises_and_is_consistent(answers):
    a = assess(CONTENT, answers)
    assert a.disposition in TIERS
    assert a == assess(CONTENT, dict(answers))
    for f in a.red_flags:
        assert TIER_RANK[a.disposition] >= TIER_RANK[f.tier]
    # nothing is both "clear" and "unknown", and no step is both offered and withheld
    assert not set(a.red_flag_questions_clear) & set(a.unanswered_red_flag_questions)
    assert not set(a.first_steps) & {w.id for w in a.withheld_steps}
    assert set(a.answers) | set(a.ignored_answers) == set(answers)


@SETTINGS
@given(answers=answer_sets(CONTENT, answered=0.5))
def test_next_question_is_new_and_screening_comes_first(answers):
    q = next_question(CONTENT, answers)
    if q is None:
        return
    assert q.id not in answers
    if q.section == "symptoms":
        a = assess(CONTENT, answers)
        assert a.unanswered_red_flag_questions == ()


@SETTINGS
@given(data=st.data())
def test_a_full_walk_asks_screening_first_and_ends(data):
    answers: dict = {}
    seen_symptoms = False
    for _ in range(len(CONTENT.questions) + 1):
        q = next_question(CONTENT, answers)
        if q is None:
            break
        assert q.id not in answers
        if q.section == "symptoms":
            seen_symptoms = True
        else:
            assert not seen_symptoms, "a red-flag question came after a symptom question"
        answers[q.id] = data.draw(answer_for(q))
    else:
        raise AssertionError("the questionnaire never ended")
    assert assess(CONTENT, answers).unanswered_red_flag_questions == ()
