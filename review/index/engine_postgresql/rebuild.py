"""A full rebuild that keeps both cores busy: this thread builds the next batch of documents in
Python while a writer thread's connection has PostgreSQL analyse and store the previous one.

The promise of every rebuild (store.py): it never writes a document built before a save
committed. Building outside a lock keeps it this way. Each batch is built from the snapshot
of the REPEATABLE READ transaction that writes it (`pg_export_snapshot`, imported by the
builder), so a save that commits after the snapshot and rewrites one of the batch's documents
makes the batch's write fail with a serialization failure (under REPEATABLE READ PostgreSQL
refuses to overwrite a row version the snapshot does not see). That batch is rolled back and
built and written again at the end the old way, holding the lock that saves hold shared.
Saves never wait for the batches. A document whose record a save deletes after the snapshot
may be written back; the rebuild's last step drops documents without records.

Documents whose digest in the snapshot is the one just built are not sent at all (an
up-to-date table costs PostgreSQL nothing), and the label fields' lexemes (`theme:`, `board:`
…), nearly all repeated across documents, are analysed once per distinct text.
"""

import multiprocessing
import queue
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from ...extensions import db
from ..documents import documents_for
from . import store
from .compile import analyse

#: store.UPSERT with the label fields' lexemes passed in (the same tsvector: tests compare)
FILL = text(
    re.sub(
        r"\(SELECT coalesce\(array_to_tsvector\(array_agg\(DISTINCT .*? AS l\)",
        "array_to_tsvector(CAST(:field_words AS text[]))",
        store.UPSERT.text,
        count=1,
        flags=re.DOTALL,
    )
)
assert ":fields" not in FILL.text, "store.UPSERT changed: update rebuild.FILL with it"
DIGESTS = text("SELECT id, digest FROM search_document WHERE id = ANY(CAST(:ids AS text[]))")
_SNAPSHOT = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9A-F]+)?")
_DONE = object()


class _Lexemes:
    """Each label text's lexemes as PostgreSQL's `to_tsvector` finds them, asked once."""

    def __init__(self):
        self.known: dict[str, frozenset[str]] = {}

    def field_words(self, connection, rows: list[dict], docs: list[dict]) -> None:
        values = [{n: d.get(s, "") or "" for n, s in store.LABEL_FIELDS.items()} for d in docs]
        new = {v for fields in values for v in fields.values()} - self.known.keys()
        for source, pairs in analyse(connection, new).items():
            self.known[source] = frozenset(lexeme for _, lexeme in pairs)
        for row, fields in zip(rows, values, strict=True):
            row["field_words"] = sorted(
                {f"~{name}:{lexeme}" for name, v in fields.items() for lexeme in self.known[v]}
            )


class _Writer(threading.Thread):
    """Writes each batch in the transaction whose snapshot it was built from."""

    def __init__(self, words_connection):
        super().__init__(name="search-rebuild-writer", daemon=True)
        self.batches: queue.Queue = queue.Queue(maxsize=1)
        self.words = words_connection
        self.lexemes = _Lexemes()
        self.refused: list[list[dict]] = []
        self.error: BaseException | None = None

    def run(self):
        while (item := self.batches.get()) is not _DONE:
            connection, docs = item
            try:
                if self.error is None:
                    self._write(connection, docs)
            except BaseException as error:  # handed to the building thread, which raises it
                self.error = error
            finally:
                connection.close()

    def _write(self, connection, docs: list[dict]) -> None:
        stored = dict(connection.execute(DIGESTS, {"ids": [d["id"] for d in docs]}).all())
        changed = sorted((d for d in docs if stored.get(d["id"]) != d["digest"]),
                         key=lambda d: d["id"])  # fmt: skip
        try:
            if changed:
                rows = [store.row(d) for d in changed]
                self.lexemes.field_words(connection, rows, changed)
                connection.execute(FILL, rows)
            connection.commit()
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) != "40001":  # serialization failure
                raise
            connection.rollback()
            self.refused.append(docs)  # a save rewrote one of them since the snapshot
            return
        self.words.execute(store.ADD_WORDS, {"words": store.vocabulary(docs)})


