"""Sign-in hardening: throttling, timing, sessions ended on the server, safe `next`, passwords,
two-factor sign-in."""

import logging
import re
import statistics
import time
from datetime import timedelta

import pyotp
import pytest
from conftest import PASSWORD, AuthActions
from sqlalchemy import func, select

from review import passwords
from review.crud import local_url
from review.extensions import db
from review.models import SignInAttempt, User
from review.throttle import LOCKED_MESSAGE

LOCKED = "Signing in is paused"


def _fail(auth, key, times):
    for _ in range(times):
        response = auth.login(key, password="not the password at all")
        assert response.status_code == 200


def test_ten_failures_lock_the_account_even_for_the_right_password(client, auth, world, caplog):
    with caplog.at_level(logging.WARNING, logger="review.signin"):
        _fail(auth, "lead", 10)
    assert "sign-in locked for account 'lead@test.example.org'" in caplog.text
    response = auth.login("lead")
    assert response.status_code == 200 and LOCKED in response.get_data(as_text=True)
    assert client.get("/reviews/").status_code == 302  # not signed in
    # Another account from the same address is not locked (50 failures lock an address).
    assert auth.login("team").status_code == 302


def test_lock_ends_after_fifteen_minutes(app, client, auth, world):
    _fail(auth, "lead", 10)
    assert LOCKED in auth.login("lead").get_data(as_text=True)
    with app.app_context():
        for attempt in db.session.scalars(select(SignInAttempt)):
            attempt.at -= timedelta(minutes=16)
        db.session.commit()
    assert auth.login("lead").status_code == 302


def test_unknown_accounts_are_throttled_alike(client, auth, world):
    """The same answers for an account that does not exist: nothing to enumerate."""

    def answers(key):
        pages = [auth.login(key, password="x" * 12).get_data(as_text=True) for _ in range(11)]
        return [LOCKED in page for page in pages], ["not right" in page for page in pages]

    assert answers("nobody") == answers("lead")
    locked, wrong = answers("someone")
    assert wrong[:9] == [True] * 9 and locked[9:] == [True, True]


def test_throttle_is_shared_by_worker_processes(app, world):
    """Two app instances on one database stand for two gunicorn workers."""
    from review import create_app

    other = create_app(dict(app.config))
    first, second = AuthActions(app.test_client()), AuthActions(other.test_client())
    for _ in range(5):
        first.login("lead", password="wrong password 1")
        second.login("lead", password="wrong password 2")
    assert LOCKED in second.login("lead").get_data(as_text=True)
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_address_is_locked_after_many_failures(app, auth, world):
    app.config["SIGNIN_MAX_FAILURES_PER_ADDRESS"] = 6
    for key in ("lead", "team", "lead2"):
        _fail(auth, key, 2)
    assert LOCKED in auth.login("board_member").get_data(as_text=True)


def test_unknown_account_costs_what_a_wrong_password_costs(app, client, world):
    """A real (slow) hash for one account; timing must not tell which accounts exist."""
    with app.app_context():
        user = db.session.get(User, world.users["practitioner"])
        user.set_password(PASSWORD)
        db.session.commit()
    auth = AuthActions(client)

    def timed(key):
        started = time.perf_counter()
        auth.login(key, password="a wrong password")
        return time.perf_counter() - started

    timed("nobody")  # the dummy hash is made once, on first use
    known = statistics.median(timed("practitioner") for _ in range(3))
    unknown = statistics.median(timed("nobody") for _ in range(3))
    assert 0.5 < unknown / known < 2, (known, unknown)


def _cookie(client):
    return client.get_cookie("session").value


def test_logout_ends_the_session_on_the_server(app, client, auth, world):
    auth.login("lead")
    stolen = _cookie(client)
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/reviews/").status_code == 302


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, auth, world):
    auth.login("lead")
    elsewhere = app.test_client()
    AuthActions(elsewhere).login("lead")
    assert elsewhere.get("/reviews/").status_code == 200
    wrong = client.post(
        "/auth/password", data={"current": "wrong", "new": "x", "confirm": "x"}
    ).get_data(as_text=True)
    assert "This is not your current password." in wrong or "Use at least 12" in wrong
    weak = client.post(
        "/auth/password",
        data={"current": PASSWORD, "new": "password1234", "confirm": "password1234"},
    ).get_data(as_text=True)
    assert "commonly used passwords" in weak
    new = "tidal umbrella kettle 42"
    done = client.post("/auth/password", data={"current": PASSWORD, "new": new, "confirm": new})
    assert done.status_code == 302
    assert client.get("/reviews/").status_code == 200
    assert elsewhere.get("/reviews/").status_code == 302
    auth.logout()
    assert auth.login("lead", password=new).status_code == 302


