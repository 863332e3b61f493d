"""Review-before-results and the results screen. Every word comes from content/."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Collapsible, OptionList, Static
from textual.widgets.option_list import Option

from ..messages import Edit, Restart, ShowReport, ShowResults, TellMore, app_of
from ..widgets.common import TitleBar, scroll_bindings, scroll_by_key
from ..widgets.steady import SteadyScreen
from ..words import WordsFooter

if TYPE_CHECKING:
    from ...core.engine import Assessment
    from ...core.words import Words
    from ...reports.result_view import CauseView, Finding, ResultView, StepView


class LazyCollapsible(Collapsible):
    """A closed section whose contents are built the first time it is opened
    (speed review P4: building every cause and step up front made review ->
    results about 3x a question step)."""

    def __init__(self, build: Callable[[], list[Widget]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._build: Callable[[], list[Widget]] | None = build

    def on_mount(self) -> None:
        if not self.collapsed:
            self._fill()

    def watch_collapsed(self, collapsed: bool) -> None:
        if not collapsed and self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        if self._build is not None:
            build, self._build = self._build, None
            self.query_one(Collapsible.Contents).mount_all(build())


class ReviewScreen(SteadyScreen, Screen[None]):
    flow = True  # a step of the walk-through (see SciaticaApp.switch_or_push)
    """Every question actually asked, with its answer; choosing one changes it."""

    BINDINGS = [
        Binding("escape", "app.go_back", "Back"),
        # The list scrolls by keyboard while the focus is on the buttons below it
        # (a trial found these keys did nothing until Shift+Tab reached the list).
        *scroll_bindings(),
    ]

    def __init__(self, words: Words, asked: list[str], answers: dict[str, Any],
                 more: int = 0, at: str | None = None) -> None:
        super().__init__()
        self.words, self.asked, self.answers = words, asked, answers
        self.more = more  # optional questions left ("Tell us more"); 0: none
        self.at = at  # the question just changed from here: its row is shown again

    def compose(self) -> ComposeResult:
        w = self.words
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(w.ui("tui.review_title"), classes="prompt")
            yield Static(w.ui("tui.review_hint"), classes="help")
            options = []
            for qid in self.asked:
                q = w.content.question(qid)
                options.append(Option(f"{w.t(q.prompt)}\n  -> {w.answer(q, self.answers.get(qid))}",
                                      id=qid))
            yield OptionList(*options, id="review")
        # U-B2: always in sight, and focused, so Enter shows the results.
        if self.more:
            # Offered, never required: "See my results" keeps the focus (skipping
            # is the default).
            yield Static(w.ui("tui.tell_more_hint").format(n=self.more), classes="help",
                         id="more-hint", markup=False)
        with Horizontal(classes="buttons", id="actions"):
            yield Button(w.ui("tui.see_results"), id="results", variant="primary")
            if self.more:
                yield Button(w.ui("tui.tell_more"), id="more")
        yield WordsFooter()

    def on_mount(self) -> None:
        self.query_one("#results", Button).focus()
        if self.at in self.asked:
            # Back from changing an answer: that row highlighted and in sight (the
            # list used to start at the top again), the focus still on the results.
            rows = self.query_one("#review", OptionList)
            rows.highlighted = self.asked.index(self.at)
            self.call_after_refresh(rows.scroll_to_highlight)

    def action_scroll_by_key(self, key: str) -> None:
        scroll_by_key(self.query_one("#review", OptionList), key)

    @on(OptionList.OptionSelected, "#review")
    def change(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:  # every row is a question id
            self.post_message(Edit(self, event.option.id))

    @on(Button.Pressed, "#results")
    def results(self) -> None:
        self.post_message(ShowResults(self))

    @on(Button.Pressed, "#more")
    def tell_more(self) -> None:
        self.post_message(TellMore(self))


class ResultsScreen(SteadyScreen, Screen[None]):
    flow = True  # a step of the walk-through (see SciaticaApp.switch_or_push)
    BINDINGS = [Binding("s", "summary", "Summary"), Binding("q", "app.quit", "Quit")]
    # Wide windows put causes and first steps side by side (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]

    def __init__(self, words: Words, assessment: Assessment) -> None:
        super().__init__()
        from .question import start_at_width

        start_at_width(self)
        self.words, self.a = words, assessment
        self.view: ResultView

    def compose(self) -> ComposeResult:
        from ...reports.result_view import build_view

        w, a = self.words, self.a
        # One view model for every screen and format: this screen only lays it out.
        v = self.view = build_view(w.content, a, w)
        yield TitleBar()
        with VerticalScroll(id="body", classes="results"):
            yield Static(v.headline, classes=f"banner tier-{a.disposition}", id="banner")
            yield Static(v.action, markup=False)
            if v.why:
                # U-S3: the reasons right under the disposition, found or not ruled out.
                yield Static(w.ui("out.why_disposition"), classes="section", id="why-title")
                yield Static("\n".join(f"{'!' if x.found else '?'} {x.text(w)}" for x in v.why),
                             markup=False, id="why")
            if v.checking_first:
                # The engine decided (engine.checking_first): the concern in plain
                # words and what to do; no likely causes, reassurance or recovery.
                yield Static(w.ui("out.checking_first"), classes="section",
                             id="checking-first")
                yield Static(w.ui("out.checking_first_note"), classes="help")
                for c in v.checking_first:
                    yield Static(self._finding(c), markup=False, classes="concern")
            if v.flags_found:
                yield Static(w.ui("out.red_flags"), classes="section")
                for f in v.flags_found:
                    yield Static(self._finding(f), markup=False)
        # Below the scrolling body, so always in sight (the kiosk's Finish too).
        with Horizontal(classes="buttons", id="actions"):
            yield Button(w.ui("tui.summary_button"), id="summary", variant="primary")
            if app_of(self).kiosk:
                yield Button(w.ui("tui.finish"), id="finish", variant="warning")
            else:
                yield Button(w.ui("tui.restart_yes"), id="start-again")
                yield Button(w.ui("tui.results_done"), id="done")
        yield WordsFooter()

    def on_mount(self) -> None:
        # U-B1: the body has the focus, so PageDown, End and the arrows scroll it;
        # Tab reaches the causes, the steps and the buttons.
        self.query_one("#body").focus()
        # What is below the first screenful comes after the first paint (issue 19
        # item 3): the result, what to do and why are drawn first.
        self.call_after_refresh(self._mount_rest)

    def _mount_rest(self) -> None:
        if self.is_attached:
            self.query_one("#body").mount_all(self._rest())

    def _rest(self) -> list[Widget]:
        """The likely causes and first steps (each built when opened), the steps
        held back and the safety net: under the result, what to do and why."""
        w, v = self.words, self.view
        columns: list[Widget] = []
        if not v.causes_hidden:
            columns.append(Vertical(*self._causes(), classes="column"))
        columns.append(Vertical(*self._steps(), classes="column"))
        rest: list[Widget] = [Vertical(*columns, id="columns")]
        if v.withheld:
            rest.append(Static(w.ui("out.withheld_steps"), classes="section"))
            rest += [Static(f"- {'; '.join(group.steps)}: {group.why}", markup=False)
                     for group in v.withheld]
        rest.append(Static(w.ui("out.safety_net"), classes="section"))
        rest.append(Static("\n".join(f"* {line}" for line in v.safety_net), markup=False))
        return rest


    def _collapsible(self, title: str, build: Callable[[], list[Widget]]) -> Collapsible:
        """Closed until opened, and built then; plain ASCII markers where the
        terminal needs them."""
        if self.app.has_class("-ascii"):
            return LazyCollapsible(build, title=title, collapsed=True, collapsed_symbol=">",
                                   expanded_symbol="v")
        return LazyCollapsible(build, title=title, collapsed=True)

    def _finding(self, f: Finding) -> str:
        w = self.words
        lead = w.ui("out.because_you_said" if f.found else "out.not_ruled_out_because")
        lines = [f"{'!' if f.found else '?'} {f.label}", f"  {f.action}"]
        if f.evidence:
            lines.append(f"  {lead}: {'; '.join(f.evidence)}")
        return "\n".join(lines)

    def _causes(self) -> ComposeResult:
        w, v = self.words, self.view
        yield Static(w.ui("out.likely_causes"), classes="section")
        yield Static(w.ui("out.likely_causes_note"), classes="help")
        if not v.causes:
            yield Static(w.ui("out.none"), markup=False)
        for c in v.causes:
            yield self._collapsible(f"{c.label} ({c.likelihood})", partial(self._cause, c))

    def _cause(self, c: CauseView) -> list[Widget]:
        w = self.words
        lines = [f"{w.ui('tui.what_it_is')}: {c.summary}",
                 f"{w.ui('tui.feels_like')}: {c.feels_like}",
                 f"{w.ui('tui.what_helps')}: {c.helps}",
                 f"{w.ui('tui.recovery')}: {c.recovery}"]
        for label, cited in (("out.because_you_said", c.evidence_for),
                             ("out.against", c.evidence_against)):
            if cited:
                lines.append(f"{w.ui(label)}:")
                lines += [f"  - {x}" for x in cited]
        return [Static("\n".join(lines), markup=False)]

    def _steps(self) -> ComposeResult:
        w, v = self.words, self.view
        yield Static(w.ui("out.first_steps"), classes="section")
        for step in v.first_steps:
            yield self._collapsible(step.label, partial(self._step, step))

    def _step(self, step: StepView) -> list[Widget]:
        w = self.words
        numbered = "\n".join(f"  {i}. {line}" for i, line in enumerate(step.how, 1))
        return [Static(step.goal, markup=False),
                Static(step.figure, markup=False, classes="figure"),
                Static(f"{w.ui('tui.how_to')}:\n{numbered}\n\n"
                       f"{w.ui('tui.how_much')}: {step.dose}\n"
                       f"{w.ui('tui.how_it_feels')}: {step.feel}\n"
                       f"{w.ui('tui.when_to_stop')}: {step.stop_if}\n"
                       f"{w.ui('tui.not_for')}: {step.not_for}", markup=False)]

    @on(Button.Pressed, "#start-again")
    async def start_again(self) -> None:
        await self.run_action("app.restart")  # asks first (answers would be lost)

    @on(Button.Pressed, "#done")
    async def done(self) -> None:
        await self.run_action("app.quit")

    @on(Button.Pressed, "#finish")
    def finish(self) -> None:
        self.post_message(Restart(self))

    @on(Button.Pressed, "#summary")
    def action_summary(self) -> None:
        self.post_message(ShowReport(self))
