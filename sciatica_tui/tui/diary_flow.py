"""The app's personal-history behaviour (a mixin of SciaticaApp): saving answers
as they are given, resuming, the daily check-in and its re-triage, the trend view.
Personal mode only: a kiosk or a demo never opens the history file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..history import History
    from ..report import Words


class DiaryMixin:
    # Set by SciaticaApp.__init__ / content_ready.
    words: Words | None
    answers: dict[str, Any]
    history: list[str]
    alerted: set[str]
    store: History | None = None
    store_problem = ""
    history_path: Path | None = None
    assessment_id: int | None = None
    checkin_mode = False
    checkin_before: dict[str, Any]
    checkin_done: list[str]

    @property
    def keeps_history(self) -> bool:
        return not self.kiosk and not self.demo  # type: ignore[attr-defined]

    def open_store(self, create: bool = False) -> None:
        if not self.keeps_history:
            return
        from ..paths import history_path

        if not create and not (self.history_path or history_path()).exists():
            self.store = None  # history is off: nothing to open (and no sqlite3 import)
            return
        from ..history import History, HistoryError

        try:
            self.store = History.open(self.history_path, create=create)
            self.store_problem = ""
        except HistoryError as exc:
            self.store, self.store_problem = None, str(exc)
            self.history_problem()

    def history_problem(self) -> None:
        assert self.words is not None
        self.notify(self.words.ui("diary.history_problem").replace(  # type: ignore[attr-defined]
            "{error}", self.store_problem), severity="error", timeout=20)

    def _store_call(self, method: str, *args: Any) -> Any:
        """A history write; on failure, say so once and stop saving (what is
        already in the file stays there)."""
        from ..history import HistoryError

        if self.store is None:
            return None
        try:
            return getattr(self.store, method)(*args)
        except HistoryError as exc:
            self.store, self.store_problem = None, str(exc)
            self.history_problem()
            return None

    # -- the questionnaire -------------------------------------------------------
    def save_progress(self) -> None:
        if self.store is None or self.checkin_mode or self.words is None:
            return
        if self.assessment_id is None:
            self.assessment_id = self._store_call(
                "start_assessment", self.words.content.version, dict(self.answers))
        else:
            self._store_call("save_answers", self.assessment_id, dict(self.answers))

    def save_finished(self, disposition: str, flags: list[str]) -> None:
        if self.store is None or self.checkin_mode or self.words is None:
            return
        if self.assessment_id is None:
            self.save_progress()
        if self.assessment_id is not None:
            self._store_call("finish_assessment", self.assessment_id, dict(self.answers),
                             disposition, flags)

    def resume(self) -> None:
        """Carry on the latest unfinished assessment."""
        from ..engine import asked_questions, new_emergency_flags
        from .alerts import EmergencyScreen

        if self.store is None or self.words is None:
            return
        unfinished = self._store_call("unfinished")
        if unfinished is None:
            return
        content = self.words.content
        self.new_session()  # type: ignore[attr-defined]  # a clean turn, filled below
        self.answers.update({k: v for k, v in unfinished.answers.items()
                             if content.has_question(k)})
        self.assessment_id = unfinished.id
        self.history[:] = [q for q in asked_questions(content, self.answers) if q in self.answers]
        # A warning sign given before is shown again first.
        new = new_emergency_flags(content, self.answers, self.alerted)
        if new:
            self.alerted.update(f.id for f in new)
            self.switch_or_push(  # type: ignore[attr-defined]
                EmergencyScreen(self.words, self.flag_text(new)))  # type: ignore[attr-defined]
            return
        self.ask_next()  # type: ignore[attr-defined]

    # -- history on / off ------------------------------------------------------------
    def toggle_history(self) -> None:
        from ..history import default_path, delete
        from .diary import HistoryChoice

        if self.words is None or not self.keeps_history:
            return
        path = self.history_path or default_path()
        turn_on = self.store is None

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if turn_on:
                self.open_store(create=True)
            else:
                if self.store is not None:
                    self.store.close()
                self.store, self.assessment_id = None, None
                try:
                    delete(path)
                except OSError as exc:
                    self.store_problem = str(exc)
                    self.history_problem()
            self.refresh_welcome()

        self.push_screen(HistoryChoice(self.words, turn_on, str(path)),  # type: ignore[attr-defined]
                         done)

    def refresh_welcome(self) -> None:
        from .welcome import WelcomeScreen

        if self.words is None:
            return
        unfinished = self._store_call("unfinished") if self.store is not None else None
        for screen in self.screen_stack:  # type: ignore[attr-defined]
            if isinstance(screen, WelcomeScreen):
                screen.show_history(self.words, self.keeps_history, self.store is not None,
                                    unfinished.started if unfinished else None)

    # -- the daily check-in --------------------------------------------------------
    def start_checkin(self) -> None:
        from ..checkin import baseline

        if self.store is None or self.words is None:
            return
        content = self.words.content
        last = self._store_call("last_finished")
        before: dict[str, Any] = dict(last.answers) if last else {}
        checkins = self._store_call("checkins") or []
        if checkins:
            before.update(checkins[-1].answers)
        before = {k: v for k, v in before.items() if content.has_question(k)}
        self.new_session()  # type: ignore[attr-defined]  # a clean turn, filled below
        self.checkin_mode = True
        self.checkin_before = before
        self.checkin_done = []
        self.answers.update(baseline(content, before))
        self.checkin_next()

    def checkin_next(self) -> None:
        from ..checkin import checkin_ids, next_checkin_question
        from .question import QuestionScreen

        assert self.words is not None
        content = self.words.content
        q = next_checkin_question(content, self.answers, self.checkin_done)
        if q is None:
            self.finish_checkin()
            return
        total = len(checkin_ids(content))
        step = (len(self.checkin_done) + 1, total)
        self.switch_or_push(QuestionScreen(self.words, q.id, self.answers,  # type: ignore[attr-defined]
                                           step=step))

    def finish_checkin(self) -> None:
        from ..checkin import retriage
        from .diary import CheckinDone

        assert self.words is not None
        content = self.words.content
        checkins = self._store_call("checkins") or []
        by_day: dict[str, dict[str, Any]] = {}
        for ci in checkins:
            by_day[ci.day] = {"leg_pain": ci.leg_pain, "back_pain": ci.back_pain}
        today = dt.date.today().isoformat()
        by_day.pop(today, None)  # today's answers replace an earlier check-in today
        series = [by_day[d] for d in sorted(by_day)]
        result = retriage(content, self.checkin_before, self.answers, series)
        given = {q: self.answers.get(q) for q in self.checkin_done}
        self._store_call("add_checkin", today, _int(given.get("leg_pain")),
                         _int(given.get("back_pain")), given.get("walk_limit"), given,
                         [f.id for f in result.flags] + list(result.triggers))
        self.checkin_mode = False
        text = self.flag_text(list(result.flags)) if result.flags else ""  # type: ignore[attr-defined]
        self.switch_or_push(CheckinDone(self.words, given, result, text))  # type: ignore[attr-defined]

    def show_trends(self) -> None:
        from .diary import TrendScreen

        if self.store is None or self.words is None:
            return
        checkins = self._store_call("checkins") or []
        assessments = self._store_call("assessments") or []
        self.push_screen(TrendScreen(self.words, checkins, assessments))  # type: ignore[attr-defined]


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) else None
