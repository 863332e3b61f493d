"""Issue 18.4: the drawings (first steps, the sciatic nerve, the nerve roots) have
their labels in the person's language, from content/ (figure.en, figure.es)."""

from __future__ import annotations

import re

from sciatica_tui.core.demo import entries
from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.result_view import build_view

WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{3,}")
ROOT = re.compile(r"\b[LS][1-5]\b")


def _figures(content):
    for fs in content.first_steps:
        yield f"first step {fs.id}", fs.figure
    for topic in content.topics:
        if topic.figure:
            yield f"topic {topic.id}", topic.figure


def _english_labels(content) -> set[str]:
    """Every word of the English figures."""
    return {w.lower() for _, figure in _figures(content) for w in WORD.findall(figure["en"])}


def test_issue_18_4_every_figure_has_spanish_labels_with_no_english_word(content):
    english = _english_labels(content)
    assert {"move", "pillow", "knee", "towel", "calf"} <= english  # the list is not empty
    es = Words(content, "es")
    found = {}
    for name, figure in _figures(content):
        shown = es.t(figure)
        assert shown != figure["en"], name
        left = sorted({w for w in WORD.findall(shown) if w.lower() in english})
        if left:
            found[name] = left
    assert not found, found


def test_issue_18_4_demo_pages_draw_the_spanish_figures(content):
    """The demo's exercise and anatomy pages show the Spanish drawing, not the English."""
    es = Words(content, "es")
    pages = {f"{e.kind}:{e.id}": e.text for e in entries(es)}
    for fs in content.first_steps:
        assert es.t(fs.figure) in pages[f"first_step:{fs.id}"]
        assert fs.figure["en"] not in pages[f"first_step:{fs.id}"]
    for topic in content.topics:
        if topic.figure:
            assert es.t(topic.figure) in pages[f"{topic.group}:{topic.id}"]


def test_issue_18_4_results_show_each_first_step_figure_in_spanish(content):
    from .conftest import DISC, clear_screening

    es = Words(content, "es")
    view = build_view(content, assess(content, {**clear_screening(content), **DISC}), es)
    assert view.first_steps
    for step in view.first_steps:
        figure = next(fs.figure for fs in content.first_steps if fs.id == step.id)
        assert step.figure == es.t(figure) != figure["en"]


def test_issue_18_4_nerve_root_codes_sit_in_the_same_place_in_every_language(content):
    """Only the words are translated: each root code (L4, S1...) is drawn at the same
    line and column in every language, so the Spanish drawing says what the checked
    English one says (C-L6)."""
    for topic in content.topics:
        if not topic.figure:
            continue
        places = {lang: [(n, m.start(), m.group()) for n, line in enumerate(text.splitlines())
                         for m in ROOT.finditer(line)]
                  for lang, text in topic.figure.items()}
        assert places["en"], topic.id
        for lang, found in places.items():
            assert found == places["en"], (topic.id, lang)


def test_issue_18_4_a_figure_label_may_use_spanish_letters_but_draws_in_ascii():
    import pytest
    from pydantic import ValidationError

    from sciatica_tui.contentset.schema import Topic

    base = {"id": "t", "group": "advice", "title": {"en": "T"}, "body": {"en": ["B."]},
            "sources": ["NHS-S"]}
    Topic.model_validate({**base, "figure": {"en": " O  knee", "es": " O  rodilla, cinturón"}})
    with pytest.raises(ValidationError, match="ASCII"):
        Topic.model_validate({**base, "figure": {"en": " O ─── knee"}})
    with pytest.raises(ValidationError, match="60 columns"):
        Topic.model_validate({**base, "figure": {"en": "x" * 61}})
