"""SHA-256 and SHA-1 without importing hashlib, which loads OpenSSL's libcrypto
(about 4 MiB resident and 6 ms of start-up, issue 19) for a hash or two. CPython
always has its own: `_sha256` and `_sha1` (3.11), `_sha2` (3.12 and later).
The digests are the same; hashlib is the fallback. No UI imports."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import _Hash


def _maker(names: tuple[str, ...], attr: str) -> Callable[[bytes], _Hash]:
    """CPython's own `attr` from the first of `names` there, else hashlib's."""
    for name in names:
        try:
            made: Callable[[bytes], _Hash] = getattr(importlib.import_module(name), attr)
        except (ImportError, AttributeError):
            continue
        return made
    import hashlib

    fallback: Callable[[bytes], _Hash] = getattr(hashlib, attr)
    return fallback


def sha256(data: bytes = b"") -> _Hash:
    return _maker(("_sha256", "_sha2"), "sha256")(data)


def sha1(data: bytes = b"") -> _Hash:
    return _maker(("_sha1",), "sha1")(data)
