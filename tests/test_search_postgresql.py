"""PostgreSQL full-text search's own machinery: documents in the records' transaction, the
CLI's reindex and check, the statement timeout, the backend setting."""
# ruff: noqa: F811
# (the corpus fixture is shared with test_search.py by importing it)

import multiprocessing

import pytest
from sqlalchemy import text
from test_search import add_finding, corpus, run_search, titles  # noqa: F401

from review import create_app, search
from review.extensions import db
from review.index import backends
from review.index.engine_postgresql import background as rebuilds
from review.index.engine_postgresql import run
from review.models import Board, Finding, Review, ReviewStatus, TaxonomyKind
from review.taxonomy import term

pytestmark = pytest.mark.pgsearch_only


def rows() -> dict[str, str]:
    return dict(db.session.execute(text("SELECT id, title FROM search_document")).all())


def test_a_save_writes_its_document_in_the_same_transaction(app, world, corpus):
    with app.app_context():
        finding = db.session.get(Finding, corpus["hv"])
        finding.statement = "The school nurse is never told."
        db.session.commit()
        assert rows()[f"finding:{corpus['hv']}"] == "The school nurse is never told."
        assert search.check(stale=True) == (set(), set(), set())


def test_a_rolled_back_save_leaves_no_search_row(app, world, corpus):
    with app.app_context():
        before = rows()
        review = db.session.get(Review, world.published)
        review.findings.append(Finding(statement="Never committed."))
        db.session.get(Finding, corpus["hv"]).statement = "Never saved either."
        db.session.flush()
        db.session.rollback()
        assert rows() == before
    assert run_search(app, "practitioner", world, "committed").total == 0


def test_a_deleted_review_takes_its_documents(app, world, corpus):
    with app.app_context():
        db.session.delete(db.session.get(Review, world.published))
        db.session.commit()
        assert not any(title.startswith("Police") for title in rows().values())
        assert search.check() == (set(), set())


def test_reindex_and_search_check_repair(runner, app, world, corpus):
    with app.app_context():
        hv, tools = f"finding:{corpus['hv']}", f"finding:{corpus['tools']}"
        db.session.execute(text("DELETE FROM search_document WHERE id = :id"), {"id": hv})
        db.session.execute(
            text("UPDATE search_document SET digest = 'old', title = 'Stale' WHERE id = :id"),
            {"id": tools},
        )
        db.session.execute(
            text(
                "INSERT INTO search_document SELECT 'finding:999999', doc_type, 999999, "
                "review_id, published, number, year, sort_date, title, body, review, board, "
                "category, review_type, themes, levels, agencies, digest, words "
                "FROM search_document WHERE id = :id"
            ),
            {"id": tools},
        )
        db.session.commit()
    check = runner.invoke(args=["search-check"])
    assert check.exit_code == 1
    assert f"missing from the index: {hv}" in check.output
    assert "in the index but not the database: finding:999999" in check.output
    assert f"out of date in the index: {tools}" in check.output
    repaired = runner.invoke(args=["search-check", "--repair"])
    assert repaired.exit_code == 0 and "1 missing, 1 extra, 1 out of date" in repaired.output
    assert runner.invoke(args=["search-check"]).exit_code == 0
    assert "Stale" not in titles(run_search(app, "practitioner", world, "father"))
    with app.app_context():
        db.session.execute(text("DELETE FROM search_document"))
        db.session.commit()
    rebuilt = runner.invoke(args=["reindex"])
    assert rebuilt.exit_code == 0 and "Indexed 6 documents" in rebuilt.output
    assert runner.invoke(args=["search-check"]).exit_code == 0
    assert run_search(app, "practitioner", world, "moves").total == 1
    assert run_search(app, "practitioner", world, "notificatons").showing == "notifications"


def test_reindex_rewrites_no_unchanged_document(runner, app, world, corpus):
    def versions():  # xmin: the transaction that wrote each row's current version
        with app.app_context():
            found = db.session.execute(text("SELECT id, xmin::text FROM search_document"))
            return dict(found.all())

    before = versions()
    assert runner.invoke(args=["reindex"]).exit_code == 0
    assert versions() == before


def test_saves_use_the_acronyms_as_last_written(app, world, corpus):
    """The lists are kept between saves only while none of their rows is written."""
    with app.app_context():
        add_finding(world.published, "A first DV finding.")  # the lists are loaded and kept
        dv = term(TaxonomyKind.ACRONYM, "dv")
        dv.description += "; quarrelsome household"
        db.session.commit()
        second = add_finding(world.published, "A second DV finding.")
    assert [h.record_id for h in run_search(app, "practitioner", world, "quarrelsome").hits] == [
        second
    ]


