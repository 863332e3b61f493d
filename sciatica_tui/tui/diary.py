"""Personal history screens: turning history on or off, the end of a daily
check-in (with re-triage), and the trend view. The rules live in
sciatica_tui.checkin and content/; these screens only show the results."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from .dialog import Dialog
from .messages import LeaveScreen, Restart, ShowReport, ShowTrends
from .steady import SteadyScreen
from .widgets import TitleBar

if TYPE_CHECKING:
    from ..checkin import Retriage
    from ..history import Assessment, Checkin
    from ..report import Words


class HistoryChoice(Dialog[bool]):
    """Turn history on (explaining what is kept, and where) or off (deleting it)."""

    BINDINGS = [Binding("escape", "no", show=False)]

    def __init__(self, words: Words, turn_on: bool, path: str) -> None:
        super().__init__()
        self.words, self.turn_on, self.path = words, turn_on, path

    def compose(self) -> ComposeResult:
        w = self.words
        kind = "enable" if self.turn_on else "disable"
        with Vertical(classes="dialog"):
            yield Static(w.ui(f"diary.{kind}_title"), classes="prompt")
            yield Static(w.ui(f"diary.{kind}_body").replace("{path}", self.path), markup=False)
            with Horizontal(classes="buttons"):
                yield Button(w.ui("diary.not_now"), id="no", variant="primary")
                yield Button(w.ui(f"diary.{kind}_yes"), id="yes",
                             variant="default" if self.turn_on else "error")

    @on(Button.Pressed, "#yes")
    def yes(self) -> None:
        self.close(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.close(False)


class CheckinDone(SteadyScreen, Screen[None]):
    """Today's check-in, saved; and what to do if something has changed."""

    flow = True
    BINDINGS = [Binding("escape", "done", "Done"), Binding("t", "trends", "My progress")]

    def __init__(self, words: Words, today: dict[str, Any], result: Retriage,
                 flag_text: str) -> None:
        super().__init__()
        self.words, self.today, self.result, self.flag_text = words, today, result, flag_text

    def compose(self) -> ComposeResult:
        w, c, r = self.words, self.words.content, self.result
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(w.ui("diary.done_title"), classes="prompt")
            yield Static(today_line(w, self.today), markup=False, classes="help")
            if r.tier == "self_care":
                yield Static(w.ui("diary.done_ok"), id="retriage")
            else:
                d = c.disposition(r.tier)
                yield Static(f"{w.t(d.label)}: {w.t(d.timeframe)}",
                             classes=f"banner tier-{r.tier}", id="retriage")
                yield Static(w.t(d.action), markup=False)
                triggers = {t.id: t for t in c.triggers}
                lines = [w.t(triggers[t].reason) for t in r.triggers]
                if self.flag_text:
                    lines.append(self.flag_text)
                yield Static("\n\n".join(lines), markup=False, id="retriage-why")
            with Horizontal(classes="buttons"):
                if r.tier != "self_care":
                    yield Button(w.ui("tui.show_summary"), id="summary", variant="error")
                yield Button(w.ui("diary.trends"), id="trends")
                yield Button(w.ui("diary.done"), id="done", variant="primary")
        yield Footer()

    @on(Button.Pressed, "#summary")
    def summary(self) -> None:
        self.post_message(ShowReport(self))

    @on(Button.Pressed, "#trends")
    def action_trends(self) -> None:
        self.post_message(ShowTrends(self))

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.post_message(Restart(self))


def today_line(w: Words, today: dict[str, Any]) -> str:
    c = w.content
    parts = []
    for qid in ("leg_pain", "back_pain", "walk_limit"):
        if c.has_question(qid):
            q = c.question(qid)
            parts.append(f"{w.t(q.short)}: {w.answer(q, today.get(qid))}")
    return " | ".join(parts)


