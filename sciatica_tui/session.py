"""One person's interview, with no user interface in it.

A `Session` holds what one person has told the program and where they are: the
answers, the questions answered in order (what Back steps through), and which
warning signs they have already been shown. Which question comes next is the
engine's decision (`engine.next_question`); the session only asks it and keeps
the person's place. The TUI holds exactly one `Session` and replaces it with a new,
empty one whenever one person's turn ends (see `SciaticaApp.new_session`), so
nothing of the last person can be reached by the next one.

Nothing here imports Textual: plain mode, the daily check-in and the demo can
drive the same object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from .engine import FlagResult
    from .runtime import Content


class Step(NamedTuple):
    """What to show next.

    kind "question": ask `qid`; "urgent": the end-of-screening notice for the
    urgent warning signs in `flags` (shown once); "review": every question asked,
    for checking before the results."""

    kind: Literal["question", "urgent", "review"]
    qid: str | None = None
    flags: tuple[FlagResult, ...] = ()


class Session:
    """One person's answers and place in the questions. Made empty; never reused
    for another person (make a new one)."""

    __slots__ = ("alerted", "answers", "history", "urgent_shown")

    def __init__(self) -> None:
        self.answers: dict[str, Any] = {}
        self.history: list[str] = []  # question ids in the order answered (for Back)
        self.alerted: set[str] = set()  # emergency warning signs already interrupted for
        self.urgent_shown = False  # the end-of-screening urgent notice has been shown

    @property
    def empty(self) -> bool:
        """Nothing given yet: no answer and no step taken."""
        return not self.answers and not self.history

    def next_step(self, content: Content) -> Step:
        """The next thing to show: the first question not answered yet; at the
        start of the symptom questions, once, the urgent warning signs found during
        screening; at the end, the review. Returning the urgent notice marks it
        shown. As soon as no remaining answer can change the outcome
        (engine.settled), the review comes next: the questions left are not
        asked, and a warning-sign question left is reported as unknown."""
        from .engine import next_question, settled, urgent_flags

        q = next_question(content, self.answers)
        if q is None or settled(content, self.answers):
            return Step("review", flags=())
        if q.section == "symptoms" and not self.urgent_shown:
            self.urgent_shown = True
            urgent = urgent_flags(content, self.answers)
            if urgent:
                return Step("urgent", flags=tuple(urgent))
        return Step("question", q.id)

    def asked(self, content: Content) -> list[str]:
        """Every question asked so far, in order (for the review)."""
        from .engine import asked_questions

        return asked_questions(content, self.answers)

    def record(self, content: Content, qid: str, value: Any) -> list[FlagResult]:
        """Keep an answer (None: skipped, so unknown) and return the emergency
        warning signs it raises that were not shown before (now marked shown):
        each must interrupt at once."""
        from .engine import new_emergency_flags

        self.answers[qid] = value
        self.history.append(qid)
        new = new_emergency_flags(content, self.answers, self.alerted)
        self.alerted.update(f.id for f in new)
        return new

    def back(self) -> str | None:
        """The question to go back to (its answer is kept, to show as chosen), or
        None at the first question."""
        return self.history.pop() if self.history else None
