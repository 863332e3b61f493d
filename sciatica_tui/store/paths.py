"""Where things live (shipped content, caches, history), and a quick read of the
welcome screen's words.

No pydantic here: the app shows the welcome screen's words from ui.toml at once,
while the full content is loaded and validated in the background (and its
validated words then replace these).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

# The quick copy of ui.toml's strings and locales.toml's table, as JSON. Reading
# it is about ten times faster than parsing the TOML, and it spares importing
# tomllib before the first frame. One entry, for the files last read.
QUICK_CACHE = "ui-strings.json"
# The same copy for the shipped content, made when the package is built (with the
# shipped content cache: python -m sciatica_tui.contentset.cache) and matched by
# the two files' SHA-256: a first run and a kiosk (which reads no cache) need
# neither tomllib nor the TOML parse for the first frame (issue 19, memory).
SHIPPED_QUICK = Path(__file__).with_name("ui_quick.json")
QUICK_FILES = ("ui.toml", "locales.toml")


def default_content_dir() -> Path:
    """The content shipped in the wheel, or content/ beside the package in a checkout."""
    import sciatica_tui  # the package folder, wherever this module sits inside it

    package = Path(sciatica_tui.__file__).resolve().parent
    packaged = package / "content"
    if packaged.is_dir():
        return packaged
    return package.parent / "content"


def cache_dir() -> Path:
    """The user cache folder (SCIATICA_TUI_CACHE overrides it)."""
    env = os.environ.get("SCIATICA_TUI_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sciatica-tui", appauthor=False))


def quick_ui_strings(content_dir: str | Path | None, lang: str | None,
                     remember: bool = True, country: str | None = None,
                     emergency_number: str | None = None) -> dict[str, str] | None:
    """ui.toml strings in one language (English where missing), with the
    country's emergency number and service names filled in (locales.toml),
    unvalidated; None if a file cannot be read. Validation happens in the full load.

    With `remember` (not in a kiosk), a JSON copy of both tables is kept in (and
    read from) the cache folder, keyed by the files' path, size and modification
    time and the program version: any edit or new release reads the TOML again.
    Even a stale copy could only show for a moment: the validated words replace
    these. Without it, the cache folder is neither read nor written."""
    root = Path(content_dir) if content_dir else default_content_dir()
    try:
        table, locales = _quick_tables(root, remember)
        from ..core.i18n import fill, locale_language, locale_values, pick_locale

        if lang is None:  # as the full load will: the locale, if the content has it
            lang = locale_language(sorted(next(iter(table.values())).keys()))
        values = locale_values(pick_locale(locales, country), lang, emergency_number)
        return {key: fill(str(value.get(lang) or value["en"]), values)
                for key, value in table.items()}
    except Exception:  # any problem: the full load reports it properly
        return None


def _quick_tables(root: Path, remember: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """ui.toml's {key: {language: text}} and locales.toml's entries, or their
    cached copy."""
    from .. import __version__
    from ..core.safe_read import CONTENT_FILE_LIMIT, parse_toml, read_text

    paths = [root / name for name in QUICK_FILES]
    key = __version__
    for path in paths:
        stat = path.stat()
        key += f"|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    cached = cache_dir() / QUICK_CACHE
    # Without `remember` (a kiosk) the user's cache folder is not even read.
    entry = _entry(cached, "key", key) if remember else None
    if entry is not None:
        return entry
    # The same reader as the full load: a FIFO or /dev/zero as ui.toml is refused
    # at once (the full load then says why), never a hang.
    texts = [read_text(path, CONTENT_FILE_LIMIT) for path in paths]
    shipped = _entry(SHIPPED_QUICK, "files", _digests(texts))
    if shipped is not None:
        return shipped  # the shipped content's files, as they were shipped
    table = parse_toml(texts[0])["strings"]
    locales = parse_toml(texts[1])["locale"]
    if not isinstance(table, dict) or not isinstance(locales, list):
        raise ValueError("no [strings] table or [[locale]] entries")
    if remember:
        write_cache_file(cached, json.dumps({"key": key, "strings": table, "locales": locales},
                                            ensure_ascii=False))
    return table, locales


def _entry(path: Path, name: str, expected: Any) -> tuple[dict[str, Any], list[Any]] | None:
    """The (strings, locales) of a quick copy whose `name` is `expected`, else None."""
    from ..core.safe_read import CACHE_ENTRY_LIMIT, parse_json, read_text

    try:
        entry = parse_json(read_text(path, CACHE_ENTRY_LIMIT))
        if (entry[name] == expected and isinstance(entry["strings"], dict)
                and isinstance(entry["locales"], list)):
            return entry["strings"], entry["locales"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _digests(texts: list[str]) -> dict[str, str]:
    """Each of QUICK_FILES' SHA-256, from its text."""
    from ..core.digest import sha256

    return {name: sha256(text.encode("utf-8")).hexdigest()
            for name, text in zip(QUICK_FILES, texts, strict=True)}


def shipped_quick_text(root: Path) -> str:
    """SHIPPED_QUICK's text for the content in `root` (the shipped content)."""
    from ..core.safe_read import CONTENT_FILE_LIMIT, parse_toml, read_text

    texts = [read_text(root / name, CONTENT_FILE_LIMIT) for name in QUICK_FILES]
    return json.dumps({"files": _digests(texts), "strings": parse_toml(texts[0])["strings"],
                       "locales": parse_toml(texts[1])["locale"]},
                      ensure_ascii=False, sort_keys=True) + "\n"


def write_cache_file(target: Path, text: str) -> bool:
    """Write a file in the cache folder with the one private writer (all or nothing,
    0600; see output.write_private), the folder 0700. Best effort: a read-only or
    full disk, or something other than a file at the name, only means no cache
    (False)."""
    import stat

    from .private_file import OutputError, write_private

    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            mode = 0
        if mode and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode) or stat.S_ISDIR(mode)):
            # A FIFO, device or socket in our own cache folder (S-F9): the writer
            # would refuse to replace it, so remove it (unlinking never opens it).
            target.unlink()
        write_private(target, text, overwrite=True)
    except (OSError, OutputError):
        return False
    return True


def history_path() -> Path:
    """Where the personal history is kept (if the person turned it on)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("sciatica-tui", appauthor=False)) / "history.sqlite3"
