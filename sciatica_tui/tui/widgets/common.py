"""Small widgets shared by many screens. (The answer control is picker.py,
imported only with the question screen: the first frame does not need them.)"""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

SCROLL_KEYS = ("up", "down", "pageup", "pagedown", "home", "end")


def scroll_bindings() -> list[Binding]:
    """Keys that scroll a screen's long part wherever the focus is (it starts on
    the buttons beside it, which take none of these keys): each calls the
    screen's `action_scroll_by_key(key)`. Not shown in the footer."""
    return [Binding(key, f"scroll_by_key('{key}')", show=False) for key in SCROLL_KEYS]


def scroll_by_key(widget: Widget, key: str) -> None:
    """Scroll `widget` as `key` (one of SCROLL_KEYS) would with the focus on it."""
    {"up": widget.scroll_up, "down": widget.scroll_down, "pageup": widget.scroll_page_up,
     "pagedown": widget.scroll_page_down, "home": widget.scroll_home,
     "end": widget.scroll_end}[key](animate=False)


class TitleBar(Static):
    """The app's title on the top line. (Textual's Header watches the app title
    from each screen and can fail when a screen is replaced while it mounts.)"""

    def on_mount(self) -> None:
        self.update(self.app.title)
