"""Advice that follows the locale (C-L7, U-S5), and the education pages, samples
and diagrams of issue 14 (C-L5, C-L6, C-L9, C-M8 advice part).

The emergency number and the names of services come from content/locales.toml,
chosen by the locale's country, the config file or --country, and are put into
text in one place (i18n.fill, through Words) for every output."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sciatica_tui.cli import main as cli
from sciatica_tui.contentset.checks import _texts
from sciatica_tui.contentset.loader import ContentError, default_content_dir, load_content
from sciatica_tui.core.demo import entries
from sciatica_tui.core.engine import assess
from sciatica_tui.core.i18n import fill, locale_country
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats import render
from sciatica_tui.reports.handoff import qr_for_screen
from sciatica_tui.store.config import ConfigError, parse_config
from sciatica_tui.store.paths import quick_ui_strings

from .pilot import loaded, sync

EXAMPLES = Path(__file__).parent.parent / "examples"
# Words that name a country's services; outside locales.toml they may only come
# in through {emergency_number}, {emergency_dept}, {urgent_line} and {gp}.
HARD_CODED = re.compile(r"A&E|\b(?:111|112|999|911|000)\b|\bGP\b|\bER\b|\bcent(?:er|re)\b")


def _locale_env(monkeypatch, lang: str | None) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    if lang is not None:
        monkeypatch.setenv("LANG", lang)


def _assess_json(monkeypatch, capsys, lang: str | None, example: str, *extra: str) -> dict:
    _locale_env(monkeypatch, lang)
    code = cli.main(["assess", "--answers", str(EXAMPLES / f"{example}.json"),
                     "--format", "json", *extra])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


# An urgent result whose action now is the disposition's own (no warning sign was
# found at that level: signs not ruled out): where {urgent_line} and {gp} are said.
# urgent_weakness's action now is its warning sign's own ("...call 911").
URGENT = "mostly_unanswered"


def _advice(data: dict) -> str:
    """The disposition's advice: what to do and when to get help sooner."""
    return " ".join([data["what_to_do"], *data["safety_net"]])


# --- C-L7 / U-S5: the locale decides the number and the names -------------------


def test_C_L7_en_US_gives_911_and_the_emergency_room_never_AE_or_111(monkeypatch, capsys):
    for example in ("emergency_bladder", "urgent_weakness", "soon_stenosis", "self_care_disc"):
        advice = _advice(_assess_json(monkeypatch, capsys, "en_US.UTF-8", example))
        assert "911" in advice, example
        assert "A&E" not in advice and "111" not in advice and "112" not in advice, advice
    emergency = _assess_json(monkeypatch, capsys, "en_US.UTF-8", "emergency_bladder")
    assert "Call 911 or go to the emergency room (ER) now." in emergency["what_to_do"]
    urgent = _assess_json(monkeypatch, capsys, "en_US.UTF-8", URGENT)
    # Cauda equina questions unanswered: their rule's own action (U-S4), in US words.
    assert ("Go to the emergency room (ER) today, or call a nurse advice line now"
            in urgent["what_to_do"])


def test_U_S5_en_GB_gives_999_AE_and_NHS_111(monkeypatch, capsys):
    emergency = _assess_json(monkeypatch, capsys, "en_GB.UTF-8", "emergency_bladder")
    assert "Call 999 or go to A&E now." in emergency["what_to_do"]
    urgent = _assess_json(monkeypatch, capsys, "en_GB.UTF-8", URGENT)
    assert "Go to A&E today, or call NHS 111 now" in urgent["what_to_do"]
    assert "go to A&E" in _advice(urgent)


def test_U_S5_es_ES_gives_112_and_urgencias(monkeypatch, capsys):
    emergency = _assess_json(monkeypatch, capsys, "es_ES.UTF-8", "emergency_bladder")
    assert emergency["language"] == "es"
    assert "Llame al 112 o vaya a urgencias ahora." in emergency["what_to_do"]
    urgent = _assess_json(monkeypatch, capsys, "es_ES.UTF-8", URGENT)
    assert "Vaya hoy a urgencias, o llame ahora a su centro de salud" in urgent["what_to_do"]


