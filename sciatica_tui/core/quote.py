"""Quoting text that came from a person's file or command line for a one-line
error message."""

from __future__ import annotations

import json
import unicodedata

# Longer values are cut in the middle (the start and the end are the useful parts
# of a path), so a 100 MB value never becomes a 100 MB error line.
MAX_SHOWN = 80


def shown(value: object, limit: int = MAX_SHOWN, quote: bool = True) -> str:
    """`value` quoted (or bare, with quote=False), with every control, format or
    line/paragraph-separator character escaped, so the message stays on one line
    and cannot drive the terminal; at most `limit` characters of it are shown."""
    text = str(value)
    if len(text) > limit:
        half = (limit - 1) // 2
        text = text[:half] + "\u2026" + text[len(text) - (limit - 1 - half):]
    if quote:
        text = json.dumps(text, ensure_ascii=False)
    out = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def clean(text: str, limit: int = 80) -> str:
    """`text` safe to print on one line, cut after `limit` characters (the start of
    a host or header is the useful part); characters are escaped as every echoed
    value is (quote.shown)."""
    head = shown(text[:limit], limit, quote=False)
    return head if len(text) <= limit else head + "..."
