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
            generated: str | None = None, paper: bool = False) -> str:
    """The clinician summary as plain text for the terminal or the screen; every line
    fits `width` columns. `paper`: with lines to write the name and date of birth on
    (formats.render's text, for files and printing, has them)."""
    return render(build(content, a, words, generated, paper=paper), width)


def to_text_ending_with_action(content: Content, a: Assessment, words: Words) -> str:
    """The summary for a terminal the person is leaving (U-S6): the clinician
    summary, then what to do now again as the last lines, so after a warning sign
    "!! GET HELP NOW !!" and its action stay in sight, not the sources (act_now);
    with none, the disposition and its action."""
    from ..act_now import act_now
    from ..result_view import build_view

    ending = act_now(words, a).rstrip("\n")
    if not ending:
        v = build_view(content, a, words)
        ending = "\n".join(textwrap.wrap(v.headline, WIDTH) + textwrap.wrap(v.action, WIDTH))
    return f"{to_text(content, a, words)}\n{'=' * WIDTH}\n{ending}\n"


def render(s: Summary, width: int = WIDTH) -> str:
    out: list[str] = []

    def para(text: str, indent: str = "", first: str | None = None) -> None:
        out.extend(textwrap.wrap(text, width, initial_indent=indent if first is None else first,
                                 subsequent_indent=indent) or [""])

    for b in s.blocks:
        if b.kind == "title":
            out.extend([b.text, "=" * min(len(b.text), width)])
        elif b.kind in ("note", "clinic"):
            para(b.text)
        elif b.kind == "fill":  # blank lines to write on
            out.append("")
            for label, _ in b.pairs:
                out.append(f"{label}: " + "_" * max(10, min(width, 60) - len(label) - 2))
            out.append("")
        elif b.kind == "section":
            out.extend(["", b.text.upper(), "=" * min(len(b.text), width)])
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
