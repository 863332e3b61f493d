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

from sciatica_tui.checkin import checkin_ids, next_checkin_question, retriage
from sciatica_tui.history import MIGRATIONS, SCHEMA_VERSION, History, HistoryError, delete


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
    cut = ids.index("weakness_change")
    done = ids[:cut]
    nxt = next_checkin_question(content, {"weakness": "no"}, done)
    assert nxt.id != "weakness_change"
    nxt = next_checkin_question(content, {"weakness": "yes"}, done)
    assert nxt.id == "weakness_change"


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
