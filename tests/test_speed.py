"""Issue 19 item 3 (speed review P2-P4, and the `assess` part of the targets):
what the speed work changed, checked for behaviour, never for time (timings are
the benchmarks' job)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_tui.contentset.loader import load_content
from sciatica_tui.core.words import Words

from .calm import calm
from .conftest import DISC
from .pilot import loaded, sync


@pytest.fixture(scope="module")
def content():
    return load_content(None)


def _glossary_before(words: Words, text: str) -> list[str]:
    """The matcher as it was before issue 19 (one regex built per phrase, per
    call): the reference the compiled matcher must agree with."""
    low = text.lower()
    phrases = sorted(((m, g.id) for g in words.content.glossary for m in g.matches),
                     key=lambda pair: -len(pair[0]))
    used: set[str] = set()
    for phrase, gid in phrases:
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        if pattern.search(low):
            used.add(gid)
            low = pattern.sub("\0", low)
    return [f"{words.t(g.term)}: {words.t(g.means)}" for g in words.content.glossary
            if g.id in used]


def test_19_3_glossary_matcher_compiled_once(content, monkeypatch):
    """P2: the glossary's patterns are compiled once per content set, not again on
    every question screen."""
    words = Words(content, "en")
    text = " ".join(f"{words.t(q.prompt)} {words.t(q.help)}" for q in content.questions)
    words.glossary_for(text)  # the first use may compile
    compiled: list[str] = []
    real = re.compile

    def counting(pattern, flags=0):
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    for lang in content.meta.languages:  # another Words for the same content reuses it
        Words(content, lang).glossary_for(text)
    assert compiled == []


def test_19_3_glossary_matcher_finds_what_it_found_before(content):
    """Every question's own text, every glossary phrase alone and in pairs that
    overlap: the compiled matcher explains the same words, in the same order."""
    for lang in content.meta.languages:
        words = Words(content, lang)
        texts = [f"{words.t(q.prompt)} {words.t(q.help)}" for q in content.questions]
        phrases = [m for g in content.glossary for m in g.matches]
        texts += phrases + [f"{a} {b}" for a in phrases for b in phrases]
        texts += [f"{a}{b}" for a in phrases for b in phrases]
        texts += ["", "\0", "LUMBAR ROLL and sciatica.", "x" * 500]
        for text in texts:
            assert words.glossary_for(text) == _glossary_before(words, text), text


def test_19_3_parser_builds_only_the_named_command():
    """`assess` and the other headless commands build only their own parser; help
    and unknown commands still see every command."""
    from sciatica_tui.cli.parser import COMMANDS, build_parser, wanted_commands

    assert wanted_commands(["assess", "--answers", "a.json"]) == {"assess"}
    assert wanted_commands(["--lang", "es", "questions"]) == {"questions"}
    # a command's name given as a value only adds a parser
    assert wanted_commands(["--content", "content", "check"]) == {"content"}
    assert wanted_commands(["--config", "serve", "about"]) == {"serve", "about"}
    for argv in (None, [], ["--help"], ["-h", "assess"], ["bogus"], ["--version"]):
        assert wanted_commands(argv) == set(COMMANDS), argv
    # the same values as the whole parser, for every command
    samples = [["assess", "--answers", "a.json", "--format", "pdf", "--lang", "es"],
               ["--lang", "es", "questions", "--format", "json"],
               ["config", "check", "x.toml"], ["config", "hash-pin"], ["about"],
               ["content", "check"], ["--country", "gb", "serve", "--port", "8080"],
               ["history", "show"], ["--config", "k.toml"],
               ["--kiosk", "--config", "k.toml", "--lang", "es"], ["--theme", "calm", "--plain"]]
    for argv in samples:
        try:
            whole = vars(build_parser().parse_args(argv))
        except SystemExit:
            continue
        assert vars(build_parser(argv).parse_args(argv)) == whole, argv


def _imported_by(args: list[str], tmp_path, monkeypatch_env: dict[str, str]) -> set[str]:
    code = ("import sys, runpy; sys.argv = ['sciatica-tui', *sys.argv[1:]];\n"
            "from sciatica_tui.cli.main import main\n"
            "try:\n    rc = main(sys.argv[1:])\nfinally:\n"
            "    print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
            "sys.exit(rc)\n")  # the command's exit code: an error path proves nothing
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         timeout=120, env=monkeypatch_env)
    assert out.returncode == 0, out.stderr[-500:]
    line = [x for x in out.stderr.splitlines() if x.startswith("MODULES ")][-1]
    return set(line.split()[1:])


@pytest.fixture
def env(tmp_path):
    import os

    home = tmp_path / "home"
    home.mkdir()
    e = {**os.environ, "HOME": str(home)}
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        e[var] = str(home / var)
    e.pop("SCIATICA_TUI_CACHE", None)
    return e


def test_19_5_assess_imports_only_what_its_format_needs(tmp_path, env):
    """A plain answers file in a text-like format imports no FHIR reader, no PDF
    module and no other command's parser (each was import time on every run)."""
    answers = Path(__file__).parent.parent / "examples" / "emergency_bladder.json"
    for fmt in ("text", "json", "markdown", "html"):
        mods = _imported_by(["assess", "--answers", str(answers), "--format", fmt,
                             "-o", str(tmp_path / f"out.{fmt}")], tmp_path, env)
        for name in ("sciatica_tui.reports.formats.fhir_import",
                     "sciatica_tui.reports.formats.fhir", "sciatica_tui.reports.formats.pdf",
                     "sciatica_tui.cli.history", "sciatica_tui.cli.serve", "textual"):
            assert name not in mods, (fmt, name)


