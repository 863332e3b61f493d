"""The clinic demo: browse everything, search it, replay sample patients.
All material comes from sciatica_tui.core.demo (content/, the engine); these screens
only lay it out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.demo import KINDS, Entry, choices, replay, sample, search, step_text
from ..messages import LeaveScreen, OpenDemo
from ..widgets.common import TitleBar
from ..widgets.steady import SteadyScreen
from ..words import WordsFooter
from .dialog import Dialog
from .page import TextPage

if TYPE_CHECKING:
    from ...core.words import Words


# Text size on a clinic screen (issue 18.7): a terminal has one font size, so
# "large" is a layout (app.tcss, App.-large): title bands, air between items,
# shorter lines. The same switch as the palette's, shown in the demo's footer.
LARGE_TEXT = Binding("f3", "app.toggle_large", "Large text")


class DemoScreen(SteadyScreen, Screen[None]):
    """The index: every topic, grouped, with a search box. The demo's home screen:
    it stays above the welcome screen and is never popped."""

    home = True

    BINDINGS = [Binding("slash", "search", "Search", show=False), LARGE_TEXT]

    def __init__(self, words: Words, pages: list[Entry]) -> None:
        super().__init__()
        self.words = words
        self.all = pages
        self.shown: list[Entry] = []

    def compose(self) -> ComposeResult:
        w = self.words
        yield TitleBar()
        yield Static(w.ui("demo.intro"), id="demo-intro", classes="prompt")
        yield Input(placeholder=w.ui("demo.search"), id="demo-search", select_on_focus=False)
        yield OptionList(id="demo-index")
        yield WordsFooter()

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#demo-index", OptionList).focus()

    def relayout(self) -> None:
        """Text size changed: the index again, with or without air between items."""
        self.fill(self.query_one("#demo-search", Input).value, keep=True)

    def fill(self, query: str, keep: bool = False) -> None:
        """The index for `query`; the highlight goes to the best match (or the first
        item), or stays where it was when `keep` (the same list, laid out again)."""
        w = self.words
        # Large text: a blank line under each item, so each is a two-row block.
        air = "\n" if self.app.has_class("-large") else ""
        self.shown = search(self.all, query)
        index = self.query_one("#demo-index", OptionList)
        index.clear_options()
        options: list[Option | None] = []
        if query.strip():
            # Search results: one list, best match first, each named with its kind.
            options += [Option(f"{e.title}  ({w.ui(f'demo.kind.{e.kind}')}){air}",
                               id=f"{e.kind}:{e.id}") for e in self.shown]
        for kind in KINDS if not query.strip() else ():
            group = [e for e in self.shown if e.kind == kind]
            if not group:
                continue
            if options:
                options.append(None)  # a separator line
            options.append(Option(w.ui(f"demo.kind.{kind}").upper(), disabled=True))
            options += [Option(f"  {e.title}{air}", id=f"{e.kind}:{e.id}") for e in group]
        if not options:
            options.append(Option(w.ui("demo.no_match"), disabled=True))
        was = index.highlighted_option.id if index.highlighted_option else None
        index.add_options(options)
        ids = [o.id for o in index.options]
        first = next((i for i, o in enumerate(index.options) if not o.disabled), None)
        index.highlighted = ids.index(was) if keep and was in ids and was is not None else first

    @on(Input.Changed, "#demo-search")
    def changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#demo-search")
    def submitted(self) -> None:
        """Enter after a search opens the best match; on an empty box it moves to the
        list."""
        index = self.query_one("#demo-index", OptionList)
        best = index.highlighted_option
        if self.query_one("#demo-search", Input).value.strip() and best is not None and best.id:
            self.post_message(OpenDemo(self, best.id))
            return
        index.focus()

    def action_search(self) -> None:
        self.query_one("#demo-search", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Type to search (U-B12): a letter or digit typed anywhere on the index goes
        into the search box, without pressing / first."""
        box = self.query_one("#demo-search", Input)
        if box.has_focus or not event.is_printable or not event.character:
            return
        if not (event.character.isalnum() or event.character in " -'"):
            return
        event.stop()
        event.prevent_default()
        box.focus()
        box.insert_text_at_cursor(event.character)

    @on(OptionList.OptionSelected, "#demo-index")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenDemo(self, event.option.id))


class EntryScreen(TextPage):
    """One topic, cause, warning sign or first step, in full."""

    BINDINGS = [LARGE_TEXT]

    def __init__(self, words: Words, entry: Entry) -> None:
        super().__init__(words, entry.title, entry.text)
        self.entry = entry


