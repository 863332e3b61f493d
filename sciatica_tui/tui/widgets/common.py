"""Small widgets shared by many screens. (The answer control is picker.py,
imported only with the question screen: the first frame does not need them.)"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """The app's title on the top line. (Textual's Header watches the app title
    from each screen and can fail when a screen is replaced while it mounts.)"""

    def on_mount(self) -> None:
        self.update(self.app.title)
