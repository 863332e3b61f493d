"""The "get help now" / "speak to a doctor today" screen, and the clinician summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

if TYPE_CHECKING:
    from ..engine import Assessment
    from ..report import Words


class EmergencyScreen(Screen[None]):
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



class ReportScreen(Screen[None]):
    """The clinician summary, with ways to take it away: save, print, QR code."""

    is_report = True
    BINDINGS = [
        Binding("s", "save", "Save"),
        Binding("p", "print", "Print"),
        Binding("c", "qr", "QR code"),
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, words: Words, a: Assessment, text: str, generated: str) -> None:
        super().__init__()
        self.words, self.a, self.text, self.generated = words, a, text, generated

    def compose(self) -> ComposeResult:
        w = self.words
        yield Header()
        with Horizontal(classes="buttons", id="report-actions"):
            yield Button(w.ui("tui.save"), id="save-summary", variant="primary")
            yield Button(w.ui("tui.print"), id="print-summary")
            yield Button(w.ui("tui.qr"), id="qr-summary")
        with VerticalScroll(id="report"):
            yield Static(self.text, markup=False, id="report-text")
        yield Footer()

    def on_resize(self) -> None:
        """Wrap the summary to the window (the printed copy stays at 80 columns)."""
        from ..report import to_text

        width = max(40, min(100, self.query_one("#report").size.width - 1))
        self.query_one("#report-text", Static).update(
            to_text(self.words.content, self.a, self.words, width, self.generated))

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#save-summary")
    def action_save(self) -> None:
        from .handoff import SaveDialog

        self.app.push_screen(SaveDialog(self.words, self.a))

    @on(Button.Pressed, "#qr-summary")
    def action_qr(self) -> None:
        from .handoff import QrScreen

        self.app.push_screen(QrScreen(self.words, self.a))

    @on(Button.Pressed, "#print-summary")
    def action_print(self) -> None:
        self.send_to_printer()

    @work(thread=True, exclusive=True, group="print")
    def send_to_printer(self) -> None:
        from ..handoff import print_text

        ok, detail = print_text(self.text, getattr(self.app, "printer", None))
        w = self.words
        if ok:
            message, severity = w.ui("tui.print_sent"), "information"
        elif detail == "no-lp":
            message, severity = w.ui("tui.print_no_lp"), "warning"
        else:
            message, severity = w.ui("tui.print_failed").format(error=detail), "error"
        self.app.call_from_thread(self.app.notify, message, severity=severity, timeout=8)
