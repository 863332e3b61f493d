""""About this information": what the tool is, the content's version, review and
sources. Plain text, shared by the app, plain mode and `sciatica-tui about`."""

from __future__ import annotations

import textwrap

from .. import __version__
from ..core.words import Words


def about_text(w: Words, width: int | None = 76) -> str:
    c, meta = w.content, w.content.meta

    def para(text: str, indent: str = "") -> list[str]:
        if width is None:
            return [indent + text]
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)

    lines = [*para(w.ui("about.what")), ""]
    lines += para(w.ui("out.not_diagnosis"))
    lines += ["", w.ui("about.version_title")]
    lines += para(w.ui("about.version").format(
        app=__version__, version=meta.version, date=meta.last_reviewed.isoformat(),
        languages=", ".join(meta.languages)), "  ")
    role = meta.reviewer_role if meta.signed_off else w.ui("about.not_signed_off")
    lines += para(f"{w.ui('about.reviewer')}: {role}", "  ")
    lines += ["", w.ui("about.sources_title")]
    lines += para(w.ui("about.sources_note"), "  ")
    for s in c.sources:
        lines += para(f"[{s.id}] {s.title}", "  ")
    lines += ["", *para(w.ui("about.privacy"))]
    return "\n".join(lines) + "\n"
