"""Renderers of the clinician summary: text, JSON, Markdown, HTML, PDF, FHIR."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .encode import pretty_json

if TYPE_CHECKING:
    from ...core.content import Content
    from ...core.engine import Assessment
    from ...core.words import Words

FORMATS = ("text", "json", "markdown", "html", "pdf", "fhir")
EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "html": "html", "pdf": "pdf",
              "fhir": "fhir.json"}


def is_fhir(raw: Any) -> bool:
    """True for a JSON object that says it is a FHIR resource (read by
    fhir_import; here so that a plain answers file does not import FHIR)."""
    return isinstance(raw, dict) and "resourceType" in raw


def render(fmt: str, content: Content, a: Assessment, words: Words) -> str | bytes:
    """The summary in one format: text, but bytes for PDF and for FHIR (its JSON
    as UTF-8: most of it is copied in already encoded, see fhir.bundle_utf8)."""
    from ...core.words import now, timestamp
    from ..assessment_json import to_json
    from ..summary import build

    when = now()
    if fmt == "json":
        return pretty_json(to_json(content, a, words, timestamp(when)))
    if fmt == "fhir":
        from . import fhir

        return fhir.bundle_utf8(content, a, words, when)
    summary = build(content, a, words, timestamp(when))
    if fmt == "text":
        from . import text

        return text.render(summary)
    if fmt == "markdown":
        from . import markdown

        return markdown.render(summary)
    if fmt == "html":
        from . import html

        return html.render(summary)
    if fmt == "pdf":
        from . import pdf

        return pdf.render(summary)
    raise ValueError(f"unknown format {fmt!r}")
