"""The clinician summary as a small document of blocks, rendered by each format
(text, Markdown, HTML, PDF). One place decides what the summary says and in what
order; the formats only decide how it looks.

Order (a clinician reads the top first): title, self-report note, the content's
review status (a draft until signed off), date and version; the disposition in
one line; what needs checking first; warning signs with the person's own answers;
warning signs not ruled out; why; relevant negatives (unknown, then "no"); the
symptom picture; what the answers often point to (or, while something needs
checking first, the mechanical pattern labelled as secondary, with no
reassurance); first steps; steps left out; when to get help sooner; sources.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .engine import Assessment
from .report import Words, to_json
from .runtime import Content


class Item(NamedTuple):
    text: str
    mark: str = "-"  # "!" warning sign, "?" not ruled out, "*" point, "+" step, "-" other
    details: tuple[str, ...] = ()


class Block(NamedTuple):
    kind: str  # title | note | banner | heading | para | items | pairs | compact_pairs
    text: str = ""
    tier: str = ""
    items: tuple[Item, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()


class Summary:
    def __init__(self, blocks: list[Block] | None = None, data: dict[str, Any] | None = None,
                 lang: str = "en", title: str = "") -> None:
        self.blocks: list[Block] = blocks if blocks is not None else []
        # The JSON form, for formats that need it.
        self.data: dict[str, Any] = data if data is not None else {}
        self.lang, self.title = lang, title

    def add(self, kind: str, **kw: Any) -> None:
        self.blocks.append(Block(kind, **kw))


def _quote(x: dict[str, Any]) -> str:
    return f'"{x["prompt"]}" - {x["answer_text"]}'


def build(content: Content, a: Assessment, words: Words, generated: str | None = None) -> Summary:
    data = to_json(content, a, words, generated)
    ui = words.ui
    s = Summary(data=data, lang=words.lang, title=ui("out.title"))
    s.add("title", text=s.title)
    s.add("note", text=ui("out.not_diagnosis"))
    s.add("note", text=data["content_status"])
    s.add("note", text=f'{ui("out.generated")}: {data["generated"]}   '
                       f'{ui("out.content_version")}: {data["content_version"]}')
    s.add("banner", tier=a.disposition,
          text=f'>> {data["disposition_label"].upper()} ({data["timeframe"]})')
    s.add("para", text=data["what_to_do"])

    if data["checking_first"]:
        s.add("heading", text=ui("out.checking_first"))
        s.add("para", text=ui("out.checking_first_note"))
        s.add("items", items=tuple(_concern_item(ui, c) for c in data["checking_first"]))
    if data["red_flags"]:
        s.add("heading", text=ui("out.red_flags"))
        s.add("items", items=tuple(
            Item(f'{f["label"]} [{f["disposition"]}]', "!",
                 (f'{ui("out.because_you_said")}:', *map(_quote, f["because"])))
            for f in data["red_flags"]))
    if data["possible_red_flags"]:
        s.add("heading", text=ui("out.possible_red_flags"))
        s.add("items", items=tuple(
            Item(f'{f["label"]} [{f["disposition"]}] - '
                 + "; ".join(f'{x["short"]}: {x["answer_text"]}' for x in f["unknown"]), "?")
            for f in data["possible_red_flags"]))
    rules = {r.id: r for r in content.rules}
    reasons = [words.t(rules[r.id].reason) for r in a.reasons if r.kind == "rule"]
    if reasons:
        s.add("heading", text=ui("out.why_disposition"))
        s.add("items", items=tuple(Item(r, "*") for r in reasons))
    if data["unanswered_red_flag_questions"]:
        s.add("heading", text=ui("out.unanswered_red_flags"))
        s.add("items", items=tuple(
            Item(f'{words.t(content.question(q).short)}: {ui("out.unknown_answer")}', "?")
            for q in data["unanswered_red_flag_questions"]))
    if data["red_flag_questions_clear"]:
        s.add("heading", text=ui("out.clear_red_flags"))
        quoted = (words.quote(a, q) for q in data["red_flag_questions_clear"])
        s.add("compact_pairs", pairs=tuple((x["short"], x["answer_text"]) for x in quoted))
    if data["symptoms"]:
        s.add("heading", text=ui("out.symptoms"))
        s.add("pairs", pairs=tuple((x["short"], x["answer_text"]) for x in data["symptoms"]))

    if a.causes_hidden:
        # For a clinician only, clearly secondary: no reassurance, no recovery time.
        if data["all_causes"]:
            s.add("heading", text=ui("out.secondary_causes"))
            s.add("items", items=tuple(_cause_item(ui, c) for c in data["all_causes"]))
    else:
        s.add("heading", text=ui("out.likely_causes"))
        s.add("para", text=ui("out.likely_causes_note"))
        s.add("items", items=tuple(_cause_item(ui, c) for c in data["likely_causes"])
              or (Item(ui("out.none")),))
        shown = {c["id"] for c in data["likely_causes"]}
        weaker = [c["label"] for c in data["all_causes"] if c["id"] not in shown]
        if weaker:
            s.add("para", text=f'{ui("out.other_causes")}: ' + "; ".join(weaker))

    s.add("heading", text=ui("out.first_steps"))
    s.add("items", items=tuple(Item(x["label"], "+") for x in data["first_steps"])
          or (Item(ui("out.none")),))
    if data["withheld_steps"]:
        s.add("heading", text=ui("out.withheld_steps"))
        s.add("items", items=tuple(Item(f'{w["label"]}: {w["why"]}')
                                   for w in data["withheld_steps"]))
    s.add("heading", text=ui("out.safety_net"))
    s.add("items", items=tuple(Item(line, "*") for line in data["safety_net"]))
    if data["ignored_answers"]:
        s.add("heading", text=ui("out.ignored_answers"))
        s.add("para", text=", ".join(data["ignored_answers"]))
    cited = _cited_sources(content, a)
    if cited:
        s.add("heading", text=ui("out.sources"))
        s.add("items", items=tuple(Item(title) for title in cited))
    return s


def _cause_item(ui: Any, c: dict[str, Any]) -> Item:
    details: list[str] = []
    if c["because"]:
        details += [f'{ui("out.because_you_said")}:', *map(_quote, c["because"])]
    if c["against"]:
        details += [f'{ui("out.against")}:', *map(_quote, c["against"])]
    return Item(f'{c["label"]} ({ui("out.likelihood." + c["likelihood"])})', "*",
                tuple(details))


def _concern_item(ui: Any, c: dict[str, Any]) -> Item:
    """A concern: its plain label, what to do, and why (the answers that raised
    it, or the questions we could not rule it out on)."""
    if c["found"]:
        why = [f'{ui("out.because_you_said")}:', *map(_quote, c["because"])]
        mark = "!"
    else:
        why = [f'{ui("out.not_ruled_out_because")}:',
               *(f'"{x["prompt"]}"' for x in c["unknown"])]
        mark = "?"
    return Item(c["label"], mark, (c["what_to_do"], *why))


def _cited_sources(content: Content, a: Assessment) -> list[str]:
    """Titles of the sources behind the disposition, flags, causes and steps shown."""
    shown = {f.id for f in (*a.red_flags, *a.possible_red_flags)}
    items: list[Any] = [f for f in content.red_flags if f.id in shown]
    items += [c for c in content.concerns if c.id in {x.concern for x in a.checking_first}]
    items += [c for c in content.causes if c.id in {x.id for x in a.likely_causes}]
    items += [s for s in content.first_steps if s.id in a.first_steps]
    items += [content.disposition(a.disposition)]
    codes = list(dict.fromkeys(code for item in items for code in getattr(item, "sources", [])))
    titles = {s.id: s.title for s in content.sources}
    return [titles[c] for c in codes if c in titles]
