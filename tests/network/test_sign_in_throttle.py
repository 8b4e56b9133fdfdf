"""Sign-in that resists guessing: wrong passwords counted on the server across sessions, per account and
per client address, with exponential backoff, and refused before hashing while locked.

Before: five wrong passwords locked the form in session_state, so a reload reset it (15 guesses in 53 s
over 3 reloads), and every guess cost the server a full PBKDF2 hash.
"""

from __future__ import annotations

import pytest

from lmi import secretariat
from lmi.ui import auth
from tests.network.test_auth import PASSWORD, SECRETS, app_with, sign_in


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def fresh_throttle():
    auth.throttle.clear()
    yield
    auth.throttle.clear()


def test_the_lock_doubles_with_each_wrong_password_after_the_fifth():
    clock = Clock()
    throttle = secretariat.Throttle(clock)
    keys = [auth.ACCOUNT, "client:198.51.100.7"]
    assert [throttle.failed(keys) for _ in range(4)] == [0.0] * 4 and throttle.wait_seconds(keys) == 0
    locks = []
    for _ in range(4):
        locks.append(throttle.failed(keys))
        clock.now += locks[-1]
    assert locks == [60.0, 120.0, 240.0, 480.0]
    for _ in range(20):
        throttle.failed(keys)
    assert throttle.wait_seconds(keys) == secretariat.Throttle.MAX_SECONDS
    throttle.succeeded(keys)
    assert throttle.wait_seconds(keys) == 0


def test_one_locked_key_locks_the_attempt():
    throttle = secretariat.Throttle(Clock())
    for _ in range(5):
        throttle.failed(["client:203.0.113.9"])
    assert throttle.wait_seconds([auth.ACCOUNT, "client:203.0.113.9"]) == 60.0
    assert throttle.wait_seconds([auth.ACCOUNT, "client:198.51.100.7"]) == 0  # another client may still try


@pytest.mark.parametrize("headers, peer, address", [
    ({"X-Forwarded-For": "10.0.0.1, 198.51.100.7"}, "127.0.0.1", "198.51.100.7"),  # the proxy's own entry, not the forgeable first
    ({"X-Forwarded-For": "198.51.100.7"}, "127.0.0.1", "198.51.100.7"),
    ({"X-Real-IP": "203.0.113.9"}, "127.0.0.1", "203.0.113.9"),
    ({}, "192.0.2.1", "192.0.2.1"),
    ({}, None, None),
])
def test_the_client_address_comes_from_the_proxy(headers, peer, address):
    assert secretariat.client_address(headers, peer) == address


def test_a_reload_does_not_reset_the_count_and_a_locked_guess_is_never_hashed(site, monkeypatch):
    hashed = []
    real_check = secretariat.check_password
    monkeypatch.setattr(secretariat, "check_password", lambda *args: hashed.append(1) or real_check(*args))
    for _ in range(5):  # each guess from a new session: a reload
        app = sign_in(app_with(SECRETS), "guess")
    assert len(hashed) == 5 and any(error.value == "Wrong password." for error in app.error)

    for _ in range(3):  # reloads: still locked, and the form is not even offered
        app = app_with(SECRETS)
        assert any("Too many wrong passwords" in error.value for error in app.error)
        assert not [field for field in app.text_input if field.key == "secretariat_password_input"]
    assert len(hashed) == 5


def test_a_guess_submitted_from_a_form_opened_before_the_lock_is_refused_unhashed(site, monkeypatch):
    opened = app_with(SECRETS)  # a session whose form was shown before another locked the account
    for _ in range(5):
        sign_in(app_with(SECRETS), "guess")
    hashed = []
    monkeypatch.setattr(secretariat, "check_password", lambda *args: hashed.append(1) or True)
    app = sign_in(opened, PASSWORD)
    assert not hashed and any("Too many wrong passwords" in error.value for error in app.error)
