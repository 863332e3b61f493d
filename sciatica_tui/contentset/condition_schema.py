"""Declarative conditions over answers: the pydantic models that validate them in
the content files. At run time they are plain objects, evaluated in condtree.py.

A condition is data, never code: clinicians write it in TOML as a small tree.

    { q = "weakness", is = "yes" }                 single choice or yes/no/unsure
    { q = "worse_with", has = "cough_sneeze" }     multiple choice contains
    { q = "worse_with", has_any = ["a", "b"] }
    { q = "age", gte = 50 }                        numbers and scales (gt, gte, lt, lte)
    { q = "weakness", answered = true }
    { all = [ ... ] }   { any = [ ... ] }   { not = { ... } }
    { at_least = 3, of = [ ... ] }                 a count, e.g. for a short score

Evaluation is three-valued (unknown is never "no"): see condtree.py.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from ..core.conditions import SKIPPED, AnswerValue, Compiled  # noqa: F401 - re-exported

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
