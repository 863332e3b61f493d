"""Personal history screens: turning history on or off, the end of a daily
check-in (with re-triage), and the trend view. The rules live in
sciatica_tui.core.checkin and content/; these screens only show the results."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ..messages import LeaveScreen, Restart, ShowReport, ShowTrends
from ..widgets.common import TitleBar
from ..widgets.steady import SteadyScreen
from ..words import WordsFooter
from .dialog import Dialog

if TYPE_CHECKING:
    from ...core.checkin import Retriage
    from ...core.words import Words
    from ...store.history import Assessment, Checkin


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
                 flag_text: str, calm_key: str = "diary.done_ok") -> None:
        super().__init__()
        self.words, self.today, self.result, self.flag_text = words, today, result, flag_text
        self.calm_key = calm_key  # checkin.done_key: first check-in or not, steps or not

    def compose(self) -> ComposeResult:
        w, c, r = self.words, self.words.content, self.result
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(w.ui("diary.done_title"), classes="prompt")
            yield Static(today_line(w, self.today), markup=False, classes="help")
            if r.tier == "self_care":
                yield Static(w.ui(self.calm_key), id="retriage")
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
        yield WordsFooter()

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
        from ...core.checkin import WALK_LEVEL

        w = self.words
        rows = trend_rows(w, self.checkins, self.assessments)
        ascii_only = self.app.has_class("-ascii")
        yield TitleBar()
        with VerticalScroll(id="body"):
            yield Static(w.ui("diary.trends_title"), classes="prompt")
            if not rows:
                yield Static(w.ui("diary.no_data"), id="trend-empty")
            else:
                days = day_columns(rows)
                under = under_bars(w, days)
                walk_words = walk_scale(w)
                series: list[tuple[str, str, list[Any], float, list[str] | None]] = [
                    ("leg", "diary.leg", [d and d["leg"] for d in days], 10.0, None),
                    ("back", "diary.back", [d and d["back"] for d in days], 10.0, None),
                    ("walk", "diary.walk",
                     [None if d is None or d["walk"] is None else WALK_LEVEL[d["walk"]]
                      for d in days], 3.0, walk_words),
                ]
                for name, key, values, top, labels in series:
                    yield Static(f"{w.ui(key)}: {_range(w, name, days)}", classes="section")
                    if labels:
                        chart = steps_chart(values, labels, [d is None for d in days],
                                            ascii_only=ascii_only)
                    else:
                        chart = bars(values, top, gaps=[d is None for d in days],
                                     ascii_only=ascii_only)
                    width = len(chart.splitlines()[0].split("|")[0])
                    pad = " " * (width + 1)
                    yield Static(chart + "".join(f"\n{pad}{line}" for line in under if line),
                                 markup=False, classes="trend", id=f"trend-{name}")
                yield Static(w.ui("diary.chart_key"), classes="help")
                yield Static(w.ui("diary.by_day"), classes="section")
                yield Static("\n".join(r["line"] for r in rows), markup=False, id="trend-days")
            with Horizontal(classes="buttons"):
                yield Button(w.ui("tui.close"), id="close", variant="primary")
        yield WordsFooter()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.post_message(LeaveScreen(self))


SHOWN = 21  # days in the charts, three weeks (the list below has them all)
HEIGHT = 8  # rows of a pain chart
COL = 2  # characters per bar (a day); one space between days
BLOCKS = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
ASCII_BLOCKS = " ....::##"  # the same eight steps in plain ASCII


def day_columns(rows: list[dict[str, Any]], shown: int = SHOWN) -> list[dict[str, Any] | None]:
    """One entry per calendar day, oldest first, for the last `shown` days up to the
    latest record: None for a day with no check (a gap in the chart), else the
    day's records as one (checkin.worst_of_day) with its date under "date"."""
    from ...core.checkin import worst_of_day

    per_day: dict[dt.date, list[dict[str, Any]]] = {}
    for r in rows:
        try:
            day = dt.date.fromisoformat(str(r["day"])[:10])
        except ValueError:
            continue
        per_day.setdefault(day, []).append(r)
    if not per_day:
        return []
    last = max(per_day)
    first = max(min(per_day), last - dt.timedelta(days=shown - 1))
    out: list[dict[str, Any] | None] = []
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        if day in per_day:
            out.append({**worst_of_day(per_day[day]), "date": day})
        else:
            out.append(None)
    return out


def _cells(per_day: list[str]) -> str:
    return " ".join(per_day).rstrip()