@sync
async def test_P4_results_sections_are_built_when_first_opened(content):
    """Review -> results builds each cause and first step's contents only when the
    person opens it; opened, it shows the same words as before."""
    from textual.widgets import Collapsible, Static

    from sciatica_tui.tui.app import SciaticaApp

    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        app.answers.update(calm(content, DISC))
        app.show_results()
        await pilot.pause()
        sections = list(app.screen.query(Collapsible))
        assert len(sections) >= 4
        for section in sections:
            assert not section.query_one(Collapsible.Contents).children, section.title
        view = app.screen.view
        cause, step = sections[0], sections[len(view.causes)]
        cause.collapsed = False
        step.collapsed = False
        await pilot.pause()
        shown = "\n".join(str(s.render()) for s in cause.query(Static))
        assert view.causes[0].summary in shown and view.causes[0].recovery in shown
        shown = "\n".join(str(s.render()) for s in step.query(Static))
        assert view.first_steps[0].goal in shown and view.first_steps[0].dose in shown
        # closed and opened again: built once, not twice
        cause.collapsed = True
        await pilot.pause()
        cause.collapsed = False
        await pilot.pause()
        assert len(cause.query_one(Collapsible.Contents).children) == 1
        for section in sections[1:len(view.causes)]:
            assert not section.query_one(Collapsible.Contents).children


_WARM = """
import asyncio, sys
from sciatica_tui.store.config import Config, hash_pin
from sciatica_tui.tui.app import SciaticaApp

async def main():
    config = Config(mode=sys.argv[1], admin_pin_hash=hash_pin("2468", iterations=1000))
    app = SciaticaApp(cursor_blink=False, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        from sciatica_tui.core import words
        matchers = getattr(words, "_MATCHERS", {})
        print("SCREEN", type(app.screen).__name__)
        print("WARM", all(m in sys.modules for m in (
            "sciatica_tui.tui.screens.group", "sciatica_tui.tui.screens.question")),
            app.words.content in matchers)
        # The later steps' screens follow once the first screen is built
        # (a moment after, in a thread): a bounded wait.
        later = ("sciatica_tui.tui.screens.alerts", "sciatica_tui.tui.screens.results")
        for _ in range(100):
            if all(m in sys.modules for m in later):
                break
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        print("LATER", all(m in sys.modules for m in later))

asyncio.run(main())
"""


