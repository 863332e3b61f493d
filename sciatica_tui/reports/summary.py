"""The clinician summary as a small document of blocks, rendered by each format
(text, Markdown, HTML, PDF). One place decides what the summary says and in what
order; the formats only decide how it looks.

A referral letter in SBAR order, from the result view model (result_view.py),
so it says what every screen says. Header: title, the clinic's name and phone,
blank lines for name and date of birth (paper), the self-report note, the
content's review status, date, content version.
- Situation: the disposition, what to do now, why, what needs checking first,
  warning signs found (clinical short labels with the answers), not ruled out,
  not asked (once).
- Background: about the person (age, sex at birth, pregnancy), other
  warning-sign answers (e.g. first episode), those answered with no concern.
- Assessment: the symptom picture; what the answers often point to, with the
  answers for and against (or, while something needs checking first, the
  mechanical pattern labelled as secondary, with no reassurance).
- Recommendation: first steps, steps left out (one line per reason), when to get
  help sooner, the clinic again; then sources.
No internal ids, and no line twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.content import Content
from ..core.engine import Assessment
from ..core.words import Words

if TYPE_CHECKING:
    from .result_view import CauseView


class Item(NamedTuple):
    text: str
    mark: str = "-"  # "!" warning sign, "?" not ruled out, "*" point, "+" step, "-" other
    details: tuple[str, ...] = ()


class Block(NamedTuple):
    kind: str  # title | clinic | fill | note | section | banner | heading | para | items |
    # pairs | compact_pairs
    text: str = ""
    tier: str = ""
    items: tuple[Item, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()


class Summary:
    def __init__(self, blocks: list[Block] | None = None, lang: str = "en", title: str = "",
                 paper: str = "a4") -> None:
        self.blocks: list[Block] = blocks if blocks is not None else []
        self.paper = paper  # "a4" | "letter", for the PDF
        self.lang, self.title = lang, title

    def add(self, kind: str, **kw: Any) -> None:
        self.blocks.append(Block(kind, **kw))


def build(content: Content, a: Assessment, words: Words, generated: str | None = None,
          paper: bool = True) -> Summary:
    """The referral letter from the result view model. `paper`: with blank lines
    for the person's name and date of birth (every saved or printed format)."""
    from .result_view import build_view

    v = build_view(content, a, words, generated)
    ui = words.ui
    s = Summary(lang=words.lang, title=ui("out.title"), paper=words.paper)
    s.add("title", text=s.title)
    clinic = "   ".join(x for x in (
        f'{ui("out.clinic")}: {v.clinic_name}' if v.clinic_name else "",
        f'{ui("out.clinic_phone")}: {v.clinic_phone}' if v.clinic_phone else "") if x)
    if clinic:
        s.add("clinic", text=clinic)
    if paper:
        s.add("fill", pairs=((ui("out.name"), ""), (ui("out.date_of_birth"), "")))
    s.add("note", text=ui("out.not_diagnosis"))
    s.add("note", text=v.content_status)
    s.add("note", text=f'{ui("out.generated")}: {v.generated}')
    s.add("note", text=f'{ui("out.content_version")}: {v.content_version}')

    # S - Situation: the disposition, what to do now, and what was found.
    s.add("section", text=ui("out.sbar.situation"))
    s.add("banner", tier=v.disposition, text=v.headline)
    s.add("para", text=v.action)
    if v.rule_reasons:  # the warning signs behind it are listed next, with the answers
        s.add("heading", text=ui("out.why_disposition"))
        s.add("items", items=tuple(Item(r, "*") for r in v.rule_reasons))
    if v.checking_first:
        s.add("heading", text=ui("out.checking_first"))
        s.add("items", items=tuple(
            Item(c.label if c.found else f'{c.label} ({ui("out.why_not_ruled_out")})',
                 "!" if c.found else "?", (c.action,))
            for c in v.checking_first))
    if v.flags_found:
        s.add("heading", text=ui("out.red_flags"))
        s.add("items", items=tuple(Item(f'{f.label} - {"; ".join(f.evidence)}', "!")
                                   for f in v.flags_found))
    if v.flags_not_ruled_out:
        s.add("heading", text=ui("out.possible_red_flags"))
        s.add("items", items=tuple(Item(f'{f.label} - {"; ".join(f.evidence)}', "?")
                                   for f in v.flags_not_ruled_out))
    if v.not_asked:
        s.add("heading", text=ui("out.not_asked"))
        s.add("para", text="; ".join(v.not_asked))

    # B - Background: risk factors and history from the warning-sign questions.
    if v.about or v.other_answers or v.clear:
        s.add("section", text=ui("out.sbar.background"))
        if v.about:
            s.add("heading", text=ui("out.about_person"))
            s.add("compact_pairs", pairs=v.about)
        if v.other_answers:
            s.add("heading", text=ui("out.other_answers"))
            s.add("pairs", pairs=v.other_answers)
        if v.clear:
            s.add("heading", text=ui("out.clear_red_flags"))
            s.add("compact_pairs", pairs=v.clear)

    # A - Assessment: the symptom picture and what the answers often point to.
    s.add("section", text=ui("out.sbar.assessment"))
    if v.symptoms:
        s.add("heading", text=ui("out.symptoms"))
        s.add("pairs", pairs=v.symptoms)
    if v.causes_hidden:
        # For a clinician only, clearly secondary: no reassurance, no recovery time.
        if v.secondary_causes:
            s.add("heading", text=ui("out.secondary_causes"))
            s.add("items", items=tuple(_cause_item(ui, c) for c in v.secondary_causes))
    else:
        s.add("heading", text=ui("out.likely_causes"))
        s.add("para", text=ui("out.likely_causes_note"))
        s.add("items", items=tuple(_cause_item(ui, c) for c in v.causes)
              or (Item(ui("out.none")),))
        if v.weaker_causes:
            s.add("para", text=f'{ui("out.other_causes")}: ' + "; ".join(v.weaker_causes))

    # R - Recommendation: steps, steps left out, the safety net, who to contact.
    s.add("section", text=ui("out.sbar.recommendation"))
    s.add("heading", text=ui("out.first_steps"))
    s.add("items", items=tuple(Item(x.label, "+") for x in v.first_steps)
          or (Item(ui("out.none")),))
    if v.withheld:
        s.add("heading", text=ui("out.withheld_steps"))
        s.add("items", items=tuple(Item(f'{"; ".join(g.steps)}: {g.why}')
                                   for g in v.withheld))
    s.add("heading", text=ui("out.safety_net"))
    s.add("items", items=tuple(Item(line, "*") for line in v.safety_net))
    if v.ignored_answers:
        s.add("heading", text=ui("out.ignored_answers"))
        s.add("para", text=", ".join(v.ignored_answers))
    if v.sources:
        s.add("heading", text=ui("out.sources"))
        s.add("items", items=tuple(Item(title) for title in v.sources))
    return s


def _cause_item(ui: Any, c: CauseView) -> Item:
    details: list[str] = []
    if c.evidence_for:
        details.append(f'{ui("out.for")}: ' + "; ".join(c.evidence_for))
    if c.evidence_against:
        details.append(f'{ui("out.against_short")}: ' + "; ".join(c.evidence_against))
    return Item(f"{c.label} ({c.likelihood})", "*", tuple(details))