def under_bars(w: Words, days: list[dict[str, Any] | None]) -> list[str]:
    """The lines under a chart: marks (! a warning sign, A a full check), the day of
    the month under every bar, and the month's name where it starts or changes."""
    marks = _cells([(" " if d is None else "!" if d["flagged"] else "A" if d["full"] else " ")
                    .center(COL) for d in days])
    dates: list[dt.date] = []
    start = next(d["date"] for d in days if d is not None)
    for n in range(len(days)):
        dates.append(start + dt.timedelta(days=n))
    numbers = _cells([f"{d.day:>{COL}}" for d in dates])
    months = month_names(w)
    line = ""
    for n, d in enumerate(dates):
        if n == 0 or d.day == 1:
            at = n * (COL + 1)
            if len(line) <= at:
                line = line.ljust(at) + months[d.month - 1]
    return [marks, numbers, line]


def month_names(w: Words) -> list[str]:
    return w.ui("diary.months").split()


def date_label(w: Words, day: dt.date) -> str:
    return f"{day.day:02d} {month_names(w)[day.month - 1]}"


def walk_scale(w: Words) -> list[str]:
    """Short words for the walking chart's rows, from few steps (bottom) up."""
    from ...core.checkin import WALK_LEVEL

    return [w.ui(f"diary.walk_short.{k}") for k in sorted(WALK_LEVEL, key=WALK_LEVEL.__getitem__)]


def bars(values: list[Any], top: float, height: int = HEIGHT, ascii_only: bool = False,
         gaps: list[bool] | None = None) -> str:
    """A bar per day, `height` rows tall, on a fixed scale from 0 to `top` (so 5 out
    of 10 is always half-full), with the scale on the left; a blank column for a
    day with no check (`gaps`), "-" for a day checked without this value."""
    eighths = [None if v is None else round(max(0.0, min(float(v), top)) / top * height * 8)
               for v in values]
    gaps = gaps or [False] * len(values)
    width = len(f"{top:g}")
    blocks = ASCII_BLOCKS if ascii_only else BLOCKS
    lines = []
    for row in range(height - 1, -1, -1):
        cells = []
        for e, gap in zip(eighths, gaps, strict=True):
            if gap:
                cells.append(" " * COL)
            elif e is None:
                cells.append(("-" if row == 0 else " ") * COL)
            else:
                fill = max(0, min(8, e - row * 8))
                cells.append((blocks[fill] if fill or row else "_") * COL)
        label = (f"{top:g}" if row == height - 1 else "0" if row == 0
                 else f"{top / 2:g}" if row == height // 2 else "")
        lines.append(f"{label:>{width}} |" + _cells(cells))
    return "\n".join(lines)


def steps_chart(values: list[Any], labels: list[str], gaps: list[bool],
                ascii_only: bool = False) -> str:
    """Walking: one row per answer, named in words (few steps at the bottom), and a
    bar per day up to the answer given that day."""
    width = max(len(x) for x in labels)
    full = "#" if ascii_only else "\u2588"
    lines = []
    for row in range(len(labels) - 1, -1, -1):
        cells = []
        for v, gap in zip(values, gaps, strict=True):
            if gap:
                cells.append(" " * COL)
            elif v is None:
                cells.append(("-" if row == 0 else " ") * COL)
            else:
                cells.append((full if v >= row else " ") * COL)
        lines.append(f"{labels[row]:>{width}} |" + _cells(cells))
    return "\n".join(lines)


def _range(w: Words, name: str, days: list[dict[str, Any] | None]) -> str:
    """First and latest value in the chart, in numbers (pain) or words (walking)."""
    known = [d[name] for d in days if d is not None and d[name] is not None]
    if not known:
        return "-"
    if name == "walk":
        c = w.content
        if not c.has_question("walk_limit"):
            return "-"
        q = c.question("walk_limit")
        return f"{w.answer(q, known[0])} -> {w.answer(q, known[-1])}"
    return f"{known[0]:g} -> {known[-1]:g}"


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
        label = date_label(w, dt.date.fromisoformat(day[:10]))
    except ValueError:
        label = day[:10]
    leg, back, walk = answers.get("leg_pain"), answers.get("back_pain"), answers.get("walk_limit")
    walk_word = w.ui(f"diary.walk_short.{walk}") if isinstance(walk, str) and w.content.ui.get(
        f"diary.walk_short.{walk}") else "-"
    nums = f"{_n(leg):>2} {_n(back):>2}  {walk_word:<12}"
    line = f"{label}  {nums}  {'  '.join(marks)}".rstrip()
    flagged = any(m.startswith("!") for m in marks)
    return {"day": day, "leg": leg, "back": back, "walk": walk, "line": line,
            "flagged": flagged, "full": full}


def _n(value: Any) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