def test_19_6_assess_imports_no_dataclasses_tempfile_or_platformdirs(tmp_path, env):
    """`assess` in every text-like format leaves out what only cost start-up time:
    dataclasses (and inspect with it) for the config, platformdirs for the config
    folder, tempfile and shutil (and the compression modules) for the output file
    and argparse's terminal width, threading for the output file's signal guard,
    uuid (and platform) for FHIR ids, html's entity table for escaping, hashlib
    (OpenSSL) for the FHIR ids' and the content key's hashes (core/digest.py)."""
    answers = Path(__file__).parent.parent / "examples" / "emergency_bladder.json"
    for fmt in ("text", "json", "markdown", "html", "fhir"):
        mods = _imported_by(["assess", "--answers", str(answers), "--format", fmt,
                             "-o", str(tmp_path / f"out.{fmt}"), "--force"], tmp_path, env)
        for name in ("dataclasses", "inspect", "platformdirs", "tempfile", "shutil", "bz2",
                     "lzma", "uuid", "platform", "html.entities", "threading", "pydantic",
                     "textual", "hashlib", "_hashlib"):
            assert name not in mods, (fmt, name)


def test_19_6_fhir_ids_and_escaping_are_the_standard_librarys():
    """The FHIR ids and the HTML escaping made without uuid and html are the same
    strings those modules make."""
    import hashlib
    import html
    import uuid

    from sciatica_tui.reports.formats.encode import escape
    from sciatica_tui.reports.formats.fhir import uuid5

    for seed in ("a", "http://example.org/Questionnaire/x", ""):
        base = hashlib.sha256(seed.encode()).digest()[:16]
        for name in ("response {}", 'risk {"lang": "es", "x": "ñ ✓"}', ""):
            assert uuid5(base, name) == str(uuid.uuid5(uuid.UUID(bytes=base), name))
    for text in ("", "a & b < c > d \"e\" 'f'", "&amp; <b>", "ñ — ✓"):
        assert escape(text) == html.escape(text)
        assert escape(text, quote=False) == html.escape(text, quote=False)

