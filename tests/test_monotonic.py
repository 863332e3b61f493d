"""Monotonicity (issue 14): an answer that adds a warning-sign feature never
lowers the disposition. Checked with hypothesis over any valid answer set, for
every rule and red flag in the content (so new rules are covered as they come):

- a yes/no/unsure question that a red flag or rule tests, changed from "no" to
  "yes" or "not sure";
- a checklist (multiple-choice) option that a red flag or rule looks for,
  added to the answer (replacing "none of these"; a "not sure" answer is left
  alone: naming a mild sign instead of "not sure" settles a doubt, it adds
  nothing);
- a single choice moved one step towards the more worrying end (e.g. weakness
  "the same" -> "getting worse", walking "more than 10 minutes" -> "a few steps");
- a 0-10 pain score raised.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_tui.contentset.loader import load_content
from sciatica_tui.contentset.schema import TIER_RANK
from sciatica_tui.core.conditions import AllOf, AnswerCondition, AnyOf, AtLeast, NotOf
from sciatica_tui.core.engine import assess

from .conftest import DISC, clear_screening
from .strategies import answer_for, answer_sets, examples

CONTENT = load_content()
SETTINGS = settings(max_examples=examples(400), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Single-choice answers from least to most worrying. Every single-choice question
# that a red flag or rule tests must be listed (a test checks), so a new one is
# not silently left out.
ORDER: dict[str, list[str]] = {
    "both_legs_new": ["long_standing", "new_or_worse"],
    "major_injury_when": ["older", "recent"],
    "weakness_change": ["better", "same", "new", "worse"],
    "numbness_change": ["better", "same", "spreading"],
    "pregnant": ["no", "postpartum", "pregnant"],
    "how_long": ["days", "weeks", "months", "long"],
    "trend": ["better", "same", "worse"],
    "walk_limit": ["no_limit", "long", "short", "few_steps"],
}


def _positive_leaves(cond: Any, positive: bool = True) -> list[AnswerCondition]:
    """Answer tests that make a condition more likely to hold when they are true."""
    if isinstance(cond, AnswerCondition):
        return [cond] if positive else []
    if isinstance(cond, NotOf):
        return _positive_leaves(cond.not_, not positive)
    children = (cond.all if isinstance(cond, AllOf) else cond.any if isinstance(cond, AnyOf)
                else cond.of if isinstance(cond, AtLeast) else [])
    return [leaf for c in children for leaf in _positive_leaves(c, positive)]


def _features() -> tuple[set[str], dict[str, set[str]], set[str], set[str]]:
    """(yes/no questions, checklist options, single-choice questions, scales) that
    any red flag or rule tests as a warning feature."""
    yes_no: set[str] = set()
    options: dict[str, set[str]] = {}
    singles: set[str] = set()
    scales: set[str] = set()
    conditions = [f.when for f in CONTENT.red_flags] + [r.when for r in CONTENT.rules]
    for cond in conditions:
        for leaf in _positive_leaves(cond):
            q = CONTENT.question(leaf.q)
            if leaf.kind == "answered":
                continue
            if q.type == "yes_no_unsure":
                yes_no.add(q.id)
            elif q.type == "multi":
                wanted = set(leaf.option_ids) - set(q.exclusive)
                options.setdefault(q.id, set()).update(wanted)
            elif q.type == "single":
                singles.add(q.id)
            elif q.type == "scale":
                scales.add(q.id)
    return yes_no, {k: v for k, v in options.items() if v}, singles, scales


YES_NO, OPTIONS, SINGLES, SCALES = _features()


def near_clear() -> st.SearchStrategy[dict]:
    """A clear answer set (no warning signs, an ordinary sciatica) with up to five
    answers changed at random: most start below "emergency", so a feature that
    wrongly lowers the result has room to show."""
    base = {**clear_screening(CONTENT), **DISC}
    questions = [q for q in CONTENT.questions]
    change = st.sampled_from(questions).flatmap(
        lambda q: st.tuples(st.just(q.id), answer_for(q)))
    return st.lists(change, max_size=5).map(lambda pairs: {**base, **dict(pairs)})


def test_every_single_choice_feature_has_an_order():
    assert set(ORDER) >= SINGLES, SINGLES - set(ORDER)
    for qid, order in ORDER.items():
        assert set(order) <= set(CONTENT.question(qid).option_ids), qid


def test_the_new_rules_are_covered():
    # the questions added for issue 14 are all exercised by the property below
    assert {"sudden_severe", "faint_clammy", "fall_or_strain", "upper_back_pain",
            "cancer_history", "numbness"} <= YES_NO
    assert {"aorta_signs", "cancer_details", "infection_risk", "fall_signs",
            "pregnancy_danger", "ibp_features", "leg_signs", "body_signs"} <= set(OPTIONS)
    assert {"leg_pain", "back_pain"} <= SCALES


def _escalations(answers: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every one-answer change that adds a warning feature to these answers."""
    out: list[tuple[str, Any]] = []
    for qid in sorted(YES_NO):
        if answers.get(qid) == "no":
            out += [(qid, "yes"), (qid, "unsure")]
    for qid, wanted in sorted(OPTIONS.items()):
        q = CONTENT.question(qid)
        now = answers.get(qid)
        if isinstance(now, list) and set(now) & set(q.unknown_option_ids):
            continue  # "not sure" to a named answer settles a doubt: not an addition
        kept = [o for o in now if o not in q.exclusive] if isinstance(now, list) else []
        out += [(qid, [*kept, o]) for o in sorted(wanted) if o not in kept]
    for qid, order in ORDER.items():
        now = answers.get(qid)
        if now in order and order.index(now) + 1 < len(order):
            out.append((qid, order[order.index(now) + 1]))
    for qid in sorted(SCALES):
        now = answers.get(qid)
        if isinstance(now, int) and now < 10:
            out.append((qid, min(10, now + 3)))
    if answers.get("better_with") not in (None, ["nothing"]):
        out.append(("better_with", ["nothing"]))
    return out


