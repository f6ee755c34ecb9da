"""The review application: systems case reviews in the Learning Together model."""

import os
import secrets
from pathlib import Path

from flask import Flask

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
#: in a checkout (editable install) the UI lives at the top level; a wheel carries it inside
UI_ROOT = PACKAGE if (PACKAGE / "templates").is_dir() else ROOT


def _default_instance_path() -> str | None:
    """./instance in a checkout; otherwise Flask's default (<prefix>/var/review-instance)."""
    if (ROOT / "pyproject.toml").is_file() and UI_ROOT == ROOT:
        return str(ROOT / "instance")
    return None


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment, then tests."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("REVIEW_INSTANCE_PATH") or _default_instance_path(),
        instance_relative_config=True,
        template_folder=str(UI_ROOT / "templates"),
        static_folder=str(UI_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///review.sqlite",
        WHOOSH_INDEX_DIR=str(Path(app.instance_path) / "whoosh"),
        EXPORTS_DIR=str(Path(app.instance_path) / "exports"),
        # Word exports: the marking until publication and after it, and the house style
        # (None: the shipped review/data/reference.docx).
        PROTECTIVE_MARKING="OFFICIAL-SENSITIVE — not for publication",
        PUBLISHED_PROTECTIVE_MARKING="OFFICIAL",
        REPORT_REFERENCE_DOCX=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        # A request (and a form's text) up to 2 MB: a full review form at 50,000 characters a
        # field fits; anything larger is refused with a page that says so (413).
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
    )
    if test_config is None:
        _ensure_instance_config(Path(app.instance_path))
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("REVIEW")
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = _sqlalchemy_url(os.environ["DATABASE_URL"])
        if os.environ.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    else:
        app.config.from_mapping(test_config)

    from . import blueprints, cli, conflicts, database, limits, rendering, search, security, timing

    limits.init_app(app)
    conflicts.init_app(app)
    database.init_app(app)
    security.init_app(app)
    rendering.init_app(app)
    search.init_app(app)
    blueprints.register(app)
    cli.register(app)
    timing.init_app(app)
    return app


def _ensure_instance_config(instance: Path) -> None:
    """Write instance/config.py with a random SECRET_KEY the first time the app starts."""
    config = instance / "config.py"
    if not config.exists():
        config.write_text(
            '"""Local settings for this installation; never commit this file."""\n\n'
            f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
        )
        config.chmod(0o600)


def _sqlalchemy_url(url: str) -> str:
    """Accept the usual postgres:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
