"""Medical words explained: every glossary entry, with a filter box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from ..messages import LeaveScreen
from ..widgets.common import TitleBar
from ..widgets.steady import SteadyScreen
from ..words import WordsFooter

if TYPE_CHECKING:
    from ...core.words import Words


class GlossaryScreen(SteadyScreen, Screen[None]):
    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words

    def compose(self) -> ComposeResult:
        w = self.words
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(w.ui("tui.glossary_title"), classes="prompt")
            yield Input(placeholder=w.ui("tui.glossary_filter"), id="filter")
            for term in w.content.glossary:
                entry = Static(f"{w.t(term.term)}\n{w.t(term.means)}", markup=False,
                               classes="term", name=term.id)
                yield entry
        yield WordsFooter()

    @on(Input.Changed, "#filter")
    def filter(self, event: Input.Changed) -> None:
        wanted = event.value.strip().lower()
        w = self.words
        for entry, term in zip(self.query(".term"), w.content.glossary, strict=True):
            text = f"{w.t(term.term)} {w.t(term.means)} {' '.join(term.matches)}".lower()
            entry.display = not wanted or wanted in text

    def action_close(self) -> None:
        self.post_message(LeaveScreen(self))
