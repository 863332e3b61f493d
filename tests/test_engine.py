"""Unit tests of the assessment engine over many answer sets."""

from __future__ import annotations

import pytest

from sciatica_tui.contentset.checks import find_answers
from sciatica_tui.contentset.schema import TIER_RANK
from sciatica_tui.core.engine import asked_questions, assess, next_question, progress

from .conftest import DISC, clear_screening


def rank(tier: str) -> int:
    return TIER_RANK[tier]


def test_all_clear_with_mild_disc_picture_is_self_care(content, disc):
    a = assess(content, disc)
    assert a.disposition == "self_care"
    assert a.red_flags == () and a.possible_red_flags == ()
    assert a.unanswered_red_flag_questions == ()
    assert a.likely_causes[0].id == "disc_herniation"


def test_every_red_flag_triggers_its_own_tier(content):
    for flag in content.red_flags:
        trigger = find_answers(content, flag.when)
        assert trigger is not None, flag.id
        answers = {**clear_screening(content), **trigger}
        a = assess(content, answers)
        fired = {f.id: f.tier for f in a.red_flags}
        assert fired.get(flag.id) == flag.tier, flag.id
        assert rank(a.disposition) >= rank(flag.tier), flag.id
        assert a.red_flags[0].tier == a.disposition or rank(a.disposition) >= rank(flag.tier)


@pytest.mark.parametrize(
    ("extra", "flag", "tier"),
    [
        ({"saddle_numbness": "yes"}, "ces_saddle", "emergency"),
        ({"bladder_change": "yes"}, "ces_bladder", "emergency"),
        ({"bowel_change": "yes"}, "ces_bowel", "emergency"),
        ({"sexual_change": "yes"}, "ces_sexual", "emergency"),
        ({"both_legs": "yes", "both_legs_new": "new_or_worse"}, "ces_both_legs", "emergency"),
        ({"both_legs": "yes", "both_legs_new": "unsure"}, "ces_both_legs", "emergency"),
        ({"both_legs": "yes", "both_legs_new": "long_standing"}, "both_legs_long_term", "soon"),
        ({"weakness": "yes", "weakness_change": "worse"}, "progressive_weakness", "urgent"),
        ({"weakness": "yes", "weakness_change": "new"}, "progressive_weakness", "urgent"),
        ({"cancer_history": "yes", "cancer_details": ["none"]}, "cancer_history", "soon"),
        ({"cancer_history": "yes", "cancer_details": ["recent"]}, "cancer_active", "urgent"),
        ({"cancer_history": "yes", "cancer_details": ["none"], "weakness": "yes",
          "weakness_change": "same", "numbness": "no"}, "cancer_nerve", "emergency"),
        ({"weight_loss": "yes"}, "weight_loss", "soon"),
        ({"fever": "yes"}, "fever", "urgent"),
        ({"fever": "yes", "weakness": "yes", "weakness_change": "same"},
         "infection_with_weakness", "emergency"),
        ({"infection_risk": ["injects_drugs"]}, "infection_risk", "urgent"),
        ({"infection_risk": ["spine_procedure", "weak_immune"]}, "infection_risk", "urgent"),
        ({"major_injury": "yes", "major_injury_when": "recent"}, "major_injury", "emergency"),
        ({"major_injury": "yes", "major_injury_when": "older"}, "major_injury_older", "urgent"),
        ({"faint_clammy": "yes"}, "faint_clammy", "emergency"),
        ({"aorta_signs": ["known_aneurysm"]}, "known_aneurysm", "emergency"),
        ({"aorta_signs": ["pulsing"]}, "pulsing_tummy", "soon"),
        ({"fall_or_strain": "yes", "age": 70, "fall_signs": ["none"]},
         "fall_older_or_weak_bones", "urgent"),
        ({"fall_or_strain": "yes", "age": 70, "fall_signs": ["groin_hip"]},
         "fall_cannot_walk", "emergency"),
        ({"fever": "yes", "infection_risk": ["diabetes"]}, "infection_fever_risk", "emergency"),
        ({"numbness": "yes", "numbness_change": "spreading"}, "numbness_spreading", "urgent"),
        ({"pregnant": "pregnant", "pregnancy_danger": ["baby_moving_less"]},
         "pregnancy_labour", "emergency"),
        ({"leg_signs": ["swollen_calf"]}, "mimic_clot", "urgent"),
        ({"bone_risk": ["steroids"]}, "fracture_risk", "soon"),
        ({"night_pain": "yes"}, "night_pain", "soon"),
        ({"first_episode": "yes", "age": 55}, "age_first_onset", "soon"),
        ({"first_episode": "yes", "age": 18}, "age_first_onset", "soon"),
        ({"pregnant": "pregnant", "pregnancy_signs": ["painful_pee"]},
         "pregnancy_infection", "urgent"),
        ({"sudden_severe": "yes"}, "sudden_severe", "emergency"),
    ],
)
def test_named_red_flags(content, disc, extra, flag, tier):
    a = assess(content, {**disc, **extra})
    hit = next(f for f in a.red_flags if f.id == flag)
    assert hit.tier == tier
    assert a.disposition == max((f.tier for f in a.red_flags), key=rank)
    # "because" names the person's own answers
    assert set(hit.because) <= set(extra)
    assert hit.because


