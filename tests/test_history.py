"""Personal history: the SQLite store (a real file in a temp dir: permissions,
migration from the first schema with a backup, damaged, newer and locked files),
`history export/delete`, and the check-in's re-triage rules."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from sciatica_tui.core.checkin import checkin_ids, retriage
from sciatica_tui.core.session import CheckinSession
from sciatica_tui.store.history import MIGRATIONS, SCHEMA_VERSION, History, HistoryError, delete


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_history_is_off_until_created_and_then_private(tmp_path):
    path = tmp_path / "data" / "history.sqlite3"
    assert History.open(path) is None
    assert not path.exists()
    h = History.open(path, create=True)
    assert h is not None
    h.close()
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_assessments_and_checkins_round_trip(tmp_path):
    h = History.open(tmp_path / "h.sqlite3", create=True)
    aid = h.start_assessment("2026.11.2", {"leg_pain": 6})
    h.save_answers(aid, {"leg_pain": 6, "back_pain": 2})
    assert h.unfinished().answers == {"leg_pain": 6, "back_pain": 2}
    h.finish_assessment(aid, {"leg_pain": 6, "back_pain": 2}, "soon", ["fever"])
    assert h.unfinished() is None
    done = h.last_finished()
    assert (done.disposition, done.red_flags) == ("soon", ["fever"])
    h.add_checkin("2026-11-20", 5, 2, "long", {"numbness": "no"}, [])
    h.add_checkin("2026-11-19", 7, 3, "short", {}, ["new_numbness"])
    assert [c.day for c in h.checkins()] == ["2026-11-19", "2026-11-20"]
    data = json.loads(h.export("json"))
    assert data["schema"] == SCHEMA_VERSION
    assert data["assessments"][0]["answers"]["back_pain"] == 2
    assert data["checkins"][0]["flags"] == ["new_numbness"]
    rows = h.export("csv").splitlines()
    assert rows[0].startswith("kind,date,leg_pain")
    assert "checkin,2026-11-19,7,3,short,,new_numbness,yes" in rows


def _first_schema(path):
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute("INSERT INTO assessment (started, answers, disposition, content_version) "
                 "VALUES ('2026-10-01T09:00:00+00:00', '{\"leg_pain\": 8}', 'urgent', '1')")
    conn.execute("INSERT INTO checkin (day, leg_pain, back_pain, walk) "
                 "VALUES ('2026-10-02', 7, 4, 'short')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_a_first_schema_file_is_backed_up_then_migrated_with_nothing_lost(tmp_path):
    path = tmp_path / "history.sqlite3"
    _first_schema(path)
    h = History.open(path)
    [a] = h.assessments()
    assert (a.disposition, a.finished, a.answers) == ("urgent", a.started, {"leg_pain": 8})
    [c] = h.checkins()
    assert (c.day, c.leg_pain, c.back_pain, c.walk, c.flags) == ("2026-10-02", 7, 4, "short", [])
    h.close()
    backup = tmp_path / "history.sqlite3.v1.bak"
    assert _mode(backup) == 0o600
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT leg_pain FROM checkin").fetchone()[0] == 7


def test_a_failed_migration_changes_nothing(tmp_path):
    path = tmp_path / "history.sqlite3"
    _first_schema(path)
    with sqlite3.connect(path) as conn:  # a column the migration will try to add
        conn.execute("ALTER TABLE assessment ADD COLUMN finished TEXT")
    with pytest.raises(HistoryError, match="Nothing was changed"):
        History.open(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM checkin").fetchone()[0] == 1


def test_a_damaged_file_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database\n" * 100)
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="damaged"):
        History.open(path)
    assert path.read_bytes() == before


def test_a_file_from_a_newer_version_is_left_alone(tmp_path):
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryError, match="newer"):
        History.open(path)


def test_a_locked_file_gives_a_clear_message(tmp_path):
    path = tmp_path / "history.sqlite3"
    History.open(path, create=True).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(HistoryError, match="in use by another program"):
            h = History.open(path)
            h.add_checkin("2026-11-20", 1, 1, None, {}, [])
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_delete_removes_the_file_and_its_backups(tmp_path):
    path = tmp_path / "history.sqlite3"
    _first_schema(path)
    History.open(path).close()
    removed = delete(path)
    assert path not in list(tmp_path.iterdir())
    assert {p.name for p in removed} == {"history.sqlite3", "history.sqlite3.v1.bak"}


def _cli(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "sciatica_tui", "history", *args],
                          input=stdin, capture_output=True, text=True, timeout=60)


def test_cli_export_and_delete(tmp_path):
    path = tmp_path / "h.sqlite3"
    h = History.open(path, create=True)
    h.add_checkin("2026-11-20", 5, 2, "long", {}, [])
    h.close()
    out = _cli("export", "--file", str(path))
    assert out.returncode == 0 and json.loads(out.stdout)["checkins"][0]["leg_pain"] == 5
    csv_out = tmp_path / "h.csv"
    saved = _cli("export", "--format", "csv", "--file", str(path), "-o", str(csv_out))
    assert saved.returncode == 0 and _mode(csv_out) == 0o600
    assert "checkin,2026-11-20,5,2,long" in csv_out.read_text()
    kept = _cli("delete", "--file", str(path), stdin="no\n")
    assert kept.returncode == 1 and path.exists() and "Nothing was deleted" in kept.stdout
    gone = _cli("delete", "--file", str(path), stdin="yes\n")
    assert gone.returncode == 0 and not path.exists()


def test_cli_on_a_damaged_or_missing_file_says_so_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("garbage" * 200)
    out = _cli("export", "--file", str(bad))
    assert out.returncode == 1 and "damaged" in out.stderr and "Traceback" not in out.stderr
    missing = _cli("export", "--file", str(tmp_path / "none.sqlite3"))
    assert missing.returncode == 1 and "no history" in missing.stderr


# --- the check-in's rules (pure) -------------------------------------------------


def test_checkin_asks_warning_signs_first_and_follows_when(content):
    ids = checkin_ids(content)
    sections = [content.question(q).section for q in ids]
    assert sections == sorted(sections, key=lambda s: s != "red_flags")
    for q in ("leg_pain", "back_pain", "walk_limit", "bladder_change", "weakness", "numbness"):
        assert q in ids
    # The weakness follow-up only when weakness is yes or unsure.
    for weakness, follow_up in (("no", False), ("yes", True)):
        s = CheckinSession(content, {})
        while (step := s.next_step(content)).qid != "weakness":
            q = content.question(step.qid)
            s.record(content, step.qid, "no" if q.type == "yes_no_unsure" else None)
        s.record(content, "weakness", weakness)
        assert (s.next_step(content).qid == "weakness_change") is follow_up


def test_retriage_new_weakness_and_new_numbness(content):
    before = {"weakness": "no", "numbness": "no"}
    r = retriage(content, before, {"weakness": "yes", "weakness_change": "same",
                                   "numbness": "no"}, [])
    assert "new_weakness" in r.triggers and r.tier == "urgent"
    r = retriage(content, before, {"weakness": "no", "numbness": "yes"}, [])
    assert r.triggers == ("new_numbness",) and r.tier == "soon"
    r = retriage(content, before, {"weakness": "no", "numbness": "no"}, [])
    assert r.triggers == () and r.flags == () and r.tier == "self_care"


def test_retriage_pain_rising_for_several_days(content):
    def series(*values):
        return [{"leg_pain": v} for v in values]

    assert "pain_rising" in retriage(content, {}, {"leg_pain": 6}, series(3, 4, 5)).triggers
    assert "pain_rising" not in retriage(content, {}, {"leg_pain": 6}, series(3, 5, 5)).triggers
    assert "pain_rising" not in retriage(content, {}, {"leg_pain": 6}, series(4, 5)).triggers
    assert "pain_rising" not in retriage(content, {}, {"leg_pain": 6}, series(3, None, 5)).triggers
    # Back pain counts too.
    back = [{"back_pain": v} for v in (1, 2, 3)]
    assert "pain_rising" in retriage(content, {}, {"back_pain": 4}, back).triggers


def test_retriage_repeats_emergencies_but_not_old_lesser_flags(content):
    before = {"bladder_change": "yes", "fever": "yes"}
    r = retriage(content, before, {"bladder_change": "yes", "fever": "yes"}, [])
    assert "ces_bladder" in {f.id for f in r.flags}  # an emergency always shows
    assert "fever" not in {f.id for f in r.flags}  # known since last time
    assert r.tier == "emergency"
    r = retriage(content, {"fever": "no"}, {"fever": "yes"}, [])
    assert "fever" in {f.id for f in r.flags}


# --- S-F5: damage of any kind is a clear message -----------------------------------


def _bad_schema_byte(path):
    """A real history file with one byte of its stored schema text made invalid UTF-8."""
    History.open(path, create=True).close()
    data = bytearray(path.read_bytes())
    data[data.index(b"CREATE TABLE checkin") + 7] = 0xFF
    path.write_bytes(bytes(data))


def test_S_F5_a_bad_byte_in_the_schema_is_a_clear_message(tmp_path):
    path = tmp_path / "history.sqlite3"
    _bad_schema_byte(path)
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="damaged"):
        History.open(path)
    out = _cli("export", "--file", str(path))
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "damaged" in out.stderr
    where = _cli("where", "--file", str(path))
    assert where.returncode == 1 and "damaged" in where.stdout and not where.stderr
    assert path.read_bytes() == before


def test_S_F5_bad_text_in_saved_answers_is_a_clear_message(tmp_path):
    path = tmp_path / "history.sqlite3"
    h = History.open(path, create=True)
    h.start_assessment("1", {"leg_pain": 3})
    h.conn.execute("UPDATE assessment SET answers = CAST(X'7B22FF22' AS TEXT)")
    h.close()
    out = _cli("export", "--file", str(path))
    assert out.returncode == 1 and "damaged" in out.stderr and "Traceback" not in out.stderr


# --- S-F6: a lock held by another program is waited out ---------------------------


class _Inbox:
    """Stands in for the app's thread: what the writer hands back, run in order."""

    def __init__(self):
        import threading

        self.lock, self.events = threading.Lock(), []

    def deliver(self, fn):
        with self.lock:
            fn()

    def on_event(self, kind, detail):
        self.events.append(kind)


