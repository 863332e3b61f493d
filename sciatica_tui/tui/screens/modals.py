"""Small overlay screens: quit confirmation, key help, and the too-small message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from .dialog import Dialog

if TYPE_CHECKING:
    from ...core.words import Words



class ConfirmQuit(Dialog[bool]):
    BINDINGS = [Binding("escape", "stay", show=False)]

    def __init__(self, words: Words, restart: bool = False, flagged: bool = False,
                 kept: bool = False) -> None:
        super().__init__()
        self.words, self.restart, self.flagged = words, restart, flagged
        self.kept = kept  # U-B5: every answer so far is in the personal history

    def compose(self) -> ComposeResult:
        w = self.words
        with Vertical(classes="dialog"):
            key = ("tui.restart_confirm" if self.restart else
                   "tui.quit_confirm_flags" if self.flagged else "tui.quit_confirm")
            if self.kept and not self.restart:
                key += "_kept"
            yield Static(w.ui(key), classes="prompt", id="confirm-text")
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.quit_no"), id="stay", variant="primary")
                yield Button(w.ui("tui.restart_yes" if self.restart else "tui.quit_yes"),
                             id="leave")

    @on(Button.Pressed, "#leave")
    def leave(self) -> None:
        self.close(True)

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.close(False)


class HelpScreen(Dialog[None]):
    """The keys (F1): those of the screen it was opened on (`kind`: "question",
    "scale", "number", "group" for a screen of several lines, or "other"), then
    those of every screen; F3 only in the demo (`demo`), and Ctrl+Q only where it
    leaves the app (`can_quit`: not a kiosk)."""

    BINDINGS = [Binding("escape,f1,question_mark", "close", show=False)]
    KINDS = ("question", "scale", "number", "group", "other")

    def __init__(self, words: Words, *, kind: str = "question", demo: bool = False,
                 can_quit: bool = True) -> None:
        super().__init__()
        assert kind in self.KINDS, kind
        self.words = words
        self.kind, self.demo, self.can_quit = kind, demo, can_quit

    def keys_text(self) -> str:
        w = self.words
        parts = [w.ui(f"tui.help_keys_{self.kind}"), w.ui("tui.help_keys")]
        if self.demo:
            parts.append(w.ui("tui.help_keys_demo"))
        if self.can_quit:
            parts.append(w.ui("tui.help_keys_quit"))
        return "\n".join(parts)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.words.ui("tui.help_title"), classes="prompt")
            yield Static(self.keys_text(), markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.words.ui("tui.close"), id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.close(None)


class TooSmall(Dialog[None]):
    """Covers everything until the terminal is big enough again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        # Scrolls: under a warning screen the text says what to do (U-S7), and
        # may be longer than a very small window.
        with VerticalScroll(id="too-small-scroll"):
            yield Static(self.text, id="too-small", markup=False)
