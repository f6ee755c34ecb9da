"""An empty search table with records to find (a new installation, a switch of engine, a
restore) is filled in the background, once across every process and host.

Every rebuild holds a session-level advisory lock in PostgreSQL while it runs, so a second
one (`flask reindex` on another host) waits for the first to end. Filling an empty table
also holds a second lock: any process on any host sees it in `pg_locks` and says "being
rebuilt" (rather than answering from a half-filled table) until it is done.
"""

import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import text

from ...extensions import db
from .store import LOCK_CLASS

log = logging.getLogger(__name__)
REBUILD_KEY = 1  # (LOCK_CLASS, 1): held while a rebuild runs
FILLING_KEY = 2  # (LOCK_CLASS, 2): held while an empty table is filled
_started: dict[int, threading.Thread] = {}
_guard = threading.Lock()


STATE = text(
    "SELECT EXISTS (SELECT 1 FROM search_document), EXISTS (SELECT 1 FROM pg_locks WHERE "
    "locktype = 'advisory' AND granted AND classid = :c AND objid = :k AND objsubid = 2 AND "
    "database = (SELECT oid FROM pg_database WHERE datname = current_database()))"
)


def state() -> tuple[bool, bool]:
    """Whether the table has documents, and whether it is being filled (on any host)."""
    found = db.session.execute(STATE, {"c": LOCK_CLASS, "k": FILLING_KEY}).one()
    return bool(found[0]), bool(found[1])


@contextmanager
def advisory_lock(key: int = REBUILD_KEY, *, wait: bool = True):
    """Hold a session-level lock on a connection of its own; yields whether it was taken."""
    connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    # pg_advisory_lock returns void (never NULL): the row it answers says the lock is held
    take = "pg_try_advisory_lock(:c, :k)" if not wait else "true FROM pg_advisory_lock(:c, :k)"
    try:
        taken = connection.scalar(text(f"SELECT {take}"), {"c": LOCK_CLASS, "k": key})
        try:
            yield taken
        finally:
            if taken:
                connection.execute(text("SELECT pg_advisory_unlock(:c, :k)"),
                                   {"c": LOCK_CLASS, "k": key})  # fmt: skip
    finally:
        connection.close()


def start(reindex: Callable[[], int]) -> None:
    """Rebuild in a thread of this process, unless one already runs here."""
    app = current_app._get_current_object()
    with _guard:
        running = _started.get(id(app))
        if running is not None and running.is_alive():
            return

        def run():
            try:
                with app.app_context(), advisory_lock(FILLING_KEY, wait=False) as taken:
                    try:
                        if taken:  # else another process is filling it
                            reindex()
                    finally:
                        db.session.remove()
            except Exception:
                log.exception("background rebuild of the search documents failed")

        thread = threading.Thread(target=run, name="search-documents-rebuild", daemon=True)
        _started[id(app)] = thread
        thread.start()


def wait(app, timeout: float = 60.0) -> None:
    """Let this app's rebuild finish (tests, before their database goes)."""
    thread = _started.get(id(app))
    if thread is not None:
        thread.join(timeout)
