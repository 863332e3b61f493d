"""FHIR R4: the Questionnaire generated from content/ and a QuestionnaireResponse
with the person's answers, in one Bundle (type "collection") a clinic system can
import. Answers a person skipped are left out (FHIR has no "no answer" value);
"not sure" is coded like any other option."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from ..condtree import AllOf, AnswerCondition
from ..engine import Assessment, complete
from ..report import Words, now
from ..runtime import Content, Question

BASE = "https://sciatica-tui.github.io/fhir"
QUESTIONNAIRE_ID = "sciatica-self-check"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/{QUESTIONNAIRE_ID}"
SECTIONS = ("red_flags", "symptoms")
_EXT = "http://hl7.org/fhir/StructureDefinition/"


def _system(qid: str) -> str:
    return f"{BASE}/CodeSystem/{qid}"


def _options(q: Question, words: Words) -> list[tuple[str, str]]:
    if q.type == "yes_no_unsure":
        return [(o, words.ui(f"answer.{o}")) for o in q.option_ids]
    return [(o.id, words.t(o.label)) for o in q.options]


def _coding(q: Question, words: Words, code: str) -> dict[str, str]:
    display = dict(_options(q, words)).get(code, code)
    return {"system": _system(q.id), "code": code, "display": display}


def _enable_when(content: Content, words: Words, cond: Any
                 ) -> tuple[list[dict[str, Any]], str] | None:
    """enableWhen for conditions FHIR can say directly; None for the rest."""
    parts = cond.all if isinstance(cond, AllOf) else [cond]
    leaves = [leaf for leaf in parts if isinstance(leaf, AnswerCondition)]
    if len(leaves) != len(parts):
        return None
    out: list[dict[str, Any]] = []
    for leaf in leaves:
        q = content.question(leaf.q)
        codes = leaf.option_ids
        if codes:
            if len(codes) > 1 and len(leaves) > 1:
                return None  # "all of (any of ...)" cannot be said with one enableBehavior
            out += [{"question": q.id, "operator": "=", "answerCoding": _coding(q, words, c)}
                    for c in codes]
        elif leaf.answered is not None:
            out.append({"question": q.id, "operator": "exists", "answerBoolean": leaf.answered})
        else:
            kind = "answerInteger" if q.type == "scale" else "answerDecimal"
            for op, bound in ((">", leaf.gt), (">=", leaf.gte), ("<", leaf.lt), ("<=", leaf.lte)):
                if bound is not None:
                    value = int(bound) if kind == "answerInteger" else bound
                    out.append({"question": q.id, "operator": op, kind: value})
    any_of = len(leaves) == 1 and len(leaves[0].option_ids) > 1
    return out, ("any" if any_of else "all")


def questionnaire(content: Content, words: Words) -> dict[str, Any]:
    groups = []
    for section in SECTIONS:
        items = []
        for q in (q for q in content.questions if q.section == section):
            item: dict[str, Any] = {"linkId": q.id, "text": words.t(q.prompt),
                                    "required": False}
            if q.type in ("yes_no_unsure", "single", "multi"):
                item["type"] = "choice"
                item["repeats"] = q.type == "multi"
                item["answerOption"] = [{"valueCoding": _coding(q, words, code)}
                                        for code, _ in _options(q, words)]
            else:
                kind = "integer" if q.type == "scale" else "decimal"
                item["type"] = kind
                value = "valueInteger" if kind == "integer" else "valueDecimal"
                low, high = float(q.min or 0), float(q.max or 0)  # set for every number
                item["extension"] = [
                    {"url": _EXT + "minValue", value: int(low) if kind == "integer" else low},
                    {"url": _EXT + "maxValue", value: int(high) if kind == "integer" else high},
                ]
            if q.when is not None:
                mapped = _enable_when(content, words, q.when)
                if mapped is not None:
                    item["enableWhen"], behaviour = mapped
                    if len(item["enableWhen"]) > 1:
                        item["enableBehavior"] = behaviour
            items.append(item)
        groups.append({"linkId": section, "type": "group", "text": words.ui(f"fhir.{section}"),
                       "item": items})
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "url": QUESTIONNAIRE_URL,
        "version": content.version,
        "name": "SciaticaSelfCheck",
        "title": words.ui("tui.title"),
        "status": "draft",  # not signed off by a clinician (see meta.toml)
        "date": content.meta.last_reviewed.isoformat(),
        "language": words.lang,
        "subjectType": ["Patient"],
        "item": groups,
    }


def _answer(q: Question, words: Words, value: Any) -> list[dict[str, Any]]:
    if q.type in ("yes_no_unsure", "single"):
        return [{"valueCoding": _coding(q, words, str(value))}]
    if q.type == "multi":
        return [{"valueCoding": _coding(q, words, str(v))} for v in value]
    if q.type == "scale":
        return [{"valueInteger": int(value)}]
    return [{"valueDecimal": float(value)}]


def questionnaire_response(content: Content, a: Assessment, words: Words,
                           authored: datetime | None = None) -> dict[str, Any]:
    groups = []
    for section in SECTIONS:
        items = [{"linkId": qid, "text": words.t(content.question(qid).prompt),
                  "answer": _answer(content.question(qid), words, a.answers[qid])}
                 for qid in a.asked
                 if qid in a.answers and content.question(qid).section == section]
        if items:
            groups.append({"linkId": section, "text": words.ui(f"fhir.{section}"),
                           "item": items})
    done = complete(content, a.answers)
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(uuid.uuid4()),
        "questionnaire": f"{QUESTIONNAIRE_URL}|{content.version}",
        "status": "completed" if done else "in-progress",
        "authored": (authored or now()).isoformat(timespec="seconds"),
        "language": words.lang,
    }
    if groups:
        response["item"] = groups
    return response


def bundle(content: Content, a: Assessment, words: Words,
           authored: datetime | None = None) -> dict[str, Any]:
    q = questionnaire(content, words)
    r = questionnaire_response(content, a, words, authored)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": r["authored"],
        "entry": [{"fullUrl": q["url"], "resource": q},
                  {"fullUrl": f"urn:uuid:{r['id']}", "resource": r}],
    }
