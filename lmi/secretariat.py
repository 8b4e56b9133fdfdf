"""Who may write: the pure part of the secretariat's sign-in (no Streamlit here; lmi/ui/auth.py uses it).

A laptop install signs in with a password whose salted hash (PBKDF2-SHA256) is kept in
`.streamlit/secrets.toml`; a server signs in with an OpenID Connect provider (st.login), and the
secretariat is the list of emails (or `@domain` entries) in the same file. Make a hash with

    python -m lmi.secretariat

which asks for the password twice and prints the line to paste under `[secretariat]`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ITERATIONS = 600_000


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    """'pbkdf2_sha256$<iterations>$<salt>$<hash>' for the password."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def check_password(password: str, stored: str) -> bool:
    """True when the password matches the stored hash (compared in constant time); False for a malformed hash."""
    try:
        scheme, iterations, salt, expected = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), int(iterations)).hex()
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(digest, expected)


def email_allowed(email: str | None, allowed: list[str]) -> bool:
    """Is this signed-in email the secretariat's? Entries are full addresses or '@domain'."""
    if not email or "@" not in email:
        return False
    email = email.strip().casefold()
    for entry in allowed:
        entry = str(entry).strip().casefold()
        if entry and (email == entry or (entry.startswith("@") and email.endswith(entry))):
            return True
    return False


class Throttle:
    """Wrong passwords counted on the server, across sessions: per account and per client address.

    The FREE_ATTEMPTS-th wrong password for a key locks it for BASE_SECONDS, and each further one for
    twice as long as the one before (60 s, 2 min, 4 min, ... at most MAX_SECONDS); a right password clears the client's count.
    While any key of an attempt is locked the attempt is refused before the password is hashed, so a
    guesser costs the server nothing. Kept in memory: one Streamlit server process serves every session
    (a reload, a new tab or a new browser is the same process); a restart forgets it.
    """

    FREE_ATTEMPTS = 5
    BASE_SECONDS = 60.0
    MAX_SECONDS = 3600.0

    def __init__(self, clock=None):
        import threading
        import time

        self._clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}

    def wait_seconds(self, keys: list[str]) -> float:
        """How long these keys must still wait (0: an attempt may be checked now)."""
        now = self._clock()
        with self._lock:
            return max([self._locked_until.get(key, 0.0) - now for key in keys] + [0.0])

    def failed(self, keys: list[str]) -> float:
        """Count a wrong password for every key; the longest lock it now carries, in seconds."""
        now, longest = self._clock(), 0.0
        with self._lock:
            for key in keys:
                failures = self._failures[key] = self._failures.get(key, 0) + 1
                if failures >= self.FREE_ATTEMPTS:
                    seconds = min(self.BASE_SECONDS * 2 ** (failures - self.FREE_ATTEMPTS), self.MAX_SECONDS)
                    self._locked_until[key] = now + seconds
                    longest = max(longest, seconds)
        return longest

    def succeeded(self, keys: list[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
                self._locked_until.pop(key, None)


def client_address(headers: dict, peer: str | None) -> str | None:
    """The client's address: the one the proxy appended last to X-Forwarded-For (earlier entries are the
    client's own say, and can be forged), else the proxy's X-Real-IP, else the connection's peer."""
    forwarded = [part.strip() for part in str(headers.get("X-Forwarded-For") or "").split(",") if part.strip()]
    return forwarded[-1] if forwarded else (headers.get("X-Real-IP") or peer or None)


if __name__ == "__main__":
    import getpass

    first = getpass.getpass("Secretariat password: ")
    if len(first) < 12:
        raise SystemExit("Use at least 12 characters.")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("The two entries differ.")
    print("[secretariat]")
    print(f'password_hash = "{hash_password(first)}"')
