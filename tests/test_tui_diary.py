"""Personal history in the app (Pilot): off by default, turning it on and off,
saving and resuming an assessment, the daily check-in with re-triage on
worsening, the trend view; never in kiosk or demo mode; a damaged file."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import stat

import pytest

from sciatica_tui.store.config import Config, hash_pin
from sciatica_tui.store.history import History
from sciatica_tui.tui.app import SciaticaApp

from .conftest import DISC, clear_screening
from .pilot import answer, loaded, sync, to_saddle, walk

CALM = {"saddle_numbness": "no", "bladder_change": "no", "bowel_change": "no",
        "sexual_change": "no", "both_legs": "no", "weakness": "no", "fever": "no",
        "leg_pain": 4, "back_pain": 2, "numbness": "no", "walk_limit": "long"}


async def settled(pilot, app) -> None:
    """Wait until the history's own thread has done everything it was given and the
    app has taken its replies (a reply may give it more: a few rounds)."""
    for _ in range(4):
        wait_idle = getattr(app.store, "wait_idle", None)  # None: history off (or no thread)
        if wait_idle is not None:
            assert await asyncio.to_thread(wait_idle, 60)
        await pilot.pause()


async def checkin(pilot, app, values: dict) -> list[str]:
    """Answer a daily check-in by key presses; returns the question ids asked."""
    from sciatica_tui.tui.screens.alerts import EmergencyScreen
    from sciatica_tui.tui.screens.question import QuestionScreen

    asked = []
    await pilot.click("#checkin")
    await settled(pilot, app)
    for _ in range(30):
        screen = app.screen
        if isinstance(screen, QuestionScreen):
            asked.append(screen.q.id)
            await answer(pilot, screen, values[screen.q.id])
        elif isinstance(screen, EmergencyScreen):
            asked.append("EMERGENCY")
            return asked
        else:
            return asked
    raise AssertionError("the check-in did not end")


def _seed(path, checkins=(), answers=None):
    h = History.open(path, create=True)
    if answers is not None:
        aid = h.start_assessment("x", answers)
        h.finish_assessment(aid, answers, "self_care", [])
    for day, values in checkins:
        h.add_checkin(day, values.get("leg_pain"), values.get("back_pain"),
                      values.get("walk_limit"), values, [])
    h.close()


def showing(app, selector: str) -> bool:
    """A welcome button is showing (one not shown yet may not have been made)."""
    return any(w.display for w in app.screen.query(selector))


@sync
async def test_history_is_off_by_default_and_nothing_is_written(tmp_path, content):
    path = tmp_path / "h.sqlite3"
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        assert not showing(app, "#checkin")
        await pilot.click("#start")
        await pilot.pause()
        await walk(pilot, app, {**clear_screening(content), **DISC})
    assert not path.exists()


@sync
async def test_19_8_the_welcome_makes_only_the_history_buttons_that_show(tmp_path):
    """Memory at start (issue 19): with the history off, the welcome screen has the
    way to turn it on, and no hidden check-in, progress or "carry on" buttons;
    turned on, check-in and progress are made then, in their places, and the
    app's words are the checked ones (the quick copy for the first frame gone)."""
    path = tmp_path / "data" / "h.sqlite3"
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        assert not app.screen.query("#checkin, #trends, #resume")
        assert showing(app, "#history-toggle")
        assert app.strings is app.screen.strings
        await pilot.click("#history-toggle")
        await pilot.pause()
        await pilot.click("#yes")
        await settled(pilot, app)
        row = app.screen.query_one("#history-row")
        assert [b.id for b in row.children] == ["checkin", "trends", "history-toggle"]
        assert all(b.display for b in row.children)
        assert not app.screen.query("#resume")


@sync
async def test_turning_history_on_saves_assessments_and_off_deletes_them(tmp_path, content):
    path = tmp_path / "data" / "h.sqlite3"
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        await pilot.click("#history-toggle")
        await pilot.pause()
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert str(path) in shown  # says where the file will be
        assert not path.exists()  # nothing until the person says yes
        await pilot.click("#yes")
        await settled(pilot, app)
        assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert showing(app, "#checkin")
        await pilot.click("#start")
        await pilot.pause()
        await walk(pilot, app, {**clear_screening(content), **DISC})
        await settled(pilot, app)
        saved = History.open(path).last_finished()
        assert saved.disposition == "self_care"
        assert saved.answers["leg_pain"] == DISC["leg_pain"]
        app.restart()
        await pilot.pause()
        await pilot.click("#history-toggle")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert not path.exists()
        assert not showing(app, "#checkin")


@sync
async def test_an_unfinished_assessment_can_be_resumed(tmp_path, content):
    path = tmp_path / "h.sqlite3"
    History.open(path, create=True).close()
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        assert not showing(app, "#resume")
        await pilot.click("#start")
        await pilot.pause()
        await to_saddle(pilot, app)  # three answers: the aneurysm questions
        asked = list(app.history)
        app.restart()  # e.g. closed the app part-way
        await pilot.pause()
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        resume = app.screen.query_one("#resume")
        assert resume.display and dt.date.today().isoformat() in str(resume.label)
        await pilot.click("#resume")
        await settled(pilot, app)
        assert app.history == asked
        assert app.screen.q.id not in asked  # the next question, not the first
        await pilot.press("escape")  # Back shows the last answer given
        await pilot.pause()
        # (on the screen it was given on: the first group screen, as a whole)
        assert asked[-1] in [q.id for q in getattr(app.screen, "rows", [app.screen.q])]


