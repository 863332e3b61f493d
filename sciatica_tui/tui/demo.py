"""The clinic demo: browse everything, search it, replay sample patients.
All material comes from sciatica_tui.demo (content/, the engine); these screens
only lay it out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..demo import KINDS, Entry, replay, sample, search, step_text
from .messages import LeaveScreen, OpenDemo
from .page import TextPage
from .steady import SteadyScreen
from .widgets import TitleBar

if TYPE_CHECKING:
    from ..report import Words


class DemoScreen(SteadyScreen, Screen[None]):
    """The index: every topic, grouped, with a search box. The demo's home screen:
    it stays above the welcome screen and is never popped."""

    home = True

    BINDINGS = [Binding("slash", "search", "Search", show=False)]

    def __init__(self, words: Words, pages: list[Entry]) -> None:
        super().__init__()
        self.words = words
        self.all = pages
        self.shown: list[Entry] = []

    def compose(self) -> ComposeResult:
        w = self.words
        yield TitleBar()
        yield Static(w.ui("demo.intro"), id="demo-intro", classes="prompt")
        yield Input(placeholder=w.ui("demo.search"), id="demo-search")
        yield OptionList(id="demo-index")
        yield Footer()

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#demo-index", OptionList).focus()

    def fill(self, query: str) -> None:
        w = self.words
        self.shown = search(self.all, query)
        index = self.query_one("#demo-index", OptionList)
        index.clear_options()
        options: list[Option | None] = []
        for kind in KINDS:
            group = [e for e in self.shown if e.kind == kind]
            if not group:
                continue
            if options:
                options.append(None)  # a separator line
            options.append(Option(w.ui(f"demo.kind.{kind}").upper(), disabled=True))
            options += [Option(f"  {e.title}", id=f"{e.kind}:{e.id}") for e in group]
        if not options:
            options.append(Option(w.ui("demo.no_match"), disabled=True))
        index.add_options(options)
        first = next((i for i, o in enumerate(index.options) if not o.disabled), None)
        index.highlighted = first

    @on(Input.Changed, "#demo-search")
    def changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#demo-search")
    def submitted(self) -> None:
        self.query_one("#demo-index", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#demo-search", Input).focus()

    @on(OptionList.OptionSelected, "#demo-index")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenDemo(self, event.option.id))


class EntryScreen(TextPage):
    """One topic, cause, warning sign or first step, in full."""

    def __init__(self, words: Words, entry: Entry) -> None:
        super().__init__(words, entry.title, entry.text)
        self.entry = entry


class ReplayScreen(SteadyScreen, Screen[None]):
    """A sample patient answering the questions one by one, and how each
    answer moves the result."""

    BINDINGS = [
        Binding("right,n", "step(1)", "Next"),
        Binding("left,p", "step(-1)", "Before"),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, words: Words, sid: str) -> None:
        super().__init__()
        self.words = words
        self.sample = sample(words.content, sid)
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
                yield Button(w.ui("demo.index"), id="close")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#next", Button).focus()

    def show(self) -> None:
        step = self.steps[self.at]
        self.query_one("#replay-step", Static).update(
            step_text(self.words, step, len(self.steps), width=None))
        self.query_one("#prev", Button).disabled = self.at == 0
        self.query_one("#next", Button).disabled = self.at == len(self.steps) - 1

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
