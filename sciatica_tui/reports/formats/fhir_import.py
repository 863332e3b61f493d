"""Reading answers from a FHIR QuestionnaireResponse (bare, or inside a Bundle),
as any SDC form filler writes it for the Questionnaire that formats/fhir.py
exports: linkId = question id, nested group items, and answers as valueCoding
(the exported codes, or the bare option ids), valueInteger / valueDecimal /
valueQuantity for numbers, valueBoolean for yes/no and valueString holding an
option id. The result is a plain answers object, checked afterwards by
answers.validate_answers like any answers file.

Everything wrong with the file is one AnswerError line; nothing here raises
anything else on any JSON value.
"""

from __future__ import annotations

from typing import Any

from ...core.answers import AnswerError
from ...core.content import Content, Question
from ...core.quote import shown
from . import is_fhir  # noqa: F401 (here too: the reading side's names)
from .fhir import BASE, CODES, OLD_BASE, QUESTIONNAIRE_ID, option_code

# Our questionnaire, under the current and the earlier canonical base.
_OURS = {f"{b}/Questionnaire/{QUESTIONNAIRE_ID}" for b in (BASE, OLD_BASE)}
# Earlier exports had one code system per question under OLD_BASE.
_OLD_CODES = f"{OLD_BASE}/CodeSystem/"
# Deeper than this is not a response to our questionnaire (groups nest two levels).
MAX_ITEM_DEPTH = 8


def answers_from_fhir(content: Content, raw: dict[str, Any]) -> dict[str, Any]:
    """The answers in a QuestionnaireResponse or a Bundle holding exactly one."""
    response = _response(raw)
    ref = response.get("questionnaire")
    if ref is not None:
        if not isinstance(ref, str):
            raise AnswerError("the QuestionnaireResponse's 'questionnaire' is not a URL")
        url = ref.split("|", 1)[0]
        if url not in _OURS:
            raise AnswerError(f"the QuestionnaireResponse answers another questionnaire "
                              f"({shown(url)}), not this self-check ({_OURS_NOW})")
    status = response.get("status")
    if status == "entered-in-error":
        raise AnswerError("the QuestionnaireResponse is marked entered-in-error; "
                          "its answers are not used")
    answers: dict[str, Any] = {}
    _walk(content, response.get("item"), answers, 0)
    return answers


_OURS_NOW = f"{BASE}/Questionnaire/{QUESTIONNAIRE_ID}"


def _response(raw: dict[str, Any]) -> dict[str, Any]:
    kind = raw.get("resourceType")
    if kind == "QuestionnaireResponse":
        return raw
    if kind == "Bundle":
        entries = raw.get("entry")
        if not isinstance(entries, list):
            raise AnswerError("the FHIR Bundle has no entries")
        found = [e["resource"] for e in entries
                 if isinstance(e, dict) and isinstance(e.get("resource"), dict)
                 and e["resource"].get("resourceType") == "QuestionnaireResponse"]
        if not found:
            raise AnswerError("the FHIR Bundle holds no QuestionnaireResponse")
        if len(found) > 1:
            raise AnswerError(f"the FHIR Bundle holds {len(found)} QuestionnaireResponses; "
                              f"give a file with one")
        response: dict[str, Any] = found[0]
        return response
    name = shown(kind) if isinstance(kind, str) else "resource of no known type"
    raise AnswerError(f"a FHIR {name} holds no answers; give a QuestionnaireResponse "
                      f"(or a Bundle with one)")


def _walk(content: Content, items: Any, answers: dict[str, Any], depth: int) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        raise AnswerError("a QuestionnaireResponse 'item' must be a list")
    if depth > MAX_ITEM_DEPTH:
        raise AnswerError("the QuestionnaireResponse's items nest too deeply")
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("linkId"), str):
            raise AnswerError("every QuestionnaireResponse item needs a text 'linkId'")
        link = item["linkId"]
        given = item.get("answer")
        if given is not None:
            if not isinstance(given, list):
                raise AnswerError(f"the answer to {shown(link)} must be a list")
            if given:
                if not content.has_question(link):
                    raise AnswerError(f"the QuestionnaireResponse answers {shown(link)}, "
                                      f"which is not a question of this self-check")
                if link in answers:
                    raise AnswerError(f"the QuestionnaireResponse answers {shown(link)} twice")
                answers[link] = _value(content.question(link), given)
                for answer in given:  # answers may carry nested items too
                    if isinstance(answer, dict):
                        _walk(content, answer.get("item"), answers, depth + 1)
        _walk(content, item.get("item"), answers, depth + 1)


def _value(q: Question, given: list[Any]) -> Any:
    values = [_one(q, g) for g in given]
    if q.type == "multi":
        return values
    if len(values) > 1:
        raise AnswerError(f'the answer to "{q.id}" has {len(values)} values; it takes one')
    return values[0]


def _one(q: Question, answer: Any) -> Any:
    if not isinstance(answer, dict):
        raise AnswerError(f'an answer to "{q.id}" is not a FHIR answer object')
    kinds = [k for k in answer if k.startswith("value")]
    if len(kinds) != 1:
        raise AnswerError(f'an answer to "{q.id}" must have exactly one value[x]')
    kind = kinds[0]
    value = answer[kind]
    choice = q.type in ("yes_no_unsure", "single", "multi")
    if choice and kind == "valueCoding":
        return _option(q, value)
    if choice and kind == "valueString" and isinstance(value, str):
        return _from_code(q, value)
    if q.type == "yes_no_unsure" and kind == "valueBoolean" and isinstance(value, bool):
        return "yes" if value else "no"
    if not choice:
        if kind in ("valueInteger", "valueDecimal") and _is_number(value):
            return value
        if kind == "valueQuantity" and isinstance(value, dict) and _is_number(value.get("value")):
            return value["value"]
    raise AnswerError(f'the answer to "{q.id}" is a {shown(kind)}, which this question '
                      f"does not take")


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _option(q: Question, coding: Any) -> str:
    if not isinstance(coding, dict) or not isinstance(coding.get("code"), str):
        raise AnswerError(f'a coded answer to "{q.id}" has no code')
    system = coding.get("system")
    if system is not None and system not in (CODES, _OLD_CODES + q.id):
        raise AnswerError(f'the answer to "{q.id}" uses the code system {shown(str(system))}, '
                          f"not this self-check's")
    return _from_code(q, coding["code"])


def _from_code(q: Question, code: str) -> str:
    for option in q.option_ids:
        if code in (option, option_code(q, option)):
            return option
    raise AnswerError(f'{shown(code)} is not an answer option of "{q.id}" '
                      f'(run "sciatica-tui questions" to list them)')