def test_19_6_json_and_fhir_are_indented_as_json_dumps_does(content):
    """The fast indenting gives json.dumps(indent=2, ensure_ascii=False)'s text for
    every example's JSON and FHIR output and for awkward values (json's own rules
    for anything else)."""
    from pathlib import Path

    from sciatica_tui.core.answers import validate_answers
    from sciatica_tui.core.engine import assess
    from sciatica_tui.reports.assessment_json import to_json
    from sciatica_tui.reports.formats import fhir
    from sciatica_tui.reports.formats.encode import pretty_json

    def same(data):
        assert pretty_json(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    examples = sorted((Path(__file__).parent.parent / "examples").glob("*.json"))
    assert len(examples) >= 5
    for path in examples:
        for lang in ("en", "es"):
            words = Words(content, lang, "112")
            a = assess(content, validate_answers(content, json.loads(path.read_text()), words))
            same(to_json(content, a, words, "2026-12-02"))
            same(fhir.bundle(content, a, words))
    same({"": [], "a": {}, "b": [[], [{}], [1, 2.5, -0.0, 1e300, True, False, None]],
          "c": 'ñ "q" \\ \n \t \u2028 \x00 ✓', "d": {"e": {"f": [""]}}})
    for odd in ({1: "x"}, {"t": (1, 2)}, [float("nan")], {"i": float("inf")}, "plain", 3):
        same(odd)

@pytest.mark.parametrize("xdg, home", [(None, "/home/ana"), ("/srv/conf", "/home/ana"),
                                       ("", "/home/ana/"), (None, "/"),
                                       ("relative/conf", "/home/ana"), (None, "relative")])
def test_19_6_the_config_folder_is_platformdirs_own(monkeypatch, xdg, home):
    """The config folder worked out without platformdirs is the one platformdirs
    gives (relative values are left to platformdirs itself)."""
    from platformdirs import user_config_dir

    from sciatica_tui.store.config import config_folder

    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    try:
        expected = user_config_dir("sciatica-tui")
    except RuntimeError:  # platformdirs finds no home for a relative HOME
        return
    assert str(config_folder()) == str(type(config_folder())(expected))


@pytest.mark.parametrize("columns", [None, "50", "200", "0", "x"])
def test_19_6_help_is_as_wide_as_shutil_says(monkeypatch, columns):
    """The help formatter's width without shutil: what shutil.get_terminal_size gives."""
    import shutil

    from sciatica_tui.cli.parser import _columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize("mode", ["kiosk", "personal"])
def test_P2_the_first_question_is_warmed_while_the_welcome_waits(tmp_path, mode):
    """While the welcome screen waits for Start, what the first question needs is
    already imported and the glossary matcher compiled; a kiosk writes nothing."""
    import os

    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state"),
           "SCIATICA_TUI_CACHE": str(home / "cache" / "sciatica-tui")}
    out = subprocess.run([sys.executable, "-c", _WARM, mode], capture_output=True, text=True,
                         timeout=120, env=env, cwd=tmp_path)
    assert "SCREEN WelcomeScreen" in out.stdout, out.stdout + out.stderr
    assert "WARM True True" in out.stdout, out.stdout + out.stderr
    assert "LATER True" in out.stdout, out.stdout + out.stderr
    if mode == "kiosk":
        assert [p for p in home.rglob("*") if p.is_file()] == []


@sync
async def test_P3_the_footer_is_redrawn_only_when_its_keys_change(content):
    """Moving between the lines of a group screen (a focus move: Textual says the
    keys may have changed) keeps the footer's keys; a screen with other keys draws
    its own."""
    from textual.widgets import Footer

    from sciatica_tui.tui.app import SciaticaApp

    from .pilot import started

    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        before = list(footer.children)
        texts = [str(k.render()) for k in before]
        assert before
        for key in ("down", "down", "up", "tab", "shift+tab"):
            await pilot.press(key)
            await pilot.pause()
        assert list(footer.children) == before
        assert [str(k.render()) for k in footer.children] == texts
        # The person's words change (the keys' descriptions): drawn again.
        from sciatica_tui.core.words import Words

        app.words = Words(app.words.content, "es", "999")
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert list(footer.children) != before
        assert [str(k.render()) for k in footer.children] != texts


@sync
async def test_P3_a_new_step_screen_has_its_width_class_before_it_is_shown(content):
    """Each new question, group or results screen starts with its wide or narrow
    class, so its first resize does not restyle it all once more."""
    from sciatica_tui.core.engine import assess
    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.group import GroupScreen
    from sciatica_tui.tui.screens.question import QuestionScreen
    from sciatica_tui.tui.screens.results import ResultsScreen

    for width, name, other in ((80, "-narrow", "-wide"), (200, "-wide", "-narrow")):
        app = SciaticaApp(emergency_number="999")
        async with app.run_test(size=(width, 40)) as pilot:
            await loaded(pilot, app)
            w = app.words
            group = content.groups[0]
            screens = [QuestionScreen(w, "leg_pain", {}),
                       GroupScreen(w, group.id, tuple(group.questions[:2]), {}),
                       ResultsScreen(w, assess(content, calm(content, DISC)))]
            for screen in screens:
                assert screen.has_class(name) and not screen.has_class(other), screen
            app.push_screen(screens[0])
            await pilot.pause()
            assert app.screen is screens[0] and app.screen.has_class(name)


