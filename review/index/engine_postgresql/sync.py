"""The PostgreSQL side of a commit: the changed documents are written before it, inside it.

They commit or roll back with the records, so there is nothing to park, to hand over or to
lose. The write runs in a savepoint: if it fails, the save still commits (and is logged;
`flask search-check` then sees the document as missing or out of date).
"""

import logging

from . import store

log = logging.getLogger(__name__)


def before_commit(session, refresh: set[str], deleted_reviews: set[int]) -> None:
    savepoint = session.connection().begin_nested()
    try:
        store.refresh(session, refresh, deleted_reviews)
    except Exception:
        savepoint.rollback()
        log.exception("could not write search documents; run `flask search-check --repair`")
    else:
        savepoint.commit()


def after_commit(session) -> None:
    """Nothing to do: the documents committed with the records."""


def after_rollback(session) -> None:
    """Nothing to do: the documents rolled back with the records."""
