"""The real app in a pseudo-terminal: keys in, screen and stdout out; and how it
ends: closed by the person, by a signal, by its terminal going away, by an error."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from sciatica_tui.tui.app import SciaticaApp

from .conftest import _home
from .pilot import started, sync
from .terminal import Terminal, command


def _after_app(raw: bytes) -> str:
    """What the program wrote after leaving the full-screen (alternate) screen."""
    tail = raw.rsplit(b"\x1b[?1049l", 1)
    assert len(tail) == 2, "the app never left the alternate screen"
    return tail[1].decode("utf-8", "replace").replace("\r\n", "\n")


def test_summary_is_printed_to_the_terminal_after_leaving_following_a_red_flag():
    term = Terminal(command(), env={"LANG": "en_GB.UTF-8"})
    term.wait_for("Start")
    term.send("\r")  # Start
    term.wait_for("[Warning signs]")  # the first screen's progress line
    term.send("1")  # sudden very bad pain: yes (asked first)
    term.wait_for("GET HELP NOW")
    term.send("\x11")  # Ctrl+Q: asks first, an assessment is in progress
    term.wait_for("Nothing is saved")  # and the summary will be shown
    term.send("\t\r")  # Tab to "Leave", Enter
    assert term.finish() == 0
    printed = _after_app(term.raw)
    assert "Sciatica self-check summary" in printed
    assert "Sudden very bad tummy or back pain" in printed
    assert "Call 999" in printed
    # It stays on screen (and in the scrollback) after the app has gone.
    last_line = printed.strip().splitlines()[-1].strip()
    assert last_line in term.text()


def test_no_summary_is_printed_when_there_is_no_red_flag():
    term = Terminal(command())
    term.wait_for("Start")
    term.send("\x11")  # nothing answered: leaves at once
    assert term.finish() == 0
    assert "summary" not in _after_app(term.raw)


def test_without_a_terminal_plain_mode_runs_instead():
    done = subprocess.run(command(), stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert done.returncode == 2  # the input ended before the questions were finished
    assert "Question 1 of about" in done.stdout
    assert "The input ended before" in done.stdout
    assert "Traceback" not in done.stderr


def test_term_dumb_uses_plain_mode_even_in_a_terminal():
    term = Terminal(command(), env={"TERM": "dumb"})
    term.wait_for("Question 1 of about")
    assert b"\x1b[?1049h" not in term.raw  # never switched to the full-screen app
    term.send("\x04")  # Ctrl+D: end of input
    assert term.finish() == 2


def test_sigterm_and_a_closed_terminal_end_the_app_cleanly():
    import signal

    term = Terminal(command())
    term.wait_for("Start")
    term.proc.send_signal(signal.SIGTERM)
    assert term.finish() == 0
    assert b"\x1b[?1049l" in term.raw  # the terminal was restored

    term = Terminal(command())
    term.wait_for("Start")
    os.close(term.master)  # the terminal window is closed
    deadline = time.monotonic() + 10
    while term.proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = term.proc.poll() is None
    term.kill()
    assert not alive, "the app kept running with no terminal"


def test_ctrl_c_leaves_like_other_terminal_programs():
    term = Terminal(command())
    term.wait_for("Start")
    term.send("\x03")  # nothing answered yet: leaves at once
    assert term.finish() == 0


# -- losing the terminal (S-F3) and what is said after a signal (S-F12) ----------------

# Run the app as the leader of its own session, with the pty as its controlling
# terminal: what a terminal window (or `tmux new-session CMD`) does. Closing the
# pty's master side then hangs the terminal up, and the kernel sends the app SIGHUP
# and SIGCONT, exactly as when the window is closed.
SESSION_LEADER = ("import fcntl, os, sys, termios; os.setsid(); "
                  "fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
                  "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])")
KEYS = ["2", "2", "3", "\r", "\x1b[B", "\t", "1"]  # answers, moves, Enter


class Window:
    """A terminal window running `sciatica-tui`, in its own home folder."""

    def __init__(self, home: Path, cols: int = 100, rows: int = 30) -> None:
        import fcntl
        import pty
        import struct
        import sys
        import termios

        self.home = home
        env = {**os.environ, "TERM": "xterm-256color", "LANG": "en_GB.UTF-8", **_home(home)}
        env.pop("NO_COLOR", None)
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen([sys.executable, "-c", SESSION_LEADER, "-m", "sciatica_tui"],
                                     stdin=slave, stdout=slave, stderr=slave, env=env)
        os.close(slave)
        os.set_blocking(self.master, False)
        self.raw = b""
        self.open = True

    def read(self) -> None:
        """Take what the app wrote, as a terminal does while it is working."""
        while self.open:
            try:
                data = os.read(self.master, 65536)
            except (BlockingIOError, OSError):
                return
            if not data:
                return
            self.raw += data

    def wait_for(self, needle: bytes, timeout: float = 60) -> bool:
        import select

        end = time.monotonic() + timeout
        while needle not in self.raw and time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            select.select([self.master], [], [], 0.05)
            self.read()
        return needle in self.raw

    def type(self, keys: str) -> None:
        try:
            os.write(self.master, keys.encode())
        except (BlockingIOError, OSError):
            pass  # the app is not reading: a real terminal would drop or queue it too

    def answer(self, key: str, timeout: float = 60) -> bool:
        """Type one answer key and wait until the app has drawn what it did (new
        output, then a quiet moment): on a group screen the rows have no
        "Question N of" line to wait for."""
        import select

        before = len(self.raw)
        self.type(key)
        end = time.monotonic() + timeout
        while len(self.raw) == before and time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            select.select([self.master], [], [], 0.05)
            self.read()
        while time.monotonic() < end:  # drawn: wait for the frame to end
            seen = len(self.raw)
            select.select([self.master], [], [], 0.3)
            self.read()
            if len(self.raw) == seen:
                return True
        return False

    def close(self) -> None:
        """The window is closed."""
        self.open = False
        os.close(self.master)

    def ended_within(self, seconds: float) -> bool:
        end = time.monotonic() + seconds
        while self.proc.poll() is None and time.monotonic() < end:
            self.read()
            time.sleep(0.02)
        if self.proc.poll() is None:
            return False
        self.read_rest()
        return True

    def read_rest(self, seconds: float = 5) -> None:
        """After the app has ended: take what it wrote last and the terminal has not
        read yet (its closing line may be written just before it ends, after our
        last read). The pty gives the rest, then end of file (EIO on Linux) once no
        process holds its other side."""
        import select

        end = time.monotonic() + seconds
        while self.open and time.monotonic() < end:
            select.select([self.master], [], [], 0.05)
            try:
                data = os.read(self.master, 65536)
            except BlockingIOError:
                continue  # a process still holds the terminal: wait for it
            except OSError:
                return  # EIO: all read
            if not data:
                return
            self.raw += data

    def after_app(self) -> str:
        """What the program wrote after leaving the full-screen app, as plain text."""
        import re

        return re.sub(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07)", "", _after_app(self.raw))

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        if self.open:
            self.close()


def _type_for(win: Window, rng, seconds: float, rate: float, reading: bool = True) -> None:
    """Type at `rate` keys a second for `seconds`; the terminal reads the app's output
    unless `reading` is False (a busy or stalled terminal, a frozen connection)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        win.type(rng.choice(KEYS))
        if reading:
            win.read()
        time.sleep(1 / rate)


