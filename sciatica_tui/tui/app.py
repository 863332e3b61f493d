"""A minimal walk-through: welcome, one question per screen, emergency interruption,
and the report. The full walk-through (review, expandable results, help, themes)
is tracked separately; this screen set is deliberately small."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)

from ..answers import AnswerError, parse_number
from ..engine import asked_questions, assess, next_question, progress, red_flag_status
from ..i18n import default_emergency_number, locale_language
from ..loader import ContentError, load_content
from ..report import Words, to_text
from .modals import ConfirmQuit, HelpScreen, TooSmall
from .results import ResultsScreen, ReviewScreen
from .themes import THEMES
from .widgets import Checklist, Choice

MIN_WIDTH, MIN_HEIGHT = 60, 20


class WelcomeScreen(Screen):
    def __init__(self, words: Words | None) -> None:
        super().__init__()
        self.words = words

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(id="welcome")
            yield Static(id="emergency", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("...", id="start", variant="primary", disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        if self.words is not None:
            self.ready(self.words)

    def ready(self, words: Words) -> None:
        self.words = words
        self.query_one("#welcome", Static).update(words.ui("tui.welcome"))
        self.query_one("#emergency", Static).update(words.ui("tui.emergency_now"))
        start = self.query_one("#start", Button)
        start.label = words.ui("tui.start")
        start.disabled = False
        start.focus()

    @on(Button.Pressed, "#start")
    def start(self) -> None:
        self.app.ask_next()  # type: ignore[attr-defined]


class QuestionScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("f2", "why", "Why we ask"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, words: Words, qid: str, answers: dict[str, Any]) -> None:
        super().__init__()
        self.words, self.answers = words, answers
        self.q = words.content.question(qid)

    def compose(self) -> ComposeResult:
        w, q = self.words, self.q
        n, total = progress(w.content, self.answers, q.id)
        yield Header()
        with VerticalScroll(id="body"):
            yield Static(w.ui("tui.progress").format(n=n, total=total), classes="progress")
            yield Static(w.t(q.prompt), classes="prompt")
            help_text = Static(f"{w.ui('tui.why')}: {w.t(q.help)}", classes="help", id="help")
            help_text.display = False
            yield help_text
            previous = self.answers.get(q.id)
            if q.type in ("yes_no_unsure", "single"):
                if q.type == "yes_no_unsure":
                    labels = [(o, w.ui(f"answer.{o}")) for o in q.option_ids]
                else:
                    labels = [(o.id, w.t(o.label)) for o in q.options]
                yield RadioSet(*(Choice(label, value=(oid == previous), name=oid)
                                 for oid, label in labels), id="answer")
            elif q.type == "multi":
                chosen = previous if isinstance(previous, list) else []
                yield Checklist(*((w.t(o.label), o.id, o.id in chosen) for o in q.options),
                                id="answer")
            else:
                hint = f"{q.min:g}-{q.max:g}"
                if q.type == "scale":
                    hint = f"{q.min:g} = {w.t(q.min_label)}   {q.max:g} = {w.t(q.max_label)}"
                yield Static(hint, classes="help")
                box = Input("" if previous is None else str(previous), id="answer")
                box.cursor_blink = self.app.cursor_blink  # type: ignore[attr-defined]
                yield box
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.next"), id="next", variant="primary")
                yield Button(w.ui("tui.back"), id="back")
                if q.type != "yes_no_unsure" and not q.unknown_option_ids:
                    # With no "Not sure" option, the person can still leave it unanswered.
                    yield Button(w.ui("tui.skip"), id="skip")
        yield Footer()

    @on(Button.Pressed, "#skip")
    def skip(self) -> None:
        """Leave the question unanswered: it counts as unknown, never as "no"."""
        self.app.record(self.q.id, None)  # type: ignore[attr-defined]

    armed = False  # ignore RadioSet changes made while building the screen

    def on_mount(self) -> None:
        self.query_one("#answer").focus()
        self.call_after_refresh(self._arm)

    def _arm(self) -> None:
        # RadioSet highlights its first option on mount; after Back, highlight the
        # answer already chosen instead (Textual has no public setter for this).
        for radio in self.query(RadioSet):
            if radio.pressed_index >= 0:
                radio._selected = radio.pressed_index
        self.armed = True

    def action_pick(self, n: int) -> None:
        """Number keys choose option n (radio: answer at once; checklist: toggle)."""
        widget = self.query_one("#answer")
        if isinstance(widget, RadioSet):
            buttons = list(widget.query(RadioButton))
            if n <= len(buttons):
                buttons[n - 1].value = True
        elif isinstance(widget, SelectionList) and n <= widget.option_count:
            widget.toggle(widget.get_option_at_index(n - 1).value)

    @on(RadioSet.Changed)
    def chosen(self) -> None:
        if self.armed:
            self.submit()

    def _value(self) -> Any:
        widget = self.query_one("#answer")
        if isinstance(widget, RadioSet):
            button = widget.pressed_button
            if button is None:
                raise AnswerError(self.words.ui("tui.choose_one"))
            return button.name
        if isinstance(widget, SelectionList):
            chosen = list(widget.selected)
            if not chosen:
                raise AnswerError(self.words.ui("tui.choose_one"))
            exclusive = [c for c in chosen if c in self.q.exclusive]
            return exclusive[-1:] if exclusive else chosen
        assert isinstance(widget, Input)
        return parse_number(self.q, widget.value)

    @on(Button.Pressed, "#next")
    @on(Input.Submitted)
    def submit(self) -> None:
        try:
            value = self._value()
        except AnswerError as exc:
            self.query_one("#error", Static).update(str(exc))
            return
        self.app.record(self.q.id, value)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.go_back()  # type: ignore[attr-defined]

    def action_why(self) -> None:
        help_text = self.query_one("#help")
        help_text.display = not help_text.display


class EmergencyScreen(Screen):
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


class SciaticaApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sciatica-tui"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, lang: str | None = None, content_dir: str | None = None,
                 emergency_number: str | None = None, theme: str = "calm",
                 cursor_blink: bool = True) -> None:
        super().__init__()
        for t in THEMES.values():
            self.register_theme(t)
        self.theme = THEMES[theme].name
        # Calm by default: no animations unless TEXTUAL_ANIMATIONS asks for them.
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        self.cursor_blink = cursor_blink
        self.lang, self.content_dir = lang, content_dir
        self.emergency_number = emergency_number or default_emergency_number()
        self.words: Words | None = None
        self.answers: dict[str, Any] = {}
        self.history: list[str] = []
        self.alerted: set[str] = set()
        self.urgent_shown = False
        self.problem = ""

    def on_mount(self) -> None:
        self.push_screen(WelcomeScreen(None))
        self.load()
        self.call_after_refresh(self.check_size)

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        try:
            content = load_content(self.content_dir)
        except ContentError as exc:
            self.problem = str(exc)
            self.call_from_thread(self.exit)
            return
        lang = self.lang or locale_language(content.meta.languages)
        words = Words(content, lang, self.emergency_number)
        self.call_from_thread(self.content_ready, words)

    def content_ready(self, words: Words) -> None:
        self.words = words
        self.title = words.ui("tui.title")
        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):
                screen.ready(words)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Command palette (Ctrl+P): the main actions first, then Textual's own."""
        w = self.words
        if w is not None:
            yield SystemCommand(w.ui("tui.cmd.restart"), w.ui("tui.cmd.restart_help"),
                                self.action_restart)
            yield SystemCommand(w.ui("tui.cmd.summary"), w.ui("tui.cmd.summary_help"),
                                self.show_report)
            yield SystemCommand(w.ui("tui.cmd.contrast"), w.ui("tui.cmd.contrast_help"),
                                self.action_toggle_contrast)
            yield SystemCommand(w.ui("tui.cmd.help"), w.ui("tui.cmd.help_help"),
                                self.action_help)
        yield from super().get_system_commands(screen)

    def watch_theme(self, theme: str) -> None:
        # app.tcss styles a few things differently under high contrast.
        self.set_class(theme == THEMES["high-contrast"].name, "-high-contrast")

    def action_toggle_contrast(self) -> None:
        hc = THEMES["high-contrast"].name
        self.theme = THEMES["calm"].name if self.theme == hc else hc

    def action_restart(self) -> None:
        """Start again from the welcome screen (asks first mid-assessment)."""
        if not self.answers or self.words is None:
            self.restart()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.restart()

        self.push_screen(ConfirmQuit(self.words, restart=True), done)

    def restart(self) -> None:
        """Forget every answer and return to the welcome screen."""
        self.answers.clear()
        self.history.clear()
        self.alerted.clear()
        self.urgent_shown = False
        while len(self.screen_stack) > 1 and not isinstance(self.screen, WelcomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, WelcomeScreen):
            self.push_screen(WelcomeScreen(self.words))

    def action_help(self) -> None:
        if self.words is not None and not isinstance(self.screen, (HelpScreen, TooSmall)):
            self.push_screen(HelpScreen(self.words))

    async def action_quit(self) -> None:
        """Leaving mid-assessment asks first; leaving from the report does not."""
        in_progress = bool(self.answers) and not isinstance(self.screen, ReportScreen)
        if not in_progress or self.words is None or isinstance(self.screen, ConfirmQuit):
            self.exit()
            return

        def done(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(ConfirmQuit(self.words), done)

    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size)

    def check_size(self, size: Size | None = None) -> None:
        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmall):
            text = (self.words.ui("tui.too_small") if self.words else
                    "Please make this window bigger. It needs at least {w} columns and {h} rows.")
            self.push_screen(TooSmall(text.format(w=MIN_WIDTH, h=MIN_HEIGHT)))
        elif not small and isinstance(self.screen, TooSmall):
            self.pop_screen()

    def ask_next(self) -> None:
        assert self.words is not None
        content = self.words.content
        q = next_question(content, self.answers)
        if q is None:
            self.switch_or_push(ReviewScreen(self.words, asked_questions(content, self.answers),
                                             self.answers))
            return
        if q.section == "symptoms" and not self.urgent_shown:
            self.urgent_shown = True
            triggered, _ = red_flag_status(content, self.answers)
            urgent = [f for f in triggered if f.tier == "urgent"]
            if urgent:
                self.switch_or_push(EmergencyScreen(self.words, self.flag_text(urgent), True))
                return
        self.switch_or_push(QuestionScreen(self.words, q.id, self.answers))

    def flag_text(self, hits: list[Any]) -> str:
        assert self.words is not None
        t = self.words.t
        flags = {f.id: f for f in self.words.content.red_flags}
        return "\n\n".join(
            f"{t(flags[f.id].label)}\n{t(flags[f.id].action)}\n{t(flags[f.id].why)}" for f in hits
        )

    def switch_or_push(self, screen: Screen) -> None:
        if isinstance(self.screen, FLOW_SCREENS):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def edit(self, qid: str) -> None:
        """Change one answer from the review; what follows is re-planned."""
        assert self.words is not None
        self.switch_or_push(QuestionScreen(self.words, qid, self.answers))

    def record(self, qid: str, value: Any) -> None:
        """Keep an answer (None: skipped, so unknown) and move on, unless it raises
        a new emergency flag, which interrupts at once."""
        assert self.words is not None
        self.answers[qid] = value
        self.history.append(qid)
        triggered, _ = red_flag_status(self.words.content, self.answers)
        new = [f for f in triggered if f.tier == "emergency" and f.id not in self.alerted]
        if new:
            self.alerted.update(f.id for f in new)
            self.switch_or_push(EmergencyScreen(self.words, self.flag_text(new)))
            return
        self.ask_next()

    def go_back(self) -> None:
        if not self.history:
            self.pop_screen()
            return
        qid = self.history.pop()
        assert self.words is not None
        self.switch_or_push(QuestionScreen(self.words, qid, self.answers))

    @property
    def summary_on_exit(self) -> str:
        """The clinician summary to print after the app closes: only when a red flag was found."""
        if self.words is None:
            return ""
        a = assess(self.words.content, self.answers)
        return to_text(self.words.content, a, self.words) if a.red_flags else ""

    def show_results(self) -> None:
        assert self.words is not None
        self.switch_or_push(ResultsScreen(self.words, assess(self.words.content, self.answers)))

    def show_report(self) -> None:
        assert self.words is not None
        if isinstance(self.screen, ReportScreen):
            return
        a = assess(self.words.content, self.answers)
        # Pushed on top, so Esc returns to where the person was (results, the
        # emergency screen, or a question when opened from the command palette).
        self.push_screen(ReportScreen(to_text(self.words.content, a, self.words)))


FLOW_SCREENS = (QuestionScreen, EmergencyScreen, ReviewScreen, ResultsScreen)


def run_app(lang: str | None = None, content_dir: str | None = None,
            emergency_number: str | None = None, theme: str = "calm") -> int:
    app = SciaticaApp(lang, content_dir, emergency_number, theme=theme)
    app.run()
    if app.problem:
        print("The content files have problems:\n" + app.problem, file=sys.stderr)
        return 1
    if app.summary_on_exit:
        sys.stdout.write(app.summary_on_exit)
    return 0
