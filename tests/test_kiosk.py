"""Kiosk mode: keeps nothing, resets itself, cannot be left by accident."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sciatica_tui.store.config import Config, hash_pin
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.kiosk import StaffPin, StillThere
from sciatica_tui.tui.screens.question import QuestionScreen
from sciatica_tui.tui.screens.welcome import WelcomeScreen

from .pilot import enter_pin, first_question, started, sync
from .terminal import Terminal, command

PIN = "2468"


def kiosk(**kw) -> Config:
    values = {"mode": "kiosk", "admin_pin_hash": hash_pin(PIN, iterations=1000),
              "idle_seconds": 120, "countdown_seconds": 20, **kw}
    return Config(**values)


class Clock:
    """A time source the test moves by hand (SciaticaApp(clock=...)): the idle
    reset, its countdown and the PIN back-off read it instead of real seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def go_idle(pilot, app, clock: Clock) -> StillThere:
    """Let idle_seconds pass: "are you still there?" appears."""
    clock.advance(app.config.idle_seconds)
    app.idle_tick()
    await pilot.pause()
    assert isinstance(app.screen, StillThere)
    return app.screen


@sync
async def test_idle_countdown_then_wipe_back_to_a_fresh_welcome():
    clock = Clock()
    app = SciaticaApp(config=kiosk(idle_seconds=60, countdown_seconds=20), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("2")  # one answer given
        await pilot.pause()
        assert app.answers == {first_question(app): "no"}
        clock.advance(59)  # not idle long enough yet
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        dialog = await go_idle(pilot, app, clock)
        clock.advance(12)
        dialog.tick()
        assert "8 seconds" in str(dialog.query_one("#countdown").render())
        clock.advance(8)  # the countdown reaches zero
        dialog.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session.empty and app.answers == {} and app.history == []
        # Nothing from the last person is left anywhere on the stack.
        assert len(app.screen_stack) == 1
        await pilot.click("#start")
        await pilot.pause()
        assert app.screen.q.id == first_question(app)
        await pilot.press("escape")  # Back from the first question: the welcome screen
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


@sync
async def test_a_key_before_the_countdown_ends_keeps_the_session():
    clock = Clock()
    app = SciaticaApp(config=kiosk(countdown_seconds=5), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        session = app.session
        dialog = await go_idle(pilot, app, clock)
        clock.advance(4.9)  # a moment before the reset
        dialog.tick()
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session is session and app.answers == {first_question(app): "no"}
        # The idle time starts again from that key.
        clock.advance(app.config.idle_seconds - 0.5)
        app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


@sync
async def test_S_F2_a_key_arriving_with_the_reset_brings_nothing_back():
    """The countdown's end and a key land in the same moment: the reset wins, the
    key reaches only the fresh welcome screen, never the last person's question."""
    from textual import events

    clock = Clock()
    app = SciaticaApp(config=kiosk(countdown_seconds=5), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("3")  # "Not sure"
        await pilot.pause()
        old = app.session
        dialog = await go_idle(pilot, app, clock)
        clock.advance(5)
        key = events.Key("1", "1")  # "Yes" on the question underneath, if it got there
        app.post_message(key)  # queued: handled after the reset below
        dialog.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1
        assert app.session is not old and app.session.empty
        assert app.alerted == set()


@sync
async def test_the_exit_keys_during_the_countdown_open_the_pin_and_keep_the_session():
    """The PIN dialog replaces "are you still there?" (a dialog closing under
    another one would pop the one on top: Textual's dismiss pops the top screen)."""
    clock = Clock()
    app = SciaticaApp(config=kiosk(), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("2")
        await pilot.pause()
        session = app.session
        dialog = await go_idle(pilot, app, clock)
        await pilot.press("ctrl+x", "ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, StaffPin)
        assert not any(isinstance(s, StillThere) for s in app.screen_stack)
        clock.advance(1)
        dialog.tick()  # a tick of the closed dialog changes nothing
        await pilot.pause()
        assert isinstance(app.screen, StaffPin) and app.session is session


@sync
async def test_staff_pin_counts_wrong_tries_backs_off_then_locks_out():
    clock = Clock()
    app = SciaticaApp(config=kiosk(idle_seconds=600), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)

        async def try_pin(pin: str) -> StaffPin:
            if not isinstance(app.screen, StaffPin):
                await pilot.press("ctrl+x", "ctrl+k")
                await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, StaffPin)
            await enter_pin(pilot, app, dialog, pin)  # the hash is checked in a thread
            return dialog

        def shown(dialog: StaffPin) -> str:
            return " ".join(str(dialog.query_one(w).render()) for w in ("#pin-error",
                                                                           "#pin-tries"))

        dialog = await try_pin("1111")
        assert "not right" in shown(dialog) and "opened: 1" in shown(dialog)
        await try_pin("1112")
        dialog = await try_pin("1113")  # the 3rd wrong PIN: now a wait
        assert "Try again in 5 seconds" in shown(dialog)
        assert dialog.query_one("#pin").disabled
        await try_pin(PIN)  # even the right PIN is not checked while waiting
        assert app.is_running and not app.staff_exit and app.pin_guard.failures == 3
        clock.advance(5)
        dialog.show_state()
        assert not dialog.query_one("#pin").disabled
        await try_pin("1114")  # the wait doubles
        assert "Try again in 10 seconds" in shown(dialog)
        for n in range(5, 11):
            clock.advance(60)
            dialog.show_state()
            await try_pin(f"11{n:02d}")
        assert app.pin_guard.failures == 10
        assert "Try again in 300 seconds" in shown(dialog) and "opened: 10" in shown(dialog)
        clock.advance(299)
        dialog.show_state()
        await try_pin(PIN)  # still locked out
        assert app.is_running and not app.staff_exit
        clock.advance(1)
        dialog.show_state()
        await try_pin(PIN)
    assert app.staff_exit and app.pin_guard.failures == 0


@sync
async def test_quit_keys_and_palette_cannot_leave_only_the_exit_keys_and_pin_can():
    app = SciaticaApp(config=kiosk(idle_seconds=600))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await started(pilot, app)
        for key in ("ctrl+q", "ctrl+c"):
            await pilot.press(key)
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, QuestionScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Quit" not in titles and "Screenshot" not in titles and "Theme" not in titles
        await pilot.press("ctrl+x", "ctrl+k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StaffPin)
        await enter_pin(pilot, app, dialog, "1111")  # wrong
        assert app.is_running and not app.staff_exit
        assert "not right" in str(app.screen.query_one("#pin-error").render())
        assert app.screen.query_one("#pin").value == ""  # what was typed is gone
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("ctrl+x", "ctrl+k")
        await pilot.pause()
        dialog = app.screen
        await enter_pin(pilot, app, dialog, PIN)
    assert app.staff_exit


@sync
async def test_kiosk_has_no_save_shows_the_clinic_and_finishing_wipes():
    from sciatica_tui.tui.screens.alerts import ReportScreen

    app = SciaticaApp(config=kiosk(idle_seconds=600, clinic_name="Riverside Physio",
                                   clinic_phone="01234 567890"))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        assert app.theme == "sciatica-high-contrast"  # public screens default to it
        await pilot.press("1")  # emergency: sudden very bad pain
        await pilot.pause()
        await pilot.click("#summary")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert not app.screen.query("#save-summary")
        assert "Riverside Physio, 01234 567890" in str(app.screen.query_one("#clinic").render())
        await pilot.press("s")  # the save key does nothing in a kiosk
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.click("#finish")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.answers == {}
    assert app.summary_on_exit == ""


def _snapshot(dirs: list[Path]) -> dict[str, float]:
    found = {}
    for d in dirs:
        for p in d.rglob("*"):
            found[str(p)] = p.stat().st_mtime
    return found


def test_a_full_kiosk_session_writes_no_file(tmp_path):
    """Home, config, data, cache and temp folders are all empty before and after."""
    places = {name: tmp_path / name for name in ("home", "config", "data", "cache", "state",
                                                 "tmp")}
    for p in places.values():
        p.mkdir()
    settings = tmp_path / "settings"
    settings.mkdir()
    config = settings / "kiosk.toml"
    config.write_text(f'mode = "kiosk"\nadmin_pin_hash = "{hash_pin(PIN, iterations=1000)}"\n'
                      'clinic_name = "Riverside Physio"\n')
    env = {"HOME": str(places["home"]), "XDG_CONFIG_HOME": str(places["config"]),
           "XDG_DATA_HOME": str(places["data"]), "XDG_CACHE_HOME": str(places["cache"]),
           "XDG_STATE_HOME": str(places["state"]), "TMPDIR": str(places["tmp"]),
           "LANG": "en_GB.UTF-8",
           "SCIATICA_TUI_CACHE": ""}  # the real default cache folder, under XDG_CACHE_HOME
    before = _snapshot(list(places.values()))
    term = Terminal([*command(), "--config", str(config)], env=env)
    term.wait_for("Start")
    term.send("\r")
    term.wait_for("[Warning signs]")  # the first screen's progress line
    term.send("1")  # emergency
    term.wait_for("GET HELP NOW")
    term.send("\r")  # "Show the summary" has the focus
    term.wait_for("self-check summary")
    term.send("\x11")  # Ctrl+Q does nothing in a kiosk
    term.send("\x18\x0b")  # Ctrl+X Ctrl+K: staff exit
    term.wait_for("Staff")
    term.send(PIN + "\r")
    assert term.finish() == 0
    assert _snapshot(list(places.values())) == before == {}
    after = term.raw.rsplit(b"\x1b[?1049l", 1)[-1].decode("utf-8", "replace")
    assert "Sudden very bad" not in after


def test_kiosk_without_a_pin_hash_refuses_to_start(tmp_path):
    done = subprocess.run([*command(), "--kiosk", "--config", str(tmp_path / "none.toml")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "file not found" in done.stderr
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    done = subprocess.run([*command(), "--kiosk", "--config", str(empty)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "needs admin_pin_hash" in done.stderr
    assert "Traceback" not in done.stderr


def test_config_check_names_every_bad_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('mode = "museum"\nidle_seconds = 2\ncolour = "red"\nadmin_pin_hash = "x"\n')
    done = subprocess.run([*command(), "config", "check", str(bad)], capture_output=True,
                          text=True)
    assert done.returncode == 2
    for key in ('key "mode"', 'key "idle_seconds"', 'unknown key "colour"',
                'key "admin_pin_hash"'):
        assert key in done.stderr
    bad.write_text("mode = \n")
    done = subprocess.run([*command(), "config", "check", str(bad)], capture_output=True,
                          text=True)
    assert done.returncode == 2 and "not valid TOML" in done.stderr
    good = tmp_path / "good.toml"
    good.write_text('mode = "personal"\ntheme = "high-contrast"\n')
    done = subprocess.run([*command(), "config", "check", str(good)], capture_output=True,
                          text=True)
    assert done.returncode == 0 and "Config OK" in done.stdout


def test_hash_pin_from_a_pipe_makes_a_hash_that_checks(tmp_path):
    from sciatica_tui.store.config import check_pin, load_config

    done = subprocess.run([*command(), "config", "hash-pin"], input="2468\n",
                          capture_output=True, text=True)
    assert done.returncode == 0
    line = done.stdout.strip()
    path = tmp_path / "k.toml"
    path.write_text(f'mode = "kiosk"\n{line}\n')
    cfg = load_config(path)
    assert check_pin("2468", cfg.admin_pin_hash) and not check_pin("2469", cfg.admin_pin_hash)
    done = subprocess.run([*command(), "config", "hash-pin"], input="12\n",
                          capture_output=True, text=True)
    assert done.returncode == 2 and "4 to 12 digits" in done.stderr


@sync
async def test_an_unexpected_error_shows_a_plain_message_without_answers(capfd):
    app = SciaticaApp()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await started(pilot, app)
            await pilot.press("2")
            await pilot.pause()

            def broken(*args):
                raise RuntimeError("boom")

            app.record = app.record_row = broken  # a bug inside the app
            await pilot.press("2")
            await pilot.pause()
    except RuntimeError:
        pass  # run_test re-raises for the test; the person sees only the message
    assert app.crashed
    printed = capfd.readouterr()
    text = printed.out + printed.err
    assert "Something went wrong" in text
    assert "sudden_severe" not in text and "Traceback" not in text


def test_an_idle_tick_while_closing_is_not_a_crash():
    """The kiosk's idle timer can tick once more after the last screen is gone (the
    fresh-clone CI saw "No screens on stack" at the end of a kiosk test)."""
    clock = Clock()
    app = SciaticaApp(config=kiosk(idle_seconds=60), clock=clock)
    assert not app.screen_stack  # not running: no screen, as while closing
    clock.advance(10_000)
    app.idle_tick()  # raised ScreenStackError before
