"""The clinician summary: date and time, symptom picture, compact negatives."""

from __future__ import annotations

from datetime import UTC, datetime

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words, timestamp
from sciatica_tui.reports.assessment_json import to_json
from sciatica_tui.reports.formats.text import to_text


def test_timestamp_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert timestamp() == "2027-01-15 08:00 +0000"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert timestamp(datetime(2026, 1, 2, 3, 4, tzinfo=UTC)) == "2026-01-02 03:04 +0000"


def test_symptom_picture_lists_only_answered_symptom_questions_in_order(content, disc):
    a = assess(content, disc)
    data = to_json(content, a, Words(content), generated="X")
    ids = [x["question"] for x in data["symptoms"]]
    assert ids == [q for q in a.asked if content.question(q).section == "symptoms"]
    assert "pain_where" in ids and "saddle_numbness" not in ids
    assert data["generated"] == "X"


def test_symptom_picture_leaves_out_unanswered_questions(content, clear):
    a = assess(content, {**clear, "side": "left"})
    data = to_json(content, a, Words(content))
    assert [x["question"] for x in data["symptoms"]] == ["side"]


def test_text_summary_has_time_version_and_short_labels(content, disc):
    words = Words(content)
    text = to_text(content, assess(content, disc), words, generated="2026-11-21 10:00 +0000")
    assert "Date and time: 2026-11-21 10:00 +0000" in text
    assert f"Content version: {content.version}" in text
    assert "Symptom picture" in text
    assert "  - Pain location: Buttock," in text
    # Relevant negatives are one compact paragraph of short labels.
    assert "Numb bottom or genitals: No; New bladder change: No;" in " ".join(text.split())
