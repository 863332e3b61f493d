"""Answer sets for result tests that hold whatever warning-sign questions the
content asks: every warning-sign question that is asked gets an answer that raises
no concern, found by trying the options through the engine (so new questions and
follow-ups need no change here)."""

from __future__ import annotations

from typing import Any

from sciatica_tui.core.conditions import question_ids
from sciatica_tui.core.engine import asked_questions, assess


def _quiet(content, answers: dict[str, Any], q) -> Any:
    """The answer to q that leaves the fewest warning signs found, then the fewest
    not ruled out ("no" and "none" first when they tie)."""
    if q.type == "yes_no_unsure":
        candidates: list[Any] = ["no", "yes"]
    elif q.type == "single":
        candidates = [o for o in q.option_ids if o not in q.unknown_option_ids]
        candidates.sort(key=lambda o: o != "no")
    elif q.type == "multi":
        plain = [o for o in q.option_ids if o not in q.unknown_option_ids]
        candidates = [[o] for o in sorted(plain, key=lambda o: o != "none")]
    else:
        candidates = [35 if q.id == "age" else q.min]
    def noise(value: Any) -> tuple[int, int, int]:
        # an answer that would stop a chosen answer from counting (sex "male" with
        # pregnant given) is never the calm one
        a = assess(content, {**answers, q.id: value})
        return len(a.ignored_answers), len(a.red_flags), len(a.possible_red_flags)

    return min(candidates, key=noise)


def calm(content, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """`extra` (symptom answers, or chosen warning-sign answers) plus a calm answer
    to every other question that would be asked and that a warning sign looks at."""
    answers: dict[str, Any] = dict(extra or {})
    watched = {q.id for q in content.questions if q.section == "red_flags"}
    watched |= {qid for f in content.red_flags for qid in question_ids(f.when)}
    while True:
        todo = [qid for qid in asked_questions(content, answers)
                if qid in watched and qid not in answers]
        if not todo:
            return answers
        answers[todo[0]] = _quiet(content, answers, content.question(todo[0]))
