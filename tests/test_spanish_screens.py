"""Every screen in Spanish shows no English word (issue 18.4, use review U-B4):
footer keys, Textual's own palette commands, dialogs, the question, review,
results, emergency, summary, help, words explained, demo and history screens."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from textual.app import App

from sciatica_tui.store.config import Config
from sciatica_tui.store.history import History
from sciatica_tui.tui.app import SciaticaApp

from .conftest import DISC, clear_screening
from .pilot import loaded, sync, walk

WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]{3,}")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")  # {back}, {n}: filled in, never shown

# Words allowed in Spanish screens although they are also English words:
# - names: the program's, the guideline bodies and documents (NHS, NICE, GIRFT...),
#   cited by their own (English) titles in the sources list, which are not
#   translated on purpose (a clinician looks them up by title);
# - units and codes that are the same in both languages (SVG, PIN, QR, min).
ALLOWED = {"sciatica", "tui", "nhs", "nice", "svg", "pin", "min", "ctrl", "esc", "tab",
           "enter", "shift"}


def english_words(content) -> set[str]:
    """Every word of the program's English strings (ui.toml en values, including the
    footer keys and Textual's palette commands there, and Textual's own binding
    descriptions) that is not also a word of the Spanish strings."""
    english, spanish = set(), set()
    for key, text in content.ui.items():
        text = {lang: PLACEHOLDER.sub(" ", str(value)) for lang, value in text.items()}
        english |= {w.lower() for w in WORD.findall(str(text.get("en", "")))}
        if key.startswith(("key.", "textual.")):  # the key spells Textual's own English
            english |= {w.lower() for w in WORD.findall(key.split(".", 1)[1].replace("_", " "))}
        spanish |= {w.lower() for w in WORD.findall(str(text.get("es", "")))}
    # The drawings' English labels (first steps, the nerve diagrams: figure.en).
    for item in [*content.first_steps, *content.topics]:
        if item.figure:
            english |= {w.lower() for w in WORD.findall(item.figure["en"])}
    for cls in (App, SciaticaApp):
        for b in cls.BINDINGS:
            description = b.description if hasattr(b, "description") else b[2]
            english |= {w.lower() for w in WORD.findall(description)}
    return english - spanish - ALLOWED


def source_words(content) -> set[str]:
    """Words of the sources' titles, which stay in English (see ALLOWED): allowed on
    the screens that list sources (the summary, about, words explained)."""
    found: set[str] = set()
    for source in content.sources:
        for field in vars(source).values():
            if isinstance(field, str):
                found |= {w.lower() for w in WORD.findall(field)}
    return found


def screen_text(app: Any) -> str:
    """All the words a screen shows, scrolled into view or not: every widget's
    rendering, option lists' options, inputs' placeholders, footer keys."""
    parts = []
    for widget in app.screen.query("*"):
        if type(widget).__name__ == "LoadingIndicator":
            continue  # an animation: its fallback text is never shown
        options = getattr(widget, "options", None)
        if isinstance(options, list):
            parts += [str(getattr(o, "prompt", "")) for o in options]
        placeholder = getattr(widget, "placeholder", None)
        if isinstance(placeholder, str):
            parts.append(placeholder)
        description = getattr(widget, "description", None)
        if isinstance(description, str):
            parts.append(description)
        try:
            rendered = widget.render()
        except Exception:  # noqa: BLE001 (a widget that cannot render alone)
            continue
        plain = getattr(rendered, "plain", None)
        parts.append(plain if isinstance(plain, str) else str(rendered)
                     if isinstance(rendered, str) else "")
    return "\n".join(parts)


def english_in(app: Any, words: set[str]) -> list[str]:
    found = {w for w in WORD.findall(screen_text(app)) if w.lower() in words}
    return sorted(found)


names: dict[str, str] = {}


async def check(pilot, app, words, name: str, seen: dict, cited: set | None = None) -> None:
    await pilot.pause()
    seen[name] = english_in(app, words - (cited or set()))
    names[name] = type(app.screen).__name__


@sync
async def test_U_B4_every_screen_in_spanish_shows_no_english_word(tmp_path, content):
    words = english_words(content)
    assert {"back", "quit", "theme", "summary"} <= words  # the list is not empty
    seen: dict[str, list[str]] = {}
    path = tmp_path / "h.sqlite3"
    today = dt.date.today()
    h = History.open(path, create=True)
    h.add_checkin((today - dt.timedelta(days=2)).isoformat(), 4, 2, "long", {}, [])
    h.close()
    app = SciaticaApp(lang="es", cursor_blink=False, history_path=str(path),
                      emergency_number="112")
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        await check(pilot, app, words, "welcome", seen)
        await pilot.press("f1")
        await check(pilot, app, words, "help", seen)
        await pilot.press("escape")
        await pilot.press("g")
        await check(pilot, app, words, "glossary", seen)
        await pilot.press("escape")
        await pilot.press("i")
        await check(pilot, app, words, "about", seen, source_words(content))
        await pilot.press("escape")
        await pilot.click("#trends")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await check(pilot, app, words, "trends", seen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await check(pilot, app, words, "palette", seen)
        await pilot.press("escape")
        await pilot.click("#start")
        await check(pilot, app, words, "question", seen)
        await walk(pilot, app, {**clear_screening(content), **DISC})
        await check(pilot, app, words, "results", seen)
        app.ask_next()  # every question answered: the session's next step is the review
        await check(pilot, app, words, "review", seen)
        app.show_results()
        await pilot.pause()
        app.show_report()
        await check(pilot, app, words, "summary", seen, source_words(content))
        await pilot.press("s")
        await check(pilot, app, words, "save dialog", seen)
        assert names["save dialog"] == "SaveDialog"
        assert names["review"] == "ReviewScreen" and names["results"] == "ResultsScreen"
    assert not {k: v for k, v in seen.items() if v}, seen


@sync
async def test_U_B4_quit_dialog_in_spanish_shows_no_english_word(content):
    words = english_words(content)
    seen: dict[str, list[str]] = {}
    app = SciaticaApp(lang="es", cursor_blink=False, emergency_number="112")
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        await pilot.click("#start")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await check(pilot, app, words, "quit dialog", seen)
    assert names["quit dialog"] != "QuestionScreen"
    assert not {k: v for k, v in seen.items() if v}, seen


@sync
async def test_U_B4_demo_screens_in_spanish_show_no_english_word(content):
    """The index, a cause, a warning sign, an exercise (its drawing too), the nerve
    diagrams and a sample patient's replay, at normal and at large text."""
    words = english_words(content)
    seen: dict[str, list[str]] = {}
    app = SciaticaApp(lang="es", cursor_blink=False, config=Config(mode="demo"))
    pages = [f"cause:{content.causes[0].id}", f"red_flag:{content.red_flags[0].id}",
             "first_step:knee_to_chest", "anatomy:nerve_roots", "anatomy:nerve_path",
             f"sample:{content.samples[0].id}"]
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        await check(pilot, app, words, "demo index", seen)
        for page in pages:
            app.open_demo(page)
            # A page ends with its sources, cited by their own (English) titles.
            await check(pilot, app, words, f"demo {page}", seen, source_words(content))
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("f3")
        await check(pilot, app, words, "demo index, large text", seen)
        app.open_demo(pages[-1])
        await pilot.press("c")  # change an answer: the dialog
        await check(pilot, app, words, "demo change answer", seen)
    assert names["demo first_step:knee_to_chest"] == "EntryScreen"
    assert names[f"demo {pages[-1]}"] == "ReplayScreen"
    assert names["demo change answer"] == "ChangeAnswer"
    assert not {k: v for k, v in seen.items() if v}, seen


