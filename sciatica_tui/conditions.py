"""Declarative conditions over answers, and their three-valued evaluation.

A condition is data, never code: clinicians write it in TOML as a small tree.

    { q = "weakness", is = "yes" }                 single choice or yes/no/unsure
    { q = "worse_with", has = "cough_sneeze" }     multiple choice contains
    { q = "worse_with", has_any = ["a", "b"] }
    { q = "age", gte = 50 }                        numbers and scales (gt, gte, lt, lte)
    { q = "weakness", answered = true }
    { all = [ ... ] }   { any = [ ... ] }   { not = { ... } }
    { at_least = 3, of = [ ... ] }                 a count, e.g. for a short score

Evaluation is three-valued (Kleene logic): True, False or None (unknown).
A question that is unanswered, or answered with an "unknown" option such as
"Not sure", is unknown unless the condition names that option explicitly.
That is how the product keeps its promise that an unanswered or uncertain
red-flag question is never treated as "no".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

AnswerValue = str | list[str] | int | float
Answers = Mapping[str, AnswerValue]
# A compiled condition: (answers, hits) -> True | False | None. When the result is
# True, the ids of the questions whose answers made it true are appended to hits.
Compiled = Callable[[Answers, list[str]], bool | None]

# Stands in for the answer to a question that skip logic decided not to ask:
# every test on it is False (not unknown), because not asking was itself an answer.
SKIPPED = "\x00skipped"

# Tags used to pick the right model for a condition; removed again from error paths.
CONDITION_TAGS = frozenset({"all-of", "any-of", "not-of", "at-least", "answer"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AnswerCondition(_Strict):
    q: str = Field(min_length=1)
    is_: str | None = Field(default=None, alias="is")
    in_: list[str] | None = Field(default=None, alias="in", min_length=1)
    has: str | None = None
    has_any: list[str] | None = Field(default=None, min_length=1)
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> AnswerCondition:
        kinds = [k for k in ("choice", "multi", "number", "answered") if self._has_kind(k)]
        if len(kinds) != 1:
            raise ValueError(
                "give exactly one test: is/in (choice), has/has_any (multiple choice), "
                "gt/gte/lt/lte (numbers) or answered"
            )
        if self.is_ is not None and self.in_ is not None:
            raise ValueError("use either 'is' or 'in', not both")
        if self.has is not None and self.has_any is not None:
            raise ValueError("use either 'has' or 'has_any', not both")
        return self

    def _has_kind(self, kind: str) -> bool:
        if kind == "choice":
            return self.is_ is not None or self.in_ is not None
        if kind == "multi":
            return self.has is not None or self.has_any is not None
        if kind == "number":
            return any(v is not None for v in (self.gt, self.gte, self.lt, self.lte))
        return self.answered is not None

    @property
    def kind(self) -> str:
        return next(k for k in ("choice", "multi", "number", "answered") if self._has_kind(k))

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


class AllOf(_Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Strict):
    any: list[Condition] = Field(min_length=1)


class NotOf(_Strict):
    not_: Condition = Field(alias="not")


class AtLeast(_Strict):
    at_least: int = Field(ge=1)
    of: list[Condition] = Field(min_length=1)

    @model_validator(mode="after")
    def _reachable(self) -> AtLeast:
        if self.at_least > len(self.of):
            raise ValueError(f"'at_least' is {self.at_least} but 'of' has only "
                             f"{len(self.of)} conditions")
        return self


def _condition_tag(value: Any) -> str:
    if isinstance(value, dict):
        for key, tag in (("all", "all-of"), ("any", "any-of"), ("not", "not-of"),
                         ("at_least", "at-least")):
            if key in value:
                return tag
        return "answer"
    tags: dict[type, str] = {AllOf: "all-of", AnyOf: "any-of", NotOf: "not-of",
                             AtLeast: "at-least"}
    return tags.get(type(value), "answer")


Condition = Annotated[
    Annotated[AllOf, Tag("all-of")]
    | Annotated[AnyOf, Tag("any-of")]
    | Annotated[NotOf, Tag("not-of")]
    | Annotated[AtLeast, Tag("at-least")]
    | Annotated[AnswerCondition, Tag("answer")],
    Discriminator(_condition_tag),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
AtLeast.model_rebuild()


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
            chosen = value if isinstance(value, list) else [value]
            if wanted_any.intersection(chosen):
                hits.append(q)
                return True
            if unknown.intersection(chosen):
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
