"""Every use of Textual's private API, in one place.

No other module imports a private Textual module or name, or overrides a private
Textual method (tests/test_compat.py scans for both). Each piece below names the
upstream issue or behaviour it works around, and tests/test_compat.py has a test
that fails if a Textual release changes what it relies on. The tests run with the
exact Textual in constraints/test.txt; the package allows a compatible range.

What is here:
- TerminalOutput, SturdyLinuxDriver, stop_input: a terminal that goes away.
- PlainErrors: no Textual traceback (with answers in it) on an unexpected error.
- SteadyScreen: two races of screens (old Resize events, a click on a widget
  being removed).
- MarkedRadioButton, ToggleButton: answer marks that do not rely on colour.
- highlight_pressed: RadioSet's highlight on the chosen answer.
- refresh_truecolor_filter: the first theme without a full CSS reparse.
- command_palette: the command palette with guards for four races.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from functools import cache
from typing import IO, TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen
from textual.widgets import RadioButton, RadioSet

# Textual exports ToggleButton (the base of RadioButton and Checkbox, whose
# BUTTON_LEFT/INNER/RIGHT marks tui/marks.py reads) only from its private module.
from textual.widgets._toggle_button import ToggleButton

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import App
    from textual.command import CommandPalette
    from textual.content import Content
    from textual.driver import Driver

__all__ = [
    "MarkedRadioButton", "PlainErrors", "SteadyScreen", "TerminalOutput", "ToggleButton",
    "command_palette", "highlight_pressed", "refresh_truecolor_filter", "stop_input", "sturdy",
]


class TerminalOutput:
    """What Textual's writer thread writes the screen to: the terminal, until it
    goes away; after that, nowhere.

    Textual 8.2.8's WriterThread (textual/drivers/_writer_thread.py) ends when a
    write to the terminal raises, and nothing notices: the app keeps putting its
    output on the thread's queue, which holds 30 items. The 31st write, or the
    `WriterThread.stop()` that `App._shutdown` calls, then blocks the event loop
    for good; SIGTERM is ignored from then on, because asyncio runs its signal
    handlers on that loop. A closed terminal makes every write fail with EIO, so
    closing the window while output is flowing (keys arriving) left the process
    stuck (review finding S-F3). Upstream reports the same dead-writer hang
    reached through `App.suspend`: https://github.com/Textualize/textual/issues/6692

    Here a failed write marks the terminal gone and calls `on_gone` once; later
    writes are dropped, so the writer thread keeps emptying its queue and no
    write can block for ever."""

    def __init__(self, stream: IO[str], on_gone: Callable[[], None]) -> None:
        self._stream = stream
        self._on_gone = on_gone
        self.gone = False

    def write(self, text: str) -> None:
        if not self.gone:
            try:
                self._stream.write(text)
            except (OSError, ValueError):  # EIO, a closed stream, ... (a terminal
                self._lost()  # left non-blocking by another program too: ending beats hanging)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._lost()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _lost(self) -> None:
        self.gone = True
        self._on_gone()


def sturdy(driver_class: type[Driver]) -> type[Driver]:
    """Textual's choice of driver, with SturdyLinuxDriver in place of LinuxDriver.
    Textual imports only the driver it chose, so a `serve` session (the web
    driver) never imports the Linux one (issue 19: memory per session)."""
    linux = sys.modules.get("textual.drivers.linux_driver")
    if (sys.platform != "win32" and linux is not None
            and driver_class is getattr(linux, "LinuxDriver", None)):
        return _sturdy_linux_driver()
    return driver_class


def __getattr__(name: str) -> Any:
    if name == "SturdyLinuxDriver" and sys.platform != "win32":
        return _sturdy_linux_driver()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _sturdy_linux_driver() -> type[Driver]:
    """SturdyLinuxDriver, made the first time a terminal app asks for it."""
    from textual.drivers.linux_driver import LinuxDriver

    class SturdyLinuxDriver(LinuxDriver):
        """Textual's Linux terminal driver, made safe to lose its terminal.

        1. Its output goes through `TerminalOutput` (above). When the terminal goes
           away the app is told at once: its `end_now()` if it has one, else `exit()`.
        2. It resumes only after its own stop. LinuxDriver re-enters application mode
           on every SIGCONT. A closing terminal sends SIGHUP and SIGCONT together
           (the kernel's hang-up), so 8.2.8 started a second input thread and a new
           writer thread on the dead terminal, from inside a signal handler, while
           the app was shutting down. A SIGCONT that follows our own SIGTSTP
           (Ctrl+Z, then `fg`) still resumes as before."""

        _stopped = False  # a SIGTSTP stopped us, so the next SIGCONT resumes

        def __init__(self, app: App[Any], *, debug: bool = False, mouse: bool = True,
                     size: tuple[int, int] | None = None) -> None:
            super().__init__(app, debug=debug, mouse=mouse, size=size)
            # LinuxDriver.start_application_mode gives self._file (sys.__stderr__) to
            # its WriterThread; that thread then writes through this.
            if self._file is not None:
                self._file = TerminalOutput(  # type: ignore[assignment]
                    self._file, self._terminal_gone)

        def _terminal_gone(self) -> None:
            """In the writer thread: hand over to the app's event loop (Driver._loop)."""
            if not self._loop.is_closed():
                end = getattr(self._app, "end_now", None) or self._app.exit
                self._loop.call_soon_threadsafe(end)

        def _sigtstp_application(self, *args: Any) -> None:
            self._stopped = True
            super()._sigtstp_application(*args)

        def _sigcont_application(self, *args: Any) -> None:
            if self._stopped:
                self._stopped = False
                super()._sigcont_application(*args)

    return SturdyLinuxDriver


def stop_input(app: App[Any]) -> None:
    """Stop reading keys now, not when the app has finished closing: no more keys
    arrive, and the input thread stops spinning on a terminal that has gone (at
    end of input, 8.2.8's input thread loops without pause:
    https://github.com/Textualize/textual/pull/6690)."""
    driver = app._driver
    if driver is not None:
        driver.disable_input()


class PlainErrors:
    """App mixin: an unexpected error ends the app with the app's own words
    instead of Textual's traceback, which shows local variables (answers among
    them). The app provides `error_report()`: what to print after it has closed
    (nothing, a line, or a traceback for bug reports)."""

    def error_report(self) -> list[RenderableType]:
        raise NotImplementedError

    def _fatal_error(self) -> None:  # App._fatal_error, called by App._handle_exception
        app: Any = self
        app._exit_renderables.extend(self.error_report())
        app._close_messages_no_wait()


if TYPE_CHECKING:
    _AppBase = App[Any]
else:
    _AppBase = object


class DrawAfterBatch(_AppBase):
    """App mixin: what the screen on top changed while a batch update was open is
    drawn as the batch ends, not at that screen's next message.

    Textual 8.2.8 holds every screen's frames while any batch is open
    (`App.batch_update`, which `Widget.batch` and `Widget.recompose` use): the
    screen on top's update timer fires, draws nothing and pauses. Ending the batch
    prompts the app (`App._end_batch` calls the app's `check_idle`), not that
    screen, so what it changed waits for its next message: none, when the person
    is reading. A batch opened for a screen made off the stack (`prebuild` draws
    its footer with `Footer.recompose`) swallowed the last frame of a scroll on
    the screen on top: a group screen scrolled to show Next stayed drawn
    unscrolled (the `serve` browser test, tests/test_serve.py, in about one run
    in four). The screen on top is prompted here once the last batch has ended."""

    def _end_batch(self) -> None:  # App._end_batch, called as App.batch_update ends
        super()._end_batch()
        if not self._batch_count and self.screen_stack:
            self.screen_stack[-1].check_idle()


# -- screens ---------------------------------------------------------------------
if TYPE_CHECKING:
    _ScreenBase = Screen[Any]
else:
    _ScreenBase = object


class SteadyScreen(_ScreenBase):
    """Mix into every screen class, before the Textual base class (a test checks).
    It keeps screens steady through two Textual 8.2.8 races:

    1. Old Resize events (a livelock). A Textual screen lays itself out at the size
    carried by each Resize event it handles (Widget._on_resize), and when its size
    changes it posts itself a new Resize of that size. A screen under another one
    can be left holding two old events of different sizes (a resize below the
    minimum and back, while the "too small" cover comes and goes). While the app is
    batching updates, Textual also queues a callback between them, so the two
    events are never merged: each one re-posts itself, the queue never empties, and
    the event loop never gets control back. The app freezes and its memory grows.
    The monkey test found this, about one run in ten (no upstream issue found;
    upstream moved screen resizing to a timer in Textualize/textual#6471). The fix:
    a Resize whose size is not the terminal's is old news; the screen handles it as
    a Resize of the terminal's real size instead, which changes nothing the second
    time, so nothing is re-posted.

    2. A click on a widget being taken down (a crash). Until the next frame, the
    screen's map still holds a removed child, whose parent is gone; a mouse press
    there made Screen._forward_event's text selection fail with AttributeError
    (upstream: Textualize/textual#6643). The keys panel from the command palette
    rebuilds its table whenever the keys change; the monkey found this too. The
    fix: a press on a widget with no parent is dropped; the next frame maps the new
    child."""

    def _forward_event(self, event: events.Event) -> None:
        if isinstance(event, events.MouseDown):
            widget, _ = self.get_widget_and_offset_at(event.x, event.y)
            if widget is not None and widget is not self and widget.parent is None:
                return  # on a widget being removed (see 2. above)
        super()._forward_event(event)

    # Styled while it waited off the stack (see prebuild), with the app's classes
    # and theme then: its first resume need not restyle every widget again,
    # unless they have changed since (large text or a theme chosen meanwhile;
    # an app-wide restyle does not reach a screen off the stack).
    styled_ahead: tuple[Any, ...] | None = None

    # Laid out while it waited off the stack (see prebuild). Its widgets ask for
    # another layout a moment after the first (their new sizes, posted from their
    # own message queues once prebuild has returned): done then too, off the
    # stack, not in the frame after the key that shows it (issue 19: about 18 ms
    # of Start -> first question when Start comes after a moment on the welcome).
    laid_out_ahead = False

    async def _on_idle(self, event: events.Idle) -> None:
        # Runs before Screen's own handler (Textual calls each class's in turn).
        if (self.laid_out_ahead and self._layout_required and not self.is_current
                and self.is_attached and not self.app._batch_count):
            lay_out_off_stack(self)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (Textual calls each class's in turn).
        self.laid_out_ahead = False
        if self.styled_ahead is not None:
            if self.styled_ahead == style_stamp(self.app):
                event.refresh_styles = False
            self.styled_ahead = None

    def _on_timer_update(self) -> None:
        # One frame, not two, when the screen is to be laid out and repainted
        # whole in the same turn (issue 19: the focus moved as a step's words
        # changed; `Screen.focused` repaints the whole screen). Textual 8.2.8's
        # Screen._on_timer_update lays out and draws a frame, then repaints the
        # whole screen and draws it all again. The screen is marked dirty first
        # here, so the layout's frame is the whole screen, drawn once: what the
        # second frame drew, without the first (5 KB of a group screen written
        # and parsed by the terminal twice).
        if (self._layout_required and self._repaint_required and self.is_current
                and not self.app._batch_count):
            self._repaint_required = False
            self._dirty_widgets.add(self)
        super()._on_timer_update()

    async def _on_resize(self, event: events.Resize) -> None:
        app = self.app
        size = app.size
        if app.is_inline or event.size == size:
            return  # a current event: Textual's own handler does the work
        event.stop()
        event.prevent_default()  # the older size is never laid out
        self.post_message(events.Resize(size, size))


# -- answer controls -------------------------------------------------------------
class MarkedRadioButton(RadioButton):
    """A RadioButton that chooses its marks just before they are drawn.

    Textual draws the same dot for a chosen and a not-chosen radio button and tells
    them apart by colour only; its private `_button` property builds the mark from
    BUTTON_LEFT/INNER/RIGHT with no hook to change them per state (upstream:
    Textualize/textual#2121, "hardcoded part in the `_button` property"). A
    subclass sets the marks in `set_marks()`; this calls it first."""

    def set_marks(self) -> None:
        """Set BUTTON_LEFT, BUTTON_INNER and BUTTON_RIGHT for the current state."""

    @property
    def _button(self) -> Content:
        self.set_marks()
        return super()._button


def highlight_pressed(radio: RadioSet) -> None:
    """Put RadioSet's keyboard highlight on its pressed button. On mount a RadioSet
    highlights its first button; after Back the highlight belongs on the answer
    already chosen. Textual has no public setter: the highlight is the private
    var `_selected`, whose watcher moves the `-selected` class."""
    if radio.pressed_index >= 0:
        radio._selected = radio.pressed_index


# -- theme -----------------------------------------------------------------------
def refresh_truecolor_filter(app: App[Any]) -> None:
    """The step of Textual's theme watcher (App._watch_theme) that points the
    ANSI-to-truecolor filter at the theme's terminal colours (added upstream in
    Textualize/textual#4192). SciaticaApp._first_theme sets its first theme without
    that watcher, to skip the full CSS reparse it queues, so it calls this."""
    app._refresh_truecolor_filter(app.ansi_theme)


# -- the command palette ---------------------------------------------------------
@cache
def command_palette() -> type[CommandPalette]:
    """Textual's command palette, with guards for four Textual 8.2.8 races found by
    tests/test_monkey.py (each would otherwise close the app with an error). No
    upstream issue found for these; Textualize/textual#4101 and #3270 are earlier
    OptionList index bugs of the same kind. Until they are fixed upstream, such a
    key or click does nothing here:

    - Page Up/Down pressed before the palette's list is laid out raises KeyError in
      OptionList._move_page (Ctrl+P, then Page Down at once).
    - A click on the list just as its options change carries the old option index
      and raises IndexError in OptionList._on_click.
    - The search worker can start after the palette has begun to close, and fails
      looking for its list (NoMatches in CommandPalette._gather_commands).
    - Two quick clicks on the background dismiss it twice (InvalidStateError).

    Its search box also takes at most 80 characters, so a huge paste never becomes
    a search (S-F12: the search worker keeps what it searched for a while); that
    needs a copy of CommandPalette.compose (a test checks the copy is current).

    Built on first use: textual.command is not imported at start-up."""
    from textual import work
    from textual.app import ComposeResult
    from textual.await_complete import AwaitComplete
    from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
    from textual.containers import Horizontal, Vertical
    from textual.css.query import NoMatches
    from textual.widgets import Button, LoadingIndicator

    class SafeCommandList(CommandList):
        async def _on_click(self, event: events.Click) -> None:
            index = event.style.meta.get("option")
            if index is not None and not 0 <= index < self.option_count:
                # Textual calls the handler of every class in the MRO unless told not to.
                event.prevent_default()
                event.stop()

    gather = inspect.unwrap(CommandPalette._gather_commands)  # the method under @work

    class SafeCommandPalette(SteadyScreen, CommandPalette):
        def compose(self) -> ComposeResult:
            # CommandPalette.compose (Textual 8.2.8), with SafeCommandList and max_length.
            with Vertical(id="--container"):
                with Horizontal(id="--input"):
                    yield SearchIcon()
                    yield CommandInput(placeholder=self._placeholder, select_on_focus=False,
                                       max_length=80)
                    if not self.run_on_select:
                        yield Button("\u25b6")
                with Vertical(id="--results"):
                    yield SafeCommandList()
                    yield LoadingIndicator()

        @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
        async def _gather_commands(self, search_value: str) -> None:
            if not self.is_attached or not self.query(CommandList):
                return  # closing already: nothing to search for
            try:
                await gather(self, search_value)
            except NoMatches:
                if self.is_attached and self.query(CommandList):
                    raise

        _palette_dismissed = False

        def dismiss(self, result: Any = None) -> AwaitComplete:
            if self._palette_dismissed:
                return AwaitComplete()  # already closing
            self._palette_dismissed = True
            return super().dismiss(result)

        def _action_command_list(self, action: str) -> None:
            try:
                super()._action_command_list(action)
            except (KeyError, IndexError):
                if action not in ("page_up", "page_down"):
                    raise

    return SafeCommandPalette


def propagation_stopped(message: Any) -> bool:
    """Whether a handler called `message.stop()`: the U-B3 key holding (tui/app.py)
    needs to know that the focused widget handled a key. Textual keeps this in the
    private `Message._stop_propagation` and has no public reader
    (tests/test_compat.py fails if that changes)."""
    return bool(getattr(message, "_stop_propagation", False))


def style_stamp(app: App[Any]) -> tuple[Any, ...]:
    """What the app's CSS depends on beside a screen's own nodes."""
    return frozenset(app.classes), app.theme, app.ansi_color, app.is_inline


def screen_settled(screen: Screen[Any]) -> bool:
    """Nothing on `screen` waits to be laid out or drawn: what its update timer
    looks at before it draws a frame (Screen._on_timer_update). There is no public
    way to ask (tests/test_compat.py fails if these names change)."""
    return not (screen._layout_required or screen._repaint_required
                or screen._scroll_required or screen._dirty_widgets)


async def prebuild(app: App[Any], screen: Screen[Any]) -> None:
    """Compose, mount, style and lay out `screen` now, off the screen stack, and
    draw its footer's keys, so that pushing it later only has to paint it.

    Textual registers a screen that is not running the first time it is pushed
    (`App._get_screen` calls `App._register`), restyles the whole screen when it
    resumes, lays it out twice (on resume, and on the resize that layout sends
    it) and draws its footer again once it has the focus. Done ahead, while the
    app waits for a key, none of it is left for the wait after the key; a screen
    laid out at the app's size is not laid out again when shown at that size.
    There is no public way to do it (tests/test_compat.py fails if the private
    names used here change)."""
    from textual._context import active_message_pump
    from textual.widget import AwaitMount
    from textual.widgets import Footer

    if not screen.is_running:
        await AwaitMount(screen, app._register(app, screen))
        if isinstance(screen, SteadyScreen):
            screen.styled_ahead = style_stamp(app)
    # Its footer's keys, drawn now as the first change of keys would draw them
    # (tui/words.py's footer then finds them drawn when the screen is shown).
    for footer in screen.query(Footer):
        draw_ahead = getattr(footer, "draw_ahead", None)
        if draw_ahead is not None:
            draw_ahead()
        footer.set_reactive(Footer._bindings_ready, True)
        # Composed as in its own message loop (its keys bind to the footer's data).
        token = active_message_pump.set(footer)
        try:
            await footer.recompose()
        finally:
            active_message_pump.reset(token)
    # Its notifications' layer hidden now, as App._refresh_notifications hides it
    # when the screen is shown with no notification (the usual case): done then,
    # it was the first time its display was set, which asked the whole screen to
    # be laid out again in the frame after the key (issue 19: a third of Start ->
    # first question when Start comes after a moment on the welcome).
    from textual.widgets._toast import ToastRack

    for rack in screen.query(ToastRack):
        rack.display = False
    lay_out_off_stack(screen)
    screen._compositor.render_strips()
    if isinstance(screen, SteadyScreen):
        screen.laid_out_ahead = True


def lay_out_off_stack(screen: Screen[Any]) -> None:
    """Lay `screen` out at the app's size as its update timer would (it does not
    run off the stack): again while the layout asks for another (sizes that
    moved, a scroll bar that appeared)."""
    for _ in range(3):
        screen._layout_required = False
        screen._refresh_layout(screen.app.size)
        if not screen._layout_required:
            break


# -- a widget that takes another's place -------------------------------------------
def rename(widget: Any, *, id: str, name: str | None = None) -> None:
    """Give a mounted `widget` a new id (and name): a group screen reuses a line of
    one group for a line of the next (issue 19: building new lines cost most of
    Enter on a finished group), and its lines are known by their question's id.
    Textual sets an id only once (DOMNode.id raises after that), and its parent's
    NodeList finds children by id (`_nodes_by_id`); both are kept in step here."""
    parent = widget._parent
    nodes = parent._nodes if parent is not None else None
    if nodes is not None and nodes._nodes_by_id.get(widget._id) is widget:
        del nodes._nodes_by_id[widget._id]
    widget._id = id
    if name is not None:
        widget._name = name
    if nodes is not None:
        nodes._nodes_by_id[id] = widget
        nodes.updated()
