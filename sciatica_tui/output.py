"""Writing a summary to a file: owner-only permissions, written whole or not at
all, and never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    pass


def write_private(path: str | Path, data: str | bytes, overwrite: bool = False) -> Path:
    """Write `data` to `path` with mode 0600, atomically (a temporary file in the
    same folder, then renamed). Raises OutputError with a plain message."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name")
    if target.exists() and not overwrite:
        raise OutputError(f"{target} already exists (use --force to replace it)")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"folder {folder} does not exist")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sciatica-", suffix=".part")
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:  # mkstemp creates it with mode 0600
            f.write(raw)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror}") from None
    return target
