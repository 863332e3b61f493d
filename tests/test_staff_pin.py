"""S-F8: the kiosk's staff PIN. Wrong PINs slow down and then lock out guessing;
the slow hash runs off the UI thread; a hash that cannot be checked never
crashes the kiosk or locks staff in."""

from __future__ import annotations

import threading

import pytest

from sciatica_tui.store.config import Config, hash_pin
from sciatica_tui.store.staff_pin import PinGuard, hash_problem, pin_matches
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.screens.kiosk import StaffPin

from .pilot import enter_pin, started, sync
from .test_kiosk import PIN, Clock


def test_S_F8_wrong_pins_wait_longer_then_lock_out():
    clock = Clock()
    guard = PinGuard(clock)
    waits = []
    for _ in range(12):
        guard.failed()
        waits.append(guard.wait())
        clock.advance(guard.wait())
    assert waits == [0, 0, 5, 10, 20, 40, 60, 60, 60, 300, 300, 300]
    guard.failed()
    assert guard.locked_out
    clock.advance(300)
    assert not guard.locked_out and guard.wait() == 0
    guard.succeeded()
    assert guard.failures == 0 and guard.wait() == 0


SALT = bytes(16)


@pytest.mark.parametrize("hashed", [
    "pbkdf2_sha256$0$" + SALT.hex() + "$" + "00" * 32,  # 0 iterations
    "pbkdf2_sha256$999999999$" + SALT.hex() + "$" + "00" * 32,  # hours of hashing
    "pbkdf2_sha256$1000$" + SALT.hex() + "$" + "00" * 8,  # digest too short
    "pbkdf2_sha256$1000$zz$" + "00" * 32,  # not hexadecimal
    "md5$1000$00$00", "", None,
])
def test_S_F8_an_unusable_hash_is_named_and_matches_nothing(hashed):
    assert hash_problem(hashed)
    assert pin_matches("2468", hashed) is False  # never raises


def test_a_good_hash_matches_only_its_pin():
    hashed = hash_pin(PIN, iterations=1000)
    assert hash_problem(hashed) is None
    assert pin_matches(PIN, hashed) and not pin_matches("2469", hashed)
    import hashlib

    digest = hashlib.pbkdf2_hmac("sha256", PIN.encode(), b"", 1000).hex()
    assert pin_matches(PIN, f"pbkdf2_sha256$1000$${digest}")  # weak, but checkable


@sync
async def test_S_F8_an_unusable_hash_still_lets_staff_leave_with_the_exit_keys():
    """A hash with 0 iterations crashed the kiosk on any PIN, and staff could never
    leave. Now the dialog says why, and Enter after the exit keys closes it."""
    bad = "pbkdf2_sha256$0$" + SALT.hex() + "$" + "00" * 32
    app = SciaticaApp(config=Config(mode="kiosk", admin_pin_hash=bad, idle_seconds=600))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("ctrl+x", "ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, StaffPin)
        assert "can't be checked" in str(app.screen.query_one("#pin-error").render())
        dialog = app.screen
        await enter_pin(pilot, app, dialog, "1234")
    assert app.staff_exit and not app.crashed


@sync
async def test_S_F8_the_pin_is_checked_off_the_ui_thread(monkeypatch):
    """While the hash is being worked out, the screen keeps handling events."""
    import sciatica_tui.store.staff_pin as staff

    started_hashing, release = threading.Event(), threading.Event()
    threads = []

    def slow(pin, hashed):
        threads.append(threading.current_thread())
        started_hashing.set()
        release.wait(30)  # on the UI thread this would freeze the app until then
        return False

    monkeypatch.setattr(staff, "pin_matches", slow)
    config = Config(mode="kiosk", admin_pin_hash=hash_pin(PIN, iterations=1000),
                    idle_seconds=600)
    app = SciaticaApp(config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("ctrl+x", "ctrl+k")
        await pilot.pause()
        dialog = app.screen
        await pilot.press(*"1111", "enter")
        assert started_hashing.wait(30)
        # The event loop is free: a resize is laid out while the hash runs.
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.size == (100, 30) and release.is_set() is False
        assert "Checking" in str(dialog.query_one("#pin-error").render())
        assert dialog.query_one("#pin").disabled
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "not right" in str(dialog.query_one("#pin-error").render())
        assert app.pin_guard.failures == 1
    assert threads and threads[0] is not threading.main_thread()


@sync
async def test_S_F8_exit_keys_no_terminal_sends_fall_back_to_the_default():
    config = Config(mode="kiosk", admin_pin_hash=hash_pin(PIN, iterations=1000),
                    idle_seconds=600, exit_keys=("nonsense",))
    app = SciaticaApp(config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.press("ctrl+x", "ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, StaffPin)
    configured = Config(mode="kiosk", admin_pin_hash=hash_pin(PIN, iterations=1000),
                        exit_keys=("f12", "escape"))
    assert SciaticaApp(config=configured).exit_keys == ("f12", "escape")
