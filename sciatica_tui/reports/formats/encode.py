"""Text encodings the formats share: HTML escaping and indented JSON, each made
without what the standard library would import for it (issue 19)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["Encoded", "escape", "pretty_json", "pretty_json_utf8"]


def escape(text: str, quote: bool = True) -> str:
    """html.escape, without importing html (and its table of 2,000 entities, which
    neither format uses): &, <, > and, with `quote`, both quote marks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


class Encoded:
    """A value pretty_json already encoded, kept to be written again unchanged:
    its text is what pretty_json writes for the value where the line before it
    is indented by `pad` ("\\n" and that many spaces), held as str or as UTF-8
    bytes (`utf8`; the other is made when first asked for). Put into other data,
    it is written as that text, re-indented if it lands at another depth; e.g.
    FHIR's Questionnaire, the same in every bundle (fhir.py)."""

    __slots__ = ("_text", "_utf8", "pad")

    def __init__(self, text: str | None = None, pad: str = "\n", *,
                 utf8: bytes | None = None) -> None:
        if (text is None) == (utf8 is None):
            raise ValueError("Encoded takes text or utf8")
        self._text, self._utf8, self.pad = text, utf8, pad

    @classmethod
    def of(cls, value: Any, pad: str = "\n") -> Encoded:
        out: list[Any] = []
        _indented(value, pad, out)
        return cls(_joined(out), pad)

    @property
    def text(self) -> str:
        if self._text is None:
            assert self._utf8 is not None
            self._text = self._utf8.decode("utf-8")
        return self._text

    @property
    def utf8(self) -> bytes:
        if self._utf8 is None:
            self._utf8 = self.text.encode("utf-8")
        return self._utf8

    def at(self, pad: str) -> Encoded:
        """The same value written at another indent. Every line break in the text
        is one of the layout's (a string's own is written "\\n"), and each is
        followed by at least the pad's spaces."""
        if pad == self.pad:
            return self
        if self._utf8 is not None:
            return Encoded(utf8=self._utf8.replace(self.pad.encode(), pad.encode()), pad=pad)
        return Encoded(self.text.replace(self.pad, pad), pad)


def pretty_json(data: Any) -> str:
    """json.dumps(data, indent=2, ensure_ascii=False) + "\n", made about five times
    faster: with an indent, json encodes in pure Python (70 ms for a FHIR bundle
    on a busy machine), so here the indenting is a plain recursion and each string
    is encoded by json's C encoder. Anything but str keys and JSON's own types is
    given to json.dumps on its own, with json's rules (tests/test_speed.py
    compares the two); an Encoded value is written as its text."""
    out: list[Any] = []
    _indented(data, "\n", out)
    out.append("\n")
    return _joined(out)


def pretty_json_utf8(data: Any) -> bytes:
    """pretty_json(data).encode("utf-8"), with the Encoded values' UTF-8 bytes
    copied in as they are (a large one is neither decoded nor encoded again)."""
    out: list[Any] = []
    _indented(data, "\n", out)
    out.append("\n")
    parts: list[bytes] = []
    run: list[str] = []
    for piece in out:
        if type(piece) is str:
            run.append(piece)
        else:
            parts += ["".join(run).encode("utf-8"), piece.utf8]
            run = []
    parts.append("".join(run).encode("utf-8"))
    return b"".join(parts)


def _joined(out: list[Any]) -> str:
    try:
        return "".join(out)
    except TypeError:  # an Encoded value among the pieces
        return "".join(p if type(p) is str else p.text for p in out)


def _indented(value: Any, pad: str, out: list[Any]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        start, inner, sep = len(out), pad + "  ", "{"
        for key, item in value.items():
            if type(key) is not str:  # json's own key rules, for the whole dict
                del out[start:]
                _by_json(value, pad, out)
                return
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
    elif kind is Encoded:
        out.append(value.at(pad))
    else:  # tuples, subclasses, NaN and the rest
        _by_json(value, pad, out)


def _by_json(value: Any, pad: str, out: list[Any]) -> None:
    """What json.dumps(indent=2) writes for `value` at this depth: its text alone,
    each line break followed by the pad (json's text has no other line breaks)."""
    out.append(json.dumps(value, indent=2, ensure_ascii=False).replace("\n", pad))
