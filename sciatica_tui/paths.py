"""Where the shipped content lives, and a quick read of its UI strings.

No pydantic here: the app reads the welcome screen's words from ui.toml at
once, while the full content is loaded and validated in the background.
"""

from __future__ import annotations

import tomllib
from pathlib import Path


def default_content_dir() -> Path:
    """The content shipped in the wheel, or content/ beside the package in a checkout."""
    packaged = Path(__file__).resolve().parent / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


def quick_ui_strings(content_dir: str | Path | None, lang: str | None) -> dict[str, str] | None:
    """ui.toml strings in one language (English where missing), unvalidated; None
    if the file cannot be read. Validation happens in the full load."""
    root = Path(content_dir) if content_dir else default_content_dir()
    try:
        with (root / "ui.toml").open("rb") as f:
            strings = tomllib.load(f)["strings"]
        if lang is None:  # as the full load will: the locale, if the content has it
            from .i18n import locale_language

            lang = locale_language(sorted(next(iter(strings.values())).keys()))
        return {key: str(value.get(lang) or value["en"]) for key, value in strings.items()}
    except Exception:  # any problem: the full load reports it properly
        return None


def history_path() -> Path:
    """Where the personal history is kept (if the person turned it on)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("sciatica-tui", appauthor=False)) / "history.sqlite3"
