"""The configuration file (TOML): mode, language, kiosk timings, clinic details,
emergency number, country, printer, staff PIN hash, theme.

    sciatica-tui --config PATH     (default: the platform's config folder)
    sciatica-tui config check PATH
    sciatica-tui config hash-pin

No pydantic here (it stays off the start-up path); each problem names its key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .quote import shown

MODES = ("personal", "kiosk", "demo")
THEMES = ("calm", "high-contrast")
PIN_ITERATIONS = 200_000


class ConfigError(Exception):
    def __init__(self, path: str, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


@dataclass(frozen=True)
class Config:
    mode: str = "personal"
    language: str | None = None
    emergency_number: str | None = None
    country: str | None = None  # e.g. "GB": health services (content/locales.toml)
    theme: str | None = None  # default: calm, or high-contrast in kiosk mode
    idle_seconds: int = 120
    countdown_seconds: int = 20
    clinic_name: str = ""
    clinic_phone: str = ""
    printer: str | None = None
    admin_pin_hash: str | None = None
    exit_keys: tuple[str, ...] = ("ctrl+x", "ctrl+k")
    source: str = field(default="", compare=False)  # where it was read from

    @property
    def kiosk(self) -> bool:
        return self.mode == "kiosk"

    @property
    def effective_theme(self) -> str:
        return self.theme or ("high-contrast" if self.kiosk else "calm")


def default_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("sciatica-tui")) / "config.toml"


def load_config(path: str | Path | None) -> Config:
    """Read and check a config file. With no path, the default file if it exists,
    else the defaults. Raises ConfigError naming every bad key."""
    explicit = path is not None
    target = Path(path) if path is not None else default_path()
    if not target.exists():
        if explicit:
            raise ConfigError(str(target), ["file not found"])
        return Config()
    import tomllib  # here, not at the top: most starts have no config file

    try:
        raw = tomllib.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(target), [f"cannot read it: {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(target), [f"not valid TOML: {exc}"]) from None
    return parse_config(raw, str(target))


def parse_config(raw: dict[str, Any], source: str = "config") -> Config:
    problems: list[str] = []
    known = {f.name for f in fields(Config)} - {"source"}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(f'unknown key {shown(key)} (known keys: {", ".join(sorted(known))})')
            continue
        try:
            values[key] = _check(key, value)
        except ValueError as exc:
            problems.append(f'key "{key}": {exc}')
    if values.get("mode") == "kiosk" and not values.get("admin_pin_hash"):
        problems.append('key "admin_pin_hash": kiosk mode needs a staff PIN '
                        "(make one with: sciatica-tui config hash-pin)")
    if problems:
        raise ConfigError(source, problems)
    return Config(**values, source=source)


def _check(key: str, value: Any) -> Any:
    def text(max_len: int = 200) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > max_len:
            raise ValueError(f"must be text of 1 to {max_len} characters")
        return value.strip()

    def seconds(low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number of seconds from {low} to {high}")
        return value

    if key == "mode":
        if value not in MODES:
            raise ValueError(f"must be one of: {', '.join(MODES)}")
        return value
    if key == "theme":
        if value not in THEMES:
            raise ValueError(f"must be one of: {', '.join(THEMES)}")
        return value
    if key == "language":
        return text(10)
    if key == "emergency_number":
        number = text(15)
        if not all(ch.isdigit() or ch in " +-" for ch in number):
            raise ValueError("must be a phone number (digits, spaces, + or -)")
        return number
    if key == "country":
        if not isinstance(value, str) or len(value) != 2 or not value.isascii() \
                or not value.isalpha():
            raise ValueError('must be a two-letter country code, e.g. "GB", "US" or "ES"')
        return value.upper()
    if key == "idle_seconds":
        return seconds(10, 3600)
    if key == "countdown_seconds":
        return seconds(5, 300)
    if key in ("clinic_name", "clinic_phone", "printer"):
        return text()
    if key == "admin_pin_hash":
        hashed = text(300)
        if not _parse_hash(hashed):
            raise ValueError("is not a PIN hash made by: sciatica-tui config hash-pin")
        return hashed
    if key == "exit_keys":
        if (not isinstance(value, list) or not 1 <= len(value) <= 3
                or not all(isinstance(k, str) and k.strip() for k in value)):
            raise ValueError('must be a list of 1 to 3 keys, e.g. ["ctrl+x", "ctrl+k"]')
        return tuple(k.strip().lower() for k in value)
    raise ValueError("unknown")  # pragma: no cover - guarded by `known`


# -- the staff PIN ------------------------------------------------------------

def hash_pin(pin: str, salt: bytes | None = None, iterations: int = PIN_ITERATIONS) -> str:
    import hashlib  # PIN code imports its hashing only when used (start-up time)
    import secrets

    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def _parse_hash(hashed: str) -> tuple[int, bytes, bytes] | None:
    parts = hashed.split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2_sha256" or not parts[1].isdigit():
        return None
    try:
        return int(parts[1]), bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return None


def check_pin(pin: str, hashed: str | None) -> bool:
    parsed = _parse_hash(hashed or "")
    if parsed is None:
        return False
    iterations, salt, digest = parsed
    import hashlib
    import hmac

    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(candidate, digest)


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and 4 <= len(pin) <= 12

