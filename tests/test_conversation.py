"""One conversation form: its date, the notes and the follow-on meetings, with honest states."""

from datetime import date

import pytest
from conftest import PASSWORD

from review import workflow
from review.extensions import db
from review.models import CaseGroupMember, Review


@pytest.fixture
def member(app, world) -> tuple[int, int]:
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.case_group.append(CaseGroupMember(label="Health visitor 1", agency="Health"))
        db.session.commit()
        return world.draft, review.case_group[0].id


def lead_client(app):
    client = app.test_client()
    client.post("/auth/login", data={"email": "lead@test.example.org", "password": PASSWORD})
    return client


def test_the_states_say_what_is_true(app, member):
    with app.app_context():
        m = db.session.get(CaseGroupMember, member[1])
        assert m.conversation_state == "Not yet held"
        m.conversation_date = date(2025, 3, 3)
        assert m.conversation_state == "Held on 3 March 2025, no notes yet"


def test_date_notes_and_meetings_are_saved_from_one_form(app, member):
    review_id, member_id = member
    client = lead_client(app)
    url = f"/reviews/{review_id}/case-group/{member_id}/conversation"
    form = client.get(url).get_data(as_text=True)
    for label in ("Date of the conversation", "What did they know at the time?",
                  "Attended follow-on meeting 1", "Attended follow-on meeting 2"):  # fmt: skip
        assert label in form
    response = client.post(
        url,
        data={"conversation_date": "2025-03-03", "knew_then": "The GP letter only.",
              "attended_meeting_1": "y"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Held on 3 March 2025, notes recorded" in page
    assert "held on 3 march 2025, notes recorded" in page  # the flash says what was saved
    listing = client.get(f"/reviews/{review_id}/case-group/").get_data(as_text=True)
    assert "Held on 3 March 2025, notes recorded" in listing
    assert "Not recorded" not in listing
    with app.app_context():
        m = db.session.get(CaseGroupMember, member_id)
        assert (m.conversation_date, m.attended_meeting_1, m.attended_meeting_2) == (
            date(2025, 3, 3), True, False,
        )  # fmt: skip
        assert m.conversation.knew_then == "The GP letter only."
    # The form shows it all again.
    form = client.get(url).get_data(as_text=True)
    assert 'value="2025-03-03"' in form and "The GP letter only." in form


def test_an_empty_conversation_is_not_saved(app, member):
    review_id, member_id = member
    client = lead_client(app)
    url = f"/reviews/{review_id}/case-group/{member_id}/conversation"
    response = client.post(url, data={"knew_then": "   "})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Nothing to save yet" in body
    assert "Saved" not in body
    with app.app_context():
        m = db.session.get(CaseGroupMember, member_id)
        assert m.conversation is None and m.conversation_date is None


def test_the_stepper_sends_an_undated_conversation_to_the_conversation_form(app, member):
    review_id, member_id = member
    client = lead_client(app)
    url = f"/reviews/{review_id}/case-group/{member_id}/conversation"
    client.post(url, data={"knew_then": "Notes without a date."})
    with app.app_context():
        stage = workflow.data_collection(db.session.get(Review, review_id))
        gap = next(g for g in stage.gaps if "without a date" in g.message)
        assert (gap.endpoint, gap.anchor) == ("casegroup.conversation", "conversation_date")
    assert 'id="conversation_date"' in client.get(url).get_data(as_text=True)
