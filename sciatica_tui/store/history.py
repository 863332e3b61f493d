"""Personal history: assessments and daily check-ins in one SQLite file in the
user data folder. Off until the person turns it on (the file exists only then);
never used in kiosk or demo mode.

- The file and its folder are private to the user (0600 / 0700).
- The schema is versioned (PRAGMA user_version). Before a migration the file is
  copied next to itself (history.sqlite3.v1.bak), and the migration runs in one
  transaction, so a failure leaves the data as it was.
- A damaged, locked or newer file, or another program's database, gives
  HistoryError with a plain message, and is never changed or replaced.
- `open_readonly` (export, where) changes nothing at all, not even a file's mode.
- The app uses the file through a `Writer`: its own thread, jobs in order, a lock
  held by another program waited out (HistoryBusy), so the screen never waits.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import queue
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import history_path

SCHEMA_VERSION = 2
# Our tables (schemas 1 and 2): a file with others is another program's database.
TABLES = {"assessment", "checkin"}

# MIGRATIONS[n] turns schema n-1 into schema n.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE assessment (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            answers TEXT NOT NULL,
            disposition TEXT,
            content_version TEXT NOT NULL)""",
        """CREATE TABLE checkin (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            leg_pain INTEGER,
            back_pain INTEGER,
            walk TEXT)""",
    ],
    2: [
        # Schema 1 saved only finished assessments (with a disposition).
        "ALTER TABLE assessment ADD COLUMN finished TEXT",
        "UPDATE assessment SET finished = started WHERE disposition IS NOT NULL",
        "ALTER TABLE assessment ADD COLUMN red_flags TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE checkin ADD COLUMN answers TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE checkin ADD COLUMN flags TEXT NOT NULL DEFAULT '[]'",
        "CREATE INDEX checkin_day ON checkin (day)",
    ],
}


class HistoryError(Exception):
    """The history file cannot be used; the message says why and what to do."""


class HistoryBusy(HistoryError):
    """Another program holds the file's lock: worth trying again in a moment."""


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Assessment:
    id: int
    started: str
    finished: str | None
    answers: dict[str, Any]
    disposition: str | None
    red_flags: list[str]
    content_version: str


@dataclass(frozen=True)
class Checkin:
    id: int
    day: str
    leg_pain: int | None
    back_pain: int | None
    walk: str | None
    answers: dict[str, Any]
    flags: list[str]


