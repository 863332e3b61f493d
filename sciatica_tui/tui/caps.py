"""What the terminal can show. Some terminals (the Linux console, serial lines,
non-UTF-8 locales) lack box-drawing and block characters: there the app draws with
plain ASCII (borders, answer marks, open/closed markers, charts)."""

from __future__ import annotations

import os
from collections.abc import Mapping

ASCII_TERMS = ("linux", "vt100", "vt102", "vt220", "ansi", "cons25")


def ascii_only(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    forced = env.get("SCIATICA_TUI_ASCII")
    if forced is not None:
        return forced not in ("", "0")
    if env.get("TERM", "") in ASCII_TERMS:
        return True
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(var)
        if value:
            low = value.lower()
            return not ("utf-8" in low or "utf8" in low)
    return False


def use_ascii_scrollbars(on: bool) -> None:
    """Scrollbar thumbs drawn with spaces and colour only (no eighth-block glyphs)."""
    from textual.scrollbar import ScrollBar, ScrollBarRender

    class AsciiScrollBarRender(ScrollBarRender):
        VERTICAL_BARS = [" "] * 8
        HORIZONTAL_BARS = [" "] * 8

    ScrollBar.renderer = AsciiScrollBarRender if on else ScrollBarRender
