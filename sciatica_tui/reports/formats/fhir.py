"""FHIR R4 with the SDC (Structured Data Capture) extensions: one Bundle
(type "collection") that a clinic system can take in whole.

- Questionnaire: every question of content/, in the content's first language
  with the others as `translation` extensions (one resource per url|version);
  SDC item controls (radio buttons, check boxes, drop-downs, a slider for 0-10
  scales with its end labels), exclusive options, help text, units, and skip
  logic that asks exactly what the engine asks (see `_enable`).
- CodeSystem: one project code system for every answer option, disposition
  and warning sign (`CODES`).
- QuestionnaireResponse: the person's answers. Answers a person skipped are
  left out (FHIR has no "no answer" value); "not sure" is coded like any other
  option.
- RiskAssessment: the outcome (the disposition, and each warning sign found or
  not ruled out), with narrative text, based on the response. It says what the
  letter says: both come from the result view model (result_view.build_view).

Ids never come from chance: the response and risk assessment ids are derived
from the content version, the language and the answers, so the same answers
give byte-identical output under SOURCE_DATE_EPOCH.

Canonical URLs live under BASE, a placeholder domain (example.org is reserved
for exactly that, RFC 2606) until the project publishes its own; README names it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ...core.conditions import AllOf, AnswerCondition, AnyOf, AtLeast, NotOf
from ...core.content import CONTENT_KEY, Content, Question
from ...core.digest import sha1, sha256
from ...core.engine import Assessment, complete
from ...core.words import Words, now
from ..result_view import ResultView, build_view
from .encode import Encoded, escape, pretty_json_utf8

BASE = "https://sciatica-tui.example.org/fhir"
# Exports before content 2026.12 used this base; their responses are still read.
OLD_BASE = "https://sciatica-tui.github.io/fhir"
QUESTIONNAIRE_ID = "sciatica-self-check"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/{QUESTIONNAIRE_ID}"
CODES_ID = "sciatica-self-check"
CODES = f"{BASE}/CodeSystem/{CODES_ID}"
PUBLISHER = "sciatica-tui contributors"
SECTIONS = ("red_flags", "symptoms")

_EXT = "http://hl7.org/fhir/StructureDefinition/"
_SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
TRANSLATION = _EXT + "translation"
ITEM_CONTROL = _EXT + "questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
OPTION_EXCLUSIVE = _EXT + "questionnaire-optionExclusive"
ENABLE_WHEN_EXPRESSION = _SDC + "sdc-questionnaire-enableWhenExpression"
RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability"
# UCUM codes for the units content uses (by their English name).
UCUM = {"years": "a"}
# How likely a serious cause is, for the RiskAssessment of each disposition.
_RISK = {"emergency": "high", "urgent": "high", "soon": "moderate", "self_care": "low"}
# Up to this many options a single choice shows as radio buttons, then a drop-down.
RADIO_MAX = 6


# --- codes ------------------------------------------------------------------

def option_code(q: Question, option: str) -> str:
    """The code of one answer option: yes / no / unsure are shared by every
    yes-no question; other options are "<question>.<option>", because the same
    option id means different things in different questions."""
    return option if q.type == "yes_no_unsure" else f"{q.id}.{option}"


def _option_text(q: Question, words: Words, option: str) -> str:
    if q.type == "yes_no_unsure":
        return words.ui(f"answer.{option}")
    return words.t(next(o.label for o in q.options if o.id == option))


def _coding(q: Question, words: Words, option: str) -> dict[str, str]:
    return {"system": CODES, "code": option_code(q, option),
            "display": _option_text(q, words, option)}


# --- translations -------------------------------------------------------------

class _Langs:
    """Words for every content language, without a country or configured
    emergency number: the Questionnaire is one shared definition."""

    def __init__(self, content: Content) -> None:
        self.all = [Words(content, lang) for lang in content.meta.languages]
        self.base = self.all[0]

    def text(self, obj: dict[str, Any], key: str, get: Any) -> None:
        """Set obj[key] to the base-language text and `_key` to the translations."""
        base = get(self.base)
        obj[key] = base
        ext = [_translation(w.lang, text) for w in self.all[1:]
               if (text := get(w)) and text != base]
        if ext:
            obj[f"_{key}"] = {"extension": ext}


def _translation(lang: str, text: str) -> dict[str, Any]:
    return {"url": TRANSLATION, "extension": [{"url": "lang", "valueCode": lang},
                                               {"url": "content", "valueString": text}]}


def _control(code: str) -> dict[str, Any]:
    return {"url": ITEM_CONTROL, "valueCodeableConcept": {
        "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]}}


# --- skip logic -----------------------------------------------------------------

def _is_integer_item(q: Question) -> bool:
    """Scales and whole-number questions (age in years) are integers."""
    if q.type == "scale":
        return True
    return q.type == "number" and all(
        v is not None and float(v).is_integer() for v in (q.min, q.max))


def _fp_str(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fp_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


class _FhirPath:
    """A content condition as a FHIRPath expression with the engine's
    three-valued meaning (condtree.py): true, false, or empty for unknown.
    FHIRPath's and / or / not() are three-valued in the same (Kleene) way."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def values(self, qid: str) -> str:
        return f"%resource.repeat(item).where(linkId={_fp_str(qid)}).answer.value"

    def cond(self, c: Any) -> str:
        if isinstance(c, AllOf):
            return "(" + " and ".join(self.cond(x) for x in c.all) + ")"
        if isinstance(c, AnyOf):
            return "(" + " or ".join(self.cond(x) for x in c.any) + ")"
        if isinstance(c, NotOf):
            return f"({self.cond(c.not_)}).not()"
        if isinstance(c, AtLeast):
            true = " + ".join(f"iif({self.cond(x)}, 1, 0)" for x in c.of)
            maybe = " + ".join(f"iif(({self.cond(x)}) = false, 0, 1)" for x in c.of)
            return (f"iif(({true}) >= {c.at_least}, true, "
                    f"iif(({maybe}) < {c.at_least}, false, {{}}))")
        assert isinstance(c, AnswerCondition)
        return self.leaf(c)

    def leaf(self, leaf: AnswerCondition) -> str:
        q = self.content.question(leaf.q)
        values = self.values(q.id)
        if leaf.kind == "answered":
            # Not answered and not asked are the same here, as in the engine.
            return f"{values}.exists()" + ("" if leaf.answered else ".not()")
        if leaf.kind in ("choice", "multi"):
            codes = f"{values}.code"
            wanted = " | ".join(_fp_str(option_code(q, o)) for o in leaf.option_ids)
            unknown = " | ".join(_fp_str(option_code(q, o)) for o in sorted(
                q.unknown_option_ids - set(leaf.option_ids)))
            rest = (f"iif({codes}.where($this in ({unknown})).exists(), {{}}, false)"
                    if unknown else "false")
            raw = (f"iif({codes}.empty(), {{}}, "
                   f"iif({codes}.where($this in ({wanted})).exists(), true, {rest}))")
        else:
            tests = " and ".join(f"{values} {op} {_fp_number(bound)}" for op, bound in (
                (">", leaf.gt), (">=", leaf.gte), ("<", leaf.lt), ("<=", leaf.lte))
                if bound is not None)
            raw = f"iif({values}.empty(), {{}}, {tests})"
        if q.when is None:
            return raw
        # A question that skip logic definitely leaves out counts as a known
        # "not applicable" (the engine's SKIPPED): every test on it is false.
        return f"iif(({self.cond(q.when)}) = false, false, {raw})"


