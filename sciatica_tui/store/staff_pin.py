"""The kiosk's staff PIN, without a user interface: checking a typed PIN against the
configured hash, and slowing down guessing.

Policy (S-F8): two wrong PINs cost nothing; the 3rd makes the next try wait 5
seconds, each further one doubles the wait up to 60; the 10th and every later one
lock the PIN out for 5 minutes. A right PIN clears the count. The count lives in
memory only (a kiosk writes nothing) and survives a restart after a crash.

A hash that cannot be checked (0 or absurd iterations, a digest of the wrong
length, not our format) never crashes the kiosk: `hash_problem` names the problem,
and the staff dialog then lets the exit keys close the kiosk so that staff can fix
the settings (`sciatica-tui config check` should have refused it).
"""

from __future__ import annotations

from collections.abc import Callable

FREE_TRIES = 3  # wrong PINs before any waiting
FIRST_WAIT, MAX_WAIT = 5.0, 60.0  # seconds: after the 3rd wrong PIN, doubling, capped
LOCK_AFTER = 10  # wrong PINs before a lockout
LOCKOUT = 300.0  # seconds
MAX_ITERATIONS = 5_000_000  # about 10 s of PBKDF2 here; more would stall staff for minutes
DIGEST_BYTES = 32  # SHA-256


class PinGuard:
    """Counts wrong PINs and says how long the next try must wait."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.failures = 0
        self.until = 0.0  # no try before this time

    def wait(self) -> float:
        """Seconds until a PIN may be tried again (0: now)."""
        return max(0.0, self.until - self.clock())

    @property
    def locked_out(self) -> bool:
        return self.failures >= LOCK_AFTER and self.wait() > 0

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= LOCK_AFTER:
            pause = LOCKOUT
        elif self.failures >= FREE_TRIES:
            pause = min(MAX_WAIT, FIRST_WAIT * 2 ** (self.failures - FREE_TRIES))
        else:
            return
        self.until = self.clock() + pause

    def succeeded(self) -> None:
        self.failures, self.until = 0, 0.0


def _parse(hashed: str | None) -> tuple[int, bytes, bytes] | str:
    parts = (hashed or "").split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2_sha256":
        return "not a PIN hash made by sciatica-tui config hash-pin"
    if not parts[1].isdigit() or len(parts[1]) > 9:
        return "bad iteration count"
    iterations = int(parts[1])
    if not 1 <= iterations <= MAX_ITERATIONS:
        return f"iterations must be 1 to {MAX_ITERATIONS:,}"
    try:
        salt, digest = bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return "salt or digest is not hexadecimal"
    if len(digest) != DIGEST_BYTES:
        return f"the digest must be {DIGEST_BYTES} bytes"
    return iterations, salt, digest


def hash_problem(hashed: str | None) -> str | None:
    """Why this hash cannot be checked, or None when it can."""
    parsed = _parse(hashed)
    return parsed if isinstance(parsed, str) else None


def pin_matches(pin: str, hashed: str | None) -> bool:
    """True when `pin` is the one hashed. Slow on purpose (PBKDF2): call it off
    the UI thread. Never raises: an unusable hash matches nothing."""
    import hashlib
    import hmac

    parsed = _parse(hashed)
    if isinstance(parsed, str):
        return False
    iterations, salt, digest = parsed
    try:
        candidate = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8", "replace"), salt,
                                        iterations)
    except (ValueError, OverflowError):
        return False
    return hmac.compare_digest(candidate, digest)
