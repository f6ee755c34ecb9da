"""A killed process or a deleted index never leaves search silently wrong."""
# ruff: noqa: F811
# (the corpus fixture is shared with test_search.py by importing it)

import shutil
import time

from test_search import add_finding, corpus, run_search, titles  # noqa: F401

from review import search
from review.extensions import db
from review.index.engine_whoosh import background, store, sync
from review.models import Finding


def test_a_process_killed_after_the_commit_loses_nothing(app, world, corpus, monkeypatch):
    monkeypatch.setattr(sync, "after_commit", lambda session: None)  # "killed" here
    with app.app_context():
        saved = add_finding(world.published, "Saved just before the process died.")
        directory = store.index_dir()
        assert [p.suffix for p in store.pending_dir(directory).iterdir()] == [".open"]
    monkeypatch.undo()
    app.config["SEARCH_ORPHAN_AGE"] = 0  # the next writer takes over abandoned changes
    assert [h.record_id for h in run_search(app, "practitioner", world, "died").hits] == [saved]
    with app.app_context():
        assert store.pending_count(store.index_dir()) == 0


def test_search_check_sees_and_repairs_what_a_killed_process_left(runner, app, world, corpus,
                                                                   monkeypatch):  # fmt: skip
    monkeypatch.setattr(sync, "after_commit", lambda session: None)
    with app.app_context():
        saved = add_finding(world.published, "Another save cut short.")
    monkeypatch.undo()
    check = runner.invoke(args=["search-check"])
    assert check.exit_code == 1 and f"missing from the index: finding:{saved}" in check.output
    repaired = runner.invoke(args=["search-check", "--repair"])
    assert repaired.exit_code == 0 and "1 missing, 0 extra, 0 out of date" in repaired.output
    assert runner.invoke(args=["search-check"]).exit_code == 0


def test_a_rolled_back_save_leaves_nothing_parked(app, world, corpus):
    with app.app_context():
        db.session.get(Finding, corpus["hv"]).statement = "Never saved."
        db.session.flush()
        sync.before_commit(db.session, {f"finding:{corpus['hv']}"}, set())  # as a commit does
        assert store.pending_count(store.index_dir()) == 1
        db.session.rollback()  # the commit failed
        assert store.pending_count(store.index_dir()) == 0


def test_search_check_finds_stale_documents_and_repairs_exactly_those(runner, app, world,
                                                                      corpus):  # fmt: skip
    app.config["WHOOSH_INDEX_DIR"], directory = "", app.config["WHOOSH_INDEX_DIR"]
    with app.app_context():  # changed while the index was not attached: the index is stale
        db.session.get(Finding, corpus["hv"]).statement = "The school nurse is told too late."
        db.session.commit()
    app.config["WHOOSH_INDEX_DIR"] = directory
    check = runner.invoke(args=["search-check"])
    assert check.exit_code == 1
    assert check.output.count("out of date in the index") == 1
    assert f"out of date in the index: finding:{corpus['hv']}" in check.output
    assert "0 missing, 0 extra, 1 out of date" in check.output
    assert runner.invoke(args=["search-check", "--repair"]).exit_code == 0
    assert runner.invoke(args=["search-check"]).exit_code == 0
    assert titles(run_search(app, "practitioner", world, "nurse")) == {
        "The school nurse is told too late."
    }


def test_a_deleted_index_is_rebuilt_in_the_background(app, world, corpus):
    with app.app_context():
        directory = store.index_dir()
    shutil.rmtree(directory)
    first = run_search(app, "practitioner", world, "father")
    assert first.rebuilding and first.total == 0
    assert "being rebuilt" in first.messages[0]
    deadline = time.monotonic() + 30
    while background.rebuilding(directory) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert titles(run_search(app, "practitioner", world, "father")) == {
        "Assessment forms hide the father."
    }
    with app.app_context():
        assert search.check() == (set(), set())


def test_an_index_from_an_older_version_is_rebuilt(app, world, corpus):
    from whoosh import index
    from whoosh.fields import ID, Schema

    with app.app_context():
        directory = store.index_dir()
    store.forget_searchers()
    shutil.rmtree(directory)
    directory.mkdir()
    index.create_in(directory, Schema(id=ID(stored=True)))
    assert run_search(app, "practitioner", world, "father").rebuilding
    deadline = time.monotonic() + 30
    while background.rebuilding(directory) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run_search(app, "practitioner", world, "father").total == 1


def test_saves_are_written_by_the_background_writer(app, world, corpus):
    with app.app_context():
        started = time.perf_counter()
        add_finding(world.published, "Saved without waiting for the index.")
        assert time.perf_counter() - started < 2
        assert background.wait(30)
        assert store.pending_count(store.index_dir()) == 0
    assert run_search(app, "practitioner", world, "waiting").total == 1
