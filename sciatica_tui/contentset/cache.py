"""Validated content, kept so that a start needs neither pydantic nor the TOML
parser. Two kinds of entry, both read the same careful way:

- The STOCK entry ships inside the package (`stock_content.json`): the content in
  content/, validated when the package was made. It is used when the content folder
  is the shipped one and its files hash to the entry's key, so kiosks, `serve
  --kiosk` and first runs start without validating, and without writing anything.
- USER entries (`content-<key>.json` in the user cache folder, 0600 in 0700) are
  for any other content folder, e.g. an edited copy: written after it validated,
  read the next time; the 4 most recently used are kept. Kiosk mode never reads or
  writes them; the shipped content never uses them.

The key is a hash of SCHEMA_VERSION, the program version, the validator's own
source files (so a change to a model or a check never meets an entry it did not
make) and every content file, so an edit simply misses.

Every entry is read with a size limit, parsed, and checked against its checksum and
key. A user entry is untrusted input: its shape is checked against the runtime
classes with a depth limit, and once built it is cross-checked like freshly
validated content. The stock entry is as trusted as the code beside it (the tests
check its shape and content). Anything wrong and the entry is ignored and the TOML
validated instead, never a crash.

Nothing clinical or personal is in a user entry: only the given content. Writing
is best effort: a read-only or full disk just means validating again next time.

`python -m sciatica_tui.contentset.cache` rewrites the stock entry from content/
(tests/test_content_cache.py fails when it is out of date)."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.content import CONTENT_KEY
from ..core.digest import sha256  # no hashlib: OpenSSL is ~4 MiB (issue 19)
from ..core.safe_read import CACHE_ENTRY_LIMIT
from ..store.paths import cache_dir, default_content_dir, write_cache_file

if TYPE_CHECKING:
    from ..core.content import Content

# The version of what valid content is and what an entry holds. Bump it with any
# change to the validator (model.py, conditions.py, content_checks.py) or to the
# runtime classes, e.g. when a check starts to refuse what it accepted before:
# it is part of every key and of every entry, so an entry made by an older
# validator is never served (4: groups.toml; 5: the runtime content classes
# checked for parity with the pydantic models). The validator's source is in the key as well, as a
# second guard for a change that forgot the bump.
SCHEMA_VERSION = 6
# User entries kept (the most recently used): enough for a few edited copies,
# without the folder growing with every content edit or release.
KEEP = 4
# An entry larger than this is not ours (the shipped content makes about 0.2 MB).
MAX_ENTRY_BYTES = CACHE_ENTRY_LIMIT
# How deeply free-form values (conditions, sample answers) may nest in an entry.
MAX_DEPTH = 32
STOCK = Path(__file__).with_name("stock_content.json")
# The name a content set read from an entry keeps its key under (Content.derived).
KEY_NAME = CONTENT_KEY
REGENERATE = "python -m sciatica_tui.contentset.cache"
# The modules that decide what valid content is and what an entry holds (dotted
# names, found without importing them).
VALIDATOR = (
    "sciatica_tui.contentset.schema",
    "sciatica_tui.contentset.condition_schema",
    "sciatica_tui.core.conditions",
    "sciatica_tui.contentset.checks",
    "sciatica_tui.contentset.loader",
    "sciatica_tui.core.content",
    "sciatica_tui.core.i18n",
    "sciatica_tui.contentset.cache",
)


@functools.cache
def validator_digest() -> str:
    # Each module's source file, found from this package's folder (not through
    # importlib.util, which costs start-up most of a MiB to import).
    package = Path(__file__).resolve().parent.parent
    digest = sha256()
    for name in VALIDATOR:
        try:
            dotted = name.split(".")[1:]
            digest.update(package.joinpath(*dotted[:-1], f"{dotted[-1]}.py").read_bytes())
        except (OSError, ValueError):
            digest.update(b"?")
        digest.update(b"\0")
    return digest.hexdigest()


def content_key(root: Path) -> str:
    """A hash of the files the content is made of (not any other *.toml beside them:
    they are never read). Each is read with the content file limit; a file that
    cannot be read raises ReadError (an OSError: the cache is skipped, and the full
    load reports the problem)."""
    from .. import __version__
    from ..core.content import content_files
    from ..core.safe_read import CONTENT_FILE_LIMIT, read_bytes

    digest = sha256(f"{SCHEMA_VERSION}\0{__version__}\0{validator_digest()}\0".encode())
    for name in sorted(content_files()):
        digest.update(name.encode() + b"\0")
        digest.update(read_bytes(root / name, CONTENT_FILE_LIMIT))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def is_stock(root: Path) -> bool:
    """Whether `root` is the content folder shipped with the program."""
    try:
        return root.resolve() == default_content_dir().resolve()
    except OSError:
        return False


def cached_content(root: Path, key: str, user_cache: bool) -> Content | None:
    """The content for `key` from the shipped entry (shipped content only) or, with
    `user_cache`, from the user's cache (other content only); None on a miss."""
    if is_stock(root):
        return _keyed(_from_entry(STOCK, key, cross_checked=False), key)
    if not user_cache:
        return None
    entry = _user_entry(key)
    content = _from_entry(entry, key, cross_checked=True)
    if content is not None:
        try:
            os.utime(entry)  # most recently used: the last to be pruned
        except OSError:
            pass
    return _keyed(content, key)


