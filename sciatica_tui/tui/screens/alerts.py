"""The "get help now" / "speak to a doctor today" screen, and the clinician summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ..messages import AskNext, LeaveScreen, Restart, ShowReport, app_of
from ..widgets.common import TitleBar, scroll_bindings, scroll_by_key
from ..widgets.steady import SteadyScreen
from ..words import WordsFooter

if TYPE_CHECKING:
    from ...core.engine import Assessment
    from ...core.words import Words


class EmergencyScreen(SteadyScreen, Screen[None]):
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
        kiosk = app_of(self).kiosk
        with VerticalScroll(id="body"):
            yield Static(f"!! {title} !!", classes="prompt")
            if kiosk and not self.urgent:
                # U-S9: in a clinic, the people who can help are at the desk.
                yield Static(f">> {w.ui('tui.kiosk_tell_staff')}", id="tell-staff",
                             classes="tell-staff", markup=False)
            yield Static(self.text, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.show_summary"), id="summary", variant="error")
                yield Button(w.ui("tui.continue" if self.urgent else "tui.continue_anyway"),
                             id="continue")
            if kiosk:  # a row of its own: three buttons do not fit 80 columns
                with Horizontal(classes="buttons"):
                    yield Button(w.ui("tui.finish"), id="finish")

    def on_mount(self) -> None:
        # Enter shows the summary (the safe choice); continuing needs a deliberate move.
        self.query_one("#summary", Button).focus()

    @on(Button.Pressed, "#summary")
    def summary(self) -> None:
        self.post_message(ShowReport(self))

    @on(Button.Pressed, "#continue")
    def carry_on(self) -> None:
        self.post_message(AskNext(self))

    @on(Button.Pressed, "#finish")
    def finish(self) -> None:
        app_of(self).restart()



class ReportScreen(SteadyScreen, Screen[None]):
    """The clinician summary, with ways to take it away: save, print, QR code."""

    is_report = True
    BINDINGS = [
        Binding("s", "save", "Save"),
        Binding("p", "print", "Print"),
        Binding("c", "qr", "QR code"),
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "back", "Back"),
        # The summary scrolls by keyboard wherever the focus is (it starts on the
        # buttons above it: a trial found the arrows did nothing until Tab had
        # passed them).
        *scroll_bindings(),
    ]

    def __init__(self, words: Words, a: Assessment, text: str, generated: str) -> None:
        super().__init__()
        self.words, self.a, self.text, self.generated = words, a, text, generated

    def compose(self) -> ComposeResult:
        w = self.words
        kiosk = app_of(self).kiosk
        config = app_of(self).config
        yield TitleBar()
        with Horizontal(classes="buttons", id="report-actions"):
            if not kiosk:  # a kiosk keeps nothing: no files
                yield Button(w.ui("tui.save"), id="save-summary", variant="primary")
            yield Button(w.ui("tui.qr"), id="qr-summary", variant="primary" if kiosk else "default")
            yield Button(w.ui("tui.print"), id="print-summary")
            if kiosk:
                yield Button(w.ui("tui.finish"), id="finish", variant="warning")
        if config is not None and (config.clinic_name or config.clinic_phone):
            clinic = ", ".join(x for x in (config.clinic_name, config.clinic_phone) if x)
            yield Static(f"{w.ui('tui.clinic')}: {clinic}", id="clinic", classes="prompt")
        # What printing did, on the page: a toast only while this page is on top
        # (one had covered the QR code).
        yield Static("", id="print-status", markup=False)
        with VerticalScroll(id="report"):
            yield Static(self.text, markup=False, id="report-text")
        yield WordsFooter()

    def on_resize(self) -> None:
        """Wrap the summary to the window (the printed copy stays at 80 columns)."""
        self.call_after_refresh(self.rewrap)

    def rewrap(self) -> None:
        """U-B9: wrap to the room the text really has: inside the padding and the
        vertical scroll bar (counted even before it appears, as a summary always
        scrolls), so Textual never wraps a line a second time."""
        from ...reports.formats.text import to_text

        report = self.query_one("#report")
        text = self.query_one("#report-text", Static)
        room = report.scrollable_content_region.width - text.styles.gutter.width
        if not report.show_vertical_scrollbar:
            room -= report.styles.scrollbar_size_vertical
        width = max(40, min(100, room))
        text.update(to_text(self.words.content, self.a, self.words, width, self.generated))

    def action_scroll_by_key(self, key: str) -> None:
        scroll_by_key(self.query_one("#report", VerticalScroll), key)

    def action_back(self) -> None:
        # Back to where the person was (results, the warning, or a question when
        # opened from the command palette); in a kiosk too: only Finish ends a turn.
        self.post_message(LeaveScreen(self))

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        self.post_message(Restart(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and app_of(self).kiosk:
            return False  # hidden from the footer and ignored
        return True

    @on(Button.Pressed, "#save-summary")
    def action_save(self) -> None:
        from .handoff import SaveDialog

        self.app.push_screen(SaveDialog(self.words, self.a))

    @on(Button.Pressed, "#qr-summary")
    def action_qr(self) -> None:
        from .handoff import QrScreen

        self.app.clear_notifications()  # nothing may cover the code

        self.app.push_screen(QrScreen(self.words, self.a))

    @on(Button.Pressed, "#print-summary")
    def action_print(self) -> None:
        self.send_to_printer()

    @work(thread=True, exclusive=True, group="print")
    def send_to_printer(self) -> None:
        from ...reports.handoff import print_summary

        w = self.words
        ok, detail = print_summary(w.content, self.a, w, app_of(self).printer)
        if ok:
            message, severity = w.ui("tui.print_sent"), "information"
        elif detail == "no-lp":
            message, severity = w.ui("tui.print_no_lp"), "warning"
        elif detail == "no-printer":
            message, severity = w.ui("tui.print_no_printer"), "warning"
        else:
            message, severity = w.ui("tui.print_failed").format(error=detail), "error"
        self.app.call_from_thread(self.show_print_status, message, severity)

    def show_print_status(self, message: str, severity: str) -> None:
        if not self.is_attached:
            return
        status = self.query_one("#print-status", Static)
        status.update(message)
        status.set_class(severity != "information", "error")
        if self.app.screen is self:  # a toast too, but never over the QR code
            self.app.notify(message, severity=severity, timeout=8)  # type: ignore[arg-type]