class ChangeAnswer(Dialog[int | None]):
    """Pick another answer for a sample patient's question (its number in the list)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, words: Words, prompt: str, labels: list[str]) -> None:
        super().__init__()
        self.words, self.prompt, self.labels = words, prompt, labels

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.prompt, markup=False, classes="prompt")
            yield OptionList(*[Option(label, id=str(n)) for n, label in enumerate(self.labels)],
                             id="change-options")
            with Horizontal(classes="buttons"):
                yield Button(self.words.ui("diary.not_now"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#change-options", OptionList).focus()

    @on(OptionList.OptionSelected, "#change-options")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.close(int(event.option.id or 0))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.close(None)


class ReplayScreen(SteadyScreen, Screen[None]):
    """A sample patient answering the questions one by one, and how each
    answer moves the result."""

    BINDINGS = [
        # The footer shows what fits 80 columns in Spanish with the text-size key
        # and Back; Before and the question list are buttons and a list on screen.
        Binding("right,n", "step(1)", "Next"),
        Binding("left,p", "step(-1)", "Before", show=False),
        Binding("home", "jump(0)", "First", show=False, priority=True),
        Binding("end", "jump(-1)", "Last", show=False, priority=True),
        Binding("c", "change", "Change answer"),
        Binding("j", "jump_list", "Go to question", show=False),
        Binding("escape", "close", "Back"),
        LARGE_TEXT,
    ]

    def __init__(self, words: Words, sid: str) -> None:
        super().__init__()
        self.words = words
        self.sample = sample(words.content, sid)
        self.changed: dict[str, Any] = {}  # answers changed by the demonstrator
        self.steps = replay(words, self.sample)
        self.at = 0

    def compose(self) -> ComposeResult:
        w = self.words
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(w.t(self.sample.name), classes="prompt")
            yield Static(w.t(self.sample.story), markup=False, id="replay-story",
                         classes="help")
            yield Static("", markup=False, id="replay-step")
            with Horizontal(classes="buttons"):
                yield Button(w.ui("demo.prev"), id="prev")
                yield Button(w.ui("demo.next"), id="next", variant="primary")
                yield Button(w.ui("demo.change"), id="change")
                yield Button(w.ui("demo.index"), id="close")
            yield Static(w.ui("demo.jump"), classes="section")
            yield OptionList(id="replay-steps")
        yield WordsFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#next", Button).focus()

    def show(self) -> None:
        w = self.words
        step = self.steps[self.at]
        text = step_text(w, step, len(self.steps), width=None)
        if step.qid in self.changed:
            text += "\n\n" + w.ui("demo.changed_note")
        self.query_one("#replay-step", Static).update(text)
        self.query_one("#prev", Button).disabled = self.at == 0
        self.query_one("#next", Button).disabled = self.at == len(self.steps) - 1
        steps = self.query_one("#replay-steps", OptionList)
        steps.clear_options()
        steps.add_options([Option(f"{'*' if st.qid in self.changed else ' '}{st.number:>3}. "
                                  f"{w.t(w.content.question(st.qid).short)}: {st.answer}",
                                  id=str(n)) for n, st in enumerate(self.steps)])
        steps.highlighted = self.at

    @on(OptionList.OptionSelected, "#replay-steps")
    def jump_to(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.at = int(event.option.id)
            self.show()

    def action_jump_list(self) -> None:
        self.query_one("#replay-steps", OptionList).focus()

    @on(Button.Pressed, "#change")
    def action_change(self) -> None:
        """Give the question on show another answer, and replay from there."""
        w = self.words
        q = w.content.question(self.steps[self.at].qid)
        values = choices(q)

        def chosen(n: int | None) -> None:
            if n is None:
                return
            qid = q.id
            self.changed[qid] = values[n]
            self.steps = replay(w, self.sample, self.changed)
            ids = [st.qid for st in self.steps]
            self.at = ids.index(qid) if qid in ids else min(self.at, len(self.steps) - 1)
            self.show()

        self.app.push_screen(ChangeAnswer(w, w.t(q.prompt),
                                          [w.answer(q, v) for v in values]), chosen)

    def action_step(self, delta: int) -> None:
        self.at = max(0, min(len(self.steps) - 1, self.at + delta))
        self.show()

    def action_jump(self, where: int) -> None:
        self.at = where % len(self.steps)
        self.show()

    @on(Button.Pressed, "#prev")
    def prev(self) -> None:
        self.action_step(-1)

    @on(Button.Pressed, "#next")
    def next(self) -> None:
        self.action_step(1)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.post_message(LeaveScreen(self))
