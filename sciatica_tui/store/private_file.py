"""Writing a summary to a file: owner-only permissions, written whole or not at
all, and never over an existing file unless asked.

- The data goes to a temporary file in the same folder (".sciatica-XXXXXXXX.part",
  mode 0600), is flushed to disk (fsync), then takes the file's name; the folder
  is synced too.
- Without `overwrite`, the name is taken with link(), which fails if anything is
  there by then: a file made between our check and our write is never replaced.
- Anything already at the name counts, a dangling symbolic link too; with
  `overwrite` a symbolic link is replaced itself, never followed.
- The temporary file is removed on any error, Ctrl+C or SIGTERM. After a crash
  that could not clean up (SIGKILL, power loss), the next write into that folder
  removes our temporary files older than STALE_SECONDS.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from pathlib import Path
from typing import Any

from ..core.exit_codes import after_signal
from ..core.quote import shown

PREFIX, SUFFIX = ".sciatica-", ".part"
# Another sciatica-tui may be writing into the same folder right now: only older
# temporary files are left over from a crash.
STALE_SECONDS = 15 * 60
_OURS = re.compile(re.escape(PREFIX) + r"[A-Za-z0-9_]{6,16}" + re.escape(SUFFIX) + r"\Z")


class OutputError(Exception):
    pass


def write_private(path: str | Path, data: str | bytes, overwrite: bool = False) -> Path:
    """Write `data` to `path` with mode 0600, atomically. Raises OutputError with a
    plain one-line message."""
    target = Path(path).expanduser()
    name = shown(target)
    _check_target(target, name, overwrite)
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale(folder)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = _make_temporary(folder)
    except OSError as exc:
        raise OutputError(f"cannot write in the folder {shown(folder)}: {_why(exc)}") from None
    with _removed_on_signal(tmp):
        try:
            try:
                os.fchmod(fd, 0o600)  # mkstemp makes it 0600; be explicit
                view = memoryview(raw)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            _publish(tmp, target, name, overwrite)
        except BaseException as exc:
            _unlink(tmp)
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write {name}: {_why(exc)}") from None
            raise
    _sync_folder(folder)
    return target


def _make_temporary(folder: Path) -> tuple[int, str]:
    """A new, empty file of ours in `folder`, mode 0600, opened for writing: what
    tempfile.mkstemp does, without importing tempfile (and shutil, random and the
    compression modules with it: a twentieth of `assess`, issue 19)."""
    flags = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    for _ in range(100):
        tmp = os.path.abspath(os.path.join(folder, f"{PREFIX}{os.urandom(6).hex()}{SUFFIX}"))
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue  # another name; 48 random bits make this all but impossible
    raise FileExistsError(errno.EEXIST, "no unused temporary file name")


def _check_target(target: Path, name: str, overwrite: bool) -> None:
    try:
        st = os.lstat(target)  # a symbolic link counts as itself, dangling or not
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise OutputError(f"cannot write {name}: a part of the path is not a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {_why(exc)}") from None
    folder = target.parent if str(target.parent) else Path(".")
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{name} is a folder; give a file name")
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            # A device, FIFO or socket: --force would not help, so do not suggest it.
            raise OutputError(f"{name} is not a regular file; it cannot be replaced")
        if not overwrite:
            what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "a file"
            raise OutputError(f"{name} already exists ({what}; use --force to replace it)")
    try:
        folder_st = os.stat(folder)
    except FileNotFoundError:
        raise OutputError(f"folder {shown(folder)} does not exist") from None
    except OSError as exc:
        raise OutputError(f"cannot write in the folder {shown(folder)}: {_why(exc)}") from None
    if not stat.S_ISDIR(folder_st.st_mode):
        raise OutputError(f"{shown(folder)} is not a folder")


def _publish(tmp: str, target: Path, name: str, overwrite: bool) -> None:
    """Give the finished temporary file its name."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if anything is at `target`, atomically
    except FileExistsError:
        raise OutputError(f"{name} already exists (use --force to replace it)") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS,
                             errno.EMLINK, errno.EXDEV):
            raise
        # No hard links on this file system: reserve the name exclusively, then
        # replace our own empty reservation.
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY
                         | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            raise OutputError(f"{name} already exists (use --force to replace it)") from None
        os.close(fd)
        os.replace(tmp, target)
        return
    _unlink(tmp)


def remove_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove our temporary files in `folder` left by a crash: named like ours,
    regular files owned by this user, older than STALE_SECONDS. Best effort."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for entry in names:
        if not _OURS.match(entry):
            continue
        path = folder / entry
        try:
            st = os.lstat(path)
            if (stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid()
                    and now - st.st_mtime > STALE_SECONDS):
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


class _removed_on_signal:
    """While writing, SIGTERM (when nothing else handles it) ends the program
    through Python, so the temporary file is removed on the way out."""

    def __init__(self, tmp: str) -> None:
        self.tmp = tmp
        self.previous: Any = None

    def __enter__(self) -> None:
        import signal

        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            try:
                self.previous = signal.signal(signal.SIGTERM, _terminate)
            except ValueError:  # not the main thread, which alone handles signals
                pass

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            import signal

            signal.signal(signal.SIGTERM, self.previous)


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(after_signal(signum))


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (best effort: not every system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    from ..core.safe_read import describe

    return describe(exc)