def test_deactivation_ends_the_users_sessions(app, client, auth, world):
    auth.login("team")
    with app.app_context():
        db.session.get(User, world.users["team"]).active = False
        db.session.commit()
    assert client.get("/reviews/").status_code == 302


def test_sign_in_starts_a_fresh_session_and_csrf_token(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()

    def token(path):
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    before = token("/auth/login")
    data = {"email": "lead@test.example.org", "password": PASSWORD, "csrf_token": before}
    assert client.post("/auth/login", data=data).status_code == 302
    after = token("/auth/password")
    assert after != before
    assert client.post("/auth/logout", data={"csrf_token": before}).status_code == 400
    assert client.post("/auth/logout", data={"csrf_token": after}).status_code == 302
    # Signing out and in as someone else: the old token is no good either.
    again = token("/auth/login")
    client.post(
        "/auth/login",
        data={"email": "team@test.example.org", "password": PASSWORD, "csrf_token": again},
    )
    assert client.post("/auth/logout", data={"csrf_token": after}).status_code == 400


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example",
     "https://evil.example/", "/%2F/evil.example", "/%5Cevil.example", "javascript:alert(1)",
     "/\n/evil.example", " /evil", "/\x00", "evil.example", "/%0d%0a/evil"],
)  # fmt: skip
def test_next_only_accepts_local_paths(target):
    assert local_url(target) is None


def test_next_keeps_ordinary_local_paths():
    assert local_url("/reviews/3?tab=kpe") == "/reviews/3?tab=kpe"
    assert local_url("/search?q=neglect%20home") == "/search?q=neglect%20home"


def test_sign_in_ignores_a_next_with_a_tab(client, world):
    response = client.post(
        "/auth/login?next=/%09/evil.example",
        data={"email": "lead@test.example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/reviews/"


def test_login_shortcut(client):
    response = client.get("/login?next=/reviews/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/reviews/"


@pytest.mark.parametrize(
    "password, problem",
    [("aaaaaaaaaa", "at least 12"), ("aaaaaaaaaaaa", "different characters"),
     ("password1234", "commonly used"), ("qwerty123456", "commonly used"),
     ("iloveyou2024!!", "commonly used"), ("lead.reviewer.99x", "email address")],
)  # fmt: skip
def test_password_policy(password, problem):
    assert problem in passwords.problems(password, "lead.reviewer@example.org")[0]


def test_password_policy_accepts_a_good_passphrase():
    assert passwords.problems("tidal umbrella kettle 42") == []
    assert len(passwords.common_passwords()) > 19000


def _enable_two_factor(client, auth):
    auth.login("lead")
    page = client.get("/auth/two-factor").get_data(as_text=True)
    secret = re.search(r'<code class="token">([A-Z2-7]+)</code>', page).group(1)
    code = pyotp.TOTP(secret).now()
    done = client.post("/auth/two-factor", data={"code": code, "password": PASSWORD})
    assert done.status_code == 302
    auth.logout()
    return pyotp.TOTP(secret)


def test_two_factor_sign_in(app, client, auth, world):
    totp = _enable_two_factor(client, auth)
    first = auth.login("lead")
    assert first.headers["Location"] == "/auth/code"
    assert client.get("/reviews/").status_code == 302  # the password alone is not enough
    wrong = client.post("/auth/code", data={"code": "000000"}).get_data(as_text=True)
    assert "That code is not right" in wrong
    code = totp.now()
    assert client.post("/auth/code", data={"code": code}).status_code == 302
    assert client.get("/reviews/").status_code == 200
    auth.logout()
    auth.login("lead")
    replay = client.post("/auth/code", data={"code": code}).get_data(as_text=True)
    assert "used already" in replay


def test_wrong_codes_count_towards_the_lock(app, client, auth, world):
    _enable_two_factor(client, auth)
    for _ in range(3):
        auth.login("lead")
        for _ in range(4):
            response = client.post("/auth/code", data={"code": "000000"})
    assert response.status_code == 302  # sent back to sign in, locked
    assert LOCKED in auth.login("lead").get_data(as_text=True)


def test_installation_can_require_two_factor_for_admins_and_leads(app, client, auth, world):
    app.config["REQUIRE_TWO_FACTOR"] = True
    auth.login("admin")
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"] == "/auth/two-factor"
    auth.logout()
    auth.login("team")
    assert client.get("/reviews/").status_code == 200


def test_every_attempt_is_recorded(app, auth, world):
    auth.login("lead", password="wrong password!")
    auth.login("lead")
    with app.app_context():
        outcomes = db.session.scalars(select(SignInAttempt.outcome).order_by(SignInAttempt.id))
        assert list(outcomes) == ["failure", "success"]
        assert db.session.scalar(select(func.count()).select_from(SignInAttempt)) == 2
    assert LOCKED_MESSAGE.startswith(LOCKED)
