"""Which search engine answers: `SEARCH_BACKEND` (`REVIEW_SEARCH_BACKEND`), whoosh or postgresql.

The rest of the app calls `review.search`, which calls `engine` here: a stand-in that hands
every attribute to the configured engine's module, so no other code knows which one it is.
"""

from types import ModuleType

from flask import Flask, current_app, has_app_context
from sqlalchemy import make_url

BACKENDS = ("whoosh", "postgresql")


class BackendError(RuntimeError):
    """The search backend setting cannot work with this installation."""


def check(app: Flask) -> None:
    """Refuse to start with an unknown backend, or PostgreSQL search without PostgreSQL."""
    name = app.config.setdefault("SEARCH_BACKEND", "whoosh")
    if name not in BACKENDS:
        raise BackendError(
            f"REVIEW_SEARCH_BACKEND is {name!r}; it must be one of: {', '.join(BACKENDS)}."
        )
    if name == "postgresql":
        url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        if url.get_backend_name() != "postgresql":
            raise BackendError(
                "REVIEW_SEARCH_BACKEND=postgresql searches inside the database, so it needs a "
                "PostgreSQL database: set DATABASE_URL=postgresql://user:password@host/review "
                f"(this installation uses {url.get_backend_name()}), or use "
                "REVIEW_SEARCH_BACKEND=whoosh."
            )


def name() -> str:
    return current_app.config.get("SEARCH_BACKEND", "whoosh")


def current() -> ModuleType:
    """The configured engine's module (the operations every engine provides)."""
    if name() == "postgresql":
        from .engine_postgresql import engine as postgresql

        return postgresql
    from .engine_whoosh import engine as whoosh

    return whoosh


def sync() -> ModuleType:
    """The configured engine's side of a commit (before_commit, after_commit, after_rollback)."""
    if name() == "postgresql":
        from .engine_postgresql import sync as postgresql

        return postgresql
    from .engine_whoosh import sync as whoosh

    return whoosh


def enabled() -> bool:
    """Whether saves must keep a search engine in step (Whoosh: when an index is configured)."""
    return has_app_context() and current().configured()


class _Engine:
    def __getattr__(self, attribute: str):
        return getattr(current(), attribute)


#: the configured engine: `engine.run(...)` calls the engine of the current app
engine = _Engine()