def held_advisory_locks() -> int:
    return db.session.scalar(
        text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        )
    )


def test_a_rebuild_leaves_no_lock_behind(runner, app, world, corpus):
    assert runner.invoke(args=["reindex"]).exit_code == 0
    with app.app_context():  # not on a connection back in the pool either
        assert held_advisory_locks() == 0
        search.reindex()
        assert held_advisory_locks() == 0


def test_a_save_never_waits_for_the_tables_own_locks(app, world, corpus):
    """A review whose id is also a key of the table's locks (rebuild 1, filling 2) saves
    while that lock is held: review locks have a class of their own."""
    with app.app_context():
        review = db.session.get(Review, world.published)
        with rebuilds.advisory_lock(review.id):
            db.session.execute(text("SET LOCAL lock_timeout = '5s'"))
            review.findings.append(Finding(statement="Saved beside a rebuild."))
            db.session.commit()
        assert "Saved beside a rebuild." in rows().values()


def test_an_empty_table_is_filled_in_the_background(app, world, corpus):
    with app.app_context():  # e.g. just switched from Whoosh, before anyone ran `reindex`
        db.session.execute(text("DELETE FROM search_document"))
        db.session.commit()
    first = run_search(app, "practitioner", world, "father")
    assert first.rebuilding and first.total == 0 and "being rebuilt" in first.messages[0]
    rebuilds.wait(app)
    assert titles(run_search(app, "practitioner", world, "father")) == {
        "Assessment forms hide the father."
    }
    with app.app_context():
        assert rebuilds.state() == (True, False)
        assert search.check(stale=True) == (set(), set(), set())


def test_a_search_that_runs_out_of_time_answers_with_a_message(app, world, corpus, monkeypatch):
    slow = run.visible_sql

    def sleepy(visibility, params):  # every row costs 50 ms: far over the limit below
        return slow(visibility, params) + " AND pg_sleep(0.05) IS NOT NULL"

    monkeypatch.setattr(run, "visible_sql", sleepy)
    app.config["SEARCH_TIME_LIMIT"] = 0.1
    found = run_search(app, "practitioner", world, "father OR moves OR notifications")
    assert run.TIMED_OUT in found.messages and found.total == 0
    monkeypatch.undo()
    with app.app_context():  # the request's transaction is still usable, the limit lifted
        assert db.session.scalar(text("SELECT current_setting('statement_timeout')")) == "0"
        assert db.session.scalar(text("SELECT count(*) FROM search_document")) == 6


def test_highlights_are_escaped_and_marked_only_where_matched(app, world, corpus):
    with app.app_context():
        add_finding(
            world.published,
            "A \ue000 stray marker; the pattern holds if x < y & z and the family moved house "
            "in the spring <b>and</b> <script>alert(1)</script> nobody thought to ask",
        )
    hit = run_search(app, "practitioner", world, "pattern").hits[0]
    assert "<script" not in hit.highlights and "<b>" not in hit.highlights
    assert "&lt; y &amp;" in hit.highlights
    assert hit.highlights.count("<mark>") == 1 and "<mark>pattern</mark>" in hit.highlights


def test_the_postgresql_backend_needs_postgresql(tmp_path):
    config = {"TESTING": True, "SECRET_KEY": "x", "SEARCH_BACKEND": "postgresql",
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"}  # fmt: skip
    with pytest.raises(backends.BackendError, match="needs a PostgreSQL database"):
        create_app(config)
    with pytest.raises(backends.BackendError, match="must be one of: whoosh, postgresql"):
        create_app({**config, "SEARCH_BACKEND": "elastic"})


def _worker(config: dict, review_id: int, number: int, queue) -> None:
    """One "web worker": 25 separate saves, each committed on its own."""
    from review import create_app
    from review.extensions import db
    from review.models import Finding, Review

    errors = []
    app = create_app(config)
    with app.app_context():
        for i in range(25):
            try:
                review = db.session.get(Review, review_id)
                review.findings.append(Finding(statement=f"Worker {number} saves {i} zq{number}"))
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                errors.append(repr(error))
        db.engine.dispose()
    queue.put(errors)


def test_four_processes_saving_at_once(app):
    with app.app_context():
        review = Review(board=Board(name="B"), title="Concurrent", status=ReviewStatus.PUBLISHED)
        db.session.add(review)
        db.session.commit()
        review_id = review.id
    keys = ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SEARCH_BACKEND")
    config = {key: app.config[key] for key in keys}
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_worker, args=(config, review_id, n, queue)) for n in range(4)
    ]
    for worker in workers:
        worker.start()
    errors = [e for _ in workers for e in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=30)
    assert errors == []
    with app.app_context():
        assert search.check(stale=True) == (set(), set(), set())
        assert len(rows()) == 100
