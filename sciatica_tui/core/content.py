"""The content at run time: plain Python objects, no pydantic.

loader.py validates the TOML files with the pydantic models in model.py, then
builds these objects from the validated data (`build`), and the engine, the
reports and the screens use them. The same plain data is what the content cache
holds, so a cached content set loads without importing pydantic at all.
Attribute names match the pydantic models field for field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from .conditions import Compiled, build_condition, compile_condition

T = TypeVar("T")

TIERS: tuple[str, ...] = ("self_care", "soon", "urgent", "emergency")
TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
# Built-in options of a yes/no/unsure question; their labels live in ui.toml.
YES_NO_UNSURE = ("yes", "no", "unsure")


class Item:
    """A content item: attributes as in the matching pydantic model."""

    # field name -> how to build it from plain data ("cond", a class, or [class])
    NESTED: dict[str, Any] = {}

    def __init__(self, **fields: Any) -> None:
        self._set(fields)

    def _set(self, fields: dict[str, Any]) -> None:
        # One attribute at a time, not __dict__.update: the items of a class then
        # share one table of attribute names and each keeps only its values
        # (Python's key-sharing instance dicts; issue 19, memory at start).
        for name, value in fields.items():
            setattr(self, name, value)

    @classmethod
    def build(cls, data: dict[str, Any], take: bool = False) -> Any:
        """The item for `data`. With `take` the caller no longer needs `data`: its
        nested parts are replaced in place instead of in a copy (with the copies,
        loading the cache entry ended about 0.2 MiB higher in resident memory)."""
        fields = data if take else dict(data)
        for name, how in cls.NESTED.items():
            value = fields.get(name)
            if value is None:
                continue
            if how == "cond":
                fields[name] = build_condition(value)
            elif isinstance(how, list):
                fields[name] = [how[0].build(v, take) for v in value]
            else:
                fields[name] = how.build(value)
        item = cls.__new__(cls)
        item._set(fields)
        return item

    def fields(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of every field, in the order they were given."""
        yield from self.__dict__.items()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={getattr(self, 'id', '?')!r})"


class Option(Item):
    id: str
    label: dict[str, str]
    unknown: bool


class Question(Item):
    NESTED = {"options": [Option], "when": "cond"}
    id: str
    section: str
    type: str
    prompt: dict[str, str]
    short: dict[str, str]
    help: dict[str, str]
    options: list[Option]
    exclusive: list[str]
    min: float | None
    max: float | None
    min_label: dict[str, str] | None
    max_label: dict[str, str] | None
    unit: dict[str, str] | None
    when: Any
    recheck: bool
    sources: list[str]

    @property
    def option_ids(self) -> list[str]:
        if self.type == "yes_no_unsure":
            return list(YES_NO_UNSURE)
        return [o.id for o in self.options]

    @property
    def unknown_option_ids(self) -> frozenset[str]:
        if self.type == "yes_no_unsure":
            return frozenset({"unsure"})
        return frozenset(o.id for o in self.options if o.unknown)


class RedFlag(Item):
    NESTED = {"when": "cond"}
    id: str
    label: dict[str, str]
    tier: str
    when: Any
    action: dict[str, str]
    why: dict[str, str]
    sources: list[str]


class Evidence(Item):
    NESTED = {"when": "cond"}
    when: Any
    weight: float


class Cause(Item):
    NESTED = {"applies_if": "cond", "needs": "cond", "evidence": [Evidence]}
    id: str
    label: dict[str, str]
    summary: dict[str, str]
    feels_like: dict[str, str]
    helps: dict[str, str]
    recovery: dict[str, str]
    applies_if: Any
    needs: Any
    evidence: list[Evidence]
    sources: list[str]


class Avoid(Item):
    NESTED = {"when": "cond"}
    when: Any
    why: dict[str, str]


class FirstStep(Item):
    NESTED = {"offer_if": "cond", "avoid_if": [Avoid]}
    id: str
    label: dict[str, str]
    goal: dict[str, str]
    steps: dict[str, list[str]]
    dose: dict[str, str]
    feel: dict[str, str]
    stop_if: dict[str, str]
    not_for: dict[str, str]
    figure: dict[str, str]
    offer_if: Any
    avoid_if: list[Avoid]
    max_tier: str
    min_tier: str
    max_found_tier: str | None
    while_checking: str
    sources: list[str]


class Concern(Item):
    id: str
    label: dict[str, str]
    what_to_do: dict[str, str]
    serious: bool
    flags: list[str]
    sources: list[str]