def _enable_when_exact(content: Content, words: Words, q: Question
                           ) -> tuple[list[dict[str, Any]], str] | None:
    """enableWhen (and its behaviour) where it means exactly what the engine does;
    None where only an expression can say it.

    The engine asks a symptom question when its condition is true; it asks a
    warning-sign question unless its condition is false ("when unsure, ask"), so
    a warning-sign question also shows while the question it depends on is
    unanswered (`exists = false`) or answered with a "not sure" option."""
    red = q.section == "red_flags"
    cond = q.when
    out: list[dict[str, Any]] = []
    if isinstance(cond, AnswerCondition):
        parent = content.question(cond.q)
        if red and parent.when is not None:
            return None  # a skipped parent is "no" to the engine, unanswered to FHIR
        if cond.kind == "answered":
            return [{"question": parent.id, "operator": "exists",
                     "answerBoolean": bool(cond.answered)}], "any"
        if cond.kind in ("choice", "multi"):
            options = list(cond.option_ids)
            if red:
                options += sorted(parent.unknown_option_ids - set(options))
            out = [
                {"question": parent.id, "operator": "=",
                 "answerCoding": _coding(parent, words, o)} for o in options]
        else:
            bounds = _bounds(parent, cond)
            if bounds is None or len(bounds) != 1:
                return None
            out = bounds
        if red:
            out.append({"question": parent.id, "operator": "exists", "answerBoolean": False})
        return out, "any"
    if isinstance(cond, AllOf) and not red:
        for leaf in cond.all:
            if not isinstance(leaf, AnswerCondition):
                return None
            parent = content.question(leaf.q)
            if leaf.kind in ("choice", "multi"):
                if len(leaf.option_ids) != 1:
                    return None
                out.append({"question": parent.id, "operator": "=",
                            "answerCoding": _coding(parent, words, leaf.option_ids[0])})
            elif leaf.kind == "answered":
                out.append({"question": parent.id, "operator": "exists",
                            "answerBoolean": bool(leaf.answered)})
            else:
                bounds = _bounds(parent, leaf)
                if bounds is None:
                    return None
                out += bounds
        return out, "all"
    return None


