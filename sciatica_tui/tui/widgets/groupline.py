"""One line of a group screen as one widget: its question, a scale's ends, its
answers in a row, and what to do when there is something to say (issue 19).

A line was a container holding three or four widgets (the question, the scale's
ends, a Picker, an error line); a group screen of eight lines had 38 widgets to
compose, style and lay out, which was most of Start -> first question and of
Enter on a finished group. A GroupLine is a Picker (the same keys, clicks on an
option, focus and messages) that draws the rest itself, each part styled by a
component class of app.tcss:

- `group-line--prompt`: the question (bold while the line has the focus, with a
  bar on the line's left: not colour alone);
- `group-line--ends`: what a scale's ends mean ("0 = No pain   10 = ...");
- `group-line--error`: what to do, under the answers, when something is said.

The answers sit one column in and break between two options, never inside one,
exactly as a Picker on its own draws them. In large text (App.-large) each part
but the answers has a blank row under it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.content import Content

from .picker import Look, Picker

INDENT = 1  # the answers' columns in from the line's edge (each side)


class GroupLine(Picker):
    COMPONENT_CLASSES = Picker.COMPONENT_CLASSES | {
        "group-line--prompt", "group-line--ends", "group-line--error"}

    def __init__(self, options: Sequence[tuple[str, str]], *, prompt: str, ends: str = "",
                 look: Look = "row", multi: bool = False,
                 rule: Callable[[list[str], str], list[str]] | None = None,
                 chosen: Sequence[str] = (), name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(options, look=look, multi=multi, rule=rule, chosen=chosen,
                         name=name, id=id, classes=classes)
        self.prompt = prompt
        self.ends = ends  # a scale's ends ("" for none)
        self.error = ""  # what to do, said under the answers ("" for nothing)
        self._large = False  # drawn for large text (see relayout)
        self.leaving = False  # being taken down (a line the next group had no use for)

    def reset_to(self, other: Picker) -> None:
        """Become `other` (a line made for the next group's question, never
        mounted): its question and answers, nothing said under it."""
        if isinstance(other, GroupLine):
            self.prompt, self.ends = other.prompt, other.ends
        self.error = ""
        super().reset_to(other)

    def say(self, text: str) -> None:
        """Say `text` under the answers ("" says nothing)."""
        if text != self.error:
            self.error = text
            self.refresh(layout=True)

    def relayout(self) -> None:
        """Drawn again if large text was turned on or off since it was drawn
        (the air under each part depends on it)."""
        if self._large != self.app.has_class("-large"):
            self.refresh(layout=True)

    @property
    def text(self) -> str:
        """What the line says, as plain text (its question, a scale's ends, its
        answers and what to do)."""
        return self.render().plain

    def render(self) -> Content:  # type: ignore[override]
        width = self._measuring or self.content_size.width
        self._large = large = self.app.has_class("-large")
        air = [Content("")] if large else []
        lines: list[Content] = [Content(self.prompt).stylize(
            self.get_visual_style("group-line--prompt")), *air]
        if self.ends:
            lines += [Content(self.ends).stylize(
                self.get_visual_style("group-line--ends")), *air]
        inner = max(1, width - 2 * INDENT) if width else 0
        answers = Content.from_rich_text(self._answers(inner), console=self.app.console)
        pad = " " * INDENT
        if inner:
            # Wrapped here as the Picker's own box would wrap them, then set in.
            lines += [pad + line for line in answers.wrap(inner)]
        else:
            lines += [pad + line for line in answers.split(allow_blank=True)]
        if self.error:
            lines += [Content(self.error).stylize(
                self.get_visual_style("group-line--error")), *air]
        return Content("\n").join(lines)

    def _answers(self, width: int) -> Text:
        """The answers as Picker.render draws them at `width`."""
        saved = self._measuring
        self._measuring = width or 0
        try:
            return super().render()
        finally:
            self._measuring = saved
