"""The Whoosh side of a commit: park the change before it, hand it to the writer after it."""

import logging

from . import background, store

log = logging.getLogger(__name__)
PARKED = "search_parked"


def before_commit(session, refresh: set[str], deleted_reviews: set[int]) -> None:
    """Park what is about to change, so a process killed after the commit loses nothing."""
    directory = store.index_dir()
    batch = store.Batch(refresh=refresh, delete_reviews=deleted_reviews)
    path = store.park(directory, batch, committed=False)
    session.info.setdefault(PARKED, []).append((path, batch))


def after_commit(session) -> None:
    parked = session.info.pop(PARKED, None)
    if not parked:
        return
    try:
        for path, batch in parked:
            store.mark_committed(path, batch)
    except Exception:  # still parked as *.open: the next writer applies it when it is old
        log.exception("could not mark a search change committed; it is applied later")
    background.notify()


def after_rollback(session) -> None:
    for path, _batch in session.info.pop(PARKED, None) or []:
        store.discard(path)