def _locked(path):
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # a real write lock, held by another connection
    return other


def test_S_F6_writes_wait_for_a_lock_and_every_one_is_saved(tmp_path):
    from sciatica_tui.store.history import Draft, Writer

    path = tmp_path / "history.sqlite3"
    History.open(path, create=True).close()
    inbox = _Inbox()
    writer = Writer(path, False, inbox.deliver, inbox.on_event, patience=0)
    draft = Draft("2026.11.3")
    answers = {}
    other = _locked(path)
    try:
        for n in range(8):  # eight answers while the file is locked
            answers[f"q{n}"] = n
            writer.submit(lambda h, a=dict(answers): h.save_draft(draft, a))
        writer.submit(lambda h: h.add_checkin("2026-11-20", 4, 2, None, {}, []))
        assert not writer.wait_idle(0.5)  # still waiting: nothing dropped, nothing failed
        assert "failed" not in inbox.events
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert writer.wait_idle(60)
    assert writer.close() == 0
    h = History.open(path)
    assert h.unfinished().answers == answers  # all eight, in order
    assert len(h.checkins()) == 1
    # Told once that saving was held up, and once that it caught up.
    assert sorted(inbox.events) == ["ready", "resumed", "stalled"]
    assert inbox.events.index("stalled") < inbox.events.index("resumed")


