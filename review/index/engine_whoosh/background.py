"""Index work off the request path: one writer thread per process, and background rebuilds.

A save parks its change and wakes this process's writer, which applies every parked change
under the index lock (merging segments there too) while the user's request has long
returned. A search in the same process first waits (up to a second) for the changes this
process has parked, so what you saved is what you find.
"""

import atexit
import fcntl
import logging
import threading
import weakref

from flask import Flask, current_app

from ...extensions import db
from . import store

log = logging.getLogger(__name__)
IDLE_SECONDS = 5.0  # an idle writer thread ends; the next save starts another
MERGE_AFTER_SECONDS = 2.0  # segments are merged once saves have paused this long
_writers: "weakref.WeakKeyDictionary[Flask, Writer]" = weakref.WeakKeyDictionary()
_guard = threading.Lock()


class Writer:
    """Applies parked index changes for one app, one batch of files at a time."""

    def __init__(self, app: Flask):
        self.app = app
        self.changed = threading.Condition()
        self.asked = 0  # notifications received
        self.done = 0  # notifications covered by a finished write
        self.thread: threading.Thread | None = None
        self.stopping = False

    def notify(self) -> None:
        with self.changed:
            self.asked += 1
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._run, name="search-index-writer", daemon=True
                )
                self.thread.start()
            self.changed.notify_all()

    def wait(self, timeout: float) -> bool:
        """Wait until everything asked of this writer so far is written."""
        with self.changed:
            target = self.asked
            return self.changed.wait_for(lambda: self.done >= target, timeout)

    def idle(self) -> bool:
        with self.changed:
            return self.done >= self.asked

    def _run(self) -> None:
        merged = True
        while True:
            with self.changed:
                # Merging holds the index lock for a while: only once saves have paused.
                wait = IDLE_SECONDS if merged else MERGE_AFTER_SECONDS
                busy = self.changed.wait_for(lambda: self.done < self.asked or self.stopping, wait)
                if busy and self.done >= self.asked:  # stopping, nothing left
                    self.thread = None
                    return
                if not busy and merged:
                    self.thread = None
                    return
                target = self.asked
            if not busy:
                self._merge()
                merged = True
                continue
            self._write()
            merged = False
            with self.changed:
                self.done = max(self.done, target)
                self.changed.notify_all()

    def _write(self) -> None:
        try:
            with self.app.app_context():
                try:
                    directory = store.index_dir()
                    if directory is not None:
                        timeout = current_app.config.get("SEARCH_WRITER_TIMEOUT", 10.0)
                        store.write(directory, None, timeout)
                finally:
                    db.session.remove()
        except Exception:  # the parked files stay; the next writer applies them
            log.exception("background search index write failed; the change stays parked")

    def _merge(self) -> None:
        try:
            with self.app.app_context():
                directory = store.index_dir()
                if directory is not None:
                    store.merge(directory)
        except Exception:  # a merge can always wait for the next write
            log.exception("merging the search index's segments failed")

    def stop(self, timeout: float = 10.0) -> None:
        self.wait(timeout)
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
            thread = self.thread
        if thread is not None:
            thread.join(timeout)


def writer(app: Flask | None = None) -> Writer:
    app = app or current_app._get_current_object()
    with _guard:
        found = _writers.get(app)
        if found is None:
            found = _writers[app] = Writer(app)
        return found


def notify() -> None:
    writer().notify()


def wait(timeout: float = 1.0) -> bool:
    with _guard:
        found = _writers.get(current_app._get_current_object())
    return True if found is None else found.wait(timeout)


def shutdown(app: Flask) -> None:
    """Finish this app's parked writes and stop its thread (tests, process exit)."""
    with _guard:
        found = _writers.pop(app, None)
    if found is not None:
        found.stop()


@atexit.register
def _drain_at_exit() -> None:
    for app in list(_writers.keys()):
        shutdown(app)


# Rebuilding a missing or outdated index, once per host, in the background.

_rebuilding: dict[str, threading.Thread] = {}


def rebuilding(directory) -> bool:
    thread = _rebuilding.get(str(directory))
    return thread is not None and thread.is_alive()


def start_rebuild(directory, reindex) -> bool:
    """Rebuild in a thread unless a rebuild already runs here or in another process."""
    with _guard:
        if rebuilding(directory):
            return True
        lock_path = directory.with_name(directory.name + ".rebuild-lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "w")  # noqa: SIM115  (held for the thread's lifetime)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return True  # another process is rebuilding
        app = current_app._get_current_object()

        def run():
            try:
                with app.app_context():
                    try:
                        reindex()
                    finally:
                        db.session.remove()
            except Exception:
                log.exception("background rebuild of the search index failed")
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()

        thread = threading.Thread(target=run, name="search-index-rebuild", daemon=True)
        _rebuilding[str(directory)] = thread
        thread.start()
        return True
