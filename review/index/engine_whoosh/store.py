"""Where the Whoosh index lives and how it is written: one writer at a time, nothing lost.

Whoosh allows one writer per index (an `fcntl` lock on local disk). A save never writes the
index itself: before the database commit it *parks* the ids of the documents it changes in
`instance/whoosh-pending/` (as `*.open`), after the commit it marks the file ready
(`*.json`), and this process's background writer applies every ready file under the index
lock, building the documents from the database there (so they are always what was
committed), then removes the files. A process killed between the commit and the index write
leaves its file behind; the next writer applies it once it is `SEARCH_ORPHAN_AGE` seconds
old, whether or not the commit happened (building from the database is right either way).
"""

import json
import logging
import os
import shutil
import threading
import time
import weakref
from pathlib import Path

from flask import current_app
from whoosh import index
from whoosh.index import LockError

from ..documents import documents_for
from .schema import make_schema, whoosh_fields

log = logging.getLogger(__name__)
_local = threading.local()
#: Segments are written as separate files, not one compound file: Whoosh copies a compound
#: segment's terms and postings into memory each time a reader opens it (290 ms for a
#: 15,000-document segment, once per write and once per search after it; 1 ms as files).
COMPOUND = False


def index_dir() -> Path | None:
    configured = current_app.config.get("WHOOSH_INDEX_DIR")
    return Path(configured) if configured else None


def pending_dir(directory: Path) -> Path:
    return directory.with_name(directory.name + "-pending")


_creating = threading.Lock()


def open_index(directory: Path):
    """Open the index, creating an empty one the first time."""
    if index.exists_in(directory):
        return index.open_dir(directory)
    with _creating:  # threads of this process (a request, the background writer)
        if index.exists_in(directory):
            return index.open_dir(directory)
        directory.mkdir(parents=True, exist_ok=True)
        try:
            return index.create_in(directory, make_schema())
        except (LockError, NameError):  # another process is creating it right now
            time.sleep(0.2)
            return index.open_dir(directory)


def searcher(directory: Path):
    """A searcher reused across requests in this thread, refreshed when the index changed."""
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
        # A searcher holds its segments' files open: closed when the thread ends (a threaded
        # server's request thread), not left for the garbage collector.
        weakref.finalize(threading.current_thread(), _close_all, cache)
    found = cache.get(directory)
    if found is not None and not found.up_to_date():
        # Not refresh(): reusing segment readers there can keep documents deleted since.
        found.close()
        found = None
    if found is None:
        cache.pop(directory, None)
        while len(cache) >= MAX_OPEN:  # indexes this thread searched before (tests, tools)
            cache.pop(next(iter(cache))).close()
        found = cache[directory] = open_index(directory).searcher()
    return found


MAX_OPEN = 2  # indexes whose searchers one thread keeps open (an app has one)


def _close_all(cache: dict) -> None:
    for found in cache.values():
        found.close()
    cache.clear()


def forget_searchers() -> None:
    cache = getattr(_local, "searchers", None)
    if cache is not None:
        _close_all(cache)