def test_S_F6_writes_that_never_get_the_file_are_counted_at_close(tmp_path):
    from sciatica_tui.store.history import Writer

    path = tmp_path / "history.sqlite3"
    History.open(path, create=True).close()
    inbox = _Inbox()
    other = _locked(path)
    try:
        writer = Writer(path, False, inbox.deliver, inbox.on_event, patience=0)
        for day in ("2026-11-20", "2026-11-21", "2026-11-22"):
            writer.submit(lambda h, d=day: h.add_checkin(d, 1, 1, None, {}, []))
        assert writer.close(wait=0.2) == 3  # the app says so when it closes
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert inbox.events == ["stalled"]  # once, not once per write
    assert History.open(path).checkins() == []


def test_S_F6_a_damaged_file_stops_the_writer_and_says_why(tmp_path):
    from sciatica_tui.store.history import Writer

    path = tmp_path / "history.sqlite3"
    _bad_schema_byte(path)
    inbox = _Inbox()
    writer = Writer(path, False, inbox.deliver, inbox.on_event)
    writer.submit(lambda h: h.add_checkin("2026-11-20", 1, 1, None, {}, []))
    assert writer.wait_idle(60)
    writer.close()
    assert inbox.events == ["failed"] and "damaged" in writer.problem


def test_a_commit_that_finds_the_file_locked_is_rolled_back_whole(tmp_path):
    path = tmp_path / "history.sqlite3"
    h = History.open(path, create=True, timeout=0.05)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM checkin").fetchone()  # a shared lock: COMMIT must wait
    with pytest.raises(HistoryError, match="in use"):
        h.add_checkin("2026-11-20", 1, 1, None, {}, [])
    assert not h.conn.in_transaction
    reader.execute("ROLLBACK")
    h.add_checkin("2026-11-21", 1, 1, None, {}, [])  # the next write works
    assert [c.day for c in h.checkins()] == ["2026-11-21"]


