"""Several web processes saving at once (like `gunicorn -w 4`) lose no index update."""

import multiprocessing

from review.extensions import db
from review.index.engine_whoosh import store
from review.models import Board, Review, ReviewStatus

PROCESSES = 4
SAVES = 25


def _worker(config: dict, review_id: int, number: int, queue) -> None:
    """One "web worker": 25 separate saves, each committed on its own."""
    from review import create_app
    from review.extensions import db
    from review.models import Finding, Review

    errors = []
    app = create_app(config)
    with app.app_context():
        for i in range(SAVES):
            try:
                review = db.session.get(Review, review_id)
                review.findings.append(
                    Finding(statement=f"Worker {number} pattern {i} zq{number}x{i}")
                )
                db.session.commit()
            except Exception as error:  # a LockError here is what users must never see
                db.session.rollback()
                errors.append(repr(error))
    queue.put(errors)


def test_four_processes_saving_at_once(app):
    with app.app_context():
        review = Review(board=Board(name="B"), title="Concurrent", status=ReviewStatus.PUBLISHED)
        db.session.add(review)
        db.session.commit()
        review_id = review.id
    config = {
        key: app.config[key]
        for key in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "WHOOSH_INDEX_DIR")
    }
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_worker, args=(config, review_id, n, queue))
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    errors = [e for _ in workers for e in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=30)
    assert errors == []
    with app.app_context():
        from review import search

        assert search.check() == (set(), set())  # every saved finding is in the index
        assert store.pending_count(store.index_dir()) == 0
        indexed = store.indexed_ids(store.index_dir())
        assert len(indexed) == PROCESSES * SAVES
