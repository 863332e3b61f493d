"""What sciatica_tui/tui/compat.py relies on in Textual's private API, and the
upstream behaviour it works around. If a Textual release changes either, these
fail and say what to look at (the pin in pyproject.toml is exact)."""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import pkgutil
import signal
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen
from textual.widgets import RadioButton, RadioSet

from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.compat import PlainErrors, SturdyLinuxDriver, TerminalOutput

HANG_GUARD = 20  # seconds: only to end a test that would otherwise hang for ever


class ClosedTerminal:
    """A terminal that has gone: every write fails as a hung-up tty does."""

    def write(self, text: str) -> None:
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


def _write_many(writer: WriterThread, count: int) -> threading.Thread:
    """Write `count` items and stop, from a helper thread (so that a write that
    blocks cannot hang the test)."""
    def work() -> None:
        for n in range(count):
            writer.write(f"frame {n}")
        writer.stop()

    helper = threading.Thread(target=work, daemon=True)
    helper.start()
    helper.join(HANG_GUARD)
    return helper


@pytest.fixture
def driver():
    """A SturdyLinuxDriver for an app that records how it was told to end. Its
    constructor installs SIGTSTP and SIGCONT handlers: put the old ones back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}

    class Ends(App[None]):
        ended: list[str] = []

        def end_now(self) -> None:
            self.ended.append("end_now")

    async def make() -> Any:
        return SturdyLinuxDriver(Ends())

    loop = asyncio.new_event_loop()
    try:
        made = loop.run_until_complete(make())
        made.test_loop = loop
        yield made
    finally:
        loop.close()
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_textual_still_hangs_when_its_writer_thread_loses_the_terminal():
    """The upstream behaviour TerminalOutput works around (textual#6692): a failed
    write ends the writer thread, and its queue of 30 is never emptied again, so
    the 31st write would block for ever. If this fails, Textual has changed it:
    see whether TerminalOutput is still needed."""
    writer = WriterThread(ClosedTerminal())  # type: ignore[arg-type]
    writer.start()
    writer.write("the first frame after the terminal went")
    writer.join(HANG_GUARD)
    assert not writer.is_alive(), "the writer thread survives a failed write now"
    for n in range(MAX_QUEUED_WRITES):
        writer.write(f"frame {n}")
    assert writer._queue.full()  # the next write, or stop(), blocks: the S-F3 hang


def test_the_driver_writes_the_screen_through_terminal_output(driver):
    # LinuxDriver keeps its output stream in _file and gives it to WriterThread.
    assert "WriterThread(self._file)" in inspect.getsource(LinuxDriver.start_application_mode)
    assert isinstance(driver._file, TerminalOutput)
    assert driver._file.fileno() == 2  # sys.__stderr__, as LinuxDriver chose


def test_a_closed_terminal_neither_blocks_the_app_nor_goes_unnoticed(driver):
    output = TerminalOutput(ClosedTerminal(), driver._terminal_gone)  # type: ignore[arg-type]
    writer = WriterThread(output)  # type: ignore[arg-type]
    writer.start()
    helper = _write_many(writer, MAX_QUEUED_WRITES * 4)
    assert not helper.is_alive(), "a write blocked after the terminal went"
    assert not writer.is_alive() and output.gone
    driver.test_loop.run_until_complete(asyncio.sleep(0))  # the app's loop runs the call
    assert driver._app.ended == ["end_now"]


def test_sigcont_resumes_only_after_our_own_stop(driver, monkeypatch):
    # LinuxDriver.__init__ still installs these by name, so the overrides are used.
    assert signal.getsignal(signal.SIGCONT) == driver._sigcont_application
    assert signal.getsignal(signal.SIGTSTP) == driver._sigtstp_application
    resumed: list[int] = []
    monkeypatch.setattr(driver, "resume_application_mode", lambda: resumed.append(1))
    LinuxDriver._sigcont_application(driver)  # upstream: any SIGCONT resumes
    assert resumed == [1], "Textual no longer resumes on any SIGCONT: drop the guard"
    driver._sigcont_application(signal.SIGCONT, None)  # a hang-up's SIGCONT
    assert resumed == [1]
    driver._stopped = True  # as _sigtstp_application leaves it (it then stops us)
    driver._sigcont_application(signal.SIGCONT, None)  # `fg` after Ctrl+Z
    assert resumed == [1, 1] and not driver._stopped


def test_the_app_uses_the_sturdy_driver_and_plain_errors():
    app = SciaticaApp()
    assert app.driver_class is SturdyLinuxDriver
    assert isinstance(app, PlainErrors)
    # App._handle_exception ends in _fatal_error, which PlainErrors replaces, and
    # uses the two private members it fills.
    assert "self._fatal_error()" in inspect.getsource(App._handle_exception)
    assert SciaticaApp._fatal_error is PlainErrors._fatal_error
    assert isinstance(app._exit_renderables, list) and callable(app._close_messages_no_wait)
    assert hasattr(app, "_driver")  # stop_input reads it


# -- one place for Textual's private API (H-C5) -------------------------------------
PACKAGE = Path(__file__).resolve().parent.parent / "sciatica_tui"
COMPAT = PACKAGE / "tui" / "compat.py"


def _private(dotted: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in dotted.split("."))


def _private_textual_imports(source: str) -> list[str]:
    """Imports of a private Textual module or name in `source` (at any depth, inside
    functions too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names
                      if a.name.split(".")[0] == "textual" and _private(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "textual":
                continue
            if _private(node.module):
                found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names if _private(a.name)]
    return found


def test_H_C5_the_private_import_scan_finds_what_it_should():
    assert _private_textual_imports("from textual.widgets._toggle_button import T") != []
    assert _private_textual_imports("def f():\n    import textual._ansi_theme") != []
    assert _private_textual_imports("from textual.app import _x") != []
    assert _private_textual_imports("from textual.widgets import Button\nimport textual") == []
    assert _private_textual_imports("from ._x import y\nfrom rich._loop import a") == []


def test_H_C5_only_compat_imports_private_textual_modules_or_names():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == COMPAT:
            continue
        found = _private_textual_imports(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(PACKAGE))] = found
    assert offenders == {}, "move these into sciatica_tui/tui/compat.py"


def _defined_private_names() -> list[tuple[type, str]]:
    """(class, name) for every `_name` that a class of ours, at the top level of a
    module of sciatica_tui.tui other than compat, defines in its body."""
    import sciatica_tui.tui

    found = []
    for info in pkgutil.walk_packages(sciatica_tui.tui.__path__, "sciatica_tui.tui."):
        if info.name == "sciatica_tui.tui.compat":
            continue
        module = importlib.import_module(info.name)
        tree = ast.parse(inspect.getsource(module))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            names = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(item.name)
                elif isinstance(item, ast.Assign):
                    names |= {t.id for t in item.targets if isinstance(t, ast.Name)}
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
            found += [(getattr(module, node.name), n) for n in sorted(names)
                      if n.startswith("_") and not n.startswith("__")]
    assert found  # the scan sees our own private names (e.g. _first_theme)
    return found


def test_H_C5_only_compat_overrides_private_textual_methods():
    """A class of ours that defines a `_name` a Textual base class has (an override
    of Textual's private API) lives in compat.py."""
    offenders = []
    for cls, name in _defined_private_names():
        textual_bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] == "textual"]
        if any(name in vars(b) for b in textual_bases):
            offenders.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert offenders == []