def _bounds(q: Question, leaf: AnswerCondition) -> list[dict[str, Any]] | None:
    integer = _is_integer_item(q)
    out = []
    for op, bound in ((">", leaf.gt), (">=", leaf.gte), ("<", leaf.lt), ("<=", leaf.lte)):
        if bound is None:
            continue
        if integer and not float(bound).is_integer():
            return None
        out.append({"question": q.id, "operator": op,
                    **({"answerInteger": int(bound)} if integer
                       else {"answerDecimal": float(bound)})})
    return out


def _enable(content: Content, words: Words, q: Question, item: dict[str, Any]) -> None:
    """Skip logic equal to the engine's (engine._walk): enableWhen where it says
    exactly that, otherwise the SDC enableWhenExpression in FHIRPath."""
    if q.when is None:
        return
    exact = _enable_when_exact(content, words, q)
    if exact is not None:
        item["enableWhen"], behaviour = exact
        if len(item["enableWhen"]) > 1:
            item["enableBehavior"] = behaviour
        return
    test = _FhirPath(content).cond(q.when)
    expression = (f"iif(({test}) = false, false, true)" if q.section == "red_flags"
                  else f"iif({test}, true, false)")
    item.setdefault("extension", []).append({
        "url": ENABLE_WHEN_EXPRESSION,
        "valueExpression": {"language": "text/fhirpath", "expression": expression}})


# --- the Questionnaire ------------------------------------------------------------

def _display(link: str, control: str, langs: _Langs, get: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": link, "type": "display"}
    langs.text(item, "text", get)
    item["extension"] = [_control(control)]
    return item


def _question_item(content: Content, langs: _Langs, q: Question) -> dict[str, Any]:
    words = langs.base
    item: dict[str, Any] = {"linkId": q.id}
    langs.text(item, "text", lambda w: w.t(q.prompt))
    ext: list[dict[str, Any]] = []
    children: list[dict[str, Any]] = []
    if q.type in ("yes_no_unsure", "single", "multi"):
        item["type"] = "choice"
        if q.type == "multi":
            item["repeats"] = True
            control = "check-box"
        else:
            control = "radio-button" if len(q.option_ids) <= RADIO_MAX else "drop-down"
        ext.append(_control(control))
        options = []
        for code in q.option_ids:
            coding = _coding(q, words, code)
            langs.text(coding, "display", lambda w, code=code: _option_text(q, w, code))
            option: dict[str, Any] = {"valueCoding": coding}
            if code in q.exclusive:
                option["extension"] = [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}]
            options.append(option)
        item["answerOption"] = options
    else:
        integer = _is_integer_item(q)
        item["type"] = "integer" if integer else "decimal"
        key = "valueInteger" if integer else "valueDecimal"
        low, high = float(q.min or 0), float(q.max or 0)  # set for every number
        ext += [{"url": _EXT + "minValue", key: int(low) if integer else low},
                {"url": _EXT + "maxValue", key: int(high) if integer else high}]
        if q.type == "scale":
            ext += [_control("slider"),
                    {"url": _EXT + "questionnaire-sliderStepValue", "valueInteger": 1}]
            for end, labels in (("lower", q.min_label), ("upper", q.max_label)):
                if labels:
                    children.append(_display(f"{q.id}.{end}", end, langs,
                                             lambda w, labels=labels: w.t(labels)))
        if q.unit:
            unit = q.unit
            coding = {"display": words.t(unit)}
            ucum = UCUM.get(unit.get("en", ""))
            if ucum:
                coding = {"system": "http://unitsofmeasure.org", "code": ucum, **coding}
            langs.text(coding, "display", lambda w: w.t(unit))
            ext.append({"url": _EXT + "questionnaire-unit", "valueCoding": coding})
    if q.help:
        children.append(_display(f"{q.id}.help", "help", langs, lambda w: w.t(q.help)))
    if ext:
        item["extension"] = ext
    item["required"] = False  # skipping is allowed: an unanswered warning sign is unknown
    _enable(content, words, q, item)
    if children:
        item["item"] = children
    return item