def test_age_alone_is_not_a_red_flag(content, disc):
    a = assess(content, {**disc, "age": 70, "first_episode": "no"})
    assert "age_first_onset" not in {f.id for f in a.red_flags}


def test_combinations_take_the_highest_tier(content, disc):
    a = assess(content, {**disc, "weight_loss": "yes", "fever": "yes", "bladder_change": "yes"})
    assert a.disposition == "emergency"
    assert [f.tier for f in a.red_flags] == ["emergency", "urgent", "soon"]
    a = assess(content, {**disc, "weight_loss": "yes", "fever": "yes"})
    assert a.disposition == "urgent"


def test_unsure_is_never_treated_as_no(content, disc):
    a = assess(content, {**disc, "saddle_numbness": "unsure"})
    assert "saddle_numbness" not in a.red_flag_questions_clear
    assert "ces_saddle" in {f.id for f in a.possible_red_flags}
    assert a.disposition == content.meta.policy.unknown_red_flag_cap == "urgent"


def test_unanswered_red_flag_questions_are_reported_and_escalate(content, disc):
    answers = dict(disc)
    del answers["fever"], answers["weight_loss"]
    a = assess(content, answers)
    assert set(a.unanswered_red_flag_questions) == {"fever", "weight_loss"}
    assert "fever" not in a.red_flag_questions_clear
    assert a.disposition == "urgent"  # a possible fever flag, capped at urgent
    possible = {f.id: f.because for f in a.possible_red_flags}
    assert possible["fever"] == ("fever",)


def test_nothing_answered_reports_every_screening_question_unknown(content):
    a = assess(content, {})
    screening = [q.id for q in content.questions if q.section == "red_flags" and q.when is None]
    # sex at birth and "pregnant" only decide which questions are asked: the
    # pregnancy warning-sign questions they open are the ones listed as unknown
    assert set(screening) - {"sex"} - set(a.unanswered_red_flag_questions) == set()
    assert {"pregnancy_danger", "pregnancy_signs", "first_episode"} <= \
        set(a.unanswered_red_flag_questions)
    assert "sex" not in a.unanswered_red_flag_questions
    assert "pregnant" not in a.unanswered_red_flag_questions
    assert a.red_flag_questions_clear == ()
    assert a.disposition == "urgent"


def test_skipped_follow_up_is_not_unknown(content, disc):
    # weakness "no" means "how is the weakness changing" is never asked: not unknown
    a = assess(content, disc)
    assert "weakness_change" not in a.unanswered_red_flag_questions
    assert "progressive_weakness" not in {f.id for f in a.possible_red_flags}


def test_answers_to_questions_not_asked_are_ignored(content, disc):
    a = assess(content, {**disc, "weakness_change": "worse"})  # weakness is "no"
    assert a.ignored_answers == ("weakness_change",)
    assert a.disposition == "self_care"


