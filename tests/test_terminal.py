"""The real app in a pseudo-terminal: keys in, screen and stdout out."""

from __future__ import annotations

import subprocess

from .terminal import Terminal, command


def test_summary_is_printed_to_stdout_after_leaving_following_a_red_flag(tmp_path):
    out = tmp_path / "stdout.txt"
    with out.open("wb") as stdout:  # stdout redirected: the app draws on stderr
        term = Terminal(command(), stdout=stdout, env={"LANG": "en_GB.UTF-8"})
        term.wait_for("Start")
        term.send("\r")  # Start
        term.wait_for("Question 1 of about")
        term.send("1")  # saddle numbness: yes
        term.wait_for("GET HELP NOW")
        term.send("\x11")  # Ctrl+Q: asks first, an assessment is in progress
        term.wait_for("Leave now?")
        term.send("\t\r")  # Tab to "Leave", Enter
        assert term.finish() == 0
    printed = out.read_text()
    assert printed.startswith("Sciatica self-check summary")
    assert "Numb skin around the bottom or genitals" in printed
    assert "Call 999" in printed
    assert "\x1b" not in printed  # plain text, fit for a file or a pipe


def test_no_summary_is_printed_when_there_is_no_red_flag(tmp_path):
    out = tmp_path / "stdout.txt"
    with out.open("wb") as stdout:
        term = Terminal(command(), stdout=stdout)
        term.wait_for("Start")
        term.send("\x11")  # nothing answered: leaves at once
        assert term.finish() == 0
    assert out.read_text() == ""


def test_the_app_refuses_to_start_without_a_terminal():
    done = subprocess.run(command(), stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert done.returncode == 2
    assert "needs an interactive terminal" in done.stderr
    assert "Traceback" not in done.stderr