class History:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn, self.path = conn, path

    # -- opening --------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None, create: bool = False,
             timeout: float = 2.0) -> History | None:
        """The history at `path` (default: the user data folder), to read and write.
        None when history is off (no file) and `create` is false. A file that is not
        ours (another program's database), damaged or newer is refused and left as it
        is; an older one is backed up, then updated."""
        ours = path is None
        path = path or history_path()
        if not _is_file(path):
            if not create:
                return None
            _create_private(path)
        if ours:
            _owner_only(path.parent)  # the app's own data folder: 0700, even if it existed
        try:
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise HistoryError(f"Cannot open the history file {path}: {exc}.") from None
        history = cls(conn, path)
        try:
            version = history._check()
            _owner_only(path)  # ours: private (never more permissive than it was)
            if version < SCHEMA_VERSION:
                if version > 0:
                    history._backup(version)
                history._migrate(version)
        except BaseException:
            conn.close()
            raise
        return history

    @classmethod
    def open_readonly(cls, path: Path | None = None) -> History | None:
        """The history at `path`, only to read (export): opened read-only, so nothing
        is created, changed, migrated or has its mode changed. An older schema is
        updated in a copy in memory. None when there is no file."""
        path = path or history_path()
        if not _is_file(path):
            return None
        try:
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=2.0,
                                   isolation_level=None)
        except sqlite3.Error as exc:
            raise HistoryError(f"Cannot open the history file {path}: {exc}.") from None
        history = cls(conn, path)
        try:
            version = history._check()
            if version == 0:
                raise HistoryError(f"The history file {path} holds no saved history yet.")
            if version < SCHEMA_VERSION:
                copy = sqlite3.connect(":memory:", isolation_level=None)
                try:
                    conn.backup(copy)
                except sqlite3.OperationalError as exc:
                    copy.close()
                    raise _busy_or(exc, path) from None
                conn.close()
                conn = copy
                history = cls(copy, path)
                history._migrate(version)
        except BaseException:
            conn.close()
            raise
        return history

    def close(self) -> None:
        self.conn.close()

    def _check(self) -> int:
        """The file's schema version, once it is known to be a sound history file
        of ours. Raises HistoryError (nothing changed) if it is damaged, locked,
        newer, or another program's database."""
        try:
            version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {row[0] for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")
                if not str(row[0]).startswith("sqlite_")}
            if version or tables:
                ok = self.conn.execute("PRAGMA quick_check").fetchone()[0]
                if ok != "ok":
                    raise sqlite3.DatabaseError(ok)
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise _busy_or(exc, self.path) from None
            raise HistoryError(_damaged(self.path)) from None
        except (sqlite3.DatabaseError, ValueError):
            # ValueError: text that is not UTF-8 (UnicodeDecodeError), e.g. one bad
            # byte in the stored schema.
            raise HistoryError(_damaged(self.path)) from None
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"The history file {self.path} was made by a newer sciatica-tui "
                f"(schema {version}). It was left as it is. Please update sciatica-tui.")
        if (version == 0 and tables) or (version and tables != TABLES):
            raise HistoryError(
                f"{self.path} is not a sciatica-tui history file (it holds other data). "
                "It was left as it is.")
        return version

    def _backup(self, version: int) -> Path:
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if target.exists():
            target = self.path.with_name(f"{self.path.name}.v{version}.{os.getpid()}.bak")
        _create_private(target)
        dest = sqlite3.connect(target)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        return target

    def _migrate(self, version: int) -> None:
        try:
            with self._transaction():
                for n in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[n]:
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise _busy_or(exc, self.path) from None
            raise HistoryError(f"Could not update the history file {self.path}: {exc}. "
                               "Nothing was changed.") from None
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"Could not update the history file {self.path}: {exc}. "
                               "Nothing was changed.") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction: all of it is written, or none (also when COMMIT itself
        finds the file locked: it is rolled back, so the whole can be tried again)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise

    def _write(self, sql: str, args: tuple[Any, ...]) -> int:
        try:
            with self._transaction():
                cur = self.conn.execute(sql, args)
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, self.path) from None
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"Could not save to the history file {self.path}: {exc}.") from None
        return cur.lastrowid or 0

    # -- assessments ------------------------------------------------------------
    def start_assessment(self, content_version: str, answers: dict[str, Any]) -> int:
        return self._write(
            "INSERT INTO assessment (started, answers, content_version) VALUES (?, ?, ?)",
            (now(), json.dumps(answers), content_version))

    def save_answers(self, aid: int, answers: dict[str, Any]) -> None:
        self._write("UPDATE assessment SET answers = ? WHERE id = ? AND finished IS NULL",
                    (json.dumps(answers), aid))

    def finish_assessment(self, aid: int, answers: dict[str, Any], disposition: str,
                          red_flags: list[str]) -> None:
        self._write(
            "UPDATE assessment SET answers = ?, disposition = ?, red_flags = ?, finished = ? "
            "WHERE id = ?", (json.dumps(answers), disposition, json.dumps(red_flags), now(), aid))

    def save_draft(self, draft: Draft, answers: dict[str, Any]) -> None:
        """Save the answers of the assessment in progress (its row made on first save)."""
        if draft.row is None:
            draft.row = self.start_assessment(draft.content_version, answers)
        else:
            self.save_answers(draft.row, answers)

    def finish_draft(self, draft: Draft, answers: dict[str, Any], disposition: str,
                     red_flags: list[str]) -> None:
        if draft.row is None:
            draft.row = self.start_assessment(draft.content_version, answers)
        self.finish_assessment(draft.row, answers, disposition, red_flags)

    def discard(self, aid: int) -> None:
        self._write("DELETE FROM assessment WHERE id = ? AND finished IS NULL", (aid,))

    def assessments(self) -> list[Assessment]:
        rows = self._read("SELECT id, started, finished, answers, disposition, red_flags, "
                          "content_version FROM assessment ORDER BY started, id")
        return [Assessment(r[0], r[1], r[2], _json(r[3], {}), r[4], _json(r[5], []), r[6])
                for r in rows]

    def unfinished(self) -> Assessment | None:
        """The latest assessment left part-way, if it has any answers."""
        open_ = [a for a in self.assessments() if a.finished is None and a.answers]
        return open_[-1] if open_ else None

    def last_finished(self) -> Assessment | None:
        done = [a for a in self.assessments() if a.finished is not None]
        return done[-1] if done else None

    # -- check-ins -----------------------------------------------------------------
    def add_checkin(self, day: str, leg_pain: int | None, back_pain: int | None,
                    walk: str | None, answers: dict[str, Any], flags: list[str]) -> int:
        return self._write(
            "INSERT INTO checkin (day, leg_pain, back_pain, walk, answers, flags) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (day, leg_pain, back_pain, walk, json.dumps(answers), json.dumps(flags)))

    def checkins(self) -> list[Checkin]:
        rows = self._read("SELECT id, day, leg_pain, back_pain, walk, answers, flags "
                          "FROM checkin ORDER BY day, id")
        return [Checkin(r[0], r[1], r[2], r[3], r[4], _json(r[5], {}), _json(r[6], []))
                for r in rows]

    def _read(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql).fetchall()
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise _busy_or(exc, self.path) from None
            raise HistoryError(_damaged(self.path)) from None  # e.g. text that is not UTF-8
        except (sqlite3.DatabaseError, ValueError):  # ValueError: text that is not UTF-8
            raise HistoryError(_damaged(self.path)) from None

    # -- export ---------------------------------------------------------------------
    def export(self, fmt: str = "json") -> str:
        assessments, checkins = self.assessments(), self.checkins()
        if fmt == "json":
            return json.dumps({
                "schema": SCHEMA_VERSION,
                "assessments": [a.__dict__ for a in assessments],
                "checkins": [c.__dict__ for c in checkins],
            }, indent=2, ensure_ascii=False) + "\n"
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["kind", "date", "leg_pain", "back_pain", "walk", "disposition",
                         "red_flags", "finished"])
        for a in assessments:
            writer.writerow(["assessment", a.started, a.answers.get("leg_pain", ""),
                             a.answers.get("back_pain", ""), a.answers.get("walk_limit", ""),
                             a.disposition or "", " ".join(a.red_flags),
                             "yes" if a.finished else "no"])
        for c in checkins:
            writer.writerow(["checkin", c.day, _blank(c.leg_pain), _blank(c.back_pain),
                             c.walk or "", "", " ".join(c.flags), "yes"])
        return out.getvalue()


