"""Turning an assessment into words: the wording helper (Words) and the JSON form
for programs; the plain text for people is formats/text.py.

All wording comes from content/ (clinical text and ui.toml strings).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from .conditions import AnswerValue
from .content import Content, Question
from .engine import Assessment, CheckFirst, Cited, Withheld
from .i18n import fill, locale_values, tr, tr_list

WIDTH = 80


def now() -> datetime:
    """The local time, aware of its UTC offset. SOURCE_DATE_EPOCH (seconds) fixes
    it, for reproducible output in tests."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "")
    return (datetime.fromtimestamp(int(fixed), UTC) if fixed.isdigit()
            else datetime.now().astimezone())


def timestamp(when: datetime | None = None) -> str:
    """Local date and time with its UTC offset, e.g. "2026-11-21 19:40 +0000"."""
    return (when or now()).strftime("%Y-%m-%d %H:%M %z")


_MATCHERS: WeakKeyDictionary[Content, list[tuple[str, str, re.Pattern[str]]]] = (
    WeakKeyDictionary())


def glossary_matcher(content: Content) -> list[tuple[str, str, re.Pattern[str]]]:
    """(phrase, glossary id, whole-word pattern) for every glossary phrase, longest
    first: compiled once per content set and kept while the content lives (each
    question screen used to compile all of them again)."""
    matcher = _MATCHERS.get(content)
    if matcher is None:
        phrases = sorted(((m, g.id) for g in content.glossary for m in g.matches),
                         key=lambda pair: -len(pair[0]))
        matcher = [(phrase, gid, re.compile(rf"\b{re.escape(phrase)}\b"))
                   for phrase, gid in phrases]
        _MATCHERS[content] = matcher
    return matcher


class Words:
    """Localised wording for one content set, language and country.

    Every text shown anywhere (TUI, plain mode, every summary format, the QR
    code) goes through `t`/`tl`, which put in the country's emergency number
    and service names (content/locales.toml). `emergency_number`, when given
    (config file or --emergency-number), wins over the table's number; with no
    `country`, the international entry is used."""

    def __init__(self, content: Content, lang: str = "en", emergency_number: str | None = None,
                 country: str | None = None, clinic_name: str = "", clinic_phone: str = ""):
        self.content = content
        # The clinic's name and phone (config), on every summary format.
        self.clinic_name, self.clinic_phone = clinic_name, clinic_phone
        # The PDF page size, "a4" or "letter" (i18n.paper_for).
        from .i18n import paper_for

        self.paper = paper_for(None, country)
        self.lang = lang
        self.place = content.locale(country)
        self.values = locale_values(self.place, lang, emergency_number)
        self.emergency_number = self.values["emergency_number"]

    def t(self, text: Mapping[str, str]) -> str:
        return fill(tr(text, self.lang), self.values)

    def tl(self, text: Mapping[str, list[str]]) -> list[str]:
        return [fill(s, self.values) for s in tr_list(text, self.lang)]

    def ui(self, key: str) -> str:
        return self.t(self.content.ui[key])

    def glossary_for(self, text: str) -> list[str]:
        """"Word: what it means" for each glossary word used in `text`. Longer
        phrases win: "lumbar roll" explains the roll, not also the word "lumbar"."""
        low = text.lower()
        used: set[str] = set()
        for phrase, gid, pattern in glossary_matcher(self.content):
            # A phrase can only match where it is a substring of the text as given
            # (the "\0" put in for a longer phrase makes no new text), so the
            # cheap test skips the regex for nearly every phrase.
            if phrase in low and pattern.search(low):
                used.add(gid)
                low = pattern.sub("\0", low)
        return [f"{self.t(g.term)}: {self.t(g.means)}" for g in self.content.glossary
                if g.id in used]

    def answer(self, q: Question, value: AnswerValue | None) -> str:
        """A person's answer in words, e.g. "Yes", "Buttock, Thigh", "6 out of 10"."""
        if value is None:
            return self.ui("answer.none")
        if q.type == "yes_no_unsure":
            return self.ui(f"answer.{value}")
        if q.type in ("single", "multi"):
            labels = {o.id: self.t(o.label) for o in q.options}
            chosen = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(str(v), str(v)) for v in chosen)
        number = f"{value:g}" if isinstance(value, float) else str(value)
        if q.type == "scale":
            return f"{number} / {q.max:g}"
        return f"{number} {self.t(q.unit)}" if q.unit else number

    def quote(self, a: Assessment, qid: str, options: tuple[str, ...] = ()) -> dict[str, Any]:
        """A quoted answer; with `options`, only those options of it (the part of a
        multiple-choice answer that counted as evidence)."""
        q = self.content.question(qid)
        value = a.answers.get(qid)
        if options and isinstance(value, list):
            value = [o for o in value if o in options]
        return {
            "question": qid,
            "prompt": self.t(q.prompt),
            "short": self.t(q.short),
            "answer": value,
            "answer_text": self.answer(q, value),
        }

    def cited(self, a: Assessment, items: tuple[Cited, ...]) -> list[dict[str, Any]]:
        return [self.quote(a, c.q, c.options) for c in items]

    def concern(self, c: CheckFirst) -> dict[str, Any]:
        """What needs checking first, in words: the concern, what to do, and why
        (the answers that raised it, or the questions that were not known)."""
        group = next((g for g in self.content.concerns if g.id == c.concern), None)
        if group is not None:
            label, what = self.t(group.label), self.t(group.what_to_do)
        else:  # a flag outside every group (unvalidated content): its own words
            flag = next(f for f in self.content.red_flags if f.id == c.concern)
            label, what = self.t(flag.label), self.t(flag.action)
        flags = {f.id: f for f in self.content.red_flags}
        a_flags = [self.t(flags[f].label) for f in c.flags if f in flags]
        return {"concern": c.concern, "label": label, "what_to_do": what,
                "disposition": c.tier, "found": c.found, "flags": list(c.flags),
                "flag_labels": a_flags}

    def draft_note(self) -> str:
        """The content's review status for every summary: the draft warning, or
        who signed it off."""
        meta = self.content.meta
        if meta.signed_off:
            return f"{self.ui('about.reviewer')}: {meta.reviewer_role}"
        return self.ui("out.draft")

    def withheld_why(self, w: Withheld) -> str:
        if w.kind == "tier":
            return self.ui("out.withheld.tier")
        if w.kind == "checking_first":
            return self.ui("out.withheld.checking_first")
        step = next(s for s in self.content.first_steps if s.id == w.id)
        assert w.avoid_index is not None
        why = self.t(step.avoid_if[w.avoid_index].why)
        if w.kind == "unknown":
            return f"{self.ui('out.withheld.unknown')}: {why}"
        return why
