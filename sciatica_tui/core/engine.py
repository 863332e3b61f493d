"""The assessment engine: answers in, assessment out. Pure Python, no UI.

Every clinical rule lives in content/; this module only applies it:
- red-flag screening questions come first, then symptom questions, each asked
  only when its "when" condition holds;
- the disposition is the highest tier of any triggered red flag or symptom rule;
  a red flag that cannot be ruled out (unanswered or "not sure") counts at its own
  tier capped by the content policy, so uncertainty escalates and never reassures;
- when a warning sign points to a concern that must be checked first (an
  emergency or urgent flag, found or not ruled out, or any flag of a serious
  group: fracture, cancer, infection, aneurysm; see concerns.toml), the result
  names it in `checking_first` and hides the mechanical causes from the person
  (`causes_hidden`); a clinician's summary may still list them as secondary;
- causes are ranked by weighted evidence relative to the best-fitting cause,
  quoting only the answer options that counted for and against;
- first steps are offered unless an answer (or the disposition) rules them out.

The same answers always give the same assessment.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from .conditions import SKIPPED, AllOf, AnswerValue, AnyOf, AtLeast, NotOf, leaves, question_ids
from .content import TIER_RANK, Content, Question

# Tiers at which any warning sign, found or not ruled out, means "check this first".
CHECK_FIRST_TIERS = frozenset({"emergency", "urgent"})
# Bands shown to the person as "often points to" (weaker ones only to a clinician).
SHOWN_BANDS = frozenset({"high", "medium"})


# Small results are named tuples: immutable, and several times cheaper to make
# than frozen dataclasses on the hot path.
class FlagResult(NamedTuple):
    id: str
    tier: str
    # Questions whose answers triggered the flag (or, for a possible flag, are unknown).
    because: tuple[str, ...]


class Cited(NamedTuple):
    """An answer quoted as evidence: the question, and the options of the answer
    that counted (empty: the whole answer, e.g. a number)."""

    q: str
    options: tuple[str, ...] = ()


class CauseResult(NamedTuple):
    id: str
    score: float
    share: float  # score / the cause's own best possible score
    likelihood: str  # "high" | "medium" | "low"
    because: tuple[Cited, ...]
    against: tuple[Cited, ...]
    relative: float = 1.0  # score / the best-fitting cause's score


class CheckFirst(NamedTuple):
    """A concern that needs checking before anything else (concerns.toml)."""

    concern: str  # concern group id (a red flag id if the flag has no group)
    tier: str  # the most urgent tier among its flags
    found: bool  # a flag of the group fired; False: could not be ruled out
    flags: tuple[str, ...]
    # Found: the questions whose answers raised it; else the questions not known.
    because: tuple[str, ...]


class Withheld(NamedTuple):
    id: str
    # "avoid" (an answer rules it out), "unknown" (could not be ruled out), "tier"
    # (the disposition is too urgent), "checking_first" (it reassures, and a
    # concern needs checking first)
    kind: str
    avoid_index: int | None
    because: tuple[str, ...]


class Reason(NamedTuple):
    kind: str  # "red_flag" | "possible_red_flag" | "rule" | "default"
    id: str
    tier: str


class Assessment(NamedTuple):
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
    answers: Mapping[str, AnswerValue] = {}  # noqa: RUF012 - never changed in place
    ignored_answers: tuple[str, ...] = ()
    # What needs checking first, most urgent first; non-empty hides the causes.
    checking_first: tuple[CheckFirst, ...] = ()
    causes_hidden: bool = False
    # The causes the person sees as "often points to": none while something needs
    # checking first, else at most policy.max_shown_causes in a shown band.
    shown_causes: tuple[CauseResult, ...] = ()


def _asked(content: Content, q: Question, answers: Mapping[str, AnswerValue]) -> bool | None:
    if q.when is None:
        return True
    return content.compiled(q.when)(answers, [])


def asked_questions(content: Content, answers: Mapping[str, AnswerValue],
                    only: Collection[str] | None = None) -> list[str]:
    """Ids of the questions that are asked, in order, given these answers.

    A question's "when" only sees answers to questions that were themselves asked,
    so a stray answer to a skipped question never changes the path. With `only`,
    just those questions are walked; give a set closed under "when" dependencies
    (see when_closure) and their results are the same as in the full walk.
    """
    return _walk(content, answers, only)[0]


def when_closure(content: Content, qids: Collection[str]) -> set[str]:
    """These questions and every question their "when" depends on, transitively."""
    deps: dict[str, tuple[str, ...]] = content.derived("when_deps", lambda: {
        q.id: tuple(question_ids(q.when)) if q.when is not None else ()
        for q in content.questions})
    seen: set[str] = set()
    todo = [q for q in qids if q in deps]
    while todo:
        qid = todo.pop()
        if qid not in seen:
            seen.add(qid)
            todo.extend(deps[qid])
    return seen


class _Plan:
    """Every condition of a content set, compiled once, in the order the engine
    uses them (the hot path of `assess` does no lookups)."""

    def __init__(self, content: Content) -> None:
        c = content.compiled
        self.walk = [(q, q.id, c(q.when) if q.when is not None else None,
                      q.section == "red_flags") for q in content.questions]
        self.flags = [(f, c(f.when), tuple(question_ids(f.when))) for f in content.red_flags]
        self.rules = [(r, c(r.when)) for r in content.rules]
        self.causes = [
            (i, cause, c(cause.applies_if) if cause.applies_if is not None else None,
             [(ev.weight, c(ev.when), [(leaf, c(leaf)) for leaf in _positive_leaves(ev.when)])
              for ev in cause.evidence],
             sum(ev.weight for ev in cause.evidence if ev.weight > 0),
             c(cause.needs) if cause.needs is not None else None)
            for i, cause in enumerate(content.causes)]
        self.steps = [
            (step, c(step.offer_if) if step.offer_if is not None else None,
             TIER_RANK[step.max_tier],
             [(i, c(a.when), tuple(question_ids(a.when))) for i, a in enumerate(step.avoid_if)])
            for step in content.first_steps]
        self.screening = [q.id for q in content.questions if q.section == "red_flags"]
        self.position = {q.id: i for i, q in enumerate(content.questions)}
        self.unknown = content.unknown_ids()


def _positive_leaves(cond: Any, negated: bool = False) -> list[Any]:
    """The answer tests in a condition that count FOR it (not under a "not"):
    when the condition holds, these are the answers that made it hold."""
    if isinstance(cond, NotOf):
        return _positive_leaves(cond.not_, not negated)
    if isinstance(cond, (AllOf, AnyOf, AtLeast)):
        children = cond.all if isinstance(cond, AllOf) else \
            cond.any if isinstance(cond, AnyOf) else cond.of
        return [leaf for child in children for leaf in _positive_leaves(child, negated)]
    return [] if negated else [cond]


def _plan(content: Content) -> _Plan:
    return content.derived("plan", lambda: _Plan(content))


def _walk(content: Content, answers: Mapping[str, AnswerValue],
          only: Collection[str] | None = None) -> tuple[list[str], list[str]]:
    """(asked question ids, ids that skip logic definitely does not ask).

    A warning-sign question whose "when" cannot be decided (the question it depends
    on was answered "not sure" or skipped) is asked: when unsure, ask rather than
    assume. A symptom question in that state is not asked.
    """
    effective: dict[str, AnswerValue] = {}
    asked: list[str] = []
    skipped: list[str] = []
    plan = _plan(content)
    steps = plan.walk
    if only is not None:
        where = plan.position
        steps = [steps[i] for i in sorted(where[qid] for qid in only if qid in where)]
    for _q, qid, when, red in steps:
        state = True if when is None else when(effective, [])
        if state is True or (state is None and red):
            asked.append(qid)
            if qid in answers:
                effective[qid] = answers[qid]
        elif state is False:
            skipped.append(qid)
            effective[qid] = SKIPPED
    return asked, skipped


def next_question(content: Content, answers: Mapping[str, AnswerValue]) -> Question | None:
    """The next question to ask, or None when the questionnaire is complete."""
    for qid in asked_questions(content, answers):
        if qid not in answers:
            return content.question(qid)
    return None


def complete(content: Content, answers: Mapping[str, AnswerValue]) -> bool:
    """Every question these answers lead to is answered (nothing left to ask)."""
    return next_question(content, answers) is None


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
    plan = _plan(content)
    for flag, when, qids in plan.flags:
        hits: list[str] = []
        value = when(answers, hits)
        if value is True:
            triggered.append(FlagResult(flag.id, flag.tier, tuple(dict.fromkeys(hits))))
        elif value is None:
            unknown = tuple(q for q in qids if _is_unknown(content, answers, q, plan.unknown))
            possible.append(FlagResult(flag.id, flag.tier, unknown))
    return triggered, possible


def new_emergency_flags(content: Content, answers: Mapping[str, AnswerValue],
                        shown: Collection[str]) -> list[FlagResult]:
    """Emergency red flags these answers trigger that the person has not been shown
    yet: each interrupts the questions at once."""
    return [f for f in emergency_flags(content, answers) if f.id not in shown]


def emergency_flags(content: Content, answers: Mapping[str, AnswerValue]) -> list[FlagResult]:
    """The emergency red flags these answers trigger."""
    triggered, _ = red_flag_status(content, answers)
    return [f for f in triggered if f.tier == "emergency"]


def alerts_due(content: Content, answers: Mapping[str, AnswerValue],
               shown: set[str]) -> list[FlagResult]:
    """The emergency red flags that interrupt now: those these answers trigger that
    have not been shown since they were last raised. `shown` (the ids shown) is
    brought up to date in place: a sign these answers no longer trigger is taken
    out, so that raised again (an answer changed to "no", then back to "yes") it
    interrupts again; the new ones are added."""
    now = drop_cleared(content, answers, shown)
    new = [f for f in now if f.id not in shown]
    shown.update(f.id for f in new)
    return new


def drop_cleared(content: Content, answers: Mapping[str, AnswerValue],
                 shown: set[str]) -> list[FlagResult]:
    """Take out of `shown`, in place, the signs these answers no longer trigger
    (nothing is added: no sign is marked shown unseen); returns the emergency
    flags they trigger."""
    now = emergency_flags(content, answers)
    shown.intersection_update(f.id for f in now)
    return now


class ScreeningNotice(NamedTuple):
    """What the end-of-screening notice shows (once, before the symptom questions):
    the urgent warning signs found; the warning signs of urgent tier or above that
    a "not sure" answer left open (escalated, never read as "no"); and the urgent
    symptom rules that hold (e.g. "not sure" about a cauda equina sign). Only signs
    and rules decided by warning-sign questions count: one that waits on a symptom
    question not asked yet is not "open", only not asked yet."""

    found: tuple[FlagResult, ...] = ()
    not_ruled_out: tuple[FlagResult, ...] = ()
    rules: tuple[str, ...] = ()

    def any(self) -> bool:
        return bool(self.found or self.not_ruled_out or self.rules)


def screening_notice(content: Content, answers: Mapping[str, AnswerValue]) -> ScreeningNotice:
    """The end-of-screening notice for these answers (see ScreeningNotice)."""
    plan = _plan(content)
    screening = set(plan.screening)
    triggered, possible = red_flag_status(content, answers)
    found = tuple(f for f in triggered if f.tier == "urgent")
    qids_of = {flag.id: qids for flag, _, qids in plan.flags}
    urgent = TIER_RANK["urgent"]
    open_flags = tuple(
        f for f in possible
        if TIER_RANK[f.tier] >= urgent and set(qids_of[f.id]) <= screening
        and any(answers.get(q) is not None for q in f.because))
    rules = tuple(
        rule.id for rule, when in plan.rules
        if TIER_RANK[rule.tier] >= urgent
        and set(question_ids(rule.when)) <= screening and when(answers, []) is True)
    return ScreeningNotice(found, open_flags, rules)


def _is_unknown(content: Content, answers: Mapping[str, AnswerValue], qid: str,
                unknown_ids: Mapping[str, frozenset[str]] | None = None) -> bool:
    value = answers.get(qid)
    if value is None:
        return True
    unknown = (unknown_ids or _plan(content).unknown)[qid]
    chosen = value if isinstance(value, list) else (value,)
    return not unknown.isdisjoint(chosen)


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
    for rule, when in _plan(content).rules:
        if when(eff, []) is True:
            reasons.append(Reason("rule", rule.id, rule.tier))
    disposition = max((r.tier for r in reasons), key=TIER_RANK.__getitem__, default="self_care")
    reasons.sort(key=lambda r: -TIER_RANK[r.tier])

    check_first = checking_first(content, triggered, possible)
    # Only warning signs actually found count as "found": symptom rules are either
    # below "today" or, like a not-sure answer to a cauda equina question, about
    # what could not be ruled out.
    found_rank = max((TIER_RANK[r.tier] for r in reasons if r.kind == "red_flag"), default=0)
    offered, withheld = _first_steps(content, eff, disposition, bool(check_first), found_rank)
    causes = _rank_causes(content, eff)
    screening = _plan(content).screening
    pending = set(asked)
    # Only questions a red flag tests: a skipped "sex at birth" or "pregnant" hides
    # no warning sign, since the warning-sign questions they open are then asked
    # anyway (undecided "when") and listed themselves when not answered.
    tested = _flag_leaf_tests(content)
    unanswered = tuple(
        qid for qid in screening
        if qid in tested and qid not in given
        and (qid in pending or _undecided(content, qid, eff))
    )
    involved = {q for f in triggered + possible for q in f.because}
    clear = tuple(qid for qid in screening if qid in given and qid not in involved
                  and not _is_unknown(content, eff, qid) and not _concerning(content, eff, qid))

    return Assessment(
        content_version=content.version,
        disposition=disposition,
        reasons=tuple(reasons),
        red_flags=tuple(sorted(triggered, key=lambda f: -TIER_RANK[f.tier])),
        possible_red_flags=tuple(sorted(possible, key=lambda f: -TIER_RANK[f.tier])),
        likely_causes=tuple(causes),
        first_steps=tuple(offered),
        withheld_steps=tuple(withheld),
        unanswered_red_flag_questions=unanswered,
        red_flag_questions_clear=clear,
        asked=tuple(asked),
        answers=given,
        ignored_answers=ignored,
        checking_first=check_first,
        causes_hidden=bool(check_first),
        shown_causes=() if check_first else tuple(
            c for c in causes if c.likelihood in SHOWN_BANDS
        )[:content.meta.policy.max_shown_causes],
    )


def checking_first(content: Content, triggered: list[FlagResult], possible: list[FlagResult]
                   ) -> tuple[CheckFirst, ...]:
    """The concerns that must be checked before anything else, most urgent first.

    A warning sign counts when it is found or could not be ruled out, and either
    its tier is emergency or urgent, or its concern group is serious pathology
    (fracture, cancer, infection, aneurysm) at any tier. A flag with no group
    (content not validated) counts as serious: when unsure, escalate.
    This is the one place that decides; every screen and format shows its result.
    """
    groups: dict[str, dict[str, Any]] = {}
    for found, flags in ((True, triggered), (False, possible)):
        for f in flags:
            concern = content.concern_of(f.id)
            serious = concern.serious if concern is not None else True
            if f.tier not in CHECK_FIRST_TIERS and not serious:
                continue
            key = concern.id if concern is not None else f.id
            g = groups.setdefault(key, {"tier": f.tier, "found": found, "flags": [],
                                        "because": []})
            if TIER_RANK[f.tier] > TIER_RANK[g["tier"]]:
                g["tier"] = f.tier
            g["found"] = g["found"] or found
            g["flags"].append(f.id)
            if found or not g["found"]:
                g["because"].extend(f.because)
    order = {c.id: i for i, c in enumerate(content.concerns)}
    out = [CheckFirst(key, g["tier"], g["found"], tuple(g["flags"]),
                      tuple(dict.fromkeys(g["because"])))
           for key, g in groups.items()]
    out.sort(key=lambda c: (-TIER_RANK[c.tier], not c.found, order.get(c.concern, len(order))))
    return tuple(out)


def _concerning(content: Content, eff: Mapping[str, AnswerValue], qid: str) -> bool:
    """True if this question's answer meets any red-flag test, even if the whole flag
    did not fire (e.g. "weakness: yes" when the flag needs "weakness: yes" and "past
    cancer: yes")."""
    return any(test(eff, []) is True for test in _flag_leaf_tests(content).get(qid, ()))


def _flag_leaf_tests(content: Content) -> dict[str, list[Any]]:
    """Question id -> the compiled answer tests about it inside any red flag, built
    once per content set."""
    def make() -> dict[str, list[Any]]:
        tests: dict[str, list[Any]] = {}
        for flag in content.red_flags:
            for leaf in leaves(flag.when):
                tests.setdefault(leaf.q, []).append(content.compiled(leaf))
        return tests

    return content.derived("flag_leaves", make)


def _undecided(content: Content, qid: str, eff: Mapping[str, AnswerValue]) -> bool:
    """A question whose 'when' cannot be decided yet (it depends on unanswered questions)."""
    return _asked(content, content.question(qid), eff) is None


def _cited(eff: Mapping[str, AnswerValue], tests: list[Any]) -> list[tuple[str, str]]:
    """(question, option) for each answer option that made these tests hold; the
    option is "" where the whole answer counted (a number, a yes/no)."""
    out: list[tuple[str, str]] = []
    for leaf, test in tests:
        if test(eff, []) is not True:
            continue
        value = eff.get(leaf.q)
        named = leaf.option_ids
        if named and isinstance(value, list):
            out += [(leaf.q, o) for o in value if o in named]
        else:
            out.append((leaf.q, ""))
    return out


def _rank_causes(content: Content, eff: Mapping[str, AnswerValue]) -> list[CauseResult]:
    """Causes with more evidence for than against, best fit first.

    Bands: "high" and "medium" need enough of the cause's own evidence (share of
    its best possible score) AND a score close enough to the best-fitting cause
    (relative), so one classic picture does not make two causes "fit well". A
    cause whose `needs` does not hold stays "low". Each answer option is quoted
    once, on the side its evidence weighs (never both "because" and "against").
    """
    policy = content.meta.policy
    found: list[tuple[int, str, float, float, bool, dict[tuple[str, str], float]]] = []
    for index, cause, applies, evidence, best, needs in _plan(content).causes:
        if applies is not None and applies(eff, []) is not True:
            continue
        score = 0.0
        weights: dict[tuple[str, str], float] = {}
        for weight, when, tests in evidence:
            if when(eff, []) is True:
                score += weight
                for key in _cited(eff, tests):
                    weights[key] = weights.get(key, 0.0) + weight
        if score <= 0:
            continue
        needed = needs is None or needs(eff, []) is True
        found.append((index, cause.id, score, score / best, needed, weights))
    if not found:
        return []
    top = max(score for _, _, score, _, _, _ in found)
    out: list[tuple[int, CauseResult]] = []
    for index, cid, score, share, needed, weights in found:
        relative = score / top
        likelihood = (
            "high" if share >= policy.high_share and relative >= policy.high_relative
            else "medium" if share >= policy.medium_share and relative >= policy.medium_relative
            else "low"
        )
        if not needed:
            likelihood = "low"
        because, against = _sides(weights)
        out.append((index, CauseResult(cid, round(score, 3), round(share, 3), likelihood,
                                       because, against, round(relative, 3))))
    out.sort(key=lambda pair: (-pair[1].score, -pair[1].share, pair[0]))
    return [r for _, r in out]


def _sides(weights: dict[tuple[str, str], float]
           ) -> tuple[tuple[Cited, ...], tuple[Cited, ...]]:
    """Quoted answers for and against, grouped by question. An option whose
    evidence nets to zero is not quoted; where the whole answer counted on one
    side and some of it on the other, only the heavier side keeps the question."""
    by_q: dict[str, dict[str, float]] = {}
    for (q, option), w in weights.items():
        if w:
            by_q.setdefault(q, {})[option] = w
    because: list[Cited] = []
    against: list[Cited] = []
    for q, options in by_q.items():
        plus = {o: w for o, w in options.items() if w > 0}
        minus = {o: w for o, w in options.items() if w < 0}
        if plus and minus and ("" in plus or "" in minus):
            if sum(plus.values()) >= -sum(minus.values()):
                minus = {}
            else:
                plus = {}
        for side, chosen in ((because, plus), (against, minus)):
            if chosen:
                side.append(Cited(q, () if "" in chosen else tuple(chosen)))
    return tuple(because), tuple(against)


def _first_steps(content: Content, eff: Mapping[str, AnswerValue], disposition: str,
                 checking: bool = False, found_rank: int = 0
                 ) -> tuple[list[str], list[Withheld]]:
    """(offered step ids, withheld steps with the reason) for these answers.

    `checking`: something needs checking first; `found_rank`: the most urgent tier
    of a warning sign actually found, not just not ruled out."""
    offered: list[str] = []
    withheld: list[Withheld] = []
    rank = TIER_RANK[disposition]
    for step, offer, max_rank, avoids in _plan(content).steps:
        if offer is not None and offer(eff, []) is not True:
            continue  # not relevant to this person
        if rank < TIER_RANK[step.min_tier] or (step.while_checking == "only" and not checking):
            continue  # advice for another situation
        if step.max_found_tier is not None and found_rank > TIER_RANK[step.max_found_tier]:
            continue  # for warning signs not ruled out, not for ones found
        if rank > max_rank:
            withheld.append(Withheld(step.id, "tier", None, ()))
            continue
        if checking and step.while_checking == "withhold":
            withheld.append(Withheld(step.id, "checking_first", None, ()))
            continue
        held = None  # a definite reason wins over one we could not rule out
        for i, when, qids in avoids:
            hits: list[str] = []
            value = when(eff, hits)
            if value is True:
                held = Withheld(step.id, "avoid", i, tuple(dict.fromkeys(hits)))
                break
            if value is None and held is None:
                unknown = tuple(q for q in qids if _is_unknown(content, eff, q))
                held = Withheld(step.id, "unknown", i, unknown)
        if held is None:
            offered.append(step.id)
        else:
            withheld.append(held)
    return offered, withheld


# --- Stopping when the outcome is settled -----------------------------------
#
# The possible values of a condition over every way the person could still
# answer: a bit set of _T (true), _N (unknown) and _F (false).
_T, _N, _F = 1, 2, 4
_ANY = _T | _N | _F


def _possible(content: Content, cond: Any, eff: Mapping[str, AnswerValue],
              free: Collection[str]) -> int:
    """Every value `cond` can still take. A test on a question in `free` (not
    answered yet, or not yet known to be asked) can end up true, false or unknown;
    every other test has its one value on `eff`. Children are treated as
    independent, which can only widen the set: sound for `settled`, never exact
    where two tests share a question."""
    if isinstance(cond, AllOf):
        parts = [_possible(content, c, eff, free) for c in cond.all]
        out = _F if any(p & _F for p in parts) else 0
        if all(p & _T for p in parts):
            out |= _T
        if all(p & (_T | _N) for p in parts) and any(p & _N for p in parts):
            out |= _N
        return out
    if isinstance(cond, AnyOf):
        parts = [_possible(content, c, eff, free) for c in cond.any]
        out = _T if any(p & _T for p in parts) else 0
        if all(p & _F for p in parts):
            out |= _F
        if all(p & (_N | _F) for p in parts) and any(p & _N for p in parts):
            out |= _N
        return out
    if isinstance(cond, NotOf):
        inner = _possible(content, cond.not_, eff, free)
        return (inner & _N) | (_F if inner & _T else 0) | (_T if inner & _F else 0)
    if isinstance(cond, AtLeast):
        parts = [_possible(content, c, eff, free) for c in cond.of]
        need = cond.at_least
        can_true = sum(1 for p in parts if p & _T)
        sure_true = sum(1 for p in parts if p == _T)
        never_false = sum(1 for p in parts if not p & _F)
        can_unknown = sum(1 for p in parts if p & _N)
        flexible = sum(1 for p in parts if p == _T | _F)
        out = _T if can_true >= need else 0
        if never_false < need:
            out |= _F
        if sure_true < need and \
                sure_true + can_unknown + min(flexible, need - 1 - sure_true) >= need:
            out |= _N
        return out
    if cond.q in free:
        return _ANY
    value = content.compiled(cond)(eff, [])
    return _T if value is True else _F if value is False else _N


def open_questions(content: Content, answers: Mapping[str, AnswerValue | None]
                   ) -> tuple[dict[str, AnswerValue], set[str]]:
    """(the answers that count for sure, the questions still open).

    A question is open when it has no answer yet and may still be asked, or when
    whether it is asked still depends on an open question (then even a given
    answer may or may not count). A key with the value None is a question the
    person skipped: known to be unknown, not open. Skipped-by-logic questions
    count as SKIPPED, as in `assess`.
    """
    eff: dict[str, AnswerValue] = {}
    free: set[str] = set()
    for q in content.questions:
        red = q.section == "red_flags"
        can = _T if q.when is None else _possible(content, q.when, eff, free)
        if can == _F:
            eff[q.id] = SKIPPED
            continue
        # Asked for sure: a warning-sign question is asked when undecided too.
        asked = can == _T or (red and not can & _F)
        if not asked and not can & (_T | _F):
            continue  # a symptom question that is never asked: not answered
        if asked and q.id in answers:
            value = answers[q.id]
            if value is not None:
                eff[q.id] = value
            continue
        free.add(q.id)
    return eff, free


def settled(content: Content, answers: Mapping[str, AnswerValue | None]) -> bool:
    """True when no answer to any question still open can change the outcome:
    the disposition, which warning signs are found and which could not be ruled
    out, what needs checking first, the first steps offered and withheld (and
    why), and the causes shown to the person.

    Conservative: True only when that is certain (see `_possible`); False may be
    returned in a case that is in fact settled. The interview then goes straight
    to the review (Session.next_step).

    Warning signs and safety rule 2: every red flag must have one certain status
    (found, not ruled out, or ruled out) before this can be True. So a
    warning-sign question is only left out when no answer to it could change
    any flag, for example a flag that an answer already found; even after an
    emergency the remaining warning-sign questions are still asked, for the
    clinician. A question left out is not answered: the summary lists it with
    the warning-sign questions not answered (unknown), never as "no".
    """
    eff, free = open_questions(content, answers)
    if not free:
        return True
    plan = _plan(content)
    triggered: list[FlagResult] = []
    possible: list[FlagResult] = []
    for flag, _when, _qids in plan.flags:
        can = _possible(content, flag.when, eff, free)
        if can == _T:
            triggered.append(FlagResult(flag.id, flag.tier, ()))
        elif can == _N:
            possible.append(FlagResult(flag.id, flag.tier, ()))
        elif can != _F:
            return False
    cap_tier = content.meta.policy.unknown_red_flag_cap
    cap = TIER_RANK[cap_tier]
    ranks = [TIER_RANK[f.tier] for f in triggered]
    ranks += [min(TIER_RANK[f.tier], cap) for f in possible]
    low = high = max(ranks, default=0)
    for rule in content.rules:
        can = _possible(content, rule.when, eff, free)
        if can & _T:
            high = max(high, TIER_RANK[rule.tier])
            if can == _T:
                low = max(low, TIER_RANK[rule.tier])
    if low != high:
        return False
    rank = low
    checking = bool(checking_first(content, triggered, possible))
    found_rank = max((TIER_RANK[f.tier] for f in triggered), default=0)
    if not _steps_settled(content, eff, free, rank, checking, found_rank):
        return False
    if checking:
        return True  # no cause is shown while something needs checking first
    for cause in content.causes:
        conds = [cause.applies_if, cause.needs, *(ev.when for ev in cause.evidence)]
        for cond in conds:
            if cond is not None and not _sure(_possible(content, cond, eff, free)):
                return False
    return True


def _sure(can: int) -> bool:
    """Whether 'the condition holds' is certain either way (the engine acts only
    on True: unknown and false alike mean 'does not hold')."""
    return can == _T or not can & _T


def _steps_settled(content: Content, eff: Mapping[str, AnswerValue], free: Collection[str],
                   rank: int, checking: bool, found_rank: int) -> bool:
    """Whether every first step's fate (offered, or withheld and why) is certain,
    following `_first_steps` rule by rule."""
    for step in content.first_steps:
        if step.offer_if is not None:
            can = _possible(content, step.offer_if, eff, free)
            if not _sure(can):
                return False
            if can != _T:
                continue
        if rank < TIER_RANK[step.min_tier] or (step.while_checking == "only" and not checking):
            continue
        if step.max_found_tier is not None and found_rank > TIER_RANK[step.max_found_tier]:
            continue
        if rank > TIER_RANK[step.max_tier] or (checking and step.while_checking == "withhold"):
            continue
        unknown_seen = False
        for avoid in step.avoid_if:
            can = _possible(content, avoid.when, eff, free)
            if can == _T:
                break  # avoided for this reason, whatever comes after
            if can & _T:
                return False
            if can & _N:
                if unknown_seen:
                    continue  # an earlier unknown already holds it, unless a later true
                if can != _N:
                    return False
                unknown_seen = True
    return True
