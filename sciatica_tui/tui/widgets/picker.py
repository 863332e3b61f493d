"""The answer control for every question with options: numbered, nothing chosen
and nothing highlighted until the person acts.

One widget, three looks:
- "list": one option per line, "1 ( ) Yes" (yes / no / not sure, one choice);
- "row": the options on one line, for a row of a group screen;
- "scale": a 0-10 scale as one row of eleven numbers.
With `multi=True` it is a checklist ("1 [ ] Leg pain"): Space or a number key
ticks, Enter goes on.

Keys: the arrows move a highlight, which starts on nothing, so Enter alone never
answers (U-S2); on a row, up and down go to the line above or below. Space or
Enter chooses the highlighted option, number keys choose directly (the screen
binds them and calls `pick_key`; on the scale 0-9, and 1 then 0 for 10). Home
and End go to the first and last option.
What is chosen shows as a mark, never by colour alone: "(*)" or "(•)", "[x]",
and on the scale the number in brackets, "[7]". The highlight is drawn in
reverse video with a ">" beside it.

The widget only reports; the screen decides what an answer does:
`Picker.Chosen` when the person picks an option, `Picker.Confirm` on Enter
(after choosing the highlighted option, if any), `Picker.Empty` on Enter with
nothing chosen (the screen says what to do).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

Look = Literal["list", "row", "scale"]


class Picker(Widget, can_focus=True):
    DEFAULT_CSS = """
    Picker { height: auto; width: 100%; padding: 0 1; }
    Picker > .picker--cursor { text-style: reverse bold; }
    Picker > .picker--chosen { text-style: bold; }
    """
    COMPONENT_CLASSES = {"picker--cursor", "picker--chosen"}
    BINDINGS = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("up", "vertical(-1)", "Previous", show=False),
        Binding("down", "vertical(1)", "Next", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("space", "space", "Choose", show=False),
        Binding("enter", "enter", "Go on", show=False),
    ]

    cursor: reactive[int | None] = reactive(None)
    chosen: reactive[frozenset[int]] = reactive(frozenset())

    class _About(Message):
        """A message about one Picker (its `control`)."""

        def __init__(self, picker: Picker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> Picker:
            return self.picker

    class Chosen(_About):
        """The person picked (or, in a checklist, ticked or unticked) an option."""

        def __init__(self, picker: Picker, value: str) -> None:
            super().__init__(picker)
            self.value = value

    class Confirm(_About):
        """Enter, with something chosen: go on."""

    class Empty(_About):
        """Enter with nothing chosen: nothing is answered; say what to do."""

    def __init__(self, options: Sequence[tuple[str, str]], *, look: Look = "list",
                 multi: bool = False,
                 rule: Callable[[list[str], str], list[str]] | None = None,
                 chosen: Sequence[str] = (), name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        """`options`: (value, label) pairs in order. `chosen`: values already
        given (after Back); the highlight then starts on the first of them."""
        super().__init__(name=name, id=id, classes=classes)
        self.options = list(options)
        self.values = [v for v, _ in self.options]
        self.look: Look = look
        self.multi = multi
        # The core's rule for a checklist (answers.combine: "None of these" and the
        # like stand alone): what the screen shows is what the core keeps (U-S1).
        self.rule = rule
        # The screen's handler for Enter on a chosen answer, called in the key's
        # own turn (set by the screen); without it, a Confirm message is posted.
        self.confirm: Callable[[Picker], None] | None = None
        given = frozenset(i for i, v in enumerate(self.values) if v in chosen)
        self.set_reactive(Picker.chosen, given if multi else frozenset(sorted(given)[:1]))
        self.set_reactive(Picker.cursor, min(given) if given else None)
        self._last_digit: str | None = None  # the scale's "1 then 0" for 10

    def reset_to(self, other: Picker) -> None:
        """Become `other` (a Picker made for the next question, never mounted): its
        options, look, rule and what is chosen, nothing highlighted. The screen
        reuses this widget instead of mounting a new one (speed review P3)."""
        self.options, self.values = other.options, other.values
        self.look, self.multi, self.rule = other.look, other.multi, other.rule
        self._last_digit = None
        self.set_reactive(Picker.chosen, other.chosen)
        self.set_reactive(Picker.cursor, other.cursor)
        self.refresh(layout=True)

    # -- what is chosen ---------------------------------------------------------
    @property
    def value(self) -> str | None:
        """The one chosen value (one-choice looks), or None."""
        return self.values[min(self.chosen)] if self.chosen else None

    @property
    def selected(self) -> list[str]:
        """Every chosen value, in the options' order."""
        return [self.values[i] for i in sorted(self.chosen)]

    def key_for(self, index: int) -> str:
        """The key that picks option `index` ("1".."9"; on the scale its number)."""
        if self.look == "scale":
            return self.values[index]
        return str(index + 1) if index < 9 else ""

    def choose(self, index: int, report: bool = True) -> None:
        """Pick option `index` as the person would (a checklist toggles it).
        `report=False`: the caller acts on it at once, so no Chosen message."""
        if not 0 <= index < len(self.values):
            return
        self.cursor = index
        if self.multi:
            chosen = set(self.chosen)
            if index in chosen:
                chosen.discard(index)
            else:
                chosen.add(index)
                if self.rule is not None:
                    keep = set(self.rule([self.values[i] for i in sorted(chosen)],
                                         self.values[index]))
                    chosen = {i for i, v in enumerate(self.values) if v in keep}
            self.chosen = frozenset(chosen)
        else:
            self.chosen = frozenset({index})
        if report:
            self.post_message(self.Chosen(self, self.values[index]))

    def pick_key(self, key: str, report: bool = True) -> bool:
        """A number key typed: pick the option it names. True if it named one.
        (`report`: as for choose.)"""
        if self.look == "scale":
            # "1" then "0" is 10 (on a 0-10 scale); any other digit is itself.
            if key == "0" and self._last_digit == "1" and "10" in self.values:
                self._last_digit = None
                self.choose(self.values.index("10"), report)
                return True
            self._last_digit = key
            if key in self.values:
                self.choose(self.values.index(key), report)
                return True
            return False
        if key.isdigit() and 1 <= int(key) <= min(9, len(self.values)):
            self.choose(int(key) - 1, report)
            return True
        return False

    # -- keys -----------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        # Number keys are bindings of the screen, which calls pick_key (they work
        # wherever the focus is); any other key ends a "1 then 0".
        if not (event.character or "").isdigit():
            self._last_digit = None

    def action_move(self, step: int) -> None:
        self._last_digit = None
        if self.cursor is None:
            self.cursor = 0 if step > 0 else len(self.values) - 1
        else:
            self.cursor = max(0, min(len(self.values) - 1, self.cursor + step))

    def action_vertical(self, step: int) -> None:
        """Up and down: through a list's options; from a row (a group's line, a
        scale) to the line above or below. Up on the first line stays on it and
        brings the top of the page into view: the focus went to the page itself,
        where no line shows it has the focus and a number key answered the first
        line still to answer, out of sight (a ticked warning sign raised an
        emergency the person had not meant)."""
        if self.look == "list":
            self.action_move(step)
        elif step > 0:
            self.screen.focus_next()
        else:
            chain = self.screen.focus_chain
            at = chain.index(self) if self in chain else 0
            if at > 0 and isinstance(chain[at - 1], Picker):
                self.screen.set_focus(chain[at - 1])
            elif isinstance(self.parent, Widget):
                self.parent.scroll_home(animate=False)

    def action_jump(self, index: int) -> None:
        self.cursor = index % len(self.values)

    def action_space(self) -> None:
        if self.cursor is not None:
            self.choose(self.cursor)

    def action_enter(self) -> None:
        # A one-choice control: Enter chooses what is highlighted (if it is not
        # chosen already). A checklist: Enter never ticks, it goes on.
        if not self.multi and self.cursor is not None and self.cursor not in self.chosen:
            self.choose(self.cursor)
        if self.chosen and self.confirm is not None:
            # At once, in this key's turn: the screen moves on before the next key
            # typed ahead is handled, so that key waits for the next step (U-B3).
            self.confirm(self)
        elif self.chosen:
            self.post_message(self.Confirm(self))
        else:
            self.post_message(self.Empty(self))

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta if event.style is not None else {}
        if "option" in meta:
            self.focus()
            self.choose(int(meta["option"]))

    # -- drawing ---------------------------------------------------------------
    def _mark(self, index: int) -> str:
        ascii_only = self.app.has_class("-ascii")
        on = index in self.chosen
        if self.look == "scale":
            return f"[{self.values[index]}]" if on else f" {self.values[index]} "
        if self.multi:
            return "[x]" if on else "[ ]"
        return ("(*)" if ascii_only else "(•)") if on else "( )"

    def render(self) -> Text:
        cursor_style = self.get_component_rich_style("picker--cursor", partial=True)
        chosen_style = self.get_component_rich_style("picker--chosen", partial=True)
        show_cursor = self.has_focus and self.cursor is not None
        text = Text(no_wrap=False, end="")
        # A row's options go on as many lines as they need, each line broken
        # between two options, never inside one ("4 (" then ") Only ...").
        width = self._measuring or self.content_size.width
        used = 0
        for i, (_value, label) in enumerate(self.options):
            here = show_cursor and i == self.cursor
            pointer = ">" if here else " "
            if self.look == "scale":
                cell = self._mark(i)
                if i:
                    text.append(" ")
                piece = Text(cell)
            else:
                key = self.key_for(i)
                piece = Text(f"{pointer}{key:>1} {self._mark(i)} {label}")
                if self.look == "list" and i:
                    text.append("\n")
                elif i and width and used + 3 + piece.cell_len > width:
                    text.append("\n")
                    used = 0
                elif i:
                    text.append("   ")
                    used += 3
                used += piece.cell_len
            style = Style(meta={"option": i})
            if i in self.chosen:
                style += chosen_style
            if here:
                style += cursor_style
            piece.stylize(style)
            text.append_text(piece)
        return text

    _measuring = 0  # the width Textual is measuring the height for (see below)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The height at this width: render() breaks a row's lines for the width
        being measured, not the one last laid out."""
        self._measuring = width
        try:
            return super().get_content_height(container, viewport, width)
        finally:
            self._measuring = 0

    def watch_cursor(self) -> None:
        self.refresh()

    def watch_chosen(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
