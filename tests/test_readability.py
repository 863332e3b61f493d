"""Plain language, measured: about a 6th-grade reading level, and medical words
explained in the glossary."""

from __future__ import annotations

import re
import statistics

import textstat

from .readability import user_texts

MIN_WORDS = 10  # Flesch-Kincaid is meaningless on a two-word label
MAX_GRADE = 7.0
# Long words that are everyday English, not jargon.
EVERYDAY = {"activity", "diagnosis", "exercises", "generally", "irritated", "maternity",
            "operation", "uncomfortable", "self-report", "sciatica-tui", "everyone",
            "everything", "emergency", "information"}
MEDICAL = ["cauda equina", "stenosis", "piriformis", "sacroiliac", "dermatome", "aneurysm",
           "osteoporosis", "sciatica", "sciatic nerve", "nerve root", "physio", "clinician",
           "lumbar", "disc", "a&e", "pelvic girdle", "nerve glide"]


def _texts(content):
    yield from user_texts(content)
    for term in content.glossary:
        yield f"glossary.toml: {term.id}.means", term.means["en"]


def test_every_text_reads_at_about_a_6th_grade_level(content):
    grades = {where: textstat.flesch_kincaid_grade(text) for where, text in _texts(content)
              if text and len(text.split()) >= MIN_WORDS}
    too_hard = {w: g for w, g in grades.items() if g > MAX_GRADE}
    assert not too_hard, f"above grade {MAX_GRADE}: {too_hard}"
    assert len(grades) > 150
    assert statistics.median(grades.values()) <= 5


def test_short_texts_use_no_long_words_that_are_not_explained(content):
    explained = {m for term in content.glossary for m in term.matches}
    for where, text in _texts(content):
        for word in re.findall(r"[A-Za-z][A-Za-z'&-]+", text):
            low = word.lower()
            if textstat.syllable_count(word) >= 4 and low not in EVERYDAY:
                assert low in explained, f"{where}: '{word}' is long and not in the glossary"


def test_every_medical_word_used_is_in_the_glossary(content):
    explained = {m for term in content.glossary for m in term.matches}
    used = " ".join(text.lower() for _, text in user_texts(content))
    for word in MEDICAL:
        if re.search(rf"(?<![a-z]){re.escape(word)}", used):
            assert word in explained, f"'{word}' is used but not explained in glossary.toml"