def test_U_S5_es_MX_gives_911(monkeypatch, capsys):
    emergency = _assess_json(monkeypatch, capsys, "es_MX.UTF-8", "emergency_bladder")
    assert "Llame al 911 o vaya a urgencias ahora." in emergency["what_to_do"]
    assert "112" not in _advice(emergency)
    urgent = _assess_json(monkeypatch, capsys, "es_MX.UTF-8", URGENT)
    assert ("llame ahora a su unidad de medicina familiar o centro de salud"
            in urgent["what_to_do"])


def test_U_S5_no_country_gives_112_with_words_that_fit_anywhere(monkeypatch, capsys):
    for lang in ("C", "C.UTF-8", None, "fr_FR.UTF-8"):
        data = _assess_json(monkeypatch, capsys, lang, "emergency_bladder")
        assert "Call 112 or go to the nearest emergency department now." in data["what_to_do"]
        assert "A&E" not in _advice(data), lang


def test_U_S5_country_flag_and_config_key_win_over_the_locale(monkeypatch, capsys):
    data = _assess_json(monkeypatch, capsys, "en_US.UTF-8", "emergency_bladder",
                        "--country", "au")
    assert "Call 000 or go to the emergency department now." in data["what_to_do"]
    # A given number wins over the table's; the country's words stay.
    data = _assess_json(monkeypatch, capsys, "en_GB.UTF-8", "emergency_bladder",
                        "--emergency-number", "112")
    assert "Call 112 or go to A&E now." in data["what_to_do"]
    assert parse_config({"country": "nz"}).country == "NZ"
    for bad in ("NZL", "", 12, "1A"):
        with pytest.raises(ConfigError):
            parse_config({"country": bad})