def test_H_C5_no_private_attribute_of_a_textual_object_outside_compat():
    """Outside compat.py, tui/ reads and writes no `_name` of anything but itself
    (`self._x` on our own classes is checked by the override test above)."""
    offenders = []
    for path in sorted((PACKAGE / "tui").rglob("*.py")):
        if path == COMPAT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id == "self")):
                offenders.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert offenders == []


def test_H_C4_no_attr_defined_ignores_in_the_package():
    """Screens reach the app through messages or the typed app_of(), so nothing needs
    `type: ignore[attr-defined]` (mypy is strict on tui/, see pyproject.toml)."""
    hits = [f"{p.relative_to(PACKAGE)}:{n}" for p in sorted(PACKAGE.rglob("*.py"))
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if "ignore[attr-defined]" in line]
    assert hits == []


def test_H_C4_mypy_is_strict_on_the_tui():
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    strict = [o for o in config["tool"]["mypy"]["overrides"] if o.get("strict")]
    assert any("sciatica_tui.tui.*" in o["module"] for o in strict)


# -- what each piece of compat.py relies on -------------------------------------------
def test_toggle_button_is_still_private_and_still_the_base_of_the_answer_controls():
    from textual.widgets import Checkbox, RadioButton
    from textual.widgets._toggle_button import ToggleButton as Private

    from sciatica_tui.tui.compat import ToggleButton

    assert ToggleButton is Private and issubclass(RadioButton, ToggleButton)
    assert issubclass(Checkbox, ToggleButton)
    for mark in ("BUTTON_LEFT", "BUTTON_INNER", "BUTTON_RIGHT"):
        assert isinstance(getattr(ToggleButton, mark), str)
    import textual.widgets

    assert "ToggleButton" not in dir(textual.widgets)  # else: import it publicly


