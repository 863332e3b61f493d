"""Load content/ from TOML, validate it, and report every problem clearly.

Each problem names the file, the item id and the field, e.g.

    red_flags.toml: red_flag "ces_bladder", field "when.q": unknown question "bladdr"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .conditions import CONDITION_TAGS
from .model import (
    Cause,
    Content,
    Disposition,
    DispositionRule,
    FirstStep,
    GlossaryTerm,
    Meta,
    Question,
    RedFlag,
    Sample,
    Source,
    Topic,
    Trigger,
)
from .paths import default_content_dir

# file name -> (array key in the file, item model)
ITEM_FILES: dict[str, tuple[str, type]] = {
    "questions.toml": ("question", Question),
    "red_flags.toml": ("red_flag", RedFlag),
    "causes.toml": ("cause", Cause),
    "first_steps.toml": ("first_step", FirstStep),
    "dispositions.toml": ("disposition", Disposition),
    "rules.toml": ("rule", DispositionRule),
    "sources.toml": ("source", Source),
    "glossary.toml": ("term", GlossaryTerm),
    "topics.toml": ("topic", Topic),
    "samples.toml": ("sample", Sample),
    "checkin.toml": ("trigger", Trigger),
}
META_FILE = "meta.toml"
UI_FILE = "ui.toml"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.item}" if self.item else self.file
        if self.field:
            where += f', field "{self.field}"'
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The content set has problems; .problems lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))




def load_content(directory: Path | str | None = None) -> Content:
    """Load and validate a content directory. Raises ContentError listing every problem."""
    from .content_checks import cross_check

    root = Path(directory) if directory is not None else default_content_dir()
    if not root.is_dir():
        raise ContentError([Problem(str(root), "", "", "content directory not found")])
    problems: list[Problem] = []
    parts: dict[str, Any] = {}

    raw_meta = _read_toml(root, META_FILE, problems)
    if raw_meta is not None:
        parts["meta"] = _validate_one(META_FILE, Meta, raw_meta, problems)

    for file, (key, model) in ITEM_FILES.items():
        raw = _read_toml(root, file, problems)
        items = None if raw is None else _validate_items(file, key, model, raw, problems)
        parts[file] = items

    raw_ui = _read_toml(root, UI_FILE, problems)
    parts["ui"] = None if raw_ui is None else _validate_ui(raw_ui, problems)

    if problems or any(v is None for v in parts.values()):
        raise ContentError(sorted(set(problems)))

    content = Content(
        meta=parts["meta"],
        questions=parts["questions.toml"],
        red_flags=parts["red_flags.toml"],
        causes=parts["causes.toml"],
        first_steps=parts["first_steps.toml"],
        dispositions=parts["dispositions.toml"],
        rules=parts["rules.toml"],
        sources=parts["sources.toml"],
        glossary=parts["glossary.toml"],
        topics=parts["topics.toml"],
        samples=parts["samples.toml"],
        triggers=parts["checkin.toml"],
        ui=parts["ui"],
    )
    problems.extend(cross_check(content))
    if problems:
        raise ContentError(problems)
    return content


def _read_toml(root: Path, name: str, problems: list[Problem]) -> dict[str, Any] | None:
    path = root / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        problems.append(Problem(name, "", "", "file is missing"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(name, "", "", f"not valid TOML: {exc}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, "", "", f"cannot be read: {exc}"))
    return None


def _validate_one(file: str, model: type, raw: Any, problems: list[Problem]) -> Any:
    try:
        return TypeAdapter(model).validate_python(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(file, "", _field(err["loc"]), _message(err)))
    return None


def _validate_items(
    file: str, key: str, model: type, raw: dict[str, Any], problems: list[Problem]
) -> list[Any] | None:
    extra = sorted(k for k in raw if k != key)
    if extra:
        problems.append(
            Problem(file, "", extra[0], f"unexpected top-level key; items go in [[{key}]] tables")
        )
    items = raw.get(key)
    if not isinstance(items, list) or not items:
        problems.append(Problem(file, "", key, f"no [[{key}]] items found"))
        return None
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    out: list[Any] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        label = _item_label(key, item, index)
        try:
            value = adapter.validate_python(item)
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(Problem(file, label, _field(err["loc"]), _message(err)))
            continue
        if value.id in seen:
            problems.append(Problem(file, label, "id", f'duplicate id "{value.id}"'))
        seen.add(value.id)
        out.append(value)
    return out


def _validate_ui(raw: dict[str, Any], problems: list[Problem]) -> dict[str, dict[str, str]] | None:
    strings = raw.get("strings")
    if not isinstance(strings, dict) or not strings:
        problems.append(Problem(UI_FILE, "", "strings", "no [strings] table found"))
        return None
    out: dict[str, dict[str, str]] = {}
    for key, value in strings.items():
        label = f'string "{key}"'
        if not isinstance(value, dict) or "en" not in value:
            problems.append(Problem(UI_FILE, label, "en", "English text ('en') is required"))
            continue
        bad = [lang for lang, text in value.items() if not isinstance(text, str) or not text]
        if bad:
            problems.append(Problem(UI_FILE, label, bad[0], "must be non-empty text"))
            continue
        out[key] = value
    return out


def _item_label(key: str, item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return f'{key} "{item["id"]}"'
    return f"{key} #{index + 1} (no id)"


def _field(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part in CONDITION_TAGS or str(part).startswith("function-"):
            continue
        else:
            parts.append(("." if parts else "") + str(part).rstrip("_"))
    return "".join(parts)


def _message(err: Any) -> str:
    kind = err.get("type")
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind == "missing":
        return "required field is missing"
    msg = str(err.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")
