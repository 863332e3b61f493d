"""Pydantic models of the clinical content in content/: used to validate the
files (loader.py). At run time the content is plain objects (runtime.py).

Every user-facing string is a mapping of language code to text (``prompt.en = "..."``),
so a language is added by adding keys to the data files, never by touching code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from ..core.content import TIER_RANK, TIERS, YES_NO_UNSURE, Content  # noqa: F401 - re-exported
from .condition_schema import Condition

Tier = Literal["self_care", "soon", "urgent", "emergency"]
FlagTier = Literal["soon", "urgent", "emergency"]
QuestionType = Literal["yes_no_unsure", "single", "multi", "scale", "number"]
Section = Literal["red_flags", "symptoms"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("ids use lower-case letters, digits and '_' and start with a letter")
    return value


def _check_text(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("English text ('en') is required")
    for lang, text in value.items():
        if not text.strip():
            raise ValueError(f"text for language '{lang}' is empty")
    return value


def _check_list(value: dict[str, list[str]]) -> dict[str, list[str]]:
    if "en" not in value:
        raise ValueError("English text ('en') is required")
    for lang, items in value.items():
        if not items or any(not item.strip() for item in items):
            raise ValueError(f"list for language '{lang}' is empty or has an empty line")
    return value


def _figures(value: dict[str, str], most_lines: int) -> dict[str, str]:
    """A figure in each language: drawn in plain ASCII for any terminal (a label may
    use its language's Latin letters, such as á or ñ, one column wide in every
    terminal), at most 60 columns and `most_lines` lines."""
    out = {}
    for lang, text in value.items():
        lines = text.strip("\n").splitlines()
        if any(not (c.isascii() or (c.isalpha() and ord(c) < 0x180)) for c in text):
            raise ValueError(f"figure.{lang}: draw with plain ASCII characters only "
                             "(labels may use letters such as á or ñ), for any terminal")
        if not lines or max(len(line) for line in lines) > 60 or len(lines) > most_lines:
            raise ValueError(f"figure.{lang}: at most 60 columns and {most_lines} lines")
        out[lang] = text.strip("\n")
    return out


Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[dict[str, str], AfterValidator(_check_text)]
TextList = Annotated[dict[str, list[str]], AfterValidator(_check_list)]
Sources = Annotated[list[str], Field(min_length=1)]


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Option(_Item):
    id: Id
    label: Text
    # An option meaning "I don't know": conditions treat it as unknown, not as "no".
    unknown: bool = False


class Question(_Item):
    id: Id
    section: Section
    type: QuestionType
    prompt: Text
    # A few words for the clinician's summary ("Saddle numbness", "Pain location").
    short: Text
    help: Text
    options: list[Option] = []
    # Options of a multiple-choice question that cannot be combined with others ("None of these").
    exclusive: list[str] = []
    min: float | None = None
    max: float | None = None
    min_label: Text | None = None
    max_label: Text | None = None
    unit: Text | None = None
    when: Condition | None = None
    # Asked again at each daily check-in (personal history).
    recheck: bool = False
    sources: list[str] = []

    @model_validator(mode="after")
    def _fits_type(self) -> Question:
        if self.type == "yes_no_unsure" and self.options:
            raise ValueError("yes_no_unsure questions have built-in options; remove 'options'")
        if self.type in ("single", "multi") and len(self.options) < 2:
            raise ValueError(f"a {self.type} question needs at least two options")
        if self.type == "scale":
            if self.min_label is None or self.max_label is None:
                raise ValueError("a scale question needs 'min_label' and 'max_label'")
            self.min = 0 if self.min is None else self.min
            self.max = 10 if self.max is None else self.max
        if self.type == "number" and (self.min is None or self.max is None):
            raise ValueError("a number question needs 'min' and 'max'")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError("'min' must be less than 'max'")
        if self.exclusive and self.type != "multi":
            raise ValueError("'exclusive' is only for multi questions")
        return self


class RedFlag(_Item):
    id: Id
    label: Text
    tier: FlagTier
    when: Condition
    action: Text
    why: Text
    sources: Sources


class Evidence(_Item):
    when: Condition
    weight: float

    @model_validator(mode="after")
    def _nonzero(self) -> Evidence:
        if self.weight == 0:
            raise ValueError("weight must not be 0 (positive = more likely, negative = less)")
        return self


class Cause(_Item):
    id: Id
    label: Text
    summary: Text
    feels_like: Text
    helps: Text
    recovery: Text
    applies_if: Condition | None = None
    # Evidence the cause needs before it may be shown as "fits your answers" at all
    # (without it, it stays in the weakest band), e.g. piriformis needs the sore
    # buttock spot on sitting.
    needs: Condition | None = None
    evidence: list[Evidence] = Field(min_length=1)
    sources: Sources

    @model_validator(mode="after")
    def _has_positive(self) -> Cause:
        if not any(e.weight > 0 for e in self.evidence):
            raise ValueError("needs at least one piece of evidence with a positive weight")
        return self


class Avoid(_Item):
    when: Condition
    why: Text


class FirstStep(_Item):
    id: Id
    label: Text
    goal: Text
    steps: TextList
    dose: Text
    feel: Text
    stop_if: Text
    # Who should not do it.
    not_for: Text
    # A simple picture of the position, drawn in plain ASCII (readable in any
    # terminal, at most 60 columns wide), with its labels in each language.
    figure: Text
    offer_if: Condition | None = None
    avoid_if: list[Avoid] = []
    # The most urgent disposition at which this step is still offered.
    max_tier: Tier = "soon"
    # The least urgent disposition at which the step is relevant (below it, it is
    # simply not offered).
    min_tier: Tier = "self_care"
    # With this set, a warning sign that was FOUND above this tier makes
    # the step not relevant; warning signs that could not be ruled out may still
    # raise the disposition up to max_tier ("keep moving gently until you are seen").
    max_found_tier: Tier | None = None
    # While something needs checking first (see concerns.toml): "offer" as usual,
    # "withhold" (the step reassures, so it waits until the concern is checked), or
    # "only" (offered only then).
    while_checking: Literal["offer", "withhold", "only"] = "offer"
    sources: Sources

    @model_validator(mode="after")
    def _tiers_in_order(self) -> FirstStep:
        if TIER_RANK[self.min_tier] > TIER_RANK[self.max_tier]:
            raise ValueError("'min_tier' must not be more urgent than 'max_tier'")
        if self.max_found_tier is not None and \
                TIER_RANK[self.max_found_tier] > TIER_RANK[self.max_tier]:
            raise ValueError("'max_found_tier' must not be more urgent than 'max_tier'")
        return self


    @field_validator("figure")
    @classmethod
    def _figure_fits(cls, value: dict[str, str]) -> dict[str, str]:
        return _figures(value, 10)


class Concern(_Item):
    """A group of red flags that points to one concern (cauda equina, a break in a
    bone, an infection...): what needs checking first, in plain words. Every red
    flag belongs to exactly one group (checked on load)."""

    id: Id
    # Plain words for the concern, e.g. "A possible infection near the spine".
    label: Text
    # What to do about it (the disposition says how soon).
    what_to_do: Text
    # Serious pathology (fracture, cancer, infection, aneurysm): a flag of this group
    # hides the mechanical causes at any tier, found or not ruled out.
    serious: bool = False
    # The red flag ids of this group.
    flags: list[str] = []
    sources: Sources


class Disposition(_Item):
    id: Tier
    label: Text
    timeframe: Text
    action: Text
    safety_net: TextList
    sources: Sources


class DispositionRule(_Item):
    id: Id
    tier: Tier
    when: Condition
    reason: Text
    # What to do now, when this rule decides the disposition and no warning sign
    # found at that tier has its own action (U-S4: "not sure" on a cauda equina
    # sign is sent to the emergency department today, never to a routine visit).
    action: Text | None = None
    sources: Sources


class GlossaryTerm(_Item):
    """A medical word explained in plain language, shown on demand."""

    id: Id
    term: Text
    # Lower-case words or phrases in other text that this entry explains.
    matches: list[str] = Field(min_length=1)
    means: Text
    sources: Sources


class Trigger(_Item):
    """A change between daily check-ins that needs the person to act:
    "became_yes" (a yes/no question answered "no" last time and "yes" now) or
    "rising" (a 0-10 scale higher on each of the last `days` days)."""

    id: Id
    kind: Literal["became_yes", "rising"]
    # A few words for the trend view ("New numbness").
    label: Text
    questions: list[str] = Field(min_length=1)
    days: int = Field(default=3, ge=2, le=14)
    tier: FlagTier
    reason: Text
    sources: Sources


class Topic(_Item):
    """Something the clinic demo explains: what happens at physiotherapy,
    where nerve-root symptoms are felt, or a common question (pain relief...)."""

    id: Id
    group: Literal["physio", "anatomy", "advice"]
    title: Text
    body: TextList
    # Plain ASCII, at most 60 columns and 14 lines (fits 80x24 with the title).
    figure: Text | None = None
    sources: Sources

    @field_validator("figure")
    @classmethod
    def _figure_fits(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        return None if value is None else _figures(value, 14)


class Sample(_Item):
    """An example patient for the clinic demo. Its answers replay the
    questionnaire; the expected result is checked on load."""

    id: Id
    name: Text
    story: Text
    answers: dict[str, Any] = Field(min_length=1)
    expect: Tier
    expect_cause: str


class Group(_Item):
    """Questions shown together on one screen (content/groups.toml), in this
    order. Grouping is presentation only: the engine still decides, question by
    question, whether each one is asked. Cross-checked in content_checks."""

    id: Id
    # The heading of the screen ("Signs that need help fast").
    title: Text
    questions: list[str] = Field(min_length=2)


class Locale(_Item):
    """Health services for some countries (content/locales.toml): the emergency
    number and the words that fill {emergency_dept}, {urgent_line} and {gp}."""

    id: Id
    # ISO 3166 two-letter codes; the "international" entry lists none.
    countries: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]]
    emergency_number: str
    emergency_dept: Text
    urgent_line: Text
    gp: Text
    # Where the number and the named lines come from (ids in sources.toml):
    # a wrong number sends a person in an emergency to the wrong place.
    sources: Sources

    @field_validator("emergency_number")
    @classmethod
    def _dialable(cls, value: str) -> str:
        from ..core.i18n import DIALABLE

        if not DIALABLE.fullmatch(value):
            raise ValueError("must be a number people can dial: 3 to 15 digits, "
                             "an optional leading +")
        return value

    @field_validator("emergency_dept", "urgent_line", "gp")
    @classmethod
    def _plain_words(cls, value: dict[str, str]) -> dict[str, str]:
        for lang, text in value.items():
            if "{" in text or "}" in text or "\n" in text:
                raise ValueError(f"text for language '{lang}' must be plain words "
                                 "(no braces, one line)")
        return value


class Source(_Item):
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]*$")]
    title: str = Field(min_length=1)
    url: str | None = None


class Policy(_Item):
    # A red flag that could not be ruled out (its questions unanswered or "not sure")
    # raises the disposition to its own tier, but no higher than this.
    unknown_red_flag_cap: Tier = "urgent"
    # Share of a cause's positive evidence needed for each likelihood band.
    high_share: float = Field(default=0.5, gt=0, le=1)
    medium_share: float = Field(default=0.25, gt=0, le=1)
    # Score relative to the best-fitting cause needed for each band, so two causes
    # are not both "fit well" for one classic picture.
    high_relative: float = Field(default=0.75, gt=0, le=1)
    medium_relative: float = Field(default=0.5, gt=0, le=1)
    # At most this many causes are shown to the person as "often points to".
    max_shown_causes: int = Field(default=2, ge=1, le=5)


class Meta(_Item):
    version: str = Field(min_length=1)
    last_reviewed: dt.date
    reviewer_role: str = Field(min_length=1)
    # True once a named clinician has signed the content off; until then every
    # summary and the first screen say it is a draft.
    signed_off: bool = False
    languages: list[str] = Field(min_length=1)
    policy: Policy = Policy()

    @model_validator(mode="after")
    def _english_first(self) -> Meta:
        if self.languages[0] != "en":
            raise ValueError("'languages' must start with 'en' (the fallback language)")
        if self.signed_off and "not yet signed off" in self.reviewer_role.lower():
            raise ValueError("'signed_off' is true but 'reviewer_role' says it is not: "
                             "name the clinician who signed it off")
        return self
