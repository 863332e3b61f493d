"""`config check` (review findings S-F8 and U-B15): a file that passes starts the
kiosk; every setting that would break the kiosk or mislead patients is refused,
one line per problem, exit 2."""

from __future__ import annotations

import pytest

from sciatica_tui.cli.main import main
from sciatica_tui.store.config import hash_pin, load_config

PIN = "2468"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """No test reads the real HOME or config folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))


def check(tmp_path, text: str, capsys, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    rc = main(["config", "check", str(path), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return rc, out, err


def start(path, capsys) -> tuple[int, str]:
    """Start the kiosk with `path` (it stops before the app: no terminal here)."""
    try:
        rc = main(["--config", str(path), "--kiosk", "--plain"])
    except SystemExit as exc:
        rc = int(exc.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return rc, err


def good_hash(iterations: int = 1000) -> str:
    return hash_pin(PIN, iterations=iterations)


GOOD_KIOSK = (f'mode = "kiosk"\nadmin_pin_hash = "{good_hash()}"\n'
              'exit_keys = ["f5", "ctrl+b"]\nemergency_number = "+44999"\nlanguage = "es"\n'
              "idle_seconds = 30\ncountdown_seconds = 10\n")


def test_S_F8_a_config_that_passes_check_starts_the_kiosk(tmp_path, capsys):
    """Passes `config check`, then the kiosk starts with it, shows the welcome screen in
    the configured language, and staff leave with the configured keys and the PIN."""
    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.welcome import WelcomeScreen

    from .pilot import loaded, sync

    rc, out, err = check(tmp_path, GOOD_KIOSK, capsys)
    assert rc == 0 and out.startswith("Config OK: mode kiosk") and err == ""
    cfg = load_config(tmp_path / "config.toml")

    @sync
    async def kiosk() -> None:
        app = SciaticaApp(config=cfg)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            assert app.kiosk and isinstance(app.screen, WelcomeScreen)
            assert app.words is not None and app.words.lang == "es"
            assert app.emergency_number == "+44999"
            await pilot.press("f5", "ctrl+b")
            await pilot.pause()
            assert not isinstance(app.screen, WelcomeScreen)  # the staff PIN prompt
            await pilot.press(*PIN, "enter")
            for _ in range(100):  # however the PIN is checked, it ends the app
                await pilot.pause()
                if app.staff_exit:
                    break
            assert app.staff_exit

    kiosk()


@pytest.mark.parametrize(("setting", "message"), [
    ('admin_pin_hash = "pbkdf2_sha256$0$00112233445566778899aabbccddeeff$' + "00" * 32 + '"',
     "has 0 iterations"),
    ('admin_pin_hash = "pbkdf2_sha256$999999999$00112233445566778899aabbccddeeff$' + "00" * 32
     + '"', "has 999999999 iterations"),
    ('admin_pin_hash = "pbkdf2_sha256$200000$$' + "00" * 32 + '"', "salt of 0 bytes"),
    ('admin_pin_hash = "pbkdf2_sha256$200000$0011$' + "00" * 32 + '"', "salt of 2 bytes"),
    ('admin_pin_hash = "pbkdf2_sha256$200000$00112233445566778899aabbccddeeff$00"',
     "damaged digest"),
    ('admin_pin_hash = "pbkdf2_sha256$200000$zz$00"', "is not a PIN hash"),
    ('admin_pin_hash = "pbkdf2_sha256$\u0661\u0662\u0663\u0664$0011$00"', "is not a PIN hash"),
    ('exit_keys = ["nonsense"]', '"nonsense" cannot be used'),
    ('exit_keys = ["enter"]', '"enter" cannot be used'),
    ('exit_keys = ["escape", "ctrl+x"]', '"escape" cannot be used'),  # Esc is Back: never first
    ('exit_keys = ["ctrl+p"]', '"ctrl+p" cannot be used'),
    ('exit_keys = ["ctrl+m"]', '"ctrl+m" cannot be used'),
    ('exit_keys = ["a", "b"]', '"a" cannot be used'),
    ('emergency_number = "---"', "not a phone number that can be dialled"),
    ('emergency_number = "12"', "not a phone number that can be dialled"),
    ('emergency_number = "+"', "not a phone number that can be dialled"),
    ('emergency_number = "9 1 1"', "not a phone number that can be dialled"),
    ('emergency_number = "1234567890123456"', "not a phone number that can be dialled"),
    ('emergency_number = "\u0661\u0661\u0662"', "not a phone number that can be dialled"),
    ('language = "e\\u001bn"', "is not a language code"),
    ('language = "en\\nes"', "is not a language code"),
    ('language = ""', "no language given"),
    ('language = "fr"', 'language "fr" is not available (choose from: en, es)'),
])
def test_S_F8_config_check_rejects_settings_that_break_the_kiosk(tmp_path, capsys, setting,
                                                                  message):
    base = GOOD_KIOSK
    key = setting.split(" =", 1)[0]
    base = "\n".join(line for line in base.splitlines() if not line.startswith(key + " "))
    rc, out, err = check(tmp_path, base + "\n" + setting + "\n", capsys)
    assert rc == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and f'key "{key}"' in lines[0], err
    assert "\x1b" not in err
    # Starting the kiosk with the same file is refused with the same words (exit 2).
    rc, err = start(tmp_path / "config.toml", capsys)
    assert rc == 2 and message in err


@pytest.mark.parametrize("number", ["112", "911", "000", "+44999", "+112345678901234"])
def test_S_F8_dialable_emergency_numbers_pass(tmp_path, capsys, number):
    rc, _, err = check(tmp_path, f'emergency_number = "{number}"\n', capsys)
    assert rc == 0, err


@pytest.mark.parametrize("number", ["---", "12", "9-1-1", "\x1b[2J112"])
def test_S_F8_emergency_number_option_follows_the_same_rule(capsys, number):
    rc = main([f"--emergency-number={number}", "questions"])
    err = capsys.readouterr().err
    assert rc == 2 and "not a phone number that can be dialled" in err
    assert len(err.strip().splitlines()) == 1 and "\x1b" not in err


def test_S_F8_every_exit_key_is_a_key_textual_reports_under_that_name():
    """The accepted names, checked against Textual's own terminal parser (the
    headless check keeps a plain list, so Textual is not imported there)."""
    from textual import events
    from textual._xterm_parser import XTermParser

    from sciatica_tui.store.config import EXIT_KEYS

    sends = {f"ctrl+{c}": chr(ord(c) - 96) for c in "abcdefghijklmnopqrstuvwxyz"}
    sends.update({"f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~",
                  "f6": "\x1b[17~", "f7": "\x1b[18~", "f8": "\x1b[19~", "f9": "\x1b[20~",
                  "f10": "\x1b[21~", "f11": "\x1b[23~", "f12": "\x1b[24~"})
    for key in sorted(EXIT_KEYS):
        parser = XTermParser()
        got = [e.key for e in [*parser.feed(sends[key]), *parser.feed("")]
               if isinstance(e, events.Key)]
        assert got == [key], (key, got)
    # The refused Ctrl keys really arrive as something else (or the palette's key).
    for key in ("ctrl+h", "ctrl+i", "ctrl+m"):
        parser = XTermParser()
        got = [e.key for e in [*parser.feed(sends[key]), *parser.feed("")]
               if isinstance(e, events.Key)]
        assert got != [key] and key not in EXIT_KEYS


def test_U_B15_check_does_not_say_ok_for_kiosk_settings_that_kiosk_then_rejects(tmp_path,
                                                                                 capsys):
    rc, out, err = check(tmp_path, "idle_seconds = 60\nexit_keys = [\"f5\"]\n", capsys)
    assert rc == 2 and "Config OK" not in out
    assert 'key "admin_pin_hash": missing' in err and "idle_seconds, exit_keys" in err
    rc, err = start(tmp_path / "config.toml", capsys)
    assert rc == 2 and "needs admin_pin_hash" in err
    # With the PIN the same settings pass, and the check says when they apply.
    rc, out, err = check(tmp_path, f'idle_seconds = 60\nadmin_pin_hash = "{good_hash()}"\n',
                         capsys)
    assert rc == 0 and "apply only with --kiosk; this file is ready for it" in out


def test_U_B15_check_uses_the_given_content_for_the_language(tmp_path, capsys, content_dir):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(content_dir, root)
    meta = root / "meta.toml"
    meta.write_text(meta.read_text().replace('"es"', '"es", "fr"'))
    rc, _, err = check(tmp_path, 'language = "fr"\n', capsys)
    assert rc == 2 and 'language "fr" is not available' in err
    rc, out, _ = check(tmp_path, 'language = "fr"\n', capsys, "--content", str(root))
    assert rc == 0 and out.startswith("Config OK")


def test_S_F8_check_pin_never_raises_on_a_bad_hash():
    from sciatica_tui.store.config import check_pin

    zero = "pbkdf2_sha256$0$00112233445566778899aabbccddeeff$" + "00" * 32
    assert check_pin(PIN, zero) is False
    assert check_pin(PIN, "pbkdf2_sha256$99999999999999$00$00") is False
    assert check_pin(PIN, good_hash()) is True
