"""The Textual app: screen flow and state. No clinical rules live here; the
engine decides, content/ words it.

Start-up is kept light: the welcome screen is the default screen, drawn with the
first frame from ui.toml's words (see paths.quick_ui_strings), and the engine, the
full content (and pydantic, on a cache miss) are imported and checked in a worker
after the first paint.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen

from ..core.exit_codes import Exit
from ..core.i18n import locale_country
from ..core.session import CheckinSession, Session, Step
from ..store.config import Config
from ..store.paths import quick_ui_strings
from ..store.staff_pin import PinGuard
from . import messages as msg
from .compat import DrawAfterBatch, PlainErrors, refresh_truecolor_filter
from .diary_flow import DiaryMixin
from .screens.modals import ConfirmQuit, HelpScreen, TooSmall
from .screens.welcome import WelcomeScreen
from .themes import THEMES

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.driver import Driver

    from ..core.words import Words

MIN_WIDTH, MIN_HEIGHT = 60, 20

# ui.toml's words (tui.crashed..., tui.stopped...) for a start where they could not
# be read; the key is whether the answers are saved.
CRASHED = {False: "Something went wrong inside sciatica-tui. Nothing was saved.",
           True: "Something went wrong inside sciatica-tui. Your answers so far are saved."}
STOPPED = {False: "sciatica-tui was closed. Your answers were not saved.",
           True: "sciatica-tui was closed. Your answers so far are saved."}


@dataclass
class KeyMark:
    """A held key's state (U-B3): typed while a warning showed; handed back; handled."""

    for_warning: bool = False
    replayed: bool = False
    released: bool = False


