"""Kiosk mode's dialogs: "are you still there?" and the staff PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from .dialog import Dialog

if TYPE_CHECKING:
    from ..report import Words


class StillThere(Dialog[bool]):
    """Counts down; any key or click keeps the session (True), zero wipes it (False)."""

    def __init__(self, text: str, title: str, keep: str, seconds: int) -> None:
        super().__init__()
        self.text, self.title_text, self.keep, self.left = text, title, keep, seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="prompt")
            yield Static(self.text.format(n=self.left), id="countdown")
            with Horizontal(classes="buttons"):
                yield Button(self.keep, id="keep", variant="primary")

    def on_mount(self) -> None:
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.close(False)
            return
        self.query_one("#countdown", Static).update(self.text.format(n=self.left))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.close(True)

    def on_click(self) -> None:
        self.close(True)

    @on(Button.Pressed, "#keep")
    def keep_going(self) -> None:
        self.close(True)


class StaffPin(Dialog[str | None]):
    """Asks staff for the PIN; returns what was typed (checked by the app)."""

    BINDINGS = [("escape", "cancel")]

    def __init__(self, words: Words | None, strings: dict[str, str]) -> None:
        super().__init__()
        self.words, self.strings = words, strings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.strings.get("tui.pin_title", "Staff PIN"), classes="prompt")
            yield Input(password=True, id="pin", max_length=12)
            yield Static("", id="pin-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def submit(self, event: Input.Submitted) -> None:
        self.close(event.value)

    def action_cancel(self) -> None:
        self.close(None)
