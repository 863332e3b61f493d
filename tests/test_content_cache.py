"""The validated-content cache: keyed by a hash of every file, so an edit is never
missed; a hit needs no pydantic; a damaged entry is ignored; kiosk mode writes none."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from sciatica_tui.content_cache import cache_dir, content_key
from sciatica_tui.engine import assess
from sciatica_tui.loader import load_content

from .conftest import DISC, clear_screening

ROOT = Path(__file__).resolve().parent.parent


def _copy(tmp_path, content_dir):
    target = tmp_path / "content"
    shutil.copytree(content_dir, target)
    return target


def test_a_cached_load_gives_the_same_content(tmp_path, content_dir, monkeypatch):
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    fresh = load_content(content_dir)  # validates, then writes the cache
    assert len(list((tmp_path / "cache").glob("content-*.json"))) == 1
    cached = load_content(content_dir)
    assert [q.id for q in cached.questions] == [q.id for q in fresh.questions]
    answers = {**clear_screening(fresh), **DISC, "weakness": "unsure"}
    a, b = assess(fresh, answers), assess(cached, answers)
    assert (a.disposition, a.red_flags, a.possible_red_flags, a.likely_causes, a.first_steps,
            a.withheld_steps) == (b.disposition, b.red_flags, b.possible_red_flags,
                                  b.likely_causes, b.first_steps, b.withheld_steps)
    assert cached.meta.last_reviewed == fresh.meta.last_reviewed


def test_an_edited_file_misses_the_cache(tmp_path, content_dir, monkeypatch):
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    before = content_key(root)
    load_content(root)
    path = root / "ui.toml"
    path.write_text(path.read_text().replace('"tui.start".en = "Start"', '"tui.start".en = "Go"'))
    assert content_key(root) != before
    assert load_content(root).ui["tui.start"]["en"] == "Go"


def test_the_cache_keeps_only_the_newest_entries(tmp_path, content_dir, monkeypatch):
    import os

    from sciatica_tui.content_cache import KEEP

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    path = root / "ui.toml"
    original = path.read_text()
    keys = []
    for n in range(KEEP + 2):  # one edit after another, each a new entry
        path.write_text(original.replace('"tui.start".en = "Start"', f'"tui.start".en = "Go {n}"'))
        keys.append(content_key(root))
        load_content(root)
        entry = cache_dir() / f"content-{keys[-1]}.json"
        os.utime(entry, ns=(n * 10**9, n * 10**9))  # distinct times, oldest first
    kept = sorted(p.name for p in cache_dir().glob("content-*.json"))
    assert kept == sorted(f"content-{k}.json" for k in keys[-KEEP:])
    assert load_content(root).ui["tui.start"]["en"] == f"Go {KEEP + 1}"


def test_a_broken_edit_is_reported_even_after_a_cached_load(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.loader import ContentError

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    load_content(root)
    path = root / "red_flags.toml"
    path.write_text(path.read_text().replace('tier = "urgent"', 'tier = "later"', 1))
    try:
        load_content(root)
    except ContentError as exc:
        assert "red_flags.toml" in str(exc)
    else:
        raise AssertionError("a broken file was loaded from the cache")


def test_a_damaged_cache_entry_is_ignored(tmp_path, content_dir, monkeypatch):
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    load_content(content_dir)
    [entry] = (tmp_path / "cache").glob("content-*.json")
    entry.write_text('{"meta": {"version": 1}')  # cut short
    assert len(load_content(content_dir).questions) > 30
    entry.write_text(json.dumps({"format": 1, "sha256": "0", "data": "{}"}))  # tampered
    assert len(load_content(content_dir).questions) > 30
    good = load_content(content_dir)
    assert good.meta.version


def test_a_cache_hit_does_not_import_pydantic_or_textual(tmp_path):
    env_code = ("import sys; from sciatica_tui.cli import main; "
                "code = main(['assess', '--answers', 'examples/self_care_disc.json']); "
                "print('MODULES', 'pydantic' in sys.modules, 'textual' in sys.modules)")
    for _ in range(2):  # the first run fills the cache
        out = subprocess.run([sys.executable, "-c", env_code], capture_output=True, text=True,
                             timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "MODULES False False" in out.stdout
    assert cache_dir().is_dir()


# --- the quick copy of the welcome screen's words ------------------------------


def test_the_welcome_words_are_read_from_their_quick_copy(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.paths import QUICK_CACHE, quick_ui_strings

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    first = quick_ui_strings(root, "en")
    assert first is not None and first["tui.start"] == "Start"
    copy = tmp_path / "cache" / QUICK_CACHE
    entry = json.loads(copy.read_text())
    entry["strings"]["tui.start"]["en"] = "From the copy"
    copy.write_text(json.dumps(entry))
    assert quick_ui_strings(root, "en")["tui.start"] == "From the copy"  # the copy is used
    copy.write_text('{"key": ')  # damaged: the TOML is read again
    assert quick_ui_strings(root, "en")["tui.start"] == "Start"


def test_an_edited_ui_file_is_never_shown_from_a_stale_copy(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.paths import quick_ui_strings

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    assert quick_ui_strings(root, "en")["tui.start"] == "Start"
    path = root / "ui.toml"
    path.write_text(path.read_text().replace('"tui.start".en = "Start"', '"tui.start".en = "Go"'))
    assert quick_ui_strings(root, "en")["tui.start"] == "Go"
    other = _copy(tmp_path / "other", content_dir)  # another content folder, same file
    assert quick_ui_strings(other, "en")["tui.start"] == "Start"


def test_the_quick_copy_is_not_written_when_told_not_to(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.paths import quick_ui_strings

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    assert quick_ui_strings(content_dir, "en", remember=False)["tui.start"] == "Start"
    assert not (tmp_path / "cache").exists()
