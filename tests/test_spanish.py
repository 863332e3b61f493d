"""Spanish, complete: every translatable item, chosen with --lang, the config file
or the locale (falling back to English), in the app, plain mode and the summary."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sciatica_tui.contentset.checks import _clinical_items, _texts
from sciatica_tui.core.i18n import locale_language
from sciatica_tui.store.config import Config
from sciatica_tui.tui.app import SciaticaApp

from .pilot import loaded, sync

EXAMPLES = Path(__file__).parent.parent / "examples"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _all_texts(content):
    for file, key, items in [*_clinical_items(content),
                             ("samples.toml", "sample", list(content.samples))]:
        for item in items:
            for field, text in _texts(item, ""):
                yield f"{file} {key} {item.id}.{field}", text
    for key, text in content.ui.items():
        yield f"ui.toml {key}", text


def test_every_text_is_in_spanish_with_the_same_placeholders(content):
    assert content.meta.languages == ["en", "es"]
    same = []
    for where, text in _all_texts(content):
        assert "es" in text, f"{where}: no Spanish"
        en, es = text["en"], text["es"]
        if isinstance(en, list):
            assert len(en) == len(es), f"{where}: {len(en)} English lines, {len(es)} Spanish"
            en, es = " ".join(en), " ".join(es)
        assert sorted(PLACEHOLDER.findall(en)) == sorted(PLACEHOLDER.findall(es)), where
        if en == es:
            same.append(en)
    # A few words are the same in both languages ("No", "Osteoporosis"); a copied
    # English text would show up here.
    assert all(len(s.split()) <= 2 for s in same), same


def test_the_locale_picks_spanish_and_anything_else_falls_back_to_english():
    assert locale_language(["en", "es"], {"LANG": "es_ES.UTF-8"}) == "es"
    assert locale_language(["en", "es"], {"LANG": "es_MX.UTF-8"}) == "es"
    assert locale_language(["en", "es"], {"LANG": "fr_FR.UTF-8"}) == "en"
    assert locale_language(["en", "es"], {}) == "en"


def _run(*args, env=None, stdin=""):
    return subprocess.run([sys.executable, "-m", "sciatica_tui", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=env)


def test_the_summary_in_the_patients_language_and_separately_in_the_clinicians():
    answers = str(EXAMPLES / "urgent_weakness.json")
    es = _run("assess", "--answers", answers, "--lang", "es")
    en = _run("assess", "--answers", answers, "--lang", "en")
    assert es.returncode == en.returncode == 0
    assert "Resumen de la autoevaluación de ciática" in es.stdout
    assert "VAYA AL MÉDICO HOY" in es.stdout
    assert "Sciatica self-check summary" in en.stdout
    html = _run("assess", "--answers", answers, "--lang", "es", "--format", "html")
    assert 'lang="es"' in html.stdout and "Señales de alarma encontradas" in html.stdout


def test_the_question_catalogue_and_about_in_spanish():
    out = _run("questions", "--lang", "es")
    assert out.returncode == 0 and "¿Cuántos años tiene?" in out.stdout
    about = _run("about", "--lang", "es")
    assert "De dónde viene la información" in about.stdout


def test_plain_mode_in_spanish_with_spanish_commands():
    out = _run("--plain", "--lang", "es", "--emergency-number", "112", stdin="ayuda\nporque\n")
    assert "¿Le vino de repente" in out.stdout  # the first warning sign (issue 14)
    assert "atrás (la pregunta anterior)" in out.stdout  # the help
    assert "Por qué preguntamos" in out.stdout
    assert out.returncode == 2  # input ended before the end: said, and exit 2


@sync
async def test_the_app_follows_the_locale(monkeypatch):
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.pause()
        assert app.words.lang == "es"
        assert str(app.screen.query_one("#start").label) == "Empezar"
        await pilot.click("#start")
        await pilot.pause()
        assert "[Señales de alarma]" in str(app.screen.query_one(".progress").render())


@sync
async def test_the_config_language_wins_over_the_locale(monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    app = SciaticaApp(cursor_blink=False, config=Config(language="es"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.pause()
        assert app.words.lang == "es"
        welcome = str(app.screen.query_one("#welcome").render())
        assert "No hace diagnósticos" in welcome