@sync
async def test_19_4_start_shows_the_first_screen_built_while_the_welcome_waited(content):
    """Start -> first question: while the welcome screen waits, the first step's
    screen is composed, mounted and laid out off the screen stack for a new, empty
    session; Start shows that very screen, with nothing chosen."""
    from textual.widgets import Footer

    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.group import GroupScreen
    from sciatica_tui.tui.screens.welcome import WelcomeScreen
    from sciatica_tui.tui.widgets.picker import Picker

    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert isinstance(app.screen, WelcomeScreen)
        for _ in range(50):  # built in the background: a bounded wait
            if app._ready_start is not None and app._ready_start[1].outer_size == app.size:
                break
            await pilot.pause(0.02)
        ready = app._ready_start  # (session, screen) made for the next Start
        assert ready is not None, "no first screen was built while the welcome waited"
        session, built = ready
        assert isinstance(built, GroupScreen) and session.empty
        assert built not in app.screen_stack and built.is_mounted
        assert built.query(Picker) and built.query(Footer)
        assert built.outer_size == app.size  # laid out already
        await pilot.press("enter")  # Start (it has the focus)
        await pilot.pause()
        assert app.screen is built
        assert app.session is session and session.empty
        assert built.answers is session.answers
        assert not any(p.chosen for p in built.query(Picker))


@sync
async def test_19_4_the_next_person_gets_a_new_first_screen(content):
    """After a turn ends, the next Start shows a new first screen and session
    built for nobody: nothing the last person chose is on it (safety rule 5)."""
    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.group import GroupScreen
    from sciatica_tui.tui.widgets.picker import Picker

    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, GroupScreen)
        await pilot.press("2")  # "No" on the first line
        await pilot.pause()
        assert app.session.answers
        old_session = app.session
        app.restart()
        for _ in range(50):
            await pilot.pause()
            if app._ready_start is not None and app._ready_start[1].is_mounted:
                break
        assert app._ready_start is not None
        session, built = app._ready_start
        assert built is not first and session is not old_session and session.empty
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is built and app.session is session and session.empty
        assert not any(p.chosen for p in app.screen.query(Picker))


_START_MODULES = """
import asyncio, sys
from sciatica_tui.tui.app import SciaticaApp
from tests.pilot import loaded

async def main():
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        print("SCREEN", type(app.screen).__name__)
    print("MODULES", " ".join(sorted(sys.modules)))

asyncio.run(main())
"""


def test_19_5_the_tui_start_loads_no_openssl_hashlib(tmp_path, env):
    """Peak memory: checking the shipped content's hash and key takes Python's own
    SHA-256, not hashlib (which loads OpenSSL's libcrypto, about 4 MiB resident),
    and finds the validator's files without importlib.util."""
    import hashlib
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", _START_MODULES], capture_output=True, text=True,
                         timeout=120, env={**env, "PYTHONPATH": root}, cwd=root)
    assert "SCREEN GroupScreen" in out.stdout, out.stdout[-500:] + out.stderr[-2000:]
    mods = set(out.stdout.split("MODULES ", 1)[1].split())
    assert "sciatica_tui.contentset.cache" in mods  # the shipped entry was read
    assert "pydantic" not in mods
    for name in ("hashlib", "_hashlib", "importlib.util"):
        assert name not in mods, name
    from sciatica_tui.contentset.cache import sha256

    assert sha256(b"abc").hexdigest() == hashlib.sha256(b"abc").hexdigest()
    assert sha256().hexdigest() == hashlib.sha256().hexdigest()


_WEB_SESSION = """
import sys
from pathlib import Path
from textual.drivers.web_driver import WebDriver
from sciatica_tui.tui.app import SciaticaApp
from sciatica_tui.tui.compat import sturdy

print("WEB", sturdy(WebDriver) is WebDriver)
print("LINUX LOADED", "textual.drivers.linux_driver" in sys.modules)
from textual.drivers.linux_driver import LinuxDriver
print("STURDY", sturdy(LinuxDriver).__name__, issubclass(sturdy(LinuxDriver), LinuxDriver))
"""