def test_U_S5_a_bad_country_flag_is_one_line_and_exit_2(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["assess", "--answers", str(EXAMPLES / "self_care_disc.json"),
                  "--country", "Britain"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "two-letter country code" in err and "Traceback" not in err


def test_locale_country_reads_the_region_of_the_first_locale_variable_set():
    assert locale_country({"LANG": "en_GB.UTF-8"}) == "GB"
    assert locale_country({"LC_ALL": "es_MX.utf8", "LANG": "en_GB.UTF-8"}) == "MX"
    assert locale_country({"LANG": "ca_ES@valencia"}) == "ES"
    assert locale_country({"LANG": "C.UTF-8"}) is None
    assert locale_country({}) is None


def test_fill_puts_the_words_in_and_capitalises_a_sentence_start():
    values = {"emergency_number": "999", "emergency_dept": "A&E", "urgent_line": "NHS 111",
              "gp": "your GP"}
    assert fill("{gp} can help. Or call {urgent_line}.", values) == \
        "Your GP can help. Or call NHS 111."
    assert fill("See {gp}? {gp} knows.", values) == "See your GP? Your GP knows."
    # Fields that are not the locale's stay for the code that shows the text.
    assert fill("Question {n} of {total}", values) == "Question {n} of {total}"


def test_C_L7_every_output_fills_the_placeholders(content):
    """Text, Markdown, HTML, JSON, FHIR and the QR code: the US words, none raw."""
    a = assess(content, json.loads((EXAMPLES / "emergency_bladder.json").read_text()))
    words = Words(content, "en", country="US")
    for fmt in ("text", "markdown", "html", "json", "fhir"):
        out = render(fmt, content, a, words)
        text = out.decode() if isinstance(out, bytes) else out
        if fmt != "fhir":  # FHIR carries the questions and answers, not the advice
            assert "911" in text, fmt
        for name in ("emergency_number", "emergency_dept", "urgent_line", "gp"):
            assert "{" + name + "}" not in text, (fmt, name)
    qr = qr_for_screen(content, a, words, 160, 60)[1]
    assert "{" not in qr


def test_C_L7_the_welcome_screens_first_frame_uses_the_table(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path))
    for country, number in (("US", "911"), ("GB", "999"), ("AU", "000"), (None, "112")):
        for remember in (True, False, True):  # the cached copy says the same
            strings = quick_ui_strings(None, "en", remember=remember, country=country)
            assert strings is not None
            assert strings["tui.emergency_now"].endswith(f"call {number} now."), country
    given = quick_ui_strings(None, "es", country="ES", emergency_number="061")
    assert given is not None and "llame ahora al 061" in given["tui.emergency_now"]


@sync
async def test_U_S5_the_app_follows_the_locale_for_the_number(monkeypatch):
    from sciatica_tui.tui.app import SciaticaApp

    _locale_env(monkeypatch, "en_US.UTF-8")
    app = SciaticaApp(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert app.words is not None and app.words.emergency_number == "911"
        line = str(app.screen.query_one("#emergency").render())
        assert "call 911 now" in line
        action = app.words.t(app.words.content.disposition("emergency").action)
        assert action.startswith("Call 911 or go to the emergency room (ER) now.")


def test_U_S5_plain_mode_follows_the_locale(monkeypatch, capsys):
    import io

    _locale_env(monkeypatch, "en_AU.UTF-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("2\n"))
    assert cli.main(["--plain"]) == 2  # input ended after one answer
    out = capsys.readouterr().out
    assert "call 000 now" in out
    # The summary printed when the input ends carries the Australian services (the
    # cauda equina questions are unanswered: their rule's action, U-S4).
    assert "or call healthdirect on 1800 022 222 now" in " ".join(out.split())


# --- the table is checked on load -----------------------------------------------


def _content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_content(root, use_cache=False, user_cache=False)
    return [str(p) for p in err.value.problems]


def test_C_L7_content_check_rejects_unknown_placeholders(tmp_path):
    root = _content_copy(tmp_path)
    path = root / "dispositions.toml"
    path.write_text(path.read_text().replace("go to {emergency_dept} now",
                                             "go to {emergency_room} now"))
    ui = root / "ui.toml"
    ui.write_text(ui.read_text().replace("llame ahora al {emergency_number}",
                                         "llame ahora al {emergency number}"))
    found = _problems(root)
    assert any(p.startswith('dispositions.toml: disposition "emergency", field "action.en"')
               and "unknown placeholder {emergency_room}" in p for p in found), found
    assert any('ui.toml: string "tui.emergency_now", field "es"' in p
               and "{emergency number}" in p for p in found), found


def test_U_S5_every_emergency_number_in_the_table_is_dialable(tmp_path):
    for bad in ("0O0", "99", "+", "1 1 2", "9" * 16):
        root = _content_copy(tmp_path / bad.replace(" ", "_"))
        path = root / "locales.toml"
        path.write_text(path.read_text().replace('emergency_number = "000"',
                                                 f'emergency_number = "{bad}"'))
        found = _problems(root)
        assert any('locale "au", field "emergency_number"' in p and "dial" in p
                   for p in found), found


def test_each_country_is_in_one_entry_only(tmp_path):
    root = _content_copy(tmp_path)
    path = root / "locales.toml"
    path.write_text(path.read_text().replace('countries = ["NZ"]', 'countries = ["NZ", "GB"]'))
    found = _problems(root)
    assert any('locale "nz", field "countries"' in p and 'GB is already in locale "gb"' in p
               for p in found), found


def test_the_table_needs_its_international_entry_and_every_language(tmp_path):
    root = _content_copy(tmp_path)
    path = root / "locales.toml"
    text = path.read_text().replace('id = "international"\ncountries = []',
                                    'id = "world"\ncountries = []')
    path.write_text(text.replace('gp.es = "su médico familiar"\n', ""))
    found = "\n".join(_problems(root))
    assert 'locale "international", field "id": missing' in found
    assert 'locale "world", field "countries": list at least one country' in found
    assert 'locale "mx", field "gp.es": missing es translation' in found


def test_C_L7_service_names_come_only_from_the_locale_table(content):
    """No content file names a service or number outside locales.toml (the
    glossary's entry explaining the emergency department's names is the one
    exception)."""
    mine = [("dispositions.toml", content.dispositions), ("topics.toml", content.topics),
            ("checkin.toml", content.triggers), ("samples.toml", content.samples),
            ("glossary.toml", [g for g in content.glossary if g.id != "emergency_department"]),
            ("questions.toml", content.questions), ("red_flags.toml", content.red_flags),
            ("rules.toml", content.rules), ("causes.toml", content.causes),
            ("first_steps.toml", content.first_steps), ("concerns.toml", content.concerns)]
    for file, items in mine:
        for item in items:
            for field, text in _texts(item, ""):
                for lang, value in text.items():
                    for line in value if isinstance(value, list) else [value]:
                        assert not HARD_CODED.search(line), (file, item.id, field, lang, line)
    for key, text in content.ui.items():
        for lang, value in text.items():
            assert not HARD_CODED.search(value), (key, lang, value)


def test_C_L7_lumbar_roll_does_not_also_explain_every_lumbar(content):
    words = Words(content)
    roll = words.glossary_for("Sit with a lumbar roll behind you.")
    assert [t.split(":")[0] for t in roll] == ["Lumbar roll"]
    spine = words.glossary_for("The lumbar spine is the low back.")
    assert [t.split(":")[0] for t in spine] == ["Lumbar"]
    both = words.glossary_for("A lumbar roll supports the lumbar curve.")
    assert sorted(t.split(":")[0] for t in both) == ["Lumbar", "Lumbar roll"]


# --- C-L5 samples, C-L6 diagrams --------------------------------------------------


def test_C_L5_each_sample_is_the_age_its_name_says(content):
    for s in content.samples:
        for lang in content.meta.languages:
            said = int(re.search(r"\d+", s.name[lang]).group())
            assert said == s.answers["age"], (s.id, lang, s.name[lang])


def test_C_L6_the_sciatic_nerve_comes_from_L4_to_S3(content):
    topic = next(t for t in content.topics if t.id == "nerve_path")
    assert "L4 down to S3" in " ".join(topic.body["en"])
    assert "L4 L5 S1 S2 S3" in topic.figure["en"]
    assert "seen from behind" in topic.figure["en"]
    assert "ANAT" in topic.sources


def _panels(figure: str) -> tuple[list[str], list[str], int]:
    """The figure's lines, and the column where the BACK view starts."""
    lines = figure.splitlines()
    split = next(line for line in lines if "FRONT" in line and "BACK" in line).index("BACK") - 8
    return [ln[:split] for ln in lines], [ln[split:] for ln in lines], split


def test_C_L6_the_nerve_root_diagram_has_one_viewpoint_and_L5_on_the_outer_shin(content):
    topic = next(t for t in content.topics if t.id == "nerve_roots")
    body = " ".join(topic.body["en"])
    assert "as someone else sees it" in body and "as someone else sees it" in topic.figure["en"]
    front, back, _ = _panels(topic.figure["en"])
    header = next(ln for ln in front if "outer" in ln)
    # From the front, the right leg's outer side is on the viewer's left.
    assert header.index("outer") < header.index("inner")
    middle = max(len(ln) for ln in front) // 2
    for line in front:
        for m in re.finditer(r"L5", line):
            assert m.start() < middle + 4, f"L5 toward the inner side: {line!r}"
        for m in re.finditer(r"L4", line):
            if "knee" not in line:
                assert m.start() > middle - 2, f"L4 toward the outer side: {line!r}"
    back_header = next(ln for ln in back if "outer" in ln)
    # From behind, the outer side is on the viewer's right; the back of the calf,
    # heel and sole are S1, and L5 is not there at all.
    assert back_header.index("inner") < back_header.index("outer")
    assert not any("L5" in ln or "L4" in ln for ln in back)
    assert sum(ln.count("S1") for ln in back) >= 6
    for part in ("the outer side of the shin, the top of the foot",
                 "the back of the calf, the heel, the sole and the outer edge of the foot"):
        assert part in body
    assert {"HAR", "ISNCSCI"} <= set(topic.sources)


# --- C-M8 / C-L9: pain relief and what to expect ---------------------------------


def test_C_M8_pain_relief_advice_is_in_the_results_and_in_its_own_page(content):
    for tier in ("self_care", "soon"):
        assert "pharmacist" in content.disposition(tier).action["en"]
        assert "farmacia" in content.disposition(tier).action["es"]
    self_care = " ".join(content.disposition("self_care").safety_net["en"])
    assert "very bad and nothing you take helps" in self_care
    page = " ".join(next(t for t in content.topics if t.id == "pain_relief").body["en"])
    for said in ("pharmacist", "ibuprofen", "not safe for everyone", "lowest dose",
                 "Paracetamol on its own", "gabapentin or pregabalin", "steroid tablets",
                 "diazepam", "morphine", "do not stop it all at once"):
        assert said in page, said


def test_C_L9_education_pages_with_sources_are_in_the_demo(content):
    words = Words(content, "en", country="GB")
    shown = {(e.kind, e.id): e.text for e in entries(words)}
    expect = {
        ("advice", "pain_relief"): ["NG59-S"],
        ("advice", "scans"): ["do not need a scan", "normal as we age", "BRIN"],
        ("advice", "not_recommended"): ["belts and corsets", "shoe inserts", "TENS",
                                        "ultrasound", "Acupuncture", "traction"],
        ("advice", "spondylolisthesis"): ["slips forward", "not the same as a slipped disc"],
        ("physio", "physio_manipulation"): ["Mild soreness", "exercise plan", "PAIGE"],
    }
    for key, parts in expect.items():
        assert key in shown, key
        for part in parts:
            assert part in shown[key], (key, part)
    # The page's {gp} is filled in for the country.
    assert "Talk to your GP first." in " ".join(shown[("advice", "pain_relief")].split())
    assert "{gp}" not in "".join(shown.values())


# --- Spanish corrections (clinical.md's table) in this branch's files -------------


def test_spanish_corrections_in_ui_dispositions_glossary_topics_samples(content):
    assert content.ui["tui.recovery"]["es"] == "Recuperación"
    assert content.ui["answer.unsure"]["es"] == "No lo sé"
    assert "lista de comandos" in content.ui["tui.help_keys"]["es"]
    assert "Muéstrelo" in content.disposition("emergency").action["es"].replace("muéstrelo",
                                                                                "Muéstrelo")
    spanish = [v["es"] for v in content.ui.values()]
    for items in (content.dispositions, content.glossary, content.topics, content.samples):
        for item in items:
            for _, text in _texts(item, ""):
                value = text["es"]
                spanish.extend(value if isinstance(value, list) else [value])
    joined = "\n".join(spanish)
    for old in ("ordenador", "lista de órdenes", "Enséñ", "enséñ", "caca", "apretad",
                "Túmb", "túmb", "No estoy seguro", "un carro"):
        assert old not in joined, old


def test_U_S5_a_browser_session_gets_the_same_country():
    from types import SimpleNamespace

    from sciatica_tui.cli.serve import session_command

    args = SimpleNamespace(lang=None, content=None, emergency_number=None, country="GB")
    cmd = session_command(args)
    assert cmd[cmd.index("--country") + 1] == "GB"
