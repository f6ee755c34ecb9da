"""Review team members without accounts: recorded for the report, printed, scanned, audited and
carried by the transfer format, beside the members with accounts who edit the review."""

import re
from datetime import date

import pytest
from conftest import AuthActions
from sqlalchemy import select

from review import workflow
from review.exports import publication_hits
from review.exports.document import Table
from review.exports.publication import documents
from review.extensions import db
from review.models import (
    AuditEvent,
    PrintedTeamMember,
    ProtectedTerm,
    Review,
    ReviewStatus,
    TeamRole,
)
from review.transfer import export_reviews, import_reviews
from review.transfer.exporter import reviews_for_export
from review.transfer.importer import ImportFailed


def _lead(app):
    client = app.test_client()
    AuthActions(client).login("lead")
    return client


def _version(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


@pytest.fixture
def person(app, world) -> int:
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.printed_team.append(
            PrintedTeamMember(name="Dee Example", role_title="Named nurse", agency="Health")
        )
        db.session.commit()
        return review.printed_team[0].id


def test_a_lead_adds_a_person_without_an_account_and_a_bad_form_keeps_what_was_typed(app, world):
    lead = _lead(app)
    url = f"/reviews/{world.draft}/team/people/new"
    page = lead.get(url).get_data(as_text=True)
    for field in ("name", "role_title", "agency"):
        assert re.search(rf'<label[^>]* for="{field}"', page), field
    refused = lead.post(url, data={"name": "", "role_title": "Named nurse for safeguarding"})
    assert refused.status_code == 200
    body = refused.get_data(as_text=True)
    assert "Enter the person&#39;s name as the report should print it." in body
    assert "Enter the agency the report prints" in body
    assert 'value="Named nurse for safeguarding"' in body  # nothing typed is lost
    saved = lead.post(
        url, data={"name": "Dee Example", "role_title": "Named nurse", "agency": "Northbridge NHS"}
    )
    assert saved.status_code == 302
    team_page = lead.get(f"/reviews/{world.draft}/team").get_data(as_text=True)
    assert "Dee Example" in team_page and "Review team members without an account" in team_page
    with app.app_context():
        review = db.session.get(Review, world.draft)
        assert [(p.name, p.agency) for p in review.printed_team] == [
            ("Dee Example", "Northbridge NHS")
        ]
        # They have no account: the team with edit rights is unchanged.
        assert len(review.memberships) == 2


def test_a_team_member_without_lead_rights_cannot_add_one(app, world):
    team = app.test_client()
    AuthActions(team).login("team")
    response = team.post(
        f"/reviews/{world.draft}/team/people/new",
        data={"name": "X", "role_title": "Y", "agency": "Z"},
    )
    assert response.status_code == 403


def test_editing_over_a_newer_version_is_409_and_delete_removes(app, world, person):
    first, second = _lead(app), _lead(app)
    url = f"/reviews/{world.draft}/team/people/{person}/edit"
    version = _version(first.get(url).get_data(as_text=True))
    _version(second.get(url).get_data(as_text=True))
    data = {"name": "Dee Example", "role_title": "Designated nurse", "agency": "Health"}
    assert first.post(url, data={**data, "version": version}).status_code == 302
    refused = second.post(url, data={**data, "agency": "Mine: ICB", "version": version})
    assert refused.status_code == 409
    assert 'value="Mine: ICB"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PrintedTeamMember, person).role_title == "Designated nurse"
    delete = f"/reviews/{world.draft}/team/people/{person}/delete"
    assert first.post(delete).status_code == 302
    with app.app_context():
        assert db.session.get(PrintedTeamMember, person) is None


def test_the_stepper_counts_them_and_asks_for_a_missing_agency(app, world, person):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.printed_team.append(PrintedTeamMember(name="Eve Sample", role_title="Inspector"))
        db.session.commit()
        stage = workflow.preparation(review)
        assert "3 review team members" in stage.done
        gap = next(g for g in stage.gaps if "Eve Sample" in g.message)
        assert gap.message == "Eve Sample has no agency for the report"
        assert gap.endpoint == "reviews.person_edit" and not gap.required
        assert gap.anchor == "agency"


def test_the_report_and_reading_view_print_them_and_the_scan_covers_their_names(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.memberships[1].printed_name = "Carol Example"
        review.memberships[1].role_title = "Head of Service"
        review.printed_team.append(
            PrintedTeamMember(name="Dee Quillfeather", role_title="Named nurse", agency="Health")
        )
        db.session.commit()
        report, _ = documents(review)
        table = next(
            b
            for b in report.blocks
            if isinstance(b, Table) and b.header[:2] == ("Name", "Part in the review")
        )
        names = [row[0].plain for row in table.rows]
        assert names == ["—", "Carol Example", "Dee Quillfeather"]
        parts = [row[1].plain for row in table.rows]
        assert parts == ["Lead reviewer", "Review team member", "Review team member"]
        # A protected name printed for a team member without an account is caught, with the
        # link to the form that fixes it.
        review.protected_terms.append(ProtectedTerm(term="Quillfeather"))
        db.session.commit()
        hits = publication_hits(review)
        hit = next(h for h in hits if "Quillfeather" in h.text)
        assert hit.endpoint == "reviews.person_edit" and hit.anchor == "name"
        review.status = ReviewStatus.PUBLISHED
        review.protected_terms.clear()
        review.published_on = date(2025, 1, 1)
        db.session.commit()
    page = _lead(app).get(f"/reviews/{world.draft}/publication").get_data(as_text=True)
    assert "Dee Quillfeather" in page and "Carol Example" in page


def test_the_audit_trail_records_them(app, world, person):
    lead = _lead(app)
    url = f"/reviews/{world.draft}/team/people/{person}/edit"
    version = _version(lead.get(url).get_data(as_text=True))
    data = {"name": "Dee Example", "role_title": "Designated nurse", "agency": "Health"}
    data["version"] = version
    assert lead.post(url, data=data).status_code == 302
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.record_type == "PrintedTeamMember")
        ).all()
        assert [e.action for e in events] == ["create", "update"]
        assert all(e.review_id == world.draft for e in events)
        assert events[1].changes["role_title"] == ["Named nurse", "Designated nurse"]