def test_a_radio_button_still_draws_its_marks_through_the_private_button_property():
    """MarkedRadioButton hooks `_button` (Textualize/textual#2121): the marks set in
    set_marks() must be the ones drawn."""
    from textual.app import ComposeResult

    from sciatica_tui.tui.compat import MarkedRadioButton

    assert isinstance(inspect.getattr_static(RadioButton, "_button"), property)

    class Star(MarkedRadioButton):
        def set_marks(self) -> None:
            self.BUTTON_INNER = "Q" if self.value else "Z"

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Star("label", value=True, id="on")
            yield Star("label", value=False, id="off")

    async def run() -> tuple[str, str]:
        app = One()
        async with app.run_test() as pilot:
            await pilot.pause()
            return (app.query_one("#on", Star).render().plain,
                    app.query_one("#off", Star).render().plain)

    on, off = asyncio.run(run())
    assert "Q" in on and "Z" not in on
    assert "Z" in off and "Q" not in off


def test_radio_set_highlight_is_still_the_private_selected_var():
    from textual.app import ComposeResult

    from sciatica_tui.tui.compat import highlight_pressed

    class Radios(App[None]):
        def compose(self) -> ComposeResult:
            with RadioSet():
                yield RadioButton("a")
                yield RadioButton("b", value=True)
                yield RadioButton("c")

    async def run() -> list[bool]:
        app = Radios()
        async with app.run_test() as pilot:
            radio = app.query_one(RadioSet)
            await pilot.pause()
            highlight_pressed(radio)
            await pilot.pause()
            return [b.has_class("-selected") for b in radio.query(RadioButton)]

    assert asyncio.run(run()) == [False, True, False]


def test_the_truecolor_filter_still_follows_the_ansi_theme():
    from textual.filter import ANSIToTruecolor

    from sciatica_tui.tui.compat import refresh_truecolor_filter

    app = App[None](ansi_color=False)
    assert callable(app._refresh_truecolor_filter)
    before = [f for f in app._filters if isinstance(f, ANSIToTruecolor)]
    if not before:
        pytest.skip("this environment has no truecolor filter (NO_COLOR or a colour system)")
    app.set_reactive(App.theme, "textual-light")
    refresh_truecolor_filter(app)
    after = [f for f in app._filters if isinstance(f, ANSIToTruecolor)]
    assert after and after[0] is not before[0]
    assert after[0]._terminal_theme is app.ansi_theme is app.ansi_theme_light


# CommandPalette.compose as copied into compat.command_palette (Textual 8.2.8).
PALETTE_COMPOSE_SHA256 = "055ae3b84d55b38272d4e40098300b25bb0a829f8c86a565d42630a234f829e5"


