"""Where the index lives and how it is written: one writer at a time, nothing lost.

Whoosh allows one writer per index (an `fcntl` lock on local disk). Several web processes
(`gunicorn -w 4`) saving at once therefore queue for that lock: each waits up to
SEARCH_WRITER_TIMEOUT seconds (measured here: 4 processes × 25 commits need 0.6 s in all).
If the lock still cannot be had, or the write fails, the already-built documents are written
to a *pending* folder beside the index and the user's save goes through; the next writer
(or `flask reindex`) applies pending changes first. Documents carry a version (the time they
were built), so an older document never overwrites a newer one.
"""

import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path

from flask import current_app
from whoosh import index
from whoosh.index import LockError

from .schema import make_schema

log = logging.getLogger(__name__)
_local = threading.local()


def index_dir() -> Path | None:
    configured = current_app.config.get("WHOOSH_INDEX_DIR")
    return Path(configured) if configured else None


def pending_dir(directory: Path) -> Path:
    return directory.with_name(directory.name + "-pending")


def open_index(directory: Path):
    """Open the index, creating an empty one the first time."""
    if index.exists_in(directory):
        return index.open_dir(directory)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        return index.create_in(directory, make_schema())
    except LockError:  # another process is creating it right now
        time.sleep(0.2)
        return index.open_dir(directory)


def searcher(directory: Path):
    """A searcher reused across requests in this thread, refreshed when the index changed."""
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
    found = cache.get(directory)
    if found is not None and not found.up_to_date():
        # Not refresh(): reusing segment readers there can keep documents deleted since.
        found.close()
        found = None
    if found is None:
        found = cache[directory] = open_index(directory).searcher()
    return found


def forget_searchers() -> None:
    for found in getattr(_local, "searchers", {}).values():
        found.close()
    _local.searchers = {}


class Batch:
    """Index changes from one commit: documents to write, ids and reviews to remove."""

    def __init__(self, docs=(), delete_ids=(), delete_reviews=()):
        self.docs = list(docs)
        self.delete_ids = set(delete_ids)
        self.delete_reviews = set(delete_reviews)

    def __bool__(self):
        return bool(self.docs or self.delete_ids or self.delete_reviews)

    def to_json(self) -> str:
        return json.dumps(
            {
                "docs": self.docs,
                "delete_ids": sorted(self.delete_ids),
                "delete_reviews": sorted(self.delete_reviews),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> "Batch":
        data = json.loads(text)
        return cls(data["docs"], data["delete_ids"], data["delete_reviews"])


def _apply(writer, searcher, batch: Batch) -> None:
    for review_id in batch.delete_reviews:
        writer.delete_by_term("review_id", str(review_id))
    for doc_id in batch.delete_ids:
        writer.delete_by_term("id", doc_id)
    for doc in batch.docs:
        current = searcher.document(id=doc["id"])
        if current is not None and current.get("version", 0) > doc["version"]:
            continue  # a newer version is already indexed
        writer.update_document(**doc)


def write(directory: Path, batch: Batch, timeout: float) -> bool:
    """Apply pending batches and this one under the index lock; park it if that fails."""
    ix = open_index(directory)
    try:
        writer = ix.writer(timeout=timeout, delay=0.02)
    except LockError:
        log.warning("search index busy for %.1f s: change parked for the next writer", timeout)
        park(directory, batch)
        return False
    try:
        with ix.searcher() as s:
            parked = sorted(pending_dir(directory).glob("*.json"))
            for path in parked:
                _apply(writer, s, Batch.from_json(path.read_text()))
            _apply(writer, s, batch)
        writer.commit()
    except Exception:
        log.exception("search index write failed: change parked for the next writer")
        writer.cancel()
        park(directory, batch)
        return False
    for path in parked:
        path.unlink(missing_ok=True)
    return True


def park(directory: Path, batch: Batch) -> Path:
    """Keep a batch on disk, atomically, until a writer can apply it."""
    folder = pending_dir(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.time_ns()}-{os.getpid()}-{threading.get_ident()}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(batch.to_json())
    tmp.replace(path)
    return path


def pending_count(directory: Path) -> int:
    return len(list(pending_dir(directory).glob("*.json")))


def rebuild(directory: Path, batches, timeout: float) -> int:
    """Build a fresh index beside the live one and swap it in; returns documents written.

    The live index's write lock is held throughout, so other processes queue (or park their
    changes) instead of writing into an index about to be replaced.
    """
    lock = open_index(directory).lock("WRITELOCK")
    deadline = time.monotonic() + timeout
    while not lock.acquire(blocking=False):
        if time.monotonic() > deadline:
            raise LockError("the search index is busy; try again")
        time.sleep(0.05)
    fresh_dir = directory.with_name(directory.name + f".new-{os.getpid()}")
    shutil.rmtree(fresh_dir, ignore_errors=True)
    fresh_dir.mkdir(parents=True)
    try:
        fresh = index.create_in(fresh_dir, make_schema())
        writer = fresh.writer(limitmb=256)
        count = 0
        for docs in batches:
            for doc in docs:
                writer.add_document(**doc)
                count += 1
        writer.commit()
        old_dir = directory.with_name(directory.name + f".old-{os.getpid()}")
        directory.rename(old_dir)
        fresh_dir.rename(directory)
    except BaseException:
        lock.release()
        shutil.rmtree(fresh_dir, ignore_errors=True)
        raise
    lock.release()
    shutil.rmtree(old_dir, ignore_errors=True)
    forget_searchers()
    return count


def indexed_ids(directory: Path) -> dict[str, str]:
    """Every document id in the index, with the review it belongs to."""
    with open_index(directory).searcher() as s:
        return {f["id"]: f["review_id"] for f in s.all_stored_fields()}