@sync
async def test_U_B4_group_and_emergency_screens_in_spanish_show_no_english_word(content):
    from .pilot import started

    words = english_words(content)
    seen: dict[str, list[str]] = {}
    app = SciaticaApp(lang="es", cursor_blink=False, emergency_number="112")
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot, app)
        await check(pilot, app, words, "group", seen)
        await pilot.press("1")  # "Sí": sudden very bad pain, an emergency sign
        await check(pilot, app, words, "emergency", seen)
    assert names["group"] == "GroupScreen" and names["emergency"] == "EmergencyScreen"
    assert not {k: v for k, v in seen.items() if v}, seen


@sync
async def test_U_B4_kiosk_screens_in_spanish_show_no_english_word(content):
    """The kiosk's welcome, group screen, "are you still there?", its emergency
    (with "tell reception now"), the staff PIN dialog, and its results."""
    from .pilot import started, walk
    from .test_kiosk import Clock, kiosk

    words = english_words(content)
    seen: dict[str, list[str]] = {}
    clock = Clock()
    app = SciaticaApp(lang="es", cursor_blink=False, emergency_number="112",
                      config=kiosk(idle_seconds=60), clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot, app)
        await check(pilot, app, words, "kiosk welcome", seen)
        await started(pilot, app)
        await check(pilot, app, words, "kiosk group", seen)
        clock.advance(61)
        app.idle_tick()
        await check(pilot, app, words, "kiosk still there", seen)
        await pilot.press("space")  # someone is there
        await pilot.pause()
        await pilot.press("1")  # an emergency sign
        await check(pilot, app, words, "kiosk emergency", seen)
        await pilot.press(*app.exit_keys)
        await check(pilot, app, words, "kiosk staff PIN", seen)
    app = SciaticaApp(lang="es", cursor_blink=False, emergency_number="112",
                      config=kiosk(idle_seconds=6000))
    async with app.run_test(size=(100, 40)) as pilot:
        await started(pilot, app)
        await walk(pilot, app, {**clear_screening(content), **DISC})
        await check(pilot, app, words, "kiosk results", seen)
    assert [names[n] for n in ("kiosk group", "kiosk still there", "kiosk emergency",
                                "kiosk staff PIN", "kiosk results")] == \
        ["GroupScreen", "StillThere", "EmergencyScreen", "StaffPin", "ResultsScreen"]
    assert not {k: v for k, v in seen.items() if v}, seen


def test_U_B4_the_print_job_is_named_in_the_persons_language(tmp_path, monkeypatch, content):
    from sciatica_tui.core.words import Words
    from sciatica_tui.reports.handoff import print_text

    log = tmp_path / "prints.log"
    monkeypatch.setenv("SCIATICA_TEST_PRINTS", str(log))
    ok, _ = print_text("hola", None, Words(content, "es").ui("out.title"))
    assert ok
    assert "[Resumen de la autoevaluación de ciática]" in log.read_text(encoding="utf-8")
