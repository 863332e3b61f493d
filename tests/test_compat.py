"""What sciatica_tui/tui/compat.py relies on in Textual's private API, and the
upstream behaviour it works around. If a Textual release changes either, these
fail and say what to look at (the pin in pyproject.toml is exact)."""

from __future__ import annotations

import asyncio
import inspect
import signal
import threading
from typing import Any

import pytest
from textual.app import App
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread
from textual.drivers.linux_driver import LinuxDriver

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.compat import PlainErrors, SturdyLinuxDriver, TerminalOutput

HANG_GUARD = 20  # seconds: only to end a test that would otherwise hang for ever


class ClosedTerminal:
    """A terminal that has gone: every write fails as a hung-up tty does."""

    def write(self, text: str) -> None:
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


def _write_many(writer: WriterThread, count: int) -> threading.Thread:
    """Write `count` items and stop, from a helper thread (so that a write that
    blocks cannot hang the test)."""
    def work() -> None:
        for n in range(count):
            writer.write(f"frame {n}")
        writer.stop()

    helper = threading.Thread(target=work, daemon=True)
    helper.start()
    helper.join(HANG_GUARD)
    return helper


@pytest.fixture
def driver():
    """A SturdyLinuxDriver for an app that records how it was told to end. Its
    constructor installs SIGTSTP and SIGCONT handlers: put the old ones back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}

    class Ends(App[None]):
        ended: list[str] = []

        def end_now(self) -> None:
            self.ended.append("end_now")

    async def make() -> Any:
        return SturdyLinuxDriver(Ends())

    loop = asyncio.new_event_loop()
    try:
        made = loop.run_until_complete(make())
        made.test_loop = loop
        yield made
    finally:
        loop.close()
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_textual_still_hangs_when_its_writer_thread_loses_the_terminal():
    """The upstream behaviour TerminalOutput works around (textual#6692): a failed
    write ends the writer thread, and its queue of 30 is never emptied again, so
    the 31st write would block for ever. If this fails, Textual has changed it:
    see whether TerminalOutput is still needed."""
    writer = WriterThread(ClosedTerminal())  # type: ignore[arg-type]
    writer.start()
    writer.write("the first frame after the terminal went")
    writer.join(HANG_GUARD)
    assert not writer.is_alive(), "the writer thread survives a failed write now"
    for n in range(MAX_QUEUED_WRITES):
        writer.write(f"frame {n}")
    assert writer._queue.full()  # the next write, or stop(), blocks: the S-F3 hang


def test_the_driver_writes_the_screen_through_terminal_output(driver):
    # LinuxDriver keeps its output stream in _file and gives it to WriterThread.
    assert "WriterThread(self._file)" in inspect.getsource(LinuxDriver.start_application_mode)
    assert isinstance(driver._file, TerminalOutput)
    assert driver._file.fileno() == 2  # sys.__stderr__, as LinuxDriver chose


def test_a_closed_terminal_neither_blocks_the_app_nor_goes_unnoticed(driver):
    output = TerminalOutput(ClosedTerminal(), driver._terminal_gone)  # type: ignore[arg-type]
    writer = WriterThread(output)  # type: ignore[arg-type]
    writer.start()
    helper = _write_many(writer, MAX_QUEUED_WRITES * 4)
    assert not helper.is_alive(), "a write blocked after the terminal went"
    assert not writer.is_alive() and output.gone
    driver.test_loop.run_until_complete(asyncio.sleep(0))  # the app's loop runs the call
    assert driver._app.ended == ["end_now"]


def test_sigcont_resumes_only_after_our_own_stop(driver, monkeypatch):
    # LinuxDriver.__init__ still installs these by name, so the overrides are used.
    assert signal.getsignal(signal.SIGCONT) == driver._sigcont_application
    assert signal.getsignal(signal.SIGTSTP) == driver._sigtstp_application
    resumed: list[int] = []
    monkeypatch.setattr(driver, "resume_application_mode", lambda: resumed.append(1))
    LinuxDriver._sigcont_application(driver)  # upstream: any SIGCONT resumes
    assert resumed == [1], "Textual no longer resumes on any SIGCONT: drop the guard"
    driver._sigcont_application(signal.SIGCONT, None)  # a hang-up's SIGCONT
    assert resumed == [1]
    driver._stopped = True  # as _sigtstp_application leaves it (it then stops us)
    driver._sigcont_application(signal.SIGCONT, None)  # `fg` after Ctrl+Z
    assert resumed == [1, 1] and not driver._stopped


def test_the_app_uses_the_sturdy_driver_and_plain_errors():
    app = SciaticaApp()
    assert app.driver_class is SturdyLinuxDriver
    assert isinstance(app, PlainErrors)
    # App._handle_exception ends in _fatal_error, which PlainErrors replaces, and
    # uses the two private members it fills.
    assert "self._fatal_error()" in inspect.getsource(App._handle_exception)
    assert SciaticaApp._fatal_error is PlainErrors._fatal_error
    assert isinstance(app._exit_renderables, list) and callable(app._close_messages_no_wait)
    assert hasattr(app, "_driver")  # stop_input reads it
