"""Plain text for the terminal, a file or a pipe: every line fits the width."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..summary import Summary, build

if TYPE_CHECKING:
    from ..engine import Assessment
    from ..report import Words
    from ..runtime import Content

WIDTH = 80


def to_text(content: Content, a: Assessment, words: Words, width: int = WIDTH,
            generated: str | None = None) -> str:
    """A plain-text report for the terminal; every line fits `width` columns."""
    return render(build(content, a, words, generated), width)


def render(s: Summary, width: int = WIDTH) -> str:
    out: list[str] = []

    def para(text: str, indent: str = "", first: str | None = None) -> None:
        out.extend(textwrap.wrap(text, width, initial_indent=indent if first is None else first,
                                 subsequent_indent=indent) or [""])

    for b in s.blocks:
        if b.kind == "title":
            out.extend([b.text, "=" * min(len(b.text), width)])
        elif b.kind == "note":
            para(b.text)
        elif b.kind == "banner":
            out.append("")
            para(b.text)
        elif b.kind == "heading":
            out.extend(["", b.text, "-" * min(len(b.text), width)])
        elif b.kind == "para":
            para(b.text)
        elif b.kind == "items":
            for item in b.items:
                para(item.text, "    ", f"  {item.mark} ")
                for line in item.details:
                    if line.endswith(":"):
                        para(line, "    ")
                    else:
                        para(line, "        ", "      - ")
        elif b.kind == "pairs":
            for label, value in b.pairs:
                para(f"{label}: {value}", "      ", "  - ")
        elif b.kind == "compact_pairs":
            para("; ".join(f"{label}: {value}" for label, value in b.pairs), "  ")
    return "\n".join(out) + "\n"
