"""Moved from sciatica_tui.report by tools/relayout.py: symptom_picture, to_json."""

from __future__ import annotations

from typing import Any

from ..core.content import Content
from ..core.engine import Assessment, FlagResult
from ..core.words import Words, timestamp


def symptom_picture(content: Content, a: Assessment) -> list[str]:
    """Ids of the symptom questions asked and answered, in question order."""
    return [q for q in a.asked if q in a.answers and content.question(q).section == "symptoms"]


def to_json(content: Content, a: Assessment, words: Words,
            generated: str | None = None) -> dict[str, Any]:
    """The documented JSON form of an assessment (see README)."""
    flags = {f.id: f for f in content.red_flags}
    causes = {c.id: c for c in content.causes}
    steps = {s.id: s for s in content.first_steps}
    disposition = content.disposition(a.disposition)

    def cause(c: Any) -> dict[str, Any]:
        return {
            "id": c.id,
            "label": words.t(causes[c.id].label),
            "likelihood": c.likelihood,
            "score": c.score,
            "relative": c.relative,
            "because": words.cited(a, c.because),
            "against": words.cited(a, c.against),
        }

    def flag(f: FlagResult, key: str) -> dict[str, Any]:
        return {
            "id": f.id,
            "label": words.t(flags[f.id].label),
            "disposition": f.tier,
            key: [words.quote(a, q) for q in f.because],
            "what_to_do": words.t(flags[f.id].action),
        }

    return {
        "disposition": a.disposition,
        "disposition_label": words.t(disposition.label),
        "timeframe": words.t(disposition.timeframe),
        "what_to_do": words.t(disposition.action),
        "reasons": [{"kind": r.kind, "id": r.id, "disposition": r.tier} for r in a.reasons],
        "red_flags": [flag(f, "because") for f in a.red_flags],
        "possible_red_flags": [flag(f, "unknown") for f in a.possible_red_flags],
        "checking_first": [
            {**words.concern(c),
             "because" if c.found else "unknown": [words.quote(a, q) for q in c.because]}
            for c in a.checking_first
        ],
        "causes_hidden": a.causes_hidden,
        # What the person is shown: none while something needs checking first.
        "likely_causes": [cause(c) for c in a.shown_causes],
        # Every cause with more evidence for than against, for a clinician; while
        # something needs checking first this is the secondary mechanical pattern.
        "all_causes": [cause(c) for c in a.likely_causes],
        "first_steps": [{"id": s, "label": words.t(steps[s].label)} for s in a.first_steps],
        "withheld_steps": [
            {"id": w.id, "label": words.t(steps[w.id].label), "why": words.withheld_why(w)}
            for w in a.withheld_steps
        ],
        "unanswered_red_flag_questions": list(a.unanswered_red_flag_questions),
        "red_flag_questions_clear": list(a.red_flag_questions_clear),
        "symptoms": [words.quote(a, q) for q in symptom_picture(content, a)],
        "safety_net": words.tl(disposition.safety_net),
        "ignored_answers": list(a.ignored_answers),
        "content_version": a.content_version,
        "content_status": words.draft_note(),
        "generated": generated or timestamp(),
        "language": words.lang,
    }