def layout(content: Content, section: str) -> list[tuple[Any, list[Question]]]:
    """The section's screens in order: (None, [question]) for a question on its own,
    (group, its questions) for a content group (groups.toml), placed where its
    first question comes. Skip logic does not depend on this order: it is the
    engine's, per question (enableWhen may point anywhere in the form)."""
    out: list[tuple[Any, list[Question]]] = []
    placed: set[str] = set()
    group_of = getattr(content, "group_of", None)  # content without groups: none
    for q in content.questions:
        if q.section != section or q.id in placed:
            continue
        group = group_of(q.id) if group_of is not None else None
        if group is None:
            out.append((None, [q]))
            continue
        placed.update(group.questions)
        out.append((group, [content.question(qid) for qid in group.questions]))
    return out


def questionnaire(content: Content, words: Words | None = None) -> dict[str, Any]:
    """The Questionnaire: the same resource whatever the reader's language
    (`words` is accepted for symmetry and not used)."""
    langs = _Langs(content)
    groups = []
    for section in SECTIONS:
        group: dict[str, Any] = {"linkId": section}
        langs.text(group, "text", lambda w, s=section: w.ui(f"fhir.{s}"))
        group["type"] = "group"
        items: list[dict[str, Any]] = []
        for screen, questions in layout(content, section):
            if screen is None:
                items.append(_question_item(content, langs, questions[0]))
                continue
            rows: dict[str, Any] = {"linkId": screen.id}
            langs.text(rows, "text", lambda w, g=screen: w.t(g.title))
            rows["type"] = "group"
            rows["item"] = [_question_item(content, langs, q) for q in questions]
            items.append(rows)
        group["item"] = items
        groups.append(group)
    out: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "meta": {"profile": [_SDC + "sdc-questionnaire"]},
        "language": langs.base.lang,
        "url": QUESTIONNAIRE_URL,
        "version": content.version,
        "name": "SciaticaSelfCheck",
    }
    langs.text(out, "title", lambda w: w.ui("tui.title"))
    signed = content.meta.signed_off
    out.update({
        # draft until a named clinician signs the content off (meta.toml)
        "status": "active" if signed else "draft",
        "experimental": not signed,
        "subjectType": ["Patient"],
        "date": content.meta.last_reviewed.isoformat(),
        "publisher": PUBLISHER,
    })
    langs.text(out, "description", lambda w: f"{w.ui('fhir.description')} {w.draft_note()}")
    out["copyright"] = "MIT licence (sciatica-tui); clinical sources cited in its content."
    out["item"] = groups
    return out


