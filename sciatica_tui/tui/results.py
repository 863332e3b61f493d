"""Review-before-results and the results screen. Every word comes from content/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Collapsible, Footer, OptionList, Static
from textual.widgets.option_list import Option

from .messages import Edit, Restart, ShowReport, ShowResults, app_of
from .steady import SteadyScreen
from .widgets import TitleBar

if TYPE_CHECKING:
    from ..engine import Assessment, CheckFirst
    from ..report import Words



class ReviewScreen(SteadyScreen, Screen[None]):
    flow = True  # a step of the walk-through (see SciaticaApp.switch_or_push)
    """Every question actually asked, with its answer; choosing one changes it."""

    BINDINGS = [Binding("escape", "app.go_back", "Back")]

    def __init__(self, words: Words, asked: list[str], answers: dict[str, Any]) -> None:
        super().__init__()
        self.words, self.asked, self.answers = words, asked, answers

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
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.see_results"), id="results", variant="primary")
        yield Footer()

    @on(OptionList.OptionSelected, "#review")
    def change(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:  # every row is a question id
            self.post_message(Edit(self, event.option.id))

    @on(Button.Pressed, "#results")
    def results(self) -> None:
        self.post_message(ShowResults(self))


class ResultsScreen(SteadyScreen, Screen[None]):
    flow = True  # a step of the walk-through (see SciaticaApp.switch_or_push)
    BINDINGS = [Binding("s", "summary", "Summary"), Binding("q", "app.quit", "Quit")]
    # Wide windows put causes and first steps side by side (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]

    def __init__(self, words: Words, assessment: Assessment) -> None:
        super().__init__()
        self.words, self.a = words, assessment

    def compose(self) -> ComposeResult:
        w, a, content = self.words, self.a, self.words.content
        disposition = content.disposition(a.disposition)
        flags = {f.id: f for f in content.red_flags}
        causes = {c.id: c for c in content.causes}
        steps = {s.id: s for s in content.first_steps}
        yield TitleBar()
        with VerticalScroll(id="body", classes="results"):
            yield Static(f">> {w.t(disposition.label).upper()}  ({w.t(disposition.timeframe)})",
                         classes=f"banner tier-{a.disposition}", id="banner")
            yield Static(w.t(disposition.action), markup=False)
            rules = {r.id: r for r in content.rules}
            reasons = [w.t(rules[r.id].reason) for r in a.reasons if r.kind == "rule"]
            if reasons:
                yield Static(f"{w.ui('out.why_disposition')}: " + " ".join(reasons),
                             markup=False, id="why")
            if a.checking_first:
                # The engine decided (engine.checking_first): the concern in plain
                # words and what to do; no likely causes, reassurance or recovery.
                yield Static(w.ui("out.checking_first"), classes="section",
                             id="checking-first")
                yield Static(w.ui("out.checking_first_note"), classes="help")
                for c in a.checking_first:
                    yield Static(self._concern(c), markup=False, classes="concern")
            if a.red_flags:
                yield Static(w.ui("out.red_flags"), classes="section")
                for f in a.red_flags:
                    because = "; ".join(f'"{x["prompt"]}" - {x["answer_text"]}'
                                        for x in (w.quote(a, q) for q in f.because))
                    yield Static(f"! {w.t(flags[f.id].label)}\n  {w.t(flags[f.id].action)}\n"
                                 f"  {w.ui('out.because_you_said')}: {because}", markup=False)
            with Vertical(id="columns"):
                if not a.causes_hidden:
                    with Vertical(classes="column"):
                        yield from self._causes(a, causes)
                with Vertical(classes="column"):
                    yield from self._steps(a, steps)
            if a.withheld_steps:
                yield Static(w.ui("out.withheld_steps"), classes="section")
                for held in a.withheld_steps:
                    yield Static(f"- {w.t(steps[held.id].label)}: {w.withheld_why(held)}",
                                 markup=False)
            yield Static(w.ui("out.safety_net"), classes="section")
            yield Static("\n".join(f"* {line}" for line in w.tl(disposition.safety_net)),
                         markup=False)
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.summary_button"), id="summary", variant="primary")
                if app_of(self).kiosk:
                    yield Button(w.ui("tui.finish"), id="finish", variant="warning")
        yield Footer()


    def _collapsible(self, title: str) -> Collapsible:
        """Closed until opened; plain ASCII markers where the terminal needs them."""
        if self.app.has_class("-ascii"):
            return Collapsible(title=title, collapsed=True, collapsed_symbol=">",
                               expanded_symbol="v")
        return Collapsible(title=title, collapsed=True)

    def _concern(self, c: CheckFirst) -> str:
        w, a = self.words, self.a
        words = w.concern(c)
        if c.found:
            why = "; ".join(f'"{x["prompt"]}" - {x["answer_text"]}'
                            for x in (w.quote(a, q) for q in c.because))
            return (f"! {words['label']}\n  {words['what_to_do']}\n"
                    f"  {w.ui('out.because_you_said')}: {why}")
        unknown = "; ".join(f'"{w.t(w.content.question(q).prompt)}"' for q in c.because)
        return (f"? {words['label']}\n  {words['what_to_do']}\n"
                f"  {w.ui('out.not_ruled_out_because')}: {unknown}")

    def _causes(self, a: Assessment, causes: dict[str, Any]) -> ComposeResult:
        w = self.words
        yield Static(w.ui("out.likely_causes"), classes="section")
        yield Static(w.ui("out.likely_causes_note"), classes="help")
        if not a.shown_causes:
            yield Static(w.ui("out.none"), markup=False)
        for c in a.shown_causes:
            cause = causes[c.id]
            title = f"{w.t(cause.label)} ({w.ui('out.likelihood.' + c.likelihood)})"
            with self._collapsible(title):
                lines = [f"{w.ui('tui.what_it_is')}: {w.t(cause.summary)}",
                         f"{w.ui('tui.feels_like')}: {w.t(cause.feels_like)}",
                         f"{w.ui('tui.what_helps')}: {w.t(cause.helps)}",
                         f"{w.ui('tui.recovery')}: {w.t(cause.recovery)}"]
                for label, cited in (("out.because_you_said", c.because),
                                     ("out.against", c.against)):
                    if cited:
                        lines.append(f"{w.ui(label)}:")
                        lines += [f'  - "{x["prompt"]}" - {x["answer_text"]}'
                                  for x in w.cited(a, cited)]
                yield Static("\n".join(lines), markup=False)

    def _steps(self, a: Assessment, steps: dict[str, Any]) -> ComposeResult:
        w = self.words
        yield Static(w.ui("out.first_steps"), classes="section")
        for sid in a.first_steps:
            step = steps[sid]
            with self._collapsible(w.t(step.label)):
                numbered = "\n".join(
                    f"  {i}. {line}" for i, line in enumerate(w.tl(step.steps), 1)
                )
                yield Static(f"{w.t(step.goal)}", markup=False)
                yield Static(step.figure, markup=False, classes="figure")
                yield Static(f"{w.ui('tui.how_to')}:\n{numbered}\n\n"
                             f"{w.ui('tui.how_much')}: {w.t(step.dose)}\n"
                             f"{w.ui('tui.how_it_feels')}: {w.t(step.feel)}\n"
                             f"{w.ui('tui.when_to_stop')}: {w.t(step.stop_if)}\n"
                             f"{w.ui('tui.not_for')}: {w.t(step.not_for)}", markup=False)

    @on(Button.Pressed, "#finish")
    def finish(self) -> None:
        self.post_message(Restart(self))

    @on(Button.Pressed, "#summary")
    def action_summary(self) -> None:
        self.post_message(ShowReport(self))