class Batch:
    """Index changes from one commit: ids to rebuild from the database, reviews to remove,
    and (for repairs and tests) ready-made documents."""

    def __init__(self, docs=(), refresh=(), delete_reviews=(), delete_ids=()):
        self.docs = list(docs)
        self.refresh = set(refresh)  # an id the database no longer has is removed
        self.delete_reviews = set(delete_reviews)
        self.delete_ids = set(delete_ids)

    def __bool__(self):
        return bool(self.docs or self.refresh or self.delete_reviews or self.delete_ids)

    def update(self, other: "Batch") -> None:
        self.docs.extend(other.docs)
        self.refresh |= other.refresh
        self.delete_reviews |= other.delete_reviews
        self.delete_ids |= other.delete_ids

    def to_json(self) -> str:
        return json.dumps(
            {
                "docs": self.docs,
                "refresh": sorted(self.refresh),
                "delete_reviews": sorted(self.delete_reviews),
                "delete_ids": sorted(self.delete_ids),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> "Batch":
        data = json.loads(text)
        return cls(
            data.get("docs", ()),
            data.get("refresh", ()),
            data.get("delete_reviews", ()),
            data.get("delete_ids", ()),
        )


def _ids(doc_ids: set[str]) -> tuple[set[int], set[int]]:
    findings = {int(i.split(":")[1]) for i in doc_ids if i.startswith("finding:")}
    episodes = {int(i.split(":")[1]) for i in doc_ids if i.startswith("kpe:")}
    return findings, episodes


def _apply(writer, searcher, batch: Batch) -> int:
    """Apply a batch; documents to refresh are built now, from what the database holds."""
    for review_id in batch.delete_reviews:
        writer.delete_by_term("review_id", str(review_id))
    for doc_id in batch.delete_ids:
        writer.delete_by_term("id", doc_id)
    docs = list(batch.docs)
    if batch.refresh:
        built = documents_for(*_ids(batch.refresh))
        for doc_id in batch.refresh - {d["id"] for d in built}:
            writer.delete_by_term("id", doc_id)
        docs.extend(built)
    for doc in docs:
        current = searcher.document(id=doc["id"])
        if current is not None and current.get("version", 0) > doc["version"]:
            continue  # a newer version is already indexed
        writer.update_document(**whoosh_fields(doc))
    return len(docs)


def _ready(directory: Path) -> list[Path]:
    """Parked files to apply: every committed one, and abandoned uncommitted ones."""
    folder = pending_dir(directory)
    if not folder.exists():
        return []
    age = current_app.config.get("SEARCH_ORPHAN_AGE", 30.0)
    now = time.time()
    found = []
    for path in folder.iterdir():
        if path.suffix == ".json":
            found.append(path)
        elif path.suffix == ".open":
            try:
                if now - path.stat().st_mtime >= age:
                    found.append(path)
            except FileNotFoundError:
                continue
    return sorted(found)


def has_ready(directory: Path) -> bool:
    return bool(_ready(directory))


def write(directory: Path, batch: Batch | None, timeout: float) -> bool:
    """Apply every parked batch and this one under the index lock; park this one on failure."""
    ix = open_index(directory)
    try:
        writer = ix.writer(timeout=timeout, delay=0.02, compound=COMPOUND)
    except LockError:
        log.warning("search index busy for %.1f s: change parked for the next writer", timeout)
        if batch:
            park(directory, batch)
        return False
    parked = _ready(directory)
    if not parked and not batch:  # nothing to do: leave the index (and its searchers) as they are
        writer.cancel()
        return True
    try:
        merged = Batch()
        for path in parked:
            try:
                merged.update(Batch.from_json(path.read_text()))
            except (FileNotFoundError, ValueError):
                continue  # finished by another writer, or half-written by a killed one
        if batch:
            merged.update(batch)
        _apply(writer, writer.searcher(), merged)  # the writer's own searcher: opened once
        # Small segments are merged here only when a long burst of saves made very many (each
        # search reads every segment); otherwise `merge()` does it once saves have paused, so
        # the search waiting for this write does not wait for a merge too.
        writer.commit(merge=len(ix._segments()) > 2 * MAX_SEGMENTS)
    except Exception:
        log.exception("search index write failed: change parked for the next writer")
        writer.cancel()
        if batch:
            park(directory, batch)
        return False
    for path in parked:
        path.unlink(missing_ok=True)
    return True


MAX_SEGMENTS = 8


def merge(directory: Path) -> bool:
    """Merge small segments when there are many, if the index lock is free right now."""
    ix = open_index(directory)
    if len(ix._segments()) <= MAX_SEGMENTS:
        return False
    try:
        writer = ix.writer(timeout=0.1, compound=COMPOUND)
    except LockError:
        return False
    writer.commit(merge=True)  # Whoosh's MERGE_SMALL policy
    return True


def _name() -> str:
    return f"{time.time_ns()}-{os.getpid()}-{threading.get_ident()}"


def park(directory: Path, batch: Batch, *, committed: bool = True) -> Path:
    """Keep a batch on disk, atomically, until a writer applies it."""
    folder = pending_dir(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_name()}.{'json' if committed else 'open'}"
    tmp = folder / f"{path.name}.tmp"
    tmp.write_text(batch.to_json())
    tmp.replace(path)
    return path


def mark_committed(path: Path, batch: Batch) -> None:
    """After the database commit: the parked batch may now be applied."""
    try:
        path.replace(path.with_suffix(".json"))
    except FileNotFoundError:  # an impatient writer applied it already: park it again
        park(path.parent.with_name(path.parent.name.removesuffix("-pending")), batch)


def discard(path: Path) -> None:
    """After a rollback: nothing changed, nothing to apply."""
    path.unlink(missing_ok=True)


def pending_count(directory: Path) -> int:
    folder = pending_dir(directory)
    return len([p for p in folder.glob("*") if p.suffix in (".json", ".open")])


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
        writer = fresh.writer(limitmb=256, compound=COMPOUND)
        count = 0
        for docs in batches:
            for doc in docs:
                writer.add_document(**whoosh_fields(doc))
                count += 1
        writer.commit()
        old_dir = directory.with_name(directory.name + f".old-{os.getpid()}")
        shutil.rmtree(old_dir, ignore_errors=True)
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


def indexed_digests(directory: Path) -> dict[str, str]:
    """Every document id in the index, with the digest of the content it was built from."""
    with open_index(directory).searcher() as s:
        return {f["id"]: f.get("digest", "") for f in s.all_stored_fields()}
