"""The question catalogue for `sciatica-tui questions`: everything needed to write
an answers file by hand (ids, prompts, types, option ids, when each is asked, and
the group a question is shown in; groups.toml)."""

from __future__ import annotations

import textwrap
from typing import Any

from ..core.conditions import AllOf, AnswerCondition, AnyOf, AtLeast, NotOf
from ..core.content import Content, Question
from ..core.words import WIDTH, Words

_ANSWER_FORMAT = {
    "yes_no_unsure": 'one of "yes", "no", "unsure"',
    "single": "one option id",
    "multi": "a list of option ids",
    "scale": "a whole number",
    "number": "a number",
}


def describe(cond: Any) -> str:
    """A condition in words, e.g. 'weakness is yes or unsure'."""
    if isinstance(cond, AllOf):
        return " and ".join(_group(c) for c in cond.all)
    if isinstance(cond, AnyOf):
        return " or ".join(_group(c) for c in cond.any)
    if isinstance(cond, NotOf):
        return f"not ({describe(cond.not_)})"
    if isinstance(cond, AtLeast):
        return f"at least {cond.at_least} of: " + "; ".join(_group(c) for c in cond.of)
    assert isinstance(cond, AnswerCondition)
    if cond.kind == "choice":
        return f"{cond.q} is {' or '.join(cond.option_ids)}"
    if cond.kind == "multi":
        return f"{cond.q} includes {' or '.join(cond.option_ids)}"
    if cond.kind == "answered":
        return f"{cond.q} is {'answered' if cond.answered else 'not answered'}"
    tests = [(">", cond.gt), (">=", cond.gte), ("<", cond.lt), ("<=", cond.lte)]
    return " and ".join(f"{cond.q} {op} {v:g}" for op, v in tests if v is not None)


def _group(cond: Any) -> str:
    text = describe(cond)
    return f"({text})" if isinstance(cond, (AllOf, AnyOf)) else text


def _entry(q: Question, words: Words, content: Content | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": q.id,
        "section": q.section,
        "type": q.type,
        "prompt": words.t(q.prompt),
        "help": words.t(q.help),
        "answer_format": _ANSWER_FORMAT[q.type],
        "asked_when": describe(q.when) if q.when is not None else "always",
    }
    if q.type == "yes_no_unsure":
        entry["options"] = [{"id": o, "label": words.ui(f"answer.{o}")} for o in q.option_ids]
    elif q.options:
        entry["options"] = [{"id": o.id, "label": words.t(o.label)} for o in q.options]
    if q.exclusive:
        entry["exclusive"] = list(q.exclusive)
    if q.type in ("scale", "number"):
        entry["min"], entry["max"] = q.min, q.max
    group = content.group_of(q.id) if content is not None else None
    if group is not None:
        entry["group"] = group.id
    return entry


def catalogue(content: Content, words: Words) -> dict[str, Any]:
    return {
        "content_version": content.version,
        "language": words.lang,
        "questions": [_entry(q, words, content) for q in content.questions],
        # Questions shown together on one screen, in this order; an answers file
        # may give a group's answers as one object under the group's id.
        "groups": [{"id": g.id, "title": words.t(g.title), "questions": list(g.questions)}
                   for g in content.groups],
    }


def catalogue_text(content: Content, words: Words) -> str:
    lines = [f"Question catalogue (content version {content.version})",
             "Answers file: a JSON object mapping question id -> answer.", ""]
    for n, q in enumerate(content.questions, 1):
        e = _entry(q, words, content)
        lines += textwrap.wrap(f"{n}. {q.id}  [{q.type}, {q.section}]", WIDTH)
        lines += textwrap.wrap(e["prompt"], WIDTH, initial_indent="   ", subsequent_indent="   ")
        lines.append(f"   answer: {e['answer_format']}")
        for o in e.get("options", []):
            lines += textwrap.wrap(f"{o['id']}: {o['label']}", WIDTH, initial_indent="     - ",
                                   subsequent_indent="       ")
        if "min" in e:
            lines.append(f"   range: {e['min']:g} to {e['max']:g}")
        lines += textwrap.wrap(f"asked when: {e['asked_when']}", WIDTH, initial_indent="   ",
                               subsequent_indent="     ")
        if "group" in e:
            title = words.t(content.group(e["group"]).title)
            lines += textwrap.wrap(f"shown with group: {e['group']} ({title})", WIDTH,
                                   initial_indent="   ", subsequent_indent="     ")
        lines.append("")
    lines.append("Groups (questions shown together on one screen; an answers file may give")
    lines.append('a group\'s answers as one object, e.g. {"pain_now": {"leg_pain": 6}}):')
    for g in content.groups:
        lines += textwrap.wrap(f"- {g.id} ({words.t(g.title)}): {', '.join(g.questions)}",
                               WIDTH, subsequent_indent="    ")
    lines.append("")
    return "\n".join(lines)
