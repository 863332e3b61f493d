"""The JSON form of an assessment (`assess --format json`, documented in README).

It says what the result view model says (result_view.build_view), never its own
choice: the disposition and the action now, why, what needs checking first, the
warning signs found and not ruled out, the causes, the steps and the steps left
out, the safety net. It adds what a machine needs beside the words: ids, the
engine's reasons with their tiers, cause scores, and each answer quoted with its
question id. One view model, every format (issue 15 item 2).
"""

from __future__ import annotations

from typing import Any

from ..core.content import Content
from ..core.engine import Assessment
from ..core.words import Words
from .result_view import Finding, build_view, symptom_picture

__all__ = ["symptom_picture", "to_json"]


def to_json(content: Content, a: Assessment, words: Words,
            generated: str | None = None) -> dict[str, Any]:
    """The documented JSON form of an assessment (see README)."""
    v = build_view(content, a, words, generated)
    scores = {c.id: c for c in a.likely_causes}
    # The view's words for every cause it names: shown, secondary (while something
    # needs checking first) or weaker ("other causes"), in the engine's order.
    labels = {c.id: c.label for c in (*v.causes, *v.secondary_causes)}
    labels.update(zip((c.id for c in a.likely_causes if c.id not in labels),
                      v.weaker_causes, strict=False))

    def cause(cid: str) -> dict[str, Any]:
        ranked = scores[cid]
        return {
            "id": cid,
            "label": labels[cid],
            "likelihood": ranked.likelihood,
            "score": ranked.score,
            "relative": ranked.relative,
            "because": words.cited(a, ranked.because),
            "against": words.cited(a, ranked.against),
        }

    def flag(f: Finding, key: str) -> dict[str, Any]:
        return {
            "id": f.id,
            "label": f.label,
            "disposition": f.tier,
            key: [words.quote(a, q) for q in f.questions],
            "what_to_do": f.action,
        }

    concerns = {c.concern: c for c in a.checking_first}

    def concern(f: Finding) -> dict[str, Any]:
        data = words.concern(concerns[f.id])
        return {**data, "label": f.label, "what_to_do": f.action,
                "because" if f.found else "unknown": [words.quote(a, q) for q in f.questions]}

    return {
        "disposition": v.disposition,
        "disposition_label": v.label,
        "timeframe": v.timeframe,
        # The action now: a warning sign's own action when one was found at the
        # disposition's tier (an aortic emergency: call for an ambulance).
        "what_to_do": v.action,
        "why": [{"kind": w.kind, "id": w.id, "label": w.label, "found": w.found,
                 "answers": list(w.evidence), "text": w.text(words)} for w in v.why],
        "reasons": [{"kind": r.kind, "id": r.id, "disposition": r.tier} for r in a.reasons],
        "red_flags": [flag(f, "because") for f in v.flags_found],
        "possible_red_flags": [flag(f, "unknown") for f in v.flags_not_ruled_out],
        "checking_first": [concern(f) for f in v.checking_first],
        "causes_hidden": v.causes_hidden,
        # What the person is shown: none while something needs checking first.
        "likely_causes": [cause(c.id) for c in v.causes],
        # Every cause with more evidence for than against, for a clinician; while
        # something needs checking first this is the secondary mechanical pattern.
        "all_causes": [cause(c.id) for c in a.likely_causes],
        "first_steps": [{"id": s.id, "label": s.label} for s in v.first_steps],
        "withheld_steps": [
            {"id": i, "label": label, "why": g.why}
            for g in v.withheld for i, label in zip(g.ids, g.steps, strict=True)
        ],
        "unanswered_red_flag_questions": list(v.not_asked_ids),
        "about_you": [words.quote(a, q) for q in v.about_ids],
        "red_flag_questions_clear": list(v.clear_ids),
        "symptoms": [words.quote(a, q) for q in symptom_picture(content, a)],
        "safety_net": list(v.safety_net),
        "ignored_answers": list(v.ignored_answers),
        "content_version": v.content_version,
        "content_status": v.content_status,
        "generated": v.generated,
        "language": words.lang,
    }
