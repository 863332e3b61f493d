"""The configuration file (TOML): mode, language, kiosk timings, clinic details,
emergency number, country, printer, staff PIN hash, theme.

    sciatica-tui --config PATH     (default: the platform's config folder)
    sciatica-tui config check PATH
    sciatica-tui config hash-pin

No pydantic here (it stays off the start-up path); each problem names its key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from ..core.i18n import PAPERS
from ..core.quote import shown

MODES = ("personal", "kiosk", "demo")
THEMES = ("calm", "high-contrast")
PIN_ITERATIONS = 200_000
# A PIN hash outside these bounds either crashes the check (0 iterations), guards
# nothing (too few, a short salt) or freezes the kiosk for seconds per try.
PIN_MIN_ITERATIONS, PIN_MAX_ITERATIONS = 1_000, 1_000_000
PIN_MIN_SALT = 16  # bytes
# Settings used only in kiosk mode (`config check` says so when the mode is not kiosk).
KIOSK_ONLY = ("idle_seconds", "countdown_seconds", "exit_keys", "admin_pin_hash")

# The staff exit keys: keys a terminal sends as themselves and Textual reports under
# these names (tests/test_config_check.py parses each with Textual's own parser),
# and that nobody needs while answering. Ctrl+H, I, J and M arrive as Backspace, Tab
# and Enter (or are sent for them); Ctrl+P opens the command palette; F1 is help.
EXIT_KEYS = frozenset(
    [f"ctrl+{c}" for c in "abcdefgklnoqrstuvwxyz"] + [f"f{n}" for n in range(2, 13)]
)
# Esc is Back everywhere, so it may end a sequence but never start one.
LAST_EXIT_KEYS = EXIT_KEYS | {"escape"}
DEFAULT_EXIT_KEYS = ("ctrl+x", "ctrl+k")


def exit_keys_problem(keys: tuple[str, ...]) -> str | None:
    """The one rule for staff exit keys (config check and the kiosk both use it):
    None when usable, else the first key that is not."""
    if not 1 <= len(keys) <= 3:
        return "must be a list of 1 to 3 keys"
    for i, key in enumerate(keys):
        if key not in (LAST_EXIT_KEYS if i else EXIT_KEYS):
            return key
    return None


def usable_exit_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The staff exit keys, or the default ones when the rule refuses them (a
    Config built in code skips `config check`): staff must always be able to leave."""
    return DEFAULT_EXIT_KEYS if exit_keys_problem(keys) else keys


