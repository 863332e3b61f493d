"""The clinic demo's material, UI-free: an index of everything that can be
browsed (causes, warning signs, first steps, physiotherapy, the nerve diagrams,
sample patients), search over it, and the step-by-step replay of a sample
patient. The TUI only shows what this returns."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from .content import Content, Sample
from .engine import Assessment, assess
from .words import Words

# Index groups, in the order the demo lists them.
KINDS = ("sample", "cause", "red_flag", "first_step", "physio", "anatomy", "advice")


@dataclass(frozen=True)
class Entry:
    kind: str  # one of KINDS
    id: str
    title: str
    text: str  # the whole entry as plain text, wrapped to `width`


@dataclass(frozen=True)
class Step:
    """One question of a sample patient's replay, and where the result stands after it."""

    number: int
    qid: str
    prompt: str
    answer: str
    assessment: Assessment
    new_flags: tuple[str, ...]  # warning signs this answer raised


def _para(text: str, width: int | None, indent: str = "") -> list[str]:
    """A paragraph wrapped to `width`; with no width, one line (the screen wraps it)."""
    if width is None:
        return [text]
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [""]


def _section(w: Words, key: str, text: str, width: int | None) -> list[str]:
    return ["", w.ui(key), *_para(text, width, "  ")]


def _sources(w: Words, codes: list[str], width: int | None) -> list[str]:
    titles = {s.id: s.title for s in w.content.sources}
    lines = ["", w.ui("out.sources")]
    for code in codes:
        lines += _para(f"[{code}] {titles.get(code, code)}", width, "  ")
    return lines


def entries(w: Words, width: int | None = 76) -> list[Entry]:
    """Everything the demo can show, grouped by KINDS order."""
    c, t = w.content, w.t
    out: list[Entry] = []
    for s in c.samples:
        tier = t(c.disposition(s.expect).label)
        text = [*_para(t(s.story), width), "", f"{w.ui('demo.result')}: {tier}",
                "", w.ui("demo.replay_hint")]
        out.append(Entry("sample", s.id, t(s.name), "\n".join(text)))
    for cause in c.causes:
        lines = _para(t(cause.summary), width)
        lines += _section(w, "tui.feels_like", t(cause.feels_like), width)
        lines += _section(w, "tui.what_helps", t(cause.helps), width)
        lines += _section(w, "tui.recovery", t(cause.recovery), width)
        lines += _sources(w, cause.sources, width)
        out.append(Entry("cause", cause.id, t(cause.label), "\n".join(lines)))
    for f in c.red_flags:
        lines = [f"{w.ui('demo.tier')}: {t(c.disposition(f.tier).label)}"]
        lines += _section(w, "demo.why_it_matters", t(f.why), width)
        lines += _section(w, "out.what_to_do", t(f.action), width)
        lines += _sources(w, f.sources, width)
        out.append(Entry("red_flag", f.id, t(f.label), "\n".join(lines)))
    for fs in c.first_steps:
        lines = [*_para(t(fs.goal), width), "", t(fs.figure), "", w.ui("tui.how_to")]
        for n, step in enumerate(w.tl(fs.steps), 1):
            lines += _para(f"{n}. {step}", width, "  ")
        lines += _section(w, "tui.how_much", t(fs.dose), width)
        lines += _section(w, "tui.how_it_feels", t(fs.feel), width)
        lines += _section(w, "tui.when_to_stop", t(fs.stop_if), width)
        lines += _section(w, "tui.not_for", t(fs.not_for), width)
        lines += _sources(w, fs.sources, width)
        out.append(Entry("first_step", fs.id, t(fs.label), "\n".join(lines)))
    for kind in ("physio", "anatomy", "advice"):
        for topic in c.topics:
            if topic.group != kind:
                continue
            lines = [t(topic.figure), ""] if topic.figure else []
            for para in w.tl(topic.body):
                lines += [*_para(para, width), ""]
            lines += _sources(w, topic.sources, width)[1:]
            out.append(Entry(kind, topic.id, t(topic.title), "\n".join(lines)))
    return out


