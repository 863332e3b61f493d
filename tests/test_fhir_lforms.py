"""The exported Questionnaire in LHC-Forms, an SDC form renderer that is not ours,
in headless Chromium: with a person's QuestionnaireResponse merged in, the
questions it enables are the questions the engine asks (H-F1), including where
a warning-sign question's parent is unanswered or "not sure"; and the response
LHC-Forms itself writes is read back to the same answers (H-F9).

Needs Chromium, playwright (test extra) and the LHC-Forms package: .ci/run fetches
lforms (pinned version and checksum, LFORMS_VERSION there) from the npm registry
and points SCIATICA_LFORMS at its dist/lforms folder. Without any of them the
test is skipped and says which is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sciatica_tui.core.answers import validate_answers
from sciatica_tui.core.engine import asked_questions, assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats import fhir
from sciatica_tui.reports.formats.fhir_import import answers_from_fhir

from .test_fhir import _partial_answer_sets
from .test_vignettes import VIGNETTES, vignette_answers

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LFORMS = os.environ.get("SCIATICA_LFORMS", "")
DEADLINE_MS = 60_000  # a bound on every wait, never a measure of speed

_RENDER = """async ([q, r]) => {
  const box = document.getElementById('form');
  box.innerHTML = '';
  const lf = LForms.Util.convertFHIRQuestionnaireToLForms(q, 'R4');
  const merged = LForms.Util.mergeFHIRDataIntoLForms('QuestionnaireResponse', r, lf, 'R4');
  await LForms.Util.addFormToPage(merged, 'form');
  // The items LHC-Forms renders: a disabled item is not in the page. (getUserData's
  // "no disabled items" filter does not look at enableWhenExpression.)
  const shown = [...box.querySelectorAll('[id^="item-"]')]
    .map(el => el.id.slice(5).split('/')[0]);
  const written = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', box);
  return [[...new Set(shown)], written];
}"""


def _cases(content) -> dict[str, dict]:
    examples = Path(__file__).parent.parent / "examples"
    cases = {"mostly_unanswered": json.loads((examples / "mostly_unanswered.json").read_text())}
    cases[VIGNETTES[0]["id"]] = vignette_answers(VIGNETTES[0])
    # vignettes with "not sure" answers: warning-sign follow-ups stay asked
    unsure = [v for v in VIGNETTES if "unsure" in json.dumps(vignette_answers(v))]
    for v in unsure[:3]:
        cases[v["id"]] = vignette_answers(v)
    for i, answers in enumerate(_partial_answer_sets(content, 5, seed=23)):
        cases[f"partial_{i}"] = answers
    cases["parents_unanswered"] = {k: v for k, v in vignette_answers(VIGNETTES[0]).items()
                                   if k not in ("both_legs", "weakness", "numbness")}
    return cases


def _lforms() -> Path:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    base = Path(LFORMS)
    if not LFORMS or not (base / "webcomponent" / "lhc-forms.js").is_file():
        pytest.skip("LHC-Forms is not here: set SCIATICA_LFORMS to lforms' dist/lforms "
                    "(.ci/run fetches it)")
    return base


def _check_in_lforms(content, cases: dict[str, dict], tmp_path: Path) -> None:
    """Render the Questionnaire with each case's response merged in; compare the
    enabled questions with the engine's, and read back what LHC-Forms writes."""
    from playwright.sync_api import sync_playwright

    base = _lforms()
    page_file = tmp_path / "form.html"
    page_file.write_text(
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{(base / "webcomponent/styles.css").as_uri()}">'
        '</head><body><div id="form"></div>'
        f'<script src="{(base / "webcomponent/assets/lib/zone.min.js").as_uri()}"></script>'
        f'<script src="{(base / "webcomponent/lhc-forms.js").as_uri()}"></script>'
        f'<script src="{(base / "fhir/R4/lformsFHIR.min.js").as_uri()}"></script>'
        "</body></html>", encoding="utf-8")
    questionnaire = fhir.questionnaire(content)
    order = {q.id: i for i, q in enumerate(content.questions)}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_function(
                "() => typeof LForms !== 'undefined' && !!LForms.Util "
                "&& typeof LForms.Util.addFormToPage === 'function'", timeout=DEADLINE_MS)
            for name, answers in cases.items():
                a = assess(content, answers)
                response = fhir.questionnaire_response(content, a, Words(content))
                shown, written = page.evaluate(_RENDER, [questionnaire, response])
                # groups (sections, content groups) are screens, not questions;
                # the engine's order is content order
                enabled = sorted((link for link in shown if link in order), key=order.get)
                assert enabled == asked_questions(content, answers), name
                # The response LHC-Forms writes reads back to the same answers.
                back = validate_answers(content, answers_from_fhir(content, written))
                assert back == dict(a.answers), name
                assert assess(content, back).disposition == a.disposition
        finally:
            browser.close()


def test_H_F1_lhc_forms_enables_the_questions_the_engine_asks(content, tmp_path, monkeypatch):
    _lforms()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    cases = _cases(content)
    assert len(cases) >= 8
    _check_in_lforms(content, cases, tmp_path)


def test_H_F1_lhc_forms_evaluates_the_enable_when_expressions(content_dir, tmp_path):
    """The content variant of test_fhir's expression test (a warning-sign question
    whose parent can be skipped): LHC-Forms evaluates the FHIRPath the same way."""
    import shutil

    from sciatica_tui.contentset.loader import load_content

    _lforms()
    changed = tmp_path / "content"
    shutil.copytree(content_dir, changed)
    path = changed / "questions.toml"
    from .test_fhir import pregnant_asked_by_age

    path.write_text(pregnant_asked_by_age(path.read_text(encoding="utf-8")), encoding="utf-8")
    variant = load_content(changed, use_cache=False, user_cache=False)
    base = vignette_answers(VIGNETTES[0])
    cases = {
        "old_skipped": {**base, "age": 99},
        "pregnant": {**base, "pregnant": "pregnant"},
        "pregnant_unsure": {**base, "pregnant": "unsure"},
        "pregnant_unanswered": {k: v for k, v in base.items() if k != "pregnant"},
        "age_unanswered": {k: v for k, v in base.items() if k not in ("age", "pregnant")},
    }
    _check_in_lforms(variant, cases, tmp_path)