class TrendScreen(SteadyScreen, Screen[None]):
    """Pain and walking over time, with full checks and warning signs marked."""

    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, words: Words, checkins: list[Checkin],
                 assessments: list[Assessment]) -> None:
        super().__init__()
        self.words, self.checkins, self.assessments = words, checkins, assessments

    def compose(self) -> ComposeResult:
        from ..checkin import WALK_LEVEL

        w = self.words
        rows = trend_rows(w, self.checkins, self.assessments)
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(w.ui("diary.trends_title"), classes="prompt")
            if not rows:
                yield Static(w.ui("diary.no_data"), id="trend-empty")
            else:
                recent = rows[-SHOWN:]
                series = [
                    ("diary.leg", [r["leg"] for r in recent], 10),
                    ("diary.back", [r["back"] for r in recent], 10),
                    ("diary.walk", [WALK_LEVEL.get(r["walk"] or "") for r in recent], 3),
                ]
                # Under each day: ! a warning sign, A a full check (assessment).
                marks = " ".join("!" if r["flagged"] else "A" if r["full"] else " "
                                 for r in recent).rstrip()
                for key, values, top in series:
                    known = [float(v) for v in values if v is not None]
                    yield Static(f"{w.ui(key)}: {_range(known)}", classes="section")
                    chart = bars(values, top, ascii_only=self.app.has_class("-ascii"))
                    pad = " " * (len(f"{top:g}") + 2)  # under the bars, past the scale
                    yield Static(chart + (f"\n{pad}{marks}" if marks else ""), markup=False,
                                 classes="trend")
                yield Static(w.ui("diary.chart_key"), classes="help")
                yield Static(w.ui("diary.by_day"), classes="section")
                yield Static("\n".join(r["line"] for r in rows), markup=False, id="trend-days")
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.close"), id="close", variant="primary")
        yield Footer()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.post_message(LeaveScreen(self))


SHOWN = 30  # days in the charts (the list below has them all)
BLOCKS = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
ASCII_BLOCKS = " ....::##"  # the same eight steps in plain ASCII


def bars(values: list[Any], top: float, height: int = 4, ascii_only: bool = False) -> str:
    """A bar per day, `height` rows tall, on a fixed scale from 0 to `top` (so 5 out
    of 10 is always half-full), with the scale on the left; "-" where a day has no
    value."""
    eighths = [None if v is None else round(max(0.0, min(float(v), top)) / top * height * 8)
               for v in values]
    width = len(f"{top:g}")
    lines = []
    for row in range(height - 1, -1, -1):
        cells = []
        for e in eighths:
            if e is None:
                cells.append("-" if row == 0 else " ")
            else:
                fill = max(0, min(8, e - row * 8))
                blocks = ASCII_BLOCKS if ascii_only else BLOCKS
                cells.append(blocks[fill] if fill or row else "_")
        label = f"{top:g}" if row == height - 1 else "0" if row == 0 else ""
        lines.append(f"{label:>{width}} |" + " ".join(cells))
    return "\n".join(lines)


def _range(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{values[0]:g} -> {values[-1]:g}"


def trend_rows(w: Words, checkins: list[Checkin], assessments: list[Assessment]
               ) -> list[dict[str, Any]]:
    """One row per check-in or finished assessment, oldest first, with a text line
    that marks full checks and warning signs."""
    c = w.content
    flags = {f.id: w.t(f.label) for f in c.red_flags}
    triggers = {t.id: w.t(t.label) for t in c.triggers}
    rows: list[dict[str, Any]] = []
    for a in assessments:
        if a.finished is None:
            continue
        marks = [w.ui("diary.mark_assessment").replace(
            "{result}", w.t(c.disposition(a.disposition).label) if a.disposition else "-")]
        marks += [f"! {flags.get(f, f)}" for f in a.red_flags]
        rows.append(_row(w, a.started[:10], a.answers, marks, full=True))
    for ci in checkins:
        marks = [f"! {flags.get(f, triggers.get(f, f))}" for f in ci.flags]
        rows.append(_row(w, ci.day, {"leg_pain": ci.leg_pain, "back_pain": ci.back_pain,
                                     "walk_limit": ci.walk}, marks))
    rows.sort(key=lambda r: r["day"])
    return rows


def _row(w: Words, day: str, answers: dict[str, Any], marks: list[str],
         full: bool = False) -> dict[str, Any]:
    try:
        label = dt.date.fromisoformat(day[:10]).strftime("%d %b")
    except ValueError:
        label = day[:10]
    leg, back, walk = answers.get("leg_pain"), answers.get("back_pain"), answers.get("walk_limit")
    nums = f"{_n(leg):>2} {_n(back):>2}"
    line = f"{label}  {nums}  {'  '.join(marks)}".rstrip()
    flagged = any(m.startswith("!") for m in marks)
    return {"day": day, "leg": leg, "back": back, "walk": walk, "line": line,
            "flagged": flagged, "full": full}


def _n(value: Any) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