def _in_batches(trial, count: int, batch: int = 4) -> list:
    """Run `trial(n)` for n in range(count), `batch` at a time (2 cores are shared)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=batch) as pool:
        return list(pool.map(trial, range(count)))


# How long the terminal stops reading the app's output before it closes, by trial:
# while it does not read, the app's output queue fills (a stalled connection, a
# terminal busy elsewhere), which is when 855059d hung for good.
STALLS = (0.0, 1.5, 3.0, 4.0)
CLOSED_DEADLINE = 5  # seconds from the terminal closing to the process having gone


@pytest.mark.slow
def test_S_F3_every_app_ends_soon_after_its_terminal_closes_while_keys_arrive(tmp_path):
    import random

    def trial(n: int) -> str | None:
        rng = random.Random(f"S-F3-{n}")
        stall = STALLS[n % len(STALLS)]
        for attempt in range(3):
            win = Window(tmp_path / f"window-{n}-{attempt}")
            try:
                if not win.wait_for(b"Start"):
                    return f"window {n}: no welcome screen (exit {win.proc.poll()})"
                win.type("\r")
                _type_for(win, rng, rng.uniform(0.5, 1.5), rate=rng.uniform(40, 120))
                _type_for(win, rng, stall, rate=60, reading=False)
                if win.proc.poll() is not None:
                    continue  # it ended before the window closed: not this test's case
                win.close()
                if not win.ended_within(CLOSED_DEADLINE):
                    return (f"window {n} (the terminal stopped reading {stall} s before it "
                            f"closed): still running {CLOSED_DEADLINE} s after")
                # 0, or 1 after an error the app hit before it learnt that the
                # terminal had gone (keys still queued, S-F11). Not 120 (Python's
                # last flush to the dead terminal failed) nor a signal's death.
                if win.proc.returncode not in (0, 1):
                    return f"window {n}: ended with exit code {win.proc.returncode}"
                return None
            finally:
                win.kill()
        return f"window {n}: the app ended before its window closed, three times"

    problems = [p for p in _in_batches(trial, 20) if p]
    assert not problems, "\n".join(problems)


def _history_file(home: Path) -> Path:
    return Path(_home(home)["XDG_DATA_HOME"]) / "sciatica-tui" / "history.sqlite3"


def _history_on(home: Path) -> None:
    from sciatica_tui.store.history import History

    store = History.open(_history_file(home), create=True)
    assert store is not None
    store.close()


def _saved_answers(home: Path) -> dict:
    """The answers in the history file under `home` (what the app really kept)."""
    from sciatica_tui.store.history import History

    if not _history_file(home).exists():
        return {}
    store = History.open(_history_file(home))
    assert store is not None
    try:
        return {k: v for a in store.assessments() for k, v in a.answers.items()}
    finally:
        store.close()


FIRST_SCREEN = b"Signs that need help fast"  # the first group screen's title
SAVED = "Your answers so far are saved."
NOT_SAVED = "Your answers were not saved."


@pytest.mark.parametrize(("history", "sig", "answers", "said"), [
    (True, "SIGTERM", 2, SAVED),
    (True, "SIGHUP", 2, SAVED),
    (False, "SIGTERM", 2, NOT_SAVED),
    (True, "SIGHUP", 0, None),  # nothing answered: nothing to say
])
def test_S_F12_after_a_signal_the_app_says_truly_whether_the_answers_are_saved(
        tmp_path, history, sig, answers, said):
    import signal

    if history:
        _history_on(tmp_path)
    win = Window(tmp_path, cols=80, rows=24)
    try:
        assert win.wait_for(b"Start")
        if answers:
            win.type("\r")
            assert win.wait_for(FIRST_SCREEN)
            for _ in range(answers):
                assert win.answer("2")
        win.proc.send_signal(getattr(signal, sig))
        assert win.ended_within(20)
        assert win.proc.returncode == 0
        printed = win.after_app()
    finally:
        win.kill()
    kept = _saved_answers(tmp_path)
    assert len(kept) == (answers if history else 0)
    assert "Something went wrong" not in printed
    if said is None:
        assert not printed.strip(), printed
    else:
        assert said in printed and "sciatica-tui was closed." in printed


@pytest.mark.slow
def test_S_F12_a_signal_while_keys_arrive_says_truly_whether_the_answers_are_saved(tmp_path):
    """The race behind S-F12: a signal ends the app while keys are still arriving.
    Textual hands keys already queued to question screens it is taking apart; on
    855059d the error that followed was reported as a crash, "Nothing was saved",
    though the answers were saved (seen in 3 of 12 of these trials). Now such an
    error is not a crash (see the next test), and whatever is said about the
    answers is what the history file holds. (An error the app hits while typing,
    before the signal, is S-F11's matter: it may say "Something went wrong", but
    then truly too.) On a busy machine the app can be behind the typing: keys still
    held for a step when the signal comes are dropped, and if none had been
    recorded, it says the answers were not saved (silence hid that, at load 8)."""
    import random
    import signal

    def trial(n: int) -> str | None:
        rng = random.Random(f"S-F12-{n}")
        home = tmp_path / f"person-{n}"
        _history_on(home)
        win = Window(home, cols=80, rows=24)
        try:
            if not win.wait_for(b"Start"):
                return f"{n}: no welcome screen"
            win.type("\r")
            if not win.wait_for(b"[Warning signs]"):
                return f"{n}: no first question"
            _type_for(win, rng, rng.uniform(0.3, 2.0), rate=rng.uniform(30, 100))
            if win.proc.poll() is not None:
                return None  # it ended before the signal
            win.proc.send_signal(signal.SIGHUP if n % 2 else signal.SIGTERM)
            _type_for(win, rng, 0.2, rate=100)  # keys still arriving
            if not win.ended_within(20):
                return f"{n}: still running 20 s after the signal"
            said = " ".join(win.after_app().split())
        finally:
            win.kill()
        kept = _saved_answers(home)
        if kept:
            true = SAVED in said and "Nothing was saved" not in said and NOT_SAVED not in said
        else:
            true = NOT_SAVED in said or "Nothing was saved" in said
        return None if true else (f"{n}: said {said[:300]!r}; the history file disagrees "
                                  f"(it holds {len(kept)} answers)")

    problems = [p for p in _in_batches(trial, 12) if p]
    assert not problems, "\n".join(problems)


@sync
async def test_S_F12_an_error_raised_while_the_app_closes_is_not_reported_as_a_crash(capfd):
    """What the race does, made certain: the app is already closing when an error
    comes from a screen being taken apart."""
    app = SciaticaApp()
    with contextlib.suppress(LookupError):  # run_test re-raises it for tests
        async with app.run_test(size=(80, 24)) as pilot:
            await started(pilot, app)
            await pilot.press("2")
            await pilot.pause()

            def taken_apart() -> None:
                raise LookupError("No nodes match '#answer' on QuestionScreen()")

            app.exit()
            app.call_later(taken_apart)
            await pilot.pause()
    assert not app.crashed
    printed = capfd.readouterr()
    assert "Something went wrong" not in printed.out + printed.err


@sync
async def test_S_F12_keys_typed_ahead_of_a_slow_app_and_dropped_by_a_signal_are_not_saved(
        tmp_path):
    """What the race test saw under load (a load average of 8 on 2 cores): the app
    was behind the typing, every key was still held for the first screen when the
    signal came, nothing had been answered, and the app said nothing at all,
    though the person had typed answers. They are dropped, never saved: it says so."""
    import asyncio

    from sciatica_tui.store.history import History

    path = tmp_path / "history.sqlite3"
    History.open(path, create=True).close()  # type: ignore[union-attr]
    app = SciaticaApp(history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        assert not app.answers
        # A step switch still under way (a busy machine): keys wait for it.
        app.hold_keys_for(asyncio.get_running_loop().create_future())
        await pilot.press("2", "3")  # answers typed ahead
        await pilot.pause()
        assert app.held_keys and not app.answers
        app.end_now()  # what SIGTERM and SIGHUP call
        await pilot.pause()
    assert not app.answers
    assert History.open(path).unfinished() is None  # type: ignore[union-attr]
    assert app.stop_message == "sciatica-tui was closed. " + NOT_SAVED


@sync
async def test_S_F12_nothing_typed_for_a_question_still_means_nothing_to_say(tmp_path):
    """The other side: a signal on the first screen before any key was typed."""
    from sciatica_tui.store.history import History

    path = tmp_path / "history.sqlite3"
    History.open(path, create=True).close()  # type: ignore[union-attr]
    app = SciaticaApp(history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.pause()
        app.end_now()
        await pilot.pause()
    assert app.stop_message == ""


@pytest.mark.parametrize("history", [True, False])
@sync
async def test_S_F12_a_crash_says_truly_whether_the_answers_are_saved(tmp_path, capfd, history):
    from sciatica_tui.store.history import History

    path = tmp_path / "history.sqlite3"
    if history:
        History.open(path, create=True).close()  # type: ignore[union-attr]
    app = SciaticaApp(history_path=str(path))
    with contextlib.suppress(RuntimeError):  # run_test re-raises it for tests
        async with app.run_test(size=(80, 24)) as pilot:
            await started(pilot, app)
            await pilot.press("2")
            await pilot.pause()
            first = next(iter(app.answers))

            def broken(*args):
                raise RuntimeError("boom")

            app.record = app.record_row = broken  # a bug inside the app (a group's row too)
            await pilot.press("2")
            await pilot.pause()
    assert app.crashed
    printed = capfd.readouterr()
    text = " ".join((printed.out + printed.err).split())
    kept = History.open(path).unfinished().answers if history else {}  # type: ignore[union-attr]
    assert kept == ({first: "no"} if history else {})
    if history:
        assert "Your answers so far are saved." in text and "Nothing was saved" not in text
    else:
        assert "Nothing was saved." in text


@pytest.mark.slow
def test_S_F12_after_back_to_the_welcome_screen_a_signal_still_says_the_answers_are_saved(
        tmp_path):
    """Back past the first question ends the turn (a new, empty session) but keeps
    the unfinished assessment in the history file, to resume. A signal then must not
    stay silent about answers the file holds (CI saw this in the race above: a
    split arrow key read as Escape took the person back to the welcome screen)."""
    import signal

    _history_on(tmp_path)
    win = Window(tmp_path, cols=80, rows=24)
    try:
        assert win.wait_for(b"Start")
        win.type("\r")
        assert win.wait_for(FIRST_SCREEN)
        for _ in range(2):
            assert win.answer("2")
        assert win.answer("\x1b")  # Back from the first screen: the turn ends
        win.proc.send_signal(signal.SIGHUP)
        assert win.ended_within(20)
        printed = win.after_app()
    finally:
        win.kill()
    assert len(_saved_answers(tmp_path)) == 2
    assert SAVED in printed and "sciatica-tui was closed." in printed
