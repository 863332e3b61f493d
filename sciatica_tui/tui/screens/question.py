"""One question per screen, with the answer control that fits its type.

Nothing is chosen or highlighted when a question opens (U-S2): Enter alone never
answers, it says what to do. Options are numbered and the number keys answer;
a 0-10 scale is one row of eleven numbers; a checklist ticks with the numbers or
Space and goes on with Enter. See picker.py for the control and its keys.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
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
                  id: str | None = "answer", name: str | None = None,
                  kind: type[Picker] = Picker, **more: Any) -> Picker | None:
    """The Picker that answers q (with the earlier answer chosen, after Back), or
    None when q is answered in a number box. `kind` and `more`: a Picker subclass
    and what else it is made with (a group screen's GroupLine, its question)."""
    if q.type in ("yes_no_unsure", "single"):
        return kind(option_labels(w, q), look=look,  # type: ignore[arg-type]
                    chosen=[previous] if isinstance(previous, str) else [],
                    id=id, name=name, **more)
    if q.type == "multi":
        chosen = previous if isinstance(previous, list) else []
        return kind(option_labels(w, q), look=look, multi=True,  # type: ignore[arg-type]
                    rule=lambda chosen, picked: combine(q, chosen, picked),
                    chosen=chosen, id=id, name=name, **more)
    values = scale_values(q)
    if values is not None:
        given = [] if previous is None else [f"{previous:g}"]
        return kind([(v, v) for v in values], look="scale", chosen=given, id=id, name=name,
                    **more)
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


def step_button(label: str, bid: str, primary: bool = False) -> Button:
    """A button of a step (Next, Back, Skip...): no flash when pressed. A press
    moves to the next step at once, on this screen or a new one, so the flash was
    never seen, yet it cost a frame of its own and a restyle before the next step
    could be drawn (issue 19: Enter on a finished group). A second press of the
    same step is ignored by the screen (`done`), not by the flash, and a button
    kept for the next step shown on the same screen answers at once (Textual
    ignores a press on a button still showing the last one, about 0.2 s)."""
    button = Button(label, id=bid, variant="primary" if primary else "default")
    button.active_effect_duration = 0
    return button


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

    # Opened from the review to change one answer (SciaticaApp.edit): Back returns
    # to the review with the answer as it was, not to the screen before it.
    from_review = False

    @property
    def q(self) -> Any:
        """The question being answered."""
        return self._q

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # On a wide window (see app.tcss, -wide) "why we ask" and the words explained
        # sit beside the question; otherwise F2 shows "why we ask" under it.
        self._parts = {}
        self._side_parts = {}
        body = VerticalScroll(*(self._part(name) for name in self._body_names()), id="body")
        # The side panel only in a wide window (a narrow one hides it): made when
        # the window is wide, or first becomes wide (see _side_if_wide). Made and
        # hidden on every new question screen, it cost about a tenth of Enter on a
        # group followed by a question (issue 19).
        yield Horizontal(body, *([self._side()] if self.has_class("-wide") else []),
                         id="q-layout")
        yield WordsFooter()

    def _side(self) -> VerticalScroll:
        """The side panel of a wide window: "why we ask" and the words explained."""
        self._side_parts = {}
        return VerticalScroll(*(self._side_part(name) for name in self._side_names()),
                              id="q-side")

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Screen's own handler (Textual calls this class's first),
        # which sets the width's class: look after it.
        self.call_later(self._side_if_wide)

    def _side_if_wide(self) -> None:
        """Wide now (the window was made wider): the side panel, made once."""
        if self.is_attached and self.has_class("-wide") and not self.query("#q-side"):
            self.query_one("#q-layout").mount(self._side())

    # The screen is made of named parts, in order; the next question of the same
    # kind updates them in place (see show) and adds or removes only the parts
    # that one question has and the other has not (speed review P3: a new screen
    # per key cost a whole new widget tree, its styles and a footer).
    _parts: dict[str, Widget]
    _side_parts: dict[str, Widget]
    _terms: list[str] | None = None  # the words explained, for the side panel

    def _body_names(self) -> list[str]:
        q = self.q
        names = ["progress"]
        if self.optional:
            names.append("more-note")
        names += ["prompt", "help"]
        picker_look = self._answer_kind()[0]
        if picker_look in ("scale", "input"):
            names.append("hint")
        names.append("answer")
        if keys_hint(self.words, q):
            names.append("keys")
        names += ["error", "buttons"]
        return names

    def _side_names(self) -> list[str]:
        names = ["why", "side-help"]
        if self._glossary_terms():
            names += ["terms-title", "terms"]
        return names

    def _glossary_terms(self) -> list[str]:
        if self._terms is None:
            w, q = self.words, self.q
            self._terms = w.glossary_for(f"{w.t(q.prompt)} {w.t(q.help)}")
        return self._terms

    def _answer_kind(self) -> tuple[str, bool]:
        """How the question is answered: a Picker's look (and whether it is a
        checklist), or "input" for a number box."""
        q = self.q
        if q.type in ("yes_no_unsure", "single"):
            return "list", False
        if q.type == "multi":
            return "list", True
        return ("scale" if scale_values(q) is not None else "input"), False

    def _button_ids(self) -> list[str]:
        q = self.q
        ids = ["next", "back"]
        if self.optional or (q.type != "yes_no_unsure" and not q.unknown_option_ids):
            # With no "Not sure" option, the person can still leave it
            # unanswered; an optional question can always be left.
            ids.append("skip")
        if self.optional:
            ids.append("more-done")
        return ids

    def _button(self, bid: str) -> Button:
        w = self.words
        if bid == "next":
            return step_button(w.ui("tui.next"), "next", primary=True)
        label = {"back": "tui.back", "skip": "tui.skip", "more-done": "tui.more_done"}[bid]
        return step_button(w.ui(label), bid)

    def _part(self, name: str) -> Widget:
        """A new widget for the body's part `name` (kept in self._parts)."""
        w, q = self.words, self.q
        widget: Widget
        if name == "progress":
            widget = self._progress()
        elif name == "more-note":
            widget = Static(w.ui("tui.more_note"), classes="help", id="more-note", markup=False)
        elif name == "prompt":
            widget = Static(w.t(q.prompt), classes="prompt", markup=False)
        elif name == "help":
            widget = Static(f"{w.ui('tui.why')}: {w.t(q.help)}", classes="help", id="help",
                            markup=False)
            widget.display = False
        elif name == "hint":
            scale = self._answer_kind()[0] == "scale"
            widget = Static(scale_hint(w, q), classes="help scale-ends" if scale else "help",
                            markup=False)
        elif name == "answer":
            previous = self.answers.get(q.id)
            picker = answer_picker(w, q, previous)
            if picker is not None:
                picker.confirm = self.confirmed
                widget = picker
            else:
                # A number needs a few characters; a huge paste is refused whole.
                box = Input("" if previous is None else str(previous), id="answer",
                            max_length=32)
                box.cursor_blink = app_of(self).cursor_blink
                widget = box
        elif name == "keys":
            widget = Static(keys_hint(w, q), classes="keys", id="keys", markup=False)
        elif name == "error":
            widget = Static("", classes="error", id="error")
        else:
            assert name == "buttons"
            widget = Horizontal(*(self._button(b) for b in self._button_ids()),
                                classes="buttons")
        self._parts[name] = widget
        return widget

    def _side_part(self, name: str) -> Widget:
        w, q = self.words, self.q
        text = {"why": w.ui("tui.why"), "side-help": w.t(q.help),
                "terms-title": w.ui("tui.glossary_title"),
                "terms": "\n\n".join(self._glossary_terms())}[name]
        section = name in ("why", "terms-title")
        widget = Static(text, markup=section, classes="section" if section else "help")
        self._side_parts[name] = widget
        return widget

    def _progress(self) -> Static:
        if self.step is not None:  # a daily check-in: its own exact count
            n, total = self.step
            return Static(self.words.ui("tui.progress").format(n=n, total=total),
                          classes="progress")
        return ProgressLine.for_question(self.words, self.answers, self.q.id)

    # -- the next question, on this screen ---------------------------------------
    def can_show(self, step: tuple[int, int] | None) -> bool:
        """Whether the next question can be shown on this screen (see show): it is
        up and composed, and its progress line is of the same kind."""
        return (self.is_attached and bool(getattr(self, "_parts", None))
                and (step is None) == (self.step is None))

    def show(self, qid: str, answers: dict[str, Any], *, step: tuple[int, int] | None = None,
             optional: bool = False) -> Awaitable[None] | None:
        """Show question `qid` on this screen instead of a new one: as if it had
        just opened (nothing highlighted, the error and "why we ask" hidden, the
        top in view, the answer control focused). Returns what to wait for when a
        part had to be mounted (else None: done now)."""
        self.answers, self.step, self.optional = answers, step, optional
        self.from_review = False
        self._q = self.words.content.question(qid)
        self._terms = None
        self.done = False
        self.shown += 1
        self._shown_at = Message().time  # messages older than this were for the last one
        waits = self._update_parts(self.query_one("#body", VerticalScroll), self._parts,
                                   self._body_names(), self._part, self._update_part)
        self.made_ahead = False
        for side in self.query("#q-side").results(VerticalScroll):  # (a wide window)
            waits += self._update_parts(side, self._side_parts, self._side_names(),
                                        self._side_part, self._update_side_part)
        for scroll in self.query(VerticalScroll):
            scroll.scroll_home(animate=False, immediate=True)
        if not waits:
            self.focus_shown(self.query_one("#answer"))
            return None

        async def mounted() -> None:
            for done in waits:
                await done
            if self.is_attached and not self.done:
                self.focus_shown(self.query_one("#answer"))

        return mounted()

    def focus_shown(self, widget: Widget) -> None:
        """Focus `widget` of a step just shown here: at once (focus() waits a turn),
        so a key typed next finds it; scrolled into view as on a new screen, once
        the new words are laid out (before that, where it is is not known yet).

        The screen is laid out again in the same frame (issue 19: Enter on a
        finished group): Textual repaints the whole screen when the focus moves,
        at the next frame, and the step's updated parts ask for their new layout
        only once each has had its turn. That frame (10-20 ms) was drawn first,
        with the new words in the old places, and the next step came a frame
        later."""
        self.refresh(layout=True)
        self.set_focus(widget, scroll_visible=False)

        def into_view() -> None:
            if widget.is_attached and self.focused is widget:
                self.scroll_to_center(widget, origin_visible=True)

        self.call_after_refresh(into_view)

    def _update_parts(self, parent: Widget, parts: dict[str, Widget], names: list[str],
                      make: Callable[[str], Widget],
                      update: Callable[[str, Widget], bool]) -> list[Awaitable[Any]]:
        """Bring `parent`'s parts to `names`, in order: a part both questions have
        is updated (update returns False when it cannot be: it is made anew); the
        others are removed, then the new ones mounted in their places (after the
        removals, as a new part may reuse an old one's id)."""
        gone = [parts.pop(name) for name in [n for n in parts if n not in names]]
        for name in names:
            widget = parts.get(name)
            if widget is not None and not update(name, widget):
                gone.append(parts.pop(name))
        order = [(name, parts.get(name)) for name in names]
        if not gone and all(widget is not None for _, widget in order):
            return []

        async def rebuild() -> None:
            async with self.batch():  # one update of the screen
                for widget in gone:
                    await widget.remove()
                previous: Widget | None = None
                for name, kept in order:
                    widget = make(name) if kept is None else kept
                    if kept is None and previous is None:
                        await parent.mount(widget, before=0)
                    elif kept is None:
                        await parent.mount(widget, after=previous)
                    previous = widget

        return [rebuild()]

    def _update_part(self, name: str, widget: Widget) -> bool:
        w, q = self.words, self.q
        if name == "progress":
            if isinstance(widget, ProgressLine):
                new = ProgressLine.for_question(w, self.answers, q.id)
                widget.names, widget.index, widget.fraction = new.names, new.index, new.fraction
                widget.refresh()
            else:
                assert isinstance(widget, Static) and self.step is not None
                n, total = self.step
                widget.update(w.ui("tui.progress").format(n=n, total=total))
        elif name == "prompt":
            assert isinstance(widget, Static)
            widget.update(w.t(q.prompt))
        elif name == "help":
            assert isinstance(widget, Static)
            widget.update(f"{w.ui('tui.why')}: {w.t(q.help)}")
            widget.display = False
        elif name == "hint":
            assert isinstance(widget, Static)
            widget.update(scale_hint(w, q))
            widget.set_class(self._answer_kind()[0] == "scale", "scale-ends")
        elif name == "answer":
            if self._answer_kind()[0] == "input":
                if self.made_ahead and isinstance(widget, Input):
                    # Made ahead and never on screen: nobody has typed in it.
                    previous = self.answers.get(q.id)
                    with widget.prevent(Input.Changed):
                        widget.value = "" if previous is None else str(previous)
                    return True
                return False  # a number box is made new (its text, its history)
            if not isinstance(widget, Picker):
                return False
            picker = answer_picker(w, q, self.answers.get(q.id))
            assert picker is not None
            widget.reset_to(picker)
        elif name == "keys":
            assert isinstance(widget, Static)
            widget.update(keys_hint(w, q))
        elif name == "error":
            assert isinstance(widget, Static)
            widget.update("")
        elif name == "buttons":
            have = [b.id for b in widget.query(Button)]
            if have != self._button_ids():
                return False
        return True

    def _update_side_part(self, name: str, widget: Widget) -> bool:
        assert isinstance(widget, Static)
        w, q = self.words, self.q
        if name == "side-help":
            widget.update(w.t(q.help))
        elif name == "terms":
            widget.update("\n\n".join(self._glossary_terms()))
        return True

    def is_stale(self, message: Message) -> bool:
        """A message sent before the question on screen was shown (a second click
        on an option or a button of the question before): not for this one."""
        return message.time < self._shown_at

    _shown_at = 0.0
    # Made off the screen stack before it was needed (app.make_question_ahead),
    # with no answers, and not shown yet.
    made_ahead = False
    shown = 0  # questions (or groups) shown on this screen before the one on it now

    # Textual calls a decorated handler of a base class as that class's function,
    # so each handler below only passes the event on to a method that a subclass
    # (the group screen) may override.
    @on(Button.Pressed, "#skip")
    def _skip_pressed(self, event: Button.Pressed) -> None:
        if not self.is_stale(event):
            self.skip()

    @on(Button.Pressed, "#more-done")
    def _more_done_pressed(self, event: Button.Pressed) -> None:
        if not self.done and not self.is_stale(event):
            self.done = True
            self.post_message(StopMore(self))

    @on(Picker.Chosen)
    def _picker_chosen(self, event: Picker.Chosen) -> None:
        event.stop()
        if not self.is_stale(event):
            self.chosen(event.picker)

    @on(Picker.Confirm)
    def _picker_confirm(self, event: Picker.Confirm) -> None:
        event.stop()
        if not self.is_stale(event):
            self.confirmed(event.picker)

    @on(Picker.Empty)
    def _picker_empty(self, event: Picker.Empty) -> None:
        event.stop()
        if not self.is_stale(event):
            self._say(self.words.ui("tui.nothing_chosen"))

    @on(Button.Pressed, "#next")
    @on(Input.Submitted)
    def _next_pressed(self, event: Button.Pressed | Input.Submitted) -> None:
        if not self.is_stale(event):
            self.submit()

    @on(Button.Pressed, "#back")
    def _back_pressed(self, event: Button.Pressed) -> None:
        if not self.is_stale(event):
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
            elif self.from_review:  # nothing changed: the review again
                app_of(self).ask_next()
            else:
                app_of(self).go_back(stayed=self._stayed)

    def _stayed(self) -> None:
        """Back was not taken after all (see SciaticaApp.go_back): keys work again."""
        self.done = False

    def action_why(self) -> None:
        help_text = self.query_one("#help")
        help_text.display = not help_text.display