def test_19_7_a_serve_session_does_not_import_the_terminal_driver(env):
    """`serve` memory per session: a browser session runs Textual's web driver;
    the app no longer imports the Linux terminal driver (and its writer thread,
    tty and termios) just to wrap it. A terminal start still gets the sturdy one."""
    out = subprocess.run([sys.executable, "-c", _WEB_SESSION], capture_output=True, text=True,
                         timeout=120, env=env)
    assert "WEB True" in out.stdout, out.stdout + out.stderr[-2000:]
    assert "LINUX LOADED False" in out.stdout, out.stdout
    assert "STURDY SturdyLinuxDriver True" in out.stdout, out.stdout


@sync
async def test_19_4_large_text_chosen_while_the_welcome_waits_reaches_the_first_screen(content):
    """The first screen built ahead is restyled when it is shown if large text
    was turned on after it was built (an app-wide restyle does not reach it)."""
    from textual.widgets import Static

    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.group import GroupScreen

    app = SciaticaApp(emergency_number="999")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        for _ in range(50):
            if app._ready_start is not None and app._ready_start[1].outer_size == app.size:
                break
            await pilot.pause(0.02)
        assert app._ready_start is not None
        built = app._ready_start[1]
        prompt = built.query_one(".prompt", Static)
        assert not prompt.styles.text_style.reverse
        app.action_toggle_large()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is built and isinstance(built, GroupScreen)
        assert prompt.styles.text_style.reverse  # App.-large .prompt


@sync
async def test_19_4_start_pressed_at_once_builds_one_first_screen(content):
    """Start pressed at the first frame (before the content is read) starts as
    soon as it is: the first screen is built once, not a second time ahead for
    a Start that has already happened."""
    from sciatica_tui.tui.app import SciaticaApp
    from sciatica_tui.tui.screens.group import GroupScreen

    built: list[GroupScreen] = []
    real_compose = GroupScreen.compose

    def counting(self):
        built.append(self)
        return real_compose(self)

    GroupScreen.compose = counting  # type: ignore[method-assign]
    try:
        app = SciaticaApp(emergency_number="999")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")  # Start, before the words are read
            await loaded(pilot, app)
            for _ in range(50):
                if isinstance(app.screen, GroupScreen):
                    break
                await pilot.pause(0.02)
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            assert isinstance(app.screen, GroupScreen)
            assert built == [app.screen]
            assert app._ready_start is None
    finally:
        GroupScreen.compose = real_compose  # type: ignore[method-assign]


def test_19_6_the_builtin_hashes_are_hashlibs():
    """core/digest.py's SHA-256 and SHA-1 (no OpenSSL) give hashlib's digests."""
    import hashlib

    from sciatica_tui.core.digest import sha1, sha256

    for data in (b"", b"abc", "é".encode() * 1000, bytes(range(256)) * 300):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert sha1(data).hexdigest() == hashlib.sha1(data).hexdigest()


