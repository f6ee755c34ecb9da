"""Fixtures for tests that drive a real headless Chromium against a live server.

The app runs in a thread on a free port, on a temporary SQLite database made the way a real
installation is made (`init_database`: Alembic migrations and the shipped taxonomies) and filled
with the demo data. CSRF protection stays on: the browser submits the real forms, tokens and all.

Playwright is used through its sync API directly (not the pytest-playwright plugin), with
Debian's Chromium, because Playwright's own browser download is not available here. Without
/usr/bin/chromium the browser tests skip, unless REVIEW_REQUIRE_BROWSER is set, in which case
they fail. Screenshots of the key steps (and of any failure) go to tests/artefacts/browser/.
"""

import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts" / "browser"
TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Login:
    """A demo account, as load_demo() reports it, plus the board it belongs to (if any)."""

    role: str
    email: str
    password: str
    board: str | None


@dataclass(frozen=True)
class LiveServer:
    url: str
    lead: Login
    logins: tuple = ()

    def login_for(self, role: str) -> Login:
        """The demo login whose role label is `role` (e.g. "Practitioner")."""
        return next(login for login in self.logins if login.role == role)


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("REVIEW_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing but REVIEW_REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} is missing: no browser to drive")


class _QuietHandler(WSGIRequestHandler):
    """Keep the test output free of one access-log line per request."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def _closing(app):
    """Close every response, even one the browser hangs up on mid-way.

    Werkzeug's development server skips ``close()`` when the client drops the connection
    while a file is being sent (Chromium does this with the favicon), leaving the file to be
    collected unclosed, a ResourceWarning that our warnings-as-errors turns into a failure
    of whichever test happens to be running. Gunicorn always closes; this makes the test
    server do the same.
    """

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


def _lead_login(logins) -> Login:
    """The first demo login whose role label mentions "lead", with its board's name."""
    from review.extensions import db
    from review.models import User

    for role, email, password in logins:
        if "lead" in role.lower():
            user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
            board = user.board.name if user is not None and user.board is not None else None
            return Login(role, email, password, board)
    pytest.fail(
        "review.demo.load_demo() returned no login whose role mentions 'lead' "
        f"(it returned {len(logins)} logins); the browser tests sign in as the demo lead reviewer"
    )


@contextmanager
def _serve(tmp: Path, **config):
    """The app on a free local port, with the demo data loaded: a LiveServer."""
    from review import create_app
    from review.cli import init_database
    from review.demo import load_demo
    from review.extensions import db

    app = create_app(
        {
            "SECRET_KEY": "browser-tests",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'b.sqlite'}",
            "WHOOSH_INDEX_DIR": str(tmp / "whoosh"),
            "EXPORTS_DIR": str(tmp / "exports"),
            "PAGE_NUMBERS_DIR": str(tmp / "page-numbers"),
            "WTF_CSRF_ENABLED": True,
            **config,
        }
    )
    with app.app_context():
        init_database()
        logins = load_demo()
        db.session.commit()
        lead = _lead_login(logins)
        db.session.remove()

    server = make_server(
        "127.0.0.1", 0, _closing(app), threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        everyone = tuple(Login(role, email, password, None) for role, email, password in logins)
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", lead=lead, logins=everyone)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app (SQLite, Whoosh) on a free local port, with the demo data loaded."""
    _require_chromium()
    with _serve(tmp_path_factory.mktemp("browser")) as server:
        yield server


@pytest.fixture(scope="session")
def pgsearch_live_server(tmp_path_factory):
    """The same on PostgreSQL with its full-text search, in a database of its own (the
    database tests empty theirs before each test)."""
    _require_chromium()
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if os.environ.get("REVIEW_REQUIRE_POSTGRES"):
            pytest.fail("TEST_DATABASE_URL is not set but REVIEW_REQUIRE_POSTGRES is")
        pytest.skip("TEST_DATABASE_URL is not set: no PostgreSQL server to test against")
    from sqlalchemy import create_engine, make_url, text
    from sqlalchemy.pool import NullPool

    name = f"review_browser_{os.getpid()}"
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database = make_url(url).set(database=name).render_as_string(hide_password=False)
    try:
        tmp = tmp_path_factory.mktemp("browser-pgsearch")
        with _serve(tmp, SQLALCHEMY_DATABASE_URI=database, SEARCH_BACKEND="postgresql") as server:
            yield server
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", autouse=True)
def _fresh_artefacts():
    """Remove the screenshots of an earlier run, so the folder shows this run only."""
    for old in ARTEFACTS.glob("*.png"):
        old.unlink()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so `page` can screenshot a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context (no cookies) and page, with the live server as base URL."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=ARTEFACTS / f"FAILED-{name}.png", full_page=True)
    context.close()


@pytest.fixture
def shot(request):
    """shot(page, "step") saves a full-page screenshot: tests/artefacts/browser/<test>-<step>.png"""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^\w.-]+", "_", request.node.name)

    def take(page, step: str) -> Path:
        path = ARTEFACTS / f"{test}-{step}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
