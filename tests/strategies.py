"""Hypothesis strategies for valid answers to the shipped questions."""

from __future__ import annotations

import os

from hypothesis import strategies as st

from sciatica_tui.contentset.schema import Content, Question


def examples(n: int) -> int:
    """How many examples a property test of the UI-free core tries: `n`, scaled by
    PROPERTY_EXAMPLES_PERCENT (default 100), never fewer than 10. The
    dependency-floor pass (.ci/floor) runs 10 per cent: at run time the engine works
    on plain Python objects and imports no third-party library, so the floor's
    versions cannot change what these properties check; a short run still shows that
    each one works against the floor's content loading."""
    percent = int(os.environ.get("PROPERTY_EXAMPLES_PERCENT", "100"))
    return max(10, n * percent // 100)


def answer_for(q: Question) -> st.SearchStrategy:
    if q.type in ("yes_no_unsure", "single"):
        return st.sampled_from(q.option_ids)
    if q.type == "multi":
        plain = [o for o in q.option_ids if o not in q.exclusive]
        picks = st.lists(st.sampled_from(plain), min_size=1, unique=True)
        if q.exclusive:
            return st.one_of(picks, st.sampled_from(q.exclusive).map(lambda o: [o]))
        return picks
    lo, hi = int(q.min or 0), int(q.max or 0)
    if q.type == "scale":
        return st.integers(lo, hi)
    return st.one_of(st.integers(lo, hi), st.floats(lo, hi, allow_nan=False))


def answer_sets(content: Content, answered: float = 0.7) -> st.SearchStrategy[dict]:
    """Any valid answer set: each question answered or not, skip logic ignored."""
    fields = {
        q.id: st.one_of(st.none(), answer_for(q)) if answered < 1 else answer_for(q)
        for q in content.questions
    }
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )
