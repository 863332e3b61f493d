"""The validated-content cache: keyed by a hash of every file and of the validator,
so an edit is never missed; a hit needs no pydantic; the shipped content uses the
entry shipped with the package; a damaged, tampered or strange entry is ignored;
kiosk mode neither reads nor writes the user's cache."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_tui.contentset.cache import cache_dir, content_key
from sciatica_tui.contentset.loader import load_content
from sciatica_tui.core.engine import assess

from .conftest import DISC, clear_screening
from .pilot import loaded, sync

ROOT = Path(__file__).resolve().parent.parent


def _copy(tmp_path, content_dir):
    target = tmp_path / "content"
    shutil.copytree(content_dir, target)
    return target


def test_a_cached_load_gives_the_same_content(tmp_path, content_dir, monkeypatch):
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)  # not the shipped folder: the user's cache
    fresh = load_content(root)  # validates, then writes the cache
    assert len(list((tmp_path / "cache").glob("content-*.json"))) == 1
    cached = load_content(root)
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

    from sciatica_tui.contentset.cache import KEEP

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
    from sciatica_tui.contentset.loader import ContentError

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
    root = _copy(tmp_path, content_dir)
    load_content(root)
    [entry] = (tmp_path / "cache").glob("content-*.json")
    entry.write_text('{"meta": {"version": 1}')  # cut short
    assert len(load_content(root).questions) > 30
    entry.write_text(json.dumps({"format": 1, "sha256": "0", "data": "{}"}))  # tampered
    assert len(load_content(root).questions) > 30
    good = load_content(root)
    assert good.meta.version


def test_a_cache_hit_does_not_import_pydantic_or_textual(tmp_path, content_dir):
    root = _copy(tmp_path, content_dir)
    env_code = ("import sys; from sciatica_tui.cli.main import main; "
                f"code = main(['--content', {str(root)!r}, 'assess', '--answers', "
                "'examples/self_care_disc.json']); "
                "print('MODULES', 'pydantic' in sys.modules, 'textual' in sys.modules)")
    for _ in range(2):  # the first run fills the cache
        out = subprocess.run([sys.executable, "-c", env_code], capture_output=True, text=True,
                             timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "MODULES False False" in out.stdout
    assert list(cache_dir().glob("content-*.json"))


# --- the quick copy of the welcome screen's words ------------------------------


def _edited_copy(tmp_path, content_dir):
    """A copy of the content whose ui.toml differs from the shipped one (a comment
    added), so the quick copy shipped in the package does not serve it."""
    root = _copy(tmp_path, content_dir)
    with (root / "ui.toml").open("a", encoding="utf-8") as f:
        f.write("\n# edited here\n")
    return root


def test_the_welcome_words_are_read_from_their_quick_copy(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.store.paths import QUICK_CACHE, quick_ui_strings

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _edited_copy(tmp_path, content_dir)
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
    from sciatica_tui.store.paths import quick_ui_strings

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    assert quick_ui_strings(root, "en")["tui.start"] == "Start"
    path = root / "ui.toml"
    path.write_text(path.read_text().replace('"tui.start".en = "Start"', '"tui.start".en = "Go"'))
    assert quick_ui_strings(root, "en")["tui.start"] == "Go"
    other = _copy(tmp_path / "other", content_dir)  # another content folder, same file
    assert quick_ui_strings(other, "en")["tui.start"] == "Start"


def test_the_quick_copy_is_not_written_when_told_not_to(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.store.paths import quick_ui_strings

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    assert quick_ui_strings(content_dir, "en", remember=False)["tui.start"] == "Start"
    assert not (tmp_path / "cache").exists()


def test_19_8_the_shipped_quick_copy_is_current(content_dir):
    from sciatica_tui.contentset.cache import REGENERATE
    from sciatica_tui.store.paths import SHIPPED_QUICK, shipped_quick_text

    assert SHIPPED_QUICK.read_text(encoding="utf-8") == shipped_quick_text(content_dir), (
        f"{SHIPPED_QUICK.name}, shipped in the package, is out of date. Run: {REGENERATE}")


def test_19_8_a_first_run_or_a_kiosk_reads_the_welcome_words_without_tomllib(tmp_path):
    """Memory at start (issue 19): with no copy of its own (a first run) or none
    to read (a kiosk), the shipped content's welcome words come from the copy
    shipped in the package, without tomllib."""
    code = ("import json, sys; from sciatica_tui.store.paths import quick_ui_strings; "
            "got = [quick_ui_strings(None, lang, remember=r) for lang in ('en', 'es') "
            "for r in (False, True)]; "
            "print(json.dumps({'tomllib': 'tomllib' in sys.modules, 'got': got}))")
    env = {**os.environ, "SCIATICA_TUI_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["tomllib"] is False
    assert not (tmp_path / "cache").exists()  # nothing to copy: the shipped copy serves
    assert out["got"][0]["tui.start"] == "Start" and out["got"][2]["tui.start"] != "Start"
    assert out["got"][0] == out["got"][1] and out["got"][2] == out["got"][3]


def test_19_8_the_shipped_quick_copy_serves_only_the_files_it_was_made_from(
        tmp_path, content_dir, monkeypatch):
    """Matched by the files' SHA-256: the same bytes in another folder use it, and
    give what the TOML gives; one edited character, and the TOML is read."""
    from sciatica_tui.core.safe_read import parse_toml
    from sciatica_tui.store.paths import quick_ui_strings

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    shipped = quick_ui_strings(root, "es", remember=False)
    table = parse_toml((content_dir / "ui.toml").read_text(encoding="utf-8"))["strings"]
    assert shipped["tui.start"] == table["tui.start"]["es"]
    path = root / "ui.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        f'"tui.start".es = "{table["tui.start"]["es"]}"', '"tui.start".es = "Empezar ya"'),
        encoding="utf-8")
    assert quick_ui_strings(root, "es", remember=False)["tui.start"] == "Empezar ya"


# --- S-F9: the cache is untrusted; the shipped content has its own entry --------------

EMERGENCY = json.loads((ROOT / "examples" / "emergency_bladder.json").read_text())


def _rewrite(entry, change=None, payload=None):
    """Edit an entry's data and recompute its checksum, as someone editing it would."""
    import hashlib

    outer = json.loads(entry.read_text())
    if payload is None:
        data = json.loads(outer["data"])
        data = change(data) or data
        payload = json.dumps(data)
    outer["data"] = payload
    outer["sha256"] = hashlib.sha256(payload.encode()).hexdigest()
    entry.write_text(json.dumps(outer))


def _no_emergencies(data):
    for flag in data["red_flags"]:
        flag["tier"] = "soon"


def _user_entry(tmp_path, content_dir, monkeypatch):
    """A copy of the content (not the shipped folder) and its entry in the user's cache."""
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    load_content(root)  # personal use of the folder writes its entry
    [entry] = (tmp_path / "cache").glob("content-*.json")
    return root, entry


def test_S_F9_the_shipped_cache_entry_is_current(content_dir):
    from sciatica_tui.contentset.cache import REGENERATE, STOCK
    from sciatica_tui.contentset.loader import stock_text

    assert STOCK.read_text(encoding="utf-8") == stock_text(content_dir), (
        f"The content cache shipped in the package is out of date. Run: {REGENERATE}")



def test_19_6_the_shipped_entry_has_the_shape_and_cross_checks():
    """What a start no longer checks in the shipped entry (it is as trusted as the
    code), checked here: the runtime classes' shape, and the cross-checks."""
    from sciatica_tui.contentset import cache as content_cache
    from sciatica_tui.contentset.checks import cross_check
    from sciatica_tui.core.content import build

    entry = json.loads(content_cache.STOCK.read_text(encoding="utf-8"))
    data = json.loads(entry["data"])
    assert content_cache._shape()(data, 0), (
        f"The shipped content cache does not fit the runtime classes. Run: "
        f"{content_cache.REGENERATE}")
    assert cross_check(build(data)) == []


def test_19_6_a_start_with_the_shipped_content_skips_the_shape_check(content_dir,
                                                                     monkeypatch):
    """Loading the shipped content reads its entry without building the shape check
    (and without validating the TOML); a user entry is still shape-checked (S-F9)."""
    from sciatica_tui.contentset import cache as content_cache
    from sciatica_tui.contentset import loader

    built = []
    real = content_cache._shape
    monkeypatch.setattr(content_cache, "_shape", lambda: built.append(1) or real())
    monkeypatch.setattr(loader, "_validate", lambda root: pytest.fail("validated the TOML"))
    content = load_content(None)
    assert built == [] and content.questions

def test_S_F9_the_shipped_content_never_uses_the_users_cache(tmp_path, content_dir,
                                                             monkeypatch):
    from sciatica_tui.contentset.cache import STOCK, entry_text

    cache = tmp_path / "cache"
    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(cache))
    key = content_key(content_dir)
    data = json.loads(json.loads(STOCK.read_text())["data"])
    _no_emergencies(data)
    cache.mkdir()
    (cache / f"content-{key}.json").write_text(entry_text(key, data))  # checksum is right
    assert assess(load_content(content_dir), EMERGENCY).disposition == "emergency"
    assert [p.name for p in cache.iterdir()] == [f"content-{key}.json"]  # nothing added


@sync
async def test_S_F9_a_tampered_entry_cannot_change_a_kiosk_assessment(tmp_path, content_dir,
                                                                     monkeypatch):
    from sciatica_tui.store.config import Config, hash_pin
    from sciatica_tui.tui.app import SciaticaApp

    root, entry = _user_entry(tmp_path, content_dir, monkeypatch)
    _rewrite(entry, _no_emergencies)
    before = entry.read_bytes()
    kiosk = Config(mode="kiosk", admin_pin_hash=hash_pin("2468", iterations=1000))
    for folder in (root, content_dir):  # an edited copy, and the shipped content
        app = SciaticaApp(cursor_blink=False, config=kiosk, content_dir=str(folder))
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot, app)
            assert assess(app.words.content, EMERGENCY).disposition == "emergency"
    assert entry.read_bytes() == before  # a kiosk does not touch the user's cache either


def _deep(levels):
    return '{"not": ' * levels + '{"q": "fever", "is": "yes"}' + "}" * levels


def _deep_payload(entry):
    data = json.loads(json.loads(entry.read_text())["data"])
    data["red_flags"][0]["when"] = "DEEP"
    return json.dumps(data).replace('"DEEP"', _deep(100_000))


STRANGE = {
    "bad JSON": lambda entry: entry.write_text('{"format": 2, "data": '),
    "wrong checksum": lambda entry: entry.write_text(
        entry.read_text().replace('"sha256": "', '"sha256": "0')),
    "nested 100,000 deep": lambda entry: _rewrite(entry, payload=_deep_payload(entry)),
    "nested deeper than the limit": lambda entry: _rewrite(
        entry, lambda d: d["red_flags"][0].update(when=json.loads(_deep(200)))),
    "not an object": lambda entry: _rewrite(entry, lambda d: [d]),
    "a field missing": lambda entry: _rewrite(entry, lambda d: d["questions"][0].pop("prompt")),
    "a field too many": lambda entry: _rewrite(entry, lambda d: d["causes"][0].update(x=1)),
    "a field of the wrong type": lambda entry: _rewrite(
        entry, lambda d: d["red_flags"][0].update(label=5)),
    "an unknown question": lambda entry: _rewrite(
        entry, lambda d: d["red_flags"][0].update(when={"q": "nope", "is": "yes"})),
    "a sample that no longer holds": lambda entry: _rewrite(entry, _no_emergencies),
    "not a file": lambda entry: (entry.unlink(), os.mkfifo(entry)),
}


def _fingerprint(content):
    """What the content says (every plain field of every item) and what it decides."""
    from sciatica_tui.core.content import PARTS

    def plain(value):
        if isinstance(value, dict):
            return all(plain(v) for v in value.values())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return isinstance(value, (str, int, float, bool, type(None)))

    fields = [[{k: v for k, v in item.__dict__.items() if plain(v)}
               for item in getattr(content, part)] for part in PARTS]
    a = assess(content, EMERGENCY)
    return fields, a.disposition, [f.id for f in a.red_flags], [c.id for c in a.likely_causes]


@pytest.mark.parametrize("damage", list(STRANGE))
def test_S_F9_a_strange_entry_is_ignored_and_the_toml_validated(tmp_path, content_dir,
                                                                monkeypatch, damage):
    root, entry = _user_entry(tmp_path, content_dir, monkeypatch)
    STRANGE[damage](entry)
    content = load_content(root)  # no exception, no hang
    assert _fingerprint(content) == _fingerprint(load_content(root, use_cache=False))
    assert entry.is_file() and stat.S_ISREG(entry.stat().st_mode)  # replaced by a good one
    assert load_content(root).meta.version == content.meta.version


