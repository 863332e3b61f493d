"""Safety rule 4 for the health-services table (content/locales.toml): every
locale's emergency number and named lines carry a source, like every other
clinical statement, and the content check refuses a locale without one or with
a source that sources.toml does not list, in the same one-line form (file,
item, field) as for any other item."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sciatica_tui.contentset.loader import ContentError, default_content_dir, load_content

# Each [[locale]] block, up to the next one or the end of the file.
_BLOCK = re.compile(r"\[\[locale\]\]\n.*?(?=\n\[\[locale\]\]|\Z)", re.S)
_SOURCES_LINE = re.compile(r"^sources = \[[^\]]*\]\n", re.M)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(default_content_dir(), root)
    return root


def _edit_locale(root: Path, locale_id: str, edit) -> None:
    """Apply `edit` to the text of one [[locale]] block of locales.toml."""
    path = root / "locales.toml"
    text = path.read_text(encoding="utf-8")
    for block in _BLOCK.findall(text):
        if f'id = "{locale_id}"\n' in block:
            path.write_text(text.replace(block, edit(block)), encoding="utf-8")
            return
    raise AssertionError(f"no locale {locale_id!r} in locales.toml")


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_content(root, use_cache=False, user_cache=False)
    return [str(p) for p in err.value.problems]


def test_rule4_a_locale_without_sources_is_refused(tmp_path):
    root = _copy(tmp_path)
    _edit_locale(root, "gb", lambda block: _SOURCES_LINE.sub("", block))
    found = _problems(root)
    assert len(found) == 1, found
    assert found[0].startswith('locales.toml: locale "gb", field "sources"'), found
    assert "required" in found[0], found


def test_rule4_a_locale_with_an_empty_source_list_is_refused(tmp_path):
    root = _copy(tmp_path)
    _edit_locale(root, "ar", lambda block: _SOURCES_LINE.sub("", block) + "\nsources = []\n")
    found = _problems(root)
    assert len(found) == 1, found
    assert found[0].startswith('locales.toml: locale "ar", field "sources"'), found


def test_rule4_a_locale_citing_an_unknown_source_is_refused(tmp_path):
    root = _copy(tmp_path)
    _edit_locale(root, "nz",
                 lambda block: _SOURCES_LINE.sub("", block) + '\nsources = ["NO-SUCH-PAGE"]\n')
    found = _problems(root)
    assert found == ['locales.toml: locale "nz", field "sources": '
                     'unknown source "NO-SUCH-PAGE" (add it to sources.toml)'], found


def test_rule4_every_shipped_locale_has_a_source_that_exists(content):
    known = {s.id: s for s in content.sources}
    assert content.locales
    for locale in content.locales:
        assert locale.sources, locale.id
        for code in locale.sources:
            assert code in known, (locale.id, code)


def test_rule4_every_locale_source_is_a_page_people_can_check(content):
    """A number is checked against a live page: each source a locale cites has
    a web address and a title that names its publisher before a colon."""
    known = {s.id: s for s in content.sources}
    for locale in content.locales:
        for code in locale.sources:
            source = known[code]
            assert source.url and source.url.startswith(("https://", "http://")), (
                locale.id, code)
            assert ":" in source.title, (locale.id, code, source.title)


def test_rule4_each_number_is_in_its_sources_own_words(content):
    """The number the advice tells people to call appears in the title of at
    least one of the locale's sources (the titles record what each page says)."""
    known = {s.id: s for s in content.sources}
    for locale in content.locales:
        titles = " ".join(known[code].title for code in locale.sources)
        assert re.search(rf"(?<!\d){re.escape(locale.emergency_number)}(?!\d)", titles), (
            locale.id, locale.emergency_number, titles)
