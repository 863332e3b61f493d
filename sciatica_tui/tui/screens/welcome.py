"""The first screen. It appears at once, with words read straight from ui.toml;
Start works as soon as the content has been loaded and checked in the background."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ..messages import Resume, ShowTrends, StartCheckin, StartQuestions, ToggleHistory, app_of
from ..widgets.common import TitleBar
from ..widgets.steady import SteadyScreen
from ..words import WordsFooter

if TYPE_CHECKING:
    from ...core.words import Words


# The history row's buttons, in order ("carry on" sits beside Start).
ROW = ("checkin", "trends", "history-toggle")


class WelcomeScreen(SteadyScreen, Screen[None]):
    """The bottom of the screen stack (the app's default screen), so it is drawn
    with the first frame; Restart resets it rather than making a new one."""

    home = True

    def __init__(self, strings: dict[str, str] | None) -> None:
        super().__init__()
        self.strings = strings  # with the emergency number already filled in
        self.waiting = False
        self.review_known = False
        self.history_widgets: dict[str, Button | Static] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(id="welcome")
            # The content's review status: a draft until a clinician signs it off.
            yield Static(id="draft", classes="help")
            yield Static(id="emergency", classes="error")
            with Horizontal(classes="buttons", id="start-row"):
                yield Button("...", id="start", variant="primary")
            # Personal history: added once the content is ready (never in a kiosk or
            # demo), so the first paint stays as light as it can be.
        yield WordsFooter()

    def on_mount(self) -> None:
        if self.strings is not None:
            self.show(self.strings)
        self.query_one("#start", Button).focus()

    def reset(self) -> None:
        """As if new: not waiting to start, Start focused, scrolled to the top."""
        self.waiting = False
        if self.is_mounted:
            self.query_one("#body").scroll_home(animate=False)
            self.query_one("#start", Button).focus()

    def show_history(self, w: Words, allowed: bool, on: bool, unfinished: str | None,
                     retry: bool = True) -> None:
        """The history buttons: check-in and progress when it is on; a way to turn
        it on or off; "carry on" when an assessment was left part-way."""
        if not allowed:
            return
        if self.history_widgets is None and not self.query_one("#start-row").is_attached:
            # Not built yet, or being taken down (Ctrl+Q right after the first paint:
            # mounting then crashed the app). Try once more after the next refresh.
            if retry:
                self.call_after_refresh(self.show_history, w, allowed, on, unfinished, False)
            return
        labels = {
            "resume": w.ui("diary.resume").replace("{date}", (unfinished or "")[:10]),
            "checkin": w.ui("diary.checkin"), "trends": w.ui("diary.trends"),
            "history-toggle": w.ui("diary.history_turn_off" if on else "diary.history_turn_on"),
        }
        shown = {"resume": unfinished is not None, "checkin": on, "trends": on,
                 "history-toggle": True}
        note = w.ui("diary.note_on" if on else "diary.note_off")
        if self.history_widgets is None:
            # Only the buttons that show are made (issue 19, memory: with the
            # history off, three hidden buttons waited on every welcome screen);
            # the others are made the first time they show.
            self.history_widgets = {"note": Static(note, id="history-note", classes="help")}
            made = {bid: Button(label, id=bid) for bid, label in labels.items() if shown[bid]}
            self.history_widgets.update(made)
            if "resume" in made:
                self.query_one("#start-row").mount(made["resume"])
            self.query_one("#body").mount(
                Horizontal(*(made[bid] for bid in ROW if bid in made), classes="buttons",
                           id="history-row"),
                self.history_widgets["note"])
        else:
            self.history_widgets["note"].update(note)  # type: ignore[union-attr]
            for bid, label in labels.items():
                widget = self.history_widgets.get(bid)
                if widget is not None:
                    widget.label = label  # type: ignore[union-attr]
                elif shown[bid]:
                    self._add_history_button(bid, label)
        for bid, visible in shown.items():
            if bid in self.history_widgets:
                self.history_widgets[bid].display = visible

    def _add_history_button(self, bid: str, label: str) -> None:
        """A history button shown for the first time, in its place."""
        assert self.history_widgets is not None
        button = self.history_widgets[bid] = Button(label, id=bid)
        if bid == "resume":
            self.query_one("#start-row").mount(button)
            return
        later = [self.history_widgets[b] for b in ROW[ROW.index(bid) + 1:]
                 if b in self.history_widgets]
        row = self.query_one("#history-row")
        if later:
            row.mount(button, before=later[0])
        else:
            row.mount(button)

    @on(Button.Pressed, "#resume")
    def resume(self) -> None:
        self.post_message(Resume(self))

    @on(Button.Pressed, "#checkin")
    def checkin(self) -> None:
        self.post_message(StartCheckin(self))

    @on(Button.Pressed, "#trends")
    def trends(self) -> None:
        self.post_message(ShowTrends(self))

    @on(Button.Pressed, "#history-toggle")
    def toggle(self) -> None:
        self.post_message(ToggleHistory(self))

    def show(self, strings: dict[str, str]) -> None:
        self.strings = strings
        # A kiosk keeps nothing, so its welcome does not speak of keeping answers.
        kiosk = app_of(self).kiosk and "tui.welcome_kiosk" in strings
        self.query_one("#welcome", Static).update(
            strings["tui.welcome_kiosk" if kiosk else "tui.welcome"])
        if not self.review_known:
            # Before the content (meta.toml) is read, assume a draft: never claim
            # a review that has not been confirmed.
            self.query_one("#draft", Static).update(strings.get("out.draft", ""))
        # "!!" marks the warning in every theme, NO_COLOR included (U-S11).
        self.query_one("#emergency", Static).update(f"!! {strings['tui.emergency_now']}")
        self.query_one("#start", Button).label = strings["tui.start"]

    def show_review(self, note: str) -> None:
        """The review status from meta.toml (Words.draft_note): the draft warning,
        or who signed the content off."""
        self.review_known = True
        self.query_one("#draft", Static).update(note)

    @on(Button.Pressed, "#start")
    def start(self) -> None:
        if app_of(self).words is None:
            # Content is still being checked: start the moment it is ready. If
            # that takes a moment, Start says so. Not at once: the usual wait is
            # a tenth of a second, and drawing the welcome again for the new
            # label held up the reading of the content (the GIL) and the first
            # question by about as long (issue 19: Start pressed at once).
            self.waiting = True
            self.set_timer(self.LOADING_AFTER, self._say_loading)
            return
        self.post_message(StartQuestions(self))

    LOADING_AFTER = 0.25  # seconds Start waits for the content before it says so

    def _say_loading(self) -> None:
        if self.waiting and self.strings and self.is_attached:
            self.query_one("#start", Button).label = self.strings["tui.loading"]

    def content_ready(self) -> None:
        if self.waiting:
            self.waiting = False
            self.post_message(StartQuestions(self))