# --- S-F7: export and where change nothing -----------------------------------------


def _snapshot(folder):
    return {p.name: (p.read_bytes(), _mode(p)) for p in sorted(folder.iterdir())}


def test_S_F7_export_and_where_leave_every_file_as_it_was(tmp_path):
    ours = tmp_path / "ours"
    ours.mkdir()
    readable = ours / "open.sqlite3"  # ours, but readable by others: export must not chmod
    History.open(readable, create=True).close()
    os.chmod(readable, 0o644)
    readonly = ours / "readonly.sqlite3"
    History.open(readonly, create=True).close()
    os.chmod(readonly, 0o400)
    old = ours / "old.sqlite3"  # schema 1: exported without migrating the file
    _first_schema(old)
    before = _snapshot(ours)
    for path in (readable, readonly, old):
        out = _cli("export", "--file", str(path))
        assert out.returncode == 0, out.stderr
        assert _cli("where", "--file", str(path)).returncode == 0
    assert json.loads(_cli("export", "--file", str(old)).stdout)["checkins"][0]["leg_pain"] == 7
    assert _snapshot(ours) == before  # same bytes, same modes, no backup, no journal


def test_S_F7_a_foreign_or_newer_file_is_refused_and_left_alone(tmp_path):
    foreign = tmp_path / "notes.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    os.chmod(foreign, 0o644)
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    ours_v2_other_tables = tmp_path / "odd.sqlite3"
    with sqlite3.connect(ours_v2_other_tables) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    before = _snapshot(tmp_path)
    for path, why in ((foreign, "not a sciatica-tui history"), (newer, "newer"),
                      (ours_v2_other_tables, "not a sciatica-tui history")):
        out = _cli("export", "--file", str(path))
        assert out.returncode == 1 and why in out.stderr and "Traceback" not in out.stderr
        where = _cli("where", "--file", str(path))
        assert where.returncode == 1 and why in where.stdout
        with pytest.raises(HistoryError, match=why):  # nor does the app take it over
            History.open(path)
    assert _snapshot(tmp_path) == before


def test_S_F7_where_and_export_create_nothing(tmp_path, monkeypatch):
    data = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    where = subprocess.run([sys.executable, "-m", "sciatica_tui", "history", "where"],
                           capture_output=True, text=True, timeout=60)
    assert where.returncode == 0 and "off" in where.stdout
    export = subprocess.run([sys.executable, "-m", "sciatica_tui", "history", "export"],
                            capture_output=True, text=True, timeout=60)
    assert export.returncode == 1 and "no history" in export.stderr
    assert not data.exists()


def test_S_F7_the_data_folder_is_made_private_even_when_it_exists(tmp_path, monkeypatch):
    from sciatica_tui.store.paths import history_path as default_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    folder = default_path().parent
    folder.mkdir(parents=True, mode=0o755)
    os.chmod(folder, 0o755)
    History.open(create=True).close()
    assert _mode(folder) == 0o700 and _mode(default_path()) == 0o600
    # A folder the person chose for the file is theirs: left as it is.
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o755)
    os.chmod(theirs, 0o755)
    History.open(theirs / "h.sqlite3", create=True).close()
    assert _mode(theirs) == 0o755 and _mode(theirs / "h.sqlite3") == 0o600


def test_S_F7_a_device_or_fifo_as_the_file_is_refused_untouched(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    null_mode = os.stat("/dev/null").st_mode
    for path in ("/dev/null", str(fifo)):
        for action in ("export", "where"):
            out = _cli(action, "--file", path)  # no hang on the FIFO, no chmod of /dev/null
            assert out.returncode == 1 and "not a history file" in out.stdout + out.stderr
    assert os.stat("/dev/null").st_mode == null_mode
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
