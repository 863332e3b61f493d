"""Load content/ from TOML, validate it, and report every problem clearly.

Each problem names the file, the item id and the field, e.g.

    red_flags.toml: red_flag "ces_bladder", field "when.q": unknown question "bladdr"
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.content import ITEM_FILES, META_FILE, UI_FILE, Content, build
from ..store.paths import default_content_dir
from .problems import ContentError, Problem

# What load_content raises is part of its API (defined in problems.py, which the
# cross-checks share without importing the loader).
__all__ = ["ContentError", "Problem", "content_languages", "default_content_dir",
           "load_content", "stock_text"]


def load_content(directory: Path | str | None = None, *, use_cache: bool = True,
                 user_cache: bool = True) -> Content:
    """Load and validate a content directory. Raises ContentError listing every problem.

    A content set that validated before is read from a cache entry (keyed by a hash
    of every file, so an edit is never missed), without pydantic: the entry shipped
    with the program for the shipped content, else the user's cache. user_cache=False
    neither reads nor writes the user's cache folder (kiosk mode); use_cache=False
    always validates in full (`content check`)."""
    from ..core.quote import shown
    from ..core.safe_read import ReadError, is_dir

    root = Path(directory) if directory is not None else default_content_dir()
    try:
        found = is_dir(root)
    except ReadError as exc:
        raise ContentError([Problem(shown(root, quote=False), "", "",
                                    f"cannot use it: {exc.reason}")]) from None
    if not found:
        raise ContentError([Problem(shown(root, quote=False), "", "",
                                    "content directory not found")])
    # Loading makes many objects and no garbage cycles: Python's cycle collector,
    # run again and again over a growing heap, made the time grow faster than the
    # content (100x the content took 120x the time; without it, 100x).
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(root, use_cache, user_cache)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, use_cache: bool, user_cache: bool) -> Content:
    if not use_cache:
        return _validate(root)[0]
    from .cache import cached_content, content_key, save_cached

    def key() -> str | None:
        try:
            return content_key(root)
        except OSError:
            return None  # a file that cannot be read: validating reports it

    before = key()
    content = None if before is None else cached_content(root, before, user_cache)
    if content is None:
        content, data = _validate(root)
        if before is not None and user_cache and key() == before:  # not edited meanwhile
            save_cached(root, before, data)
    return content


def _validate(root: Path) -> tuple[Content, dict[str, Any]]:
    """Every file checked with the pydantic models, then the whole set cross-checked.
    Returns the content and its plain data (what the cache keeps)."""
    from . import schema as model
    from .checks import cross_check

    problems: list[Problem] = []
    parts: dict[str, Any] = {}

    raw_meta = _read_toml(root, META_FILE, problems)
    if raw_meta is not None:
        parts["meta"] = _validate_one(META_FILE, model.Meta, raw_meta, problems)

    for file, (key, model_name, _) in ITEM_FILES.items():
        raw = _read_toml(root, file, problems)
        items = (None if raw is None else
                 _validate_items(file, key, getattr(model, model_name), raw, problems))
        parts[file] = items

    raw_ui = _read_toml(root, UI_FILE, problems)
    parts["ui"] = None if raw_ui is None else _validate_ui(raw_ui, problems)

    if problems or any(v is None for v in parts.values()):
        raise ContentError(sorted(set(problems)))

    data: dict[str, Any] = {"meta": parts["meta"].model_dump(mode="json"), "ui": parts["ui"]}
    for file, (_, _, part) in ITEM_FILES.items():
        data[part] = [item.model_dump(mode="json") for item in parts[file]]
    content = build(data)
    problems.extend(cross_check(content))
    if problems:
        raise ContentError(problems)
    return content, data


def stock_text(root: Path | None = None) -> str:
    """The content cache's stock entry for the shipped content, validated now with
    pydantic (`python -m sciatica_tui.contentset.cache` writes it)."""
    from .cache import content_key, entry_text

    root = root or default_content_dir()
    _, data = _validate(root)
    return entry_text(content_key(root), data)


def _read_toml(root: Path, name: str, problems: list[Problem]) -> dict[str, Any] | None:
    """One content file: a regular file within CONTENT_FILE_LIMIT, nesting and
    numbers within limits (see safe_read); any problem is listed, never raised."""
    import tomllib

    from ..core.safe_read import CONTENT_FILE_LIMIT, ParseError, ReadError, parse_toml, read_text

    try:
        return parse_toml(read_text(root / name, CONTENT_FILE_LIMIT))
    except FileNotFoundError:
        problems.append(Problem(name, "", "", "file is missing"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(name, "", "", f"not valid TOML: {exc}"))
    except ParseError as exc:
        problems.append(Problem(name, "", "", f"not accepted: {exc}"))
    except ReadError as exc:
        problems.append(Problem(name, "", "", f"cannot be read: {exc.reason}"))
    return None


def content_languages(directory: Path | str | None = None) -> list[str] | None:
    """The languages meta.toml lists, read quickly without validating the content
    (for checking --lang before the app starts); None if it cannot be read, and
    the full load then reports why."""
    root = Path(directory) if directory is not None else default_content_dir()
    problems: list[Problem] = []
    meta = _read_toml(root, META_FILE, problems)
    languages = meta.get("languages") if meta else None
    if isinstance(languages, list) and all(isinstance(x, str) for x in languages):
        return languages
    return None


def _validate_one(file: str, model: type, raw: Any, problems: list[Problem]) -> Any:
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(model).validate_python(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(file, "", _field(err["loc"]), _message(err)))
    return None


def _validate_items(
    file: str, key: str, model: type, raw: dict[str, Any], problems: list[Problem]
) -> list[Any] | None:
    from pydantic import TypeAdapter, ValidationError

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
    from .condition_schema import CONDITION_TAGS

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