def code_system(content: Content) -> dict[str, Any]:
    """The one project CodeSystem: answer options, dispositions, warning signs."""
    langs = _Langs(content)
    concepts: list[dict[str, Any]] = []

    def concept(code: str, get: Any) -> None:
        c: dict[str, Any] = {"code": code, "display": get(langs.base)}
        designations = [{"language": w.lang, "value": text} for w in langs.all[1:]
                        if (text := get(w))]
        if designations:
            c["designation"] = designations
        concepts.append(c)

    for yn in ("yes", "no", "unsure"):
        concept(yn, lambda w, yn=yn: w.ui(f"answer.{yn}"))
    for q in content.questions:
        if q.type in ("single", "multi"):
            for o in q.options:
                concept(option_code(q, o.id), lambda w, o=o: w.t(o.label))
    for d in content.dispositions:
        concept(f"disposition.{d.id}", lambda w, d=d: w.t(d.label))
    for f in content.red_flags:
        concept(f"warning-sign.{f.id}", lambda w, f=f: w.t(f.label))
    signed = content.meta.signed_off
    out: dict[str, Any] = {
        "resourceType": "CodeSystem",
        "id": CODES_ID,
        "language": langs.base.lang,
        "url": CODES,
        "version": content.version,
        "name": "SciaticaSelfCheckCodes",
        "title": "Sciatica self-check codes",
        "status": "active" if signed else "draft",
        "experimental": not signed,
        "date": content.meta.last_reviewed.isoformat(),
        "publisher": PUBLISHER,
        "description": "Answer options, dispositions and warning signs of the sciatica "
                       "self-check questionnaire (content/ of sciatica-tui).",
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }
    return out


# --- the response and the outcome -------------------------------------------------

def _answer(q: Question, words: Words, value: Any) -> list[dict[str, Any]]:
    if q.type in ("yes_no_unsure", "single"):
        return [{"valueCoding": _coding(q, words, str(value))}]
    if q.type == "multi":
        return [{"valueCoding": _coding(q, words, str(v))} for v in value]
    if _is_integer_item(q) and float(value).is_integer():
        return [{"valueInteger": int(value)}]
    return [{"valueDecimal": float(value)}]


def _ids(content: Content, a: Assessment, words: Words) -> tuple[str, str, str]:
    """(response id, risk assessment id, bundle identifier): uuids derived from the
    content version, the language and the answers; never random."""
    key = json.dumps({"version": content.version, "lang": words.lang,
                      "answers": a.answers}, sort_keys=True, ensure_ascii=False)
    base = sha256(QUESTIONNAIRE_URL.encode()).digest()[:16]
    response, risk, bundle = (uuid5(base, f"{kind} {key}")
                              for kind in ("response", "risk", "bundle"))
    return response, risk, bundle


def uuid5(namespace: bytes, name: str) -> str:
    """str(uuid.uuid5(UUID(bytes=namespace), name)), without importing uuid (which
    imports platform: a fortieth of `assess --format fhir`, issue 19)."""
    digest = bytearray(sha1(namespace + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def questionnaire_response(content: Content, a: Assessment, words: Words,
                           authored: datetime | None = None,
                           ids: tuple[str, str, str] | None = None) -> dict[str, Any]:
    """The person's answers; `ids` are _ids(content, a, words) when already made."""
    groups = []
    asked = set(a.asked)

    def answered(questions: list[Question]) -> list[dict[str, Any]]:
        return [{"linkId": q.id, "text": words.t(q.prompt),
                 "answer": _answer(q, words, a.answers[q.id])}
                for q in questions if q.id in asked and q.id in a.answers]

    for section in SECTIONS:
        items: list[dict[str, Any]] = []
        for screen, questions in layout(content, section):
            rows = answered(questions)
            if screen is None or not rows:
                items += rows
            else:
                items.append({"linkId": screen.id, "text": words.t(screen.title),
                              "item": rows})
        if items:
            groups.append({"linkId": section, "text": words.ui(f"fhir.{section}"),
                           "item": items})
    done = complete(content, a.answers)
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": (ids or _ids(content, a, words))[0],
        "meta": {"profile": [_SDC + "sdc-questionnaireresponse"]},
        "language": words.lang,
        "questionnaire": f"{QUESTIONNAIRE_URL}|{content.version}",
        "status": "completed" if done else "in-progress",
        "authored": (authored or now()).isoformat(timespec="seconds"),
    }
    if groups:
        response["item"] = groups
    return response


def risk_assessment(content: Content, a: Assessment, words: Words, response_ref: str,
                    when: str, complete: bool,
                    ids: tuple[str, str, str] | None = None) -> dict[str, Any]:
    """The outcome as a RiskAssessment, from the result view model (the letter's
    own words, one rule): the disposition first, its rationale the letter's "why";
    then each warning sign the letter lists as found or not ruled out, with the
    answers behind it; mitigation is the letter's action now. The narrative text
    is the letter's situation and recommendation for a person reading the raw
    resource."""
    v = build_view(content, a, words)
    ui = words.ui
    why = " ".join(f"{w.text(words).rstrip('.')}." for w in v.why)
    predictions: list[dict[str, Any]] = [{
        "outcome": {"coding": [{"system": CODES, "code": f"disposition.{v.disposition}",
                                "display": v.label}],
                    "text": v.label},
        "qualitativeRisk": {"coding": [{"system": RISK_PROBABILITY,
                                        "code": _RISK.get(v.disposition, "high")}],
                            "text": v.timeframe},
        "rationale": why or v.action,
    }]
    for f in (*v.flags_found, *v.flags_not_ruled_out):
        heading = ui("out.red_flags") if f.found else ui("out.possible_red_flags")
        lead = ui("out.why_found" if f.found else "out.why_not_ruled_out")
        predictions.append({
            "outcome": {"coding": [{"system": CODES, "code": f"warning-sign.{f.id}",
                                    "display": f.label}], "text": f.label},
            "qualitativeRisk": {"text": heading},
            "rationale": f"{lead}: {'; '.join(f.evidence)}",
        })
    risk: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "id": (ids or _ids(content, a, words))[1],
        "language": words.lang,
        "text": {"status": "generated", "div": _narrative(v, words)},
        "status": "final" if complete else "preliminary",
        "code": {"text": ui("out.title")},
        "subject": {"display": ui("fhir.subject")},  # no one is identified
        "occurrenceDateTime": when,
        "method": {"text": f"sciatica-tui, {ui('out.content_version').lower()} "
                           f"{content.version}"},
        "basis": [{"reference": response_ref}],
        "prediction": predictions,
        "mitigation": v.action,
        "note": [{"text": f"{ui('out.not_diagnosis')} {v.content_status}"}],
    }
    if v.not_asked:  # unknown, never "no": the questions that left a sign open
        risk["note"].append({"text": f"{ui('out.not_asked')}: {'; '.join(v.not_asked)}"})
    return risk