def test_S_F9_an_entry_over_the_size_limit_is_ignored(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.contentset import cache as content_cache

    root, entry = _user_entry(tmp_path, content_dir, monkeypatch)
    _rewrite(entry, _no_emergencies)
    monkeypatch.setattr(content_cache, "MAX_ENTRY_BYTES", 1000)
    assert assess(load_content(root), EMERGENCY).disposition == "emergency"


@sync
async def test_S_F9_a_nested_entry_does_not_crash_start_up(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.tui.app import SciaticaApp

    root, entry = _user_entry(tmp_path, content_dir, monkeypatch)
    _rewrite(entry, payload=_deep_payload(entry))
    app = SciaticaApp(cursor_blink=False, content_dir=str(root))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        assert app.words is not None and not app.problem
        assert assess(app.words.content, EMERGENCY).disposition == "emergency"


def test_S_F9_the_user_cache_keeps_the_most_recently_used(tmp_path, content_dir, monkeypatch):
    from sciatica_tui.contentset.cache import KEEP

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    path = root / "ui.toml"
    original = path.read_text()

    def edit(n):
        path.write_text(original.replace('"tui.start".en = "Start"', f'"tui.start".en = "Go {n}"'))
        return content_key(root)

    keys = []
    for n in range(KEEP):
        keys.append(edit(n))
        load_content(root)
        os.utime(cache_dir() / f"content-{keys[-1]}.json", ns=(n * 10**9, n * 10**9))
    edit(0)
    assert load_content(root).ui["tui.start"]["en"] == "Go 0"  # the oldest, used again
    edit(KEEP)
    load_content(root)  # a new entry: the least recently used goes
    kept = {p.name for p in cache_dir().glob("content-*.json")}
    assert f"content-{keys[0]}.json" in kept and f"content-{keys[1]}.json" not in kept
    assert len(kept) == KEEP


def test_S_F9_a_validator_change_never_meets_an_old_entry(tmp_path, content_dir):
    import sciatica_tui

    package = Path(sciatica_tui.__file__).parent
    copy = tmp_path / "pkg" / "sciatica_tui"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    import sciatica_tui.contentset.schema

    model = copy / Path(sciatica_tui.contentset.schema.__file__).relative_to(package)
    model.write_text(model.read_text() + "\n# a changed validator\n")
    code = ("import sys; from pathlib import Path; from sciatica_tui.contentset.cache import "
            f"content_key; print(content_key(Path({str(content_dir)!r})))")
    # -S and cwd: neither the installed package nor the checkout shadows the copy.
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(copy.parent)},
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() != content_key(content_dir)


_START = """
import asyncio, sys
from sciatica_tui.store.config import Config, hash_pin
from sciatica_tui.tui.app import SciaticaApp

async def main():
    config = Config(mode=sys.argv[1], admin_pin_hash=hash_pin("2468", iterations=1000))
    app = SciaticaApp(cursor_blink=False, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(400):  # bounded: on a busy machine the worker may start late
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.words is not None or app.problem:
                break
            await pilot.pause(0.05)
        print("LOADED", app.words is not None, "pydantic" in sys.modules)

asyncio.run(main())
"""


@pytest.mark.parametrize("mode", ["kiosk", "personal"])
def test_S_F9_kiosks_and_first_runs_start_without_pydantic(tmp_path, mode):
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "SCIATICA_TUI_CACHE": str(home / "cache" / "sciatica-tui")}
    out = subprocess.run([sys.executable, "-c", _START, mode], capture_output=True, text=True,
                         timeout=120, env=env, cwd=tmp_path)
    assert "LOADED True False" in out.stdout, out.stdout + out.stderr
    assert not list((home / "cache").rglob("content-*.json"))  # and nothing written
    if mode == "personal":  # the first headless run too
        cli = subprocess.run([sys.executable, "-c", "import sys; from sciatica_tui.cli.main import "
                              "main; main(['assess', '--answers', sys.argv[1]]); "
                              "print('PYDANTIC', 'pydantic' in sys.modules)",
                              str(ROOT / "examples" / "self_care_disc.json")],
                             capture_output=True, text=True, timeout=60, env=env)
        assert "PYDANTIC False" in cli.stdout, cli.stderr


def test_S_F9_a_kiosk_does_not_read_the_quick_copy_of_the_words(tmp_path, content_dir,
                                                              monkeypatch):
    from sciatica_tui.store.paths import QUICK_CACHE, quick_ui_strings

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _edited_copy(tmp_path, content_dir)
    quick_ui_strings(root, "en")  # personal use writes the copy
    copy = tmp_path / "cache" / QUICK_CACHE
    entry = json.loads(copy.read_text())
    entry["strings"]["tui.start"]["en"] = "From the copy"
    copy.write_text(json.dumps(entry))
    assert quick_ui_strings(root, "en", remember=False)["tui.start"] == "Start"


def test_H_C2_a_schema_version_bump_never_serves_an_old_entry(tmp_path, content_dir,
                                                               monkeypatch):
    """An entry made under one SCHEMA_VERSION is not used under the next: the
    content is validated again (the version is in the key and in the entry)."""
    from sciatica_tui.contentset import cache as content_cache
    from sciatica_tui.contentset import loader

    monkeypatch.setenv("SCIATICA_TUI_CACHE", str(tmp_path / "cache"))
    root = _copy(tmp_path, content_dir)
    load_content(root)  # validated, and an entry written
    old_key = content_key(root)
    old_entry = content_cache._user_entry(old_key)
    assert old_entry.is_file()

    validated: list[Path] = []
    real = loader._validate
    monkeypatch.setattr(loader, "_validate", lambda r: validated.append(r) or real(r))
    load_content(root)
    assert validated == []  # the same version: the entry is used

    monkeypatch.setattr(content_cache, "SCHEMA_VERSION", content_cache.SCHEMA_VERSION + 1)
    assert content_key(root) != old_key
    # Even an entry filed under the new key is refused when it was made by the old version.
    new_entry = content_cache._user_entry(content_key(root))
    text = json.loads(old_entry.read_text())
    text["key"] = content_key(root)
    new_entry.write_text(json.dumps(text))
    load_content(root)
    assert validated == [root]
