"""The Textual floor: a bare app with the same kind of widgets as sciatica-tui's
first screen (header, text, a radio list, a button, footer). It shows "Start" on
its first screen, like sciatica-tui's welcome screen once it is ready."""

from textual.app import App, ComposeResult
from textual.widgets import Button, Footer, Header, RadioButton, RadioSet, Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("This tool asks about your back and leg pain.")
        yield RadioSet(RadioButton("Yes"), RadioButton("No"), RadioButton("Not sure"))
        yield Button("Start")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
