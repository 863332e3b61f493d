"""The command palette, with two guards for Textual 8.2.8 races found by
tests/test_monkey.py (each would otherwise close the app with an error):

- Page Up/Down pressed before the palette's list is laid out raises KeyError
  in OptionList._move_page (Ctrl+P, then Page Down at once).
- A click on the list just as its options change carries the old option index
  and raises IndexError in OptionList._on_click.

Until these are fixed upstream, such a key or click does nothing here.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, LoadingIndicator


class SafeCommandList(CommandList):
    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("option")
        if index is not None and not 0 <= index < self.option_count:
            # Textual calls the handler of every class in the MRO unless told not to.
            event.prevent_default()
            event.stop()


class SafeCommandPalette(CommandPalette):
    def compose(self) -> ComposeResult:
        # CommandPalette.compose (Textual 8.2.8), with SafeCommandList.
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield SafeCommandList()
                yield LoadingIndicator()

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):
            if action not in ("page_up", "page_down"):
                raise
