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
    from . import __version__

    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
    for path in sorted(root.glob("*.toml")):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _entry(root: Path) -> Path:
    return cache_dir() / f"content-{content_key(root)}.json"


def load_cached(root: Path) -> dict[str, Any] | None:
    """The cached data, or None on a miss or a damaged entry (checked by its hash)."""
    try:
        entry = json.loads(_entry(root).read_text(encoding="utf-8"))
        payload = entry["data"]
        if entry.get("format") != FORMAT or not isinstance(payload, str):
            return None
        if hashlib.sha256(payload.encode("utf-8")).hexdigest() != entry.get("sha256"):
            return None
        data = json.loads(payload)
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
