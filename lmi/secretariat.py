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


if __name__ == "__main__":
    import getpass

    first = getpass.getpass("Secretariat password: ")
    if len(first) < 12:
        raise SystemExit("Use at least 12 characters.")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("The two entries differ.")
    print("[secretariat]")
    print(f'password_hash = "{hash_password(first)}"')
