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

# The quick copy of ui.toml's strings, as JSON. Reading it is about ten times
# faster than parsing the TOML, and it spares importing tomllib before the first
# frame. One entry, for the ui.toml last read.
QUICK_CACHE = "ui-strings.json"


def default_content_dir() -> Path:
    """The content shipped in the wheel, or content/ beside the package in a checkout."""
    packaged = Path(__file__).resolve().parent / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


def cache_dir() -> Path:
    """The user cache folder (SCIATICA_TUI_CACHE overrides it)."""
    env = os.environ.get("SCIATICA_TUI_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sciatica-tui", appauthor=False))


def quick_ui_strings(content_dir: str | Path | None, lang: str | None,
                     remember: bool = True) -> dict[str, str] | None:
    """ui.toml strings in one language (English where missing), unvalidated; None
    if the file cannot be read. Validation happens in the full load.

    With `remember` (not in a kiosk), a JSON copy of the strings is kept in (and
    read from) the cache folder, keyed by the file's path, size and modification
    time and the program version: any edit or new release reads the TOML again.
    Even a stale copy could only show for a moment: the validated words replace
    these. Without it, the cache folder is neither read nor written."""
    root = Path(content_dir) if content_dir else default_content_dir()
    try:
        table = _ui_table(root / "ui.toml", remember)
        if lang is None:  # as the full load will: the locale, if the content has it
            from .i18n import locale_language

            lang = locale_language(sorted(next(iter(table.values())).keys()))
        return {key: str(value.get(lang) or value["en"]) for key, value in table.items()}
    except Exception:  # any problem: the full load reports it properly
        return None


def _ui_table(path: Path, remember: bool) -> dict[str, Any]:
    """{key: {language: text}} from ui.toml, or from its cached copy."""
    from . import __version__

    stat = path.stat()
    key = f"{__version__}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    cached = cache_dir() / QUICK_CACHE
    try:
        # Without `remember` (a kiosk) the user's cache folder is not even read.
        entry = json.loads(cached.read_text(encoding="utf-8")) if remember else None
        if entry and entry["key"] == key and isinstance(entry["strings"], dict):
            return entry["strings"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        pass
    import tomllib

    with path.open("rb") as f:
        table = tomllib.load(f)["strings"]
    if not isinstance(table, dict):
        raise ValueError("no [strings] table")
    if remember:
        write_cache_file(cached, json.dumps({"key": key, "strings": table}, ensure_ascii=False))
    return table


def write_cache_file(target: Path, text: str) -> bool:
    """Write a file in the cache folder: all or nothing, the folder 0700 and the file
    0600. Best effort: a read-only or full disk only means no cache (False)."""
    import tempfile

    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".cache-", suffix=".part")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, target)
        except OSError:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


def history_path() -> Path:
    """Where the personal history is kept (if the person turned it on)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("sciatica-tui", appauthor=False)) / "history.sqlite3"
