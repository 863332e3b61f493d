"""The "get help now" / "speak to a doctor today" screen, and the clinician summary."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from ..report import Words


class EmergencyScreen(Screen):
    flow = True  # a step of the walk-through (see SciaticaApp.switch_or_push)
    """Full-screen, high-visibility warning: emergency flags at once, urgent ones at the
    end of screening. Continuing needs an explicit press."""

    def __init__(self, words: Words, text: str, urgent: bool = False) -> None:
        super().__init__()
        self.words, self.text, self.urgent = words, text, urgent

    def compose(self) -> ComposeResult:
        w = self.words
        title = w.ui("tui.urgent_title") if self.urgent else w.ui("tui.get_help_now").upper()
        if self.urgent:
            self.add_class("urgent")
        with VerticalScroll(id="body"):
            yield Static(f"!! {title} !!", classes="prompt")
            yield Static(self.text, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.show_summary"), id="summary", variant="error")
                yield Button(w.ui("tui.continue" if self.urgent else "tui.continue_anyway"),
                             id="continue")

    @on(Button.Pressed, "#summary")
    def summary(self) -> None:
        self.app.show_report()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#continue")
    def carry_on(self) -> None:
        self.app.ask_next()  # type: ignore[attr-defined]



class ReportScreen(Screen):
    is_report = True
    BINDINGS = [Binding("q", "app.quit", "Quit"), Binding("escape", "back", "Back")]

    def action_back(self) -> None:
        self.app.pop_screen()

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report"):
            yield Static(self.text, markup=False)
        yield Footer()


