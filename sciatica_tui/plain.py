"""Plain mode: the whole assessment line by line on standard input and output.

For screen readers, braille displays, pipes and dumb terminals: no cursor tricks,
no colour, no box drawing, one idea per line. The same engine and content as the
full-screen app; warning signs interrupt at once in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .core.act_now import alert_blocks
from .core.answers import AnswerError, parse_number
from .core.content import Question
from .core.engine import assess, progress
from .core.exit_codes import Exit
from .core.session import Session, Step
from .core.words import WIDTH, Words
from .reports.formats.text import to_text, to_text_ending_with_action


class EndOfInput(Exception):
    pass


class _More(Exception):
    """The person chose "Tell us more" at the review."""


class _Done(Exception):
    """The person stopped answering the optional questions ("done")."""


class _Back(Exception):
    """The person typed "back": go to the screen before (the session decides which)."""


# What a person may type instead of an answer; the words are content/ui.toml's
# plain.word.* (the person's language, and English).
COMMANDS = ("back", "why", "help", "words", "skip", "summary", "continue", "quit", "more",
            "done")


class _Kept(dict[str, str]):
    """Format values; a {field} with no value is kept as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def folded(text: str) -> str:
    """A typed word as it is compared: lower case, accents and extra spaces dropped
    ("Atrás" and "atras" are the same word; so are "por qué" and "por que")."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


def command_words(words: Words) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """Each command's word to show (the first in the person's language), and every
    word that means it: the person's language's, then English's."""
    shown, accepted = {}, {}
    for name in COMMANDS:
        text = words.content.ui[f"plain.word.{name}"]
        own = [w.strip() for w in words.ui(f"plain.word.{name}").split(",") if w.strip()]
        english = [w.strip() for w in text["en"].split(",") if w.strip()]
        shown[name] = own[0]
        accepted[name] = frozenset(folded(w) for w in own + english)
    return shown, accepted


