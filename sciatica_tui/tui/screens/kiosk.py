"""Kiosk mode's dialogs: "are you still there?" and the staff PIN.

Both take their time from the app's clock (`SciaticaApp.clock`), so tests can
drive them without waiting for real seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ..messages import app_of
from .dialog import Dialog

if TYPE_CHECKING:
    from ...store.staff_pin import PinGuard


class StillThere(Dialog[bool]):
    """Counts down; a key, click or paste before zero keeps the session (True). At
    zero the session ends there and then (SciaticaApp.restart): the dialog and every
    screen of the last person go in the same step, so a key that arrives after that
    lands on the fresh welcome screen and can bring nothing back."""

    def __init__(self, text: str, title: str, keep: str, seconds: int,
                 clock: Callable[[], float]) -> None:
        super().__init__()
        self.text, self.title_text, self.keep = text, title, keep
        self.clock = clock
        self.started = clock()
        self.deadline = self.started + seconds

    @property
    def left(self) -> int:
        """Whole seconds left, rounded up (what the dialog shows)."""
        return max(0, math.ceil(self.deadline - self.clock()))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="prompt")
            yield Static(self.text.format(n=self.left), id="countdown")
            with Horizontal(classes="buttons"):
                yield Button(self.keep, id="keep", variant="primary")

    def on_mount(self) -> None:
        self.set_interval(0.25, self.tick)

    def tick(self) -> None:
        if self._dialog_done:
            return
        active = app_of(self).last_activity > self.started
        if active and self.is_current:
            self.close(True)  # a key or click that did not reach this dialog
            return
        if self.left <= 0:
            self._dialog_done = True  # no key can keep it now
            app_of(self).restart()
            return
        self.query_one("#countdown", Static).update(self.text.format(n=self.left))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.close(True)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.close(True)

    def on_click(self) -> None:
        self.close(True)

    @on(Button.Pressed, "#keep")
    def keep_going(self) -> None:
        self.close(True)


class StaffPin(Dialog[bool]):
    """Asks staff for the PIN and checks it in a thread (PBKDF2 is slow on purpose,
    and the screen must stay responsive). Returns True for the right PIN, False or
    None otherwise. Wrong PINs are counted, shown, and slow the next try (PinGuard).
    A hash that cannot be checked lets the exit keys close the kiosk (staff must
    always be able to leave), and says why."""

    BINDINGS = [("escape", "cancel")]

    def __init__(self, strings: dict[str, str], hashed: str | None, guard: PinGuard) -> None:
        super().__init__()
        from ...store.staff_pin import hash_problem

        self.strings, self.hashed, self.guard = strings, hashed, guard
        self.problem = hash_problem(hashed)
        self.checking = False

    def ui(self, key: str, default: str, **kw: object) -> str:
        text = self.strings.get(key) or default
        return text.format(**kw) if kw else text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.ui("tui.pin_title", "Staff PIN"), classes="prompt")
            yield Input(password=True, id="pin", max_length=12)
            yield Static("", id="pin-error", classes="error")
            yield Static("", id="pin-tries", classes="help")

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()
        self.show_state()
        self.set_interval(1, self.show_state)

    def show_state(self, error: str = "") -> None:
        """The wrong-PIN count, and how long until the next try, if any."""
        if not self.is_attached or self.checking:
            return
        box = self.query_one("#pin", Input)
        wait = self.guard.wait()
        message = error
        if self.problem:
            message = self.ui("tui.pin_unusable", "The staff PIN in the settings cannot be "
                              "checked ({error}). Press Enter to close the kiosk.",
                              error=self.problem)
        elif wait > 0:
            message = (f"{error}\n" if error else "") + self.ui(
                "tui.pin_wait", "Too many wrong PINs. Try again in {n} seconds.",
                n=math.ceil(wait))
        box.disabled = wait > 0 and not self.problem
        if not box.disabled and self.focused is None:
            box.focus()
        self.query_one("#pin-error", Static).update(message)
        tries = self.guard.failures
        self.query_one("#pin-tries", Static).update(
            self.ui("tui.pin_tries", "Wrong PINs since the kiosk was opened: {n}", n=tries)
            if tries else "")

    @on(Input.Submitted, "#pin")
    def submit(self, event: Input.Submitted) -> None:
        if self.problem:
            self.close(True)  # an unusable hash: the exit keys alone close the kiosk
            return
        if self.checking or self.guard.wait() > 0:
            return
        box = self.query_one("#pin", Input)
        if not box.value:  # Enter on an empty box is not a try
            self.show_state(self.ui("tui.pin_empty", "Type the PIN first."))
            return
        self.checking = True
        pin, box.value = box.value, ""  # the PIN is not kept on screen
        box.disabled = True
        self.query_one("#pin-error", Static).update(self.ui("tui.pin_checking", "Checking..."))
        self.check(pin)

    @work(thread=True, exclusive=True, group="staff-pin")
    def check(self, pin: str) -> None:
        from ...store.staff_pin import pin_matches

        right = pin_matches(pin, self.hashed)
        try:
            self.app.call_from_thread(self.checked, right)
        except RuntimeError:  # the app has closed meanwhile
            pass

    def checked(self, right: bool) -> None:
        self.checking = False
        if not self.is_attached:  # reset while checking: only the count is kept
            if not right:
                self.guard.failed()
            return
        if right:
            self.guard.succeeded()
            self.close(True)
            return
        self.guard.failed()
        self.show_state(self.ui("tui.pin_wrong", "That PIN is not right."))

    def action_cancel(self) -> None:
        self.close(False)
