"""Where the person is in the interview, for a progress bar. No UI imports.

`session_progress` gives the section names (Warning signs, About you, Your pain,
Results, in the reader's language from content/ui.toml), the section of the
current question, and how far along the person is, from 0 to 1.

The fraction is answered / (answered + still open), where "still open" counts
every question that may yet be asked (engine.open_questions: a question whose
skip logic is undecided counts as open). An answer moves one question from open
to answered and can only close others, so along a walk the fraction never goes
backwards; when the outcome is settled (engine.settled) nothing is open and the
fraction is 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .conditions import SKIPPED
from .content import Content
from .engine import open_questions, settled
from .i18n import tr

# The sections in order, as ui.toml keys.
SECTION_KEYS = ("progress.warning_signs", "progress.about_you", "progress.your_pain",
                "progress.results")
WARNING_SIGNS, ABOUT_YOU, YOUR_PAIN, RESULTS = range(4)
# The questions about the person rather than the pain. They sit between the most
# time-critical warning signs and the others (content/questions.toml), so a
# walk shows Warning signs, About you, Warning signs, Your pain, Results.
ABOUT_YOU_QUESTIONS = frozenset({"age", "sex", "pregnant"})


def section_of(content: Content, qid: str | None) -> int:
    """The progress section of a question; None (no question: review, results)
    is Results."""
    if qid is None or not content.has_question(qid):
        return RESULTS
    if qid in ABOUT_YOU_QUESTIONS:
        return ABOUT_YOU
    return WARNING_SIGNS if content.question(qid).section == "red_flags" else YOUR_PAIN


def fraction_done(content: Content, answers: Mapping[str, Any]) -> float:
    """How far along, 0 to 1: answered / (answered + still open)."""
    if settled(content, answers):
        return 1.0
    eff, free = open_questions(content, answers)
    done = sum(1 for qid in answers if qid not in free and content.has_question(qid)
               and eff.get(qid) is not SKIPPED)
    total = done + len(free)
    return done / total if total else 1.0


def session_progress(content: Content, answers: Mapping[str, Any], current: str | None,
                     lang: str = "en") -> tuple[list[str], int, float]:
    """(section names, index of the current section, fraction done 0..1).

    `current` is the question on screen, or None on the review and results
    (then the fraction is 1)."""
    names = [tr(content.ui[key], lang) for key in SECTION_KEYS]
    index = section_of(content, current)
    fraction = 1.0 if index == RESULTS else fraction_done(content, answers)
    return names, index, fraction
