"""The audit trail: who changed what and when, written with the change; history; restore."""

import json

import pytest
from conftest import AuthActions
from sqlalchemy import func, select

from review.extensions import db
from review.history import diff
from review.models import (
    AuditEvent,
    BoardQuestion,
    Finding,
    KeyPracticeEpisode,
    ProtectedTerm,
    Review,
    User,
)


def _client(app, key):
    client = app.test_client()
    AuthActions(client).login(key)
    return client


def _events(app, **where):
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        for key, value in where.items():
            query = query.where(getattr(AuditEvent, key) == value)
        events = list(db.session.scalars(query))
        db.session.expunge_all()
        return events


@pytest.fixture
def finding(app, world) -> int:
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.episodes.append(KeyPracticeEpisode(title="Home visit"))
        found = Finding(statement="Forms hide the child.", prevalence="Seen in three areas.")
        found.questions.append(BoardQuestion(text="How will the Board know?"))
        found.questions.append(BoardQuestion(text="Who checks the forms?"))
        review.findings.append(found)
        db.session.flush()
        found.episodes.append(review.episodes[0])
        db.session.commit()
        return found.id


def test_an_edit_records_who_when_and_each_field_before_and_after(app, world, finding):
    lead = _client(app, "lead")
    url = f"/reviews/{world.draft}/findings/{finding}/edit"
    response = lead.post(url, data={"statement": "Forms hide the baby.",
                                    "prevalence": "Seen in three areas."})  # fmt: skip
    assert response.status_code == 302
    (event,) = _events(app, action="update", record_type="Finding", user_name="Lead")
    assert event.user_name == "Lead" and event.review_id == world.draft
    assert event.record_id == finding and event.label == "Forms hide the baby."
    assert event.changes["statement"] == ["Forms hide the child.", "Forms hide the baby."]
    assert "prevalence" not in event.changes and "version" not in event.changes
    assert event.changes["episodes"] == [["Home visit"], []]  # the link was unticked


def test_audit_rows_share_the_changes_transaction(app, world, finding):
    def updates():
        return db.session.scalar(select(func.count()).where(AuditEvent.action == "update"))

    with app.app_context():
        before = updates()
        db.session.get(Finding, finding).statement = "Never committed"
        db.session.flush()
        assert updates() == before + 1
        db.session.rollback()
        assert updates() == before


def test_audit_rows_are_never_changed_or_deleted(app, world, finding):
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).first()
        event.label = "rewritten"
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(AuditEvent)).first())
        with pytest.raises(PermissionError):
            db.session.commit()


def test_status_changes_sign_in_and_downloads_are_recorded(app, world):
    lead = _client(app, "lead")
    lead.post(f"/reviews/{world.draft}/status", data={"status": "analysis"})
    (status,) = _events(app, action="status change")
    assert status.changes["status"] == ["draft", "analysis"] and status.user_name == "Lead"
    AuthActions(app.test_client()).login("team", password="wrong password, sorry")
    failed = _events(app, action="sign-in failed")[-1]
    assert failed.label == "team@test.example.org" and failed.user_name == "not signed in"
    assert [e.label for e in _events(app, action="sign-in")][:1] == ["Lead"]
    assert lead.get(f"/reviews/{world.draft}/exports/report.docx?draft=1").status_code == 200
    (download,) = _events(app, action="export downloaded")
    assert download.label == "draft report" and download.review_id == world.draft


def test_account_and_role_changes_never_copy_secrets(app, world):
    admin = _client(app, "admin")
    uid = world.users["practitioner"]
    admin.post(
        f"/admin/users/{uid}",
        data={"display_name": "Practitioner", "email": "practitioner@test.example.org",
              "role": "team_member", "board_id": "", "password": "tidal umbrella kettle 42"},
    )  # fmt: skip
    (event,) = _events(app, record_type="User", record_id=uid, action="role change")
    assert event.changes["role"] == ["practitioner", "team_member"]
    assert event.changes["password_hash"] == ["(changed)", "(changed)"]
    assert event.changes["active"] == [True, False]
    with app.app_context():
        stored = db.session.get(User, uid).password_hash
    everything = json.dumps([e.changes for e in _events(app)])
    assert stored not in everything and "scrypt" not in everything and "pbkdf2" not in everything


