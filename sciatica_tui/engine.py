"""The assessment engine: answers in, assessment out. Pure Python, no UI.

Every clinical rule lives in content/; this module only applies it:
- red-flag screening questions come first, then symptom questions, each asked
  only when its "when" condition holds;
- the disposition is the highest tier of any triggered red flag or symptom rule;
  a red flag that cannot be ruled out (unanswered or "not sure") counts at its own
  tier capped by the content policy, so uncertainty escalates and never reassures;
- causes are ranked by weighted evidence with the answers for and against;
- first steps are offered unless an answer (or the disposition) rules them out.

The same answers always give the same assessment.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from .condtree import SKIPPED, AnswerValue, leaves, question_ids
from .runtime import TIER_RANK, Content, Question


@dataclass(frozen=True)
class FlagResult:
    id: str
    tier: str
    # Questions whose answers triggered the flag (or, for a possible flag, are unknown).
    because: tuple[str, ...]


@dataclass(frozen=True)
class CauseResult:
    id: str
    score: float
    share: float
    likelihood: str  # "high" | "medium" | "low"
    because: tuple[str, ...]
    against: tuple[str, ...]


@dataclass(frozen=True)
class Withheld:
    id: str
    kind: str  # "avoid" (an answer rules it out), "unknown" (could not be ruled in), "tier"
    avoid_index: int | None
    because: tuple[str, ...]


@dataclass(frozen=True)
class Reason:
    kind: str  # "red_flag" | "possible_red_flag" | "rule" | "default"
    id: str
    tier: str


@dataclass(frozen=True)
class Assessment:
    content_version: str
    disposition: str
    reasons: tuple[Reason, ...]
    red_flags: tuple[FlagResult, ...]
    possible_red_flags: tuple[FlagResult, ...]
    likely_causes: tuple[CauseResult, ...]
    first_steps: tuple[str, ...]
    withheld_steps: tuple[Withheld, ...]
    unanswered_red_flag_questions: tuple[str, ...]
    red_flag_questions_clear: tuple[str, ...]
    asked: tuple[str, ...]
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)
    ignored_answers: tuple[str, ...] = ()


def _asked(content: Content, q: Question, answers: Mapping[str, AnswerValue]) -> bool | None:
    if q.when is None:
        return True
    return content.compiled(q.when)(answers, [])


def asked_questions(content: Content, answers: Mapping[str, AnswerValue]) -> list[str]:
    """Ids of the questions that are asked, in order, given these answers.

    A question's "when" only sees answers to questions that were themselves asked,
    so a stray answer to a skipped question never changes the path.
    """
    return _walk(content, answers)[0]


def _walk(content: Content, answers: Mapping[str, AnswerValue]) -> tuple[list[str], list[str]]:
    """(asked question ids, ids that skip logic definitely does not ask).

    A warning-sign question whose "when" cannot be decided (the question it depends
    on was answered "not sure" or skipped) is asked: when unsure, ask rather than
    assume. A symptom question in that state is not asked.
    """
    effective: dict[str, AnswerValue] = {}
    asked: list[str] = []
    skipped: list[str] = []
    for q in content.questions:
        state = _asked(content, q, effective)
        if state is True or (state is None and q.section == "red_flags"):
            asked.append(q.id)
            if q.id in answers:
                effective[q.id] = answers[q.id]
        elif state is False:
            skipped.append(q.id)
            effective[q.id] = SKIPPED
    return asked, skipped


def next_question(content: Content, answers: Mapping[str, AnswerValue]) -> Question | None:
    """The next question to ask, or None when the questionnaire is complete."""
    for qid in asked_questions(content, answers):
        if qid not in answers:
            return content.question(qid)
    return None


def progress(content: Content, answers: Mapping[str, AnswerValue], current: str) -> tuple[int, int]:
    """(position of `current`, about how many questions in all) for a progress line.

    Questions not yet decided by skip logic are counted as likely to be asked.
    """
    effective: dict[str, AnswerValue] = {}
    position = 0
    total = 0
    for q in content.questions:
        asked = _asked(content, q, effective)
        if asked is False:
            continue
        total += 1
        if q.id == current:
            position = total
        if asked and q.id in answers:
            effective[q.id] = answers[q.id]
    return position, total


def red_flag_status(
    content: Content, answers: Mapping[str, AnswerValue]
) -> tuple[list[FlagResult], list[FlagResult]]:
    """(triggered, possible) red flags for these answers."""
    triggered: list[FlagResult] = []
    possible: list[FlagResult] = []
    for flag in content.red_flags:
        hits: list[str] = []
        value = content.compiled(flag.when)(answers, hits)
        if value is True:
            triggered.append(FlagResult(flag.id, flag.tier, tuple(dict.fromkeys(hits))))
        elif value is None:
            unknown = tuple(q for q in question_ids(flag.when) if _is_unknown(content, answers, q))
            possible.append(FlagResult(flag.id, flag.tier, unknown))
    return triggered, possible


def new_emergency_flags(content: Content, answers: Mapping[str, AnswerValue],
                        shown: Collection[str]) -> list[FlagResult]:
    """Emergency red flags these answers trigger that the person has not been shown
    yet: each interrupts the questions at once."""
    triggered, _ = red_flag_status(content, answers)
    return [f for f in triggered if f.tier == "emergency" and f.id not in shown]


def urgent_flags(content: Content, answers: Mapping[str, AnswerValue]) -> list[FlagResult]:
    """Urgent red flags triggered so far: shown once, at the end of screening."""
    triggered, _ = red_flag_status(content, answers)
    return [f for f in triggered if f.tier == "urgent"]


def _is_unknown(content: Content, answers: Mapping[str, AnswerValue], qid: str) -> bool:
    value = answers.get(qid)
    if value is None:
        return True
    unknown = content.unknown_ids()[qid]
    chosen = value if isinstance(value, list) else [value]
    return bool(unknown.intersection(chosen))


def assess(content: Content, answers: Mapping[str, AnswerValue]) -> Assessment:
    """Turn (validated) answers into an assessment. Never raises on valid answers.

    A None value (a question the person skipped) counts as not answered.
    """
    answers = {qid: v for qid, v in answers.items() if v is not None}
    asked, skipped = _walk(content, answers)
    given = {qid: answers[qid] for qid in asked if qid in answers}
    ignored = tuple(qid for qid in answers if qid not in given)
    # Conditions below see skipped questions as SKIPPED: a known "not applicable".
    eff: dict[str, AnswerValue] = dict(given)
    eff.update(dict.fromkeys(skipped, SKIPPED))

    triggered, possible = red_flag_status(content, eff)
    cap = TIER_RANK[content.meta.policy.unknown_red_flag_cap]

    reasons: list[Reason] = [Reason("red_flag", f.id, f.tier) for f in triggered]
    for f in possible:
        tier = f.tier if TIER_RANK[f.tier] <= cap else content.meta.policy.unknown_red_flag_cap
        reasons.append(Reason("possible_red_flag", f.id, tier))
    for rule in content.rules:
        if content.compiled(rule.when)(eff, []) is True:
            reasons.append(Reason("rule", rule.id, rule.tier))
    disposition = max((r.tier for r in reasons), key=TIER_RANK.__getitem__, default="self_care")
    reasons.sort(key=lambda r: -TIER_RANK[r.tier])

    offered, withheld = _first_steps(content, eff, disposition)
    screening = [q.id for q in content.questions if q.section == "red_flags"]
    pending = set(asked)
    unanswered = tuple(
        qid for qid in screening
        if qid not in given and (qid in pending or _undecided(content, qid, eff))
    )
    involved = {q for f in triggered + possible for q in f.because} | _concerning(content, eff)
    clear = tuple(qid for qid in screening if qid in given and qid not in involved
                  and not _is_unknown(content, eff, qid))

    return Assessment(
        content_version=content.version,
        disposition=disposition,
        reasons=tuple(reasons),
        red_flags=tuple(sorted(triggered, key=lambda f: -TIER_RANK[f.tier])),
        possible_red_flags=tuple(sorted(possible, key=lambda f: -TIER_RANK[f.tier])),
        likely_causes=tuple(_rank_causes(content, eff)),
        first_steps=tuple(offered),
        withheld_steps=tuple(withheld),
        unanswered_red_flag_questions=unanswered,
        red_flag_questions_clear=clear,
        asked=tuple(asked),
        answers=given,
        ignored_answers=ignored,
    )


def _concerning(content: Content, eff: Mapping[str, AnswerValue]) -> set[str]:
    """Questions whose answer meets any red-flag test, even if the whole flag did not fire
    (e.g. "weakness: yes" when the flag needs "weakness: yes" and "past cancer: yes")."""
    return {qid for qid, test in _flag_leaf_tests(content) if test(eff, []) is True}


def _flag_leaf_tests(content: Content) -> list[tuple[str, Any]]:
    """(question id, compiled test) for every answer test inside a red flag, built
    once per content set."""
    memo = content._memo
    tests: list[tuple[str, Any]] | None = memo.get("flag_leaves")
    if tests is None:
        tests = [(leaf.q, content.compiled(leaf))
                 for flag in content.red_flags for leaf in leaves(flag.when)]
        memo["flag_leaves"] = tests
    return tests


def _undecided(content: Content, qid: str, eff: Mapping[str, AnswerValue]) -> bool:
    """A question whose 'when' cannot be decided yet (it depends on unanswered questions)."""
    return _asked(content, content.question(qid), eff) is None


def _rank_causes(content: Content, eff: Mapping[str, AnswerValue]) -> list[CauseResult]:
    policy = content.meta.policy
    out: list[tuple[int, CauseResult]] = []
    for index, cause in enumerate(content.causes):
        if cause.applies_if is not None and content.compiled(cause.applies_if)(eff, []) is not True:
            continue
        score = 0.0
        best = 0.0
        because: list[str] = []
        against: list[str] = []
        for ev in cause.evidence:
            if ev.weight > 0:
                best += ev.weight
            hits: list[str] = []
            if content.compiled(ev.when)(eff, hits) is True:
                score += ev.weight
                (because if ev.weight > 0 else against).extend(hits)
        if score <= 0:
            continue
        share = score / best
        likelihood = (
            "high" if share >= policy.high_share
            else "medium" if share >= policy.medium_share
            else "low"
        )
        result = CauseResult(
            cause.id, round(score, 3), round(share, 3), likelihood,
            tuple(dict.fromkeys(because)), tuple(dict.fromkeys(against)),
        )
        out.append((index, result))
    out.sort(key=lambda pair: (-pair[1].score, -pair[1].share, pair[0]))
    return [r for _, r in out]


def _first_steps(content: Content, eff: Mapping[str, AnswerValue], disposition: str
                 ) -> tuple[list[str], list[Withheld]]:
    """(offered step ids, withheld steps with the reason) for these answers."""
    offered: list[str] = []
    withheld: list[Withheld] = []
    for step in content.first_steps:
        if step.offer_if is not None and content.compiled(step.offer_if)(eff, []) is not True:
            continue  # not relevant to this person
        if TIER_RANK[disposition] > TIER_RANK[step.max_tier]:
            withheld.append(Withheld(step.id, "tier", None, ()))
            continue
        held = None  # a definite reason wins over one we could not rule out
        for i, avoid in enumerate(step.avoid_if):
            hits: list[str] = []
            value = content.compiled(avoid.when)(eff, hits)
            if value is True:
                held = Withheld(step.id, "avoid", i, tuple(dict.fromkeys(hits)))
                break
            if value is None and held is None:
                unknown = tuple(q for q in question_ids(avoid.when) if _is_unknown(content, eff, q))
                held = Withheld(step.id, "unknown", i, unknown)
        if held is None:
            offered.append(step.id)
        else:
            withheld.append(held)
    return offered, withheld
