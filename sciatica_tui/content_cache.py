"""A cache of validated content, keyed by a hash of every content file and the
program version: an edited file, a new file or a new release simply misses the
cache, so stale content is never used. The entry is the plain data the runtime
objects are built from (JSON), so a cache hit needs no pydantic.

Kept in the user cache folder (0700; files 0600). Nothing clinical or personal is
in it: only the shipped (or given) content. Writing is best effort: a read-only or
full disk just means validating again next time."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .paths import cache_dir, write_cache_file

# Bump when the shape of the cached data changes.
FORMAT = 2  # 2: concerns.toml, cause `needs`, step tiers, meta `signed_off`
# Entries kept (the newest): enough for the shipped content and a few edited copies,
# without the folder growing with every content edit or release.
KEEP = 4


def content_key(root: Path) -> str:
    """A hash of the files the content is made of (not any other *.toml beside them:
    they are never read). Each is read with the content file limit; a file that
    cannot be read raises ReadError (an OSError: the cache is skipped, and the full
    load reports the problem)."""
    from . import __version__
    from .loader import content_files
    from .safe_read import CONTENT_FILE_LIMIT, read_bytes

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
    for name in sorted(content_files()):
        digest.update(name.encode() + b"\0")
        digest.update(read_bytes(root / name, CONTENT_FILE_LIMIT))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _entry(root: Path) -> Path:
    return cache_dir() / f"content-{content_key(root)}.json"


def load_cached(root: Path) -> dict[str, Any] | None:
    """The cached data, or None on a miss or a damaged entry (checked by its hash)."""
    from .safe_read import CACHE_ENTRY_LIMIT, parse_json, read_text

    try:  # size and depth limits: a damaged or planted entry is a miss, never a crash
        entry = parse_json(read_text(_entry(root), CACHE_ENTRY_LIMIT))
        payload = entry["data"]
        if entry.get("format") != FORMAT or not isinstance(payload, str):
            return None
        if hashlib.sha256(payload.encode("utf-8")).hexdigest() != entry.get("sha256"):
            return None
        data = parse_json(payload)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def save_cached(root: Path, data: dict[str, Any]) -> None:
    try:
        target = _entry(root)
    except OSError:
        return
    payload = json.dumps(data, ensure_ascii=False)
    entry = {"format": FORMAT, "sha256": hashlib.sha256(payload.encode("utf-8")).hexdigest(),
             "data": payload}
    if write_cache_file(target, json.dumps(entry, ensure_ascii=False)):
        _prune(target.parent)


def _prune(folder: Path) -> None:
    """Remove all but the KEEP newest entries (best effort)."""
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
