"""Taking the summary away: save to a file, print, or scan a QR code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from ..messages import LeaveScreen
from ..widgets.steady import SteadyScreen
from .dialog import Dialog

if TYPE_CHECKING:
    from ...core.engine import Assessment
    from ...core.words import Words

SIDE = 34  # columns kept for the words beside the QR code


def default_folder() -> Path:
    home = Path.home()
    documents = home / "Documents"
    return documents if documents.is_dir() else home


def _pdf_available() -> bool:
    """The PDF is our own writer's; it needs only the shipped font files."""
    from ...reports.formats.pdf_fonts import FONTS, WHOLE

    return all((FONTS / name).is_file() for name in WHOLE.values())


class SaveDialog(Dialog[None]):
    """Choose a folder and a format; the file is readable by its owner only."""

    BINDINGS = [Binding("escape", "close", show=False)]

    def __init__(self, words: Words, a: Assessment) -> None:
        super().__init__()
        self.words, self.a = words, a

    def compose(self) -> ComposeResult:
        w = self.words
        # U-B8: the format chosen at the start (a web page) is also the first, so the
        # highlight and the choice agree until the person moves. Names in the
        # person's language (U-B4).
        names = ["html", "text", "markdown", "fhir"]
        if _pdf_available():
            names.insert(1, "pdf")
        formats = [(fmt, w.ui(f"save.format.{fmt}")) for fmt in names]
        with Vertical(classes="dialog"):
            yield Static(w.ui("tui.save_title"), classes="prompt")
            yield Static(w.ui("tui.save_folder"))
            yield Input(str(default_folder()), id="folder")
            yield Static(w.ui("tui.save_format"))
            yield RadioSet(*(RadioButton(label, value=(fmt == "html"), name=fmt)
                             for fmt, label in formats), id="format")
            yield Static("", id="result", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.save"), id="save", variant="primary")
                yield Button(w.ui("tui.close"), id="close")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#folder")
    def save(self) -> None:
        from ...core.words import now
        from ...reports.formats import EXTENSIONS, render
        from ...store.private_file import OutputError, write_private

        button = self.query_one("#format", RadioSet).pressed_button
        fmt = button.name if button is not None and button.name else "html"
        folder = Path(self.query_one("#folder", Input).value.strip() or ".").expanduser()
        stem = f"sciatica-summary-{now():%Y%m%d-%H%M}"
        result = self.query_one("#result", Static)
        try:
            data = render(fmt, self.words.content, self.a, self.words)
            for n in range(1, 100):
                name = f"{stem}.{EXTENSIONS[fmt]}" if n == 1 else f"{stem}-{n}.{EXTENSIONS[fmt]}"
                if not (folder / name).exists():
                    break
            path = write_private(folder / name, data)
        except (OutputError, OSError) as exc:
            result.update(self.words.ui("tui.save_failed").format(error=exc))
            result.set_class(True, "error")
            return
        result.set_class(False, "error")
        result.update(self.words.ui("tui.saved").format(path=path))

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.close(None)


class QrScreen(SteadyScreen, Screen[None]):
    """A QR code with a compact summary, as big as the window allows, dark on light."""

    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, words: Words, a: Assessment) -> None:
        super().__init__()
        self.words, self.a = words, a
        self.text = ""

    def compose(self) -> ComposeResult:
        w = self.words
        with Horizontal(id="qr-layout"):
            yield Static("", id="qr")
            with VerticalScroll(id="qr-side"):
                yield Static(w.ui("tui.qr_title"), classes="prompt")
                yield Static("", id="qr-text", markup=False)
                yield Button(w.ui("tui.close"), id="close", variant="primary")

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        from ...reports.handoff import qr_for_screen

        size = self.app.size
        qr, holds = self.query_one("#qr", Static), self.query_one("#qr-text", Static)
        try:
            lines, self.text = qr_for_screen(self.words.content, self.a, self.words,
                                             size.width - SIDE, size.height)
        except ValueError:
            qr.display = False
            holds.update(self.words.ui("tui.qr_too_small"))
            return
        qr.display = True
        qr.update("\n".join(lines))
        holds.update(f"{self.words.ui('tui.qr_holds')}\n\n{self.text}")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.post_message(LeaveScreen(self))