class SciaticaApp(PlainErrors, DrawAfterBatch, DiaryMixin, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "sciatica-tui"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("g", "glossary", "Words", show=False),
        Binding("i", "about", "About", show=False),
    ]

    def __init__(self, lang: str | None = None, content_dir: str | None = None,
                 emergency_number: str | None = None, theme: str | None = None,
                 cursor_blink: bool = True, config: Config | None = None,
                 history_path: str | None = None, clock: Callable[[], float] | None = None,
                 pin_guard: PinGuard | None = None, read_first: bool = False) -> None:
        """`read_first`: read the content now, before the app starts (run_app)."""
        super().__init__()
        self.config = config = config or Config()
        self.kiosk = config.kiosk
        self.demo = config.mode == "demo"
        self.printer = config.printer
        lang = lang or config.language
        emergency_number = emergency_number or config.emergency_number
        # Whose emergency number and services the advice names (locales.toml).
        self.country = config.country or locale_country()
        for t in THEMES.values():
            self.register_theme(t)
        self._first_theme(THEMES[theme or config.effective_theme].name)
        # Kiosk: idle time, the staff exit keys typed so far, and why the app ended.
        # `clock` is the time source of the idle reset, its countdown and the PIN
        # back-off (seconds, only ever compared); tests drive a fake one.
        self.clock: Callable[[], float] = clock or time.monotonic
        self.pin_guard = pin_guard or PinGuard(self.clock)
        self.last_activity = self.clock()
        self.exit_progress = 0
        self.exit_keys = config.exit_keys
        self.staff_exit = False
        self.crashed = False
        self.terminal_gone = False  # SIGHUP/SIGTERM, or the terminal closed
        # Keys typed for a step of the walk-through that the app had not handled
        # yet when it had to end (held, under way or queued): dropped, so any
        # answers among them were never saved (see stop_message).
        self.keys_dropped = False
        self.leaving = False  # exit() was called: the app is closing
        self.earlier_turn_saved = False  # an assessment left this run is in the history file
        # U-B3: keys typed while one step of the walk-through replaces another are
        # held here and handed, in order, to the new step once it is ready.
        self.held_keys: list[events.Key] | None = None
        self._key_marks = weakref.WeakKeyDictionary()
        if self.kiosk:
            sys.dont_write_bytecode = True  # keep nothing, not even caches
            from ..store.config import usable_exit_keys

            self.exit_keys = usable_exit_keys(config.exit_keys)
        # Calm by default: no animations unless TEXTUAL_ANIMATIONS asks for them.
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"
        self.cursor_blink = cursor_blink
        self.lang, self.content_dir = lang, content_dir
        self.emergency_number = emergency_number  # None: the country's
        self.words: Words | None = None
        self.problem = ""
        # Read first (run_app): the content and words before the app starts, so
        # the first question's screen is made from the first frame on (issue 19:
        # Start pressed the moment it is drawn waited for the content, read in a
        # thread beside the first frames, and then for that screen). The welcome
        # then shows the checked words from its first frame.
        self.read_first = read_first
        first = self.read_content() if read_first else None
        self._read_first: Words | bool | None = first or (False if read_first else None)
        if first is not None:
            # Start works from the first frame: it waits only for the first
            # screen made ahead (prepare_start, from just after that frame).
            self.words = first
            self.strings: dict[str, str] | None = {
                key: first.ui(key) for key in first.content.ui}
        else:
            self.strings = quick_ui_strings(content_dir, lang, remember=not self.kiosk,
                                            country=self.country,
                                            emergency_number=emergency_number)
        if self.strings:  # before the welcome screen's title bar is made
            self.title = self.strings.get("tui.title", self.title)
        # Personal history (see DiaryMixin): the file, unless the default.
        from pathlib import Path

        self.history_path = Path(history_path) if history_path else None
        self._demo_entries: list[Any] | None = None
        self.new_session()

    # -- the one interview -----------------------------------------------------
    def new_session(self, session: Session | None = None) -> Session:
        """A clean turn: a new, empty session replaces the last one. The one place
        that does it, for every way a turn begins or ends: Start, Back past the
        first question, the idle reset, Finish, start again, a check-in or a
        resumed assessment (filled from the history file), and a new app after a
        crash. The caller removes the screens that showed the old session. A
        check-in then puts its own session in place (DiaryMixin._begin_checkin).
        `session`: a new, empty one made ahead (see prepare_start)."""
        old = getattr(self, "session", None)  # None: the app's first turn
        if old is not None and old.answers and self.assessment_id is not None \
                and not self.checkin_mode:
            self.earlier_turn_saved = True  # kept in the history file, to resume
        if session is None or not session.empty:
            session = Session()
        self.drop_question_ahead()  # made for the last turn's walk
        self._review_at = None  # nothing of the last turn's place either
        self.session: Session | CheckinSession = session
        self.assessment_id = None  # an unfinished one stays saved, to resume
        self.checkin_mode = False
        return session

    # Views of the current session (tests and the history mixin read them; the
    # mixin declares them as plain attributes, hence the ignores).
    @property
    def answers(self) -> dict[str, Any]:  # type: ignore[override]
        return self.session.answers

    @property
    def history(self) -> list[str]:  # type: ignore[override]
        return self.session.history

    @property
    def alerted(self) -> set[str]:  # type: ignore[override]
        return self.session.alerted

    def _first_theme(self, name: str) -> None:
        """Set the starting theme as Textual's theme watcher would, less the full CSS
        reparse it queues: nothing is parsed yet, so setting the variables is enough
        (the reparse cost about a tenth of the time to the first frame)."""
        self.set_reactive(SciaticaApp.theme, name)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark},
                            update=False)
        self.stylesheet.set_variables(self.get_css_variables())
        refresh_truecolor_filter(self)
        self.watch_theme(name)

    def get_default_screen(self) -> Screen[None]:
        """The welcome screen is the bottom of the stack, so it is composed and drawn
        with the app's first frame (pushed from on_mount, it took a second frame)."""
        return WelcomeScreen(self.strings)

    def on_mount(self) -> None:
        from .caps import ascii_only, use_ascii_scrollbars

        plain = ascii_only()
        # Large text: a config-free switch for a clinic's launcher; the palette
        # toggles it too (see action_toggle_large).
        if os.environ.get("SCIATICA_TUI_LARGE_TEXT", "") not in ("", "0"):
            self.add_class("-large")
        if plain:
            self.add_class("-ascii")  # plain ASCII borders and marks; see app.tcss
        use_ascii_scrollbars(plain)
        self.call_after_refresh(self.check_size)
        if self._read_first is not None:
            # Read before the app started (run_app): the first question's screen is
            # made from the first frame on.
            words, self._read_first = self._read_first, None
            if words is False:
                self.call_later(self.exit)
            else:
                self.call_after_refresh(self._read_first_ready, words)
        else:
            # The content is read in its thread from now, beside the first frame
            # (it waited for that frame: Start pressed the moment it is drawn then
            # waited 40-70 ms for it; the first paint measured no later, issue 19).
            self.load()
        if self.kiosk:
            self.set_interval(1, self.idle_tick)
        self.set_interval(self.QUIET_CHECK_SECONDS, self.collect_when_quiet)
        if not self.is_headless and not self.is_web:
            import asyncio
            import signal

            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self.end_now)
            self.set_interval(2, self.check_terminal)

    def on_unmount(self) -> None:
        import gc

        gc.unfreeze()

    def get_driver_class(self) -> type[Driver]:
        from .compat import sturdy

        return sturdy(super().get_driver_class())

    def end_now(self) -> None:
        """SIGTERM, SIGHUP or a vanished terminal: leave cleanly (the terminal is
        restored by Textual, if it is still there); a kiosk does not start again.
        Keys not yet handled are dropped (see on_event): nobody sees what they do."""
        if self.terminal_gone:
            return
        self.terminal_gone = True
        if self.held_keys or self._busy_key is not None or self._in_flight:
            self.keys_dropped = True  # typed ahead of a slow app: never handled
        from .compat import stop_input

        stop_input(self)
        self.exit()

    def exit(self, result: None = None, return_code: int = 0,
             message: RenderableType | None = None) -> None:
        self.leaving = True
        super().exit(result, return_code, message)

    def check_terminal(self) -> None:
        import termios

        try:
            termios.tcgetattr(sys.__stdin__.fileno())  # type: ignore[union-attr]
        except (termios.error, OSError, ValueError, AttributeError):
            self.end_now()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        words = self.read_content()
        if words is None:
            self.call_from_thread(self.exit)
            return
        self.call_from_thread(self.content_ready, words)
        self.call_from_thread(self.call_later, self.prepare_start)

    def _read_first_ready(self, words: Words) -> None:
        """After the first frame: the content read before the app started."""
        self.content_ready(words)
        self.call_later(self.prepare_start)

    def read_content(self) -> Words | None:
        """The content and the person's words (None: the content has problems,
        said in self.problem), and what the first screen needs (see warm)."""
        from ..contentset.loader import ContentError, load_content
        from ..core.i18n import locale_language
        from ..core.words import Words

        try:
            # A kiosk neither reads nor writes the user's content cache (only the
            # entry shipped with the program, or a full validation).
            content = load_content(self.content_dir, user_cache=not self.kiosk)
        except ContentError as exc:
            self.problem = str(exc)
            return None
        lang = self.lang or locale_language(content.meta.languages)
        words = Words(content, lang, self.emergency_number, self.country,
                      clinic_name=self.config.clinic_name, clinic_phone=self.config.clinic_phone)
        from ..core.i18n import paper_for

        words.paper = paper_for(self.config.paper, self.country)
        # What the first screen needs, imported and compiled here, before Start
        # works: a Start pressed at once (it shows from the first frame) then
        # builds the screen without this worker importing beside it.
        warm(content)
        return words

    def content_ready(self, words: Words) -> None:
        # What exists now (Textual, the content, the first screen) lives as long as
        # the app. Freezing it keeps Python's full garbage collections, which
        # otherwise walk all of it (10-30 ms, a visible stutter after a key press),
        # to the objects made from here on. Unfrozen when the app ends (on_unmount),
        # so a process that runs several apps (the tests) can still free them.
        import gc

        gc.freeze()
        self.words = words
        self.title = words.ui("tui.title")
        welcome = self.screen
        if isinstance(welcome, WelcomeScreen) and welcome.waiting and not self.demo:
            # Start was pressed while the content was read: the first question
            # is asked first, and the welcome's words and keys are put in below
            # it (issue 19: Start pressed the moment it is drawn).
            welcome.waiting = False
            self.start_questions()
        # The checked words from here on; the quick copy read for the first frame
        # goes (issue 19, memory).
        strings = self.strings = self.ui_strings()
        for screen in self.screen_stack:
            if isinstance(screen, WelcomeScreen):
                if not self.read_first or strings != screen.strings:
                    screen.show(strings)  # (read first: shown from the first frame)
                screen.show_review(words.draft_note())
                if not self.demo:
                    screen.content_ready()
            # A footer drawn before the words were read shows Textual's English
            # key names: draw it again in the person's language (U-B4).
            from .words import Footer as WordsFooter

            for footer in screen.query(WordsFooter):
                footer.redraw()
        if self.demo and isinstance(self.screen, WelcomeScreen):
            self.show_demo()
        # After the welcome screen has been drawn: history is not needed for that.
        self.call_after_refresh(self.open_store)
        self.call_after_refresh(self.refresh_welcome)

    def show_demo(self) -> None:
        """The clinic demo's index covers the welcome screen, for good."""
        from .screens.demo import DemoScreen

        assert self.words is not None
        self.push_screen(DemoScreen(self.words, self.demo_entries()))

    def demo_entries(self) -> list[Any]:
        """The demo's pages, built once: the command palette asks for them again on
        every key typed in it."""
        from ..core.demo import entries

        assert self.words is not None
        if self._demo_entries is None:
            self._demo_entries = entries(self.words, width=None)
        return self._demo_entries

    def start_questions(self) -> None:
        """Start (and the demo's "try the questions"): a new, empty session, then
        its first question (made ahead while the welcome screen waited, when it
        was: see prepare_start)."""
        ready, self._ready_start = self._ready_start, None
        if ready is not None and ready[0].empty:
            self.new_session(ready[0])
            self.switch_or_push(ready[1])
            return
        if ready is not None:
            ready[1].remove()
        # Start pressed before the screen was made ahead: Textual's own push
        # paints the screen's first frame sooner than making it ahead first.
        self.new_session()
        self.ask_next()

    # A new, empty session and its first step's screen, composed and mounted off
    # screen while the welcome screen waits for Start (see prepare_start).
    _ready_start: tuple[Session, Screen[Any]] | None = None

    async def prepare_start(self) -> None:
        """While the welcome screen waits: make the session Start will begin and
        build its first screen (compose, mount, styles) off the screen stack, so
        that Start only has to show it (issue 19: Start -> first question). The
        session is new and empty, like the one Start would make; nobody's answers
        are in it or on the screen, and nothing is written (kiosk-safe)."""
        from .compat import prebuild

        # (_switching: a Start already under way builds its own first screen.)
        if (self._ready_start is not None or self.words is None or self.leaving
                or self._switching or not isinstance(self.screen, WelcomeScreen)):
            self._warm_later_soon()
            return
        session = Session()
        step = session.next_step(self.words.content)
        if step.kind in ("group", "question"):
            screen = self.step_screen(step, session.answers)
            self._ready_start = (session, screen)
            await prebuild(self, screen)
        self._warm_later_soon()

    _warmed_later = False

    def _warm_later_soon(self) -> None:
        """The later steps' screens, once the first is ready (or being shown):
        imported in a thread half a second after, so they never compete with it."""
        if not self._warmed_later and not self.leaving:
            self._warmed_later = True
            self.set_timer(0.5, self.warm_later)

    @work(thread=True, exclusive=True, group="warm")
    def warm_later(self) -> None:
        warm_later()

    def open_demo(self, key: str) -> None:
        """Open one demo entry ("kind:id"): a sample patient's replay, or a page."""
        from .screens.demo import EntryScreen, ReplayScreen

        assert self.words is not None
        kind, _, item = key.partition(":")
        if kind == "sample":
            self.push_screen(ReplayScreen(self.words, item))
            return
        entry = next(e for e in self.demo_entries() if e.kind == kind and e.id == item)
        self.push_screen(EntryScreen(self.words, entry))

    # -- kiosk: activity, idle reset, staff exit ------------------------------
    async def on_event(self, event: events.Event) -> None:
        mark = self._key_marks.get(event) if isinstance(event, events.Key) else None
        if mark is not None and mark.replayed:
            # A held key handed back (see _replay). Keys bubble up to the app
            # again from the screen: count it once. Once it is handled (or held
            # again), the next held key follows it.
            self._in_flight -= 1
            mark.replayed, mark.released = False, True
            self.call_later(self._replay)
        if self.terminal_gone and isinstance(event, (events.InputEvent, events.Paste)):
            # The terminal has gone, or a signal ends the app: input is over.
            if isinstance(event, (events.Key, events.Paste)) and getattr(self.screen, "flow",
                                                                         False):
                self.keys_dropped = True  # typed for a question before the end
            return
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.Paste)):
            self.last_activity = self.clock()
            if self.kiosk and isinstance(event, events.Key) and self.exit_keys_pressed(event):
                event.prevent_default()
                event.stop()
                return
            if isinstance(event, events.Key) and not event.is_forwarded:
                if self._hold_key(event):
                    event.prevent_default()
                    event.stop()
                    return
                if getattr(self.screen, "flow", False):
                    await self._one_key(event)
                    return
            elif isinstance(event, events.Key) and event is self._busy_key:
                # Back from the screen: its bindings run now (an answer starts the
                # switch to the next step, which holds keys on its own).
                await super().on_event(event)
                self._key_done(event)
                return
        await super().on_event(event)

    # A step's keys are handled one at a time: Textual hands every key to the
    # focused widget at once, and the key's binding runs when it comes back up to
    # the app, so keys typed fast all reached the old question before the first
    # had moved on. The next key waits until this one is done.
    _busy_key: events.Key | None = None

    async def _one_key(self, event: events.Key) -> None:
        if self.held_keys is None:
            self.held_keys = []
        self._switching += 1
        self._busy_key = event
        # Textual ignores Enter on a button still showing its last press (about
        # 0.2 s): no press comes of it, so nothing is to be waited for.
        focused = self.screen.focused
        self._press_ignored = focused is not None and focused.has_class("-active")
        await super().on_event(event)  # to the focused widget
        if not event.is_forwarded:  # a binding of the app's own (Ctrl+Q): done
            self._key_done(event)
            return
        target = self.focused or self.screen
        target.call_later(self._key_reached, event)
        self._check_key_later(event, target, time.monotonic())

    # How often a key still on its way is looked at, and how long at most it is
    # waited for (a key only takes that long in an app that has stopped).
    KEY_CHECK_SECONDS = 0.5
    KEY_GIVE_UP_SECONDS = 10.0

    def _check_key_later(self, event: events.Key, target: Any, since: float) -> None:
        """Keys are handled one at a time, so the next key waits until this one is
        done; if the key never comes back up (a handler on its way stopped it, or
        the widgets it went through were taken down), it is done all the same. A
        key still on its way is waited for: giving up on it after a fixed second,
        as before, let the keys after it go ahead on a busy machine, to the screen
        about to go, where the next screen's answers were lost (item 4)."""

        def check() -> None:
            from .compat import propagation_stopped

            if event is not self._busy_key or not self.screen_stack:
                return  # (no screen: the app is closing)
            gone = (propagation_stopped(event) or not target.is_attached
                    or target.screen is not self.screen
                    or time.monotonic() - since > self.KEY_GIVE_UP_SECONDS)
            if gone:
                self._key_done(event)
            else:
                self._check_key_later(event, target, since)

        self.set_timer(self.KEY_CHECK_SECONDS, check)

    def _key_reached(self, event: events.Key) -> None:
        """The focused widget has handled the key: done, unless it goes on up."""
        from .compat import propagation_stopped

        if propagation_stopped(event):
            self._key_done(event)

    def _key_done(self, event: events.Key) -> None:
        if event is not self._busy_key:
            return
        self._busy_key = None
        if self._presses_a_button(event):
            self._hold_until_pressed()
        self._switching -= 1
        self._replay()

    def _presses_a_button(self, event: events.Key) -> bool:
        from textual.widgets import Button

        return (event.key in ("enter", "space") and getattr(self.screen, "flow", False)
                and isinstance(self.screen.focused, Button) and not self._press_ignored)

    _press_ignored = False  # the busy key went to a button that ignores it (see _one_key)

    _pressing: object | None = None  # a button press under way (see below)

    def _hold_until_pressed(self) -> None:
        """Enter on a step's button (Next) acts through a message that bubbles up
        to the app after the step has handled it; keys typed meanwhile (the next
        question's answer) must wait for it, or they tick the old checklist. The
        timer only matters if a handler stops the message from bubbling."""
        token = self._pressing = object()
        if self.held_keys is None:
            self.held_keys = []
        self._switching += 1
        button, since = self.screen.focused, time.monotonic()

        def check() -> None:
            # Still on its way while the button is still there on the screen on
            # top (a busy machine): wait on; it never arrives only when a handler
            # stopped it or the button was taken down.
            if token is not self._pressing or not self.screen_stack:
                return  # (no screen: the app is closing)
            if (button is not None and button.is_attached and button.screen is self.screen
                    and time.monotonic() - since <= self.KEY_GIVE_UP_SECONDS):
                self.set_timer(self.KEY_CHECK_SECONDS, check)
            else:
                self._pressed(token)

        self.set_timer(self.KEY_CHECK_SECONDS, check)

    def on_button_pressed(self) -> None:
        if self._pressing is not None:
            self._pressed(self._pressing)

    def _pressed(self, token: object) -> None:
        if token is not self._pressing:
            return
        self._pressing = None
        self._switching -= 1
        self._replay()

    # -- U-B3: keys typed ahead land on the step they were typed for ------------
    # A step of the walk-through (a question) is replaced by the next one in the
    # background. Keys typed meanwhile used to reach the old step, which ignores
    # them, so the next key typed answered the wrong question. Now they are held
    # until the new step is on screen, then handed to it in the order typed (a
    # key that moves on again holds the rest for the step after). Keys typed for
    # questions never reach a warning screen that interrupts: they are dropped.
    _switching = 0  # switches of step not yet complete
    # What the app knows of a held key (kept beside the key, never written into
    # Textual's event object), forgotten with the key.
    _key_marks: weakref.WeakKeyDictionary[events.Key, KeyMark]
    _in_flight = 0  # held keys handed back to the app, not yet handled

    def _hold_key(self, event: events.Key) -> bool:
        """True when the key is held for later (it is kept in self.held_keys)."""
        mark = self._key_marks.get(event)
        replayed = mark is not None and mark.released
        if self.held_keys is None:
            return False
        if replayed and not self._switching:
            return False  # its step is ready: handle it now
        from .screens.alerts import EmergencyScreen

        held = events.Key(event.key, event.character)
        # Typed with a warning already on screen: meant for it (see _replay).
        self._key_marks[held] = KeyMark(
            for_warning=(mark is not None and mark.for_warning)
            or isinstance(self.screen, EmergencyScreen))
        if replayed:
            # Handed back, but a new switch began before it came: it is still
            # the oldest key, ahead of every key held since.
            self.held_keys.insert(0, held)
        else:
            self.held_keys.append(held)
        return True

    def hold_keys_for(self, done: Any) -> None:
        """Hold keys until `done` (the switch to the next step) completes."""
        if self.held_keys is None:
            self.held_keys = []
        self._switching += 1

        async def wait() -> None:
            try:
                await done
            finally:
                # After the new step's first paint: composed, mounted, focused.
                self.call_after_refresh(self._switched)

        self.run_worker(wait(), group="held-keys")

    def _switched(self) -> None:
        self._switching -= 1
        self._replay()

    def _replay(self) -> None:
        from .screens.alerts import EmergencyScreen

        if self._switching or self.held_keys is None or self._in_flight:
            return  # (a key handed back and on its way: the next follows it)
        keys = self.held_keys
        if self.leaving:
            keys = []
        elif isinstance(self.screen, EmergencyScreen):
            # Keys typed for questions never act on a warning (Tab, Enter could
            # carry on past it unread); keys typed once it was showing do.
            keys = [k for k in keys if (m := self._key_marks.get(k)) and m.for_warning]
        if not keys:
            self.held_keys = None  # nothing held, nothing on its way: stop holding
            return
        # One key at a time, the oldest first; the rest stay held, and keys typed
        # meanwhile are held behind them. Handing them all back at once let a key
        # typed just then (already waiting in the app's queue, ahead of the keys
        # handed back) be held again before the later ones: an answer typed in a
        # burst then landed on the wrong line, and the last line went unanswered.
        key, self.held_keys = keys[0], keys[1:]
        self._key_marks.setdefault(key, KeyMark()).replayed = True
        self._in_flight += 1
        self.post_message(key)

    def exit_keys_pressed(self, event: events.Key) -> bool:
        """True when the last key completes the staff exit keys (then asks the PIN)."""
        keys = self.exit_keys
        if event.key == keys[self.exit_progress]:
            self.exit_progress += 1
        else:
            self.exit_progress = 1 if event.key == keys[0] else 0
        if self.exit_progress < len(keys):
            return self.exit_progress > 0
        self.exit_progress = 0
        from .screens.kiosk import StaffPin, StillThere

        if any(isinstance(s, StaffPin) for s in self.screen_stack):
            return True  # one PIN dialog at most
        if isinstance(self.screen, StillThere):
            self.screen.close(True)  # someone is there: the PIN dialog replaces it

        def done(right: bool | None) -> None:
            if right:
                self.staff_exit = True
                self.exit()

        self.push_screen(StaffPin(self.strings or {}, self.config.admin_pin_hash,
                                  self.pin_guard), done)
        return True

    # -- Python's full garbage collection, when nobody waits for it -----------
    # A full collection walks every object made since the content was read (the
    # rest is frozen, see content_ready): 40-65 ms on a slow machine. Python starts
    # one when its count comes round (every gc.get_threshold()[2] + 1 collections
    # of the middle generation), which is in the middle of drawing the next step
    # about one step in ten: Enter on "See my results" then took 50 ms longer
    # (issue 19). It is run here instead, once the screen is drawn and no key has
    # come for a moment, a little before Python's own would be due; a person is
    # reading then. Nothing else changes: the same collection, a little earlier.
    QUIET_CHECK_SECONDS = 0.1
    QUIET_SECONDS = 0.1  # no key, click or paste for this long
    COLLECT_AHEAD = 4  # collections of the middle generation before Python's own

    def collect_when_quiet(self) -> None:
        import gc

        if not self.screen_stack:
            return
        due = gc.get_threshold()[2] + 1 - self.COLLECT_AHEAD
        if gc.isenabled() and gc.get_count()[2] >= due and self.quiet():
            gc.collect()

    def quiet(self) -> bool:
        """Nothing happens: no key, click or paste for QUIET_SECONDS, none held or
        on its way, no step being switched to, nothing on the screen to lay out or
        draw. A person is reading."""
        from .compat import screen_settled

        return not (self.clock() - self.last_activity < self.QUIET_SECONDS or self.held_keys
                    or self._busy_key is not None or self._switching
                    or not screen_settled(self.screen))

    # -- the next question's screen, made when a group is answered -----------
    # Enter on a finished group followed by a question made a whole new question
    # screen (compose, mount, styles, layout: about 45 ms of the 100-110 ms here,
    # issue 19). Once every line of a group has an answer (the person reads Next,
    # or is about to press Enter on the last line) and a question comes next
    # (Session.peek_next_step), its screen is made off the screen stack, with no
    # answers in it (an empty dict, never the session's); Enter then shows the
    # question on it (QuestionScreen.show, as for a question after a question)
    # and switches to it.
    # Made then, not as the group opens: it holds about 0.8 MiB (measured), only
    # until Enter. It belongs to one session: new_session removes it unused.
    _ready_question: Screen[Any] | None = None
    _question_made: asyncio.Event | None = None  # set once the one being made is done

    def group_answered(self) -> None:
        """Every line of the group on screen has an answer (GroupScreen calls it):
        the question screen that may come next is made, after this frame."""
        if self._question_ahead_due():
            def start() -> None:
                if self._question_ahead_due():
                    self._question_made = asyncio.Event()
                    self.run_worker(self.make_question_ahead(self._question_made),
                                    group="question-ahead")

            self.call_after_refresh(start)

    def _question_ahead_due(self) -> bool:
        from .screens.group import GroupScreen

        building = self._question_made is not None and not self._question_made.is_set()
        return (self._ready_question is None and not building and self.words is not None
                and not self.leaving and not self.checkin_mode
                and type(self.screen) is GroupScreen)

    async def make_question_ahead(self, made: asyncio.Event) -> None:
        try:
            await self._make_question_ahead()
        finally:
            made.set()

    async def _make_question_ahead(self) -> None:
        from .compat import prebuild
        from .screens.group import GroupScreen
        from .screens.question import QuestionScreen

        screen = self.screen
        session = self.session
        if self._ready_question is not None or self.words is None or self.leaving \
                or not isinstance(screen, GroupScreen) or not isinstance(session, Session):
            return
        # Only when a question comes next (not another group, the review or a
        # notice): made for nothing, it would hold up the Enter that comes.
        step = session.peek_next_step(self.words.content)
        if step.kind != "question" or step.qid is None:
            return
        ahead = QuestionScreen(self.words, step.qid, {}, optional=step.optional)
        ahead.made_ahead = True
        await prebuild(self, ahead)
        if self.session is not session or self.leaving or self._ready_question is not None:
            ahead.remove()  # a new turn began meanwhile: not for it
            return
        self._ready_question = ahead

    def _take_question_ahead(self) -> Screen[Any] | None:
        """The question screen made ahead, if there is one still fit to use."""
        ahead, self._ready_question = self._ready_question, None
        if ahead is None:
            return None
        if ahead.is_attached and getattr(ahead, "words", None) is self.words:
            return ahead
        ahead.remove()
        return None

    def drop_question_ahead(self) -> None:
        """A new turn: the screen made for the last one's walk goes (one being
        made is removed when made: see make_question_ahead)."""
        ahead, self._ready_question = self._ready_question, None
        if ahead is not None:
            ahead.remove()

    @property
    def emergency_shown(self) -> bool:
        """A "get help now" screen is on the stack (perhaps under its summary)."""
        from .screens.alerts import EmergencyScreen

        return any(isinstance(s, EmergencyScreen) and not s.urgent for s in self.screen_stack)

    def idle_tick(self) -> None:
        """After idle_seconds with something on screen, ask "are you still there?".
        The dialog counts down and, at zero, ends the session itself (see
        StillThere): a key pressed before then keeps it, nothing after."""
        if not self.screen_stack:
            return  # closing: the timer can tick once more after the last screen went
        idle = self.clock() - self.last_activity
        busy = not self.session.empty or not isinstance(self.screen, WelcomeScreen)
        if idle < self.config.idle_seconds or not busy or self.words is None:
            return
        # Imported when first needed: most people never idle that long (issue 19,
        # memory: the dialogs' module was imported by the first tick, 1 s after start).
        from .screens.kiosk import StillThere

        if any(isinstance(s, StillThere) for s in self.screen_stack):
            return
        if self.emergency_shown:
            return  # U-S9: an emergency stays until staff or the person move on
        w = self.words

        def done(keep: bool | None) -> None:
            self.last_activity = self.clock()

        self.push_screen(StillThere(w.ui("tui.still_there_body"), w.ui("tui.still_there"),
                                    w.ui("tui.keep_going"), self.config.countdown_seconds,
                                    self.clock), done)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from .compat import command_palette

        # One palette at most, even when another screen (too small, help) is above it.
        if any(isinstance(s, CommandPalette) for s in self.screen_stack):
            return
        if self.use_command_palette and not isinstance(self.screen, TooSmall):
            placeholder = self.words.ui("tui.cmd.search") if self.words else "..."
            self.push_screen(command_palette()(id="--command-palette", placeholder=placeholder))

    async def action_help_quit(self) -> None:  # type: ignore[override]
        """Ctrl+C leaves, as in other terminal programs (asking first mid-assessment);
        not in a kiosk."""
        if not self.kiosk:
            await self.action_quit()

    def error_report(self) -> list[RenderableType]:
        """An unexpected error (see compat.PlainErrors): a plain message that says
        truly whether the answers are saved, never a traceback with answers in it
        (Textual's shows local variables). SCIATICA_TUI_DEBUG=1 adds one without
        locals, for bug reports. An error raised once the app is already closing
        (a signal, Quit) changes nothing for the person: Textual hands keys still
        queued to screens it is taking apart. Only its traceback is shown, for
        bug reports."""
        from rich.text import Text
        from rich.traceback import Traceback

        debug = bool(os.environ.get("SCIATICA_TUI_DEBUG")) and not self.kiosk
        report: list[RenderableType] = [Traceback(show_locals=False)] if debug else []
        if self.leaving:
            return report
        self.crashed = True
        self.bell()
        key = "tui.crashed_saved" if self.answers_saved else "tui.crashed"
        message = (self.strings or {}).get(key, CRASHED[self.answers_saved])
        return [Text(message), *report]

    @property
    def answers_saved(self) -> bool:
        """True when every answer given so far is in the personal history file: it
        is on, saving has not failed, and this is an assessment (saved answer by
        answer) or a finished check-in (saved when it ends), or the person left an
        assessment whose answers were saved (Back to the welcome screen keeps it,
        to resume). Never in a kiosk or the demo (they have no history)."""
        if not self.answers and not self.earlier_turn_saved:
            return False
        if self.store is not None:  # still open: every write made so far, none failed
            written = not self.store.problem and not self.store.unsaved
        else:  # closed (history off, or the app has ended): did it close with all saved?
            written = self.closed_with_all_saved
        if not self.answers:
            return written
        return written and not self.checkin_mode and (self.assessment_id is not None
                                                      or self.checkins_given)

    @property
    def stop_message(self) -> str:
        """What to say after SIGTERM or SIGHUP ended the app: whether the answers
        are saved ("" when nothing had been answered, or nothing that was kept, and
        no key typed for a question was left unhandled). Keys the person typed
        ahead of a slow app (a busy machine) are dropped when it ends; if none of
        them had been recorded yet, silence would hide that they were lost, so the
        app says the answers were not saved (S-F12)."""
        if not self.answers and not self.earlier_turn_saved and not self.keys_dropped:
            return ""
        key = "tui.stopped_saved" if self.answers_saved else "tui.stopped_not_saved"
        return (self.strings or {}).get(key, STOPPED[self.answers_saved])

    def leave_screen(self, screen: Any) -> None:
        """Pop `screen` if it is still the one on top. Two keys handled together
        (Esc, Esc) must not pop the screen underneath too. A home screen (the
        welcome at the bottom, the demo's index above it) is never popped."""
        if (self.screen is screen and len(self.screen_stack) > 1
                and not getattr(screen, "home", False)):
            self.pop_screen()

    # -- requests from screens (tui/messages.py) -------------------------------
    def _current(self, request: msg.Request) -> bool:
        """A request counts only while the screen that made it is on the stack."""
        request.stop()
        return request.screen in self.screen_stack

    def on_leave_screen(self, request: msg.LeaveScreen) -> None:
        if self._current(request):
            self.leave_screen(request.screen)

    def on_show_report(self, request: msg.ShowReport) -> None:
        if self._current(request):
            self.show_report()

    def on_show_results(self, request: msg.ShowResults) -> None:
        if self._current(request):
            self.show_results()

    def on_edit(self, request: msg.Edit) -> None:
        if self._current(request):
            self.edit(request.qid)

    def on_tell_more(self, request: msg.TellMore) -> None:
        if self._current(request) and isinstance(self.session, Session):
            self.session.tell_more()
            self.ask_next()

    def on_stop_more(self, request: msg.StopMore) -> None:
        if self._current(request) and isinstance(self.session, Session):
            self.session.stop_more()
            self.ask_next()

    def on_ask_next(self, request: msg.AskNext) -> None:
        if self._current(request):
            self.ask_next()

    def on_restart(self, request: msg.Restart) -> None:
        if self._current(request):
            self.restart()

    def on_start_questions(self, request: msg.StartQuestions) -> None:
        if self._current(request):
            self.start_questions()

    def on_resume(self, request: msg.Resume) -> None:
        if self._current(request):
            self.resume()

    def on_start_checkin(self, request: msg.StartCheckin) -> None:
        if self._current(request):
            self.start_checkin()

    def on_show_trends(self, request: msg.ShowTrends) -> None:
        if self._current(request):
            self.show_trends()

    def on_toggle_history(self, request: msg.ToggleHistory) -> None:
        if self._current(request):
            self.toggle_history()

    def on_open_demo(self, request: msg.OpenDemo) -> None:
        if self._current(request):
            self.open_demo(request.key)

    def ui_strings(self) -> dict[str, str]:
        assert self.words is not None
        return {key: self.words.ui(key) for key in self.words.content.ui}

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Command palette (Ctrl+P): the main actions first, then Textual's own
        (not in kiosk mode: no quit, no screenshots to files)."""
        w = self.words
        if w is not None:
            yield SystemCommand(w.ui("tui.cmd.restart"), w.ui("tui.cmd.restart_help"),
                                self.action_restart)
            if not self.session.empty:  # U-S8: nothing to summarise before an answer
                yield SystemCommand(w.ui("tui.cmd.summary"), w.ui("tui.cmd.summary_help"),
                                    self.show_report)
            yield SystemCommand(w.ui("tui.cmd.contrast"), w.ui("tui.cmd.contrast_help"),
                                self.action_toggle_contrast)
            yield SystemCommand(w.ui("tui.cmd.large_text"), w.ui("tui.cmd.large_text_help"),
                                self.action_toggle_large)
            yield SystemCommand(w.ui("tui.cmd.help"), w.ui("tui.cmd.help_help"),
                                self.action_help)
            yield SystemCommand(w.ui("tui.cmd.glossary"), w.ui("tui.cmd.glossary_help"),
                                self.action_glossary)
            yield SystemCommand(w.ui("tui.cmd.about"), w.ui("tui.cmd.about_help"),
                                self.action_about)
        if w is not None and self.demo:
            from functools import partial

            yield SystemCommand(w.ui("demo.cmd.start"), w.ui("demo.cmd.start_help"),
                                self.start_questions)
            for e in self.demo_entries():
                yield SystemCommand(f"{w.ui('demo.kind.' + e.kind)}: {e.title}",
                                    w.ui("demo.cmd.index_help"),
                                    partial(self.open_demo, f"{e.kind}:{e.id}"))
        if self.kiosk:
            return
        # Textual's developer commands (Screenshot writes the answers to a file;
        # Maximize, Keys, and a Theme picker of every Textual theme) only when asked
        # for with SCIATICA_TUI_DEV_COMMANDS=1 (U-S10). Quit stays. Their words are
        # the person's language (U-B4).
        dev = os.environ.get("SCIATICA_TUI_DEV_COMMANDS", "") not in ("", "0")
        kept = [command for command in super().get_system_commands(screen)
                if dev or command.callback == self.action_quit]
        if w is None:
            yield from kept
            return
        from .words import system_commands

        yield from system_commands(w, kept)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """U-B13: a kiosk cannot be quit, so no screen's footer offers `q Quit`."""
        if action == "quit" and self.kiosk:
            return False
        return True

    def watch_theme(self, theme: str) -> None:
        # app.tcss styles a few things differently under high contrast.
        self.set_class(theme == THEMES["high-contrast"].name, "-high-contrast")

    def action_toggle_large(self) -> None:
        """Large text (app.tcss, App.-large): a terminal has one font size, so
        headings become bands three rows tall, paragraphs get a blank row between
        them, and lines are shorter (about 60 columns) so each holds fewer words.
        The demo's index puts a blank row under each item (F3 on its pages)."""
        from .screens.demo import DemoScreen
        from .screens.group import GroupScreen

        self.toggle_class("-large")
        for screen in self.screen_stack:
            if isinstance(screen, (DemoScreen, GroupScreen)):
                screen.relayout()

    def action_toggle_contrast(self) -> None:
        hc = THEMES["high-contrast"].name
        self.theme = THEMES["calm"].name if self.theme == hc else hc

    def action_restart(self) -> None:
        """Start again from the welcome screen (asks first mid-assessment)."""
        if self.session.empty or self.words is None:
            self.restart()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.restart()

        self.push_screen(ConfirmQuit(self.words, restart=True), done)

    def restart(self) -> None:
        """End this person's turn: a new, empty session and a fresh welcome screen.
        Every screen above the welcome is removed (with what was typed into it), so
        neither Back nor anything else can reach them."""
        from textual.widgets import Input

        self.new_session()
        while len(self.screen_stack) > 1:
            # Stop a screen's background work first (e.g. the command palette's
            # search), or it fails looking for widgets that are gone; and empty
            # its text boxes (S-F12: a paste must not outlive the person).
            for node in self.screen.walk_children(with_self=True):
                self.workers.cancel_node(node)
                if isinstance(node, Input):
                    with node.prevent(Input.Changed):
                        node.value = ""
            self.pop_screen()
        # The welcome screen at the bottom (it never shows an answer), made as new.
        welcome = self.screen_stack[0]
        assert isinstance(welcome, WelcomeScreen)
        welcome.reset()
        if self.words is not None and self.demo:
            self.show_demo()
        elif self.words is not None:
            welcome.show(self.ui_strings())
            self.call_after_refresh(self.refresh_welcome)
            self.call_after_refresh(self.prepare_start)
        self.last_activity = self.clock()

    def action_glossary(self) -> None:
        from .screens.glossary import GlossaryScreen

        if self.words is not None and not isinstance(self.screen, (GlossaryScreen, TooSmall)):
            self.push_screen(GlossaryScreen(self.words))

    def action_about(self) -> None:
        from ..reports.about import about_text
        from .screens.page import TextPage

        if self.words is not None and not isinstance(self.screen, (TextPage, TooSmall)):
            self.push_screen(TextPage(self.words, self.words.ui("about.title"),
                                      about_text(self.words, width=None)))

    def action_help(self) -> None:
        if self.words is not None and not isinstance(self.screen, (HelpScreen, TooSmall)):
            self.push_screen(HelpScreen(self.words, kind=self.help_kind(), demo=self.demo,
                                        can_quit=not self.kiosk))

    def help_kind(self) -> str:
        """Which keys the screen on top takes (see HelpScreen)."""
        from .screens.group import GroupScreen
        from .screens.question import QuestionScreen, scale_values

        screen = self.screen
        if isinstance(screen, GroupScreen):
            return "group"
        if isinstance(screen, QuestionScreen):
            q = screen.q
            if scale_values(q) is not None:
                return "scale"
            return "number" if q.type in ("scale", "number") else "question"
        return "other"

    async def action_quit(self) -> None:
        """Leaving mid-assessment asks first; leaving from the report does not.
        A kiosk cannot be left this way (staff use the exit keys and PIN)."""
        if self.kiosk:
            self.notify((self.strings or {}).get("tui.kiosk_no_quit", ""), timeout=5)
            return
        in_progress = bool(self.answers) and not getattr(self.screen, "is_report", False)
        if not in_progress or self.words is None or isinstance(self.screen, ConfirmQuit):
            self.exit()
            return

        def done(leave: bool | None) -> None:
            if leave:
                self.exit()

        # After a warning sign the summary is printed on leaving: say so.
        # U-B5: and whether the answers are kept in the history.
        self.push_screen(ConfirmQuit(self.words, flagged=bool(self.summary_on_exit),
                                     kept=self.answers_saved), done)

    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size)

    def push_screen(self, screen: Any, callback: Any = None,
                    wait_for_dismiss: Any = False, *, mode: str | None = None) -> Any:
        """Nothing goes under the "too small" cover (it would be left behind, and Back
        would land on it): take the cover off, push, then cover again if needed."""
        stack = self.screen_stack
        if stack and isinstance(stack[-1], TooSmall) and not isinstance(screen, TooSmall):
            self.pop_screen()
            self.call_after_refresh(self.check_size)
        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)

    def check_size(self, size: Size | None = None) -> None:
        size = size or self.size
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmall):
            strings = self.strings or {}
            text = (self.words.ui("tui.too_small") if self.words else
                    strings.get("tui.too_small") or
                    "Please make this window bigger. It needs at least {w} columns and {h} rows.")
            text = text.format(w=MIN_WIDTH, h=MIN_HEIGHT)
            if not self.kiosk and not self.is_web:
                # U-S7: phone terminals are often narrower; plain mode fits any width.
                text += "\n\n" + (self.words.ui("tui.too_small_plain") if self.words else
                                   strings.get("tui.too_small_plain", ""))
            self.push_screen(TooSmall(self.too_small_urgent() + text))
        elif not small and isinstance(self.screen, TooSmall):
            self.pop_screen()

    def too_small_urgent(self) -> str:
        """U-S7: under a warning screen, the cover still says what to do, in plain
        text, before asking for a bigger window."""
        from ..core.act_now import act_now
        from ..core.engine import assess
        from .screens.alerts import EmergencyScreen

        if self.words is None or not any(isinstance(s, EmergencyScreen)
                                         for s in self.screen_stack):
            return ""
        text = act_now(self.words, assess(self.words.content, self.answers))
        if text and self.kiosk:
            text += self.words.ui("tui.kiosk_tell_staff") + "\n"
        return text + "\n" if text else ""

    def ask_next(self) -> None:
        from .screens.alerts import EmergencyScreen
        from .screens.results import ReviewScreen

        assert self.words is not None
        if self.checkin_mode:
            self.checkin_next()
            return
        session = self.session
        assert isinstance(session, Session)
        step = session.next_step(self.words.content)
        if step.kind == "review":
            at, self._review_at = self._review_at, None
            self.switch_or_push(ReviewScreen(self.words, session.asked(self.words.content),
                                             session.answers,
                                             len(session.optional(self.words.content)), at=at))
        elif step.kind == "urgent":
            from ..core.act_now import alert_blocks

            blocks = alert_blocks(self.words, step.flags, step.unsure, step.rules)
            self.switch_or_push(EmergencyScreen(
                self.words, "\n\n".join("\n".join(b) for b in blocks), True))
        else:
            self.show_step(step)

    def show_step(self, step: Step) -> None:
        """A question screen, or a group screen (several rows on one screen)."""
        from .screens.group import GroupScreen

        assert self.words is not None
        if step.kind == "group":
            assert step.group is not None
            screen = self.screen
            if type(screen) is GroupScreen and screen.can_show(None):
                # The next group on the same screen (issue 19 item 3).
                self.hold_keys_until(screen.show_group(step.group, step.qids,
                                                       self.session.answers))
                return
            self.switch_or_push(GroupScreen(self.words, step.group, step.qids,
                                            self.session.answers))
        else:
            assert step.qid is not None
            self.show_question(step.qid, optional=step.optional)

    def show_question(self, qid: str, *, optional: bool = False,
                      step: tuple[int, int] | None = None) -> None:
        """Question `qid`: on the question screen already showing (updated in place,
        issue 19 item 3: a new screen per key cost a whole widget tree), or on a new
        one in place of another step, or pushed."""
        from .screens.question import QuestionScreen

        assert self.words is not None
        screen = self.screen
        if type(screen) is QuestionScreen and screen.can_show(step):
            self.hold_keys_until(screen.show(qid, self.answers, step=step, optional=optional))
            return
        made = self._question_made
        if made is not None and not made.is_set() and getattr(screen, "flow", False):
            # Enter came while the screen was being made: it is nearly ready.
            session = self.session

            async def when_made() -> None:
                try:  # (bounded: a build that never ran must not hold the keys)
                    await asyncio.wait_for(made.wait(), self.KEY_GIVE_UP_SECONDS)
                except TimeoutError:
                    self._question_made = None
                if self.session is session and self.screen is screen and not self.leaving:
                    self.show_question(qid, optional=optional, step=step)

            self.hold_keys_for(when_made())
            return
        ahead = self._take_question_ahead() if getattr(screen, "flow", False) else None
        if isinstance(ahead, QuestionScreen) and ahead.can_show(step):
            # Made while the group before was answered: shown, then switched to.
            self.hold_keys_until(ahead.show(qid, self.answers, step=step, optional=optional))
            self.switch_or_push(ahead)
            return
        if ahead is not None:
            ahead.remove()
        self.switch_or_push(QuestionScreen(self.words, qid, self.answers, step=step,
                                           optional=optional))

    def hold_keys_until(self, done: Any) -> None:
        """A step shown on the screen already up: keys typed meanwhile wait, as for
        a new screen (U-B3), while any part of it is mounted (`done`; None: the
        step is ready now, so the next key already finds it)."""
        if done is not None:
            self.hold_keys_for(done)

    def step_screen(self, step: Step, answers: dict[str, Any]) -> Screen[Any]:
        """A new screen for `step` (the first screen, built ahead while the welcome
        waits)."""
        from .screens.group import GroupScreen
        from .screens.question import QuestionScreen

        assert self.words is not None
        if step.kind == "group":
            assert step.group is not None
            return GroupScreen(self.words, step.group, step.qids, answers)
        assert step.qid is not None
        return QuestionScreen(self.words, step.qid, answers, optional=step.optional)

    def flag_text(self, hits: list[Any]) -> str:
        from ..core.act_now import alert_blocks

        assert self.words is not None
        return "\n\n".join("\n".join(b) for b in alert_blocks(self.words, hits))

    def switch_or_push(self, screen: Screen[Any]) -> None:
        """Steps of the walk-through replace each other (so Back is ours, not a
        stack of stale screens); anything else is pushed on top."""
        if getattr(self.screen, "flow", False):
            self.hold_keys_for(self.switch_screen(screen))
        else:
            self.push_screen(screen)

    _review_at: str | None = None  # the question last opened from the review

    def edit(self, qid: str) -> None:
        """Change one answer from the review; what follows is re-planned."""
        from .screens.question import QuestionScreen

        assert self.words is not None
        self._review_at = qid  # the review shows its row again when it comes back
        screen = QuestionScreen(self.words, qid, self.answers)
        screen.from_review = True  # Back: the review again, the answer unchanged
        self.switch_or_push(screen)

    def record(self, qid: str, value: Any) -> None:
        """Keep an answer (None: skipped, so unknown) and move on, unless it raises
        a new emergency flag, which interrupts at once."""
        from .screens.alerts import EmergencyScreen

        assert self.words is not None
        from ..core.answers import AnswerError

        try:
            new = self.session.record(self.words.content, qid, value)
        except AnswerError as exc:  # screens prevent this; never a crash if one does not
            self.notify(str(exc), severity="error", timeout=8)
            return
        if not self.checkin_mode:
            self.save_progress()
        if new:
            self.switch_or_push(EmergencyScreen(self.words, self.flag_text(new)))
            return
        self.ask_next()

    def record_row(self, qid: str, value: Any) -> bool:
        """Keep the answer to one row of a group screen, which stays on screen,
        unless the answer raises a new emergency flag: that interrupts at once
        (True), before the rest of the rows."""
        from ..core.answers import AnswerError
        from .screens.alerts import EmergencyScreen

        assert self.words is not None
        try:
            new = self.session.record(self.words.content, qid, value)
        except AnswerError as exc:  # the group screen offers only valid answers
            self.notify(str(exc), severity="error", timeout=8)
            return False
        self.save_progress()
        if new:
            self.switch_or_push(EmergencyScreen(self.words, self.flag_text(new)))
            return True
        return False

    def forget_row(self, qid: str) -> None:
        """A group line emptied again (its last tick taken off): no answer now."""
        self.session.forget(qid, self.words.content if self.words is not None else None)
        self.save_progress()

    def go_back(self, stayed: Callable[[], None] | None = None) -> None:
        """Back one step (Esc, Back). From the first step this person's turn ends:
        asked first when it has answers (they would be lost without a word), and
        `stayed` is called if the person stays."""
        assert self.words is not None
        # A check-in steps back one question at a time (it shows no group screens);
        # an assessment goes back a whole screen (Session.back(content)).
        checkin = isinstance(self.session, CheckinSession)
        back = self.session.back(None if checkin else self.words.content)
        if back is None:  # (nothing changed in the session)
            # Back from the first question: this person's turn ends (a check-in or an
            # assessment; one kept in the history can be carried on from there).
            screen = self.screen

            def end_turn(yes: bool | None) -> None:
                if yes:
                    self.new_session()
                    self.leave_screen(screen)
                elif stayed is not None:
                    stayed()

            if self.session.empty:
                end_turn(True)
            else:
                self.push_screen(ConfirmQuit(self.words, restart=True), end_turn)
            return
        qid = back.qid
        assert qid is not None
        if isinstance(self.session, CheckinSession):
            self.show_question(qid, step=self.session.position(self.words.content))
            return
        self.show_step(back)

    @property
    def summary_on_exit(self) -> str:
        """The clinician summary to print after the app closes: only when a red flag was
        found, and never in kiosk mode (it keeps nothing, not even in the scrollback)."""
        if self.words is None or self.kiosk:
            return ""
        from ..core.engine import assess
        from ..reports.formats.text import to_text_ending_with_action

        a = assess(self.words.content, self.answers)
        return to_text_ending_with_action(self.words.content, a, self.words) if a.red_flags \
            else ""

    def show_results(self) -> None:
        from ..core.engine import assess
        from .screens.results import ResultsScreen

        assert self.words is not None
        a = assess(self.words.content, self.answers)
        self.save_finished(a.disposition, [f.id for f in a.red_flags])
        self.switch_or_push(ResultsScreen(self.words, a))

    def show_report(self) -> None:
        from ..core.engine import assess
        from ..reports.formats.text import to_text
        from .screens.alerts import ReportScreen

        assert self.words is not None
        if isinstance(self.screen, ReportScreen):
            return
        if self.session.empty:  # U-S8: a summary of no answers would mislead
            self.notify(self.words.ui("tui.nothing_to_summarise"), timeout=5)
            return
        a = assess(self.words.content, self.answers)
        # Pushed on top, so Esc returns to where the person was (results, the
        # emergency screen, or a question when opened from the command palette).
        from ..core.words import timestamp

        generated = timestamp()
        text = to_text(self.words.content, a, self.words, generated=generated)
        self.push_screen(ReportScreen(self.words, a, text, generated))