@SETTINGS
@given(answers=st.one_of(near_clear(), answer_sets(CONTENT)), data=st.data())
def test_adding_a_warning_feature_never_lowers_the_disposition(answers, data):
    changes = _escalations(answers)
    if not changes:
        return
    qid, value = data.draw(st.sampled_from(changes))
    before = assess(CONTENT, answers).disposition
    after = assess(CONTENT, {**answers, qid: value}).disposition
    assert TIER_RANK[after] >= TIER_RANK[before], (qid, answers.get(qid), value, before, after)


@SETTINGS
@given(answers=st.one_of(near_clear(), answer_sets(CONTENT, answered=1.0)))
def test_every_escalation_of_an_answer_set_never_lowers(answers):
    """Every applicable escalation, applied one at a time."""
    before = TIER_RANK[assess(CONTENT, answers).disposition]
    for qid, value in _escalations(answers):
        after = TIER_RANK[assess(CONTENT, {**answers, qid: value}).disposition]
        assert after >= before, (qid, answers.get(qid), value)


def _one_answer_away() -> list[dict]:
    """The clear answer set with any one question answered any (valid) way; for a
    checklist, each option alone and each pair of options."""
    base = {**clear_screening(CONTENT), **DISC}
    out = []
    for q in CONTENT.questions:
        if q.type in ("yes_no_unsure", "single"):
            values: list[Any] = list(q.option_ids)
        elif q.type == "multi":
            plain = [o for o in q.option_ids if o not in q.exclusive]
            values = [[o] for o in q.option_ids]
            values += [list(pair) for pair in itertools.combinations(plain, 2)]
        else:
            values = sorted({int(q.min or 0), int(q.max or 0), 3, 7, 45, 70} &
                            set(range(int(q.min or 0), int(q.max or 0) + 1)))
        out += [{**base, q.id: v} for v in values]
    return out


def test_every_escalation_one_answer_away_from_clear_never_lowers():
    """Exhaustive near the clear answer set, where most results are below
    "emergency" and a feature that wrongly lowers the result would show."""
    checked = 0
    for answers in _one_answer_away():
        before = TIER_RANK[assess(CONTENT, answers).disposition]
        for qid, value in _escalations(answers):
            after = TIER_RANK[assess(CONTENT, {**answers, qid: value}).disposition]
            assert after >= before, (qid, answers.get(qid), value)
            checked += 1
    assert checked > 10_000