def test_symptom_rules_raise_disposition_with_reason(content, disc):
    a = assess(content, {**disc, "how_long": "long"})
    assert a.disposition == "soon"
    assert [r.id for r in a.reasons if r.kind == "rule"] == ["not_settling"]
    a = assess(content, {**disc, "trend": "worse", "daily_life": "yes"})
    assert {r.id for r in a.reasons} == {"getting_worse", "stops_daily_life"}
    a = assess(content, {**disc, "weakness": "yes", "weakness_change": "same"})
    assert a.disposition == "soon"


def test_contraindicated_steps_are_withheld_with_reason(content, disc):
    a = assess(content, disc)
    assert "nerve_glides" in a.first_steps and "lumbar_roll" in a.first_steps
    a = assess(content, {**disc, "leg_pain": 9})
    held = {w.id: w for w in a.withheld_steps}
    assert "nerve_glides" not in a.first_steps and held["nerve_glides"].kind == "avoid"
    assert held["nerve_glides"].because == ("leg_pain",)
    a = assess(content, {**disc, "better_with": ["sitting_forward"]})
    assert {w.id: w.kind for w in a.withheld_steps}["lumbar_roll"] == "avoid"


def test_unknown_contraindication_withholds_the_step(content, disc):
    answers = dict(disc)
    del answers["leg_pain"]
    a = assess(content, answers)
    held = {w.id: w for w in a.withheld_steps}
    assert held["nerve_glides"].kind == "unknown"
    assert held["nerve_glides"].because == ("leg_pain",)


def test_urgent_or_emergency_withholds_exercises(content, disc):
    a = assess(content, {**disc, "bladder_change": "yes"})
    assert a.first_steps == ()
    assert all(w.kind == "tier" for w in a.withheld_steps)
    a = assess(content, {**disc, "fever": "yes"})
    assert a.first_steps == ("positions_of_ease",)


def test_irrelevant_steps_are_not_listed(content, disc):
    a = assess(content, {**disc, "pain_where": ["low_back", "thigh"]})
    assert "piriformis_stretch" not in a.first_steps
    assert "piriformis_stretch" not in {w.id for w in a.withheld_steps}


def test_causes_respond_to_their_defining_answers(content, clear):
    stenosis = {**clear, "age": 72, "pain_where": ["buttock", "thigh"],
                "worse_with": ["walking", "standing"], "better_with": ["sitting_forward"],
                "walk_limit": "short"}
    a = assess(content, stenosis)
    assert a.likely_causes[0].id == "spinal_stenosis"
    assert a.likely_causes[0].likelihood == "high"
    assert {"better_with", "worse_with", "age"} <= {c.q for c in a.likely_causes[0].because}

    young = assess(content, {**stenosis, "age": 30})
    before = next(c for c in a.likely_causes if c.id == "spinal_stenosis")
    after = next(c for c in young.likely_causes if c.id == "spinal_stenosis")
    assert after.score < before.score and "age" in {c.q for c in after.against}

    piriformis = {**clear, "pain_where": ["buttock", "thigh"], "worse_with": ["sitting"],
                  "sitting_buttock": "yes"}
    assert assess(content, piriformis).likely_causes[0].id == "piriformis"

    si = {**clear, "pain_where": ["low_back", "buttock"], "side": "right", "pelvis_spot": "yes"}
    assert assess(content, si).likely_causes[0].id == "si_joint"

    guarding = {**clear, "pain_where": ["low_back"], "spasm": "yes", "leg_vs_back": "back",
                "onset": "sudden", "numbness": "no"}
    assert assess(content, guarding).likely_causes[0].id == "muscle_guarding"


def test_pregnancy_cause_only_when_pregnant(content, clear):
    base = {**clear, "pain_where": ["low_back", "buttock"], "worse_with": ["walking"]}
    assert "pregnancy_related" not in {c.id for c in assess(content, base).likely_causes}
    a = assess(content, {**base, "pregnant": "pregnant", "pregnancy_signs": ["none"]})
    assert a.likely_causes[0].id == "pregnancy_related"


def test_only_back_pain_counts_against_a_disc(content, clear):
    a = assess(content, {**clear, "pain_where": ["low_back"], "leg_vs_back": "back"})
    disc = [c for c in a.likely_causes if c.id == "disc_herniation"]
    assert disc == []


