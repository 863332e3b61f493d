"""One result view model, rendered by every format (issue 15 item 2, issue 17).

The JSON form, the FHIR RiskAssessment (its predictions and narrative text), the
QR hand-off text and the letter must each say what result_view.build_view says:
the same disposition and action, the same reasons, the same warning signs found
and not ruled out, the same steps and steps left out, the same safety net. A
format that chose its own would state something the view model does not; these
tests fail on that, for every golden vignette and in both languages.
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.assessment_json import to_json
from sciatica_tui.reports.formats import render
from sciatica_tui.reports.handoff import compact_parts
from sciatica_tui.reports.result_view import ResultView, build_view

from .test_formats import NAMES, answer_sets

LANGS = ["en", "es"]


@pytest.fixture(autouse=True)
def _fixed(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


@pytest.fixture(scope="module")
def cases(content):
    return {name: assess(content, answers) for name, answers in answer_sets(content).items()}


def _words(content, lang: str) -> Words:
    return Words(content, lang, country="GB")


def _withheld(v: ResultView) -> list[tuple[str, str]]:
    return [(step, g.why) for g in v.withheld for step in g.steps]


def _sections(div: str) -> dict[str, list[str]]:
    """The narrative's lists by heading: <p><b>Heading</b></p><ul><li>..</li></ul>."""
    out: dict[str, list[str]] = {}
    for heading, items in re.findall(r"<p><b>([^<]*)</b></p><ul>(.*?)</ul>", div):
        out[unescape(heading)] = [unescape(x) for x in re.findall(r"<li>(.*?)</li>", items)]
    return out


