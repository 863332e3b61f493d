"""Personal history: assessments and daily check-ins in one SQLite file in the
user data folder. Off until the person turns it on (the file exists only then);
never used in kiosk or demo mode.

- The file and its folder are private to the user (0600 / 0700).
- The schema is versioned (PRAGMA user_version). Before a migration the file is
  copied next to itself (history.sqlite3.v1.bak), and the migration runs in one
  transaction, so a failure leaves the data as it was.
- A damaged, locked or newer file gives HistoryError with a plain message, and
  is never changed or replaced.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_NAME = "history.sqlite3"
SCHEMA_VERSION = 2

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


def default_path() -> Path:
    from .paths import history_path

    return history_path()


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
    def open(cls, path: Path | None = None, create: bool = False) -> History | None:
        """The history at `path` (default: the user data folder). None when history
        is off (no file) and `create` is false."""
        path = path or default_path()
        if not path.exists():
            if not create:
                return None
            _create_private(path)
        elif path.is_dir():
            raise HistoryError(f"{path} is a folder, not a history file.")
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass  # not ours to change; reading may still work
        try:
            conn = sqlite3.connect(path, timeout=2.0, isolation_level=None)
        except sqlite3.Error as exc:
            raise HistoryError(f"Cannot open the history file {path}: {exc}.") from None
        history = cls(conn, path)
        try:
            history._check_and_migrate()
        except BaseException:
            conn.close()
            raise
        return history

    def close(self) -> None:
        self.conn.close()

    def _check_and_migrate(self) -> None:
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version:
                ok = self.conn.execute("PRAGMA quick_check").fetchone()[0]
                if ok != "ok":
                    raise sqlite3.DatabaseError(ok)
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, self.path) from None
        except sqlite3.DatabaseError:
            raise HistoryError(
                f"The history file {self.path} is damaged and cannot be read. It was "
                "left as it is. Move it somewhere else to start a new history, or "
                "remove it with: sciatica-tui history delete") from None
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"The history file {self.path} was made by a newer sciatica-tui "
                f"(schema {version}). It was left as it is. Please update sciatica-tui.")
        if version < SCHEMA_VERSION:
            if version > 0:
                self._backup(version)
            self._migrate(version)

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
            if "locked" in str(exc) or "busy" in str(exc):
                raise _busy_or(exc, self.path) from None
            raise HistoryError(f"Could not update the history file {self.path}: {exc}. "
                               "Nothing was changed.") from None
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"Could not update the history file {self.path}: {exc}. "
                               "Nothing was changed.") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _write(self, sql: str, args: tuple[Any, ...]) -> int:
        try:
            with self._transaction():
                cur = self.conn.execute(sql, args)
        except sqlite3.OperationalError as exc:
            raise _busy_or(exc, self.path) from None
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"Could not save to the history file: {exc}.") from None
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
            raise _busy_or(exc, self.path) from None
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"Could not read the history file: {exc}.") from None

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


def delete(path: Path | None = None) -> list[Path]:
    """Remove the history file, its journal and its backups. Returns what was removed."""
    path = path or default_path()
    removed = []
    candidates = [path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal"),
                  path.with_name(path.name + "-shm"), *path.parent.glob(path.name + ".v*.bak")]
    for p in candidates:
        if p.is_file():
            p.unlink()
            removed.append(p)
    return removed


def _create_private(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise HistoryError(f"Cannot create {path}: {exc.strerror}.") from None


def _busy_or(exc: sqlite3.OperationalError, path: Path) -> HistoryError:
    if "locked" in str(exc) or "busy" in str(exc):
        return HistoryError(f"The history file {path} is in use by another program "
                            "(perhaps another sciatica-tui). Close it and try again. "
                            "Nothing was changed.")
    return HistoryError(f"Cannot use the history file {path}: {exc}.")


def _json(text: str, default: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return default


def _blank(value: int | None) -> str | int:
    return "" if value is None else value
