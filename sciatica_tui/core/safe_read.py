"""Reading every file that comes from outside the program, safely.

One reader for answers, config, content TOML files and cache entries:

- only a regular file is read: a FIFO, a device (/dev/zero, /dev/urandom), a socket
  or a folder is refused without a blocking read (opened with O_NONBLOCK, then
  checked with fstat);
- at most `limit` bytes: it reads limit + 1 bytes and refuses a longer file, so
  memory never grows with the input;
- every OSError (a name too long, a folder that cannot be searched, no permission)
  becomes a ReadError with one plain line;
- JSON and TOML are parsed with a depth limit, integers that fit in 64 bits, and
  (JSON) no duplicate keys.

No third-party imports; tomllib is imported only when TOML is parsed.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import IO, Any

from .quote import shown

# Size limits (bytes). The README's "Limits" section lists them.
ANSWERS_LIMIT = 1 << 20          # an answers file: 1 MiB (a full one is about 2 KB)
CONFIG_LIMIT = 64 << 10          # the config file: 64 KiB (a full one is under 1 KB)
CONTENT_FILE_LIMIT = 8 << 20     # each content TOML file: 8 MiB (the largest is ~32 KB)
CACHE_ENTRY_LIMIT = 32 << 20     # one content cache entry: 32 MiB (the stock one is ~0.2 MB)

# Nesting depth of any parsed document (answers need 2, content about 8).
MAX_DEPTH = 32
# Integers must fit in 64 bits (as TOML requires); longer digit strings are refused
# before Python converts them (no int-digit-limit error, no float overflow).
MAX_INT = 2**63 - 1
_MAX_INT_DIGITS = 20


class ReadError(OSError):
    """A file could not be read; str() is one plain line naming the file, .reason
    the same without the name (for messages that name it already)."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.message, self.reason = message, reason or message

    def __str__(self) -> str:
        return self.message


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "not found"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    if exc.errno == errno.ELOOP:
        return "too many symbolic links"
    return (exc.strerror or str(exc)).lower()


def describe(exc: OSError) -> str:
    """A short plain reason for an OSError, without the file's name."""
    return exc.reason if isinstance(exc, ReadError) else _reason(exc)


def probe(path: str | Path) -> os.stat_result | None:
    """os.stat(path), or None if nothing is there. Any other problem (a name over 255
    characters, a folder that cannot be searched...) is a ReadError, where
    Path.exists() and Path.is_dir() would raise."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        reason = _reason(exc) if isinstance(exc, OSError) else "the name is not valid"
        raise ReadError(f"cannot use {shown(path)}: {reason}", reason) from None


def is_dir(path: str | Path) -> bool:
    """True for a folder; False when nothing is there; ReadError otherwise."""
    st = probe(path)
    return st is not None and stat.S_ISDIR(st.st_mode)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bytes(path: str | Path, limit: int) -> bytes:
    """The whole file at `path`, if it is a regular file of at most `limit` bytes.
    Raises FileNotFoundError if it does not exist, ReadError for anything else."""
    name = shown(path)
    st = probe(path)
    if st is None:
        raise FileNotFoundError(errno.ENOENT, "not found", str(path))
    if not stat.S_ISREG(st.st_mode):
        raise _not_a_file(name, st.st_mode)
    if st.st_size > limit:
        reason = f"it is too big ({_size(st.st_size)}; the limit is {_size(limit)})"
        raise ReadError(f"{name}: {reason}", reason)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ReadError(f"cannot read {name}: {_reason(exc)}", _reason(exc)) from None
    try:
        st = os.fstat(fd)  # what was opened, not what was there a moment ago
        if not stat.S_ISREG(st.st_mode):
            raise _not_a_file(name, st.st_mode)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = _read_at_most(fh, limit)
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(f"cannot read {name}: {_reason(exc)}", _reason(exc)) from None
    finally:
        os.close(fd)
    if data is None:
        reason = f"it is too big (the limit is {_size(limit)})"
        raise ReadError(f"{name}: {reason}", reason)
    return data


def _not_a_file(name: str, mode: int) -> ReadError:
    reason = f"it is {_kind(mode)}, not a file"
    return ReadError(f"{name}: {reason}", reason)


def read_stream(stream: IO[bytes], limit: int, name: str = "standard input") -> bytes:
    """At most `limit` bytes from an open stream (e.g. standard input)."""
    try:
        data = _read_at_most(stream, limit)
    except OSError as exc:
        raise ReadError(f"cannot read {name}: {_reason(exc)}", _reason(exc)) from None
    if data is None:
        reason = f"it is too big (the limit is {_size(limit)})"
        raise ReadError(f"{name}: {reason}", reason)
    return data


def _read_at_most(stream: IO[bytes], limit: int) -> bytes | None:
    """Up to limit + 1 bytes, in chunks; None if there were more than `limit`."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(1 << 16, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return None if total > limit else b"".join(chunks)


def read_text(path: str | Path, limit: int) -> str:
    """read_bytes, decoded as UTF-8 (a ReadError if it is not)."""
    return decode(read_bytes(path, limit), shown(path))


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"it is not UTF-8 text (byte {exc.start + 1})"
        raise ReadError(f"{name}: {reason}", reason) from None


def _size(n: int) -> str:
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


# -- parsing ------------------------------------------------------------------

class ParseError(ValueError):
    """A document that is not valid (or too deep, or has duplicate keys); one line."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ParseError(f"the key {shown(key)} appears twice")
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS or abs(int(text)) > MAX_INT:
        raise ParseError(f"the number {shown(text)} is too large")
    return int(text)


def parse_json(text: str) -> Any:
    """JSON with no duplicate keys, no huge integers and at most MAX_DEPTH levels.
    Raises json.JSONDecodeError (not JSON) or ParseError."""
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_int=_int)
    except RecursionError:
        raise ParseError(f"it is nested too deeply (more than {MAX_DEPTH} levels)") from None
    if isinstance(value, (dict, list)):  # a lone number was checked by _int
        check_depth(value)
    return value


def parse_toml(text: str) -> dict[str, Any]:
    """TOML with at most MAX_DEPTH levels and 64-bit integers. Raises
    tomllib.TOMLDecodeError (not TOML) or ParseError."""
    import tomllib

    try:
        value = tomllib.loads(text)
    except RecursionError:
        raise ParseError(f"it is nested too deeply (more than {MAX_DEPTH} levels)") from None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError:  # e.g. an integer over Python's digit limit
        raise ParseError("a number in it is too large") from None
    check_depth(value)
    return value


def check_depth(value: Any, limit: int = MAX_DEPTH) -> None:
    """ParseError if `value` nests lists/dicts more than `limit` levels deep, or holds
    an integer beyond 64 bits. Iterative: no recursion however deep the value. (JSON
    and TOML make plain dicts and lists, hence the exact type checks: they keep the
    walk over the whole content at about 2 ms.)"""
    stack: list[tuple[Any, int]] = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        if depth > limit:
            raise ParseError(f"it is nested too deeply (more than {limit} levels)")
        for child in (item.values() if type(item) is dict else item):
            kind = type(child)
            if kind is dict or kind is list:
                push((child, depth + 1))
            elif kind is int and not -MAX_INT <= child <= MAX_INT:
                raise ParseError("a number in it is too large")