class Disposition(Item):
    id: str
    label: dict[str, str]
    timeframe: dict[str, str]
    action: dict[str, str]
    safety_net: dict[str, list[str]]
    sources: list[str]


class DispositionRule(Item):
    NESTED = {"when": "cond"}
    id: str
    tier: str
    when: Any
    reason: dict[str, str]
    action: dict[str, str] | None
    sources: list[str]


class GlossaryTerm(Item):
    id: str
    term: dict[str, str]
    matches: list[str]
    means: dict[str, str]
    sources: list[str]


class Topic(Item):
    id: str
    group: str
    title: dict[str, str]
    body: dict[str, list[str]]
    figure: dict[str, str] | None
    sources: list[str]


class Sample(Item):
    id: str
    name: dict[str, str]
    story: dict[str, str]
    answers: dict[str, Any]
    expect: str
    expect_cause: str


class Trigger(Item):
    id: str
    kind: str
    label: dict[str, str]
    questions: list[str]
    days: int
    tier: str
    reason: dict[str, str]
    sources: list[str]


class Group(Item):
    id: str
    title: dict[str, str]
    questions: list[str]


class Locale(Item):
    id: str
    countries: list[str]
    emergency_number: str
    emergency_dept: dict[str, str]
    urgent_line: dict[str, str]
    gp: dict[str, str]
    sources: list[str]


class Source(Item):
    id: str
    title: str
    url: str | None


class Policy(Item):
    unknown_red_flag_cap: str
    high_share: float
    medium_share: float
    high_relative: float
    medium_relative: float
    max_shown_causes: int


class _Date:
    @staticmethod
    def build(value: Any) -> dt.date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


class Meta(Item):
    NESTED = {"policy": Policy, "last_reviewed": _Date}
    version: str
    last_reviewed: dt.date
    reviewer_role: str
    signed_off: bool
    languages: list[str]
    policy: Policy


# file name -> (array key in the file, pydantic model name in model.py, part of the content)
ITEM_FILES: dict[str, tuple[str, str, str]] = {
    "questions.toml": ("question", "Question", "questions"),
    "red_flags.toml": ("red_flag", "RedFlag", "red_flags"),
    "causes.toml": ("cause", "Cause", "causes"),
    "first_steps.toml": ("first_step", "FirstStep", "first_steps"),
    "dispositions.toml": ("disposition", "Disposition", "dispositions"),
    "rules.toml": ("rule", "DispositionRule", "rules"),
    "sources.toml": ("source", "Source", "sources"),
    "glossary.toml": ("term", "GlossaryTerm", "glossary"),
    "topics.toml": ("topic", "Topic", "topics"),
    "samples.toml": ("sample", "Sample", "samples"),
    "checkin.toml": ("trigger", "Trigger", "triggers"),
    "locales.toml": ("locale", "Locale", "locales"),
    "concerns.toml": ("concern", "Concern", "concerns"),
    "groups.toml": ("group", "Group", "groups"),
}
META_FILE = "meta.toml"
UI_FILE = "ui.toml"


def content_files() -> list[str]:
    """Every file a content set is made of (what is read, and what the cache key covers)."""
    return [META_FILE, *ITEM_FILES, UI_FILE]


# content part -> (item class, is a list)
PARTS: dict[str, Any] = {
    "questions": Question, "red_flags": RedFlag, "causes": Cause, "first_steps": FirstStep,
    "dispositions": Disposition, "rules": DispositionRule, "sources": Source,
    "glossary": GlossaryTerm, "topics": Topic, "samples": Sample, "triggers": Trigger,
    "locales": Locale,
    "concerns": Concern,
    "groups": Group,
}


