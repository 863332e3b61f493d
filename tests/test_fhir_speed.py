"""Issue 19 (fhir): `assess --format fhir` writes the Questionnaire and CodeSystem as
text encoded once (shipped for the shipped content), and the bundle stays byte for
byte what json.dumps(indent=2) of the resources makes (tests/golden/*.fhir.json).
No timings here: speed is measured by benchmarks/run.py."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sciatica_tui.contentset import cache
from sciatica_tui.contentset.loader import load_content
from sciatica_tui.core.answers import validate_answers
from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats import fhir, render
from sciatica_tui.reports.formats.encode import Encoded, pretty_json, pretty_json_utf8

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
WHEN = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)


def _reference(content, a, words) -> str:
    """What the bundle was before: every resource made and json.dumps-indented."""
    data = fhir.bundle(content, a, words, WHEN)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _case(content, path: Path, lang: str):
    words = Words(content, lang, "112")
    return assess(content, validate_answers(content, json.loads(path.read_text()), words)), words


def test_19_fhir_shipped_resources_are_current(content_dir):
    """The shipped text is what the code makes now from the shipped content (else:
    run the command); the staleness check of the content cache's stock entry."""
    fresh = load_content(content_dir, use_cache=False)
    assert fhir.SHIPPED.read_bytes() == fhir.shipped_text(
        fresh, cache.content_key(content_dir)).encode("utf-8"), (
        f"{fhir.SHIPPED.name} is out of date. Run: {cache.REGENERATE}")


def test_19_fhir_the_shipped_content_uses_the_shipped_text(content):
    assert content.derived(cache.KEY_NAME, lambda: None) == cache.content_key(
        cache.default_content_dir())
    assert cache.KEY_NAME == fhir.CONTENT_KEY
    shipped = fhir._shipped(content)
    assert shipped is not None
    assert [r.text for r in fhir.content_resources(content)] == [r.text for r in shipped]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_19_fhir_bundle_bytes_are_unchanged(content, lang):
    """Every example, in both languages: the fast bundle is byte-identical to the
    resources made and indented by json.dumps, as it was written before."""
    assert fhir._shipped(content) is not None  # the fast path is the one tested
    assert len(EXAMPLES) >= 5
    for path in EXAMPLES:
        a, words = _case(content, path, lang)
        reference = _reference(content, a, words)
        assert fhir.bundle_utf8(content, a, words, WHEN) == reference.encode("utf-8"), path


def test_19_fhir_bundle_holds_the_golden_questionnaire_byte_for_byte(content, monkeypatch):
    """The golden Questionnaire and CodeSystem (tests/golden/questionnaire.fhir.json,
    json.dumps of bundle["entry"][:2]) appear in the written bundle unchanged, only
    indented one level deeper, as they sit in the bundle's entry list."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764664200")
    a, words = _case(content, ROOT / "examples" / "self_care_disc.json", "es")
    written = render("fhir", content, a, words)
    assert isinstance(written, bytes)
    written = written.decode("utf-8")
    golden = (GOLDEN / "questionnaire.fhir.json").read_text(encoding="utf-8")
    entries = golden.rstrip("\n")[1:-1].strip("\n")  # the two entries, without [ ]
    assert ("\n" + entries).replace("\n", "\n  ") + ",\n" in written


def test_19_fhir_edited_content_never_gets_the_shipped_text(tmp_path, content_dir,
                                                           monkeypatch):
    """A copy of the content with one prompt changed (read from the user's cache the
    second time, so it has a key) makes its own Questionnaire: the change shows."""
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "content"
    shutil.copytree(content_dir, root)
    questions = root / "questions.toml"
    old = "for no clear reason?"
    assert old in questions.read_text(encoding="utf-8")
    questions.write_text(questions.read_text(encoding="utf-8").replace(
        old, "for no reason we can name?", 1), encoding="utf-8")
    load_content(root)  # validated, then kept in the user's cache
    edited = load_content(root)  # from the user's cache, with its key
    assert edited.derived(cache.KEY_NAME, lambda: None) == cache.content_key(root)
    assert fhir._shipped(edited) is None
    a, words = _case(edited, ROOT / "examples" / "self_care_disc.json", "en")
    text = fhir.bundle_utf8(edited, a, words, WHEN).decode("utf-8")
    assert "for no reason we can name?" in text
    assert text == _reference(edited, a, words)


def test_19_fhir_changed_code_never_gets_the_shipped_text(content, monkeypatch):
    """The shipped text names the source of the modules that write it: with other
    code it is not used (the bundle is made as before)."""
    monkeypatch.setattr(fhir, "makers_digest", lambda: "0" * 64)
    assert fhir._shipped(content) is None


def test_19_fhir_a_missing_or_damaged_shipped_file_is_made_again(content, tmp_path,
                                                                 monkeypatch):
    good = fhir.SHIPPED.read_text(encoding="utf-8")
    head, _, rest = good.partition("\n")
    lengths = json.loads(head)["lengths"]
    for name, text in (("missing", None), ("cut", good[: len(good) // 2]),
                       ("not ours", "hello\n"), ("empty", ""), ("a list", "[1]\n"),
                       ("lengths not numbers", good.replace(
                           json.dumps(lengths), json.dumps([str(n) for n in lengths]), 1)),
                       ("a length below 0", good.replace(
                           json.dumps(lengths),
                           json.dumps([-1, lengths[1] + lengths[0] + 1]), 1))):
        path = tmp_path / f"{name}.txt"
        if text is not None:
            path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(fhir, "SHIPPED", path)
        assert fhir._shipped(content) is None, name


def test_19_encoded_values_are_written_as_json_dumps_would():
    """An Encoded value is its text, re-indented wherever it lands."""
    inner = {"a": [1, {"b": "x\ny \u2028 ñ"}], "c": {}, "d": [], "e": None}
    for pad in ("\n", "\n" + " " * 6, "\n    "):
        encoded = Encoded.of(inner, pad)
        as_bytes = Encoded(utf8=encoded.utf8, pad=pad)
        for value in (encoded, as_bytes):
            for outer in ({"k": value}, [value, 2], {"l": [{"m": value}]}, value):
                plain = json.loads(json.dumps(outer, default=lambda _: inner))
                want = json.dumps(plain, indent=2, ensure_ascii=False) + "\n"
                assert pretty_json(outer) == want
                assert pretty_json_utf8(outer) == want.encode("utf-8")


def test_19_fhir_the_shipped_content_never_remakes_its_questionnaire(monkeypatch):
    """`assess --format fhir` on the shipped content: neither the Questionnaire nor
    the CodeSystem is made (or encoded) again; the bundle still holds them."""
    fresh = load_content()  # nothing kept with it yet
    a, words = _case(fresh, ROOT / "examples" / "soon_stenosis.json", "en")
    want = _reference(fresh, a, words)  # made here, as the bundle was before

    def made(*args, **kwargs):
        raise AssertionError("made again")

    monkeypatch.setattr(fhir, "questionnaire", made)
    monkeypatch.setattr(fhir, "code_system", made)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(WHEN.timestamp())))
    written = render("fhir", fresh, a, words)
    assert (written.decode("utf-8") if isinstance(written, bytes) else written) == want
