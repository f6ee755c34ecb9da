"""A full PostgreSQL rebuild builds batches outside any lock, yet never writes a document built
before a save committed, and writes the very tsvector a save writes."""
# ruff: noqa: F811
# (the corpus fixture is shared with test_search.py by importing it)

import threading

import pytest
from sqlalchemy import text
from test_search import corpus  # noqa: F401

from review import search
from review.extensions import db
from review.index.engine_postgresql import rebuild
from review.index.engine_postgresql.background import REBUILD_KEY
from review.index.engine_postgresql.store import LOCK_CLASS
from review.models import Finding

pytestmark = pytest.mark.pgsearch_only


def stored() -> dict[str, tuple[str, str]]:
    found = db.session.execute(text("SELECT id, digest, words::text FROM search_document"))
    return {row.id: (row.digest, row.words) for row in found}


@pytest.mark.parametrize("processes", [0, 2])
def test_a_rebuild_writes_what_saves_write(app, world, corpus, processes):
    with app.app_context():
        saved = stored()  # every document as saves wrote it (store.UPSERT)
        db.session.execute(text("DELETE FROM search_document"))
        db.session.commit()
        done = []
        assert search.reindex(done.append, processes=processes) == len(saved)
        assert stored() == saved  # rebuild.FILL: the same digests and the same tsvectors
        assert sum(done) == len(saved)  # the progress bar's count
        assert search.reindex(processes=processes) == len(saved)  # nothing to rewrite
        assert stored() == saved
        held = text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = :c "
            "AND objid = :k AND database = (SELECT oid FROM pg_database "
            "WHERE datname = current_database())"
        )
        # the rebuild lock is let go (it once stayed with the pooled connection)
        assert db.session.scalar(held, {"c": LOCK_CLASS, "k": REBUILD_KEY}) == 0


def test_a_save_during_a_rebuild_is_not_overwritten_by_an_older_document(
    app, world, corpus, monkeypatch
):
    """The save commits after the batch's snapshot was taken and before it is written: the
    batch's write is refused and the batch is built again from what the save committed."""
    saved_statement = "Health visitors never hear about the new partner."

    def save_in_another_session():
        with app.app_context():
            db.session.get(Finding, corpus["hv"]).statement = saved_statement
            db.session.commit()

    def batches_with_a_save(batches):
        docs = next(batches)  # the findings, built from the snapshot; now a save commits
        worker = threading.Thread(target=save_in_another_session)
        worker.start()
        worker.join()
        yield docs
        yield from batches

    refused = []
    serially = rebuild.rewrite_serially
    monkeypatch.setattr(rebuild, "rewrite_serially", lambda r: refused.extend(r) or serially(r))
    with app.app_context():
        db.session.execute(text("UPDATE search_document SET digest = 'old'"))  # all rewritten
        db.session.commit()
        finding_ids, episode_ids = search.all_keys()
        built = search._batches(finding_ids, episode_ids, lambda n: None)
        search.engine.rebuild(batches_with_a_save(built))
        assert refused and f"finding:{corpus['hv']}" in {d["id"] for d in refused[0]}
        row = db.session.execute(
            text("SELECT title FROM search_document WHERE id = :id"),
            {"id": f"finding:{corpus['hv']}"},
        ).scalar()
        assert row == saved_statement
        assert search.check(stale=True) == (set(), set(), set())
