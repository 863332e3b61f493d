"""Answer controls whose chosen state shows as a symbol, not only as a colour.

Textual draws the same dot (radio) or X (checklist) for chosen and not chosen
options and tells them apart by colour alone; with NO_COLOR or on a monochrome
screen they would look the same. Here an option that is not chosen shows a blank.
On terminals without good Unicode (see caps.py) the marks are ( ), (*), [ ], [x].
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList

from .compat import MarkedRadioButton, ToggleButton


class Choice(MarkedRadioButton):
    def set_marks(self) -> None:
        plain = self.app.has_class("-ascii")
        self.BUTTON_LEFT = "(" if plain else RadioButton.BUTTON_LEFT
        self.BUTTON_RIGHT = ")" if plain else RadioButton.BUTTON_RIGHT
        inner = "*" if plain else RadioButton.BUTTON_INNER
        self.BUTTON_INNER = inner if self.value else " "


class Checklist(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        plain = self.app.has_class("-ascii")
        ascii_marks = {ToggleButton.BUTTON_LEFT: "[", ToggleButton.BUTTON_RIGHT: "]"}
        segments = []
        for seg in strip:
            meta = seg.style.meta if seg.style is not None else {}
            if seg.text == ToggleButton.BUTTON_INNER and "option" in meta:
                option = self.get_option_at_index(meta["option"])
                chosen = option.value in self.selected
                mark = ("x" if plain else seg.text) if chosen else " "
                seg = Segment(mark, seg.style)
            elif plain and seg.text in ascii_marks:
                seg = Segment(ascii_marks[seg.text], seg.style)
            segments.append(seg)
        return Strip(segments, strip.cell_length)
