"""The UI-free interview session (sciatica_tui/core/session.py)."""

from __future__ import annotations

import subprocess
import sys

from sciatica_tui.core.engine import asked_questions
from sciatica_tui.core.session import Session

from .conftest import DISC, clear_screening


def test_a_new_session_is_empty_and_starts_at_question_one(content):
    s = Session()
    assert s.empty and s.answers == {} and s.history == [] and s.alerted == set()
    step = s.next_step(content)
    assert step.qid == content.questions[0].id
    group = content.group_of(step.qid)
    assert step.kind == ("question" if group is None else "group")


def test_record_interrupts_once_for_an_emergency_and_back_steps_through(content):
    s = Session()
    first = content.questions[0].id
    new = s.record(content, first, "yes")  # numb skin: an emergency
    assert [f.id for f in new] and s.alerted == {f.id for f in new}
    assert s.record(content, first, "yes") == []  # shown once
    assert not s.empty
    back = s.back()
    assert back is not None and back.qid == first and s.back() is None  # answered twice: once
    assert s.answers[first] == "yes"  # Back keeps the answer to show it chosen


def test_a_warning_sign_cleared_and_raised_again_interrupts_again(content):
    """Shown once while it stays raised; changed to "no" (or a checklist emptied)
    and back to "yes", it interrupts again: a new emergency answer (a trial found
    it went straight on). Nothing is marked shown that was not."""
    from sciatica_tui.core.session import CheckinSession

    first = content.questions[0].id
    for s in (Session(), CheckinSession(content, {})):
        raised = [f.id for f in s.record(content, first, "yes")]
        assert raised and s.record(content, first, "yes") == []
        assert s.record(content, first, "no") == [] and not s.alerted
        assert [f.id for f in s.record(content, first, "yes")] == raised
    # A checklist line emptied (Session.forget with the content), then ticked again.
    q = next(q for q in content.questions if q.type == "multi" and any(
        Session().record(content, q.id, [o]) for o in q.option_ids))
    sign = next(o for o in q.option_ids if Session().record(content, q.id, [o]))
    s = Session()
    assert s.record(content, q.id, [sign])
    s.forget(q.id, content)
    assert not s.alerted
    assert s.record(content, q.id, [sign])
    # Forgotten without the content (as before): nothing changes in what was shown.
    s.forget(q.id)
    assert s.alerted


def test_the_urgent_notice_comes_once_at_the_end_of_screening(content):
    s = Session()
    s.answers.update({**clear_screening(content), "fever": "yes"})
    step = s.next_step(content)
    assert step.kind == "urgent" and [f.id for f in step.flags]
    assert s.next_step(content).kind in ("question", "group")  # the symptoms come next


def test_the_review_lists_what_was_asked(content):
    s = Session()
    s.answers.update({**clear_screening(content), **DISC})
    assert s.next_step(content).kind == "review"
    assert s.asked(content) == asked_questions(content, s.answers)


def test_the_review_lists_the_questions_in_the_order_they_were_answered(content):
    """Screen by screen, as the person met them (a group's lines together; they
    were listed in questions.toml's order, which put one screen's lines among
    another's); a changed answer keeps its place; the same in every front end
    (the TUI and plain mode both list Session.asked)."""
    s = Session()
    answered: list[str] = []
    for _ in range(80):
        step = s.next_step(content)
        if step.kind == "review":
            break
        if step.kind == "urgent":
            continue
        for qid in step.qids or (step.qid,):
            q = content.question(qid)
            value = {**clear_screening(content), **DISC}.get(qid)
            if value is None:
                value = (q.option_ids[-1] if q.type != "multi" else [q.option_ids[-1]]) \
                    if q.options else int(q.min or 0)
            s.record(content, qid, value)
            answered.append(qid)
    assert s.next_step(content).kind == "review"
    listed = s.asked(content)
    assert listed == answered
    assert listed != asked_questions(content, s.answers)  # not questions.toml's order
    s.record(content, answered[3], s.answers[answered[3]])  # changed from the review
    assert s.asked(content) == answered
    # A screen's lines answered out of order are still listed in the screen's order.
    group = next(g for g in content.groups if len(g.questions) >= 3
                 and all(q in answered for q in g.questions[:3]))
    t = Session()
    for qid in reversed(answered):
        t.record(content, qid, s.answers[qid])
    rows = [q for q in t.asked(content) if q in group.questions]
    assert rows == [q for q in group.questions if q in rows]


def test_the_session_imports_no_textual():
    code = ("import sys, sciatica_tui.core.session, sciatica_tui.store.staff_pin; "
            "assert not [m for m in sys.modules if m.startswith('textual')]")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_checkin_session_has_the_same_shape(content):
    from sciatica_tui.core.checkin import checkin_ids
    from sciatica_tui.core.session import CheckinSession

    before = {**clear_screening(content), **DISC}
    s = CheckinSession(content, before)
    assert not s.empty and s.done == []  # it holds the last answers, none of today's
    first = s.next_step(content)
    assert first.kind == "question" and first.qid == checkin_ids(content)[0]
    assert s.position(content) == (1, len(checkin_ids(content)))
    new = s.record(content, "bladder_change", "yes")  # an emergency: interrupts at once
    assert [f.id for f in new] == ["ces_bladder"] and s.done == ["bladder_change"]
    back = s.back()
    assert back is not None and back.qid == "bladder_change" and s.done == []
    assert s.answers["bladder_change"] == "yes"  # kept, to show as chosen
    assert s.back() is None
    while (step := s.next_step(content)).kind != "review":
        q = content.question(step.qid)
        s.record(content, step.qid, "no" if q.type == "yes_no_unsure" else before.get(step.qid))
    assert set(s.given()) == set(s.done) <= set(checkin_ids(content))


def _state(s: Session) -> tuple:
    return (dict(s.answers), list(s.history), set(s.alerted), s.urgent_shown, s.showing,
            s.more)


def test_peek_next_step_says_what_comes_next_and_changes_nothing(content):
    """Session.peek_next_step (the TUI makes the next question's screen ahead
    from it) returns what next_step would, and leaves the session as it was: at
    the start, at the urgent notice (which next_step marks shown), mid-walk,
    and at the review."""
    cases = [{}, {**clear_screening(content), "fever": "yes"}, clear_screening(content),
             {**clear_screening(content), **DISC}]
    for answers in cases:
        s = Session()
        s.answers.update(answers)
        s.history += list(answers)[:3]
        before = _state(s)
        peeked = s.peek_next_step(content)
        assert _state(s) == before
        assert peeked == s.next_step(content)
    # Walked a step at a time: each peek is the step that then comes.
    s = Session()
    for _ in range(40):
        peeked = s.peek_next_step(content)
        step = s.next_step(content)
        assert peeked == step
        if step.kind in ("review", "urgent"):
            break
        for qid in step.qids or (step.qid,):
            q = content.question(qid)
            s.record(content, qid, "no" if q.type == "yes_no_unsure" else None)