def test_the_command_palette_internals_compat_relies_on_are_unchanged():
    import hashlib

    from textual.command import CommandList, CommandPalette
    from textual.widgets import OptionList

    from sciatica_tui.tui.compat import command_palette

    source = inspect.getsource(CommandPalette.compose)
    digest = hashlib.sha256(source.encode()).hexdigest()
    assert digest == PALETTE_COMPOSE_SHA256, (
        "CommandPalette.compose changed: update the copy in compat.command_palette")
    assert isinstance(CommandPalette._GATHER_COMMANDS_GROUP, str)
    gather = inspect.unwrap(CommandPalette._gather_commands)
    assert gather is not CommandPalette._gather_commands
    assert inspect.iscoroutinefunction(gather)
    assert list(inspect.signature(gather).parameters) == ["self", "search_value"]
    assert "self._placeholder = placeholder" in inspect.getsource(CommandPalette.__init__)
    assert callable(CommandPalette._action_command_list)
    assert inspect.iscoroutinefunction(OptionList._on_click)
    assert callable(OptionList._move_page) and issubclass(CommandList, OptionList)
    palette = command_palette()
    assert palette is command_palette() and issubclass(palette, CommandPalette)


def test_screens_still_forward_events_and_handle_resize_privately():
    from textual.widget import Widget

    from sciatica_tui.tui.compat import SteadyScreen

    assert "def _forward_event(self, event" in inspect.getsource(Screen._forward_event)
    assert inspect.iscoroutinefunction(Screen._on_resize)
    assert "_forward_event" in vars(Screen) and "_forward_event" in vars(Widget)
    assert {"_forward_event", "_on_resize"} <= set(vars(SteadyScreen))


def test_stop_input_still_reaches_the_driver():
    from textual.driver import Driver

    from sciatica_tui.tui.compat import stop_input

    app = App[None]()
    assert app._driver is None
    stop_input(app)  # no driver yet: nothing to stop
    assert callable(Driver.disable_input)
    assert "disable_input" in vars(LinuxDriver)


