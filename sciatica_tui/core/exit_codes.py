"""The program's exit codes: one list for every command and mode (README "Exit codes")."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    # A file the program needs has problems: the content files, or a damaged, newer
    # or foreign history file; also an unexpected error inside the app.
    PROBLEM = 1
    # Bad input: arguments, an answers file, an unknown question id or option, a
    # number out of range; in plain mode, input that ended before the last question.
    INPUT = 2


def after_signal(signum: int) -> int:
    """The shell's code for a process ended by signal `signum` (128 + n)."""
    return 128 + signum