@sync
async def test_a_daily_checkin_is_saved_and_shown_in_the_trend(tmp_path):
    path = tmp_path / "h.sqlite3"
    _seed(path, [("2026-11-01", {**CALM, "leg_pain": 7})], answers=dict(CALM))
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        asked = await checkin(pilot, app, CALM)
        assert asked[0] == "saddle_numbness" and "walk_limit" in asked
        assert "weakness_change" not in asked
        assert type(app.screen).__name__ == "CheckinDone"
        assert app.words.ui("diary.done_ok") in str(app.screen.query_one("#retriage").render())
        await settled(pilot, app)
        [old, new] = History.open(path).checkins()
        assert (new.day, new.leg_pain, new.back_pain, new.walk) == (
            dt.date.today().isoformat(), 4, 2, "long")
        await pilot.click("#trends")
        await settled(pilot, app)
        days = str(app.screen.query_one("#trend-days").render())
        assert "01 Nov" in days and dt.date.today().strftime("%d %b") in days
        assert "full check" in days


@sync
async def test_new_numbness_at_a_checkin_brings_up_retriage(tmp_path):
    path = tmp_path / "h.sqlite3"
    _seed(path, [], answers=dict(CALM))
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        await checkin(pilot, app, {**CALM, "numbness": "yes", "numbness_change": "same"})
        banner = str(app.screen.query_one("#retriage").render())
        assert app.words.t(app.words.content.disposition("soon").label) in banner
        why = str(app.screen.query_one("#retriage-why").render())
        assert "numbness that you did not have last time" in why
        await settled(pilot, app)
        assert History.open(path).checkins()[-1].flags == ["new_numbness"]


@sync
async def test_pain_rising_for_several_days_brings_up_retriage(tmp_path):
    path = tmp_path / "h.sqlite3"
    today = dt.date.today()
    days = [(today - dt.timedelta(days=n)).isoformat() for n in (3, 2, 1)]
    _seed(path, [(d, {**CALM, "leg_pain": v}) for d, v in zip(days, (3, 4, 5), strict=True)],
          answers=dict(CALM))
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        await checkin(pilot, app, {**CALM, "leg_pain": 6})
        assert "gone up each day" in str(app.screen.query_one("#retriage-why").render())


@sync
async def test_a_bladder_change_at_a_checkin_interrupts_at_once(tmp_path):
    path = tmp_path / "h.sqlite3"
    _seed(path, [], answers=dict(CALM))
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        asked = await checkin(pilot, app, {**CALM, "bladder_change": "yes"})
        assert asked == ["saddle_numbness", "bladder_change", "EMERGENCY"]
        assert "New trouble peeing" in app.screen.text


@sync
async def test_new_weakness_at_a_checkin_is_urgent(tmp_path):
    path = tmp_path / "h.sqlite3"
    _seed(path, [], answers=dict(CALM))
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        await checkin(pilot, app, {**CALM, "weakness": "yes", "weakness_change": "same"})
        banner = str(app.screen.query_one("#retriage").render())
        assert app.words.t(app.words.content.disposition("urgent").label) in banner


@sync
async def test_kiosk_and_demo_never_open_the_history(tmp_path):
    path = tmp_path / "h.sqlite3"
    _seed(path, [("2026-11-01", CALM)])
    before = path.read_bytes()
    kiosk = Config(mode="kiosk", admin_pin_hash=hash_pin("2468", iterations=1000))
    for config in (kiosk, Config(mode="demo")):
        app = SciaticaApp(cursor_blink=False, config=config, history_path=str(path))
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            await pilot.pause()
            assert app.store is None
    assert path.read_bytes() == before


def _garbage(path):
    path.write_bytes(b"not a database" * 100)


def _bad_schema_byte(path):
    History.open(path, create=True).close()
    data = bytearray(path.read_bytes())
    data[data.index(b"CREATE TABLE checkin") + 7] = 0xFF  # schema text no longer UTF-8
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_garbage, _bad_schema_byte])
@sync
async def test_S_F5_a_damaged_history_file_is_reported_and_kept(tmp_path, content, damage):
    path = tmp_path / "h.sqlite3"
    damage(path)
    before = path.read_bytes()
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)  # the app carries on, and says it is not saving
        assert app.store is None and "damaged" in app.store_problem
        assert any("damaged" in n.message and "nothing new is saved" in n.message
                   for n in app._notifications)
        await pilot.click("#start")
        await pilot.pause()
        await walk(pilot, app, {**clear_screening(content), **DISC})
    assert path.read_bytes() == before


@sync
async def test_S_F6_answers_given_while_another_program_locks_the_file_are_all_saved(
        tmp_path, content):
    import sqlite3

    path = tmp_path / "h.sqlite3"
    History.open(path, create=True).close()
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        await pilot.click("#start")
        await pilot.pause()
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
        try:
            for _ in range(8):  # "no" or "none of these", whatever the question
                q = app.screen.q
                quiet = {"yes_no_unsure": "no", "multi": ["none"]}.get(q.type, "no")
                await answer(pilot, app.screen, quiet)  # a group's last line goes on
            assert len(app.answers) == 8  # the questions went on meanwhile
            assert app.store is not None  # and saving did not stop
        finally:
            other.execute("ROLLBACK")
            other.close()
        await settled(pilot, app)
        given = dict(app.answers)
    assert History.open(path).unfinished().answers == given


@sync
async def test_S_F6_answers_still_locked_out_when_the_app_closes_are_named(tmp_path, capfd):
    import sqlite3

    path = tmp_path / "h.sqlite3"
    History.open(path, create=True).close()
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    other = sqlite3.connect(path, isolation_level=None)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            await settled(pilot, app)
            await pilot.click("#start")
            await pilot.pause()
            other.execute("BEGIN EXCLUSIVE")  # and never let go while the app runs
            await answer(pilot, app.screen, "no")
        assert app.store is None
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert app.words.ui("diary.history_unsaved") in capfd.readouterr().err
    assert History.open(path).unfinished() is None  # so the message is true