def test_H_C4_screens_do_not_read_the_app_by_name():
    """`getattr(self.app, "kiosk", ...)` hides the coupling from mypy as surely as
    an ignore does: screens read app state through the typed app_of()."""
    hits = []
    for path in sorted((PACKAGE / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("getattr", "hasattr", "setattr") and node.args
                    and isinstance(node.args[0], ast.Attribute) and node.args[0].attr == "app"):
                hits.append(f"{path.name}:{node.lineno}")
    assert hits == []


def test_propagation_stopped_reads_what_message_stop_sets():
    """U-B3's key holding reads Textual's private Message._stop_propagation through
    compat.propagation_stopped: if Textual renames it, this fails."""
    from textual import events

    from sciatica_tui.tui.compat import propagation_stopped

    key = events.Key("a", "a")
    assert not propagation_stopped(key)
    key.stop()
    assert propagation_stopped(key)


def test_prebuild_still_finds_the_private_names_it_uses():
    """compat.prebuild (the first screen built while the welcome waits) relies on
    how Textual 8.2.8 registers, restyles, lays out and draws a footer."""
    from textual._context import active_message_pump
    from textual.events import ScreenResume
    from textual.widgets import Footer

    from sciatica_tui.tui.compat import SteadyScreen

    assert "self._register(self, _screen)" in inspect.getsource(App._get_screen)
    assert "if event.refresh_styles:" in inspect.getsource(Screen._on_screen_resume)
    assert ScreenResume().refresh_styles is True
    assert "self._layout_required" in inspect.getsource(Screen._on_timer_update)
    assert "def _refresh_layout(self, size" in inspect.getsource(Screen._refresh_layout)
    assert "if not self._bindings_ready:" in inspect.getsource(Footer.compose)
    assert active_message_pump.name == "active_message_pump"
    assert "_on_screen_resume" in vars(SteadyScreen)
    # What is done ahead so the screen is neither laid out nor drawn again when
    # shown: the notifications' layer hidden as App._refresh_notifications hides
    # it; a layout a widget asks for reaches the screen through its idle handler
    # (not run for a screen off the stack); the compositor draws every widget.
    from textual.widgets._toast import ToastRack

    assert "self.display = bool(notifications)" in inspect.getsource(ToastRack.show)
    assert "toast_rack" in inspect.getsource(App._refresh_notifications)
    assert "self.is_current" in inspect.getsource(Screen._on_idle)
    assert "_on_idle" in vars(SteadyScreen)
    assert "def render_strips(self" in inspect.getsource(
        Screen(id="x")._compositor.render_strips)


def test_rename_keeps_textual_finding_a_widget_by_its_new_id():
    """compat.rename (a group screen's lines reused, issue 19) sets Textual 8.2.8's
    private DOMNode._id/_name and the parent's NodeList._nodes_by_id: if Textual
    changes how a child is found by id, this fails."""
    from textual.app import App as TextualApp
    from textual.containers import Vertical
    from textual.widgets import Static

    from sciatica_tui.tui.compat import rename

    from .pilot import sync

    class Tiny(TextualApp[None]):
        def compose(self):
            yield Vertical(Static("a", id="old", name="old"), id="box")

    @sync
    async def run() -> None:
        app = Tiny()
        async with app.run_test() as pilot:
            box = app.screen.query_one("#box")
            widget = box.query_one("#old")
            rename(widget, id="new", name="new")
            await pilot.pause()
            assert app.screen.query_one("#new") is widget
            assert box.get_child_by_id("new") is widget
            assert widget.id == "new" and widget.name == "new"
            assert not app.screen.query("#old")
            box.mount(Static("b", id="old"))  # the old id is free again
            await pilot.pause()
            assert len(box.children) == 2

    run()


def test_I19_screen_settled_reads_what_the_update_timer_reads():
    """compat.screen_settled (the app's quiet moment for a full garbage
    collection) reads the flags Screen._on_timer_update draws a frame for."""
    source = inspect.getsource(Screen._on_timer_update)
    for name in ("_layout_required", "_repaint_required", "_scroll_required",
                 "_dirty_widgets"):
        assert name in source, name


def test_I19_one_frame_override_matches_the_update_timer():
    """SteadyScreen._on_timer_update marks the screen dirty before Textual's own
    lays it out, when a repaint is due too: Textual's still lays out first, then
    clears the dirty widgets after its layout's frame, then repaints whole (what
    the override folds into that one frame)."""
    source = inspect.getsource(Screen._on_timer_update)
    for name in ("_batch_count", "is_current", "_refresh_layout", "_dirty_widgets.add(self)",
                 "_repaint_required = False"):
        assert name in source, name
    assert source.index("_layout_required") < source.index("_repaint_required")
    layout = inspect.getsource(Screen._refresh_layout)
    # The dirty widgets (the screen among them) are handed to the compositor before
    # the layout's frame is drawn.
    assert layout.index("update_widgets(self._dirty_widgets)") < layout.index(
        "_compositor_refresh()")


def test_a_change_made_during_a_batch_is_drawn_when_the_batch_ends():
    """A batch opened elsewhere (a screen made off the stack recomposes its
    footer) while the screen on top changes: the change is drawn once the batch
    ends, with no further message to that screen (compat.DrawAfterBatch). Textual
    8.2.8's own end of a batch prompts only the app: the second half of this test
    shows that it still does, so the mixin is still needed."""
    from textual.widgets import Static

    from sciatica_tui.tui.compat import DrawAfterBatch, screen_settled

    from .pilot import loaded

    async def changed_in_a_batch(app: App[Any]) -> bool:
        """Whether the screen on top has drawn a change made during a batch, a
        moment after the batch ended."""
        async with app.run_test(size=(80, 24)) as pilot:
            if isinstance(app, SciaticaApp):
                await loaded(pilot, app)
            await pilot.pause()
            screen = app.screen
            with app.batch_update():
                screen.query(Static).first().update("changed")
                await asyncio.sleep(0.1)  # the screen's update timer fires meanwhile
            for _ in range(20):  # up to a second: no key, no click, no pilot.pause
                await asyncio.sleep(0.05)
                if screen_settled(screen):
                    return True
            return False

    class Bare(App[None]):
        def compose(self) -> Any:
            yield Static("a screen")

    assert isinstance(SciaticaApp(), DrawAfterBatch)
    assert asyncio.run(changed_in_a_batch(SciaticaApp(cursor_blink=False)))
    assert not asyncio.run(changed_in_a_batch(Bare())), (
        "Textual now draws after a batch by itself: DrawAfterBatch can go")
