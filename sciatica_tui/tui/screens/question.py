"""One question per screen, with the answer control that fits its type.

Nothing is chosen or highlighted when a question opens (U-S2): Enter alone never
answers, it says what to do. Options are numbered and the number keys answer;
a 0-10 scale is one row of eleven numbers; a checklist ticks with the numbers or
Space and goes on with Enter. See picker.py for the control and its keys.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from ...core.answers import AnswerError, combine, parse_number, validate_answer
from ...core.words import Words
from ..messages import StopMore, app_of
from ..widgets.common import TitleBar
from ..widgets.picker import Picker
from ..widgets.progressline import ProgressLine
from ..widgets.steady import SteadyScreen
from ..words import WordsFooter


def scale_values(q: Any) -> list[str] | None:
    """The whole numbers a scale question offers as one row (at most 11 of them),
    or None when it needs a number box instead."""
    if q.type != "scale" or q.min is None or q.max is None:
        return None
    low, high = q.min, q.max
    if low != int(low) or high != int(high) or not 0 < high - low <= 10:
        return None
    return [str(i) for i in range(int(low), int(high) + 1)]


def scale_hint(w: Words, q: Any) -> str:
    """What the ends of a scale mean ("0 = No pain   10 = Worst pain ...")."""
    hint = f"{q.min:g}-{q.max:g}"
    if q.type == "scale" and q.min_label and q.max_label:
        hint = f"{q.min:g} = {w.t(q.min_label)}   {q.max:g} = {w.t(q.max_label)}"
    return hint


def option_labels(w: Words, q: Any) -> list[tuple[str, str]]:
    """(option id, label) for a question with options, in the reader's language."""
    if q.type == "yes_no_unsure":
        return [(o, w.ui(f"answer.{o}")) for o in q.option_ids]
    return [(o.id, w.t(o.label)) for o in q.options]


def answer_picker(w: Words, q: Any, previous: Any, *, look: str = "list",
                  id: str | None = "answer", name: str | None = None) -> Picker | None:
    """The Picker that answers q (with the earlier answer chosen, after Back), or
    None when q is answered in a number box."""
    if q.type in ("yes_no_unsure", "single"):
        return Picker(option_labels(w, q), look=look,  # type: ignore[arg-type]
                      chosen=[previous] if isinstance(previous, str) else [],
                      id=id, name=name)
    if q.type == "multi":
        chosen = previous if isinstance(previous, list) else []
        return Picker(option_labels(w, q), look=look, multi=True,  # type: ignore[arg-type]
                      rule=lambda chosen, picked: combine(q, chosen, picked),
                      chosen=chosen, id=id, name=name)
    values = scale_values(q)
    if values is not None:
        given = [] if previous is None else [f"{previous:g}"]
        return Picker([(v, v) for v in values], look="scale", chosen=given, id=id, name=name)
    return None


def start_at_width(screen: Screen[Any]) -> None:
    """Give a screen with HORIZONTAL_BREAKPOINTS its class for the terminal's width
    now, before it is mounted. Textual adds it on the screen's first resize, which
    restyled the whole new screen a second time on every step (speed review P3);
    with the class already there, that resize changes nothing."""
    points = screen.HORIZONTAL_BREAKPOINTS or []
    try:
        width = screen.app.size.width
    except Exception:  # no running app (a screen made outside one): Textual's way
        return
    for at, name in sorted(points, reverse=True):
        if width >= at:
            screen.add_class(name, update=False)
            return


def keys_hint(w: Words, q: Any) -> str:
    """The line under the answers that says which keys answer."""
    if q.type == "multi":
        return w.ui("tui.keys_checklist")
    if scale_values(q) is not None:
        return w.ui("tui.keys_scale")
    if q.type in ("yes_no_unsure", "single"):
        return w.ui("tui.keys_choice")
    return ""


