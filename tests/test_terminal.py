"""The real app in a pseudo-terminal: keys in, screen and stdout out."""

from __future__ import annotations

import subprocess

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
    term.wait_for("Question 1 of about")
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
    import os
    import signal
    import time

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
