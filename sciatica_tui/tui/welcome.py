"""The first screen. It appears at once, with words read straight from ui.toml;
Start works as soon as the content has been loaded and checked in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from .widgets import TitleBar

if TYPE_CHECKING:
    from ..report import Words


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
                yield Button("", id="resume")
            # Personal history (shown once the content is ready; never in a kiosk or demo).
            with Horizontal(classes="buttons", id="history-row"):
                yield Button("", id="checkin")
                yield Button("", id="trends")
                yield Button("", id="history-toggle")
            yield Static("", id="history-note", classes="help")
        yield Footer()

    def on_mount(self) -> None:
        if self.strings is not None:
            self.show(self.strings)
        for hidden in ("#resume", "#history-row", "#history-note"):
            self.query_one(hidden).display = False
        self.query_one("#start", Button).focus()

    def show_history(self, w: Words, allowed: bool, on: bool, unfinished: str | None) -> None:
        """The history buttons: check-in and progress when it is on; a way to turn
        it on or off; "carry on" when an assessment was left part-way."""
        row = self.query_one("#history-row")
        row.display = allowed
        self.query_one("#history-note").display = allowed
        resume = self.query_one("#resume", Button)
        resume.display = allowed and unfinished is not None
        if unfinished:
            resume.label = w.ui("diary.resume").replace("{date}", unfinished[:10])
        if not allowed:
            return
        for bid, key in (("#checkin", "diary.checkin"), ("#trends", "diary.trends")):
            button = self.query_one(bid, Button)
            button.label = w.ui(key)
            button.display = on
        self.query_one("#history-toggle", Button).label = w.ui(
            "diary.history_turn_off" if on else "diary.history_turn_on")
        self.query_one("#history-note", Static).update(
            w.ui("diary.note_on" if on else "diary.note_off"))

    @on(Button.Pressed, "#resume")
    def resume(self) -> None:
        self.app.resume()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#checkin")
    def checkin(self) -> None:
        self.app.start_checkin()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#trends")
    def trends(self) -> None:
        self.app.show_trends()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#history-toggle")
    def toggle(self) -> None:
        self.app.toggle_history()  # type: ignore[attr-defined]

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
