"""The summary in every format: golden files for text and Markdown; HTML, PDF and
FHIR checked by parsing them back.

Regenerate the golden files on purpose only: UPDATE_GOLDEN=1 pytest tests/test_formats.py
"""

from __future__ import annotations

import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats import render

from .conftest import DISC, clear_screening

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = Path(__file__).parent.parent / "examples"


def _every_flag(content) -> dict:
    """Every warning-sign question answered with its most alarming option."""
    answers = {}
    for q in content.questions:
        if q.section != "red_flags":
            continue
        if q.type == "yes_no_unsure":
            answers[q.id] = "yes"
        elif q.type == "multi":
            answers[q.id] = [o for o in q.option_ids if o not in q.exclusive]
        elif q.type == "single":
            answers[q.id] = q.option_ids[0]
        else:
            answers[q.id] = 70
    return {**answers, **DISC}


def answer_sets(content) -> dict[str, dict]:
    sets = {p.stem: json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))}
    sets["many_red_flags"] = _every_flag(content)
    sets["screening_only"] = clear_screening(content)
    return sets


@pytest.fixture(autouse=True)
def _fixed(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


@pytest.fixture(scope="module")
def cases(content):
    return {name: assess(content, answers) for name, answers in answer_sets(content).items()}


NAMES = ["emergency_bladder", "many_red_flags", "mostly_unanswered", "pregnancy",
         "screening_only", "self_care_disc", "soon_stenosis", "urgent_weakness"]


def test_the_golden_cases_cover_every_disposition(content, cases):
    assert sorted(cases) == NAMES
    assert {a.disposition for a in cases.values()} == {"emergency", "urgent", "soon", "self_care"}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("name", NAMES)
def test_golden(content, cases, name, fmt):
    words = Words(content, "en", country="GB")  # 999, A&E, NHS 111
    got = render(fmt, content, cases[name], words)
    path = GOLDEN / f"{name}.{'txt' if fmt == 'text' else 'md'}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{path.name} differs (UPDATE_GOLDEN=1)"
    if fmt == "text":
        assert max(len(line) for line in got.splitlines()) <= 80


class _Tags(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs += attrs
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> does not close {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("name", NAMES)
def test_html_is_well_formed_self_contained_and_names_every_red_flag(content, cases, name):
    a = cases[name]
    html = render("html", content, a, Words(content, "en", "999"))
    parser = _Tags()
    parser.feed(html)
    parser.close()
    assert parser.stack == []  # every element closed
    text = " ".join(" ".join(parser.text).split())
    flags = {f.id: f for f in content.red_flags}
    # Every warning sign found or not ruled out by a "not sure" answer, by name; one
    # whose questions were never answered is there as those questions, "not asked"
    # (issue 17: each once), or, behind an unanswered question, as that question.
    for f in (*a.red_flags, *a.possible_red_flags):
        if any(q in a.answers for q in f.because):
            assert flags[f.id].label["en"] in text
        else:
            assert any(content.question(q).short["en"] in text for q in f.because
                       if q in a.unanswered_red_flag_questions) \
                or all(content.question(q).when is not None for q in f.because)  # its gate
    # Nothing to fetch from anywhere: no links, scripts, images or CSS imports.
    assert not [v for k, v in parser.attrs if k in ("src", "href")]
    assert not re.search(r"<script|<link|<img|@import|url\(|https?://", html, re.I)
    assert "@media print" in html and "@page" in html


@pytest.mark.parametrize("name", ["emergency_bladder", "self_care_disc", "many_red_flags"])
def test_pdf_opens_and_says_the_disposition(content, cases, name):
    from pypdf import PdfReader

    a = cases[name]
    words = Words(content, "en", "999")
    data = render("pdf", content, a, words)
    assert data[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(data))
    # Without each page's footer, so that a line that runs on over a page reads whole.
    pages = [re.sub(r"Sciatica self-check summary\s+\d+/\d+\s*$", "", page.extract_text())
             for page in reader.pages]
    text = " ".join(" ".join(pages).split())
    label = words.t(content.disposition(a.disposition).label).upper()
    assert label in text
    assert "Sciatica self-check summary" in text
    for f in a.red_flags:
        assert next(x for x in content.red_flags if x.id == f.id).label["en"] in text


@pytest.mark.parametrize("name", NAMES)
def test_fhir_bundle_validates_and_carries_every_answer(content, cases, name):
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    a = cases[name]
    bundle = json.loads(render("fhir", content, a, Words(content)))
    Bundle.model_validate(bundle)
    by_type = {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}
    questionnaire = Questionnaire.model_validate(by_type["Questionnaire"])
    response = QuestionnaireResponse.model_validate(by_type["QuestionnaireResponse"])
    assert questionnaire.version == content.version
    assert response.questionnaire == f"{questionnaire.url}|{content.version}"
    # Every question of the content is in the Questionnaire, by linkId.
    def walk(items):  # sections hold questions and groups of questions
        for i in items or []:
            yield i
            yield from walk(i.item)

    link_ids = {i.linkId for i in walk(questionnaire.item) if i.type not in ("group", "display")}
    assert link_ids == {q.id for q in content.questions}
    # Every answer the engine used is in the response, with the same codes or value.
    got = {i.linkId: i.answer for i in walk(response.item) if i.answer}
    assert set(got) == set(a.answers)
    for qid, answer in got.items():
        value = a.answers[qid]
        q = content.question(qid)
        if isinstance(value, list):
            assert [x.valueCoding.code for x in answer] == [f"{qid}.{v}" for v in value]
        elif isinstance(value, str):
            code = value if q.type == "yes_no_unsure" else f"{qid}.{value}"
            assert answer[0].valueCoding.code == code
        else:
            number = answer[0].valueInteger
            number = answer[0].valueDecimal if number is None else number
            assert float(number) == float(value)


def _golden_json(path: Path, data: object) -> None:
    got = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{path.name} differs (UPDATE_GOLDEN=1)"


@pytest.mark.parametrize("name", NAMES)
def test_fhir_golden_response_and_outcome(content, cases, name):
    """The case's own resources (QuestionnaireResponse, RiskAssessment): the same
    answers give the same bytes (ids derived from the answers, SOURCE_DATE_EPOCH)."""
    bundle = json.loads(render("fhir", content, cases[name], Words(content, "en", country="GB")))
    _golden_json(GOLDEN / f"{name}.fhir.json", bundle["entry"][2:])


def test_fhir_golden_questionnaire(content, cases):
    """The Questionnaire and its CodeSystem: one definition for every language."""
    bundle = json.loads(render("fhir", content, cases["self_care_disc"], Words(content, "es")))
    _golden_json(GOLDEN / "questionnaire.fhir.json", bundle["entry"][:2])


def test_19_6_the_cut_down_pdf_fonts_hold_every_character_of_the_content():
    """Every character of content/ (and of the summary's own modules) is in the
    cut-down fonts the PDF reads, unless DejaVu itself lacks it; the character list
    is what the fonts hold. Fails, naming the command, when content gains one.
    (The fonts' character maps are read by the PDF writer's own TrueType reader.)"""
    from sciatica_tui.reports.formats.pdf_fonts import (
        CUT,
        FONTS,
        REBUILD,
        WHOLE,
        cut_characters,
        needed_characters,
    )

    held = cut_characters()
    assert held is not None, f"The cut-down PDF fonts are missing. Run: {REBUILD}"

    from sciatica_tui.reports.formats.pdfwriter import TrueType

    def cmap(name):
        return {chr(code) for code in TrueType((FONTS / name).read_bytes()).cmap}

    in_dejavu = cmap(WHOLE[""]) & cmap(WHOLE["B"])
    missing = sorted((needed_characters() - held) & in_dejavu)
    assert not missing, (f"The cut-down PDF fonts lack {''.join(missing)!r}. Run: {REBUILD}")
    for name in CUT.values():
        assert held <= cmap(name), name


def test_19_6_a_character_outside_the_cut_down_fonts_uses_the_whole_fonts():
    from sciatica_tui.reports.formats.pdf_fonts import CUT, WHOLE, font_paths

    cut = font_paths(["Señales de alarma", "¿Dolor? 7/10 – «sí»"])
    assert [Path(p).name for p in cut.values()] == list(CUT.values())
    for text in ("Ιατρείο", "Łódź · 診療所"):
        whole = font_paths(["Señales", text])
        assert [Path(p).name for p in whole.values()] == list(WHOLE.values()), text


def test_19_6_the_letter_reads_the_same_with_the_cut_down_fonts(content, cases, monkeypatch):
    """The PDF's words and pages are the same from the cut-down fonts as from the
    whole ones (every character of the letter is in both)."""
    from pypdf import PdfReader

    from sciatica_tui.reports.formats import pdf_fonts

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    for lang in ("en", "es"):
        words = Words(content, lang, "112")
        cut = render("pdf", content, cases["many_red_flags"], words)
        with monkeypatch.context() as m:
            m.setattr(pdf_fonts, "cut_characters", lambda: None)
            whole = render("pdf", content, cases["many_red_flags"], words)
        assert cut != whole  # another font file was read
        texts = [[p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
                 for data in (cut, whole)]
        assert texts[0] == texts[1] and len(texts[0]) > 1
