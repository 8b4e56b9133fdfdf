"""Only the secretariat writes. Everyone else reads, with no sign-in at all.

Configured in `.streamlit/secrets.toml` (git-ignored; see `.streamlit/secrets.toml.example`):

- **OpenID Connect** (a server): Streamlit's `st.login` with an `[auth]` section (redirect_uri,
  cookie_secret, client_id, client_secret, server_metadata_url), and under `[secretariat]` the list
  `emails` of the addresses (or `@domain` entries) that may write. Anyone else who signs in reads.
- **A password** (a laptop install): `[secretariat] password_hash`, made by `python -m lmi.secretariat`.

With neither, the app is read-only. `is_secretariat()` is what the navigation and every write
action ask; a write page also calls `require_secretariat()`, which stops it for anyone else.
"""

from __future__ import annotations

import time

import streamlit as st

from lmi import secretariat
from lmi.i18n import t

SESSION_KEY = "secretariat_session"
MAX_ATTEMPTS = 5
LOCKOUT_SECONDS = 60


def _secrets(section: str) -> dict:
    try:
        return dict(st.secrets.get(section, {}))
    except Exception:  # no secrets file at all: nothing is configured, the app is read-only
        return {}


def oidc_configured() -> bool:
    return bool(_secrets("auth"))


def password_configured() -> bool:
    return bool(_secrets("secretariat").get("password_hash"))


def current() -> dict | None:
    """The signed-in secretariat member ({name, email, method}), or None."""
    session = st.session_state.get(SESSION_KEY)
    if session:
        return session
    user = st.user.to_dict() if hasattr(st.user, "to_dict") else {}
    if user.get("is_logged_in") is True and user.get("email_verified", True) is not False:
        email = user.get("email")
        if secretariat.email_allowed(email, list(_secrets("secretariat").get("emails", []))):
            return {"name": user.get("name") or email, "email": email, "method": "oidc"}
    return None


def is_secretariat() -> bool:
    return current() is not None


def require_secretariat() -> dict:
    """On a write page: the signed-in member, or a notice and a stop (nothing writable is shown)."""
    member = current()
    if member is None:
        st.warning(t("This page is for the network's secretariat. Sign in from the sidebar; without sign-in the dashboard is read-only."))
        st.stop()
    return member


def sign_in_panel() -> None:
    """The sidebar's sign-in and sign-out (shown only where a sign-in is configured)."""
    member = current()
    if member:
        st.caption(t("Signed in as {name}: you may add participation lists.", name=member["name"]))
        if st.button(t("Sign out"), key="secretariat_sign_out"):
            _sign_out(member)
        return
    user = st.user.to_dict() if hasattr(st.user, "to_dict") else {}
    if user.get("is_logged_in") is True:
        st.caption(t("Signed in as {email}, who is not on the secretariat's list: read-only.", email=user.get("email", "?")))
        if st.button(t("Sign out"), key="secretariat_sign_out"):
            st.logout()
        return
    if not (oidc_configured() or password_configured()):
        return
    with st.expander(t("Secretariat sign-in")):
        if oidc_configured() and st.button(t("Sign in with your organisation's account"), key="secretariat_oidc"):
            st.login(_secrets("secretariat").get("oidc_provider") or None)
        if password_configured():
            _password_form()


def _password_form() -> None:
    locked_until = st.session_state.get("secretariat_locked_until", 0.0)
    if time.time() < locked_until:
        st.error(t("Too many wrong passwords; try again in a minute."))
        return
    with st.form("secretariat_password", clear_on_submit=True):
        password = st.text_input(t("Password"), type="password", key="secretariat_password_input")
        submitted = st.form_submit_button(t("Sign in"))
    if not submitted:
        return
    if secretariat.check_password(password, _secrets("secretariat")["password_hash"]):
        st.session_state[SESSION_KEY] = {"name": t("the secretariat (password)"), "email": None, "method": "password"}
        st.session_state.pop("secretariat_attempts", None)
        st.rerun()
    attempts = st.session_state.get("secretariat_attempts", 0) + 1
    st.session_state["secretariat_attempts"] = attempts
    if attempts >= MAX_ATTEMPTS:
        st.session_state["secretariat_locked_until"] = time.time() + LOCKOUT_SECONDS
        st.session_state["secretariat_attempts"] = 0
    st.error(t("Wrong password."))


def _sign_out(member: dict) -> None:
    st.session_state.pop(SESSION_KEY, None)
    if member["method"] == "oidc":
        st.logout()
    st.rerun()
