"""C-H2 (issue 14 item 2): "What needs checking first".

When a warning sign that needs checking first is found or could not be ruled out
(an emergency or urgent flag, or any flag of a serious group: fracture, cancer,
infection, aneurysm), no result the person sees shows a mechanical cause, its
reassurance or its recovery time. Every red flag in the content is tried, found
and not ruled out, through the engine, the JSON, every summary format, plain
mode, the demo replay and (for a few) the TUI results screen.
"""

from __future__ import annotations

import io
import json
import re

import pytest

from sciatica_tui.contentset.checks import find_answers
from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.plain import PlainSession
from sciatica_tui.reports.assessment_json import to_json
from sciatica_tui.reports.formats import render
from sciatica_tui.reports.summary import build

from .calm import calm
from .conftest import DISC
from .pilot import loaded, sync

# Tiers at which any warning sign, found or not ruled out, needs checking first.
CHECK_FIRST_TIERS = {"emergency", "urgent"}


def _words(content) -> Words:
    return Words(content, "en", "999")


def _qualifies(content, flag) -> bool:
    concern = content.concern_of(flag.id)
    return flag.tier in CHECK_FIRST_TIERS or concern.serious


def _flags(content, qualifying: bool) -> list:
    return [f for f in content.red_flags if _qualifies(content, f) == qualifying]


def _found(content, flag) -> dict:
    """A classic disc picture (so causes would show) plus answers that fire the flag."""
    trigger = find_answers(content, flag.when)
    assert trigger is not None, flag.id
    answers = calm(content, {**DISC, **trigger})
    a = assess(content, answers)
    assert flag.id in {f.id for f in a.red_flags}, flag.id
    return answers


def _not_ruled_out(content, flag) -> dict | None:
    """The same picture with the flag's own questions answered "not sure" (or left
    unanswered where there is no such option); None if that cannot leave this
    flag open (e.g. a follow-up that is then not asked at all)."""
    answers = _found(content, flag)
    for qid in {leaf.q for leaf in _leaves(flag.when)}:
        unsure = sorted(content.question(qid).unknown_option_ids)
        q = content.question(qid)
        if unsure:
            answers[qid] = [unsure[0]] if q.type == "multi" else unsure[0]
        else:
            answers.pop(qid, None)
    a = assess(content, answers)
    return answers if flag.id in {f.id for f in a.possible_red_flags} else None


def _leaves(cond):
    from sciatica_tui.core.conditions import leaves

    return list(leaves(cond))


def _reassurance(content) -> list[str]:
    """Every cause's own words: what it is, what helps, how long it takes."""
    w = _words(content)
    return [w.t(getattr(c, field)) for c in content.causes
            for field in ("summary", "helps", "recovery", "feels_like")]


def _cause_labels(content) -> list[str]:
    w = _words(content)
    return [w.t(c.label) for c in content.causes]


def _plain_results(content, answers) -> str:
    out = io.StringIO()
    session = PlainSession(_words(content), lambda: None, out)
    session.answers.update(answers)
    session.results()
    text = out.getvalue()
    # The person's part: everything before the clinician summary that follows.
    return text.split(_words(content).ui("plain.summary_follows"))[0]


def _check_hidden(content, answers, flag, found: bool) -> None:
    w = _words(content)
    a = assess(content, answers)
    concern = content.concern_of(flag.id).id
    assert a.causes_hidden and a.shown_causes == (), flag.id
    entry = next(c for c in a.checking_first if c.concern == concern)
    assert flag.id in entry.flags
    if found:
        assert entry.found
    # JSON: nothing for the person to read as a cause; the concern in words.
    data = to_json(content, a, w, "2026-01-01 00:00 +0000")
    assert data["causes_hidden"] is True and data["likely_causes"] == []
    assert any(c["concern"] == concern and c["label"] and c["what_to_do"]
               for c in data["checking_first"])
    blob = json.dumps(data, ensure_ascii=False)
    for text in _reassurance(content):
        assert text not in blob, (flag.id, text)
    # Every summary format: the concern first, no reassurance, and causes only
    # under the clinician's secondary heading.
    s = build(content, a, w, "2026-01-01 00:00 +0000")
    headings = [b.text for b in s.blocks if b.kind == "heading"]
    assert w.ui("out.checking_first") in headings
    assert w.ui("out.likely_causes") not in headings
    for fmt in ("text", "markdown", "html"):
        out = render(fmt, content, a, w)
        assert isinstance(out, str)
        for text in _reassurance(content):
            assert text not in out, (flag.id, fmt, text)
        assert w.ui("out.likely_causes") not in out
    # Plain mode's results, before the clinician summary: no cause at all.
    person = _plain_results(content, answers)
    assert w.ui("out.checking_first") in person
    for text in _reassurance(content) + _cause_labels(content):
        assert text not in person, (flag.id, text)


def test_C_H2_every_flag_that_needs_checking_hides_causes_when_found(content):
    flags = _flags(content, True)
    assert len(flags) >= 10  # iterate over the content, not a hand-made list
    for flag in flags:
        _check_hidden(content, _found(content, flag), flag, found=True)


