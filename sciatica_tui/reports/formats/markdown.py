"""Markdown (CommonMark): for notes systems, email and chat."""

from __future__ import annotations

import re

from ..summary import Summary

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def esc(text: str) -> str:
    """Escape characters Markdown would read as markup."""
    return _SPECIAL.sub(r"\\\1", text)


def render(s: Summary) -> str:
    out: list[str] = []
    for b in s.blocks:
        if b.kind == "title":
            out += [f"# {esc(b.text)}", ""]
        elif b.kind == "note":
            out += [f"_{esc(b.text)}_", ""]
        elif b.kind == "clinic":
            out += [f"**{esc(b.text)}**", ""]
        elif b.kind == "fill":  # blank lines to write on (a hard line break between)
            out += ["  \n".join(f"{esc(label)}: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"
                                 for label, _ in b.pairs), ""]
        elif b.kind == "section":
            out += [f"## {esc(b.text)}", ""]
        elif b.kind == "banner":
            out += [f"**{esc(b.text)}**", ""]
        elif b.kind == "heading":
            out += [f"### {esc(b.text)}", ""]
        elif b.kind == "para":
            out += [esc(b.text), ""]
        elif b.kind == "items":
            for item in b.items:
                lead = f"**{esc(item.text)}**" if item.mark in "!?" else esc(item.text)
                out.append(f"- {lead}")
                for line in item.details:
                    out.append(f"  - _{esc(line)}_" if line.endswith(":") else f"  - {esc(line)}")
            out.append("")
        elif b.kind in ("pairs", "compact_pairs"):
            out += ["| | |", "|---|---|"]
            out += [f"| {esc(label)} | {esc(value)} |" for label, value in b.pairs]
            out.append("")
    return "\n".join(out).rstrip() + "\n"
