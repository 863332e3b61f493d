"""Reading and validating answers: a JSON object of question id -> answer.

- yes/no/unsure and single choice: an option id, e.g. "yes"
- multiple choice: a list of option ids, e.g. ["buttock", "thigh"]
- scale and number: a number, e.g. 7
"""

from __future__ import annotations

import json
import math
import sys
from typing import TYPE_CHECKING, Any

from .conditions import AnswerValue
from .content import Content, Question
from .quote import shown

if TYPE_CHECKING:
    from .words import Words


class AnswerError(ValueError):
    """A bad answers file or answer; the message is one clear line for the user."""


def read_answers_file(path: str) -> Any:
    """Parse the JSON in `path` ("-" for standard input): a regular file of at most
    ANSWERS_LIMIT bytes, no duplicate keys, nesting and numbers within limits."""
    from .safe_read import (
        ANSWERS_LIMIT,
        ParseError,
        ReadError,
        decode,
        parse_json,
        read_bytes,
        read_stream,
    )

    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:  # a text stream stand-in (tests): limit its characters
                data = sys.stdin.read(ANSWERS_LIMIT + 1).encode("utf-8")
                if len(data) > ANSWERS_LIMIT:
                    raise ReadError("standard input is too big", "it is too big")
            else:
                data = read_stream(stream, ANSWERS_LIMIT)
        else:
            data = read_bytes(path, ANSWERS_LIMIT)
        text = decode(data, shown(name))
    except FileNotFoundError:
        raise AnswerError(f"answers file not found: {shown(path)}") from None
    except ReadError as exc:
        raise AnswerError(f"cannot read the answers file {shown(name)}: {exc.reason}") from None
    try:
        return parse_json(text)
    except json.JSONDecodeError as exc:
        raise AnswerError(
            f"answers in {shown(name)} are not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})"
        ) from None
    except ParseError as exc:
        raise AnswerError(f"answers in {shown(name)} are not accepted: {exc}") from None


def validate_answers(content: Content, raw: Any,
                     words: Words | None = None) -> dict[str, AnswerValue]:
    """Check every answer against the question catalogue; return clean answers."""
    if not isinstance(raw, dict):
        raise AnswerError("answers must be a JSON object mapping question ids to answers")
    clean: dict[str, AnswerValue] = {}
    for qid, value in _ungrouped(content, raw).items():
        if not content.has_question(qid):
            raise AnswerError(
                f'unknown question id {shown(qid)} (run "sciatica-tui questions" to list them)'
            )
        if value is None:
            continue  # null means "not answered"
        try:
            clean[qid] = validate_answer(content.question(qid), value, words)
        except (NumberError, ExclusiveError) as exc:  # the person's words, for a file's author
            raise AnswerError(f'answer to "{qid}": {exc}') from None
    return clean


def _ungrouped(content: Content, raw: dict[str, Any]) -> dict[str, Any]:
    """Answers with each group's object ({"pain_now": {"leg_pain": 6}}) opened out
    into its questions' answers; a question given twice is refused."""
    groups = {g.id: g for g in content.groups}
    if groups.keys().isdisjoint(raw):
        return raw
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in groups and not content.has_question(key):
            if not isinstance(value, dict):
                raise AnswerError(f'group "{key}" must be an object mapping its question ids '
                                  "to answers")
            for qid, answer in value.items():
                if qid not in groups[key].questions:
                    raise AnswerError(f'group "{key}" has no question {shown(qid)} (its '
                                      f"questions: {', '.join(groups[key].questions)})")
                if qid in out or qid in raw:
                    raise AnswerError(f'answer to "{qid}" is given twice')
                out[qid] = answer
        else:
            if key in out:
                raise AnswerError(f'answer to "{key}" is given twice')
            out[key] = value
    return out


def validate_answer(q: Question, value: Any, words: Words | None = None) -> AnswerValue:
    """One answer for one question, checked; raises AnswerError with a clear message.
    A number out of range gets the plain wording of `number_advice` (in the words'
    language, when given)."""
    if q.type in ("yes_no_unsure", "single"):
        if not isinstance(value, str):
            raise AnswerError(f'answer to "{q.id}" must be one option id, e.g. "{q.option_ids[0]}"')
        if value not in q.option_ids:
            raise AnswerError(_bad_option(q, value))
        return value
    if q.type == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AnswerError(f'answer to "{q.id}" must be a list of option ids, e.g. '
                              f'["{q.option_ids[0]}"]')
        for v in value:
            if v not in q.option_ids:
                raise AnswerError(_bad_option(q, v))
        if len(set(value)) != len(value):
            raise AnswerError(f'answer to "{q.id}" lists an option twice')
        if not value:
            raise AnswerError(f'answer to "{q.id}" is an empty list; choose at least one option')
        exclusive = [v for v in value if v in q.exclusive]
        if exclusive and len(value) > 1:
            raise ExclusiveError(exclusive_advice(q, exclusive[0], words))
        return list(value)
    # scale or number. An int is compared exactly (no float conversion, so no
    # OverflowError however many digits it has); a float must be finite.
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))):
        raise NumberError(number_advice(q, words, below=False))
    lo, hi = q.min, q.max
    assert lo is not None and hi is not None
    if not lo <= value <= hi or (q.type == "scale" and value != int(value)):
        raise NumberError(number_advice(q, words, below=value < lo))
    return int(value) if value == int(value) else float(value)


class NumberError(AnswerError):
    """A number answer that is not a number in the question's range."""


class ExclusiveError(AnswerError):
    """A multiple-choice answer that combines an exclusive option ("None of these",
    "I am not sure") with other options (U-S1: the one rule, the same words in the
    TUI, plain mode and answer files)."""


def exclusive_advice(q: Question, option: str, words: Words | None = None) -> str:
    """"'None of these' cannot be chosen with other answers." (in the words' language)."""
    label = next((o.label for o in q.options if o.id == option), {"en": option})
    if words is not None:
        return words.ui("plain.exclusive").format(option=words.t(label))
    return f"'{label.get('en', option)}' cannot be chosen with other answers."


def combine(q: Question, chosen: list[str], picked: str) -> list[str]:
    """The choices of a checklist after ticking `picked`, by the same rule the core
    checks: an exclusive option clears every other choice, and a real choice clears
    the exclusive ones. The TUI uses it so that what it shows is what is kept."""
    if picked in q.exclusive:
        return [picked]
    kept = {c for c in chosen if c not in q.exclusive} | {picked}
    return [o for o in q.option_ids if o in kept]


def number_advice(q: Question, words: Words | None = None, below: bool = False) -> str:
    """What to type, in plain words: "Please give your age as a whole number from 16
    to 110." Below the lowest value, the question's own advice follows, if the
    content has one (ui.toml "answer.below.<question id>", e.g. for under-16s)."""
    lo, hi = _fmt(q.min or 0), _fmt(q.max or 0)
    if words is not None:
        short = words.t(q.short).lower()
        text = words.ui("answer.number_range").format(short=short, low=lo, high=hi)
        extra = words.content.ui.get(f"answer.below.{q.id}") if below else None
        return f"{text} {words.t(extra)}" if extra else text
    short = (q.short.get("en") or q.id).lower()
    return f"Please give your {short} as a whole number from {lo} to {hi}."


def parse_number(q: Question, text: str, words: Words | None = None) -> AnswerValue:
    """A number typed by a person, checked against the question's range."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise NumberError(number_advice(q, words)) from None
    return validate_answer(q, value, words)


def _bad_option(q: Question, value: str) -> str:
    options = ", ".join(q.option_ids)
    return f'question "{q.id}" has no option {shown(value)} (options: {options})'


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)
