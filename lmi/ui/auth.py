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

import streamlit as st

import settings
from lmi import secretariat
from lmi.i18n import t

SESSION_KEY = "secretariat_session"
ACCOUNT = "account:secretariat"  # one password, one account


@st.cache_resource
def throttle() -> secretariat.Throttle:
    """The one wrong-password count of this server process, shared by every session (see secretariat.Throttle)."""
    return secretariat.Throttle()


def limit_uploads() -> None:
    """Streamlit's upload limit (server.maxUploadSize, MB) matched to PESNET_UPLOAD_MAX_BYTES, so the server
    refuses a bigger file before taking it whole. st.set_option refuses server options while the app runs,
    but Streamlit's server reads this one at each upload request (web/server/starlette/starlette_routes.py)
    and the uploader widget at each run, so setting it in Streamlit's config at start takes effect.
    .streamlit/config.toml ships the default's value for the server's first request."""
    from streamlit import config

    megabytes = settings.upload_max_megabytes()
    if config.get_option("server.maxUploadSize") != megabytes:
        config.set_option("server.maxUploadSize", megabytes, where_defined="PESNET_UPLOAD_MAX_BYTES")


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


def _throttle_keys() -> list[str]:
    """The account, and the client's address where the proxy (or the connection) gives one."""
    address = secretariat.client_address(dict(st.context.headers or {}), st.context.ip_address)
    return [ACCOUNT, *([f"client:{address}"] if address else [])]


def _locked_notice(seconds: float) -> None:
    st.error(t("Too many wrong passwords; try again in {seconds} seconds.", seconds=max(1, round(seconds))))


def _password_form() -> None:
    keys = _throttle_keys()
    if wait := throttle().wait_seconds(keys):
        _locked_notice(wait)
        return
    with st.form("secretariat_password", clear_on_submit=True):
        password = st.text_input(t("Password"), type="password", key="secretariat_password_input")
        submitted = st.form_submit_button(t("Sign in"))
    if not submitted:
        return
    if wait := throttle().wait_seconds(keys):  # locked by another session meanwhile: refused before hashing
        _locked_notice(wait)
        return
    if secretariat.check_password(password, _secrets("secretariat")["password_hash"]):
        st.session_state[SESSION_KEY] = {"name": t("the secretariat (password)"), "email": None, "method": "password"}
        throttle().succeeded(keys)
        st.rerun()
    throttle().failed(keys)
    st.error(t("Wrong password."))


def _sign_out(member: dict) -> None:
    st.session_state.pop(SESSION_KEY, None)
    if member["method"] == "oidc":
        st.logout()
    st.rerun()
