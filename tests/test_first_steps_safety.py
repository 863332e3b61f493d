"""First steps and causes content from the clinical review: C-H4, C-M6, C-L2, C-L3,
C-L4, C-L8, C-M10, and the Spanish corrections for first_steps.toml and causes.toml."""

from __future__ import annotations

import re

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words

from .calm import calm
from .conftest import DISC


def _step(content, sid):
    return next(s for s in content.first_steps if s.id == sid)


def _withheld(a, sid):
    return next((w for w in a.withheld_steps if w.id == sid), None)


def test_C_H4_no_back_lying_step_is_offered_in_pregnancy(content):
    answers = calm(content, {"pregnant": "pregnant",
                             "pain_where": ["low_back", "buttock"],
                             "better_with": ["sitting_forward"], "worse_with": ["walking"]})
    a = assess(content, answers)
    for sid in a.first_steps:
        text = " ".join(_step(content, sid).steps["en"]).lower()
        assert not re.search(r"(lie|lying|on your) (flat )?on your back|^on your back|"
                             r"on your back:", text), sid
    held = _withheld(a, "positions_of_ease")
    assert held is not None and held.kind == "avoid"
    why = Words(content, "en", "999").withheld_why(held)
    assert "28 weeks" in why and "side" in why
    assert "side_lying_pregnancy" in a.first_steps
    side = _step(content, "side_lying_pregnancy")
    assert any("bump" in line for line in side.steps["en"])
    assert any("between your knees" in line for line in side.steps["en"])
    for sid in ("knee_to_chest", "piriformis_stretch"):
        step = _step(content, sid)
        assert any(av.when.q == "pregnant" and "28 weeks" in av.why["en"]
                   for av in step.avoid_if if hasattr(av.when, "q")), sid


def test_C_H4_not_pregnant_keeps_positions_of_ease(content):
    a = assess(content, calm(content, DISC))
    assert "positions_of_ease" in a.first_steps
    assert "side_lying_pregnancy" not in a.first_steps


def test_C_M6_bending_stretches_are_withheld_with_weak_bones(content):
    symptoms = {"pain_where": ["buttock", "thigh"], "better_with": ["sitting_forward"],
                "worse_with": ["walking"]}
    free = assess(content, calm(content, symptoms))
    assert {"knee_to_chest", "piriformis_stretch"} <= set(free.first_steps)
    for risk in ("osteoporosis", "steroids"):
        a = assess(content, calm(content, {**symptoms, "bone_risk": [risk]}))
        for sid in ("knee_to_chest", "piriformis_stretch"):
            held = _withheld(a, sid)
            assert held is not None and held.kind in ("avoid", "tier", "checking_first"), sid
            assert sid not in a.first_steps
        # The reason is in the step itself, not only in the disposition.
        assert any("bones" in av.why["en"] for av in _step(content, "knee_to_chest").avoid_if)
    for sid in ("knee_to_chest", "piriformis_stretch"):
        assert "hip replacement" in _step(content, sid).not_for["en"]


def test_C_L2_arching_steps_are_withheld_over_60_when_walking_hurts(content):
    base = {"pain_where": ["buttock", "thigh"], "worse_with": ["sitting", "walking"],
            "better_with": ["lying_on_front"], "age": 45}
    young = assess(content, calm(content, base))
    assert {"lumbar_roll", "prone_press_up"} <= set(young.first_steps)
    old = assess(content, calm(content, {**base, "age": 66, "first_episode": "no"}))
    for sid in ("lumbar_roll", "prone_press_up"):
        held = _withheld(old, sid)
        assert held is not None and held.kind == "avoid", sid