class QuestionScreen(SteadyScreen, Screen[None]):
    flow = True  # a step of the walk-through (see SciaticaApp.switch_or_push)
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("f2", "why", "Why we ask"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(10)),
    ]

    # A wide window (200x60, say) puts "why we ask" beside the question (app.tcss).
    # Only on the screens that use it: a breakpoint restyles the whole screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]

    def __init__(self, words: Words, qid: str, answers: dict[str, Any],
                 step: tuple[int, int] | None = None, optional: bool = False) -> None:
        super().__init__()
        start_at_width(self)
        self.words, self.answers = words, answers
        self._q = words.content.question(qid)
        self.step = step  # (n, total) in a daily check-in; else the progress bar
        # "Tell us more": the question cannot change the result; Skip and Done.
        self.optional = optional

    @property
    def q(self) -> Any:
        """The question being answered."""
        return self._q

    def compose(self) -> ComposeResult:
        w, q = self.words, self.q
        yield TitleBar()
        # On a wide window (see app.tcss, -wide) "why we ask" and the words explained
        # sit beside the question; otherwise F2 shows "why we ask" under it.
        with Horizontal(id="q-layout"):
            yield from self._main(w, q)
            with VerticalScroll(id="q-side"):
                yield Static(w.ui("tui.why"), classes="section")
                yield Static(w.t(q.help), markup=False, classes="help")
                terms = w.glossary_for(f"{w.t(q.prompt)} {w.t(q.help)}")
                if terms:
                    yield Static(w.ui("tui.glossary_title"), classes="section")
                    yield Static("\n\n".join(terms), markup=False, classes="help")
        yield WordsFooter()

    def _progress(self) -> Static:
        if self.step is not None:  # a daily check-in: its own exact count
            n, total = self.step
            return Static(self.words.ui("tui.progress").format(n=n, total=total),
                          classes="progress")
        return ProgressLine.for_question(self.words, self.answers, self.q.id)

    def _main(self, w: Words, q: Any) -> ComposeResult:
        with VerticalScroll(id="body"):
            yield self._progress()
            if self.optional:
                yield Static(w.ui("tui.more_note"), classes="help", id="more-note",
                             markup=False)
            yield Static(w.t(q.prompt), classes="prompt", markup=False)
            help_text = Static(f"{w.ui('tui.why')}: {w.t(q.help)}", classes="help", id="help",
                               markup=False)
            help_text.display = False
            yield help_text
            previous = self.answers.get(q.id)
            picker = answer_picker(w, q, previous)
            if picker is not None:
                if picker.look == "scale":
                    yield Static(scale_hint(w, q), classes="help scale-ends", markup=False)
                yield picker
            else:
                yield Static(scale_hint(w, q), classes="help", markup=False)
                # A number needs a few characters; a huge paste is refused whole.
                box = Input("" if previous is None else str(previous), id="answer",
                            max_length=32)
                box.cursor_blink = app_of(self).cursor_blink
                yield box
            hint = keys_hint(w, q)
            if hint:
                yield Static(hint, classes="keys", id="keys", markup=False)
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.next"), id="next", variant="primary")
                yield Button(w.ui("tui.back"), id="back")
                if self.optional or (q.type != "yes_no_unsure" and not q.unknown_option_ids):
                    # With no "Not sure" option, the person can still leave it
                    # unanswered; an optional question can always be left.
                    yield Button(w.ui("tui.skip"), id="skip")
                if self.optional:
                    yield Button(w.ui("tui.more_done"), id="more-done")

    # Textual calls a decorated handler of a base class as that class's function,
    # so each handler below only passes the event on to a method that a subclass
    # (the group screen) may override.
    @on(Button.Pressed, "#skip")
    def _skip_pressed(self) -> None:
        self.skip()

    @on(Button.Pressed, "#more-done")
    def _more_done_pressed(self) -> None:
        if not self.done:
            self.done = True
            self.post_message(StopMore(self))

    @on(Picker.Chosen)
    def _picker_chosen(self, event: Picker.Chosen) -> None:
        event.stop()
        self.chosen(event.picker)

    @on(Picker.Confirm)
    def _picker_confirm(self, event: Picker.Confirm) -> None:
        event.stop()
        self.confirmed(event.picker)

    @on(Picker.Empty)
    def _picker_empty(self, event: Picker.Empty) -> None:
        event.stop()
        self._say(self.words.ui("tui.nothing_chosen"))

    @on(Button.Pressed, "#next")
    @on(Input.Submitted)
    def _next_pressed(self) -> None:
        self.submit()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    def on_mount(self) -> None:
        for picker in self.query(Picker):
            picker.confirm = self.confirmed
        self.first_focus()

    # -- what the person does ----------------------------------------------------
    done = False  # an answer (or Back, or skip) has been sent: ignore any more
    optional = False  # a "Tell us more" question (set in __init__; a group screen never)

    def first_focus(self) -> None:
        self.query_one("#answer").focus()

    def skip(self) -> None:
        """Leave the question unanswered: it counts as unknown, never as "no"."""
        if not self.done:
            self.done = True
            app_of(self).record(self.q.id, None)

    def action_pick(self, n: int, retry: bool = True) -> None:
        """Number keys: a one-choice question is answered at once by option n; a
        checklist ticks or unticks option n; a scale chooses the number (Enter
        goes on).

        A key can reach this screen before its widgets exist: the keys are handled
        in order, and the screen that the previous key switched to is not composed
        until the event loop gets a turn (S-F11: two keys one tick apart crashed
        here looking for "#answer"). One answer is decided from the question
        itself, so it needs no widget; a tick or a scale number waits for its
        control."""
        q = self.q
        if q.type in ("yes_no_unsure", "single"):
            if 1 <= n <= len(q.option_ids) and not self.done:
                # Answer at once (no repaint of this screen, which is about to go).
                self.done = True
                app_of(self).record(q.id, q.option_ids[n - 1])
            return
        widget = next(iter(self.query("#answer").results(Picker)), None)
        if widget is None:
            if retry and self.is_attached and not self.done and q.type != "number":
                self.call_after_refresh(self.action_pick, n, False)
            return
        if widget.pick_key(str(n)):
            self._say("")

    def chosen(self, picker: Picker) -> None:
        """A click, or Space or Enter on the highlighted option: a one-choice
        question is answered at once; a checklist or scale waits for Enter."""
        self._say("")
        if picker.look == "list" and not picker.multi:
            self.submit()

    def confirmed(self, picker: Picker) -> None:
        self.submit()

    def _say(self, text: str) -> None:
        for error in self.query("#error").results(Static):
            error.update(text)

    def _value(self) -> Any:
        widget = self.query_one("#answer")
        if isinstance(widget, Picker):
            if not widget.chosen:
                raise AnswerError(self.words.ui("tui.nothing_chosen"))
            if widget.multi:
                return validate_answer(self.q, widget.selected, self.words)  # U-S1
            if widget.look == "scale":
                return parse_number(self.q, widget.value or "", self.words)
            return widget.value
        assert isinstance(widget, Input)
        return parse_number(self.q, widget.value, self.words)

    def submit(self) -> None:
        if self.done:
            return
        try:
            value = self._value()
        except AnswerError as exc:
            self._say(str(exc))
            return
        self.done = True
        app_of(self).record(self.q.id, value)

    def action_back(self) -> None:
        if not self.done:
            self.done = True
            if self.optional:  # Back from "Tell us more": to the review
                self.post_message(StopMore(self))
            else:
                app_of(self).go_back()

    def action_why(self) -> None:
        help_text = self.query_one("#help")
        help_text.display = not help_text.display
