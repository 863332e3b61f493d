"""A modal screen that closes once, however many keys or clicks arrive together.

Textual raises InvalidStateError if dismiss() runs twice (found by the monkey
test: Esc and F1 pressed together on the help screen)."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen

from ..widgets.steady import SteadyScreen

R = TypeVar("R")


class Dialog(SteadyScreen, ModalScreen[R], Generic[R]):
    _dialog_done = False

    def close(self, result: R) -> None:
        if self._dialog_done:
            return
        self._dialog_done = True
        self.dismiss(result)
