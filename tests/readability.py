"""Every piece of user-facing English text in the content, with where it lives.

Text that names the emergency number or a service ({emergency_dept}, {gp} ...)
is given once per entry of locales.toml, filled in as the reader sees it, so
"A&E" and "your provincial health line (811 in most provinces)" are both
measured."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sciatica_tui.core.i18n import fill, locale_values


def user_texts(content: Any, lang: str = "en") -> Iterator[tuple[str, str]]:
    for where, text in _raw_texts(content, lang):
        if "{" not in text:
            yield where, text
            continue
        seen = set()
        for place in content.locales:
            filled = fill(text, locale_values(vars(place), lang))
            if filled not in seen:
                seen.add(filled)
                yield f"{where} [{place.id}]", filled


def _raw_texts(content: Any, lang: str) -> Iterator[tuple[str, str]]:
    def text(value: Any) -> str:
        if isinstance(value, dict):
            value = value.get(lang)
        if isinstance(value, list):
            value = " ".join(value)
        return value or ""

    for q in content.questions:
        yield f"questions.toml: {q.id}.prompt", text(q.prompt)
        yield f"questions.toml: {q.id}.help", text(q.help)
        for o in q.options:
            yield f"questions.toml: {q.id}.options.{o.id}", text(o.label)
    for f in content.red_flags:
        for name in ("label", "action", "why"):
            yield f"red_flags.toml: {f.id}.{name}", text(getattr(f, name))
    for c in content.causes:
        for name in ("label", "summary", "feels_like", "helps", "recovery"):
            yield f"causes.toml: {c.id}.{name}", text(getattr(c, name))
    for s in content.first_steps:
        for name in ("label", "goal", "steps", "dose", "feel", "stop_if", "not_for"):
            yield f"first_steps.toml: {s.id}.{name}", text(getattr(s, name))
        for i, avoid in enumerate(s.avoid_if):
            yield f"first_steps.toml: {s.id}.avoid_if[{i}].why", text(avoid.why)
    for d in content.dispositions:
        for name in ("label", "timeframe", "action", "safety_net"):
            yield f"dispositions.toml: {d.id}.{name}", text(getattr(d, name))
    for t in content.topics:
        yield f"topics.toml: {t.id}.title", text(t.title)
        for i, para in enumerate(t.body.get(lang) or []):
            yield f"topics.toml: {t.id}.body[{i}]", para
    for s in content.samples:
        yield f"samples.toml: {s.id}.story", text(s.story)
    for r in content.rules:
        yield f"rules.toml: {r.id}.reason", text(r.reason)
    for key, value in content.ui.items():
        yield f"ui.toml: {key}", text(value)
