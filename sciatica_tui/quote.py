"""Quoting text that came from a person's file for a one-line error message."""

from __future__ import annotations

import json
import unicodedata


def shown(value: object) -> str:
    """Quoted, with every control, format or line/paragraph-separator character
    escaped, so the message stays on one line and cannot drive the terminal."""
    out = []
    for ch in json.dumps(str(value), ensure_ascii=False):
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)