def test_protected_terms_never_reach_the_trail(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.protected_terms.append(ProtectedTerm(term="Zebediah Quuxley"))
        db.session.commit()
    everything = json.dumps([[e.label, e.changes] for e in _events(app)])
    assert "Zebediah" not in everything and "zebediah" not in everything


def test_history_page_for_team_and_board_with_word_diffs(app, world, finding):
    lead = _client(app, "lead")
    edited = {"statement": "Forms hide the baby.", "prevalence": "Seen in three areas."}
    lead.post(f"/reviews/{world.draft}/findings/{finding}/edit", data=edited)
    for key in ("lead", "team", "board_member"):
        page = _client(app, key).get(f"/reviews/{world.draft}/history/")
        assert page.status_code == 200, key
        body = page.get_data(as_text=True)
        assert "<del>child.</del> <ins>baby.</ins>" in body and "by Lead" in body
    one = lead.get(f"/reviews/{world.draft}/history/?record=Finding-{finding}")
    assert "History of one record" in one.get_data(as_text=True)
    practitioner = _client(app, "practitioner")  # reads the publication, not its history
    assert practitioner.get(f"/reviews/{world.published}/history/").status_code == 404
    assert practitioner.get(f"/reviews/{world.draft}/history/").status_code == 404


def test_a_deleted_finding_is_restored_by_a_lead_with_its_questions_and_links(app, world, finding):
    lead = _client(app, "lead")
    assert lead.post(f"/reviews/{world.draft}/findings/{finding}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Finding, finding) is None
    deleted = _events(app, action="delete")
    assert {e.record_type for e in deleted} == {"Finding", "BoardQuestion"}
    root = next(e for e in deleted if e.record_type == "Finding")
    page = lead.get(f"/reviews/{world.draft}/history/").get_data(as_text=True)
    assert f"/history/{root.id}/restore" in page
    team = _client(app, "team")
    assert "/restore" not in team.get(f"/reviews/{world.draft}/history/").get_data(as_text=True)
    assert team.post(f"/reviews/{world.draft}/history/{root.id}/restore").status_code == 403
    assert lead.post(f"/reviews/{world.draft}/history/{root.id}/restore").status_code == 302
    with app.app_context():
        back = db.session.get(Finding, finding)
        assert back.statement == "Forms hide the child." and back.prevalence.startswith("Seen")
        assert [q.text for q in back.questions] == [
            "How will the Board know?",
            "Who checks the forms?",
        ]
        assert [k.title for k in back.episodes] == ["Home visit"]
    assert {e.record_type for e in _events(app, action="restore")} == {"Finding", "BoardQuestion"}
    again = lead.post(f"/reviews/{world.draft}/history/{root.id}/restore", follow_redirects=True)
    assert "is already back" in again.get_data(as_text=True)


def test_audit_command_prints_text_and_json(app, runner, world, finding):
    _client(app, "lead").post(
        f"/reviews/{world.draft}/findings/{finding}/edit",
        data={"statement": "Forms hide the baby.", "prevalence": "Seen in three areas."},
    )
    text = runner.invoke(args=["audit", str(world.draft)])
    assert text.exit_code == 0
    assert "Lead: update Finding" in text.output
    assert 'statement: "Forms hide the child." -> "Forms hide the baby."' in text.output
    lines = runner.invoke(args=["audit", str(world.draft), "--json"]).output.splitlines()
    objects = [json.loads(line) for line in lines]
    assert all({"at", "user", "action", "record", "changes"} <= set(o) for o in objects)
    assert all(o["record"]["review"] == world.draft for o in objects)
    update = next(
        o for o in objects
        if o["action"] == "update" and o["user"] == "Lead" and o["record"]["type"] == "Finding"
    )  # fmt: skip
    assert update["record"]["id"] == finding
    assert update["changes"]["statement"] == ["Forms hide the child.", "Forms hide the baby."]
    everything = runner.invoke(args=["audit", "--json"]).output.splitlines()
    assert len(everything) > len(lines)  # sign-ins and other reviews too


def test_diff_escapes_and_marks_words():
    assert str(diff("a <b> c", "a <i> c")) == "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins> c"