class Draft:
    """The assessment in progress, as saved: its row id once the first save is written
    (the writer's thread fills it in, so the app never waits for it)."""

    def __init__(self, content_version: str, row: int | None = None) -> None:
        self.content_version, self.row = content_version, row


Job = Callable[[History], Any]


class _GiveUp(Exception):
    """The writer is closing and the file is still locked."""


class Writer:
    """The history file on a thread of its own, so the app never waits for the disk
    or another program's lock. One connection; jobs run one at a time, in the order
    given; the results come back through `deliver` (which runs a function on the
    app's own thread).

    A lock held by another program is waited out: each try waits `timeout` seconds
    for the lock, then tries again after a growing pause (up to a second). If the
    file is still locked after `patience` seconds the app is told once
    ("stalled"); the jobs wait in memory, in order, and are written when the lock
    clears (then "resumed"). Anything else that goes wrong ("failed": damaged,
    read-only, disk full...) stops the writer: the app is told, and the file is left
    as it is. `close` gives pending jobs a last chance, then says how many writes
    could not be made."""

    def __init__(self, path: Path | None, create: bool,
                 deliver: Callable[[Callable[[], None]], None],
                 on_event: Callable[[str, str], None], *, patience: float = 10.0,
                 timeout: float = 0.25) -> None:
        self.path, self.create = path, create
        self.deliver, self.on_event = deliver, on_event
        self.patience, self.timeout = patience, timeout
        self.stalled = False
        self.problem = ""
        self._jobs: queue.SimpleQueue[tuple[Job, Callable[[Any], None] | None, bool] | None]
        self._jobs = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = self._unsaved = 0
        self._give_up = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sciatica-history", daemon=True)
        self._thread.start()

    def submit(self, job: Job, reply: Callable[[Any], None] | None = None,
               write: bool = True) -> None:
        """Run `job(history)` on the writer's thread, after every job given before;
        then `reply(result)` on the app's thread."""
        with self._lock:
            self._pending += 1
            self._unsaved += write
        self._jobs.put((job, reply, write))

    @property
    def unsaved(self) -> int:
        """Writes given but not (yet) made."""
        with self._lock:
            return self._unsaved

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every job given so far is done (or dropped); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, wait: float = 2.0) -> int:
        """Finish the jobs given (for up to `wait` seconds if the file is locked), close
        the file, and return how many writes could not be made."""
        self._jobs.put(None)
        self._thread.join(wait)
        self._give_up.set()
        self._thread.join(self.timeout + 1.0)
        with self._lock:
            return self._unsaved

    # -- the writer's thread ----------------------------------------------------------
    def _run(self) -> None:
        history: History | None = None
        try:
            history = self._try(lambda _: History.open(self.path, create=self.create,
                                                       timeout=self.timeout), None)
            if history is None:
                raise HistoryError("There is no history file (history is off).")
            self._tell("ready", "")
        except _GiveUp:
            pass
        except Exception as exc:  # told to the app, never lost silently
            self._fail(exc)
        while (item := self._jobs.get()) is not None:
            job, reply, write = item
            try:
                if history is not None and not self._give_up.is_set():
                    result = self._try(job, history)
                    with self._lock:
                        self._unsaved -= write
                    if reply is not None:
                        self._send(functools.partial(reply, result))
            except _GiveUp:
                pass
            except Exception as exc:
                self._fail(exc)
                if history is not None:
                    history.close()
                history = None
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()
        if history is not None:
            history.close()

    def _try(self, job: Job, history: Any) -> Any:
        """`job(history)`, tried again while another program holds the lock."""
        started, pause = time.monotonic(), 0.05
        while True:
            try:
                result = job(history)
            except HistoryBusy:
                if not self.stalled and time.monotonic() - started >= self.patience:
                    self.stalled = True
                    self._tell("stalled", "")
                if self._give_up.wait(pause):
                    raise _GiveUp from None
                pause = min(pause * 2, 1.0)
                continue
            if self.stalled:
                self.stalled = False
                self._tell("resumed", "")
            return result

    def _fail(self, exc: Exception) -> None:
        self.problem = (str(exc) if isinstance(exc, HistoryError) else
                        f"Cannot use the history file: {exc}.")
        self._tell("failed", self.problem)

    def _tell(self, kind: str, detail: str) -> None:
        self._send(lambda: self.on_event(kind, detail))

    def _send(self, fn: Callable[[], None]) -> None:
        try:
            self.deliver(fn)
        except RuntimeError:  # the app has gone
            pass


