"""Words the program shows that Textual or a screen's BINDINGS spell in English:
the footer's key names and Textual's own palette commands, each looked up in
content/ui.toml (`key.*`, `textual.*`) for the person's language. One place, so
that a new binding with no translation still shows (in English) and the Spanish
screen test (tests/test_spanish_screens.py) finds it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult, SystemCommand
from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from ..core.words import Words


def ui_key(prefix: str, english: str) -> str:
    """"Why we ask" -> "key.why_we_ask"."""
    return prefix + re.sub(r"[^a-z0-9]+", "_", english.lower()).strip("_")


def localise(words: Words | None, prefix: str, english: str) -> str:
    """`english` in the person's language when ui.toml has it, else as it is."""
    if words is None or not english:
        return english
    key = ui_key(prefix, english)
    return words.ui(key) if key in words.content.ui else english


def app_words(app: Any) -> Words | None:
    """The app's loaded words; None before they are read, or in an app that is not
    ours (the footer also runs in Textual's own screens and test apps)."""
    return getattr(app, "words", None)


def key_words(app: Any, english: str) -> str:
    return localise(app_words(app), "key.", english)


class Footer(TextualFooter):
    """Textual's footer, with each key's description in the person's language.
    Named Footer so that CSS type rules (Textual's scoped DEFAULT_CSS, app.tcss)
    match it exactly as they match Textual's: the screens look the same."""

    # What the keys were when the footer was last asked to redraw (see below).
    _drawn: tuple[Any, ...] | None = None

    def _keys(self) -> tuple[Any, ...]:
        """Everything the footer's drawing depends on: the screen's keys that it
        shows (Textual's Footer draws only those, and the palette's key), the
        person's words and whether the palette key shows. A key it does not show
        (a focused button's Enter, a line's arrows) changes nothing drawn: moving
        the focus from Next to a group's first line redrew the whole footer in
        the middle of showing the next group (issue 19)."""
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = tuple((key, b.key, b.key_display, b.action, b.description, b.group, enabled,
                      tooltip, b.tooltip)
                     for key, (_, b, enabled, tooltip) in self.screen.active_bindings.items()
                     if b.show or key == palette)
        return keys, id(app_words(self.app)), self.show_command_palette

    def bindings_changed(self, screen: Any) -> None:
        """Textual redraws the whole footer (a dozen widgets, restyled and laid out)
        each time a screen's keys may have changed: on every focus move, so on every
        answer. Redraw it only when they did change (speed review P3)."""
        if screen is self.screen and self.is_attached and screen.app.app_focus:
            keys = self._keys()
            if keys == self._drawn and self._keys_ready:
                return
            self._drawn = keys
            self._keys_ready = True
        super().bindings_changed(screen)

    # Told of the screen's keys once (Textual's footer draws no key before it is).
    _keys_ready = False

    def redraw(self) -> None:
        """Draw the keys again now that the person's words are read, remembering
        what they are drawn from (or the next change of focus draws them again)."""
        if self.is_attached:
            self._drawn = self._keys()
        self.call_later(self.recompose)

    def draw_ahead(self) -> None:
        """The footer of a screen built ahead, off the stack (tui/compat.py
        prebuild), is drawn now with the screen's keys: remember them, so that
        showing the screen does not draw them again."""
        self._drawn = self._keys()
        self._keys_ready = True

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # Textual's FooterKey (its module is private: found by its field).
            described = getattr(widget, "description", None)
            if isinstance(described, str):
                key: Any = widget  # a FooterKey: its description is public
                key.description = key_words(self.app, described)
                # Made with the footer's look already (compact or not): Textual's
                # FooterKey starts compact and is set back by its data binding,
                # each step restyling the key (issue 19: a key drawn once, not three
                # times, on every screen's footer). The palette's key has no
                # binding: it keeps its own look, compact (Textual's default; were
                # that to change, its watcher would still set it right).
                compact = getattr(type(key), "compact", None)
                if key.has_class("-command-palette"):
                    key.set_class(True, "-compact", update=False)
                elif compact is not None:
                    key.set_reactive(compact, self.compact)
                    key.set_class(self.compact, "-compact", update=False)
                tip = widget.tooltip
                if isinstance(tip, str) and tip:
                    widget.tooltip = key_words(self.app, tip)
            yield widget


WordsFooter = Footer  # the name the screens import


def system_commands(words: Words | None, commands: Iterable[SystemCommand]
                    ) -> Iterable[SystemCommand]:
    """Textual's own palette commands (Theme, Quit, Keys...) in the person's language."""
    for c in commands:
        yield SystemCommand(localise(words, "textual.", c.title),
                            localise(words, "textual.", c.help), c.callback, c.discover)
