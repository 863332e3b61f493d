"""The referral letter (SBAR) in every format (issue 17 items 1-3; handoff-and-code.md
H-S1..H-S7; use.md U-B11): no internal ids, no line twice, the clinic header,
name and date-of-birth lines, the first episode, an emergency top line that agrees
with the warning sign's own action, a PDF a clinic can file, printing through lp."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sciatica_tui.engine import assess
from sciatica_tui.formats import render
from sciatica_tui.report import Words

from .test_vignettes import DATA, vignette_answers

EXAMPLES = Path(__file__).parent.parent / "examples"
CLINIC, PHONE = "Riverside Back Clinic", "+44 20 7946 0000"
# Vignettes besides the examples: an aortic emergency, a pregnancy danger sign, a fall
# in an older person, a not-sure cauda equina answer, a cancer history, a mimic.
VIGNETTES = ("aaa_faint_clammy", "pregnancy_waters", "fall_older_groin_pain",
             "ces_saddle_not_sure", "cancer_past_weakness", "mimic_dvt")


@pytest.fixture(autouse=True)
def _fixed(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def _cases() -> dict[str, dict]:
    cases = {p.stem: json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))}
    by_id = {v["id"]: v for v in DATA["vignette"]}
    for vid in VIGNETTES:
        cases[vid] = vignette_answers(by_id[vid])
    return cases


CASES = _cases()
TEXT_FORMATS = ("text", "markdown", "html")


class _Text(HTMLParser):
    """The text of each block element of an HTML page, one entry per element."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "tr"}
    SKIP = {"title", "style"}

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skipping = False

    def handle_starttag(self, tag, attrs):
        self.skipping = tag in self.SKIP
        if tag in self.BLOCKS or tag == "ul":
            self._flush()

    def handle_endtag(self, tag):
        self.skipping = False
        if tag in self.BLOCKS or tag == "ul":
            self._flush()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)

    def _flush(self):
        text = " ".join(" ".join(self.current).split())
        if text:
            self.lines.append(text)
        self.current = []


def _lines(fmt: str, out: str | bytes) -> list[str]:
    if fmt == "html":
        parser = _Text()
        parser.feed(str(out))
        parser.close()
        return parser.lines
    if fmt == "pdf":
        return _pdf_text(bytes(out)).splitlines()
    return str(out).splitlines()


def _pdf_text(data: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _words(content, lang="en", **kw):
    return Words(content, lang, country="GB", clinic_name=CLINIC, clinic_phone=PHONE, **kw)


def _internal_ids(content) -> set[str]:
    ids = {q.id for q in content.questions} | {f.id for f in content.red_flags}
    ids |= {c.id for c in content.causes} | {s.id for s in content.first_steps}
    ids |= {c.id for c in content.concerns} | {r.id for r in content.rules}
    return {i for i in ids if "_" in i}  # plain words ("age", "side") are not ids


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, "pdf"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_H_S1_H_S5_no_internal_ids_and_the_clinic_header(content, name, fmt):
    a = assess(content, CASES[name])
    out = render(fmt, content, a, _words(content))
    text = "\n".join(_lines(fmt, out))
    assert not re.search(r"\[(emergency|urgent|soon|self_care)\]", text)
    flat = " ".join(text.split())
    leaked = sorted(i for i in _internal_ids(content) if re.search(rf"\b{re.escape(i)}\b", flat))
    assert leaked == []
    # The clinic's name and phone, and lines to write the name and date of birth on.
    assert CLINIC in flat and PHONE in flat
    assert "Name:" in flat and "Date of birth:" in flat


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_H_S4_no_line_is_repeated(content, name, fmt):
    a = assess(content, CASES[name])
    if fmt == "text":  # each logical line once, whatever the wrapping makes of it
        from sciatica_tui.formats import text
        from sciatica_tui.summary import build

        lines = text.render(build(content, a, _words(content)), 10**6).splitlines()
    else:
        lines = _lines(fmt, render(fmt, content, a, _words(content)))
    seen: dict[str, int] = {}
    for line in lines:
        key = re.sub(r"^[\s*+!?#|>-]+", "", line).strip().strip("_*|").strip()
        if len(key) < 20 or set(key) <= set("=-_|\\ "):
            continue
        seen[key] = seen.get(key, 0) + 1
    assert [k for k, n in seen.items() if n > 1] == []


def test_H_S4_steps_left_out_for_one_reason_are_one_line(content):
    a = assess(content, CASES["emergency_bladder"])
    text = " ".join(str(render("text", content, a, _words(content))).split())
    assert text.count("Get checked by a clinician first") == 1


def test_emergency_unasked_warning_signs_are_listed_once_as_not_asked(content):
    """After an emergency interrupt most questions were never asked: each is named
    once, under "not asked", never also as "could not rule out"; pregnancy signs
    behind an unanswered pregnancy question are not listed at all."""
    answers = {"sudden_severe": "no", "faint_clammy": "no", "aorta_signs": ["none"],
               "saddle_numbness": "yes"}
    a = assess(content, answers)
    assert a.disposition == "emergency"
    text = str(render("text", content, a, _words(content)))
    flat = " ".join(text.split())
    assert "not asked" in flat.lower()
    assert flat.count("New bladder change") == 1
    shorts = {q.id: q.short["en"] for q in content.questions}
    assert shorts["pregnant"] in flat
    for qid in ("pregnancy_danger", "pregnancy_signs"):
        assert shorts[qid] not in flat


def test_emergency_top_line_agrees_with_the_warning_sign(content):
    """The aortic emergency says to call an ambulance: the action under the banner
    is the warning sign's own, not "call or go to A&E"."""
    a = assess(content, {"sudden_severe": "yes"})
    assert a.disposition == "emergency"
    words = _words(content)
    flag = next(f for f in content.red_flags if f.id == a.red_flags[0].id)
    text = " ".join(str(render("text", content, a, words)).split())
    banner_at = text.index(">> ")
    action = " ".join(words.t(flag.action).split())
    assert text.index(action) - banner_at < 120  # right under the banner
    assert "go to A&E now" not in text[banner_at:banner_at + 200]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_U_B11_first_episode_yes_is_in_the_summary(content, fmt):
    answers = dict(json.loads((EXAMPLES / "self_care_disc.json").read_text()))
    answers["first_episode"] = "yes"
    a = assess(content, answers)
    assert "first_episode" not in a.red_flag_questions_clear  # yes fires no flag at 38
    flat = " ".join("\n".join(_lines(fmt, render(fmt, content, a, _words(content)))).split())
    assert re.search(r"First time\W+Yes", flat)


def test_the_letter_is_in_sbar_order(content):
    a = assess(content, CASES["urgent_weakness"])
    text = str(render("text", content, a, _words(content)))
    at = [text.index(word) for word in ("SITUATION", "BACKGROUND", "ASSESSMENT",
                                        "RECOMMENDATION")]
    assert at == sorted(at)
    # Clinical short labels, not the person's long questions.
    long_prompt = next(q for q in content.questions if q.id == "saddle_numbness").prompt["en"]
    assert long_prompt not in text


def test_spanish_letter_has_no_english_headings(content):
    a = assess(content, CASES["emergency_bladder"])
    text = str(render("text", content, a, _words(content, "es")))
    for english in ("Situation", "Recommendation", "Name:", "Date of birth", "Clinic:"):
        assert english not in text