def warm(content: Any) -> None:
    """In the loading worker, before Start works: import what the first question
    or group screen needs and compile the glossary matcher, so that pressing
    Start (even at once) does not wait for them (speed review P2). Nothing is
    written: imports and memory only (kiosk-safe)."""
    from ..core.words import glossary_matcher
    from .screens import group, question  # noqa: F401

    glossary_matcher(content)


def warm_later() -> None:
    """Once the first screen is ready: what the steps after it need (the
    emergency and results screens), imported while the person reads."""
    from ..reports import result_view  # noqa: F401
    from .screens import alerts, results  # noqa: F401


def run_app(config: Config | None = None, content_dir: str | None = None) -> int:
    """Run the app. A kiosk starts again after an unexpected error and only ends
    when staff leave with the exit keys and PIN. In a browser (`serve`) the session
    simply ends: closing the tab ends it, and the page offers a fresh start."""
    config = config or Config()
    web = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")
    pin_guard = PinGuard(time.monotonic)  # wrong PINs still count after a crash restart
    while True:
        app = SciaticaApp(content_dir=content_dir, config=config, pin_guard=pin_guard,
                          read_first=True)
        app.run()
        if app.problem:
            print("The content files have problems:\n" + app.problem, file=sys.stderr)
            return Exit.PROBLEM
        if config.kiosk and not app.staff_exit and not app.terminal_gone and not web:
            time.sleep(0.5)  # a crash: back to the welcome screen for the next person
            continue
        if app.terminal_gone:
            if not app.crashed and not web:
                _say(app.stop_message)
            return Exit.PROBLEM if app.crashed else Exit.OK
        if app.summary_on_exit and not web:  # in a browser stdout is the page's channel
            sys.stdout.write(app.summary_on_exit)
        return Exit.PROBLEM if app.crashed else Exit.OK


if TYPE_CHECKING:
    def _screens_can_use(app: SciaticaApp) -> msg.AppForScreens:
        return app  # mypy checks that the app provides what screens use (app_of)


def _say(message: str) -> None:
    """One line to the terminal after a signal ended the app. If the terminal has
    gone, whatever is left for it (here, or unsent in Textual's output stream) goes
    nowhere, so that the process still ends cleanly (Python exits with 120 when
    its last flush of stdout or stderr fails)."""
    try:
        if message:
            print(message, file=sys.stderr, flush=True)
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        for fd in (1, 2):
            os.dup2(nowhere, fd)
        os.close(nowhere)