def test_C_L3_nerve_glides_need_leg_pain_and_heat_avoids_numb_skin(content):
    base = {"leg_pain": 5, "numbness": "no"}
    back_only = assess(content, calm(content, {**base, "pain_where": ["low_back", "buttock"]}))
    assert "nerve_glides" not in back_only.first_steps
    assert "nerve_glides" not in {w.id for w in back_only.withheld_steps}
    leg = assess(content, calm(content, {**base, "pain_where": ["buttock", "below_knee"]}))
    assert "nerve_glides" in leg.first_steps and "heat_cold" in leg.first_steps
    numb = assess(content, calm(content, {"pain_where": ["low_back"], "numbness": "yes",
                                          "numb_where": ["elsewhere"]}))
    held = _withheld(numb, "heat_cold")
    assert held is not None and held.kind == "avoid"
    assert "diabetes" in _step(content, "heat_cold").not_for["en"]


def test_C_L3_heat_and_cold_wait_for_diabetes_with_numb_skin(content):
    """Diabetes can dull the skin's feeling: with numbness, no hot or cold packs
    (and diabetes alone raises no warning sign, so the result is unchanged)."""
    numb = {**DISC, "numbness": "yes", "numb_where": ["outer_calf_top_foot"]}
    plain = assess(content, calm(content, {**numb, "infection_risk": ["none"]}))
    assert "heat_cold" in plain.first_steps
    diabetic = assess(content, calm(content, {**numb, "infection_risk": ["diabetes"]}))
    held = _withheld(diabetic, "heat_cold")
    assert held is not None and held.kind == "avoid" and "heat_cold" not in diabetic.first_steps
    assert diabetic.disposition == plain.disposition
    no_numbness = assess(content, calm(content, {**DISC, "numbness": "no",
                                                 "infection_risk": ["diabetes"]}))
    assert "heat_cold" in no_numbness.first_steps


def test_C_L4_keep_moving_gently_at_urgent_for_not_sure_answers(content):
    disc = calm(content, DISC)
    unsure = assess(content, {**disc, "saddle_numbness": "unsure"})
    assert unsure.disposition == "urgent"
    assert "move_gently" in unsure.first_steps
    found = assess(content, {**disc, "fever": "yes"})
    assert found.disposition == "urgent" and "move_gently" not in found.first_steps
    quiet = assess(content, disc)
    assert "move_gently" not in quiet.first_steps and "stay_active" in quiet.first_steps
    emergency = assess(content, {**disc, "saddle_numbness": "yes"})
    assert "move_gently" not in emergency.first_steps


def test_C_L4_reassuring_step_waits_while_a_concern_needs_checking(content):
    a = assess(content, calm(content, {**DISC, "bone_risk": ["osteoporosis"]}))
    assert a.disposition == "soon" and a.checking_first
    held = _withheld(a, "stay_active")
    assert held is not None and held.kind == "checking_first"
    assert "move_gently" not in a.first_steps  # soon: walking still covers moving
    assert "walking" in a.first_steps


def test_C_L8_prone_press_up_says_what_to_repeat(content):
    step = _step(content, "prone_press_up")
    assert "push up" in step.dose["en"].lower()
    assert "bending back" not in step.not_for["en"]
    assert "arching back" in step.stop_if["en"]


def test_C_M10_pregnancy_pain_is_explained_without_loose_joints(content):
    cause = next(c for c in content.causes if c.id == "pregnancy_related")
    for lang in ("en", "es"):
        assert "hormon" not in cause.summary[lang].lower()
        assert "aflojan" not in cause.summary[lang]
    helps = cause.helps["en"]
    for tip in ("one step at a time", "Sit down to get dressed", "stand on one leg"):
        assert tip in helps
    assert "strong and stable" in cause.summary["en"]


def test_spanish_corrections_for_results_files(content):
    steps = " ".join(str(v) for s in content.first_steps
                     for _, v in s.fields() if isinstance(v, dict))
    causes = " ".join(str(v) for c in content.causes for _, v in c.fields()
                      if isinstance(v, dict))
    for wrong in ("Túmbese", "Tumbarse", "tumbadas", "guisantes", "Sujete la curva",
                  "con las caderas pegadas abajo"):
        assert wrong not in steps, wrong
    for wrong in ("defensa muscular", "carro de la compra"):
        assert wrong not in causes, wrong
    assert "matrona o partera" in steps