def _keyed(content: Content | None, key: str) -> Content | None:
    """The content, knowing the key of the files it was read from (KEY_NAME): what
    is made from content files alone can be looked up by it (the shipped FHIR
    Questionnaire, reports/formats/fhir.py)."""
    if content is not None:
        content.derived(KEY_NAME, lambda: key)
    return content


def save_cached(root: Path, key: str, data: dict[str, Any]) -> None:
    """Keep validated content of a folder other than the shipped one (best effort)."""
    if is_stock(root):
        return
    try:
        target = _user_entry(key)
    except OSError:
        return
    if write_cache_file(target, entry_text(key, data)):
        _prune(target.parent)


def entry_text(key: str, data: dict[str, Any]) -> str:
    payload = json.dumps(data, ensure_ascii=False)
    return json.dumps({"format": SCHEMA_VERSION, "key": key,
                       "sha256": sha256(payload.encode("utf-8")).hexdigest(),
                       "data": payload}, ensure_ascii=False) + "\n"


def _user_entry(key: str) -> Path:
    return cache_dir() / f"content-{key}.json"


def _from_entry(path: Path, key: str, cross_checked: bool) -> Content | None:
    """The content in the entry at `path` if every check passes, else None.

    A user entry is also shape-checked and cross-checked (every id it names
    exists...), as the TOML would be. The stock entry is not: it sits beside the
    code, as trusted as the code; its checksum says it holds the bytes that were
    written when it was made, and the tests check that those bytes are current,
    have the shape and cross-check (building the shape check from the classes' type
    hints was a twentieth of `assess`, issue 19)."""
    raw = _read_limited(path)
    if raw is None:
        return None
    from ..core.content import build

    # Each large text is let go as soon as the next step has what it needs: the
    # file's bytes, the entry, the payload and its bytes were all alive while
    # the content was parsed and built, and the process's peak memory counts
    # them (issue 19).
    try:
        entry = json.loads(raw.decode("utf-8"))
        del raw
        if (not isinstance(entry, dict) or entry.get("format") != SCHEMA_VERSION
                or entry.get("key") != key or not isinstance(entry.get("data"), str)):
            return None
        payload, expected = entry.pop("data"), entry.get("sha256")
        del entry
        encoded = payload.encode("utf-8")
        matches = sha256(encoded).hexdigest() == expected
        del encoded
        if not matches:
            return None
        data = json.loads(payload)
        del payload
        if cross_checked and not _shape()(data, 0):
            return None
        content = build(data, take=True)
        del data
        if cross_checked:
            from .checks import cross_check

            if cross_check(content):
                return None
    except Exception:  # any entry the checks above missed (RecursionError included)
        return None
    return content


