"""Run the real command in a pseudo-terminal and read its screen (with pyte),
the way a person at a terminal would see it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

import pyte


class Terminal:
    def __init__(self, args: list[str], cols: int = 80, rows: int = 24,
                 stdout=None, env: dict | None = None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols),
                    "LINES": str(rows), **(env or {})}
        full_env.pop("NO_COLOR", None)
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave if stdout is None else stdout, stderr=slave,
            env=full_env, start_new_session=True)
        os.close(slave)

    def _pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            self.raw += data
            self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self._pump(0.1)
            if needle in self.text():
                return self.text()
            if self.proc.poll() is not None:
                break
        self.kill()
        raise AssertionError(f"{needle!r} did not appear. Screen:\n{self.text()}")

    def kill(self) -> None:
        """Never leave the program running after a failed test."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def send(self, keys: str, settle: float = 0.3) -> None:
        os.write(self.master, keys.encode())
        end = time.monotonic() + settle
        while time.monotonic() < end:
            self._pump(0.05)

    def finish(self, timeout: float = 20) -> int:
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self._pump(0.1)
        for _ in range(5):
            self._pump(0.05)
        if self.proc.poll() is None:
            self.kill()
            raise AssertionError(f"the app did not exit. Screen:\n{self.text()}")
        os.close(self.master)
        return self.proc.returncode


def command() -> list[str]:
    return [sys.executable, "-m", "sciatica_tui"]
