"""The app's personal-history behaviour (a mixin of SciaticaApp): saving answers
as they are given, resuming, the daily check-in and its re-triage, the trend view.
Personal mode only: a kiosk or a demo never opens the history file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.session import CheckinSession, Session

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from ..core.words import Words
    from ..store.history import Draft, Writer

    class _AppBase(App[None]):
        """What the mixin uses of the app it is mixed into (SciaticaApp, which mypy
        checks against these declarations)."""

        kiosk: bool
        demo: bool

        def new_session(self) -> Session: ...
        def switch_or_push(self, screen: Screen[Any]) -> None: ...
        def show_question(self, qid: str, *, optional: bool = False,
                          step: tuple[int, int] | None = None) -> None: ...
        def ask_next(self) -> None: ...
        def flag_text(self, hits: list[Any]) -> str: ...
else:
    _AppBase = object


class DiaryMixin(_AppBase):
    # Set by SciaticaApp.__init__ / content_ready.
    words: Words | None
    answers: dict[str, Any]
    history: list[str]
    alerted: set[str]
    session: Session | CheckinSession
    # The history file, through its own thread (None: history is off or failed).
    store: Writer | None = None
    store_problem = ""
    # Set when the store closes: whether every write given was made (answers_saved).
    closed_with_all_saved = False
    history_path: Path | None = None
    # The assessment being saved (a Draft); None: the next answer starts a new one.
    assessment_id: Draft | None = None
    checkin_mode = False
    checkin_series: list[Any]
    checkin_calm = "diary.done_ok"  # the calm line if nothing has changed (checkin.done_key)

    @property
    def keeps_history(self) -> bool:
        return not self.kiosk and not self.demo

    def open_store(self, create: bool = False) -> None:
        if not self.keeps_history:
            return
        from ..store.paths import history_path

        if not create and not (self.history_path or history_path()).exists():
            self.store = None  # history is off: nothing to open (and no sqlite3 import)
            return
        from ..store.history import Writer

        # Opened, checked (and migrated) on the writer's thread: the screen never waits.
        self.store = writer = Writer(self.history_path, create, self._deliver,
                                     lambda kind, detail: self._store_event(writer, kind, detail))
        self.store_problem = ""

    def _deliver(self, fn: Any) -> None:
        """Run `fn` on the app's thread (called from the writer's thread; never waits)."""
        from textual import events

        self.post_message(events.Callback(callback=fn))

    def _store_event(self, writer: Writer, kind: str, detail: str) -> None:
        if writer is not self.store:
            return  # from a history since turned off
        if kind == "ready":
            self.refresh_welcome()
        elif kind == "failed":
            writer.close(0)
            self.store, self.store_problem = None, detail
            self.history_problem()
            self.refresh_welcome()
        elif kind in ("stalled", "resumed") and self.words is not None:
            key = "diary.history_waiting" if kind == "stalled" else "diary.history_saved_again"
            self.notify(self.words.ui(key),
                        severity="warning" if kind == "stalled" else "information",
                        timeout=20 if kind == "stalled" else 5)

    def history_problem(self) -> None:
        assert self.words is not None
        self.notify(self.words.ui("diary.history_problem").replace(
            "{error}", self.store_problem), severity="error", timeout=20)

    def _read(self, job: Any, reply: Any) -> None:
        """Read the history on the writer's thread (after every write given before),
        then `reply(result)`, unless the person has moved on from this screen."""
        if self.store is None or self.words is None:
            return
        if self.store.stalled:
            self.notify(self.words.ui("diary.history_busy"),
                        severity="warning")
            return
        screen = self.screen

        def answer(result: Any) -> None:
            if self.screen is screen:
                reply(result)

        self.store.submit(job, answer, write=False)

    def on_unmount(self) -> None:
        """Leaving: the writes still waiting get a last chance; any that cannot be
        made are named after the app closes."""
        if self.store is None:
            return
        store, self.store = self.store, None
        unsaved = store.close(wait=3.0)
        # What answers_saved reports after the app has closed (a signal's last line).
        self.closed_with_all_saved = not unsaved and not store.problem
        if unsaved and self.words is not None:
            from rich.text import Text

            self.exit(message=Text(self.words.ui("diary.history_unsaved")))

    # -- the questionnaire -------------------------------------------------------
    def save_progress(self) -> None:
        saving = self._saving()
        if saving is not None:
            store, draft, answers = saving
            store.submit(lambda h: h.save_draft(draft, answers))

    def save_finished(self, disposition: str, flags: list[str]) -> None:
        saving = self._saving()
        if saving is not None:
            store, draft, answers = saving
            store.submit(lambda h: h.finish_draft(draft, answers, disposition, flags))

    def _saving(self) -> tuple[Writer, Draft, dict[str, Any]] | None:
        """Where the assessment is saved (begun now if need be) and a copy of its
        answers; None if nothing is saved (history off, a check-in)."""
        from ..store.history import Draft

        if self.store is None or self.checkin_mode or self.words is None:
            return None
        if self.assessment_id is None:
            self.assessment_id = Draft(self.words.content.version)
        return self.store, self.assessment_id, dict(self.answers)

    def resume(self) -> None:
        """Carry on the latest unfinished assessment."""
        self._read(lambda h: h.unfinished(), self._carry_on)

    def _carry_on(self, unfinished: Any) -> None:
        from ..store.history import Draft
        from .screens.alerts import EmergencyScreen

        if unfinished is None or self.words is None:
            return
        content = self.words.content
        session = self.new_session()  # a clean turn
        self.assessment_id = Draft(unfinished.content_version, unfinished.id)
        # A warning sign given before is shown again first.
        new = session.restore(content, unfinished.answers)
        if new:
            self.switch_or_push(
                EmergencyScreen(self.words, self.flag_text(new)))
            return
        self.ask_next()

    # -- history on / off ------------------------------------------------------------
    def toggle_history(self) -> None:
        from ..store.history import delete
        from ..store.paths import history_path
        from .screens.diary import HistoryChoice

        if self.words is None or not self.keeps_history:
            return
        path = self.history_path or history_path()
        turn_on = self.store is None

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if turn_on:
                self.open_store(create=True)
            else:
                if self.store is not None:
                    self.store.close(wait=0)  # all of it is deleted next
                self.store, self.assessment_id = None, None
                try:
                    delete(path)
                except OSError as exc:
                    self.store_problem = str(exc)
                    self.history_problem()
            self.refresh_welcome()

        self.push_screen(HistoryChoice(self.words, turn_on, str(path)),
                         done)

    def refresh_welcome(self) -> None:
        if self.words is None:
            return
        if self.store is None:
            self._show_welcome_history(None)
        else:
            self.store.submit(lambda h: h.unfinished(), self._show_welcome_history, write=False)

    def _show_welcome_history(self, unfinished: Any) -> None:
        from .screens.welcome import WelcomeScreen

        if self.words is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):
                screen.show_history(self.words, self.keeps_history, self.store is not None,
                                    unfinished.started if unfinished else None)

    # -- the daily check-in --------------------------------------------------------
    def start_checkin(self) -> None:
        self._read(lambda h: (h.last_finished(), h.checkins()), self._begin_checkin)

    def _begin_checkin(self, found: tuple[Any, list[Any]]) -> None:
        from ..core.checkin import done_key

        if self.words is None:
            return
        last, checkins = found
        content = self.words.content
        before: dict[str, Any] = dict(last.answers) if last else {}
        if checkins:
            before.update(checkins[-1].answers)
        before = {k: v for k, v in before.items() if content.has_question(k)}
        self.new_session()  # a clean turn...
        self.session = CheckinSession(content, before)  # ...that is a check-in
        self.checkin_mode = True
        self.checkin_series = checkins  # for "pain rising", without reading again
        self.checkin_calm = done_key(first=not checkins, has_steps=last is not None)
        self.checkin_next()

    @property
    def checkins_given(self) -> bool:
        """Answers were given at a check-in (they are saved when it finishes)."""
        session = getattr(self, "session", None)
        return isinstance(session, CheckinSession) and bool(session.done)

    def checkin_next(self) -> None:
        assert self.words is not None
        session = self.session
        assert isinstance(session, CheckinSession)
        content = self.words.content
        step = session.next_step(content)
        if step.kind == "review" or step.qid is None:
            self.finish_checkin()
            return
        self.show_question(step.qid, step=session.position(content))

    def finish_checkin(self) -> None:
        from ..core.checkin import retriage
        from .screens.diary import CheckinDone

        assert self.words is not None
        content = self.words.content
        by_day: dict[str, dict[str, Any]] = {}
        for ci in self.checkin_series:
            by_day[ci.day] = {"leg_pain": ci.leg_pain, "back_pain": ci.back_pain}
        today = dt.date.today().isoformat()
        by_day.pop(today, None)  # today's answers replace an earlier check-in today
        series = [by_day[d] for d in sorted(by_day)]
        session = self.session
        assert isinstance(session, CheckinSession)
        result = retriage(content, session.before, self.answers, series)
        given = session.given()
        flags = [f.id for f in result.flags] + list(result.triggers)
        if self.store is not None:
            self.store.submit(lambda h: h.add_checkin(
                today, _int(given.get("leg_pain")), _int(given.get("back_pain")),
                given.get("walk_limit"), given, flags))
        self.checkin_mode = False
        text = self.flag_text(list(result.flags)) if result.flags else ""
        done = CheckinDone(self.words, given, result, text, self.checkin_calm)
        self.switch_or_push(done)

    def show_trends(self) -> None:
        self._read(lambda h: (h.checkins(), h.assessments()), self._trends)

    def _trends(self, found: tuple[list[Any], list[Any]]) -> None:
        from .screens.diary import TrendScreen

        if self.words is not None:
            self.push_screen(TrendScreen(self.words, *found))


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) else None