def _risk(content, a, words) -> dict:
    bundle = json.loads(render("fhir", content, a, words))
    [risk] = [e["resource"] for e in bundle["entry"]
              if e["resource"]["resourceType"] == "RiskAssessment"]
    return risk


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_H15_json_says_what_the_view_model_says(content, cases, name, lang):
    a, w = cases[name], _words(content, lang)
    v = build_view(content, a, w, "x")
    data = to_json(content, a, w, "x")
    assert (data["disposition"], data["disposition_label"], data["timeframe"]) == (
        v.disposition, v.label, v.timeframe)
    assert data["what_to_do"] == v.action
    assert [(x["label"], x["found"], x["answers"]) for x in data["why"]] == [
        (x.label, x.found, list(x.evidence)) for x in v.why]
    assert [(f["label"], f["what_to_do"]) for f in data["red_flags"]] == [
        (f.label, f.action) for f in v.flags_found]
    assert [(f["label"], f["what_to_do"]) for f in data["possible_red_flags"]] == [
        (f.label, f.action) for f in v.flags_not_ruled_out]
    assert [(c["label"], c["what_to_do"], c["found"]) for c in data["checking_first"]] == [
        (c.label, c.action, c.found) for c in v.checking_first]
    assert [c["label"] for c in data["likely_causes"]] == [c.label for c in v.causes]
    assert [s["label"] for s in data["first_steps"]] == [s.label for s in v.first_steps]
    assert [(s["label"], s["why"]) for s in data["withheld_steps"]] == _withheld(v)
    assert data["safety_net"] == list(v.safety_net)
    assert [f"{q['short']}: {q['answer_text']}" for f in data["red_flags"]
            for q in f["because"]] == [e for f in v.flags_found for e in f.evidence]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_H17d_risk_assessment_says_what_the_letter_says(content, cases, name, lang):
    """The RiskAssessment's warning signs are the letter's (found, then not ruled
    out), its mitigation the letter's action now, its narrative the letter's lists."""
    a, w = cases[name], _words(content, lang)
    v = build_view(content, a, w)
    risk = _risk(content, a, w)
    first, *signs = risk["prediction"]
    assert first["outcome"]["coding"][0]["code"] == f"disposition.{v.disposition}"
    assert (first["outcome"]["text"], first["qualitativeRisk"]["text"]) == (v.label, v.timeframe)
    assert risk["mitigation"] == v.action
    assert [(p["outcome"]["coding"][0]["code"], p["outcome"]["text"]) for p in signs] == [
        (f"warning-sign.{f.id}", f.label) for f in (*v.flags_found, *v.flags_not_ruled_out)]
    for p, f in zip(signs, (*v.flags_found, *v.flags_not_ruled_out), strict=True):
        assert p["rationale"].endswith("; ".join(f.evidence))

    div = risk["text"]["div"]
    assert f"<b>{v.label}</b>" in unescape(div) and unescape(div).count(v.action) == 1
    got = _sections(div)
    ui = w.ui
    want = {
        ui("out.why_disposition"): [x.text(w) for x in v.why],
        ui("out.checking_first"): [
            f"{c.label}{'' if c.found else ' (' + ui('out.why_not_ruled_out') + ')'}: {c.action}"
            for c in v.checking_first],
        ui("out.red_flags"): [f"{f.label} - {'; '.join(f.evidence)}" for f in v.flags_found],
        ui("out.possible_red_flags"): [f"{f.label} - {'; '.join(f.evidence)}"
                                       for f in v.flags_not_ruled_out],
        ui("out.not_asked"): list(v.not_asked),
        ui("out.withheld_steps"): [f"{'; '.join(g.steps)}: {g.why}" for g in v.withheld],
        ui("out.safety_net"): list(v.safety_net),
    }
    assert got == {k: x for k, x in want.items() if x}
    # No other disposition is named anywhere in the resource.
    others = {w.t(d.label) for d in content.dispositions} - {v.label}
    text = json.dumps(risk, ensure_ascii=False)
    assert not [x for x in others if f'"{x}"' in text or f"<b>{x}</b>" in unescape(div)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_H15_qr_text_names_only_the_view_models_disposition_and_signs(content, cases, name,
                                                                      lang):
    a, w = cases[name], _words(content, lang)
    v = build_view(content, a, w)
    parts = compact_parts(content, a, w)
    assert parts[1] == f"{v.label} - {v.timeframe}"
    # The questions never asked come last (short labels, some the same words as
    # a warning sign's label).
    asked = parts[:len(parts) - len(v.not_asked)]
    assert [p.split(": ", 1)[-1] for p in parts[len(asked):]] == list(v.not_asked)
    flags = {w.t(f.label) for f in content.red_flags}
    named = [p.split(": ", 1)[-1] for p in asked if p.split(": ", 1)[-1] in flags]
    assert named == [f.label for f in (*v.flags_found, *v.flags_not_ruled_out)]
    others = {w.t(d.label) for d in content.dispositions} - {v.label}
    assert not [p for p in parts if any(p.startswith(f"{x} - ") for x in others)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_qr_text_says_what_needs_checking_first_right_after_the_disposition(content, cases,
                                                                             name, lang):
    """A clinician scanning the code reads what to rule out first (cauda equina,
    an infection...) before the signs and symptoms, as on the letter."""
    a, w = cases[name], _words(content, lang)
    v = build_view(content, a, w)
    parts = compact_parts(content, a, w)
    labels = [c.label for c in v.checking_first]
    head = f"{w.ui('out.checking_first')}: "
    got = [parts[2].removeprefix(head), *parts[3:2 + len(labels)]] if labels else []
    assert got == labels
    assert sum(p.startswith(head) for p in parts) == (1 if labels else 0)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_H17a_about_you_answers_are_background_not_warning_signs(content, cases, name, lang):
    """Age, sex at birth and pregnancy are about the person: the letter lists them
    under Background, About the person, on every format, and never among the
    warning-sign questions answered with no concern."""
    a, w = cases[name], _words(content, lang)
    v = build_view(content, a, w)
    about = {"age", "sex", "pregnant"}
    shorts = {w.t(content.question(q).short) for q in about}
    assert not shorts & {label for label, _ in (*v.clear, *v.other_answers)}
    assert v.about_ids == tuple(q for q in a.asked if q in about and q in a.answers)
    assert [label for label, _ in v.about] == [w.t(content.question(q).short)
                                               for q in v.about_ids]
    data = to_json(content, a, w, "x")
    assert not about & set(data["red_flag_questions_clear"])
    assert [q["question"] for q in data["about_you"]] == list(v.about_ids)
    if not v.about:
        return
    line = "; ".join(f"{label}: {answer}" for label, answer in v.about)
    heading = w.ui("out.about_person")
    for fmt in ("text", "markdown", "html"):
        out = str(render(fmt, content, a, w))
        flat = unescape(re.sub(r"<[^>]+>", " ", out)) if fmt == "html" else out
        flat = re.sub(r"\s+", " ", flat)
        background = flat.index(w.ui("out.sbar.background").upper() if fmt == "text"
                                else w.ui("out.sbar.background"))
        assessment = flat.index(w.ui("out.sbar.assessment").upper() if fmt == "text"
                                else w.ui("out.sbar.assessment"))
        at = flat.index(heading)
        assert background < at < assessment, fmt
        clear = w.ui("out.clear_red_flags")
        block = flat[at:flat.index(clear) if clear in flat else assessment]
        if fmt == "markdown":  # a table of pairs
            assert all(f"| {x} | {y} |" in block for x, y in v.about), fmt
        else:
            assert line in block, fmt
        if clear in flat:  # the clear list follows, without them
            rest = flat[flat.index(clear):assessment]
            assert not [s for s in shorts if f"{s}:" in rest], fmt


def test_H17c_html_letter_keeps_clinic_and_phone_apart_and_one_mark_per_sign(content, cases):
    """Seen in the browser screenshot: the clinic's name ran into "Phone:" (HTML
    folds the spaces between them) and each warning sign had a bullet and its own
    "!" mark. The name and phone keep their gap; a sign's mark is its only marker."""
    words = Words(content, "en", country="GB")
    words.clinic_name, words.clinic_phone = "Riverside Surgery", "01632 960 123"
    html = str(render("html", content, cases["emergency_bladder"], words))
    css = html[html.index("<style>"):html.index("</style>")]
    rule = lambda sel: re.search(re.escape(sel) + r"\s*\{([^}]*)\}", css).group(1)  # noqa: E731
    assert "Riverside Surgery   " in html and "white-space: pre-wrap" in rule(".clinic")
    assert "list-style: none" in rule("li.flag")
    assert '<li class="flag"><span class="mark">!</span>' in html