def _collector_on_when(argv: list[str], tmp_path: Path, env: dict[str, str]) -> str:
    """Run `main()` as the command line does (sys.argv, no argv given) in a fresh
    Python, with the app, serve and history stubbed: what `gc.isenabled()` was when
    the command's own code ran, whether the content's short strings were to be
    shared then (core/content.py share_strings), and the command's exit code."""
    code = f"""
import gc, sys
sys.argv = ["sciatica-tui", *{argv!r}]
import sciatica_tui.cli.main as m
import sciatica_tui.cli.serve as serve
import sciatica_tui.cli.history as history
import sciatica_tui.core.content as content
seen = []
def state():
    return (gc.isenabled(), content._sharing)
def stub(*a, **k):
    seen.append(state())
    return 0
m._run_app = stub
serve.run = stub
history.run = stub
real = m._assess
def assess(args):
    seen.append(state())
    return real(args)
m._assess = assess
rc = m.main()
print("ON" if seen == [(True, True)] else "OFF" if seen == [(False, False)] else seen, rc)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_19_6_long_running_commands_keep_the_garbage_collector_on(tmp_path, env):
    """Only `assess`, `questions` and `about` run from the command line with the
    cyclic garbage collector off and the content's strings not shared (a one-shot
    process; it saves the collector's passes during the imports, and the sharing
    only saves memory a process that goes on keeps). The app, plain mode, the
    kiosk, serve and history run for as long as a person uses them: the collector
    stays on and the strings are shared for them."""
    answers = Path(__file__).parent.parent / "examples" / "emergency_bladder.json"
    for argv in ([], ["--plain"], ["--kiosk"], ["--demo"], ["serve"], ["history", "where"]):
        assert _collector_on_when(argv, tmp_path, env) == "ON 0", argv
    out = tmp_path / "a.txt"
    assert _collector_on_when(["assess", "--answers", str(answers), "-o", str(out)],
                              tmp_path, env) == "OFF 0"
    assert out.read_text().strip()
    # Called from Python code (argv given), main() leaves the caller's collector be.
    import gc

    from sciatica_tui.cli.main import main

    assert gc.isenabled()
    assert main(["assess", "--answers", str(answers), "-o", str(tmp_path / "b.txt")]) == 0
    assert gc.isenabled()



def test_19_short_strings_are_shared_only_when_asked(content):
    """build(take=True) makes equal short strings one object, unless sharing is
    turned off (a one-shot command); the content is equal either way."""
    import json

    from sciatica_tui.contentset.cache import STOCK
    from sciatica_tui.core import content as model

    data = json.loads(json.loads(STOCK.read_text(encoding="utf-8"))["data"])

    def ids(shared: bool) -> tuple[object, list[str]]:
        model.share_strings(shared)
        try:
            built = model.build(json.loads(json.dumps(data)), take=True)
        finally:
            model.share_strings(True)
        return built, [o.id for q in built.questions for o in q.options]

    shared, a = ids(True)
    plain, b = ids(False)
    assert a == b and len(a) > len(set(a))  # option ids repeat ("yes", "no"...)
    assert len({id(x) for x in a}) == len(set(a))  # one object per text
    assert len({id(x) for x in b}) > len(set(b))
    assert [q.id for q in shared.questions] == [q.id for q in plain.questions]


_KIOSK_MODULES = """
import asyncio, sys
from sciatica_tui.store.config import Config, hash_pin
from sciatica_tui.tui.app import SciaticaApp
from tests.pilot import loaded