def search(found: list[Entry], query: str) -> list[Entry]:
    """Entries holding every word of the query, best first: the whole query in the
    title, then every word in the title, then more of the words in the title,
    then the whole query in the text; ties keep the index order."""
    words = query.lower().split()
    if not words:
        return list(found)
    phrase = " ".join(words)
    hits = [e for e in found if all(x in f"{e.title}\n{e.text}".lower() for x in words)]

    def rank(e: Entry) -> tuple[bool, bool, int, bool]:
        title, text = e.title.lower(), " ".join(e.text.lower().split())
        in_title = sum(x in title for x in words)
        return (phrase not in title, in_title < len(words), -in_title, phrase not in text)

    return sorted(hits, key=rank)


def sample(content: Content, sid: str) -> Sample:
    return next(s for s in content.samples if s.id == sid)


def replay(w: Words, s: Sample, changed: dict[str, Any] | None = None) -> list[Step]:
    """The questionnaire as this sample patient would answer it, in the order the
    interview session asks it (a group's rows one by one): each question, their
    answer, and the assessment so far. A question they have no answer for is left
    unanswered (unknown), as in the app. `changed`: answers the demonstrator
    changed (question id -> answer), used instead of the sample's, so the effect
    on the result can be shown."""
    from .session import Session

    c = w.content
    given = {**s.answers, **(changed or {})}
    session = Session()
    steps: list[Step] = []
    flagged: set[str] = set()
    while (shown := session.next_step(c)).kind != "review":
        for qid in shown.qids or ((shown.qid,) if shown.qid else ()):
            session.record(c, qid, given.get(qid))
            a = assess(c, session.answers)
            new = tuple(f.id for f in a.red_flags if f.id not in flagged)
            flagged.update(new)
            q = c.question(qid)
            steps.append(Step(len(steps) + 1, qid, w.t(q.prompt),
                              w.answer(q, session.answers[qid]), a, new))
    return steps


def choices(q: Any) -> list[Any]:
    """The answers the demonstrator can give a question instead of the sample's:
    each option (one at a time for a checklist), or each whole number."""
    if q.type == "number":
        return list(range(int(q.min), int(q.max) + 1))
    if q.type == "multi":
        return [[o] for o in q.option_ids]
    return list(q.option_ids)


def step_text(w: Words, step: Step, total: int, width: int | None = 76) -> str:
    """Where a replay stands after one step, in plain words."""
    c, t, a = w.content, w.t, step.assessment
    lines = [w.ui("demo.step").format(n=step.number, total=total), ""]
    lines += _para(step.prompt, width)
    lines += _para(f"{w.ui('demo.answer')}: {step.answer}", width, "  ")
    flags = {f.id: f for f in c.red_flags}
    for fid in step.new_flags:
        lines += ["", *_para(f"{w.ui('demo.new_flag')}: {t(flags[fid].label)}", width)]
    if a.unanswered_red_flag_questions and not a.red_flags:
        # Warning signs not yet asked about would count as "not known": say that
        # the check is still going, rather than show that cautious result.
        lines += ["", w.ui("demo.still_checking")]
        return "\n".join(lines)
    lines += ["", f"{w.ui('demo.so_far')}: {t(c.disposition(a.disposition).label)}"]
    if a.checking_first:
        # As in the results: what needs checking first, and no likely causes.
        lines += ["", w.ui("out.checking_first")]
        for check in a.checking_first:
            mark = "!" if check.found else "?"
            lines += _para(f"{mark} {w.concern(check)['label']}", width, "  ")
        return "\n".join(lines)
    causes = {x.id: x for x in c.causes}
    for r in a.shown_causes:
        lines.append(f"  - {t(causes[r.id].label)} "
                     f"({w.ui('out.likelihood.' + r.likelihood)})")
    return "\n".join(lines)
