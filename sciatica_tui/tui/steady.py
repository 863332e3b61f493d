"""Screens that never chase an old terminal size (a fix for a Textual 8.2.8 livelock).

A Textual screen lays itself out at the size carried by each Resize event it
handles, and when its size changes it posts itself a new Resize of that size.
A screen under another one can be left holding two old events of different
sizes (a resize below the minimum and back, while the "too small" cover comes
and goes). While the app is batching updates, Textual also queues a callback
between them, so the two events are never merged: each one re-posts itself,
the queue never empties, and the event loop never gets control back. The app
freezes and its memory grows. The monkey test found this, about one run in ten.

The fix: a Resize whose size is not the terminal's is old news. The screen
handles it as a Resize of the terminal's real size instead. Laying out at the
real size changes nothing the second time, so nothing is re-posted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen

if TYPE_CHECKING:
    _Base = Screen[Any]
else:
    _Base = object


class SteadyResize(_Base):
    """Mix into every screen class, before the Textual base class."""

    async def _on_resize(self, event: events.Resize) -> None:
        app = self.app
        size = app.size
        if app.is_inline or event.size == size:
            return  # a current event: Textual's own handler does the work
        event.stop()
        event.prevent_default()  # the older size is never laid out
        self.post_message(events.Resize(size, size))


class BaseScreen(SteadyResize, Screen[None]):
    """The empty screen at the bottom of the stack (Textual's default, made steady)."""
