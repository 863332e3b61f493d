"""Reading and validating answers: a JSON object of question id -> answer.

- yes/no/unsure and single choice: an option id, e.g. "yes"
- multiple choice: a list of option ids, e.g. ["buttock", "thigh"]
- scale and number: a number, e.g. 7
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from .condtree import AnswerValue
from .quote import shown
from .runtime import Content, Question


class AnswerError(ValueError):
    """A bad answers file or answer; the message is one clear line for the user."""


def read_answers_file(path: str) -> Any:
    """Parse the JSON in `path` ("-" for standard input)."""
    try:
        if path == "-":
            text = sys.stdin.read()
            name = "standard input"
        else:
            text = Path(path).read_text(encoding="utf-8")
            name = path
    except FileNotFoundError:
        raise AnswerError(f"answers file not found: {shown(path)}") from None
    except IsADirectoryError:
        raise AnswerError(f"answers file is a directory: {shown(path)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerError(f"cannot read answers file {shown(path)}: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerError(
            f"answers in {shown(name)} are not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})"
        ) from None


def validate_answers(content: Content, raw: Any) -> dict[str, AnswerValue]:
    """Check every answer against the question catalogue; return clean answers."""
    if not isinstance(raw, dict):
        raise AnswerError("answers must be a JSON object mapping question ids to answers")
    clean: dict[str, AnswerValue] = {}
    for qid, value in raw.items():
        if not content.has_question(qid):
            raise AnswerError(
                f'unknown question id {shown(qid)} (run "sciatica-tui questions" to list them)'
            )
        if value is None:
            continue  # null means "not answered"
        clean[qid] = validate_answer(content.question(qid), value)
    return clean


def validate_answer(q: Question, value: Any) -> AnswerValue:
    """One answer for one question, checked; raises AnswerError with a clear message."""
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
            raise AnswerError(f'answer to "{q.id}": "{exclusive[0]}" cannot be combined with '
                              f"other options")
        return list(value)
    # scale or number
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AnswerError(f'answer to "{q.id}" must be a number')
    lo, hi = q.min, q.max
    assert lo is not None and hi is not None
    if not lo <= value <= hi:
        raise AnswerError(f'answer to "{q.id}" is {_fmt(value)}, outside {_fmt(lo)} to {_fmt(hi)}')
    if q.type == "scale" and value != int(value):
        raise AnswerError(
            f'answer to "{q.id}" must be a whole number from {_fmt(lo)} to {_fmt(hi)}'
        )
    return int(value) if value == int(value) else float(value)


def parse_number(q: Question, text: str) -> AnswerValue:
    """A number typed by a person, checked against the question's range."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise AnswerError("Please type a number.") from None
    return validate_answer(q, value)


def _bad_option(q: Question, value: str) -> str:
    options = ", ".join(q.option_ids)
    return f'question "{q.id}" has no option {shown(value)} (options: {options})'


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)
