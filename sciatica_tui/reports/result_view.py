"""The result view model: what an assessment says, in words, built once.

Every place that shows a result reads this, never the assessment directly: the
TUI results screen, plain mode's results, and every summary format (text,
Markdown, HTML, PDF, and the on-screen clinician summary, through summary.py).
No screen or format chooses what to show; this module does, from the engine's
Assessment and the content's words. UI-free.

What it holds:
- the disposition (label, timeframe) and the action to take now. When a warning
  sign was found at the disposition's tier, its own action is the action (an
  aortic emergency says "call for an ambulance", not "call or go to A&E");
- why: the reasons that decided the disposition, in plain words, each either
  found ("because you said ...") or could not be ruled out;
- what needs checking first, warning signs found and not ruled out, each with the
  answers behind it as clinical short labels ("Saddle numbness: Yes");
- warning signs not asked about, once (a sign gated behind an unanswered
  question, such as a pregnancy sign when pregnancy was not asked, is left out:
  its gate question is what was not asked);
- background: about the person (age, sex at birth, pregnancy: the about-you
  answers, core.progress.ABOUT_YOU_QUESTIONS), other warning-sign answers (e.g.
  "First time: Yes", which fired no flag on its own), and the warning-sign
  questions answered with no concern (never the about-you answers: an age is
  not a warning sign answered "no");
- the symptom picture; the causes the answers often point to (or, while something
  needs checking first, the secondary pattern for a clinician only);
- first steps, steps left out grouped by reason, the safety net, sources;
- letter parts: clinic name and phone, content version and review status.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..core.content import TIER_RANK, Content
from ..core.engine import Assessment
from ..core.progress import ABOUT_YOU_QUESTIONS
from ..core.words import Words, timestamp


class Why(NamedTuple):
    """One reason for the disposition: found, or could not be ruled out."""

    label: str
    found: bool
    evidence: tuple[str, ...]  # "Short label: answer"
    kind: str = ""  # red_flag | possible_red_flag | rule (the engine's reason kind)
    id: str = ""  # the warning sign's or rule's id, for machine formats only

    def text(self, words: Words) -> str:
        lead = words.ui("out.why_found" if self.found else "out.why_not_ruled_out")
        if not self.evidence:
            return self.label
        return f"{self.label}. {lead}: {'; '.join(self.evidence)}"


class Finding(NamedTuple):
    """A concern or warning sign, with what to do and the answers behind it."""

    label: str
    found: bool
    tier: str
    action: str
    evidence: tuple[str, ...]
    id: str = ""  # the warning sign's or concern's id, for machine formats only
    questions: tuple[str, ...] = ()  # the question ids behind `evidence`, in order


class CauseView(NamedTuple):
    id: str
    label: str
    likelihood: str  # in words, e.g. "fits your answers well"
    summary: str
    feels_like: str
    helps: str
    recovery: str
    evidence_for: tuple[str, ...]
    evidence_against: tuple[str, ...]


class StepView(NamedTuple):
    id: str
    label: str
    goal: str = ""
    figure: str = ""
    how: tuple[str, ...] = ()  # numbered steps
    dose: str = ""
    feel: str = ""
    stop_if: str = ""
    not_for: str = ""


class WithheldGroup(NamedTuple):
    why: str
    steps: tuple[str, ...]  # step labels
    ids: tuple[str, ...] = ()  # the steps' ids, in the same order


class ResultView(NamedTuple):
    disposition: str  # tier id, for colours only
    label: str
    timeframe: str
    action: str
    why: tuple[Why, ...]
    checking_first: tuple[Finding, ...]
    flags_found: tuple[Finding, ...]
    flags_not_ruled_out: tuple[Finding, ...]
    not_asked: tuple[str, ...]  # warning-sign questions never answered (short labels)
    about: tuple[tuple[str, str], ...]  # about the person: age, sex at birth, pregnancy
    other_answers: tuple[tuple[str, str], ...]  # warning-sign answers of note, no flag
    clear: tuple[tuple[str, str], ...]  # warning-sign questions answered with no concern
    symptoms: tuple[tuple[str, str], ...]
    causes_hidden: bool
    causes: tuple[CauseView, ...]  # what the person sees ("often points to")
    secondary_causes: tuple[CauseView, ...]  # for a clinician while something is checked
    weaker_causes: tuple[str, ...]
    first_steps: tuple[StepView, ...]
    withheld: tuple[WithheldGroup, ...]
    safety_net: tuple[str, ...]
    rule_reasons: tuple[str, ...]
    ignored_answers: tuple[str, ...]
    sources: tuple[str, ...]
    content_version: str
    content_status: str
    generated: str
    clinic_name: str
    clinic_phone: str
    # The question ids behind not_asked, about, other_answers and clear, in the
    # same order (for machine formats: JSON, FHIR).
    not_asked_ids: tuple[str, ...] = ()
    about_ids: tuple[str, ...] = ()
    other_ids: tuple[str, ...] = ()
    clear_ids: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        return f">> {self.label.upper()} ({self.timeframe})"


def symptom_picture(content: Content, a: Assessment) -> list[str]:
    """Ids of the symptom questions asked and answered, in question order."""
    return [q for q in a.asked if q in a.answers and content.question(q).section == "symptoms"]


def _pair(words: Words, a: Assessment, qid: str, options: tuple[str, ...] = ()) -> str:
    x = words.quote(a, qid, options)
    answer = x["answer_text"]
    if qid not in a.answers:
        answer = words.ui("out.not_answered")
    return f'{x["short"]}: {answer}'


def build_view(content: Content, a: Assessment, words: Words,
               generated: str | None = None) -> ResultView:
    flags = {f.id: f for f in content.red_flags}
    causes = {c.id: c for c in content.causes}
    steps = {s.id: s for s in content.first_steps}
    rules = {r.id: r for r in content.rules}
    d = content.disposition(a.disposition)

    def gated_unknown(qid: str) -> bool:
        """Never answered, and behind a question that was not answered either (a
        pregnancy sign when pregnancy was not asked): not relevant on its own."""
        if qid in a.answers:
            return False
        when = content.question(qid).when
        return when is not None and content.compiled(when)(a.answers, []) is not True

    def unknown_evidence(qids: tuple[str, ...]) -> tuple[str, ...]:
        """The answers that left a sign open ("not sure"); a question never answered
        is reported once, under "not asked"."""
        return tuple(_pair(words, a, q) for q in qids if q in a.answers)

    found = tuple(Finding(words.t(flags[f.id].label), True, f.tier, words.t(flags[f.id].action),
                          tuple(_pair(words, a, q) for q in f.because), f.id, tuple(f.because))
                  for f in a.red_flags)
    not_ruled_out = tuple(
        Finding(words.t(flags[f.id].label), False, f.tier, words.t(flags[f.id].action),
                unknown_evidence(f.because), f.id,
                tuple(q for q in f.because if q in a.answers))
        for f in a.possible_red_flags if unknown_evidence(f.because))
    # Warning-sign questions never answered, once each, by their short label.
    not_asked_ids = tuple(q for q in a.unanswered_red_flag_questions
                          if q not in a.answers and not gated_unknown(q))
    not_asked = tuple(words.t(content.question(q).short) for q in not_asked_ids)

    concerns = []
    for c in a.checking_first:
        w = words.concern(c)
        if not c.found and all(gated_unknown(q) for q in c.because):
            continue  # only questions behind an unanswered one: its gate is "not asked"
        qids = tuple(c.because) if c.found else tuple(q for q in c.because if q in a.answers)
        concerns.append(Finding(w["label"], c.found, c.tier, w["what_to_do"],
                                tuple(_pair(words, a, q) for q in qids), c.concern, qids))

    # Why: the reasons at the disposition's tier, the ones that decided it.
    why: list[Why] = []
    for r in a.reasons:
        if r.tier != a.disposition:
            continue
        if r.kind == "red_flag":
            f = next(x for x in a.red_flags if x.id == r.id)
            why.append(Why(words.t(flags[r.id].label), True,
                           tuple(_pair(words, a, q) for q in f.because), r.kind, r.id))
        elif r.kind == "possible_red_flag":
            f = next(x for x in a.possible_red_flags if x.id == r.id)
            evidence = tuple(_pair(words, a, q) for q in f.because if not gated_unknown(q))
            why.append(Why(words.t(flags[r.id].label), False, evidence, r.kind, r.id))
        elif r.kind == "rule":
            why.append(Why(words.t(rules[r.id].reason), True, (), r.kind, r.id))

    # The action now: a warning sign's own words when one was found at this tier,
    # else the action of a rule that decided the disposition, else the tier's.
    top = next((f for f in found if f.tier == a.disposition), None)
    deciding = next((rules[w.id].action for w in why
                     if w.kind == "rule" and rules[w.id].action), None)
    if top is not None:
        action = top.action
    elif deciding is not None:
        action = words.t(deciding)
    else:
        action = words.t(d.action)

    involved = {q for f in (*a.red_flags, *a.possible_red_flags) for q in f.because}
    # About the person (age, sex at birth, pregnancy): background facts, never
    # "warning-sign questions answered with no concern".
    about_ids = tuple(q for q in a.asked if q in ABOUT_YOU_QUESTIONS and q in a.answers)
    clear_ids = tuple(q for q in a.red_flag_questions_clear if q not in ABOUT_YOU_QUESTIONS)
    clear = set(a.red_flag_questions_clear)
    other_ids = tuple(
        q for q in a.asked
        if content.question(q).section == "red_flags" and q in a.answers
        and q not in clear and q not in involved and q not in ABOUT_YOU_QUESTIONS)
    other = tuple(
        (words.t(content.question(q).short), words.answer(content.question(q), a.answers[q]))
        for q in other_ids)

    def cause_view(c: Any) -> CauseView:
        src = causes[c.id]
        return CauseView(c.id, words.t(src.label), words.ui("out.likelihood." + c.likelihood),
                         words.t(src.summary), words.t(src.feels_like), words.t(src.helps),
                         words.t(src.recovery),
                         tuple(_pair(words, a, x.q, x.options) for x in c.because),
                         tuple(_pair(words, a, x.q, x.options) for x in c.against))

    shown = {c.id for c in a.shown_causes}
    withheld: dict[str, list[str]] = {}
    for held in a.withheld_steps:
        withheld.setdefault(words.withheld_why(held), []).append(held.id)

    return ResultView(
        disposition=a.disposition,
        label=words.t(d.label),
        timeframe=words.t(d.timeframe),
        action=action,
        why=tuple(why),
        checking_first=tuple(concerns),
        flags_found=found,
        flags_not_ruled_out=not_ruled_out,
        not_asked=not_asked,
        about=tuple((x["short"], x["answer_text"]) for x in (words.quote(a, q) for q in about_ids)),
        other_answers=other,
        clear=tuple((x["short"], x["answer_text"])
                    for x in (words.quote(a, q) for q in clear_ids)),
        symptoms=tuple((x["short"], x["answer_text"])
                       for x in (words.quote(a, q) for q in symptom_picture(content, a))),
        causes_hidden=a.causes_hidden,
        causes=tuple(cause_view(c) for c in a.shown_causes),
        secondary_causes=tuple(cause_view(c) for c in a.likely_causes) if a.causes_hidden
        else (),
        weaker_causes=() if a.causes_hidden else tuple(
            words.t(causes[c.id].label) for c in a.likely_causes if c.id not in shown),
        first_steps=tuple(
            StepView(s, words.t(steps[s].label), words.t(steps[s].goal), words.t(steps[s].figure),
                     tuple(words.tl(steps[s].steps)), words.t(steps[s].dose),
                     words.t(steps[s].feel), words.t(steps[s].stop_if),
                     words.t(steps[s].not_for))
            for s in a.first_steps),
        withheld=tuple(WithheldGroup(k, tuple(words.t(steps[i].label) for i in v), tuple(v))
                       for k, v in withheld.items()),
        safety_net=tuple(words.tl(d.safety_net)),
        # The rules that decided the disposition (its Why); a lower-tier rule's
        # answers are still in the letter (signs not ruled out, not asked, symptoms),
        # and its reason would contradict a higher headline.
        rule_reasons=tuple(w.label for w in why if w.kind == "rule"),
        ignored_answers=tuple(a.ignored_answers),
        sources=tuple(cited_sources(content, a)),
        content_version=a.content_version,
        content_status=words.draft_note(),
        generated=generated or timestamp(),
        clinic_name=words.clinic_name,
        clinic_phone=words.clinic_phone,
        not_asked_ids=not_asked_ids,
        about_ids=about_ids,
        other_ids=other_ids,
        clear_ids=clear_ids,
    )


def tier_rank(tier: str) -> int:
    return TIER_RANK[tier]


def cited_sources(content: Content, a: Assessment) -> list[str]:
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