def test_the_transfer_format_carries_the_printed_team(app, world, person):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.memberships[1].printed_name = "Carol Example"
        review.memberships[1].agency = "Children's Services"
        db.session.commit()
        exported = export_reviews(reviews_for_export([world.draft]))
        team = exported["reviews"][0]["review_team"]
        assert team == [
            {"part": "lead", "account": "Lead", "name": "", "role": "", "agency": ""},
            {"part": "team", "account": "Team", "name": "Carol Example", "role": "",
             "agency": "Children's Services"},
            {"name": "Dee Example", "role": "Named nurse", "agency": "Health"},
        ]  # fmt: skip
        db.session.delete(review)
        db.session.commit()
        result = import_reviews(exported)
        db.session.commit()
        assert result.notes == []
        again = result.imported[0]
        assert [(m.user.display_name, m.team_role, m.printed_name) for m in again.memberships] == [
            ("Lead", TeamRole.LEAD, ""),
            ("Team", TeamRole.TEAM, "Carol Example"),
        ]
        assert [p.name for p in again.printed_team] == ["Dee Example"]
        assert export_reviews(reviews_for_export([again.id])) == exported


def test_an_import_refuses_a_lead_without_an_account_or_a_nameless_person(app, world):
    with app.app_context():
        data = export_reviews(reviews_for_export([world.draft]))
        data["reviews"][0]["title"] = "Another review"
        data["reviews"][0]["review_team"] = [
            {"part": "lead", "name": "Dr No Account"},
            {"role": "Named nurse"},
        ]
        with pytest.raises(ImportFailed) as failed:
            import_reviews(data)
        text = str(failed.value)
        assert "review_team[0] → part: a lead reviewer uses the app" in text
        assert "review_team[1] → name: missing" in text
        data["reviews"][0]["review_team"] = [{"name": "X", "extra": 1}]
        with pytest.raises(ImportFailed):
            import_reviews(data)


def test_a_deleted_one_is_restored_from_the_history(app, world, person):
    lead = _lead(app)
    assert lead.post(f"/reviews/{world.draft}/team/people/{person}/delete").status_code == 302
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.record_type == "PrintedTeamMember", AuditEvent.action == "delete"
            )
        )
        event_id = event.id
    history = lead.get(f"/reviews/{world.draft}/history/").get_data(as_text=True)
    assert f"/history/{event_id}/restore" in history
    assert lead.post(f"/reviews/{world.draft}/history/{event_id}/restore").status_code == 302
    with app.app_context():
        back = db.session.get(PrintedTeamMember, person)
        assert (back.name, back.role_title, back.agency) == ("Dee Example", "Named nurse", "Health")
