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

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats import render

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
        from sciatica_tui.reports.formats import text
        from sciatica_tui.reports.summary import build

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
    # The pregnancy question waits for sex at birth, itself unanswered: about-you
    # questions are not warning-sign questions, and the signs behind them are
    # not listed as if they applied.
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
    answers["age"] = 55  # asked only where it matters: under 20, over 50
    a = assess(content, answers)
    assert "first_episode" in a.asked
    flat = " ".join("\n".join(_lines(fmt, render(fmt, content, a, _words(content)))).split())
    assert re.search(r"First time\W+Yes", flat)


def test_the_letter_is_in_sbar_order(content):
    a = assess(content, CASES["urgent_weakness"])
    text = str(render("text", content, a, _words(content)))
    at = [text.index(f"\n{letter} - ") for letter in "SBAR"]
    assert at == sorted(at)
    # Clinical short labels, not the person's long questions.
    long_prompt = next(q for q in content.questions if q.id == "saddle_numbness").prompt["en"]
    assert long_prompt not in text


def test_spanish_letter_has_no_english_headings(content):
    a = assess(content, CASES["emergency_bladder"])
    text = str(render("text", content, a, _words(content, "es")))
    for english in ("What is happening", "What to do next", "Name:", "Date of birth",
                    "Clinic:"):
        assert english not in text


# -- PDF a clinic can file (issue 17 item 2, H-S6) ------------------------------

def test_H_S6_pdf_prints_spanish_accents_and_text_outside_latin_1(content):
    a = assess(content, CASES["emergency_bladder"])
    words = Words(content, "es", country="ES", clinic_name="Clínica Łódź · Ιατρείο",
                  clinic_phone="+34 91 000 0000")
    text = _pdf_text(bytes(render("pdf", content, a, words)))
    assert "Señales de alarma" in text or "señales de alarma" in text
    assert "ó" in text and "á" in text
    assert "Łódź" in text and "Ιατρείο" in text  # not Latin-1: the embedded font has them


def test_H_S6_pdf_embeds_its_font(content):
    pypdf = pytest.importorskip("pypdf")
    data = bytes(render("pdf", content, assess(content, CASES["urgent_weakness"]),
                        Words(content)))
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        assert "DejaVu" in str(font["/BaseFont"])
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded


def test_H_S6_pdf_is_the_same_bytes_twice(content, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    a = assess(content, CASES["mostly_unanswered"])
    one = render("pdf", content, a, _words(content, "es"))
    two = render("pdf", content, a, _words(content, "es"))
    assert one == two


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.28, 841.89)), ("letter", (612, 792))])
def test_H_S6_pdf_on_a4_and_letter(content, paper, size):
    pypdf = pytest.importorskip("pypdf")
    words = _words(content)
    words.paper = paper
    data = bytes(render("pdf", content, assess(content, CASES["soon_stenosis"]), words))
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(x) for x in size)


def test_H_S6_paper_follows_the_country_and_the_config():
    from sciatica_tui.core.i18n import paper_for

    assert paper_for(None, "US") == "letter" and paper_for(None, "MX") == "letter"
    assert paper_for(None, "GB") == "a4" and paper_for(None, None) == "a4"
    assert paper_for("a4", "US") == "a4"


@pytest.mark.parametrize("name", sorted(CASES))
def test_H_S6_no_heading_ends_a_page(content, name):
    """The last line of every page but the last is not a heading of the letter."""
    pypdf = pytest.importorskip("pypdf")
    from sciatica_tui.reports.summary import build

    words = _words(content)
    a = assess(content, CASES[name])
    headings = {b.text for b in build(content, a, words).blocks if b.kind == "heading"}
    headings |= {b.text.upper() for b in build(content, a, words).blocks if b.kind == "section"}
    pages = pypdf.PdfReader(io.BytesIO(bytes(render("pdf", content, a, words)))).pages
    for page in pages[:-1]:
        lines = [x.strip() for x in (page.extract_text() or "").splitlines() if x.strip()]
        body = [x for x in lines if not x.startswith(words.ui("out.title") + " ")]
        assert body and body[-1] not in headings, body[-3:]


def test_H_S5_config_checks_the_clinic_phone(tmp_path):
    from sciatica_tui.store.config import ConfigError, parse_config

    assert parse_config({"clinic_phone": "+44 (0)20 7946-0000"}).clinic_phone
    with pytest.raises(ConfigError):
        parse_config({"clinic_phone": "call us"})
    with pytest.raises(ConfigError):
        parse_config({"clinic_name": "two\nlines"})
    with pytest.raises(ConfigError):
        parse_config({"paper": "A5"})


def test_H_S5_assess_takes_the_clinic_from_the_config(tmp_path, capsys):
    from sciatica_tui.cli.main import main

    cfg = tmp_path / "config.toml"
    cfg.write_text(f'clinic_name = "{CLINIC}"\nclinic_phone = "{PHONE}"\n')
    rc = main(["--config", str(cfg), "assess", "--answers",
               str(EXAMPLES / "urgent_weakness.json")])
    out = capsys.readouterr().out
    assert rc == 0 and CLINIC in out and PHONE in out


def test_H_S6_assess_paper_flag_makes_a_letter_pdf(tmp_path, capsys):
    pypdf = pytest.importorskip("pypdf")
    from sciatica_tui.cli.main import main

    out = tmp_path / "summary.pdf"
    rc = main(["--country", "GB", "assess", "--answers", str(EXAMPLES / "soon_stenosis.json"),
               "--paper", "letter", "-o", str(out)])
    assert rc == 0
    box = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
