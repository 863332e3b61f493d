"""`--output` files (review finding S-F10): written whole or not at all, never over
a file that appeared meanwhile, never through a symbolic link, synced to disk, and
no temporary file with health data left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from sciatica_tui.store import private_file
from sciatica_tui.store.private_file import OutputError, write_private

GUARD = 120  # seconds; only a hang reaches it

# A child process that starts writing, then stops just before the file takes its
# name (whichever call publishes it), says so, and waits to be killed.
PAUSED_WRITER = r"""
import os, sys, time
from sciatica_tui.store import private_file as output

def pause(*args, **kwargs):
    print("WRITING", flush=True)
    time.sleep(600)

os.fsync = pause      # the new code syncs before it publishes
os.replace = pause    # the old code renamed at once
os.link = pause
output.write_private(sys.argv[1], b"health data " * 100_000)
"""


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _paused_writer(target: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", PAUSED_WRITER, str(target)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "WRITING"
    return child


def _stop(child: subprocess.Popen[str], signum: int) -> int:
    try:
        child.send_signal(signum)
    finally:
        child.wait(timeout=GUARD)
    return child.returncode


def test_S_F10_a_part_file_left_by_sigkill_is_removed_at_the_next_start(tmp_path):
    _stop(_paused_writer(tmp_path / "summary.txt"), signal.SIGKILL)
    left = _parts(tmp_path)
    assert len(left) == 1  # what the crash leaves; SIGKILL cannot be caught
    old = time.time() - 20 * 60
    os.utime(tmp_path / left[0], (old, old))
    fresh = tempfile.mkstemp(dir=tmp_path, prefix=".sciatica-", suffix=".part")  # another
    os.close(fresh[0])                                                         # writer now
    unrelated = tmp_path / ".sciatica-notes.part.txt"
    unrelated.write_text("not ours")
    os.utime(unrelated, (old, old))
    write_private(tmp_path / "next.txt", "next")
    assert _parts(tmp_path) == [Path(fresh[1]).name]  # the stale one is gone
    assert unrelated.exists() and (tmp_path / "next.txt").read_text() == "next"
    assert not (tmp_path / "summary.txt").exists()


def test_S_F10_sigterm_during_the_write_leaves_no_part_file(tmp_path):
    assert _stop(_paused_writer(tmp_path / "summary.txt"), signal.SIGTERM) != 0
    assert _parts(tmp_path) == [] and not (tmp_path / "summary.txt").exists()


def test_S_F10_an_error_during_the_write_leaves_no_part_file(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    monkeypatch.setattr(os, "replace", lambda *a: full(0))  # old code: fail at the rename
    with pytest.raises(OutputError, match="cannot write .*: no space left on device"):
        write_private(tmp_path / "x.txt", "data")
    assert list(tmp_path.iterdir()) == []


def test_S_F10_a_file_made_during_the_write_is_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "summary.txt"
    real_make = private_file._make_temporary

    def racing_make(*args, **kwargs):
        target.write_text("someone else's file")  # after our check, before our write
        return real_make(*args, **kwargs)

    monkeypatch.setattr(private_file, "_make_temporary", racing_make)
    with pytest.raises(OutputError, match="already exists"):
        write_private(target, "ours")
    assert target.read_text() == "someone else's file"
    assert _parts(tmp_path) == []


def test_S_F10_a_dangling_symlink_at_the_target_is_refused(tmp_path):
    target = tmp_path / "summary.txt"
    target.symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(OutputError, match="already exists .*symbolic link.*--force"):
        write_private(target, "data")
    assert target.is_symlink() and not (tmp_path / "elsewhere.txt").exists()
    # With --force the link itself is replaced; what it points to is never written.
    write_private(target, "data", overwrite=True)
    assert not target.is_symlink() and target.read_text() == "data"
    assert not (tmp_path / "elsewhere.txt").exists()


def test_S_F10_the_file_is_synced_before_it_gets_its_name_and_the_folder_after(
        tmp_path, monkeypatch):
    events: list[tuple[str, str]] = []
    real_fsync, real_link = os.fsync, os.link

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def link(src, dst, *a, **kw):
        events.append(("link", str(dst)))
        real_link(src, dst, *a, **kw)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "link", link)
    target = tmp_path / "summary.txt"
    write_private(target, "data")
    kinds = [kind for kind, _ in events]
    assert kinds == ["fsync", "link", "fsync"], events
    assert events[0][1].endswith(".part") and events[1][1] == str(target)
    assert events[2][1] == str(tmp_path)
    assert target.read_text() == "data" and (target.stat().st_mode & 0o777) == 0o600


def test_S_F10_permission_denied_is_one_line(tmp_path, monkeypatch, capsys):
    """Root may write anywhere, so the refusal is simulated at the system calls."""
    from sciatica_tui.cli.main import main

    locked = tmp_path / "locked"
    real_stat, real_lstat = os.stat, os.lstat

    def deny(real):
        def call(path, *a, **kw):
            if "locked" in str(path):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *a, **kw)
        return call

    monkeypatch.setattr(os, "stat", deny(real_stat))
    monkeypatch.setattr(os, "lstat", deny(real_lstat))
    answers = tmp_path / "a.json"
    answers.write_text("{}")
    rc = main(["assess", "--answers", str(answers), "-o", str(locked / "out.txt")])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "permission denied" in lines[0], err


def test_S_F10_existing_files_need_force_and_folders_are_refused(tmp_path):
    target = tmp_path / "summary.txt"
    target.write_text("old")
    with pytest.raises(OutputError, match="already exists"):
        write_private(target, "new")
    assert target.read_text() == "old"
    write_private(target, "new", overwrite=True)
    assert target.read_text() == "new"
    with pytest.raises(OutputError, match="is a folder"):
        write_private(tmp_path, "x", overwrite=True)
    with pytest.raises(OutputError, match="does not exist"):
        write_private(tmp_path / "nowhere" / "x.txt", "x")
    assert _parts(tmp_path) == []


def test_S_F10_a_fifo_at_the_target_is_refused_without_suggesting_force(tmp_path):
    """--force cannot replace a FIFO or device, so the message must not suggest it
    (found trying it: '/dev/null already exists ... use --force')."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for overwrite in (False, True):
        with pytest.raises(OutputError) as err:
            write_private(fifo, b"x", overwrite=overwrite)
        assert "not a regular file" in str(err.value) and "--force" not in str(err.value)
    assert fifo.exists() and not fifo.is_file()


def test_19_6_a_write_from_another_thread_leaves_the_signal_handlers_alone(tmp_path):
    """Only the main thread may set signal handlers: from another thread the file is
    written all the same, and SIGTERM's handler is not touched."""
    import threading

    before = signal.getsignal(signal.SIGTERM)
    failed: list[BaseException] = []

    def write() -> None:
        try:
            write_private(tmp_path / "from-thread.txt", "data")
        except BaseException as exc:  # reported below, in the test's thread
            failed.append(exc)

    worker = threading.Thread(target=write)
    worker.start()
    worker.join(timeout=60)
    assert not failed and (tmp_path / "from-thread.txt").read_text() == "data"
    assert signal.getsignal(signal.SIGTERM) is before
