"""The progress line on a question screen: a bar and the section names.

How far along the person is, and in which section, is the core's answer
(progress.session_progress: it never goes backwards along a walk); this widget
only draws it. The current section is marked without colour: in brackets and
underlined ("Warning signs > [About you] > Your pain > Results").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from ...core.words import Words

BAR_WIDTH = 12


class ProgressLine(Static):
    DEFAULT_CSS = """
    ProgressLine { height: auto; color: $text-muted; }
    """

    def __init__(self, names: Sequence[str], index: int, fraction: float,
                 id: str | None = "progress") -> None:
        super().__init__(id=id, classes="progress")
        self.names, self.index = list(names), index
        self.fraction = min(1.0, max(0.0, fraction))

    @classmethod
    def for_question(cls, words: Words, answers: Mapping[str, Any],
                     current: str | None) -> ProgressLine:
        from ...core.progress import session_progress

        names, index, fraction = session_progress(words.content, answers, current, words.lang)
        return cls(names, index, fraction)

    def render(self) -> Text:
        ascii_only = self.app.has_class("-ascii")
        full, empty = ("#", "-") if ascii_only else ("█", "░")
        filled = round(self.fraction * BAR_WIDTH)
        text = Text(end="")
        text.append(full * filled, style="bold")
        text.append(empty * (BAR_WIDTH - filled))
        text.append("  ")
        for i, name in enumerate(self.names):
            if i:
                text.append(" > ")
            if i == self.index:
                text.append(f"[{name}]", style="bold underline")
            else:
                text.append(name)
        return text

    @property
    def percent(self) -> int:
        """How far along, in whole percent (what the bar shows)."""
        return round(self.fraction * 100)