class Content:
    """The whole, validated content set."""

    meta: Meta
    questions: list[Question]
    red_flags: list[RedFlag]
    causes: list[Cause]
    first_steps: list[FirstStep]
    dispositions: list[Disposition]
    rules: list[DispositionRule]
    sources: list[Source]
    glossary: list[GlossaryTerm]
    topics: list[Topic]
    samples: list[Sample]
    triggers: list[Trigger]
    locales: list[Locale]
    concerns: list[Concern]
    groups: list[Group]
    ui: dict[str, dict[str, str]]

    def __init__(self, meta: Meta, ui: dict[str, dict[str, str]], **parts: list[Any]) -> None:
        self.meta, self.ui = meta, ui
        for name in PARTS:
            setattr(self, name, list(parts.get(name, [])))
        # Red-flag screening always comes first; within a section, file order.
        self.questions.sort(key=lambda q: 0 if q.section == "red_flags" else 1)
        self._by_id = {q.id: q for q in self.questions}
        # Compiled conditions, keyed by the condition object itself (it belongs to
        # this content set and lives as long as it does), never by id(): an id can
        # be reused by another object once the first is gone.
        self._compiled: dict[object, Compiled] = {}
        # Data derived once per content set (see derived()).
        self._derived: dict[str, Any] = {}

    @property
    def version(self) -> str:
        return self.meta.version

    def question(self, qid: str) -> Question:
        return self._by_id[qid]

    def has_question(self, qid: str) -> bool:
        return qid in self._by_id

    def derived(self, name: str, make: Callable[[], T]) -> T:
        """Data derived from this content set, made by `make` the first time `name`
        is asked for and kept with the content (the engine's compiled plan...).
        The one way other modules keep data on a content set."""
        try:
            value: T = self._derived[name]
        except KeyError:
            value = self._derived[name] = make()
        return value

    def concern_of(self, flag_id: str) -> Concern | None:
        """The concern group a red flag belongs to (concerns.toml)."""
        groups = self.derived("concern_of", lambda: {
            fid: c for c in self.concerns for fid in c.flags})
        return groups.get(flag_id)

    def group(self, gid: str) -> Group:
        """A screen of grouped questions (groups.toml)."""
        return next(g for g in self.groups if g.id == gid)

    def group_of(self, qid: str) -> Group | None:
        """The group a question is shown in, if any (each question is in one at most)."""
        owner = self.derived("group_of", lambda: {
            q: g for g in self.groups for q in g.questions})
        return owner.get(qid)

    def disposition(self, tier: str) -> Disposition:
        return next(d for d in self.dispositions if d.id == tier)

    def locale(self, country: str | None) -> Mapping[str, Any]:
        """The health services for a country (locales.toml), else the international
        ones, as a table of fields."""
        from .i18n import pick_locale

        return pick_locale([vars(p) for p in self.locales], country)

    def unknown_ids(self) -> dict[str, frozenset[str]]:
        """Each question's "not sure" option ids, built once per content set."""
        return self.derived("unknown_ids", lambda: {q.id: q.unknown_option_ids
                                                    for q in self.questions})

    def compiled(self, cond: object) -> Compiled:
        """The compiled form of a condition belonging to this content set (cached)."""
        fn = self._compiled.get(cond)
        if fn is None:
            fn = self._compiled[cond] = compile_condition(cond, self.unknown_ids())
        return fn


# The name (Content.derived) under which a content set read from a cache entry keeps
# the key of the files it was read from (contentset/cache.py sets it; what is made
# from the content files alone is looked up by it, e.g. the shipped FHIR
# Questionnaire, reports/formats/fhir.py).
CONTENT_KEY = "content_key"


def build(data: dict[str, Any], take: bool = False) -> Content:
    """Content from plain, already validated data (see loader.dump). With `take`,
    the caller no longer needs `data` (see Item.build), and equal short texts in
    it become one string: ids, tiers, option and source ids are repeated all over
    the content (a third of its strings), and a JSON parser makes each one anew."""
    if take and _sharing:
        _share_strings(data, {})
    parts = {name: [cls.build(item, take) for item in data.get(name, [])]
             for name, cls in PARTS.items()}
    return Content(meta=Meta.build(data["meta"], take), ui=data["ui"], **parts)


SHARED_MAX = 64  # longer texts are rarely said twice
# Whether build(take=True) shares equal short strings (see share_strings).
_sharing = True


def share_strings(on: bool) -> None:
    """Turn the sharing of equal short strings in build(take=True) on or off. It
    saves memory that only a process that goes on holds (the app, serve's
    sessions); a command that writes one report and ends (cli/main.py ONE_SHOT)
    turns it off: it cost about 1.5 ms of `assess`'s 65-70 (issue 19)."""
    global _sharing
    _sharing = on


def _share_strings(value: dict[str, Any] | list[Any], seen: dict[str, str]) -> None:
    """Each short string in `value` (nested dicts and lists) replaced, in place, by
    the first equal one met (`seen`)."""
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in pairs:
        if type(item) is str:
            if len(item) <= SHARED_MAX:
                value[key] = seen.setdefault(item, item)  # type: ignore[index]
        elif isinstance(item, (dict, list)):
            _share_strings(item, seen)
