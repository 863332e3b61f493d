"""Plain text for the terminal, a file or a pipe: every line fits the width."""

from __future__ import annotations

import io
import os
import re
import textwrap
from typing import TYPE_CHECKING

from ..summary import Summary, build

if TYPE_CHECKING:
    from ...core.content import Content
    from ...core.engine import Assessment
    from ...core.words import Words

WIDTH = 80
NARROWEST = 20  # below this, lines are wrapped to 20 columns all the same

# A line's lead: its indent and a list mark ("  3. ", "- ", "! "), repeated as
# spaces on the lines it wraps onto.
_LEAD = re.compile(r"\s*(?:\d+\.|[-*!?>]+)?\s*")


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = ""
         ) -> list[str]:
    """textwrap.wrap that never breaks a word, not even at its hyphens: a word
    longer than the line (a web address, a file path) is left whole on a line of
    its own."""
    return textwrap.wrap(text, width, initial_indent=initial_indent,
                         subsequent_indent=subsequent_indent, break_long_words=False,
                         break_on_hyphens=False)


def fit(text: str, width: int) -> str:
    """Every line of `text` wrapped at spaces to `width` columns, keeping blank
    lines and line breaks, and indenting continuation lines under the line's
    text (past its indent and list mark). Plain mode uses this so that a narrow
    or dumb terminal never splits a word at its edge ("bot/h sides")."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if len(line) <= width:
            out.append(line)
            continue
        lead = _LEAD.match(line)
        indent = " " * (lead.end() if lead and lead.end() < width // 2 else 0)
        out.extend(wrap(line, width, subsequent_indent=indent) or [""])
    return "\n".join(out)


def terminal_width(stream: object = None) -> int | None:
    """The columns to write in when `stream` is a terminal (its size, or $COLUMNS
    when set), less one so that a terminal that wraps at its last column adds no
    blank lines, never below NARROWEST; None when writing to a pipe or file (lines
    are left whole: the reader wraps them)."""
    fileno = getattr(stream, "fileno", None)
    try:
        if fileno is None or not os.isatty(fileno()):
            return None
        columns = os.get_terminal_size(fileno()).columns
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        columns = int(env)
    return max(NARROWEST, columns - 1) if columns > 0 else None


def to_text(content: Content, a: Assessment, words: Words, width: int = WIDTH,
            generated: str | None = None, paper: bool = False) -> str:
    """The clinician summary as plain text for the terminal or the screen; every line
    fits `width` columns. `paper`: with lines to write the name and date of birth on
    (formats.render's text, for files and printing, has them)."""
    return render(build(content, a, words, generated, paper=paper), width)


def to_text_ending_with_action(content: Content, a: Assessment, words: Words,
                               width: int = WIDTH) -> str:
    """The summary for a terminal the person is leaving (U-S6): the clinician
    summary, then what to do now again as the last lines, so after a warning sign
    "!! GET HELP NOW !!" and its action stay in sight, not the sources (act_now);
    with none, the disposition and its action."""
    from ...core.act_now import act_now
    from ..result_view import build_view

    ending = "\n".join(
        wrapped
        for line in act_now(words, a).rstrip("\n").splitlines()
        for wrapped in (textwrap.wrap(line, width, subsequent_indent=" " * (
            len(line) - len(line.lstrip()) or 2)) or [""]))
    if not ending:
        v = build_view(content, a, words)
        ending = "\n".join(textwrap.wrap(v.headline, width) + textwrap.wrap(v.action, width))
    return f"{to_text(content, a, words, width)}\n{'=' * width}\n{ending}\n"


def render(s: Summary, width: int = WIDTH) -> str:
    out: list[str] = []

    def para(text: str, indent: str = "", first: str | None = None) -> None:
        out.extend(wrap(text, width, initial_indent=indent if first is None else first,
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
