"""Each class of content error gives a clear message naming file, item and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sciatica_tui.contentset.loader import ContentError, load_content


@pytest.fixture
def broken(tmp_path, content_dir):
    """A writable copy of the shipped content, and a helper to edit one file."""
    root = tmp_path / "content"
    shutil.copytree(content_dir, root)

    def edit(name: str, old: str, new: str, count: int = 1) -> Path:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found in {name}: {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        return root

    return edit


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root)
    return [str(p) for p in info.value.problems]


def only(root: Path) -> str:
    found = problems(root)
    assert len(found) == 1, found
    return found[0]


CASES = [
    pytest.param("questions.toml", 'id = "bladder_change"\nsection = "red_flags"\ntype = "yes_no_unsure"',
                 'id = "bladder_change"\nsection = "red_flags"\ntype = "yes_no"',
                 ["questions.toml", 'question "bladder_change"', 'field "type"'], id="bad-type"),
    pytest.param("questions.toml", 'prompt.en = "How old are you?"\n', "",
                 ["questions.toml", 'question "age"', 'field "prompt"', "required"], id="missing"),
    pytest.param("red_flags.toml", 'id = "fever"\nlabel.en', 'id = "fever"\nlable.en = "x"\nlabel.en',
                 ["red_flags.toml", 'red_flag "fever"', 'field "lable"', "unknown field"],
                 id="unknown-field"),
    pytest.param("red_flags.toml", 'when = { q = "night_pain", is = "yes" }',
                 'when = { q = "night_pains", is = "yes" }',
                 ["red_flags.toml", 'red_flag "night_pain"', 'field "when.q"', "night_pains"],
                 id="unknown-question"),
    pytest.param("red_flags.toml", 'when = { q = "weakness_change", in = ["worse", "new"] }',
                 'when = { q = "weakness_change", in = ["worse", "brand_new"] }',
                 ["red_flags.toml", 'red_flag "progressive_weakness"', 'field "when"', "brand_new"],
                 id="unknown-option"),
    pytest.param("red_flags.toml", 'when = { q = "weight_loss", is = "yes" }',
                 'when = { q = "weight_loss", gte = 3 }',
                 ["red_flags.toml", 'red_flag "weight_loss"', 'field "when"', "does not fit"],
                 id="test-does-not-fit-type"),
    pytest.param("red_flags.toml", 'when = { q = "night_pain", is = "yes" }',
                 'when = { q = "night_pain" }',
                 ["red_flags.toml", 'red_flag "night_pain"', 'field "when"', "exactly one test"],
                 id="condition-without-test"),
    pytest.param("red_flags.toml", 'when = { q = "night_pain", is = "yes" }',
                 'when = { all = [ { q = "night_pain", is = "yes" }, { q = "night_pain", is = "no" } ] }',
                 ["red_flags.toml", 'red_flag "night_pain"', 'field "when"', "can trigger"],
                 id="untriggerable-red-flag"),
    pytest.param("questions.toml", 'when = { q = "numbness", is = "yes" }',
                 'when = { all = [ { q = "numbness", is = "yes" }, { q = "numbness", is = "no" } ] }',
                 ["questions.toml", 'question "numb_where"', 'field "when"', "asked"],
                 id="unreachable-question"),
    pytest.param("questions.toml", 'when = { q = "both_legs", in = ["yes", "unsure"] }',
                 'when = { q = "daily_life", in = ["yes", "unsure"] }',
                 ["questions.toml", 'question "both_legs_new"', 'field "when"', "earlier"],
                 id="when-uses-later-question"),
    pytest.param("red_flags.toml", 'id = "night_pain"', 'id = "fever"',
                 ["red_flags.toml", 'red_flag "fever"', 'field "id"', "duplicate"],
                 id="duplicate-id"),
    pytest.param("red_flags.toml", 'sources = ["NHS-AAA", "NHS-AD"]', 'sources = ["NHS-XYZ"]',
                 ["red_flags.toml", 'red_flag "sudden_severe"', 'field "sources"', "NHS-XYZ"],
                 id="unknown-source"),
    pytest.param("red_flags.toml", 'sources = ["NHS-AAA", "NHS-AD"]', "sources = []",
                 ["red_flags.toml", 'red_flag "sudden_severe"', 'field "sources"'],
                 id="no-source"),
    pytest.param("ui.toml", '"out.none".en = "None"\n"out.none".es = "Ninguna"\n', "",
                 ["ui.toml", 'string "out.none"', 'field "en"', "missing"],
                 id="missing-ui-string"),
    pytest.param("red_flags.toml", 'label.es = "Fiebre o malestar"\n', "",
                 ["red_flags.toml", 'red_flag "fever"', 'field "label.es"', "missing es translation"],
                 id="missing-translation"),
    pytest.param("ui.toml", '"tui.start".es = "Empezar"\n', "",
                 ["ui.toml", 'string "tui.start"', 'field "es"', "missing es translation"],
                 id="missing-ui-translation"),
    pytest.param("meta.toml", 'languages = ["en", "es"]', 'languages = ["en", "es", "fr"]',
                 ["questions.toml", 'question "saddle_numbness"', 'field "prompt.fr"',
                  "missing fr translation"],
                 id="language-not-translated"),
    pytest.param("causes.toml", "weight = 3\n", "weight = 0\n",
                 ["causes.toml", 'cause "disc_herniation"', 'field "evidence[0]"', "must not be 0"],
                 id="zero-weight"),
    pytest.param("questions.toml", 'label.en = "Less than 1 week"', 'label.en = ""',
                 ["questions.toml", 'question "how_long"', 'field "options[0].label"', "empty"],
                 id="empty-text"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_broken_content_names_file_item_and_field(broken, file, old, new, expected):
    root = broken(file, old, new)
    found = problems(root)
    assert any(all(part in p for part in expected) for p in found), found


def test_toml_syntax_error_names_file_and_line(broken):
    root = broken("causes.toml", 'id = "piriformis"', 'id = "piriformis')
    msg = only(root)
    assert msg.startswith("causes.toml") and "not valid TOML" in msg and "line" in msg


def test_missing_file(broken, tmp_path):
    root = broken("rules.toml", "[[rule]]", "[[rule]]")
    (root / "rules.toml").unlink()
    assert only(root) == "rules.toml: file is missing"


def test_missing_directory(tmp_path):
    assert "content directory not found" in only(tmp_path / "nowhere")


def test_missing_disposition_tier(broken, content_dir):
    text = (content_dir / "dispositions.toml").read_text(encoding="utf-8")
    start = text.index('[[disposition]]\nid = "soon"')
    end = text.index("[[disposition]]", start + 1)
    root = broken("dispositions.toml", text[start:end], "")
    assert only(root) == 'dispositions.toml: disposition "soon", field "id": missing'


def test_item_without_id_is_named_by_position(broken):
    root = broken("red_flags.toml", '[[red_flag]]\nid = "sudden_severe"\n', "[[red_flag]]\n")
    assert any("red_flag #1 (no id)" in p and 'field "id"' in p for p in problems(root))


def test_every_problem_is_listed_not_just_the_first(broken):
    broken("red_flags.toml", 'sources = ["NHS-AAA", "NHS-AD"]', 'sources = ["NHS-XYZ"]')
    root = broken("causes.toml", 'sources = ["LAS"]', 'sources = ["LASS"]')
    found = problems(root)
    assert any("NHS-XYZ" in p for p in found) and any("LASS" in p for p in found)


def test_shipped_content_is_clean(content_dir):
    load_content(content_dir)


def test_a_warning_sign_question_without_not_sure_is_refused(broken):
    root = broken("questions.toml", '[[question.options]]\nid = "unsure"\nlabel.en = "I am not sure"'
                  '\nlabel.es = "No lo sé"\nunknown = true\n\n[[question]]\n'
                  'id = "pregnancy_danger"',
                  '\n[[question]]\nid = "pregnancy_danger"')
    msg = only(root)
    assert 'questions.toml' in msg and 'question "pregnant"' in msg and "options" in msg
    assert "not sure" in msg
