"""The factory, the CLI, migrations and the HTTP protections."""

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from review import create_app
from review.extensions import db
from review.models import TaxonomyTerm, User


def test_config_from_test_mapping(app):
    assert app.testing
    assert app.template_folder.endswith("templates")
    assert app.static_folder.endswith("static")


def test_instance_config_gets_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEW_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app()
    second = create_app()
    assert re.fullmatch(r"[0-9a-f]{64}", first.config["SECRET_KEY"])
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "config.py").stat().st_mode & 0o077 == 0


def test_database_url_uses_psycopg(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEW_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/review")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/review"


def test_migrations_match_the_models(bare_app):
    """A fresh `upgrade` builds exactly the schema the models describe."""
    with bare_app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []


STORAGE = text(
    "SELECT c.reloptions, array_agg(a.attname ORDER BY a.attname) FILTER (WHERE a.attstorage = 'm')"
    " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.relname = "
    "'search_document' GROUP BY c.reloptions"
)


def _assert_narrow_search_rows() -> None:
    """The text of a search document is stored out of line, its facets in line."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL storage setting")
    options, in_line = db.session.execute(STORAGE).one()
    assert options == ["toast_tuple_target=128"]
    assert {"agencies", "themes", "levels", "board", "digest"} <= set(in_line)
    assert "body" not in in_line and "title" not in in_line


def test_search_rows_are_narrow_after_migrations(bare_app):
    with bare_app.app_context():
        upgrade()
        _assert_narrow_search_rows()


def test_search_rows_are_narrow_from_the_models(app):
    with app.app_context():
        _assert_narrow_search_rows()


def test_sqlite_enforces_foreign_keys(app):
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_init_db_is_idempotent(bare_app):
    runner = bare_app.test_cli_runner()
    first = runner.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["init-db"])
    assert "0 taxonomy terms added" in second.output
    with bare_app.app_context():
        assert db.session.scalar(select(func.count(TaxonomyTerm.id))) > 50


def test_init_db_refuses_a_database_it_did_not_make(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code != 0 and "no migration history" in result.output


def test_create_user(runner, app):
    result = runner.invoke(
        args=["create-user", "--email", "Admin@Example.org", "--name", "Ada", "--role", "admin"],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "admin@example.org" and user.check_password("a long password")
    again = runner.invoke(
        args=["create-user", "--email", "admin@example.org", "--name", "A", "--role", "admin"],
        input="x\nx\n",
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_board_member_needs_a_board(runner):
    result = runner.invoke(
        args=["create-user", "--email", "b@example.org", "--name", "B", "--role", "board_member"],
        input="a long password\na long password\n",
    )
    assert result.exit_code != 0 and "needs --board" in result.output


def test_security_headers(client, auth, world):
    auth.login("lead")
    response = client.get("/reviews/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_csrf_is_enforced(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/auth/login", data={"email": "lead@test.example.org", "password": "x"})
    assert response.status_code == 400


def test_wrong_password_is_refused_without_saying_which(client, world, auth):
    response = auth.login("lead", password="wrong")
    assert response.status_code == 200
    assert b"The email address or password is not right." in response.data


def test_deactivated_user_cannot_sign_in(client, app, world, auth):
    with app.app_context():
        db.session.get(User, world.users["team"]).active = False
        db.session.commit()
    assert auth.login("team").status_code == 200
    assert client.get("/reviews/").status_code == 302


def test_login_next_stays_on_site(client, world):
    response = client.post(
        "/auth/login?next=https://evil.example.com/",
        data={"email": "lead@test.example.org", "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/reviews/"


def test_favicon_is_served_to_everyone(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/x-icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
