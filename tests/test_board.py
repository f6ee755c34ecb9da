"""The Board's response and actions, the overdue rule and the board dashboard."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from review import board as domain
from review.extensions import db
from review.models import (
    ActionStatus,
    Board,
    BoardAction,
    BoardResponse,
    Finding,
    Review,
    ReviewStatus,
    User,
)

TODAY = date(2025, 6, 1)


@pytest.fixture
def findings(app, world):
    """Two findings on board 1's review, now published; one finding on board 1's draft."""
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.findings.append(Finding(statement="Handovers lose the child's history."))
        review.findings.append(Finding(statement="Supervision rarely tests optimism."))
        review.status = ReviewStatus.PUBLISHED
        other = Review(board_id=world.board, title="Child G: in progress")
        other.findings.append(Finding(statement="A draft finding."))
        db.session.add(other)
        db.session.commit()
        return {
            "review": review.id,
            "first": review.findings[0].id,
            "second": review.findings[1].id,
            "draft_review": other.id,
            "draft_finding": other.findings[0].id,
        }


def test_overdue_only_while_open_and_past_due():
    def action(status, due):
        return BoardAction(what="x", status=status, due_on=due)

    yesterday, tomorrow = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    assert action(ActionStatus.PLANNED, yesterday).is_overdue(TODAY)
    assert action(ActionStatus.IN_PROGRESS, yesterday).is_overdue(TODAY)
    assert not action(ActionStatus.PLANNED, TODAY).is_overdue(TODAY)
    assert not action(ActionStatus.PLANNED, tomorrow).is_overdue(TODAY)
    assert not action(ActionStatus.DONE, yesterday).is_overdue(TODAY)
    assert not action(ActionStatus.NOT_DOING, yesterday).is_overdue(TODAY)
    assert not action(ActionStatus.PLANNED, None).is_overdue(TODAY)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("board_member", 200),
        # Outside the review's team and its Board the working pages are not there at all:
        # the published review is read in its reading view.
        ("other_board_member", 404),
        ("lead", 403),
        ("team", 403),
        ("practitioner", 404),
        ("admin", 404),
    ],
)
def test_only_the_reviews_board_responds(client, auth, findings, who, status):
    auth.login(who)
    url = f"/reviews/{findings['review']}/findings/{findings['first']}/response"
    assert client.get(url).status_code == status
    assert client.post(url, data={"response": "We accept."}).status_code in (
        (302,) if status == 200 else (status,)
    )


def test_no_response_before_sign_off(client, auth, findings):
    auth.login("board_member")
    url = f"/reviews/{findings['draft_review']}/findings/{findings['draft_finding']}/response"
    assert client.get(url).status_code == 403
    page = client.get(f"/reviews/{findings['draft_review']}/response").get_data(as_text=True)
    assert "The Board responds once the review is signed off." in page


def test_board_member_responds_and_sets_actions(client, app, auth, world, findings):
    auth.login("board_member")
    rid, fid = findings["review"], findings["first"]
    response = client.post(
        f"/reviews/{rid}/findings/{fid}/response",
        data={"response": "The Board **accepts** this finding.", "responded_on": "2025-05-01"},
    )
    assert response.status_code == 302
    added = client.post(
        f"/reviews/{rid}/findings/{fid}/actions/new",
        data={"what": "Audit handovers", "owner_role": "Head of Service", "owner_agency": "CSC",
              "due_on": "2025-01-31", "status": "in_progress"},
    )  # fmt: skip
    assert added.status_code == 302
    page = client.get(f"/reviews/{rid}/response").get_data(as_text=True)
    assert "<strong>accepts</strong>" in page
    assert "Head of Service, CSC" in page
    assert "Overdue" in page  # due in January 2025, still in progress
    with app.app_context():
        finding = db.session.get(Finding, fid)
        assert finding.has_response
        assert finding.response.responded_by.email == "board_member@test.example.org"
        assert [a.what for a in finding.actions] == ["Audit handovers"]
    overview = client.get(f"/reviews/{rid}").get_data(as_text=True)
    assert "Finding 1, action 1 is overdue" in overview
    assert "Finding 2 has no Board response" in overview


def test_not_doing_needs_a_reason_and_done_a_status(client, auth, findings):
    auth.login("board_member")
    url = f"/reviews/{findings['review']}/findings/{findings['first']}/actions/new"
    refused = client.post(url, data={"what": "Train everyone", "status": "not_doing"})
    assert "Say why the Board will not do this action." in refused.get_data(as_text=True)
    assert 'value="Train everyone"' not in refused.get_data(as_text=True)  # it is a textarea
    assert "Train everyone" in refused.get_data(as_text=True)
    early = client.post(
        url, data={"what": "Train", "status": "planned", "completed_on": "2025-01-01"}
    )
    assert "Only a done action has a completion date." in early.get_data(as_text=True)


def test_an_action_needs_an_owner_a_due_date_and_when_done_a_completion_date(
    client, app, auth, findings
):
    auth.login("board_member")
    url = f"/reviews/{findings['review']}/findings/{findings['first']}/actions/new"
    body = client.post(url, data={"what": "Audit", "status": "done"}).get_data(as_text=True)
    assert "Enter who owns the action, by role." in body
    assert "Enter the date the action is due" in body
    assert "Enter the date the action was completed." in body
    assert "This field is required." not in body
    done = client.post(
        url,
        data={"what": "Audit", "owner_role": "Head of Service", "due_on": "2025-03-01",
              "status": "done", "completed_on": "2025-02-20"},
    )  # fmt: skip
    assert done.status_code == 302
    with app.app_context():
        assert [a.completed_on for a in db.session.get(Finding, findings["first"]).actions] == [
            date(2025, 2, 20)
        ]


def test_the_findings_questions_come_before_the_response(client, auth, findings):
    auth.login("board_member")
    url = f"/reviews/{findings['review']}/findings/{findings['first']}/response"
    body = client.get(url).get_data(as_text=True)
    assert body.index("The finding's questions for the Board") < body.index(">Save</button>")


def test_responding_changes_nothing_else_about_a_published_review(client, auth, findings):
    auth.login("board_member")
    rid, fid = findings["review"], findings["first"]
    assert client.get(f"/reviews/{rid}/findings/{fid}/edit").status_code == 403
    auth.logout()
    auth.login("lead")
    assert client.get(f"/reviews/{rid}/findings/{fid}/edit").status_code == 403
    assert client.get(f"/reviews/{rid}/findings/{fid}/response").status_code == 403


def test_dashboard_counts(app, world, findings):
    with app.app_context():
        first = db.session.get(Finding, findings["first"])
        first.response = BoardResponse(response="Accepted.")
        first.actions.append(BoardAction(what="Late", status="planned", due_on=date(2025, 3, 1)))
        first.actions.append(BoardAction(what="Done", status="done", completed_on=date(2025, 2, 1)))
        first.actions.append(
            BoardAction(what="Done last year", status="done", completed_on=date(2024, 12, 1))
        )
        db.session.commit()
        board = db.session.get(Board, world.board)
        member = db.session.get(User, world.users["board_member"])
        picture = domain.dashboard(board, member, today=TODAY)
        stages = {status.value: [r.title for r in reviews] for status, reviews in picture.by_stage}
        assert stages["published"] == ["Child A: a draft review"]
        assert stages["draft"] == ["Child G: in progress"]
        assert [f.statement for f in picture.awaiting] == ["Supervision rarely tests optimism."]
        assert [a.what for a in picture.overdue] == ["Late"]
        assert [a.what for a in picture.done_this_year] == ["Done"]
        # A practitioner's picture of the same board leaves out the draft.
        practitioner = db.session.get(User, world.users["practitioner"])
        theirs = domain.dashboard(board, practitioner, today=TODAY)
        assert {s.value: len(r) for s, r in theirs.by_stage}["draft"] == 0


def test_dashboard_page(client, auth, world, findings):
    auth.login("board_member")
    page = client.get("/board").get_data(as_text=True)
    assert "Northbridge Safeguarding Children Partnership" in page
    assert "2</span> findings awaiting a response" in page
    assert f"/reviews/{findings['review']}/response#finding-{findings['first']}" in page
    auth.logout()
    auth.login("practitioner")
    page = client.get(f"/board?board={world.other_board}").get_data(as_text=True)
    assert "Eastmere Safeguarding Adults Board" in page
    assert "Child E" not in page  # another board's draft


def test_deleting_a_finding_deletes_its_response_and_actions(app, world, findings):
    with app.app_context():
        finding = db.session.get(Finding, findings["first"])
        finding.response = BoardResponse(response="Accepted.")
        finding.actions.append(BoardAction(what="A"))
        db.session.commit()
        db.session.delete(finding)
        db.session.commit()
        assert db.session.scalars(select(BoardAction)).all() == []
        assert db.session.scalars(select(BoardResponse)).all() == []


def test_a_board_response_is_scanned_before_publication(app, world, findings):
    from review import workflow

    with app.app_context():
        review = db.session.get(Review, findings["review"])
        review.status = ReviewStatus.SIGNED_OFF
        finding = db.session.get(Finding, findings["first"])
        finding.response = BoardResponse(response="Write to the family at NB1 2XY.")
        finding.actions.append(BoardAction(what="Call 07700 900123"))
        gaps = [g.message for g in workflow.identifier_gaps(review)]
        # Named as the report names them: the gaps come from the publication's own blocks.
        assert any(m.startswith("The Board's response: Finding 1 – Response: UK postcode")
                   for m in gaps)  # fmt: skip
        assert any("Action 1: What: phone number" in m for m in gaps)
        with pytest.raises(workflow.WorkflowError):
            workflow.change_status(review, ReviewStatus.PUBLISHED)


def test_dashboard_of_an_unknown_board_is_404(client, auth, world, findings):
    auth.login("board_member")
    assert client.get("/board?board=999999").status_code == 404