def _snapshot_connection():
    """A REPEATABLE READ transaction of its own, and the id of its snapshot."""
    connection = db.engine.connect().execution_options(isolation_level="REPEATABLE READ")
    snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
    if not _SNAPSHOT.fullmatch(snapshot):
        connection.close()
        raise ValueError(f"unexpected snapshot id {snapshot!r}")
    return connection, snapshot


def write_all(batches: Iterable[list[dict]]) -> tuple[int, list[list[dict]]]:
    """Build and write every batch; how many documents were built, and the batches a save
    got in the way of. Built here, or in worker processes when `batches` asks for them
    (`search.Batches.processes`), while the writer thread stores what is built."""
    processes = getattr(batches, "processes", 0)
    pool = _pool(processes) if processes > 1 else None  # forked before the writer starts
    words = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    writer = _Writer(words)
    writer.start()
    try:
        if pool is None:
            built = _build_here(iter(batches), writer)
        else:
            with pool:
                built = _build_in_processes(pool, batches, processes, writer)
    finally:
        _hand_over(writer, _DONE)
        writer.join()
        words.close()
    if writer.error is not None:
        raise writer.error
    return built, writer.refused


def _build_here(batches: Iterator[list[dict]], writer: "_Writer") -> int:
    session = db.session
    built = 0
    while writer.error is None:
        connection, snapshot = _snapshot_connection()
        try:
            _import(session, snapshot)
            docs = next(batches, None)  # built from the writing transaction's snapshot
            session.rollback()
        except BaseException:
            connection.close()
            raise
        if docs is None:
            connection.close()
            break
        built += len(docs)
        _hand_over(writer, (connection, docs))
    return built


def _import(session, snapshot: str) -> None:
    """Start the session's next transaction on another transaction's snapshot."""
    session.rollback()
    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    session.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))


_app = None  # the app, in a worker process


def _pool(processes: int):
    """Worker processes forked from this one (the app as it is), each with its own
    connections: the parent's pooled ones stay the parent's."""
    return multiprocessing.get_context("fork").Pool(
        processes, initializer=_start_worker, initargs=(current_app._get_current_object(),)
    )


def _start_worker(app) -> None:
    global _app
    _app = app
    with app.app_context():
        db.engine.dispose(close=False)


def _build_chunk(snapshot: str, build, ids: set[int], is_finding: bool) -> list[dict]:
    with _app.app_context():
        _import(db.session, snapshot)
        try:
            return build(ids, is_finding)
        finally:
            db.session.rollback()


def _build_in_processes(pool, batches, processes: int, writer: "_Writer") -> int:
    """Each chunk built in a worker from the snapshot of the transaction that will write it;
    a chunk per worker ahead of the writer, handed over in order."""
    pending: deque = deque()
    built = 0
    try:
        for ids, is_finding in batches.chunks:
            if writer.error is not None:
                break
            connection, snapshot = _snapshot_connection()
            task = (snapshot, batches.build, ids, is_finding)
            pending.append((connection, len(ids), pool.apply_async(_build_chunk, task)))
            while len(pending) > processes or (pending and pending[0][2].ready()):
                built += _collect(pending.popleft(), batches.progress, writer)
        while pending:
            built += _collect(pending.popleft(), batches.progress, writer)
    finally:
        for connection, _, _ in pending:
            connection.close()
    return built


def _collect(item, progress, writer: "_Writer") -> int:
    connection, size, result = item
    try:
        docs = result.get()
    except BaseException:
        connection.close()
        raise
    progress(size)
    _hand_over(writer, (connection, docs))
    return len(docs)


def _hand_over(writer: _Writer, item) -> None:
    while writer.is_alive():
        try:
            writer.batches.put(item, timeout=1.0)
            return
        except queue.Full:
            continue
    if item is not _DONE:
        item[0].close()


def rewrite_serially(refused: list[list[dict]]) -> int:
    """Batches a save got in the way of, built again and written holding the rebuild lock
    (saves hold it shared), so each is built from what every save committed."""
    session = db.session
    count = 0
    for docs in refused:
        findings = {d["record_id"] for d in docs if d["doc_type"] == "finding"}
        episodes = {d["record_id"] for d in docs if d["doc_type"] == "kpe"}
        session.execute(store.REBUILDING)
        count += store.write_documents(session.connection(), documents_for(findings, episodes))
        session.commit()
        session.expunge_all()
    return count
