"""Sign-off, publication and reopening are confirmed on a page that says what will happen."""

from datetime import date, timedelta

import pytest
from builders import build_complete_review
from conftest import PASSWORD
from markupsafe import escape

from review import moves, workflow
from review.extensions import db
from review.models import Board, BoardAction, BoardResponse, Review, ReviewStatus, User

S = ReviewStatus


def sign_in(app, key):
    client = app.test_client()
    client.post("/auth/login", data={"email": f"{key}@test.example.org", "password": PASSWORD})
    return client


@pytest.fixture
def complete(app, world) -> int:
    with app.app_context():
        board = db.session.get(Board, world.board)
        leads = [db.session.get(User, world.users[k]) for k in ("lead", "lead2")]
        review = build_complete_review(board, leads, [db.session.get(User, world.users["team"])])
        db.session.commit()
        return review.id


def test_which_moves_are_confirmed(app, complete):
    with app.app_context():
        review = db.session.get(Review, complete)
        assert moves.needs_confirmation(review, S.SIGNED_OFF)
        assert not moves.needs_confirmation(review, S.ANALYSIS)  # back a step, still editable
        review.status = S.SIGNED_OFF
        assert moves.needs_confirmation(review, S.FINDINGS)
        assert moves.needs_confirmation(review, S.PUBLISHED)
        assert moves.button_label(review, S.FINDINGS) == "Reopen: back to findings"


def test_messages_are_plain_english():
    assert moves.done_message(S.DRAFT, S.ANALYSIS) == "Moved to Analysis."
    assert moves.done_message(S.FINDINGS, S.ANALYSIS) == (
        "Reopened: the review is back at Analysis."
    )
    assert moves.done_message(S.FINDINGS, S.SIGNED_OFF).startswith("Signed off.")


def test_an_approval_in_the_future_is_refused(app, complete):
    with app.app_context():
        review = db.session.get(Review, complete)
        review.status, review.signed_off_on = S.SIGNED_OFF, date(2024, 4, 1)
        tomorrow = date.today() + timedelta(days=1)
        with pytest.raises(workflow.WorkflowError, match="future"):
            workflow.change_status(
                review, S.PUBLISHED, approval=moves.Approval("Chair", tomorrow, "M1")
            )


def test_sign_off_page_says_what_will_happen_and_waits_for_yes(app, complete):
    client = sign_in(app, "lead")
    home = client.get(f"/reviews/{complete}").get_data(as_text=True)
    assert f'href="/reviews/{complete}/status?to=signed_off"' in home
    page = client.get(f"/reviews/{complete}/status?to=signed_off")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "<h1>Sign off the review</h1>" in body
    assert "The review becomes read-only" in body
    assert "What cannot be undone" in body
    with app.app_context():
        assert db.session.get(Review, complete).status == S.FINDINGS
    response = client.post(
        f"/reviews/{complete}/status", data={"status": "signed_off", "confirm": "yes"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Review, complete).status == S.SIGNED_OFF


def test_sign_off_page_lists_what_blocks_it(app, world):
    with app.app_context():
        db.session.get(Review, world.draft).status = S.FINDINGS
        db.session.commit()
    body = sign_in(app, "lead").get(f"/reviews/{world.draft}/status?to=signed_off")
    text = body.get_data(as_text=True)
    assert "This cannot be done yet" in text
    assert str(escape("No findings yet")) in text
    assert 'name="confirm"' not in text


def test_reopening_a_signed_off_review_warns_about_the_boards_responses(app, complete):
    with app.app_context():
        review = db.session.get(Review, complete)
        review.status, review.signed_off_on = S.SIGNED_OFF, date(2024, 4, 1)
        review.findings[0].response = BoardResponse(response="Accepted.")
        review.findings[0].actions.append(BoardAction(what="Audit"))
        db.session.commit()
    client = sign_in(app, "lead")
    body = client.get(f"/reviews/{complete}/status?to=findings").get_data(as_text=True)
    assert "The sign-off date (1 April 2024) is cleared" in body
    assert "1 response and 1 action" in body
    # Without the confirmation nothing moves.
    client.post(f"/reviews/{complete}/status", data={"status": "findings"})
    with app.app_context():
        assert db.session.get(Review, complete).status == S.SIGNED_OFF
    client.post(f"/reviews/{complete}/status", data={"status": "findings", "confirm": "yes"})
    with app.app_context():
        review = db.session.get(Review, complete)
        assert (review.status, review.signed_off_on) == (S.FINDINGS, None)
        assert review.findings[0].response.response == "Accepted."


def test_publication_asks_for_the_boards_approval_with_clear_messages(app, complete):
    with app.app_context():
        review = db.session.get(Review, complete)
        review.status, review.signed_off_on = S.SIGNED_OFF, date(2024, 4, 1)
        db.session.commit()
    client = sign_in(app, "lead")
    page = client.get(f"/reviews/{complete}/status?to=published").get_data(as_text=True)
    for label in ("Who approved publication", "Date of the approval", "Minute reference"):
        assert label in page
    future = (date.today() + timedelta(days=3)).isoformat()
    data = {"status": "published", "confirm": "yes", "approved_by": "Chair", "approved_on": future}
    body = client.post(f"/reviews/{complete}/status", data=data).get_data(as_text=True)
    assert "The date of the approval cannot be in the future." in body
    assert "Enter the minute that records the approval" in body
    assert 'value="Chair"' in body  # nothing typed is lost
    with app.app_context():
        assert db.session.get(Review, complete).status == S.SIGNED_OFF


def test_status_page_without_a_target_lists_the_moves(app, complete):
    body = sign_in(app, "lead").get(f"/reviews/{complete}/status").get_data(as_text=True)
    assert "Sign off the review" in body and "Reopen: back to analysis" in body
