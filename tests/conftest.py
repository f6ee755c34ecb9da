"""Fixtures in the manner of flaskr: an app on a temporary database, a client, a CLI runner.

The `app` fixture runs every test that uses it twice: on SQLite, and on the PostgreSQL server
named by TEST_DATABASE_URL (.ci/run starts one). Without that variable the PostgreSQL runs skip,
unless REVIEW_REQUIRE_POSTGRES is set, in which case they fail.

Tests marked `search` run a third time, on PostgreSQL with PostgreSQL's own full-text search
(`SEARCH_BACKEND=postgresql`, id `pgsearch`) instead of Whoosh; `whoosh_only` ones (Whoosh's
index folder, writer and parked files) do not, and `pgsearch_only` ones run only there.
"""

import os
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool
from werkzeug.security import generate_password_hash

from review import create_app
from review.extensions import db
from review.models import (
    Board,
    Review,
    ReviewMembership,
    ReviewStatus,
    Role,
    TaxonomyKind,
    TeamRole,
    User,
)
from review.taxonomy import load_taxonomies, term

PASSWORD = "correct horse battery"
# Real hashing is slow by design; test accounts use a cheap hash so sign-ins stay fast.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")


@pytest.fixture(scope="session")
def postgres_url():
    """A database of this test run's own on the TEST_DATABASE_URL server, dropped at the end.

    Its own database lets several test runs share one server without meeting each other.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if os.environ.get("REVIEW_REQUIRE_POSTGRES"):
            pytest.fail("TEST_DATABASE_URL is not set but REVIEW_REQUIRE_POSTGRES is")
        pytest.skip("TEST_DATABASE_URL is not set: no PostgreSQL server to test against")
    server = make_url(url)
    name = f"review_test_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def pytest_generate_tests(metafunc):
    """Run each test on every database, and search tests on every search engine too."""
    for name in ("app", "bare_app"):
        if name not in metafunc.fixturenames:
            continue
        marked = metafunc.definition.get_closest_marker
        backends = ["sqlite", "postgresql"]
        if marked("search") and not marked("whoosh_only"):
            backends.append("pgsearch")
        if marked("pgsearch_only"):
            backends = ["pgsearch"]
        metafunc.parametrize(name, backends, indirect=True)
        return


def _database_url(backend: str, request, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return request.getfixturevalue("postgres_url")


def _reset_postgres() -> None:
    """Drop everything in the public schema, so each test starts on an empty database."""
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def _make_app(backend: str, request, tmp_path, *, tables: bool):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": _database_url(backend, request, tmp_path),
            "WTF_CSRF_ENABLED": False,
            "WHOOSH_INDEX_DIR": str(tmp_path / "whoosh"),
            "SEARCH_WAIT_FOR_WRITES": 10.0,  # a loaded test machine can be slow to index
            "EXPORTS_DIR": str(tmp_path / "exports"),
            # LibreOffice lays each report out to number its contents: seconds per export, so
            # only the tests of that pass turn it on (test_exports_as_printed.py).
            "REPORT_PAGE_NUMBERS": False,
            "SEARCH_BACKEND": "postgresql" if backend == "pgsearch" else "whoosh",
        }
    )
    with app.app_context():
        if backend != "sqlite":
            _reset_postgres()
        if tables:
            db.create_all()
            load_taxonomies()
            db.session.commit()
    return app


def _dispose(app) -> None:
    from review.index.engine_postgresql import background as rebuilds
    from review.index.engine_whoosh import background

    background.shutdown(app)  # finish the app's background index writes before dropping it
    rebuilds.wait(app)  # and a background rebuild of PostgreSQL's search documents
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(request, tmp_path):
    """The app on a database with every table and the shipped taxonomies."""
    app = _make_app(request.param, request, tmp_path, tables=True)
    yield app
    _dispose(app)


@pytest.fixture
def bare_app(request, tmp_path):
    """The app on an empty database, for tests of migrations and init-db."""
    app = _make_app(request.param, request, tmp_path, tables=False)
    yield app
    _dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@dataclass
class World:
    """Ids of a small, known set of boards, users and reviews."""

    board: int
    other_board: int
    users: dict[str, int]
    draft: int
    published: int
    other_draft: int


USERS = {
    # key: (role, board key)
    "admin": (Role.ADMIN, None),
    "lead": (Role.LEAD_REVIEWER, "board"),
    "lead2": (Role.LEAD_REVIEWER, "board"),
    "team": (Role.TEAM_MEMBER, "board"),
    "board_member": (Role.BOARD_MEMBER, "board"),
    "other_board_member": (Role.BOARD_MEMBER, "other"),
    "practitioner": (Role.PRACTITIONER, None),
    "outsider_lead": (Role.LEAD_REVIEWER, "other"),
    "outsider_team": (Role.TEAM_MEMBER, "other"),
}


def make_user(key: str, role: Role, board: Board | None) -> User:
    user = User(
        email=f"{key}@test.example.org", display_name=key.replace("_", " ").title(), role=role
    )
    user.board = board
    user.password_hash = PASSWORD_HASH
    db.session.add(user)
    return user


def make_review(board: Board, title: str, status=ReviewStatus.DRAFT, **fields) -> Review:
    review = Review(
        board=board,
        title=title,
        status=status,
        review_type=term(TaxonomyKind.REVIEW_TYPE, "lt_full"),
        **fields,
    )
    db.session.add(review)
    return review


@pytest.fixture
def world(app) -> World:
    """Two boards; one user per role (and outsiders); a draft, a published and another draft."""
    with app.app_context():
        board = Board(name="Northbridge Safeguarding Children Partnership")
        other = Board(name="Eastmere Safeguarding Adults Board")
        db.session.add_all([board, other])
        boards = {"board": board, "other": other}
        users = {k: make_user(k, role, boards.get(b)) for k, (role, b) in USERS.items()}
        draft = make_review(board, "Child A: a draft review")
        draft.memberships.append(ReviewMembership(user=users["lead"], team_role=TeamRole.LEAD))
        draft.memberships.append(ReviewMembership(user=users["team"], team_role=TeamRole.TEAM))
        published = make_review(
            other, "Adult D: a published review", ReviewStatus.PUBLISHED,
            published_on=date(2024, 5, 1), signed_off_on=date(2024, 4, 1),
        )  # fmt: skip
        published.memberships.append(
            ReviewMembership(user=users["outsider_lead"], team_role=TeamRole.LEAD)
        )
        other_draft = make_review(other, "Child E: another board's draft")
        other_draft.memberships.append(
            ReviewMembership(user=users["outsider_lead"], team_role=TeamRole.LEAD)
        )
        other_draft.memberships.append(
            ReviewMembership(user=users["outsider_team"], team_role=TeamRole.TEAM)
        )
        db.session.commit()
        return World(
            board=board.id,
            other_board=other.id,
            users={k: u.id for k, u in users.items()},
            draft=draft.id,
            published=published.id,
            other_draft=other_draft.id,
        )


class AuthActions:
    """Sign in and out through the real login form."""

    def __init__(self, client):
        self._client = client

    def login(self, key: str, password: str = PASSWORD):
        return self._client.post(
            "/auth/login", data={"email": f"{key}@test.example.org", "password": password}
        )

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
