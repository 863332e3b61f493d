"""A page of plain text with a title and a way back (demo entries, About)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ..messages import LeaveScreen
from ..widgets.common import TitleBar
from ..widgets.steady import SteadyScreen
from ..words import WordsFooter

if TYPE_CHECKING:
    from ...core.words import Words


class TextPage(SteadyScreen, Screen[None]):
    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, words: Words, title: str, text: str) -> None:
        super().__init__()
        self.words, self.page_title, self.text = words, title, text

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(self.page_title, classes="prompt")
            yield Static(self.text, markup=False, id="entry-text")
            with Horizontal(classes="buttons"):
                yield Button(self.words.ui("tui.close"), id="close")
        yield WordsFooter()

    def on_mount(self) -> None:
        self.query_one("#body").focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.post_message(LeaveScreen(self))