def _read_limited(path: Path) -> bytes | None:
    """The bytes of a regular file of at most MAX_ENTRY_BYTES, else None (the one
    safe reader: never waits on a FIFO, never reads an endless device). Bytes
    that are not UTF-8 fail to decode, and the entry is ignored."""
    from ..core.safe_read import read_bytes

    try:
        return read_bytes(path, MAX_ENTRY_BYTES)
    except (OSError, ValueError):
        return None


# -- the shape of an entry ------------------------------------------------------------
Check = Callable[[Any, int], bool]


@functools.cache
def _shape() -> Check:
    """A check of plain data against the runtime classes' fields (runtime.py is the
    one description of what an entry holds): every field present, no others, each
    of its declared type; free-form values nested at most MAX_DEPTH deep."""
    from ..core import content as runtime

    parts = {"meta": runtime.Meta, "ui": dict[str, dict[str, str]],
             **{name: list[cls] for name, cls in runtime.PARTS.items()}}  # type: ignore[valid-type]
    return _record({name: _check_for(hint) for name, hint in parts.items()})


def _check_for(hint: Any) -> Check:
    import datetime as dt
    import types
    import typing

    from ..core.content import Item

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return lambda v, depth: _within(v, MAX_DEPTH - depth)
    if origin in (typing.Union, types.UnionType):
        options = [_check_for(a) for a in args]
        return lambda v, depth: any(check(v, depth) for check in options)
    if origin is list:
        item = _check_for(args[0])
        return lambda v, depth: type(v) is list and all(item(x, depth + 1) for x in v)
    if origin is dict:
        value = _check_for(args[1])
        return lambda v, depth: type(v) is dict and all(value(x, depth + 1) for x in v.values())
    if isinstance(hint, type) and issubclass(hint, Item):
        fields = typing.get_type_hints(hint)
        fields.pop("NESTED", None)
        return _record({name: _check_for(h) for name, h in fields.items()})
    simple: dict[Any, tuple[type, ...]] = {
        str: (str,), dt.date: (str,), bool: (bool,), int: (int,), float: (int, float),
        type(None): (type(None),)}
    if hint in simple:
        allowed = simple[hint]
        return lambda v, depth: type(v) in allowed
    raise TypeError(f"no shape check for {hint!r}")  # a new kind of field: add it here


def _record(fields: dict[str, Check]) -> Check:
    names = fields.keys()

    def check(v: Any, depth: int) -> bool:
        return (type(v) is dict and v.keys() == names
                and all(fields[k](x, depth + 1) for k, x in v.items()))
    return check


def _within(value: Any, depth: int) -> bool:
    """JSON data nested no more than `depth` levels."""
    if type(value) is dict:
        return depth > 0 and all(_within(v, depth - 1) for v in value.values())
    if type(value) is list:
        return depth > 0 and all(_within(v, depth - 1) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def _prune(folder: Path) -> None:
    """Remove all but the KEEP most recently used entries (best effort)."""
    entries = []
    for path in folder.glob("content-*.json"):
        try:
            entries.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, path in entries[KEEP:]:
        try:
            path.unlink()
        except OSError:
            pass


if __name__ == "__main__":  # run as a script only: the validator (loader) is above the cache
    from sciatica_tui.contentset.loader import load_content, stock_text
    from sciatica_tui.reports.formats import fhir

    STOCK.write_text(stock_text(), encoding="utf-8")
    print(f"Wrote {STOCK}")
    # The welcome's words before the content is read (store/paths.py).
    from sciatica_tui.store.paths import SHIPPED_QUICK, shipped_quick_text

    SHIPPED_QUICK.write_text(shipped_quick_text(default_content_dir()), encoding="utf-8")
    print(f"Wrote {SHIPPED_QUICK}")
    # What the FHIR export writes for the shipped content alone, made from the entry
    # just written (its key is the entry's).
    stock = load_content(default_content_dir(), user_cache=False)
    fhir.SHIPPED.write_bytes(
        fhir.shipped_text(stock, content_key(default_content_dir())).encode("utf-8"))
    print(f"Wrote {fhir.SHIPPED}")
