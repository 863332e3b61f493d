"""How screens talk to the app.

A screen asks the app for something by posting one of the messages below
(`self.post_message(ShowReport(self))`); it bubbles from the screen to the app,
whose `on_...` handlers in tui/app.py do the work. A screen never calls a method
of the concrete app by name, so a renamed or removed app method is a type error,
not an AttributeError in front of a patient.

Every request names the screen that made it. The app ignores a request from a
screen that has already left the stack (a second press of a button on a screen
that the first press replaced).

Where a message does not fit, a screen uses `app_of(self)`: the app, typed as
AppForScreens, the part of SciaticaApp that screens may use directly (one checked
accessor, not a cast per call):
- reading app state (the loaded words, the cursor blink setting);
- an answer, Back and the kiosk's idle reset. These must change the screen in the
  same turn as the key that made them: a key typed ahead then reaches the next
  question, not the one already answered (S-F11), and no key can reach the last
  person's screen after the idle reset (S-F2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.dom import DOMNode
    from textual.screen import Screen

    from ..core.words import Words
    from ..store.config import Config


@runtime_checkable
class AppForScreens(Protocol):
    """What a screen may use of the app directly (see the module docstring).
    SciaticaApp provides it; tui/app.py has mypy check that it does."""

    words: Words | None
    kiosk: bool
    config: Config
    printer: str | None
    cursor_blink: bool
    last_activity: float

    def record(self, qid: str, value: Any) -> None: ...
    def record_row(self, qid: str, value: Any) -> bool: ...
    def forget_row(self, qid: str) -> None: ...
    def group_answered(self) -> None: ...
    def ask_next(self) -> None: ...
    def go_back(self, stayed: Callable[[], None] | None = None) -> None: ...
    def restart(self) -> None: ...


def app_of(node: DOMNode) -> AppForScreens:
    """The app a widget or screen belongs to, as the screens' view of SciaticaApp
    (a protocol: importing the app here would be an import cycle, as the app
    imports the screens)."""
    app = node.app
    if not isinstance(app, AppForScreens):
        raise TypeError(f"{type(node).__name__} needs the sciatica-tui app, "
                        f"not {type(app).__name__}")
    return app


class Request(Message):
    """A screen asks the app to do something (see the module docstring)."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.screen = screen


class LeaveScreen(Request):
    """Close the requesting screen if it is still on top (Esc, Close)."""


class ShowReport(Request):
    """Show the clinician summary on top of the current screen."""


class ShowResults(Request):
    """The review is done: assess and show the results."""


class Edit(Request):
    """Change one answer, from the review."""

    def __init__(self, screen: Screen[Any], qid: str) -> None:
        super().__init__(screen)
        self.qid = qid


class TellMore(Request):
    """From the review: ask the optional questions ("Tell us more")."""


class StopMore(Request):
    """Stop the optional questions: back to the review."""


class AskNext(Request):
    """Carry on with the questions (after a warning sign)."""


class Restart(Request):
    """End this person's turn: back to a fresh welcome screen."""


class StartQuestions(Request):
    """A new, empty session and its first question."""


class Resume(Request):
    """Carry on with the unfinished assessment kept in the history."""


class StartCheckin(Request):
    """Begin the daily check-in."""


class ShowTrends(Request):
    """Show the check-in trends."""


class ToggleHistory(Request):
    """Turn personal history on or off (asks first)."""


class OpenDemo(Request):
    """Open one demo entry ("kind:id")."""

    def __init__(self, screen: Screen[Any], key: str) -> None:
        super().__init__(screen)
        self.key = key