def _narrative(v: ResultView, words: Words) -> str:
    """XHTML (p, ul, li, b only) saying what the letter says first: the
    disposition and action, why, what needs checking first, the warning signs
    found, not ruled out and not asked, the steps left out, the safety net."""
    ui = words.ui

    def listed(heading: str, rows: Iterable[str]) -> str:
        items = "".join(f"<li>{escape(r)}</li>" for r in rows)
        return f"<p><b>{escape(heading)}</b></p><ul>{items}</ul>" if items else ""

    not_sure = ui("out.why_not_ruled_out")
    parts = [f"<p><b>{escape(v.label)}</b> ({escape(v.timeframe)})</p>",
             f"<p>{escape(v.action)}</p>",
             listed(ui("out.why_disposition"), (w.text(words) for w in v.why)),
             listed(ui("out.checking_first"),
                    (f"{c.label}{'' if c.found else f' ({not_sure})'}: {c.action}"
                     for c in v.checking_first)),
             listed(ui("out.red_flags"),
                    (f"{f.label} - {'; '.join(f.evidence)}" for f in v.flags_found)),
             listed(ui("out.possible_red_flags"),
                    (f"{f.label} - {'; '.join(f.evidence)}" for f in v.flags_not_ruled_out)),
             listed(ui("out.not_asked"), v.not_asked),
             listed(ui("out.withheld_steps"),
                    (f"{'; '.join(g.steps)}: {g.why}" for g in v.withheld)),
             listed(ui("out.safety_net"), v.safety_net),
             f"<p>{escape(ui('out.not_diagnosis'))} {escape(v.content_status)}</p>"]
    return f'<div xmlns="http://www.w3.org/1999/xhtml" lang="{escape(words.lang)}">' \
           f"{''.join(parts)}</div>"


def bundle(content: Content, a: Assessment, words: Words,
           authored: datetime | None = None) -> dict[str, Any]:
    """The Bundle as data (bundle_utf8 writes it, faster)."""
    return _bundle(content, a, words, authored, questionnaire(content), code_system(content))


def bundle_utf8(content: Content, a: Assessment, words: Words,
                authored: datetime | None = None) -> bytes:
    """pretty_json(bundle(...)) as UTF-8, without making and encoding the
    Questionnaire and CodeSystem again: they depend on the content only and are
    encoded once (shipped with the package for the shipped content, else made once
    per content set; see content_resources), their bytes copied in as they are."""
    q, cs = content_resources(content)
    return pretty_json_utf8(_bundle(content, a, words, authored, q, cs))


