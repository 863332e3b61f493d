"""A group screen: several questions on one screen, one line each (issue 16.1).

Which rows are on the screen is the session's decision (Step "group"); the
content decides the grouping (groups.toml). Each row shows its question in full
and its answers numbered on one line ("1 ( ) Yes   2 ( ) No   3 ( ) Not sure"),
a 0-10 scale, or a checklist ("1 [ ] Sitting   2 [ ] Bending ..."; number keys
or Space tick, Enter goes to the next line). Nothing is chosen when the screen opens.

Keys: a number answers the line that has the focus, and the focus moves on to the
next line still to answer; Tab, Shift+Tab and the up and down arrows move between
lines; left and right move along a line, Space or Enter chooses. Every line must
be answered before Next. Each answer is kept the moment it is chosen, so an
emergency "yes" interrupts at once, before the rest of the screen.

A group screen is a kind of question screen: `q` is the question of the line
that has the focus, and what a key does there follows from it.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.events import DescendantFocus
from textual.message import Message
from textual.widgets import Button, Static

from ...core.words import Words
from ..compat import rename
from ..messages import app_of
from ..widgets.common import TitleBar
from ..widgets.groupline import GroupLine
from ..widgets.picker import Picker
from ..widgets.progressline import ProgressLine
from ..words import WordsFooter
from .question import (
    QuestionScreen,
    answer_picker,
    scale_hint,
    scale_values,
    start_at_width,
    step_button,
)


class GroupScreen(QuestionScreen):
    """Several questions on one screen (the keys and bindings of QuestionScreen)."""

    # No focus from Textual as the screen is mounted: first_focus gives it to
    # the first line to answer. Textual's went to the scrolling body first, and
    # moving it on to a line then restyled every widget of the body twice (issue
    # 19: about a third of the cost of Start -> first question).
    AUTO_FOCUS = ""

    def __init__(self, words: Words, gid: str, qids: tuple[str, ...],
                 answers: dict[str, Any]) -> None:
        super(QuestionScreen, self).__init__()  # Screen's: there is no one question
        start_at_width(self)
        self.words, self.answers = words, answers
        self.step = None
        self.group = words.content.group(gid)
        self.rows = [words.content.question(qid) for qid in qids]
        self.current = self.rows[0]  # the line with the focus

    @property
    def q(self) -> Any:
        """The question of the line that has the focus (the first line before any)."""
        return self.current

    # -- drawing ---------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Only what can be seen is made (issue 19, Start -> first question): a
        # line's error, "why we ask" under the title (F2) and the side panel (a
        # wide window) are made the first time they show, not hidden on every
        # screen (see _say, action_why, _side).
        w = self.words
        yield TitleBar()
        with Horizontal(id="q-layout"):
            with VerticalScroll(id="body"):
                yield ProgressLine.for_question(w, self.answers, self.rows[0].id)
                yield Static(w.t(self.group.title), classes="prompt", markup=False,
                             id="group-title")
                for q in self.rows:
                    yield self._row(q)
                yield Static(self._keys_hint(), classes="keys", id="keys", markup=False)
                with Horizontal(classes="buttons"):
                    yield step_button(w.ui("tui.next"), "next", primary=True)
                    yield step_button(w.ui("tui.back"), "back")
            if self.has_class("-wide"):
                yield self._side()
        yield WordsFooter()

    def _side(self) -> VerticalScroll:
        """The side panel of a wide window: "why we ask" for the line with the focus."""
        return VerticalScroll(
            Static(self.words.ui("tui.why"), classes="section"),
            Static(self._side_text(), classes="help", id="side-help", markup=False),
            id="q-side")

    def _side_text(self) -> str:
        q = self.current
        return f"{self.words.t(q.prompt)}\n\n{self.words.t(q.help)}"

    def _help_text(self) -> str:
        return f"{self.words.ui('tui.why')}: {self.words.t(self.current.help)}"

    def relayout(self) -> None:
        """Large text turned on or off (the app's action, and on showing a screen
        made while the welcome waited): the lines draw their parts' air anew."""
        for line in self._lines():
            line.relayout()

    def on_screen_resume(self) -> None:
        self.relayout()

    def action_why(self) -> None:
        """F2: "why we ask" under the title, shown or hidden (made the first time)."""
        found = self.query("#help")
        if found:
            found.first().display = not found.first().display
            return
        self.query_one("#body").mount(
            Static(self._help_text(), classes="help", id="help", markup=False),
            after="#group-title")

    def _row(self, q: Any, mounted: bool = True) -> GroupLine:
        """One line, one widget (issue 19): its question, a scale's ends, its
        answers, and what to do when there is something to say (see _say).
        `mounted=False`: a line made only for a line already shown to become
        (see _reuse_line)."""
        w = self.words
        ends = scale_hint(w, q) if scale_values(q) is not None else ""
        line = answer_picker(w, q, self.answers.get(q.id), look="row", kind=GroupLine,
                             prompt=w.t(q.prompt), ends=ends,
                             id=f"row-{q.id}" if mounted else None, name=q.id,
                             classes="group-row")
        assert isinstance(line, GroupLine)  # content checks: rows have options
        line.confirm = self.confirmed
        return line

    # -- the next group, on this screen -----------------------------------------
    def can_show(self, step: tuple[int, int] | None) -> bool:
        return self.is_attached and step is None and bool(self.query("#keys"))

    def show_group(self, gid: str, qids: tuple[str, ...],
                   answers: dict[str, Any]) -> Awaitable[None] | None:
        """Show group `gid` on this screen instead of a new one (issue 19 item 3):
        the title, progress, hint and side panel are updated, and so are the
        lines: each line of the group before takes the next group's line in its
        place (its question, its answers, its id), and only lines that one group
        has more than the other are made or taken down. Returns what to wait for
        when a line had to be mounted or taken down (else None: shown now, the
        first line to answer focused)."""
        w = self.words
        self.answers = answers
        self.group = w.content.group(gid)
        self.rows = [w.content.question(qid) for qid in qids]
        self.current = self.rows[0]
        self.done = False
        self.shown += 1
        self._shown_at = Message().time
        self.query_one("#group-title", Static).update(w.t(self.group.title))
        for help_text in self.query("#help"):
            help_text.display = False
        self.query_one("#keys", Static).update(self._keys_hint())
        self._refresh_progress()
        old = self._lines()
        old_ids = {row.id for row in old}
        if any(f"row-{q.id}" in old_ids for q in self.rows):
            # Never in practice (a question is in one group): new lines, since two
            # lines may not share an id while they are renamed.
            return self._new_lines(old)
        for scroll in self.query(VerticalScroll):
            scroll.scroll_home(animate=False, immediate=True)
        for line in old[len(self.rows):]:
            # A line the next group has no use for: out of sight and out of the
            # lines at once, taken down in the background (waiting for a widget
            # to stop delayed the next screen). Marked, not restyled: taking its
            # class away restyled it and its parts, about 3 ms a line.
            line.display = False
            line.leaving = True
            line.remove()
        for line, q in zip(old, self.rows, strict=False):
            self._reuse_line(line, q)
        if len(old) >= len(self.rows):
            # Nothing to mount (the usual case): every line updated in place now.
            self._focus_first()
            return None
        self._waiting = []  # number keys that come before the new lines (S-F11)

        async def lines() -> None:
            # One update of the screen: never a frame with some lines of the new
            # group missing, nor with lines of both groups.
            async with self.batch():
                await self.query_one("#body").mount_all(
                    [self._row(q) for q in self.rows[len(old):]], before="#keys")
            self._lines_shown()

        return lines()

    def _lines(self) -> list[GroupLine]:
        """The lines on the screen (not those of a group before being taken down)."""
        return [line for line in self.query(".group-row").results(GroupLine)
                if not line.leaving]

    def _reuse_line(self, line: GroupLine, q: Any) -> None:
        """Make `line` (a line of the group before) the line of question `q`: its
        id, its question, its answers as a new line would have them, nothing said
        under it."""
        line.reset_to(self._row(q, mounted=False))
        rename(line, id=f"row-{q.id}", name=q.id)

    def _lines_shown(self) -> None:
        """The new lines are mounted: the focus on the first to answer, then the
        number keys that came before them (S-F11)."""
        if self.is_attached and not self.done:
            self._focus_first()
        waiting, self._waiting = self._waiting, None
        for n in waiting or []:
            self.action_pick(n)

    def _first_to_answer(self) -> Picker | None:
        """The first line not answered yet (else the first line); None with no
        lines (a screen made ahead, tui/compat.prebuild, while the app closes)."""
        pickers = self.pickers
        return next((p for p in pickers if not p.chosen), pickers[0] if pickers else None)

    def _focus_first(self) -> None:
        first = self._first_to_answer()
        if first is not None:
            self.focus_shown(first)
            self._show_help(self.current)

    def _new_lines(self, old: list[GroupLine]) -> Awaitable[None]:
        """Every line made anew (see show_group)."""
        rows = [self._row(q) for q in self.rows]
        self._waiting = []  # number keys that come before the new lines (S-F11)
        for scroll in self.query(VerticalScroll):
            scroll.scroll_home(animate=False, immediate=True)

        async def lines() -> None:
            async with self.batch():
                for row in old:
                    await row.remove()
                if not self.is_attached:
                    return
                await self.query_one("#body").mount_all(rows, before="#keys")
            self._lines_shown()

        return lines()

    _waiting: list[int] | None = None

    def _keys_hint(self) -> str:
        hint = self.words.ui("tui.keys_group")
        if any(scale_values(q) is not None for q in self.rows):
            hint = f"{hint} {self.words.ui('tui.keys_scale')}"
        if any(q.type == "multi" for q in self.rows):
            hint = f"{hint} {self.words.ui('tui.keys_group_checklist')}"
        return hint

    def first_focus(self) -> None:
        first = self._first_to_answer()
        if first is not None:  # (no lines yet: they get the focus when shown)
            first.focus()
            self._show_help(self.current)

    @property
    def pickers(self) -> list[GroupLine]:
        """The lines' answer controls (not those of the group before, while the
        screen swaps its lines: see show_group)."""
        ids = {q.id for q in self.rows}
        return [p for p in self._lines() if p.name in ids]

    def _show_help(self, q: Any) -> None:
        self.current = q
        for side in self.query("#side-help").results(Static):
            side.update(self._side_text())
        for help_text in self.query("#help").results(Static):
            help_text.update(self._help_text())

    def _say(self, text: str) -> None:
        """Say it under the line with the focus (a long screen scrolls: a line at
        the bottom would be out of sight); clear the others. Each line draws what
        is said on it under its answers (GroupLine.say)."""
        here = self.current.id
        for line in self._lines():
            line.say(text if line.name == here else "")

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, Picker) and widget.name:
            self._show_help(self.words.content.question(widget.name))

    # -- answering -------------------------------------------------------------
    def action_pick(self, n: int, retry: bool = True) -> None:
        """A number key answers the focused line (else the first line still to
        answer). A key can arrive before the screen is composed (S-F11): it waits
        one refresh for the lines."""
        if self.done:
            return
        if self._waiting is not None:  # the lines are being swapped: after them
            self._waiting.append(n)
            return
        pickers = self.pickers
        if not pickers:
            if retry and self.is_attached:
                self.call_after_refresh(self.action_pick, n, False)
            return
        focused = self.focused
        target = focused if isinstance(focused, Picker) and focused in pickers else next(
            (p for p in pickers if not p.chosen), None)
        # Kept and moved on now, not through a message: the next key, typed a
        # moment later, must already find the next line (S-F11).
        if target is not None and target.pick_key(str(n), report=False):
            self.chosen(target)

    def chosen(self, picker: Picker) -> None:
        """Keep the line's answer now: an emergency interrupts at once."""
        if self.done:
            return
        assert picker.name is not None
        q = self.words.content.question(picker.name)
        value: Any = picker.value
        if picker.multi:
            # A checklist line: each tick is kept at once (a ticked emergency sign
            # interrupts); the line stays, for more ticks, until Enter. Unticking
            # the last tick leaves the line unanswered, as it shows.
            self._say("")
            if not picker.selected:
                app_of(self).forget_row(q.id)
                return
            if app_of(self).record_row(q.id, picker.selected):
                self.done = True
            else:
                self._refresh_progress()
                self._all_answered()
            return
        if picker.look == "scale":
            from ...core.answers import parse_number

            value = parse_number(q, value or "", self.words)
        self._say("")
        if app_of(self).record_row(q.id, value):
            self.done = True  # an emergency screen has replaced this one
            return
        self._refresh_progress()
        if picker.look != "scale":  # a scale waits: "1" may be the start of "10"
            self._next_line(picker)
        self._all_answered()

    def _all_answered(self) -> None:
        if all(p.chosen for p in self.pickers):
            app_of(self).group_answered()

    def confirmed(self, picker: Picker) -> None:
        if all(p.chosen for p in self.pickers):
            self.submit()
        else:
            self._next_line(picker)

    def _next_line(self, after: Picker) -> None:
        """Focus the next line still to answer (after `after`, then from the top);
        with every line answered, the Next button."""
        pickers = self.pickers
        start = pickers.index(after) + 1 if after in pickers else 0
        for p in pickers[start:] + pickers[:start]:
            if not p.chosen:
                self.set_focus(p)  # at once (focus() waits for the next turn)
                self._show_help(self.words.content.question(p.name or ""))
                return
        self.set_focus(self.query_one("#next", Button))

    def _refresh_progress(self) -> None:
        old = self.query_one(ProgressLine)
        new = ProgressLine.for_question(self.words, self.answers, self.rows[0].id)
        old.names, old.index, old.fraction = new.names, new.index, new.fraction
        old.refresh()

    def submit(self) -> None:
        if self.done:
            return
        missing = [p for p in self.pickers if not p.chosen]
        if missing:
            missing[0].focus()
            assert missing[0].name is not None
            self.current = self.words.content.question(missing[0].name)
            self._say(self.words.ui("tui.answer_every_line").format(n=len(missing)))
            return
        self.done = True
        app_of(self).ask_next()