def delete(path: Path | None = None) -> list[Path]:
    """Remove the history file, its journal and its backups. Returns what was removed."""
    path = path or history_path()
    removed = []
    candidates = [path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal"),
                  path.with_name(path.name + "-shm"), *path.parent.glob(path.name + ".v*.bak")]
    for p in candidates:
        if p.is_file():
            p.unlink()
            removed.append(p)
    return removed


def _create_private(path: Path) -> None:
    """A new, empty history file (0600) for SQLite to fill; one already there stays."""
    from .private_file import OutputError, write_private

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(f"Cannot create {path}: {exc.strerror}.") from None
    if os.path.lexists(path):
        return
    try:
        write_private(path, b"")
    except OutputError as exc:
        if not os.path.lexists(path):  # not another program's file made meanwhile
            raise HistoryError(f"Cannot create {path}: {exc}.") from None


def _is_file(path: Path) -> bool:
    """Whether `path` exists. A folder, a device, a FIFO (opening it could wait for
    ever) or a name the system refuses is an error."""
    try:
        if not path.exists():
            return False
        mode = path.stat().st_mode
    except OSError as exc:
        raise HistoryError(f"Cannot use {path}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(mode):
        raise HistoryError(f"{path} is a folder, not a history file.")
    if not stat.S_ISREG(mode):
        raise HistoryError(f"{path} is not a history file (not a regular file). "
                           "It was left as it is.")
    return True


def _owner_only(path: Path) -> None:
    """Take group and other permissions off a file or folder of ours (never adds any:
    a read-only file stays read-only). Not ours (another user's), or not possible:
    left alone."""
    try:
        st = os.stat(path)
        if st.st_uid == os.geteuid() and st.st_mode & 0o077:
            os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)
    except OSError:
        pass


def _damaged(path: Path) -> str:
    return (f"The history file {path} is damaged and cannot be read. It was left as it "
            "is. Move it somewhere else to start a new history, or remove it with: "
            "sciatica-tui history delete")


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _busy_or(exc: sqlite3.OperationalError, path: Path) -> HistoryError:
    if _is_busy(exc):
        return HistoryBusy(f"The history file {path} is in use by another program "
                           "(perhaps another sciatica-tui). Close it and try again. "
                           "Nothing was changed.")
    return HistoryError(f"Cannot use the history file {path}: {exc}.")


def _json(text: str, default: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return default


def _blank(value: int | None) -> str | int:
    return "" if value is None else value
