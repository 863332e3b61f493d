"""History that tells the truth (use review U-B6, U-B7): the first check-in's
wording, and a progress chart with one bar per day, gaps, dates, walking in
words and a taller scale."""

from __future__ import annotations

import datetime as dt

import pytest

from sciatica_tui.core.checkin import WALK_LEVEL, done_key
from sciatica_tui.core.words import Words
from sciatica_tui.store.history import Checkin
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.diary import HEIGHT, bars, day_columns, trend_rows, under_bars

from .pilot import loaded, sync
from .test_tui_diary import CALM, _seed, checkin, settled


def _ci(n: int, day: str, leg=None, back=None, walk=None) -> Checkin:
    return Checkin(n, day, leg, back, walk, {}, [])


def test_U_B6_done_wording_depends_on_what_came_before(content):
    w = Words(content)
    first = w.ui(done_key(first=True, has_steps=False))
    assert "since last time" not in first and "first steps" not in first
    first_steps = w.ui(done_key(first=True, has_steps=True))
    assert "since last time" not in first_steps and "first steps" in first_steps
    assert "first steps" not in w.ui(done_key(first=False, has_steps=False))
    assert w.ui(done_key(first=False, has_steps=True)) == w.ui("diary.done_ok")


@sync
async def test_U_B6_first_ever_checkin_does_not_say_nothing_new_since_last_time(tmp_path):
    path = tmp_path / "h.sqlite3"
    _seed(path, [], answers=dict(CALM))  # a finished check, no check-in yet
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        await checkin(pilot, app, CALM)
        shown = str(app.screen.query_one("#retriage").render())
        assert "since last time" not in shown
        assert "first check-in" in shown


def test_U_B7_two_checkins_on_a_day_make_one_bar_showing_the_worst(content):
    w = Words(content)
    rows = trend_rows(w, [_ci(1, "2026-11-02", 3, 2, "long"), _ci(2, "2026-11-02", 7, 1, "short"),
                          _ci(3, "2026-11-03", 5, 5, "no_limit")], [])
    days = day_columns(rows)
    assert len(days) == 2
    assert days[0] is not None and (days[0]["leg"], days[0]["back"], days[0]["walk"]) == (
        7, 2, "short")
    chart = bars([d["leg"] for d in days if d], 10)
    assert all(len(line.split("|")[1].split()) <= 2 for line in chart.splitlines())
    assert "worst" in w.ui("diary.chart_key")


def test_U_B7_missing_days_are_gaps_and_dates_are_under_the_bars(content):
    w = Words(content)
    rows = trend_rows(w, [_ci(1, "2026-11-29", 4), _ci(2, "2026-12-02", 8)], [])
    days = day_columns(rows)
    assert [d is None for d in days] == [False, True, True, False]
    chart = bars([d and d["leg"] for d in days], 10, gaps=[d is None for d in days])
    bottom = chart.splitlines()[-1].split("|")[1]
    assert bottom[3:9].strip() == ""  # the two missing days: blank, not "-"
    marks, numbers, months = under_bars(w, days)
    assert numbers.split() == ["29", "30", "1", "2"]
    assert months.split() == ["Nov", "Dec"]
    # Each date sits under its bar (same columns).
    assert numbers.index("2", numbers.index(" 1") + 2) - 1 == bottom.rindex("\u2588") - 1


def test_U_B7_chart_is_taller_than_four_rows():
    assert HEIGHT >= 8
    assert len(bars([5], 10).splitlines()) == HEIGHT


@pytest.mark.parametrize("lang", ["en", "es"])
def test_U_B7_walking_is_shown_in_words_and_dates_in_the_language(content, lang):
    w = Words(content, lang)
    today = dt.date(2026, 11, 30)
    checkins = [_ci(1, today.isoformat(), 4, 2, "few_steps"),
                _ci(2, (today + dt.timedelta(days=1)).isoformat(), 3, 2, "long")]
    rows = trend_rows(w, checkins, [])
    assert all(w.ui(f"diary.walk_short.{k}") for k in WALK_LEVEL)
    assert w.ui("diary.walk_short.few_steps") in rows[0]["line"]
    assert ("30 nov" if lang == "es" else "30 Nov") in rows[0]["line"]


@sync
async def test_U_B7_trend_screen_walking_chart_is_labelled_in_words(tmp_path):
    path = tmp_path / "h.sqlite3"
    today = dt.date.today()
    _seed(path, [((today - dt.timedelta(days=2)).isoformat(), {**CALM, "walk_limit": "short"}),
                 (today.isoformat(), {**CALM, "walk_limit": "long"})])
    app = SciaticaApp(cursor_blink=False, history_path=str(path))
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot, app)
        await settled(pilot, app)
        await pilot.click("#trends")
        await settled(pilot, app)
        walk = str(app.screen.query_one("#trend-walk").render())
        for key in WALK_LEVEL:
            assert app.words.ui(f"diary.walk_short.{key}") in walk
        assert str(today.day) in walk.splitlines()[-2]
