"""One person's interview, with no user interface in it: the one walker.

A `Session` holds what one person has told the program and where they are: the
answers, the questions answered in order (what Back steps through), the screen
shown now, and which warning signs they have already been shown. Every front
end (the TUI, plain mode, the demo replay) asks the session what comes next
(`next_step`), hands it each answer (`record`) and asks it where Back goes
(`back`); none of them walks the questions itself (a test scans the package for
that). The daily check-in has its own small session with the same shape
(`checkin.CheckinSession`), because it asks a different list of questions.

Which question is asked is the engine's decision (`engine.next_question`, from
the content's "when" conditions); the session only asks it. The TUI holds
exactly one `Session` and replaces it with a new, empty one whenever one
person's turn ends (see `SciaticaApp.new_session`), so nothing of the last
person can be reached by the next one.

The rule for a question that cannot be decided yet (its "when" looks at a
question with no answer):

- while the question it depends on is still to be asked, it waits: it is not
  shown, and a group screen leaves that row out (the row comes on a later
  screen, once its parent is answered);
- once the parent was answered "not sure" or skipped, the "when" stays
  undecided for good: a warning-sign question is then asked (when unsure, ask
  rather than assume) and a symptom question is not (engine._walk).

Grouped questions (content/groups.toml) are presentation only: the engine still
decides question by question, so every warning sign is still asked and an
emergency answer to one row interrupts before the rest of the screen.

Nothing here imports Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from .conditions import AnswerValue
    from .content import Content
    from .engine import FlagResult


class Step(NamedTuple):
    """What to show next.

    kind "question": ask `qid`. "group": the rows `qids` on one screen, in order,
    under the title of `group` (content.group(id).title); `qid` is the first row.
    "urgent": the end-of-screening notice (shown once): the urgent warning signs
    found (`flags`), those a "not sure" left open (`unsure`) and the urgent rules
    that hold (`rules`; engine.screening_notice). "review": every question asked,
    for checking before the results."""

    kind: Literal["question", "group", "urgent", "review"]
    qid: str | None = None  # "question": the question; "group": the first row
    flags: tuple[FlagResult, ...] = ()
    unsure: tuple[FlagResult, ...] = ()  # "urgent": warning signs not ruled out
    rules: tuple[str, ...] = ()  # "urgent": urgent symptom rules that hold
    qids: tuple[str, ...] = ()  # "group": the rows on this one screen, in order
    group: str | None = None  # "group": the group id (content.group(id).title)
    # "question" asked under "Tell us more": it cannot change the outcome, and
    # the person may skip it or stop there (back to the review).
    optional: bool = False


class Session:
    """One person's answers and place in the questions. Made empty; never reused
    for another person (make a new one)."""

    __slots__ = ("alerted", "answers", "first_answered", "history", "more", "showing",
                 "urgent_shown")

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}
        self.history: list[str] = []  # question ids in the order answered (for Back)
        # Each question id once, in the order first answered (the review's order).
        self.first_answered: dict[str, None] = {}
        self.alerted: set[str] = set()  # emergency warning signs already interrupted for
        self.urgent_shown = False  # the end-of-screening urgent notice has been shown
        self.showing: Step | None = None  # the question or group screen shown now
        self.more = False  # answering the optional questions ("Tell us more")

    @property
    def empty(self) -> bool:
        """Nothing given yet: no answer and no step taken."""
        return not self.answers and not self.history

    # -- "Tell us more": the optional questions after the outcome is settled -----
    def optional(self, content: Content) -> list[str]:
        """The questions the interview would still ask that were left out because
        the outcome was settled: no answer to them can change it (engine.settled).
        Offered at the review as "Tell us more (optional)"; never required. Empty
        while the outcome is not settled (then nothing is optional)."""
        from .engine import asked_questions, settled

        if not self.answers or not settled(content, self.answers):
            return []
        return [q for q in asked_questions(content, self.answers) if q not in self.answers]

    def tell_more(self) -> None:
        """The person chose "Tell us more": the optional questions come next, one
        at a time (`Step.optional`), each one skippable, until they are done or
        the person stops (`stop_more`)."""
        self.more = True

    def stop_more(self) -> None:
        """Back to the review: the optional questions not answered stay unanswered."""
        self.more = False

    def next_step(self, content: Content) -> Step:
        """The next thing to show: the rest of the group of the last answer, if
        any; else the first question not answered yet (with the other rows of its
        group that can be asked now); at the start of the symptom questions, once,
        the urgent warning signs found during screening; at the end, the review.
        Returning the urgent notice marks it shown. As soon as no remaining answer
        can change the outcome (engine.settled), the review comes next, even in the
        middle of a group: the questions left are not asked, and a warning-sign
        question left is reported as unknown."""
        from .engine import asked_questions, next_question, screening_notice, settled

        if self.more:
            # "Tell us more": what settling left out, in order, one question at a
            # time (a question skipped here is answered as unknown, and not asked
            # again); then the review.
            q = next_question(content, self.answers)
            if q is not None:
                step = Step("question", q.id, optional=True)
                self.showing = step
                return step
            self.more = False
            self.showing = None
            return Step("review", flags=())
        shown = self.showing
        if shown is not None and shown.kind == "group":
            # Next on a screen gone back to, its answers kept as they were: they
            # are answered again (Back comes here again).
            self.history += [q for q in shown.qids
                             if q in self.answers and q not in self.history]

        if self.answers and settled(content, self.answers):
            self.showing = None
            return Step("review", flags=())

        started = content.group_of(self.history[-1]) if self.history else None
        # A group begun is finished first (after an emergency interrupted it, when
        # a row's follow-up became due, or after Back and Next again): its rows
        # still to answer, before any question that comes earlier in
        # questions.toml. The one just answered in first; then any other begun,
        # in the order the groups start in questions.toml.
        begun = [started] if started is not None else []
        order = content.derived("question_order", lambda: {
            q.id: i for i, q in enumerate(content.questions)})
        begun += sorted((g for g in content.groups if g is not started
                         and any(q in self.answers for q in g.questions)),
                        key=lambda g: min(order[q] for q in g.questions))
        for open_group in begun:
            rest = self._askable_rows(content, open_group.questions)
            if rest:
                if open_group is not started:
                    # Come to again (after Back): the whole screen, the lines
                    # answered before shown with their answers.
                    seen = set(asked_questions(content, self.answers))
                    rest = [q for q in open_group.questions if q in rest or (
                        q in seen and q in self.answers and q not in self.history)]
                step = Step("group", rest[0], qids=tuple(rest), group=open_group.id)
                self.showing = step
                return step
        q = next_question(content, self.answers)
        if q is None:
            self.showing = None
            return Step("review", flags=())
        if q.section == "symptoms" and not self.urgent_shown:
            self.urgent_shown = True
            notice = screening_notice(content, self.answers)
            if notice.any():
                self.showing = None
                return Step("urgent", flags=notice.found, unsure=notice.not_ruled_out,
                            rules=notice.rules)
        group = content.group_of(q.id)
        if group is None:
            step = Step("question", q.id)
        else:
            rows = self._askable_rows(content, group.questions)
            if q.id not in rows:  # cannot happen with checked content; never hide q
                rows = [q.id, *rows]
            step = Step("group", rows[0], qids=tuple(rows), group=group.id)
        self.showing = step
        return step

    def peek_next_step(self, content: Content) -> Step:
        """What next_step would return now, without changing this session (its
        place, history and notices stay as they are): for a screen made ahead."""
        peek = Session()
        peek.answers = self.answers  # read only: next_step never changes answers
        peek.history = list(self.history)
        peek.alerted = set(self.alerted)
        peek.urgent_shown, peek.showing, peek.more = self.urgent_shown, self.showing, self.more
        return peek.next_step(content)

    def _askable_rows(self, content: Content, qids: list[str]) -> list[str]:
        """The rows of a group that can be asked now: asked by the engine, not yet
        answered, and not waiting for an unanswered question (see the rule above)."""
        from .conditions import question_ids
        from .engine import asked_questions

        asked = asked_questions(content, self.answers)
        pending = {qid for qid in asked if qid not in self.answers}
        rows = []
        for qid in qids:
            if qid not in pending:
                continue
            when = content.question(qid).when
            if when is not None and pending.intersection(question_ids(when)):
                continue  # waits for its parent
            rows.append(qid)
        return rows

    def asked(self, content: Content) -> list[str]:
        """Every question asked so far, for the review: in the order the person
        answered them (screen by screen, a group's lines together), then any not
        answered in the content's order."""
        from .engine import asked_questions

        place = {qid: i for i, qid in enumerate(self.first_answered)}

        def order(qid: str) -> tuple[bool, int, int]:
            if qid not in place:
                return True, 0, 0  # (sorted stably: in the content's order)
            group = content.group_of(qid)
            if group is None:
                return False, place[qid], 0
            # A group's lines together, where its first answer was, in its order.
            rows = group.questions
            return False, min(place[r] for r in rows if r in place), rows.index(qid)

        return sorted(asked_questions(content, self.answers), key=order)

    @staticmethod
    def check(content: Content, qid: str, value: Any,
              words: Any = None) -> AnswerValue | None:
        """The answer as the core keeps it, or AnswerError with one clear line (in
        the words' language, when given): the one rule for answers
        (answers.validate_answer) that every front end and answer file follows."""
        from .answers import validate_answer

        if value is None:
            return None
        return validate_answer(content.question(qid), value, words)

    def record(self, content: Content, qid: str, value: Any) -> list[FlagResult]:
        """Keep an answer (None: skipped, so unknown) and return the emergency
        warning signs it raises that were not shown before (now marked shown):
        each must interrupt at once, even in the middle of a group screen.
        Raises AnswerError (nothing kept) for an answer the core does not accept."""
        from .engine import alerts_due

        self.answers[qid] = self.check(content, qid, value)
        self.first_answered.setdefault(qid)
        if qid in self.history:
            self.history.remove(qid)
        self.history.append(qid)
        # A sign cleared by a changed answer interrupts again if raised again.
        return alerts_due(content, self.answers, self.alerted)

    def forget(self, qid: str, content: Content | None = None) -> None:
        """Take back the answer to `qid` (a group's checklist line emptied again):
        it is not answered, as before it was asked (not skipped, not "no"). With
        `content`, a warning sign it no longer raises interrupts again if raised
        again (see record)."""
        from .engine import drop_cleared

        self.answers.pop(qid, None)
        if qid in self.history:
            self.history.remove(qid)
        if content is not None:
            drop_cleared(content, self.answers, self.alerted)

    def restore(self, content: Content, answers: dict[str, Any]) -> list[FlagResult]:
        """Carry on from saved answers (a resumed assessment): keep those the
        content knows, in asked order as the Back history, and return the
        emergency warning signs they raise (shown again first, now marked shown)."""
        from .engine import asked_questions, new_emergency_flags

        self.answers.update({k: v for k, v in answers.items() if content.has_question(k)})
        self.history[:] = [q for q in asked_questions(content, self.answers)
                           if q in self.answers]
        for qid in self.history:
            self.first_answered.setdefault(qid)
        new = new_emergency_flags(content, self.answers, self.alerted)
        self.alerted.update(f.id for f in new)
        return new

    def back(self, content: Content | None = None) -> Step | None:
        """The screen before the one shown now, or None when there is none (the
        first screen). Its answers are kept, to show as chosen; rows answered on a
        group screen being left are taken off the Back history too (their answers
        stay). A group is gone back to as a whole screen; without `content`, every
        step is one question."""
        current = set(self.showing.qids) if self.showing and self.showing.kind == "group" else set()
        before = [q for q in self.history if q not in current]
        if not before:
            return None
        self.history[:] = before
        last = self.history.pop()
        group = content.group_of(last) if content is not None else None
        if group is None:
            step = Step("question", last)
        else:
            rows = {last}
            while self.history and self.history[-1] in group.questions:
                rows.add(self.history.pop())
            ordered = tuple(q for q in group.questions if q in rows)
            step = Step("group", ordered[0], qids=ordered, group=group.id)
        self.showing = step
        return step

    def show(self, step: Step) -> Step:
        """Note a screen shown out of turn (a question opened from the review)."""
        self.showing = step
        return step


class CheckinSession:
    """The daily check-in's walker, with the same shape as `Session` (answers,
    history, alerted, next_step, record, back): it asks again the questions
    marked `recheck` (warning signs first), on top of the last assessment's other
    answers (`checkin.baseline`). A question's "when" is read on those answers by
    the same rule as the interview: a warning-sign question whose "when" cannot
    be decided is asked, a symptom question is not. The end is a "review" step:
    the front end then finishes the check-in (`checkin.retriage`)."""

    __slots__ = ("alerted", "answers", "before", "done", "history", "showing", "urgent_shown")

    def __init__(self, content: Content, before: dict[str, Any]) -> None:
        from .checkin import baseline

        self.before = dict(before)  # the answers as they stood before today
        self.answers: dict[str, Any] = baseline(content, before)
        self.history: list[str] = []  # today's questions in the order answered
        self.done: list[str] = []  # today's questions answered (what is saved)
        self.alerted: set[str] = set()
        self.urgent_shown = True  # a check-in shows its warning signs at the end
        self.showing: Step | None = None

    @property
    def empty(self) -> bool:
        """As for Session: nothing held (a check-in holds the last answers)."""
        return not self.answers and not self.history

    def next_step(self, content: Content) -> Step:
        """The next check-in question not answered today, else "review" (finish)."""
        from .checkin import checkin_ids

        for qid in checkin_ids(content):
            if qid in self.done:
                continue
            q = content.question(qid)
            state = True if q.when is None else content.compiled(q.when)(self.answers, [])
            if state is True or (state is None and q.section == "red_flags"):
                self.showing = Step("question", qid)
                return self.showing
        self.showing = None
        return Step("review")

    def position(self, content: Content) -> tuple[int, int]:
        """(this question's number, how many a check-in asks at most)."""
        from .checkin import checkin_ids

        return len(self.done) + 1, len(checkin_ids(content))

    def given(self) -> dict[str, Any]:
        """Today's answers, in the order answered."""
        return {q: self.answers.get(q) for q in self.done}

    def record(self, content: Content, qid: str, value: Any) -> list[FlagResult]:
        """Keep today's answer (checked by the one rule) and return the emergency
        warning signs it raises that were not shown today: each interrupts at once."""
        from .engine import alerts_due

        self.answers[qid] = Session.check(content, qid, value)
        for seen in (self.history, self.done):
            if qid in seen:
                seen.remove(qid)
            seen.append(qid)
        return alerts_due(content, self.answers, self.alerted)

    def forget(self, qid: str, content: Content | None = None) -> None:
        """As for Session: today's answer to `qid` taken back (the last answer
        before today counts again)."""
        from .engine import drop_cleared

        if qid in self.before:
            self.answers[qid] = self.before[qid]
        else:
            self.answers.pop(qid, None)
        for seen in (self.history, self.done):
            if qid in seen:
                seen.remove(qid)
        if content is not None:
            drop_cleared(content, self.answers, self.alerted)

    def back(self, content: Content | None = None) -> Step | None:
        """Today's question before this one (its answer kept), or None at the first."""
        if not self.history:
            return None
        qid = self.history.pop()
        if qid in self.done:
            self.done.remove(qid)
        self.showing = Step("question", qid)
        return self.showing