def test_C_H2_every_flag_that_needs_checking_hides_causes_when_not_ruled_out(content):
    flags = _flags(content, True)
    tried = 0
    for flag in flags:
        answers = _not_ruled_out(content, flag)
        if answers is not None:
            _check_hidden(content, answers, flag, found=False)
            tried += 1
    assert tried >= len(flags) * 3 // 4, (tried, len(flags))


def test_C_H2_other_warning_signs_keep_the_causes(content):
    """A "see someone within days" sign that is not serious pathology (e.g. first
    back pain over 50) still shows what the answers often point to."""
    flags = _flags(content, False)
    assert flags
    for flag in flags:
        a = assess(content, _found(content, flag))
        assert not a.causes_hidden and a.checking_first == (), flag.id
        assert a.shown_causes, flag.id


def test_C_H2_no_warning_sign_no_checking_first(content):
    a = assess(content, calm(content, DISC))
    assert a.checking_first == () and not a.causes_hidden
    assert [c.id for c in a.shown_causes] == ["disc_herniation"]


def test_C_H2_the_concern_says_why_in_the_persons_words(content):
    w = _words(content)
    a = assess(content, calm(content, {**DISC, "fever": "yes"}))
    data = to_json(content, a, w, "x")
    infection = next(c for c in data["checking_first"] if c["concern"] == "infection")
    assert infection["found"] is True
    assert infection["because"][0]["question"] == "fever"
    assert infection["because"][0]["answer_text"] == "Yes"
    text = render("text", content, a, w)
    assert "A possible infection near the spine" in text
    assert text.index("What needs checking first") < text.index("Warning signs found")


def test_C_H2_unmapped_or_unknown_flags_are_content_errors(tmp_path, content_dir):
    import shutil

    from sciatica_tui.contentset.loader import ContentError, load_content

    root = tmp_path / "content"
    shutil.copytree(content_dir, root)
    path = root / "concerns.toml"
    text = path.read_text(encoding="utf-8")
    # The aneurysm group's first flag: misspelt, so it is unknown and sudden_severe
    # is in no group.
    text, n = re.subn(r'(id = "aneurysm"\n(?:.*\n)*?flags = \[)"sudden_severe"',
                      r'\1"sudden_sever"', text, count=1)
    assert n == 1
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(root, use_cache=False, user_cache=False)
    found = [str(p) for p in info.value.problems]
    assert 'concerns.toml: concern "aneurysm", field "flags[0]": unknown red flag ' \
           '"sudden_sever" (not in red_flags.toml)' in found
    assert any('field "flags": red flag "sudden_severe" (red_flags.toml) is in no concern'
               in p for p in found)


def test_C_H2_demo_replay_shows_the_concern_not_causes(content):
    from sciatica_tui.core.demo import replay, sample, step_text

    w = _words(content)
    s = sample(content, "bladder")
    steps = replay(w, s)
    last = step_text(w, steps[-1], len(steps))
    assert w.ui("out.checking_first") in last
    assert "cauda equina" in last
    for label in _cause_labels(content):
        assert label not in last


@sync
async def test_C_H2_results_screen_shows_the_concern_and_no_causes(content):
    from textual.widgets import Collapsible

    from sciatica_tui.tui.app import SciaticaApp

    w = _words(content)
    flag = next(f for f in content.red_flags if content.concern_of(f.id).id == "cancer")
    answers = _found(content, flag)
    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        app.answers.update(answers)
        app.show_results()
        await pilot.pause()
        screen = app.screen
        assert screen.query("#checking-first")
        shown = "\n".join(str(s.render()) for s in screen.query(".concern"))
        assert "such as cancer" in shown and "Because you said" in shown
        titles = [str(c.title) for c in screen.query(Collapsible)]
        labels = _cause_labels(content)
        assert not [t for t in titles if any(label in t for label in labels)]
        assert w.ui("out.likely_causes") not in [str(s.render()) for s in screen.query(".section")]


@sync
async def test_C_H2_results_screen_without_warning_signs_shows_causes(content):
    from textual.widgets import Collapsible

    from sciatica_tui.tui.app import SciaticaApp

    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        app.answers.update(calm(content, DISC))
        app.show_results()
        await pilot.pause()
        assert not app.screen.query("#checking-first")
        titles = [str(c.title) for c in app.screen.query(Collapsible)]
        assert any("A disc pressing on a nerve root (fits your answers well)" in t
                   for t in titles)
        assert not any("piriformis syndrome" in t for t in titles)


def test_C_H2_the_pdf_has_the_concern_and_no_reassurance(content):
    from pypdf import PdfReader

    w = _words(content)
    flag = next(f for f in content.red_flags if f.tier == "emergency")
    a = assess(content, _found(content, flag))
    data = render("pdf", content, a, w)
    assert isinstance(data, bytes)
    text = " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(data)).pages).split())
    assert w.ui("out.checking_first") in text
    for words in _reassurance(content):
        assert " ".join(words.split()) not in text
