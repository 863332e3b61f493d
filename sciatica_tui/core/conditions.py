"""Condition trees at run time, and their three-valued evaluation. No pydantic
here: content is validated once (conditions.py, loader.py), then the engine works
on these plain objects, which also load from the content cache without pydantic.

Evaluation is three-valued (Kleene logic): True, False or None (unknown).
A question that is unanswered, or answered with an "unknown" option such as
"Not sure", is unknown unless the condition names that option explicitly.
That is how the product keeps its promise that an unanswered or uncertain
red-flag question is never treated as "no".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

AnswerValue = str | list[str] | int | float
Answers = Mapping[str, AnswerValue]
# A compiled condition: (answers, hits) -> True | False | None. When the result is
# True, the ids of the questions whose answers made it true are appended to hits.
Compiled = Callable[[Answers, list[str]], bool | None]

# Stands in for the answer to a question that skip logic decided not to ask:
# every test on it is False (not unknown), because not asking was itself an answer.
SKIPPED = "\x00skipped"


class AnswerCondition:
    """A test on one answer: is/in, has/has_any, gt/gte/lt/lte or answered."""

    __slots__ = ("q", "is_", "in_", "has", "has_any", "gt", "gte", "lt", "lte", "answered")

    def __init__(self, q: str, is_: str | None = None, in_: list[str] | None = None,
                 has: str | None = None, has_any: list[str] | None = None,
                 gt: float | None = None, gte: float | None = None, lt: float | None = None,
                 lte: float | None = None, answered: bool | None = None) -> None:
        self.q, self.is_, self.in_, self.has, self.has_any = q, is_, in_, has, has_any
        self.gt, self.gte, self.lt, self.lte, self.answered = gt, gte, lt, lte, answered

    @property
    def kind(self) -> str:
        if self.is_ is not None or self.in_ is not None:
            return "choice"
        if self.has is not None or self.has_any is not None:
            return "multi"
        if self.answered is not None:
            return "answered"
        return "number"

    @property
    def option_ids(self) -> list[str]:
        """Option ids this condition names (for cross-checking against questions)."""
        if self.is_ is not None:
            return [self.is_]
        if self.in_ is not None:
            return list(self.in_)
        if self.has is not None:
            return [self.has]
        return list(self.has_any or [])


class AllOf:
    __slots__ = ("all",)

    def __init__(self, all: list[Any]) -> None:  # noqa: A002 - the TOML key
        self.all = all


class AnyOf:
    __slots__ = ("any",)

    def __init__(self, any: list[Any]) -> None:  # noqa: A002 - the TOML key
        self.any = any


class NotOf:
    __slots__ = ("not_",)

    def __init__(self, not_: Any) -> None:
        self.not_ = not_


class AtLeast:
    __slots__ = ("at_least", "of")

    def __init__(self, at_least: int, of: list[Any]) -> None:
        self.at_least, self.of = at_least, of


Condition = AnswerCondition | AllOf | AnyOf | NotOf | AtLeast


def build_condition(data: Any) -> Any:
    """A condition tree from its plain (dumped, already validated) form."""
    if data is None:
        return None
    if "all" in data:
        return AllOf([build_condition(c) for c in data["all"]])
    if "any" in data:
        return AnyOf([build_condition(c) for c in data["any"]])
    if "not_" in data:
        return NotOf(build_condition(data["not_"]))
    if "at_least" in data:
        return AtLeast(data["at_least"], [build_condition(c) for c in data["of"]])
    return AnswerCondition(**data)


def leaves(cond: Any) -> Iterator[AnswerCondition]:
    """Every answer test inside a condition."""
    if isinstance(cond, AnswerCondition):
        yield cond
    elif isinstance(cond, AllOf):
        for c in cond.all:
            yield from leaves(c)
    elif isinstance(cond, AnyOf):
        for c in cond.any:
            yield from leaves(c)
    elif isinstance(cond, NotOf):
        yield from leaves(cond.not_)
    elif isinstance(cond, AtLeast):
        for c in cond.of:
            yield from leaves(c)


def question_ids(cond: Any) -> list[str]:
    """Question ids a condition refers to, in order, without repeats."""
    return list(dict.fromkeys(leaf.q for leaf in leaves(cond)))


def compile_condition(cond: Any, unknown_options: Mapping[str, frozenset[str]]) -> Compiled:
    """Turn a condition tree into a fast closure.

    unknown_options maps a question id to the option ids that mean "I don't know"
    (for yes/no/unsure questions: "unsure").
    """
    if isinstance(cond, AllOf):
        parts = [compile_condition(c, unknown_options) for c in cond.all]

        def all_of(answers: Answers, hits: list[str]) -> bool | None:
            local: list[str] = []
            result: bool | None = True
            for part in parts:
                value = part(answers, local)
                if value is False:
                    return False
                if value is None:
                    result = None
            if result:
                hits.extend(local)
            return result

        return all_of

    if isinstance(cond, AnyOf):
        parts = [compile_condition(c, unknown_options) for c in cond.any]

        def any_of(answers: Answers, hits: list[str]) -> bool | None:
            result: bool | None = False
            found = False
            for part in parts:
                value = part(answers, hits)
                if value is True:
                    found = True
                elif value is None:
                    result = None
            return True if found else result

        return any_of

    if isinstance(cond, NotOf):
        inner = compile_condition(cond.not_, unknown_options)

        def not_of(answers: Answers, hits: list[str]) -> bool | None:
            value = inner(answers, [])
            return None if value is None else not value

        return not_of

    if isinstance(cond, AtLeast):
        parts = [compile_condition(c, unknown_options) for c in cond.of]
        need = cond.at_least

        def at_least(answers: Answers, hits: list[str]) -> bool | None:
            local: list[str] = []
            true = unknown = 0
            for part in parts:
                value = part(answers, local)
                if value is True:
                    true += 1
                elif value is None:
                    unknown += 1
            if true >= need:
                hits.extend(local)
                return True
            return False if true + unknown < need else None

        return at_least

    assert isinstance(cond, AnswerCondition)
    return _compile_leaf(cond, unknown_options.get(cond.q, frozenset()))


def _compile_leaf(leaf: AnswerCondition, unknown: frozenset[str]) -> Compiled:
    q = leaf.q
    kind = leaf.kind

    if kind == "answered":
        want = bool(leaf.answered)

        def answered(answers: Answers, hits: list[str]) -> bool | None:
            value = answers.get(q)
            is_answered = value is not None and value is not SKIPPED
            if is_answered and want:
                hits.append(q)
            return is_answered == want

        return answered

    if kind == "choice":
        wanted = frozenset(leaf.option_ids)

        def choice(answers: Answers, hits: list[str]) -> bool | None:
            value = answers.get(q)
            if value is None:
                return None
            if value in wanted:
                hits.append(q)
                return True
            if value in unknown:
                return None
            return False

        return choice

    if kind == "multi":
        wanted_any = frozenset(leaf.option_ids)

        def multi(answers: Answers, hits: list[str]) -> bool | None:
            value = answers.get(q)
            if value is None:
                return None
            chosen = value if isinstance(value, list) else (value,)
            if not wanted_any.isdisjoint(chosen):
                hits.append(q)
                return True
            if not unknown.isdisjoint(chosen):
                return None
            return False

        return multi

    gt, gte, lt, lte = leaf.gt, leaf.gte, leaf.lt, leaf.lte

    def number(answers: Answers, hits: list[str]) -> bool | None:
        value = answers.get(q)
        if value is None:
            return None
        if isinstance(value, (str, list)):  # SKIPPED
            return False
        ok = (
            (gt is None or value > gt)
            and (gte is None or value >= gte)
            and (lt is None or value < lt)
            and (lte is None or value <= lte)
        )
        if ok:
            hits.append(q)
        return ok

    return number
