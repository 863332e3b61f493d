"""Screens that stay steady through two Textual 8.2.8 races. Every screen class
mixes in SteadyScreen (a test checks).

1. Old Resize events (a livelock). A Textual screen lays itself out at the size
carried by each Resize event it handles, and when its size changes it posts
itself a new Resize of that size. A screen under another one can be left holding
two old events of different sizes (a resize below the minimum and back, while the
"too small" cover comes and goes). While the app is batching updates, Textual
also queues a callback between them, so the two events are never merged: each one
re-posts itself, the queue never empties, and the event loop never gets control
back. The app freezes and its memory grows. The monkey test found this, about one
run in ten. The fix: a Resize whose size is not the terminal's is old news. The
screen handles it as a Resize of the terminal's real size instead. Laying out at
the real size changes nothing the second time, so nothing is re-posted.

2. A click on a widget being taken down (a crash). Some widgets replace their
children while the screen is live (the keys panel from the command palette
rebuilds its table whenever the keys change). Until the next frame, the screen's
map still holds the old child, whose parent is gone; a mouse press landing there
made Textual's text selection fail with AttributeError. The monkey found this too.
The fix: a press on a widget with no parent is dropped; the next frame maps the
new child.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen

if TYPE_CHECKING:
    _Base = Screen[Any]
else:
    _Base = object


class SteadyScreen(_Base):
    """Mix into every screen class, before the Textual base class."""

    def _forward_event(self, event: events.Event) -> None:
        if isinstance(event, events.MouseDown):
            widget, _ = self.get_widget_and_offset_at(event.x, event.y)
            if widget is not None and widget is not self and widget.parent is None:
                return  # on a widget being removed (see 2. above)
        super()._forward_event(event)

    async def _on_resize(self, event: events.Resize) -> None:
        app = self.app
        size = app.size
        if app.is_inline or event.size == size:
            return  # a current event: Textual's own handler does the work
        event.stop()
        event.prevent_default()  # the older size is never laid out
        self.post_message(events.Resize(size, size))

