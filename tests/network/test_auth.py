"""Only the secretariat writes: an anonymous session cannot reach the upload or change anything;
a signed-in one (password on a laptop, or OIDC with an email on the list) uploads through the page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import settings
from lmi import secretariat
from tests.network.conftest import upload_file
from tests.network.test_pages import ENTRY, metrics

UPLOAD = "views/network_upload.py"
PASSWORD = "correct horse battery staple"
SECRETS = {"secretariat": {"password_hash": secretariat.hash_password(PASSWORD, iterations=1_000), "emails": ["lead@sesric.org", "@iskur.gov.tr"]}}
OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test", "client_id": "x",
                 "client_secret": "y", "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration"}}


def app_with(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=90)
    for section, values in (secrets or {}).items():
        app.secrets[section] = values
    if user is not None:
        app.user = user
    return app.run()


def sign_in(app: AppTest, password: str) -> AppTest:
    app.text_input(key="secretariat_password_input").input(password)
    next(button for button in app.button if button.label == "Sign in").click()
    return app.run()


def page_paths(app: AppTest) -> set[str]:
    paths = set()
    for page in ("views/network_activity.py", UPLOAD):
        try:
            app.switch_page(page)
            paths.add(page)
        except ValueError:
            pass
    return paths


@pytest.mark.parametrize("secrets, user", [
    (None, None),                                                               # nothing configured: read-only
    (SECRETS, None),                                                            # a password exists but nobody signed in
    ({**SECRETS, **OIDC}, {"is_logged_in": False}),                             # OIDC, not signed in
    ({**SECRETS, **OIDC}, {"is_logged_in": True, "email": "someone@gmail.com"}),  # signed in, not the secretariat
    ({**SECRETS, **OIDC}, {"is_logged_in": True, "email": "lead@sesric.org", "email_verified": False}),
])
def test_an_anonymous_or_other_session_cannot_reach_the_upload(site, secrets, user):
    app = app_with(secrets, user)
    assert UPLOAD not in page_paths(app)
    assert not app.get("file_uploader")


def test_the_upload_page_opened_directly_shows_nothing_writable(site):
    app = AppTest.from_file(str(settings.ROOT / UPLOAD), default_timeout=60).run()
    assert not app.exception
    assert "for the network's secretariat" in app.warning[0].value
    assert not app.get("file_uploader") and not app.button and not app.get("download_button")


def test_anonymous_use_of_every_page_changes_nothing(site):
    before = site.digest()
    for page in ("views/overview.py", "views/explorer.py", "views/compare.py", "views/country.py", "views/network_activity.py",
                 "views/network_event.py", "views/network_members.py", "views/network_labour.py", "views/data_sources.py"):
        app = app_with(SECRETS)
        app.switch_page(page).run()
        assert not app.exception
    assert site.digest() == before and not site.private.exists()


def test_a_wrong_password_is_refused(site):
    app = sign_in(app_with(SECRETS), "guess")
    assert any(error.value == "Wrong password." for error in app.error)
    assert UPLOAD not in page_paths(app)


@pytest.mark.parametrize("email", ["lead@sesric.org", "someone@iskur.gov.tr", "LEAD@SESRIC.ORG"])
def test_oidc_members_of_the_secretariat_may_write(site, email):
    app = app_with({**SECRETS, **OIDC}, {"is_logged_in": True, "email": email, "name": "Lead"})
    assert UPLOAD in page_paths(app)
    assert any("Signed in as Lead: you may add participation lists" in caption.value for caption in app.sidebar.caption)


def test_the_secretariat_signs_in_previews_and_loads_a_list(site):
    app = sign_in(app_with(SECRETS), PASSWORD)
    assert UPLOAD in page_paths(app)
    app.switch_page(UPLOAD).run()
    app.selectbox(key="upload_event").set_value("pesnet-m3-2021").run()
    before = site.digest()
    app.get("file_uploader")[0].upload("attendance.csv", upload_file("good/attendance_with_bad_rows.csv"), "text/csv")
    app.run()
    assert not app.exception
    assert metrics(app) == {"Rows read": "8", "Valid": "4", "Rejected": "4"}
    problems = app.dataframe[0].value
    assert problems.iloc[0].tolist() == [4, "country", "unknown country 'Atlantis': no alias, OIC, World Bank or ISO name matches"]
    assert site.digest() == before and not site.private.exists()  # the preview wrote nothing

    app.button(key="upload_confirm").click().run()
    assert not app.exception
    assert any("Loaded 4 valid rows" in success.value for success in app.success)
    app.switch_page("views/network_event.py").run()
    app.selectbox(key="event").set_value("pesnet-m3-2021").run()
    # four persons from four countries: small cells, so no count of them is published (issue 13, item 5)
    assert metrics(app)["Registered (lists)"] == "withheld (small cells)"
    attendance = next(frame.value for frame in app.dataframe if "Took part" in frame.value.columns)
    assert set(attendance["Took part"]) == set(attendance["Registered"]) == {"fewer than 5"}