class PlainSession:
    """Plain mode's front end to one `Session`: it shows what the session says
    comes next and hands it each answer; it walks no questions itself."""

    def __init__(self, words: Words, read: Callable[[], str | None], out: TextIO,
                 width: int | None = None) -> None:
        from .reports.formats.text import terminal_width

        self.words, self._read, self.out = words, read, out
        # Lines are wrapped at spaces to this (None: a pipe or file, lines left whole).
        self.width = width or terminal_width(out)
        self.content = words.content
        self.session = Session()
        self.shown_words, self.commands = command_words(words)

    @property
    def answers(self) -> dict[str, Any]:
        return self.session.answers

    # -- input and output -------------------------------------------------
    def say(self, *lines: str) -> None:
        from .reports.formats.text import fit

        for line in lines:
            self.out.write((fit(line, self.width) if self.width else line) + "\n")
        self.out.flush()

    def ask(self, prompt: str = "> ") -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self._read()
        if line is None:
            raise EndOfInput
        return line.strip()

    def ui(self, key: str, **kw: Any) -> str:
        """A ui.toml string, with the command words ({back}, {skip}...) and `kw`."""
        text = self.words.ui(key)
        return text.format_map(_Kept({**self.shown_words, **kw})) if "{" in text else text

    def means(self, line: str, *commands: str) -> bool:
        """Whether a typed line is one of these commands' words."""
        word = folded(line)
        return any(word in self.commands[c] for c in commands)

    # -- the session --------------------------------------------------------
    def run(self) -> int:
        try:
            self.say(self.ui("tui.title"), self.ui("tui.welcome"), self.words.draft_note(),
                     self.ui("tui.emergency_now"), self.ui("plain.how"), "")
            self.walk()
            self.results()
            return Exit.OK
        except EndOfInput:
            self.say("", self.ui("plain.end_of_input"))
            if self.answers:  # nothing lost: what was answered, as a summary
                # U-S6: the last lines on the terminal are what to do now.
                self.say("", to_text_ending_with_action(
                    self.content, assess(self.content, self.answers), self.words,
                    width=self.width or WIDTH))
            return Exit.INPUT

    def walk(self) -> None:
        """Show each step the session gives, until the review is accepted."""
        session, content = self.session, self.content
        step = session.next_step(content)
        while True:
            if step.kind == "review":
                try:
                    edit = self.review()
                except _More:
                    session.tell_more()
                    step = session.next_step(content)
                    continue
                if edit is None:
                    return
                step = session.show(Step("question", edit))
                continue
            if step.optional:
                assert step.qid is not None
                try:
                    self.question(self.content.question(step.qid), optional=True)
                except (_Done, _Back):
                    session.stop_more()
                step = session.next_step(content)
                continue
            if step.kind == "urgent":
                self.alert(list(step.flags), urgent=True, unsure=step.unsure, rules=step.rules)
            else:
                try:
                    self.screen(step)
                except _Back:
                    before = session.back(content)
                    if before is None:
                        self.say(self.ui("plain.no_back"))
                        session.show(step)
                    else:
                        step = before
                    continue
            step = session.next_step(content)

    def screen(self, step: Step) -> None:
        """One question, or a group's rows one by one under the group's title."""
        if step.kind == "group":
            assert step.group is not None
            self.say("", f"== {self.words.t(self.content.group(step.group).title)} ==")
            i = 0
            while i < len(step.qids):
                try:
                    self.question(self.content.question(step.qids[i]), row=True)
                except _Back:
                    if i == 0:
                        raise  # the screen before this one: the session's decision
                    i -= 1  # the row above, on the same screen (as moving up in the TUI)
                    continue
                i += 1
        else:
            assert step.qid is not None
            self.question(self.content.question(step.qid))

    def question(self, q: Question, row: bool = False, optional: bool = False) -> None:
        """Ask one question until it is answered (recorded in the session); raises
        _Back for "back". A group row must be answered: no "skip". An optional
        question ("Tell us more") may always be skipped; "done" raises _Done."""
        w = self.words
        n, total = progress(self.content, self.answers, q.id)
        self.say("", w.ui("tui.progress").format(n=n, total=total), w.t(q.prompt))
        options = self.options(q)
        for i, (_, label) in enumerate(options, 1):
            self.say(f"  {i}. {label}")
        if q.type == "multi":
            self.say(self.ui("plain.multi_hint"))
        elif q.type == "scale" and q.min_label and q.max_label:
            self.say(f"{q.min:g} = {w.t(q.min_label)}. {q.max:g} = {w.t(q.max_label)}.",
                     self.ui("plain.number_hint", low=f"{q.min:g}", high=f"{q.max:g}"))
        elif q.type == "number":
            self.say(self.ui("plain.number_hint", low=f"{q.min:g}", high=f"{q.max:g}"))
        skippable = optional or (q.type != "yes_no_unsure" and not q.unknown_option_ids
                                 and not row)
        if optional:
            self.say(self.ui("plain.more_hint"))
        elif q.type in ("single", "multi") and skippable:
            self.say(self.ui("plain.skip_hint"))
        earlier = self.answers.get(q.id)
        if earlier is not None:
            self.say(self.ui("plain.before", answer=w.answer(q, earlier)))
        while True:
            line = self.ask()
            if self.means(line, "back"):
                raise _Back
            if optional and self.means(line, "done"):
                raise _Done
            if self.means(line, "why"):
                self.say(f"{w.ui('tui.why')}: {w.t(q.help)}")
                continue
            if self.means(line, "help"):
                self.say(self.ui("plain.help"))
                continue
            if self.means(line, "words"):
                for term in self.content.glossary:
                    self.say(f"{w.t(term.term)}: {w.t(term.means)}")
                continue
            if skippable and self.means(line, "skip"):
                self.say(self.ui("plain.chose", answer=w.answer(q, None)))
                self.record(q, None)
                return
            try:
                value = self.parse(q, line, options)
                value = self.session.check(self.content, q.id, value, w)  # the one rule
            except AnswerError as exc:
                self.say(str(exc))
                continue
            self.say(self.ui("plain.chose", answer=w.answer(q, value)))
            self.record(q, value)
            return

    def options(self, q: Question) -> list[tuple[str, str]]:
        if q.type == "yes_no_unsure":
            return [(o, self.words.ui(f"answer.{o}")) for o in q.option_ids]
        return [(o.id, self.words.t(o.label)) for o in q.options]

    def parse(self, q: Question, line: str, options: list[tuple[str, str]]) -> Any:
        if q.type in ("scale", "number"):
            return parse_number(q, line, self.words)
        if not line:
            raise AnswerError(self.ui("plain.bad_choice", n=len(options)))
        picks = [p for p in re.split(r"[,\s]+", line) if p] if q.type == "multi" else [line]
        chosen: list[str] = []
        for pick in picks:
            oid = self._option(pick, options)
            if oid is None:
                raise AnswerError(self.ui("plain.bad_choice", n=len(options)))
            if oid not in chosen:
                chosen.append(oid)
        # Exclusive options and the rest of the answer rules: Session.check.
        return chosen if q.type == "multi" else chosen[0]

    @staticmethod
    def _option(pick: str, options: list[tuple[str, str]]) -> str | None:
        if pick.isdigit() and 1 <= int(pick) <= len(options):
            return options[int(pick) - 1][0]
        low = pick.lower()
        for oid, label in options:  # a word works too: "yes", "no", "not sure"
            if low in (oid.lower(), label.lower()):
                return oid
        return None

    def record(self, q: Question, value: Any) -> None:
        new = self.session.record(self.content, q.id, value)
        if new:  # an emergency interrupts at once, even in the middle of a group
            self.alert(new, urgent=False)

    def alert(self, hits: list[Any], urgent: bool, unsure: Sequence[Any] = (),
              rules: Sequence[str] = ()) -> None:
        """Warning signs, at once: what to do and why; then summary or continue."""
        w = self.words
        title = w.ui("tui.urgent_title") if urgent else w.ui("tui.get_help_now").upper()
        self.say("", f"!! {title} !!")
        for block in alert_blocks(w, hits, unsure, rules):
            self.say(*block)
        while True:
            self.say(self.ui("plain.alert_choice"))
            word = self.ask()
            if self.means(word, "summary"):
                self.say("", to_text(self.content, assess(self.content, self.answers), w,
                                           width=self.width or WIDTH))
            elif self.means(word, "continue"):
                return
            elif self.means(word, "quit"):
                raise SystemExit(self.leave())
            else:
                continue

    def leave(self) -> int:
        # U-S6: the last lines on the terminal are what to do now.
        self.say("", to_text_ending_with_action(self.content, assess(self.content, self.answers),
                                                self.words,
                                                width=self.width or WIDTH))
        return Exit.OK

    def review(self) -> str | None:
        """Every answer, to check: the question to change, or None to see the
        results. Input that ends here, after every answer, means "see the results"
        (U-B10: a piped run gets its results, not "the input ended")."""
        w = self.words
        while True:
            asked = self.session.asked(self.content)
            self.say("", w.ui("tui.review_title"))
            for i, qid in enumerate(asked, 1):
                q = self.content.question(qid)
                self.say(f"  {i}. {w.t(q.short)}: {w.answer(q, self.answers.get(qid))}")
            self.say(self.ui("plain.review_hint"))
            more = self.session.optional(self.content)
            if more:  # "Tell us more": offered, never required (Enter skips it)
                self.say(self.ui("plain.more_offer", n=len(more)))
            try:
                line = self.ask()
            except EndOfInput:
                self.say("")
                return None
            if not line:
                return None
            if more and self.means(line, "more"):
                raise _More
            if line.isdigit() and 1 <= int(line) <= len(asked):
                return asked[int(line) - 1]
            self.say(self.ui("plain.bad_choice", n=len(asked)))

    def results(self) -> None:
        """The results, from the one result view model every screen and format uses."""
        from .reports.result_view import build_view

        w, content = self.words, self.content
        a = assess(content, self.answers)
        v = build_view(content, a, w)
        self.say("", w.ui("tui.results_title"), v.headline, v.action)
        if v.why:  # U-S3: why, right under the disposition
            self.say("", f"{w.ui('out.why_disposition')}:",
                     *(f"{'!' if x.found else '?'} {x.text(w)}" for x in v.why))
        if v.checking_first:
            # What needs checking first (engine.checking_first): no likely causes.
            self.say("", w.ui("out.checking_first"), w.ui("out.checking_first_note"))
            for check in v.checking_first:
                self.say(f"{'!' if check.found else '?'} {check.label}", f"  {check.action}")
                if check.evidence:
                    lead = "out.because_you_said" if check.found else "out.not_ruled_out_because"
                    self.say(f"  {w.ui(lead)}:", *(f"  - {x}" for x in check.evidence))
        else:
            self.say("", w.ui("out.likely_causes"), w.ui("out.likely_causes_note"))
            for c in v.causes:
                self.say(f"- {c.label} ({c.likelihood}).", f"  {c.summary}")
            if not v.causes:
                self.say(f"- {w.ui('out.none')}")
        self.say("", w.ui("out.first_steps"))
        for step in v.first_steps:
            self.say(f"- {step.label}. {step.goal}")
            for i, line in enumerate(step.how, 1):
                self.say(f"  {self.ui('plain.step', n=i)} {line}")
            self.say(f"  {w.ui('tui.how_much')}: {step.dose}",
                     f"  {w.ui('tui.how_it_feels')}: {step.feel}",
                     f"  {w.ui('tui.when_to_stop')}: {step.stop_if}",
                     f"  {w.ui('tui.not_for')}: {step.not_for}")
        self.say("", w.ui("plain.summary_follows"), "", to_text(content, a, w))


def run_plain(words: Words, stdin: TextIO, stdout: TextIO) -> int:
    def read() -> str | None:
        line = stdin.readline()
        return None if line == "" else line

    try:
        return PlainSession(words, read, stdout).run()
    except SystemExit as stop:
        return int(stop.code or 0)
