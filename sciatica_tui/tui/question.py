"""One question per screen, with the answer control that fits its type."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    RadioSet,
    SelectionList,
    Static,
)

from ..answers import AnswerError, combine, parse_number, validate_answer
from ..engine import progress
from ..report import Words
from .compat import highlight_pressed
from .marks import Checklist, Choice
from .messages import app_of
from .steady import SteadyScreen
from .widgets import TitleBar


class QuestionScreen(SteadyScreen, Screen[None]):
    flow = True  # a step of the walk-through (see SciaticaApp.switch_or_push)
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("f2", "why", "Why we ask"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    # A wide window (200x60, say) puts "why we ask" beside the question (app.tcss).
    # Only on the screens that use it: a breakpoint restyles the whole screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]

    def __init__(self, words: Words, qid: str, answers: dict[str, Any],
                 step: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.words, self.answers = words, answers
        self.q = words.content.question(qid)
        self.step = step  # (n, total) in a daily check-in; else from the engine

    def compose(self) -> ComposeResult:
        w, q = self.words, self.q
        n, total = self.step or progress(w.content, self.answers, q.id)
        yield TitleBar()
        # On a wide window (see app.tcss, -wide) "why we ask" and the words explained
        # sit beside the question; otherwise F2 shows "why we ask" under it.
        with Horizontal(id="q-layout"):
            yield from self._main(w, q, n, total)
            with VerticalScroll(id="q-side"):
                yield Static(w.ui("tui.why"), classes="section")
                yield Static(w.t(q.help), markup=False, classes="help")
                terms = w.glossary_for(f"{w.t(q.prompt)} {w.t(q.help)}")
                if terms:
                    yield Static(w.ui("tui.glossary_title"), classes="section")
                    yield Static("\n\n".join(terms), markup=False, classes="help")
        yield Footer()

    def _main(self, w: Words, q: Any, n: int, total: int) -> ComposeResult:
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
                self._ticked = tuple(chosen)
                yield Checklist(*((w.t(o.label), o.id, o.id in chosen) for o in q.options),
                                id="answer")
            else:
                hint = f"{q.min:g}-{q.max:g}"
                if q.type == "scale" and q.min_label and q.max_label:
                    hint = f"{q.min:g} = {w.t(q.min_label)}   {q.max:g} = {w.t(q.max_label)}"
                yield Static(hint, classes="help")
                # A number needs a few characters; a huge paste is refused whole.
                box = Input("" if previous is None else str(previous), id="answer",
                            max_length=32)
                box.cursor_blink = app_of(self).cursor_blink
                yield box
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.next"), id="next", variant="primary")
                yield Button(w.ui("tui.back"), id="back")
                if q.type != "yes_no_unsure" and not q.unknown_option_ids:
                    # With no "Not sure" option, the person can still leave it unanswered.
                    yield Button(w.ui("tui.skip"), id="skip")

    @on(Button.Pressed, "#skip")
    def skip(self) -> None:
        """Leave the question unanswered: it counts as unknown, never as "no"."""
        if not self.done:
            self.done = True
            app_of(self).record(self.q.id, None)

    armed = False  # True once the screen has drawn (see chosen)
    done = False  # an answer (or Back, or skip) has been sent: ignore any more

    def on_mount(self) -> None:
        self.query_one("#answer").focus()
        self.call_after_refresh(self._arm)

    def _arm(self) -> None:
        # RadioSet highlights its first option on mount; after Back, highlight the
        # answer already chosen instead.
        for radio in self.query(RadioSet):
            highlight_pressed(radio)
        self.armed = True

    def action_pick(self, n: int, retry: bool = True) -> None:
        """Number keys choose option n (one answer: at once; checklist: toggle).

        A key can reach this screen before its widgets exist: the keys are handled
        in order, and the screen that the previous key switched to is not composed
        until the event loop gets a turn (S-F11: two keys one tick apart crashed
        here looking for "#answer"). One answer is decided from the question
        itself, so it needs no widget; a checklist tick waits for its list."""
        q = self.q
        if q.type in ("yes_no_unsure", "single"):
            if n <= len(q.option_ids) and not self.done:
                # Answer at once. (Pressing the button first went through three
                # messages and a repaint of this screen, which is about to go.)
                self.done = True
                app_of(self).record(q.id, q.option_ids[n - 1])
            return
        lists = self.query("#answer").results(SelectionList)
        widget = next(iter(lists), None)
        if widget is None:
            if retry and self.is_attached and not self.done:
                self.call_after_refresh(self.action_pick, n, False)
            return
        if n <= widget.option_count:
            widget.toggle(widget.get_option_at_index(n - 1).value)

    _ticked: tuple[str, ...] = ()  # the checklist's choices, as last seen

    @on(SelectionList.SelectedChanged)
    def one_rule(self, event: SelectionList.SelectedChanged[str]) -> None:
        """U-S1: the core's rule for exclusive options, applied as the person
        ticks, so the screen shows what will be kept: ticking "None of these" (or
        "I am not sure") clears the other ticks; ticking a real option clears it."""
        widget = event.selection_list
        now = list(widget.selected)
        added = [v for v in now if v not in self._ticked]
        keep = combine(self.q, now, added[-1]) if added else now
        self._ticked = tuple(keep)
        for value in now:
            if value not in keep:
                widget.deselect(value)

    @on(RadioSet.Changed)
    def chosen(self, event: RadioSet.Changed) -> None:
        # Building the screen re-selects the earlier answer (after Back); that is
        # not a new choice. Anything else is, even a key pressed before the first
        # paint.
        if not self.armed and event.pressed.name == self.answers.get(self.q.id):
            return
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
            return validate_answer(self.q, chosen, self.words)  # the one rule (U-S1)
        assert isinstance(widget, Input)
        return parse_number(self.q, widget.value, self.words)

    @on(Button.Pressed, "#next")
    @on(Input.Submitted)
    def submit(self) -> None:
        if self.done:
            return
        try:
            value = self._value()
        except AnswerError as exc:
            self.query_one("#error", Static).update(str(exc))
            return
        self.done = True
        app_of(self).record(self.q.id, value)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        if not self.done:
            self.done = True
            app_of(self).go_back()

    def action_why(self) -> None:
        help_text = self.query_one("#help")
        help_text.display = not help_text.display


