"""Every use of Textual's private API, in one place.

Textual is pinned (8.2.8); what this module relies on is checked by
tests/test_compat.py, which fails if a Textual release changes it. Each piece
names the upstream behaviour it works around.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import App
    from textual.driver import Driver


class TerminalOutput:
    """What Textual's writer thread writes the screen to: the terminal, until it
    goes away; after that, nowhere.

    Textual 8.2.8's WriterThread (textual/drivers/_writer_thread.py) ends when a
    write to the terminal raises, and nothing notices: the app keeps putting its
    output on the thread's queue, which holds 30 items. The 31st write, or the
    `WriterThread.stop()` that `App._shutdown` calls, then blocks the event loop
    for good; SIGTERM is ignored from then on, because asyncio runs its signal
    handlers on that loop. A closed terminal makes every write fail with EIO, so
    closing the window while output is flowing (keys arriving) left the process
    stuck (review finding S-F3). Upstream reports the same dead-writer hang
    reached through `App.suspend`: https://github.com/Textualize/textual/issues/6692

    Here a failed write marks the terminal gone and calls `on_gone` once; later
    writes are dropped, so the writer thread keeps emptying its queue and no
    write can block for ever."""

    def __init__(self, stream: IO[str], on_gone: Callable[[], None]) -> None:
        self._stream = stream
        self._on_gone = on_gone
        self.gone = False

    def write(self, text: str) -> None:
        if not self.gone:
            try:
                self._stream.write(text)
            except (OSError, ValueError):  # EIO, a closed stream, ... (a terminal
                self._lost()  # left non-blocking by another program too: ending beats hanging)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._lost()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _lost(self) -> None:
        self.gone = True
        self._on_gone()


def sturdy(driver_class: type[Driver]) -> type[Driver]:
    """Textual's choice of driver, with SturdyLinuxDriver in place of LinuxDriver."""
    if sys.platform != "win32" and driver_class is LinuxDriver:
        return SturdyLinuxDriver
    return driver_class


if sys.platform != "win32":  # Textual's Linux driver needs termios
    from textual.drivers.linux_driver import LinuxDriver

    class SturdyLinuxDriver(LinuxDriver):
        """Textual's Linux terminal driver, made safe to lose its terminal.

        1. Its output goes through `TerminalOutput` (above). When the terminal goes
           away the app is told at once: its `end_now()` if it has one, else `exit()`.
        2. It resumes only after its own stop. LinuxDriver re-enters application mode
           on every SIGCONT. A closing terminal sends SIGHUP and SIGCONT together
           (the kernel's hang-up), so 8.2.8 started a second input thread and a new
           writer thread on the dead terminal, from inside a signal handler, while
           the app was shutting down. A SIGCONT that follows our own SIGTSTP
           (Ctrl+Z, then `fg`) still resumes as before."""

        _stopped = False  # a SIGTSTP stopped us, so the next SIGCONT resumes

        def __init__(self, app: App[Any], *, debug: bool = False, mouse: bool = True,
                     size: tuple[int, int] | None = None) -> None:
            super().__init__(app, debug=debug, mouse=mouse, size=size)
            # LinuxDriver.start_application_mode gives self._file (sys.__stderr__) to
            # its WriterThread; that thread then writes through this.
            if self._file is not None:
                self._file = TerminalOutput(  # type: ignore[assignment]
                    self._file, self._terminal_gone)

        def _terminal_gone(self) -> None:
            """In the writer thread: hand over to the app's event loop (Driver._loop)."""
            if not self._loop.is_closed():
                end = getattr(self._app, "end_now", None) or self._app.exit
                self._loop.call_soon_threadsafe(end)

        def _sigtstp_application(self, *args: Any) -> None:
            self._stopped = True
            super()._sigtstp_application(*args)

        def _sigcont_application(self, *args: Any) -> None:
            if self._stopped:
                self._stopped = False
                super()._sigcont_application(*args)


def stop_input(app: App[Any]) -> None:
    """Stop reading keys now, not when the app has finished closing: no more keys
    arrive, and the input thread stops spinning on a terminal that has gone (at
    end of input, 8.2.8's input thread loops without pause:
    https://github.com/Textualize/textual/pull/6690)."""
    driver = app._driver
    if driver is not None:
        driver.disable_input()


class PlainErrors:
    """App mixin: an unexpected error ends the app with the app's own words
    instead of Textual's traceback, which shows local variables (answers among
    them). The app provides `error_report()`: what to print after it has closed
    (nothing, a line, or a traceback for bug reports)."""

    def error_report(self) -> list[RenderableType]:
        raise NotImplementedError

    def _fatal_error(self) -> None:  # App._fatal_error, called by App._handle_exception
        app: Any = self
        app._exit_renderables.extend(self.error_report())
        app._close_messages_no_wait()
