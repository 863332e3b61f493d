"""The daily check-in, UI-free: which questions it asks, and re-triage when
something has changed (new warning signs, new weakness or numbness, pain
rising for several days). The rules are content (questions.toml `recheck`,
checkin.toml); this module only applies them. Which question comes next is the
check-in session's decision (session.CheckinSession)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .conditions import AnswerValue
from .content import TIER_RANK, Content
from .engine import FlagResult, red_flag_status

# Walking tolerance as a number for the trend chart (further = higher).
WALK_LEVEL = {"few_steps": 0, "short": 1, "long": 2, "no_limit": 3}


def checkin_ids(content: Content) -> list[str]:
    """Every question asked again at a check-in, warning signs first."""
    return [q.id for q in content.questions if q.recheck]


def baseline(content: Content, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The last answers without those a check-in asks again."""
    again = set(checkin_ids(content))
    return {k: v for k, v in answers.items() if k not in again}


@dataclass(frozen=True)
class Retriage:
    flags: tuple[FlagResult, ...]  # warning signs to show
    triggers: tuple[str, ...]  # checkin.toml triggers that fired
    tier: str  # the most urgent of both, or "self_care"


def retriage(content: Content, before: Mapping[str, AnswerValue],
             now: Mapping[str, AnswerValue], series: Sequence[Mapping[str, object]]
             ) -> Retriage:
    """Compare a finished check-in (`now`: every answer as of today) with the answers
    as they stood before it, and with earlier check-ins (`series`, oldest first,
    each mapping question id -> answer). Emergency warning signs always show; others
    show when they are new since last time."""
    was, _ = red_flag_status(content, before)
    was_ids = {f.id for f in was}
    found, _ = red_flag_status(content, now)
    flags = tuple(f for f in found if f.tier == "emergency" or f.id not in was_ids)
    fired = []
    for t in content.triggers:
        if t.kind == "became_yes":
            hit = any(before.get(q) == "no" and now.get(q) == "yes" for q in t.questions)
        else:
            hit = any(_rising([*(s.get(q) for s in series), now.get(q)], t.days)
                      for q in t.questions)
        if hit:
            fired.append(t)
    tiers = [f.tier for f in flags] + [t.tier for t in fired]
    tier = max(tiers, key=TIER_RANK.__getitem__) if tiers else "self_care"
    return Retriage(flags, tuple(t.id for t in fired), tier)


def _rising(values: Sequence[object], days: int) -> bool:
    """True when the last `days` values each rose above the one before."""
    last = values[-(days + 1):]
    if len(last) < days + 1 or not all(isinstance(v, (int, float)) for v in last):
        return False
    nums = [float(v) for v in last]  # type: ignore[arg-type]
    return all(b > a for a, b in zip(nums, nums[1:], strict=False))


def done_key(first: bool, has_steps: bool) -> str:
    """The ui.toml key of the calm line at the end of a check-in. A first check-in
    has nothing to compare with ("nothing new since last time" would be untrue),
    and "keep going with your first steps" needs a finished check that gave them."""
    if first:
        return "diary.done_first_steps" if has_steps else "diary.done_first"
    return "diary.done_ok" if has_steps else "diary.done_ok_no_steps"


def worst_of_day(entries: Sequence[Mapping[str, object]]) -> dict[str, object]:
    """Several records on one day (check-ins, full checks) as one: the worst of
    each, i.e. the highest leg and back pain and the shortest walk. The trend
    chart states this rule in its key (diary.chart_key)."""
    def highest(key: str) -> object:
        nums = [v for e in entries if isinstance(v := e.get(key), (int, float))]
        return max(nums) if nums else None

    walks = [v for e in entries if isinstance(v := e.get("walk"), str) and v in WALK_LEVEL]
    return {"leg": highest("leg"), "back": highest("back"),
            "walk": min(walks, key=WALK_LEVEL.__getitem__) if walks else None,
            "flagged": any(e.get("flagged") for e in entries),
            "full": any(e.get("full") for e in entries)}