async def main():
    config = Config(mode="kiosk", admin_pin_hash=hash_pin("2468", iterations=1000))
    app = SciaticaApp(cursor_blink=False, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(3):
            app.idle_tick()  # the timer's ticks, the person still busy
            await pilot.pause()
        print("SCREEN", type(app.screen).__name__)
        print("BEFORE", "sciatica_tui.tui.screens.kiosk" in sys.modules)
        app.last_activity -= config.idle_seconds  # now idle long enough
        app.idle_tick()
        await pilot.pause()
        print("AFTER", type(app.screen).__name__)

asyncio.run(main())
"""


def test_19_8_a_kiosk_imports_its_dialogs_when_first_needed(tmp_path, env):
    """Peak memory in a kiosk: the idle timer's first tick (1 s after start)
    imported the "still there?" and staff PIN dialogs; they are imported when
    someone has been idle long enough (or staff type the exit keys), and the
    dialog still comes then."""
    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", _KIOSK_MODULES], capture_output=True,
                         text=True, timeout=120, env={**env, "PYTHONPATH": root}, cwd=root)
    assert "SCREEN GroupScreen" in out.stdout, out.stdout[-500:] + out.stderr[-2000:]
    assert "BEFORE False" in out.stdout
    assert "AFTER StillThere" in out.stdout


def test_19_8_content_items_share_their_attribute_names(content):
    """Memory at start: the items of a content class share one table of attribute
    names (Python's key-sharing instance dicts: each item keeps only its values);
    filled with __dict__.update, as before, each item had a whole dict of its own.
    The same holds for content read from the shipped cache entry (built in place)
    and for content built from data that is left as it was."""
    import sys

    from sciatica_tui.contentset.cache import STOCK
    from sciatica_tui.core.content import build

    questions = content.questions
    own = [type(q)(**dict(vars(q))) for q in questions]  # a plain dict's worth each
    plain: dict[str, object] = {}
    for q in questions:
        plain.update(vars(q))
    assert sys.getsizeof(vars(questions[0])) < sys.getsizeof(plain)
    assert all(sys.getsizeof(vars(q)) < sys.getsizeof(dict(vars(q))) for q in questions)
    assert [list(vars(a)) for a in own] == [list(vars(q)) for q in questions]
    data = json.loads(json.loads(STOCK.read_text(encoding="utf-8"))["data"])
    kept = json.dumps(data)
    again = build(data)  # without take: `data` is left as it was
    assert json.dumps(data) == kept
    assert [(q.id, q.prompt, q.option_ids, list(vars(q))) for q in again.questions] == \
        [(q.id, q.prompt, q.option_ids, list(vars(q))) for q in questions]


def test_19_8_the_shipped_contents_repeated_short_texts_are_one_string(content):
    """Memory at start: an id, tier or source id said many times in the content is
    one string object when the content comes from the cache entry (the JSON
    parser makes a new one at each place)."""
    from collections import Counter

    ids = Counter()
    objects: dict[str, set[int]] = {}
    for flag in content.red_flags:
        for text in (flag.tier, *flag.sources):
            ids[text] += 1
            objects.setdefault(text, set()).add(id(text))
    repeated = [text for text, n in ids.items() if n > 1]
    assert len(repeated) > 3
    assert all(len(objects[text]) == 1 for text in repeated), repeated
    by_id = {q.id: q.id for q in content.questions}
    leaves = [f.when for f in content.red_flags if type(f.when).__name__ == "AnswerCondition"]
    assert leaves and all(leaf.q is by_id[leaf.q] for leaf in leaves)


_OPTIONS_ONLY = """
import sys
from sciatica_tui.cli.main import parse_arguments
args = parse_arguments(["--kiosk", "--config", "k.toml"])
print("ARGS", args.kiosk, args.config, args.command)
print("MODULES", " ".join(sorted(sys.modules)))
"""


def test_19_8_a_start_with_only_global_options_builds_no_command_parser(env):
    """Peak memory at start: a start with options and no command (a kiosk's
    --config) built every command's parser, importing the serve, history and
    formats modules; a command not named is now only its line in the help, and
    the help and the "invalid choice" error read as before."""
    import argparse
    import contextlib
    import io

    from sciatica_tui.cli.parser import COMMANDS, build_parser

    parser = build_parser(["--config", "k.toml"])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(sub.choices) == list(COMMANDS)
    assert all(len(p._actions) == 1 for p in sub.choices.values())  # only its -h
    assert parser.format_help() == build_parser().format_help()
    for argv in (["bogus"], ["--config", "k.toml", "bogus"]):
        said = []
        for p in (build_parser(argv), build_parser()):
            err = io.StringIO()
            with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
                p.parse_args(argv)
            said.append(err.getvalue())
        assert said[0] == said[1] and "invalid choice" in said[0], said
    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", _OPTIONS_ONLY], capture_output=True, text=True,
                         timeout=120, env={**env, "PYTHONPATH": root}, cwd=root)
    assert "ARGS True k.toml None" in out.stdout, out.stdout + out.stderr[-2000:]
    mods = set(out.stdout.split("MODULES ", 1)[1].split())
    for name in ("sciatica_tui.cli.serve", "sciatica_tui.cli.history",
                 "sciatica_tui.reports.formats"):
        assert name not in mods, name