def _bundle(content: Content, a: Assessment, words: Words, authored: datetime | None,
            q: dict[str, Any] | Encoded, cs: dict[str, Any] | Encoded) -> dict[str, Any]:
    ids = _ids(content, a, words)
    r = questionnaire_response(content, a, words, authored, ids)
    ref = f"urn:uuid:{r['id']}"
    risk = risk_assessment(content, a, words, ref, r["authored"], r["status"] == "completed",
                           ids)
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{ids[2]}"},
        "type": "collection",
        "timestamp": r["authored"],
        "entry": [{"fullUrl": QUESTIONNAIRE_URL, "resource": q},
                  {"fullUrl": CODES, "resource": cs},
                  {"fullUrl": ref, "resource": r},
                  {"fullUrl": f"urn:uuid:{risk['id']}", "resource": risk}],
    }


# --- the content's own resources, encoded once ------------------------------------
# The Questionnaire and CodeSystem are nine tenths of a bundle's text and the same in
# every bundle made from one content set. For the shipped content they ship as text
# (SHIPPED, written by `python -m sciatica_tui.contentset.cache` with the content
# cache's stock entry; tests/test_fhir_speed.py fails when it is out of date), keyed by
# the content cache's key of the files (which holds the program version and the
# validator's source) and by the source of the modules that write them (MAKERS): a
# change to either simply misses, and they are made as before.

SHIPPED = Path(__file__).with_name("fhir_stock.txt")
# Where a resource sits in a bundle: bundle["entry"][i]["resource"].
ENTRY_PAD = "\n" + " " * 6
# The modules whose code decides the resources' text (the content's own modules are
# in the content key), relative to the package.
MAKERS = ("reports/formats/fhir.py", "reports/formats/encode.py", "core/words.py")


def content_resources(content: Content) -> tuple[Encoded, Encoded]:
    """The Questionnaire and CodeSystem of `content`, encoded for a bundle's entry:
    the shipped text when it was made from these very files, else made now; kept
    with the content set either way (as UTF-8, about 0.5 MB; content only, nothing
    of anyone's answers)."""
    return content.derived("fhir.resources", lambda: _shipped(content) or _made(content))


def _made(content: Content) -> tuple[Encoded, Encoded]:
    q, cs = (Encoded.of(resource, ENTRY_PAD).utf8
             for resource in (questionnaire(content), code_system(content)))
    return Encoded(utf8=q, pad=ENTRY_PAD), Encoded(utf8=cs, pad=ENTRY_PAD)


def makers_digest() -> str:
    package = Path(__file__).resolve().parent.parent.parent
    digest = sha256()
    for name in MAKERS:
        digest.update(package.joinpath(name).read_bytes() + b"\0")
    return digest.hexdigest()


def shipped_text(content: Content, key: str) -> str:
    """SHIPPED's text for `content`, read from the files of content key `key`: a
    JSON header line (the keys, the two texts' lengths in UTF-8 bytes), then the
    two texts."""
    q, cs = _made(content)
    head = {"key": key, "makers": makers_digest(), "lengths": [len(q.utf8), len(cs.utf8)]}
    return json.dumps(head) + "\n" + q.text + cs.text


def _shipped(content: Content) -> tuple[Encoded, Encoded] | None:
    """The shipped resources, if they were made from the files and code in use."""
    key = content.derived(CONTENT_KEY, lambda: None)
    if key is None:
        return None
    try:
        data = SHIPPED.read_bytes()
        start = data.index(b"\n") + 1
        head = json.loads(data[:start])
        if head.get("key") != key or head.get("makers") != makers_digest():
            return None
        q_length, cs_length = head["lengths"]
        whole = (type(q_length) is int and type(cs_length) is int and min(q_length, cs_length) > 0
                 and len(data) == start + q_length + cs_length)
    except Exception:  # missing, unreadable or not ours: made as before
        return None
    if not whole:
        return None
    middle = start + q_length
    return (Encoded(utf8=data[start:middle], pad=ENTRY_PAD),
            Encoded(utf8=data[middle:], pad=ENTRY_PAD))
