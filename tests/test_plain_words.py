"""Issue 18.4: plain mode's command words (back, why, help, words, skip, and
summary, continue, quit after a warning sign) come from content/ui.toml
(plain.word.*): the person's language's words are shown and accepted, and the
English ones still work."""

from __future__ import annotations

import io

import pytest

from sciatica_tui.core.words import Words
from sciatica_tui.plain import COMMANDS, PlainSession


def session(content, lang: str, lines: list[str]) -> tuple[PlainSession, io.StringIO]:
    feed = iter(lines)
    out = io.StringIO()
    return PlainSession(Words(content, lang, "112"), lambda: next(feed, None), out), out


def first_question(content, lang: str, *typed: str) -> str:
    """What plain mode prints when these lines are typed at the first question."""
    s, out = session(content, lang, list(typed))
    s.run()
    return out.getvalue()


def test_issue_18_4_plain_words_are_read_from_ui_toml(content, monkeypatch):
    """A word changed in ui.toml is the word shown and the word accepted."""
    monkeypatch.setitem(content.ui, "plain.word.help", {"en": "aid, h", "es": "socorro"})
    out = first_question(content, "es", "socorro")
    assert "socorro (esto)" in out  # the help, shown with its own word for help
    assert out.count("Escriba el número de una respuesta") == 1  # "socorro" was accepted
    en = first_question(content, "en", "aid")
    assert "aid (this)" in en and "Other words:" in en


@pytest.mark.parametrize("typed", ["atrás", "ATRAS", "a", "back", "b"])
def test_issue_18_4_back_in_spanish_mode_with_spanish_or_english_words(content, typed):
    s, out = session(content, "es", ["2", typed])
    s.run()
    text = out.getvalue()
    # Back from the second row goes to the first row again: its prompt twice.
    first = Words(content, "es").t(content.question(content.group("urgent_signs")
                                                    .questions[0]).prompt)
    assert text.count(first) == 2, text


@pytest.mark.parametrize("typed", ["por qué", "por que", "porque", "why", "w"])
def test_issue_18_4_why_in_spanish_mode(content, typed):
    assert "Por qué preguntamos:" in first_question(content, "es", typed)


@pytest.mark.parametrize("typed", ["palabras", "glosario", "words"])
def test_issue_18_4_words_explained_in_spanish_mode(content, typed):
    es = Words(content, "es")
    term = content.glossary[0]
    assert f"{es.t(term.term)}: {es.t(term.means)}" in first_question(content, "es", typed)


def test_issue_18_4_the_hints_show_the_persons_words(content):
    es = first_question(content, "es", "ayuda")
    assert "También puede escribir: atrás, por qué, ayuda." in es
    assert "atrás (la pregunta anterior)" in es and "saltar (solo donde se ofrece)" in es
    assert "{" not in es
    en = first_question(content, "en", "help")
    assert "You can also type: back, why, help." in en
    assert "skip (only where offered)" in en and "{" not in en


def _to_emergency(content) -> list[str]:
    """Lines that answer the first row "yes": an emergency that interrupts at once."""
    return ["1"]


@pytest.mark.parametrize("lang,summary,go_on", [("es", "resumen", "seguir"),
                                                ("es", "summary", "continue"),
                                                ("es", "r", "continuar"),
                                                ("en", "summary", "continue")])
def test_issue_18_4_after_a_warning_sign_summary_and_continue(content, lang, summary, go_on):
    s, out = session(content, lang, [*_to_emergency(content), summary, go_on])
    s.run()
    text = out.getvalue()
    title = Words(content, lang).ui("out.title")
    assert title in text  # the summary was shown
    # After "continue", the next row is asked: its progress line follows the alert.
    after = text.split(title, 1)[1]
    assert Words(content, lang).ui("tui.progress").split("{")[0] in after


@pytest.mark.parametrize("lang,word", [("es", "salir"), ("es", "Salir"), ("es", "quit"),
                                       ("en", "quit"), ("en", "q")])
def test_issue_18_4_after_a_warning_sign_quit(content, lang, word):
    s, out = session(content, lang, [*_to_emergency(content), word])
    with pytest.raises(SystemExit):
        s.run()
    # U-S6 kept: the last lines are what to do now.
    assert "112" in "\n".join(out.getvalue().rstrip().splitlines()[-4:])


def test_issue_18_4_every_shown_word_is_accepted_in_every_language(content):
    for lang in content.meta.languages:
        s, _ = session(content, lang, [])
        for name in COMMANDS:
            assert s.means(s.shown_words[name], name), (lang, name)
            assert s.means(content.ui[f"plain.word.{name}"]["en"].split(",")[0], name)