def test_next_question_order_and_skip_logic(content):
    # time-critical first (issue 14, C-H1/C-M5): a burst blood vessel, then cauda equina
    assert next_question(content, {}).id == "sudden_severe"
    clear = clear_screening(content)
    assert next_question(content, clear).section == "symptoms"
    assert next_question(content, {**clear, "weakness": "yes"}).id == "weakness_change"
    assert "weakness_change" not in asked_questions(content, clear)


def test_progress_reflects_skip_logic(content):
    clear = clear_screening(content)
    pos, total = progress(content, clear, "pain_where")
    pos2, total2 = progress(content, {**clear, "weakness": "yes", "weakness_change": "same"},
                            "pain_where")
    assert pos2 == pos + 1 and total2 == total + 1
    assert 1 <= pos <= total


def test_assessment_is_deterministic(content, disc):
    assert assess(content, disc) == assess(content, dict(reversed(list(disc.items()))))


def test_a_skipped_question_counts_as_unanswered_not_as_clear(content, clear):
    with_none = assess(content, {**clear, "age": None})
    without = assess(content, {k: v for k, v in clear.items() if k != "age"})
    assert "age" in with_none.unanswered_red_flag_questions
    assert "age" not in with_none.red_flag_questions_clear
    assert with_none.disposition == without.disposition
    assert with_none.unanswered_red_flag_questions == without.unanswered_red_flag_questions


def test_not_sure_about_a_gate_question_still_asks_its_warning_sign_follow_up(content, clear):
    answers = {**clear, "pregnant": "unsure"}
    assert {"pregnancy_danger", "pregnancy_signs"} <= set(asked_questions(content, answers))
    assert next_question(content, answers).id == "pregnancy_danger"
    # A symptom follow-up is not asked when its gate is unknown.
    assert "numb_where" not in asked_questions(content, {**answers, "numbness": "unsure"})


def test_at_least_counts_three_valued():
    from sciatica_tui.contentset.condition_schema import AtLeast
    from sciatica_tui.core.conditions import build_condition, compile_condition

    cond = AtLeast.model_validate({"at_least": 2, "of": [
        {"q": "a", "is": "yes"}, {"q": "b", "is": "yes"}, {"q": "c", "is": "yes"}]})
    fn = compile_condition(build_condition(cond.model_dump()),
                           {q: frozenset({"unsure"}) for q in "abc"})
    hits: list[str] = []
    assert fn({"a": "yes", "b": "no", "c": "yes"}, hits) is True and hits == ["a", "c"]
    assert fn({"a": "yes", "b": "no", "c": "no"}, []) is False
    # One yes and one unknown: could still reach two, so unknown, never "no".
    assert fn({"a": "yes", "b": "unsure", "c": "no"}, []) is None
    assert fn({}, []) is None
    with pytest.raises(ValueError, match="only 3"):
        AtLeast.model_validate({"at_least": 4, "of": cond.of})


def test_the_impact_check_raises_self_care_to_soon(content, disc, clear):
    answers = {**clear, **disc}
    assert assess(content, answers).disposition == "self_care"
    two = assess(content, {**answers, "impact": ["sleep", "worry"]})
    assert two.disposition == "self_care"
    three = assess(content, {**answers, "impact": ["sleep", "worry", "low"]})
    assert three.disposition == "soon"
    assert "high_impact" in {r.id for r in three.reasons}


def test_an_answer_that_meets_part_of_a_red_flag_is_not_called_clear(content):
    """"First episode: yes" is one part of a warning sign that needs more to fire:
    nothing is triggered, but the summary must not list it as ruled out."""
    # the symptom answers too: some warning signs (numbness spreading, look-alike
    # causes) are asked among the symptoms
    answers = {**clear_screening(content), **DISC, "first_episode": "yes"}
    a = assess(content, answers)
    assert not a.red_flags and not a.possible_red_flags
    assert "first_episode" not in a.red_flag_questions_clear
    assert "weakness" in a.red_flag_questions_clear  # a plain "no" still is