class ConfigError(Exception):
    def __init__(self, path: str, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


class Config(NamedTuple):
    """The settings (immutable; `cfg._replace(theme=...)` makes a changed copy). A
    named tuple rather than a dataclass: `dataclasses` imports `inspect` and its
    helpers, a tenth of a headless command's start (issue 19)."""

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
    paper: str | None = None  # "a4" | "letter"; default: by the country (paper_for)
    admin_pin_hash: str | None = None
    exit_keys: tuple[str, ...] = ("ctrl+x", "ctrl+k")
    source: str = ""  # where it was read from
    given: frozenset[str] = frozenset()  # keys in the file

    @property
    def kiosk(self) -> bool:
        return self.mode == "kiosk"

    @property
    def effective_theme(self) -> str:
        return self.theme or ("high-contrast" if self.kiosk else "calm")


def default_path() -> Path:
    return config_folder() / "config.toml"


def config_folder() -> Path:
    """platformdirs' user config folder for sciatica-tui. On Linux, with an absolute
    $XDG_CONFIG_HOME or $HOME, it is worked out here as platformdirs does (importing
    platformdirs, and tempfile with it, was a twentieth of `assess`); anywhere
    else platformdirs says (tests/test_speed.py checks that the two agree)."""
    import os
    import sys

    env = os.environ
    android = hasattr(sys, "getandroidapilevel") or (
        env.get("ANDROID_DATA") == "/data" and env.get("ANDROID_ROOT") == "/system")
    if sys.platform == "linux" and not android:
        xdg, home = env.get("XDG_CONFIG_HOME", ""), env.get("HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg, "sciatica-tui")
        if not xdg and os.path.isabs(home):
            return Path(home.rstrip("/") or "/", ".config", "sciatica-tui")
    from platformdirs import user_config_dir

    return Path(user_config_dir("sciatica-tui"))


def load_config(path: str | Path | None) -> Config:
    """Read and check a config file. With no path, the default file if it exists,
    else the defaults. Raises ConfigError naming every bad key."""
    from ..core.safe_read import CONFIG_LIMIT, ParseError, ReadError, parse_toml, read_text

    explicit = path is not None
    if explicit and not str(path).strip():  # `--config=` or `--config ""`: not "."
        raise ConfigError("--config", ["the path is empty: give the path of a config file"])
    target = Path(path) if path is not None else default_path()
    where = shown(target, quote=False)
    try:
        text = read_text(target, CONFIG_LIMIT)
    except FileNotFoundError:
        if explicit:
            raise ConfigError(where, ["file not found"]) from None
        return Config()
    except ReadError as exc:
        raise ConfigError(where, [f"cannot read it: {exc.reason}"]) from None
    import tomllib  # here, not at the top: most starts have no config file

    try:
        raw = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(where, [f"not valid TOML: {exc}"]) from None
    except ParseError as exc:
        raise ConfigError(where, [f"not accepted: {exc}"]) from None
    return parse_config(raw, str(target))


def parse_config(raw: dict[str, Any], source: str = "config") -> Config:
    problems: list[str] = []
    known = set(Config._fields) - {"source", "given"}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(f'unknown key {shown(key)} (known keys: {", ".join(sorted(known))})')
            continue
        try:
            values[key] = _check(key, value)
        except ValueError as exc:
            problems.append(f'key "{key}": {exc}')
    if values.get("mode") == "kiosk" and "admin_pin_hash" not in raw:
        problems.append('key "admin_pin_hash": kiosk mode needs a staff PIN '
                        "(make one with: sciatica-tui config hash-pin)")
    if problems:
        raise ConfigError(shown(source, quote=False), problems)
    return Config(**values, source=source, given=frozenset(values))


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
        problem = language_problem(value) if isinstance(value, str) else "must be text"
        if problem:
            raise ValueError(problem)
        return value
    if key == "emergency_number":
        problem = (emergency_number_problem(value) if isinstance(value, str)
                   else "must be text, e.g. \"112\"")
        if problem:
            raise ValueError(problem)
        return value
    if key == "country":
        if not isinstance(value, str) or len(value) != 2 or not value.isascii() \
                or not value.isalpha():
            raise ValueError('must be a two-letter country code, e.g. "GB", "US" or "ES"')
        return value.upper()
    if key == "idle_seconds":
        return seconds(10, 3600)
    if key == "countdown_seconds":
        return seconds(5, 300)
    if key == "clinic_name":
        name = text(80)
        if any(not ch.isprintable() for ch in name):
            raise ValueError("must be one line of printable text")
        return name
    if key == "clinic_phone":
        phone = text(30)
        if not re.fullmatch(r"\+?[0-9][0-9 ()./-]{2,29}", phone) or \
                sum(ch.isdigit() for ch in phone) < 3:
            raise ValueError('must be a phone number: digits, spaces, + ( ) - . /, '
                             'e.g. "+44 20 7946 0000"')
        return phone
    if key == "paper":
        if value not in PAPERS:
            raise ValueError(f"must be one of: {', '.join(PAPERS)}")
        return value
    if key == "printer":
        return text()
    if key == "admin_pin_hash":
        hashed = text(300)
        problem = pin_hash_problem(hashed)
        if problem:
            raise ValueError(f"{problem}; make a new one with: sciatica-tui config hash-pin")
        return hashed
    if key == "exit_keys":
        if (not isinstance(value, list) or not 1 <= len(value) <= 3
                or not all(isinstance(k, str) and k.strip() for k in value)):
            raise ValueError('must be a list of 1 to 3 keys, e.g. ["ctrl+x", "ctrl+k"]')
        keys = tuple(k.strip().lower() for k in value)
        bad = exit_keys_problem(keys)
        if bad:
            raise ValueError(
                f"{shown(bad)} cannot be used: use Ctrl with a letter (e.g. \"ctrl+x\") or "
                "F2 to F12 (Esc only after the first key); not ctrl+h, ctrl+i, ctrl+j or "
                "ctrl+m (a terminal sends them as Backspace, Tab and Enter) nor ctrl+p "
                "(the command palette)")
        return keys
    raise ValueError("unknown")  # pragma: no cover - guarded by `known`


# -- values shared with the command line ----------------------------------------

def language_problem(lang: str) -> str | None:
    """None for a well-formed language code ("en", "es", "pt-BR"), else why not.
    Whether the content has it is checked against the content (unavailable_language)."""
    if not lang:
        return "no language given; use a code such as en"
    if (len(lang) > 35 or not lang.isascii()
            or not all(ch.isalnum() or ch in "-_" for ch in lang)):
        return f"{shown(lang)} is not a language code (use one such as en or es)"
    return None


def unavailable_language(lang: str, available: list[str]) -> str | None:
    """The one rule for every mode: a language the content does not have is an error
    (never a silent fall-back to English)."""
    if lang in available:
        return None
    return f"language {shown(lang)} is not available (choose from: {', '.join(available)})"


def emergency_number_problem(number: str) -> str | None:
    """None for a dialable number (i18n.DIALABLE, the rule locales.toml follows too)."""
    from ..core.i18n import DIALABLE

    if DIALABLE.fullmatch(number):
        return None
    return (f"{shown(number)} is not a phone number that can be dialled "
            "(3 to 15 digits, optionally after a +, e.g. 112)")


def pin_hash_problem(hashed: str) -> str | None:
    """None for a hash the kiosk can check in reasonable time, else what is wrong."""
    parsed = _parse_hash(hashed)
    if parsed is None:
        return "is not a PIN hash made by: sciatica-tui config hash-pin"
    iterations, salt, digest = parsed
    if not PIN_MIN_ITERATIONS <= iterations <= PIN_MAX_ITERATIONS:
        return (f"has {iterations} iterations; it must have {PIN_MIN_ITERATIONS:,} to "
                f"{PIN_MAX_ITERATIONS:,}")
    if len(salt) < PIN_MIN_SALT:
        return f"has a salt of {len(salt)} bytes; it must have at least {PIN_MIN_SALT}"
    if len(digest) != 32:
        return "has a damaged digest (it must be 64 hex digits)"
    return None


# -- the staff PIN ------------------------------------------------------------

def hash_pin(pin: str, salt: bytes | None = None, iterations: int = PIN_ITERATIONS) -> str:
    import hashlib  # PIN code imports its hashing only when used (start-up time)
    import secrets

    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def _parse_hash(hashed: str) -> tuple[int, bytes, bytes] | None:
    parts = hashed.split("$")
    if (len(parts) != 4 or parts[0] != "pbkdf2_sha256" or not parts[1].isascii()
            or not parts[1].isdigit() or len(parts[1]) > 9):
        return None
    try:
        return int(parts[1]), bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return None


def check_pin(pin: str, hashed: str | None) -> bool:
    """True when `pin` matches; False for a wrong PIN and for a hash that
    pin_hash_problem rejects (never an exception: staff must be able to try)."""
    parsed = _parse_hash(hashed or "")
    if parsed is None or pin_hash_problem(hashed or ""):
        return False
    iterations, salt, digest = parsed
    import hashlib
    import hmac

    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(candidate, digest)


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and 4 <= len(pin) <= 12

