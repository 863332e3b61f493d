"""The command palette, with two guards for Textual 8.2.8 races found by
tests/test_monkey.py (each would otherwise close the app with an error):

- Page Up/Down pressed before the palette's list is laid out raises KeyError
  in OptionList._move_page (Ctrl+P, then Page Down at once).
- A click on the list just as its options change carries the old option index
  and raises IndexError in OptionList._on_click.
- The search worker can start after the palette has begun to close, and fails
  looking for its list (NoMatches in _gather_commands).
- Two quick clicks on the background dismiss it twice (InvalidStateError).

Until these are fixed upstream, such a key or click does nothing here.

The search box also takes at most 80 characters, so a huge paste never becomes a
search (and the memory of one).
"""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Button, LoadingIndicator

from .steady import SteadyScreen


class SafeCommandList(CommandList):
    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("option")
        if index is not None and not 0 <= index < self.option_count:
            # Textual calls the handler of every class in the MRO unless told not to.
            event.prevent_default()
            event.stop()


class SafeCommandPalette(SteadyScreen, CommandPalette):
    def compose(self) -> ComposeResult:
        # CommandPalette.compose (Textual 8.2.8), with SafeCommandList.
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                # A search needs a few words; a huge paste is refused whole (S-F12:
                # the search worker keeps what it searched for a while).
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False,
                                   max_length=80)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield SafeCommandList()
                yield LoadingIndicator()

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        if not self.is_attached or not self.query(CommandList):
            return  # closing already: nothing to search for
        try:
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
        except NoMatches:
            if self.is_attached and self.query(CommandList):
                raise

    _palette_dismissed = False

    def dismiss(self, result: None = None) -> AwaitComplete:
        if self._palette_dismissed:
            return AwaitComplete()  # already closing
        self._palette_dismissed = True
        return super().dismiss(result)

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):
            if action not in ("page_up", "page_down"):
                raise
