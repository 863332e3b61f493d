"""The Textual floor: bare apps with the same kind of widgets as sciatica-tui's
screens (header, text, a radio list, a button, footer), doing the same moves with
no content behind them.

    python bare_app.py          # "Start" on its first screen (first paint, peak memory)
    python bare_app.py push     # Enter on "Start" pushes one question screen
    python bare_app.py switch   # a question screen; 1, 2 or 3 switches to a new one

Each question screen says "Question N of about 30", as sciatica-tui's do, so the
benchmark waits for the same words in both."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, RadioButton, RadioSet, Static


class Question(Screen[None]):
    BINDINGS = [("1", "answer", "Yes"), ("2", "answer", "No"), ("3", "answer", "Not sure")]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Question {self.number} of about 30")
        yield Static("Do you have numbness between your legs or around your bottom?")
        yield RadioSet(RadioButton("Yes"), RadioButton("No"), RadioButton("Not sure"))
        yield Button("Next")
        yield Footer()

    def action_answer(self) -> None:
        self.app.switch_screen(Question(self.number + 1))


class Bare(App[None]):
    def __init__(self, mode: str = "") -> None:
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("This tool asks about your back and leg pain.")
        yield RadioSet(RadioButton("Yes"), RadioButton("No"), RadioButton("Not sure"))
        yield Button("Start", id="start")
        yield Footer()

    def on_mount(self) -> None:
        if self.mode == "switch":
            self.push_screen(Question(1))
        else:
            self.query_one("#start").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start" and self.mode == "push":
            self.push_screen(Question(1))


if __name__ == "__main__":
    Bare(sys.argv[1] if len(sys.argv) > 1 else "").run()
