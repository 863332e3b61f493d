"""The first screen. It appears at once, with words read straight from ui.toml;
Start works as soon as the content has been loaded and checked in the background."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from .widgets import TitleBar


class WelcomeScreen(Screen[None]):
    def __init__(self, strings: dict[str, str] | None, emergency_number: str) -> None:
        super().__init__()
        self.strings, self.emergency_number = strings, emergency_number
        self.waiting = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(id="welcome")
            yield Static(id="emergency", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("...", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        if self.strings is not None:
            self.show(self.strings)
        self.query_one("#start", Button).focus()

    def show(self, strings: dict[str, str]) -> None:
        self.strings = strings
        number = self.emergency_number
        self.query_one("#welcome", Static).update(strings["tui.welcome"])
        self.query_one("#emergency", Static).update(
            strings["tui.emergency_now"].replace("{emergency_number}", number))
        self.query_one("#start", Button).label = strings["tui.start"]

    @on(Button.Pressed, "#start")
    def start(self) -> None:
        if self.app.words is None:  # type: ignore[attr-defined]
            # Content is still being checked: start the moment it is ready.
            self.waiting = True
            if self.strings:
                self.query_one("#start", Button).label = self.strings["tui.loading"]
            return
        self.app.ask_next()  # type: ignore[attr-defined]

    def content_ready(self) -> None:
        if self.waiting:
            self.waiting = False
            self.app.ask_next()  # type: ignore[attr-defined]
