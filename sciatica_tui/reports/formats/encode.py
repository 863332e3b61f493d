"""Text encodings the formats share: HTML escaping and indented JSON, each made
without what the standard library would import for it (issue 19)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["escape", "pretty_json"]


def escape(text: str, quote: bool = True) -> str:
    """html.escape, without importing html (and its table of 2,000 entities, which
    neither format uses): &, <, > and, with `quote`, both quote marks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


def pretty_json(data: Any) -> str:
    """json.dumps(data, indent=2, ensure_ascii=False) + "\n", made about five times
    faster: with an indent, json encodes in pure Python (70 ms for a FHIR bundle
    on a busy machine), so here the indenting is a plain recursion and each string
    is encoded by json's C encoder. Anything but str keys and JSON's own types goes
    to json.dumps as before (tests/test_speed.py compares the two)."""
    out: list[str] = []
    try:
        _indented(data, "\n", out)
    except _NotPlain:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlain(Exception):
    pass


def _indented(value: Any, pad: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner, sep = pad + "  ", "{"
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            out.append(f"{sep}{inner}{encode_basestring(key)}: ")
            _indented(item, inner, out)
            sep = ","
        out.append(pad + "}")
    elif kind is list:
        if not value:
            out.append("[]")
            return
        inner, sep = pad + "  ", "["
        for item in value:
            out.append(sep + inner)
            _indented(item, inner, out)
            sep = ","
        out.append(pad + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float and value == value and value not in (float("inf"), float("-inf")):
        out.append(float.__repr__(value))
    else:  # tuples, subclasses, NaN and the rest: json's own rules
        raise _NotPlain
