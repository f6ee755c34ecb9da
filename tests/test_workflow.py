"""The guided workflow: what each stage still needs, and the moves between statuses.

Most tests build models directly and call review.workflow inside an app context, with no
request; the last few go through the status route as a lead reviewer would.
"""

from datetime import date

import pytest
from builders import build_complete_review
from conftest import make_review
from markupsafe import escape

from review import workflow
from review.extensions import db
from review.models import (
    Board,
    CaseGroupMember,
    Conversation,
    Finding,
    KeyPracticeEpisode,
    Review,
    ReviewMembership,
    ReviewStatus,
    TeamRole,
    User,
)
from review.workflow import WorkflowError, change_status

TODAY = date(2024, 9, 2)


def messages(stage: workflow.Stage, *, required: bool | None = None) -> list[str]:
    return [g.message for g in stage.gaps if required is None or g.required == required]


def by_key(review: Review) -> dict[str, workflow.Stage]:
    return {stage.key: stage for stage in workflow.stages(review)}


def users(world, *keys: str) -> list[User]:
    return [db.session.get(User, world.users[key]) for key in keys]


# Stages of a review: what is missing ----------------------------------------------------


def test_empty_review_reports_what_every_stage_needs(app, world):
    with app.app_context():
        review = make_review(db.session.get(Board, world.board), "Child H: empty")
        review.review_type = None
        db.session.flush()
        stages = by_key(review)
        assert [s.key for s in workflow.stages(review)] == [
            "preparation",
            "data_collection",
            "analysis",
            "findings",
            "sign_off",
            "board_response",
        ]
        assert [s.number for s in workflow.stages(review)] == [1, 2, 3, 4, 5, 6]
        assert messages(stages["preparation"], required=True) == [
            "No review type chosen",
            "The period under review is not set",
            "Nothing written on why this case",
            "Nothing written on the case in brief",
            "No research questions yet",
            "No lead reviewer: the method expects two",
        ]
        assert messages(stages["preparation"], required=False) == [
            "No family composition (in pseudonyms)",
            "No review team members yet",
        ]
        assert messages(stages["data_collection"]) == ["No case group members yet"]
        assert messages(stages["analysis"]) == [
            "The chronology is empty",
            "No key practice episodes yet",
        ]
        assert messages(stages["findings"]) == ["No findings yet"]
        assert messages(stages["sign_off"]) == ["Not yet signed off"]
        for key in ("preparation", "data_collection", "analysis", "findings", "sign_off"):
            assert stages[key].state == "not-started", key
            assert stages[key].done == [], key
        # The Board responds only after publication: not "complete" before it.
        assert stages["board_response"].state == "waiting"
        assert stages["board_response"].gaps == []
        # Each gap points to the page where it is put right.
        gap = next(g for g in stages["preparation"].gaps if g.message.startswith("No research"))
        assert (gap.endpoint, gap.params) == ("reviews.question_new", {"review_id": review.id})


def test_one_lead_reviewer_is_not_enough(app, world):
    with app.app_context():
        (lead,) = users(world, "lead")
        review = make_review(db.session.get(Board, world.board), "Child H: one lead")
        review.memberships.append(ReviewMembership(user=lead, team_role=TeamRole.LEAD))
        db.session.flush()
        preparation = workflow.preparation(review)
        assert "Only one lead reviewer: the method expects two" in messages(
            preparation, required=True
        )
        assert "No lead reviewer: the method expects two" not in messages(preparation)
        # A team member in the lead's place does not count as a lead reviewer.
        review.memberships[0].team_role = TeamRole.TEAM
        assert "No lead reviewer: the method expects two" in messages(workflow.preparation(review))


def test_world_draft_with_one_lead_and_a_team_member(app, world):
    """Required and advisory gaps are told apart, and the stage is 'missing', not 'not started'."""
    with app.app_context():
        review = db.session.get(Review, world.draft)
        preparation = workflow.preparation(review)
        assert "Only one lead reviewer: the method expects two" in messages(
            preparation, required=True
        )
        assert "No review team members yet" not in messages(preparation)
        assert "1 review team member" in preparation.done
        assert preparation.done[0] == f"Review type: {review.review_type.label}"
        assert preparation.state == "missing"


def test_episode_gaps_name_the_kpe_and_what_it_lacks(app, world):
    with app.app_context():
        review = build_complete_review(db.session.get(Board, world.board), users(world, "lead"))
        for n in range(2, 5):
            review.episodes.append(
                KeyPracticeEpisode(
                    title=f"Episode {n}",
                    what_happened="Facts.",
                    appraisal="Appraisal.",
                    explanation="" if n == 4 else "Why it made sense.",
                    hindsight_guard="Guarded.",
                )
            )
        db.session.flush()
        analysis = workflow.analysis(review)
        assert [e.number for e in review.episodes] == [1, 2, 3, 4]
        assert "KPE 4 has no explanation (why it made sense at the time)" in messages(
            analysis, required=True
        )
        assert "KPE 3 has no explanation (why it made sense at the time)" not in messages(analysis)
        # KPEs 2-4 have no factors; only KPE 1 does.
        for n in (2, 3, 4):
            assert f"KPE {n} has no contributory factors" in messages(analysis, required=True)
        assert "KPE 1 has no contributory factors" not in messages(analysis)
        gap = next(g for g in analysis.gaps if g.message.startswith("KPE 4 has no explanation"))
        assert gap.endpoint == "episodes.episode_edit"
        assert gap.params == {"review_id": review.id, "episode_id": review.episodes[3].id}
        assert gap.anchor == "explanation"

        review.episodes[0].hindsight_guard = "  "
        assert "KPE 1 does not say how hindsight bias was guarded against" in messages(
            workflow.analysis(review), required=False
        )


def test_finding_without_board_questions(app, world):
    with app.app_context():
        review = build_complete_review(db.session.get(Board, world.board), users(world, "lead"))
        review.findings.append(Finding(statement="A second pattern."))
        db.session.flush()
        gaps = messages(workflow.findings(review), required=True)
        assert "Finding 2 has no Board questions" in gaps
        assert "Finding 2 has no category" in gaps
        assert "Finding 2 is linked to no KPE" in gaps
        assert "Finding 2 does not say how the issue manifested in this case" in gaps
        assert not [m for m in gaps if m.startswith("Finding 1 ")]
        assert "Finding 2 is not prioritised" in messages(workflow.findings(review), required=False)


def test_case_group_members_without_conversation(app, world):
    with app.app_context():
        review = build_complete_review(db.session.get(Board, world.board), users(world, "lead"))
        review.case_group.append(CaseGroupMember(label="GP 1"))
        empty = CaseGroupMember(label="Social worker 1")
        empty.conversation = Conversation()  # started, but nothing written
        review.case_group.append(empty)
        db.session.flush()
        stage = workflow.data_collection(review)
        assert (
            "2 case group members have no conversation recorded (GP 1, Social worker 1)"
            in messages(stage, required=True)
        )
        assert stage.state == "missing"
        # The lone silent member gets the singular.
        review.case_group.remove(empty)
        db.session.flush()
        assert "1 case group member has no conversation recorded (GP 1)" in messages(
            workflow.data_collection(review)
        )


def test_advisory_gaps_do_not_block_sign_off(app, world):
    with app.app_context():
        board = db.session.get(Board, world.board)
        review = build_complete_review(board, users(world, "lead", "lead2"))
        review.family_composition = ""
        review.findings[0].priority = ""
        review.case_group[0].attended_meeting_1 = False
        review.case_group[0].attended_meeting_2 = False
        review.case_group[0].conversation_date = None
        review.episodes[0].hindsight_guard = ""
        db.session.flush()
        stages = workflow.stages(review)
        assert [s.state for s in stages[:4]] == ["attention"] * 4
        advisory = [g for s in stages[:4] for g in s.gaps]
        assert not any(g.required for g in advisory)
        assert {g.message for g in advisory} == {
            "No family composition (in pseudonyms)",
            "No review team members yet",
            "Finding 1 is not prioritised",
            "No one is recorded at follow-on meeting 1",
            "No one is recorded at follow-on meeting 2",
            "1 conversation without a date",
            "KPE 1 does not say how hindsight bias was guarded against",
        }
        assert workflow.sign_off_blockers(review) == []
        change_status(review, ReviewStatus.SIGNED_OFF, today=TODAY)
        assert review.status == ReviewStatus.SIGNED_OFF


def test_complete_review_has_no_required_gaps(app, world):
    with app.app_context():
        board = db.session.get(Board, world.board)
        review = build_complete_review(board, users(world, "lead", "lead2"), users(world, "team"))
        stages = workflow.stages(review)
        assert workflow.sign_off_blockers(review) == []
        for stage in stages[:4]:
            assert stage.required_gaps == [], stage.key
            assert stage.gaps == [], (stage.key, messages(stage))
            assert stage.state == "complete", stage.key
            assert stage.done, stage.key
        assert stages[0].done == [
            "Review type: " + review.review_type.label,
            "Period under review set",
            "Written: why this case",
            "Written: the case in brief",
            "1 research question",
            "2 lead reviewers",
            "1 review team member",
        ]
        assert "1 chronology entry" in stages[2].done
        # Before sign-off, stage 5 is still to do; after publication it is done.
        assert messages(stages[4]) == ["Not yet signed off"]
        assert stages[5].state == "waiting"
        change_status(review, ReviewStatus.SIGNED_OFF, today=TODAY)
        assert by_key(review)["sign_off"].state == "attention"  # signed off, not yet published
        change_status(review, ReviewStatus.PUBLISHED, today=TODAY)
        done = by_key(review)
        assert done["sign_off"].state == "complete"
        assert done["sign_off"].done == [
            "Signed off on 02 September 2024",
            "Published on 02 September 2024",
        ]
        # Now the Board's part starts: each finding awaits its response.
        assert done["board_response"].state == "not-started"
        assert "Finding 1 has no Board response" in messages(done["board_response"])
        assert all(
            s.state in ("complete", "attention") for k, s in done.items() if k != "board_response"
        )


# Status changes ---------------------------------------------------------------------------


def test_status_walks_from_draft_to_published(app, world):
    with app.app_context():
        board = db.session.get(Board, world.board)
        review = build_complete_review(
            board, users(world, "lead", "lead2"), status=ReviewStatus.DRAFT
        )
        seen = [review.status]
        for target in (
            ReviewStatus.ANALYSIS,
            ReviewStatus.FINDINGS,
            ReviewStatus.SIGNED_OFF,
            ReviewStatus.PUBLISHED,
        ):
            assert target in workflow.allowed_moves(review)
            change_status(review, target, today=TODAY)
            seen.append(review.status)
            assert review.status_changed_at is not None
        assert seen == ["draft", "analysis", "findings", "signed_off", "published"]
        assert review.signed_off_on == TODAY
        assert review.published_on == TODAY
        db.session.commit()  # the dates and status survive a round trip
        db.session.expire_all()
        stored = db.session.get(Review, review.id)
        assert (stored.status, stored.signed_off_on, stored.published_on) == (
            "published",
            TODAY,
            TODAY,
        )


def test_sign_off_is_refused_with_the_gaps_listed(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.status = ReviewStatus.FINDINGS
        with pytest.raises(WorkflowError) as refused:
            change_status(review, ReviewStatus.SIGNED_OFF, today=TODAY)
        gaps = [g.message for g in refused.value.gaps]
        assert "No research questions yet" in gaps
        assert "Only one lead reviewer: the method expects two" in gaps
        assert "No case group members yet" in gaps
        assert "No findings yet" in gaps
        assert all(g.required for g in refused.value.gaps)
        assert "No review team members yet" not in gaps  # advisory: not a blocker
        assert "Not yet signed off" not in gaps  # stage 5 is not a blocker of itself
        assert review.status == ReviewStatus.FINDINGS
        assert review.signed_off_on is None


def test_one_missing_item_is_enough_to_refuse_sign_off(app, world):
    with app.app_context():
        board = db.session.get(Board, world.board)
        review = build_complete_review(board, users(world, "lead", "lead2"))
        review.episodes[0].explanation = ""
        with pytest.raises(WorkflowError) as refused:
            change_status(review, ReviewStatus.SIGNED_OFF, today=TODAY)
        assert [g.message for g in refused.value.gaps] == [
            "KPE 1 has no explanation (why it made sense at the time)"
        ]
        assert review.status == ReviewStatus.FINDINGS


SKIPS = [
    (ReviewStatus.DRAFT, ReviewStatus.FINDINGS),
    (ReviewStatus.DRAFT, ReviewStatus.SIGNED_OFF),
    (ReviewStatus.DRAFT, ReviewStatus.PUBLISHED),
    (ReviewStatus.ANALYSIS, ReviewStatus.SIGNED_OFF),
    (ReviewStatus.FINDINGS, ReviewStatus.PUBLISHED),
    (ReviewStatus.SIGNED_OFF, ReviewStatus.ANALYSIS),
    (ReviewStatus.DRAFT, ReviewStatus.DRAFT),
    (ReviewStatus.PUBLISHED, ReviewStatus.SIGNED_OFF),
    (ReviewStatus.PUBLISHED, ReviewStatus.FINDINGS),
]


def test_status_cannot_skip_steps_or_leave_published(app, world):
    with app.app_context():
        board = db.session.get(Board, world.board)
        review = build_complete_review(board, users(world, "lead", "lead2"))
        for start, target in SKIPS:
            review.status = start
            signed = start in (ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED)
            review.signed_off_on = date(2024, 1, 1) if signed else None
            review.published_on = date(2024, 2, 1) if start == ReviewStatus.PUBLISHED else None
            with pytest.raises(WorkflowError, match="cannot move to") as refused:
                change_status(review, target, today=TODAY)
            assert refused.value.gaps == [], (start, target)
            assert review.status == start, (start, target)
            assert review.signed_off_on == (date(2024, 1, 1) if signed else None)


def test_reopening_steps_back_and_clears_the_sign_off(app, world):
    with app.app_context():
        board = db.session.get(Board, world.board)
        review = build_complete_review(board, users(world, "lead", "lead2"))
        change_status(review, ReviewStatus.SIGNED_OFF, today=TODAY)
        assert review.signed_off_on == TODAY
        assert workflow.allowed_moves(review) == [ReviewStatus.PUBLISHED, ReviewStatus.FINDINGS]
        change_status(review, ReviewStatus.FINDINGS, today=TODAY)  # reopen
        assert review.status == ReviewStatus.FINDINGS
        assert review.signed_off_on is None
        assert by_key(review)["sign_off"].done == []
        change_status(review, ReviewStatus.ANALYSIS)
        change_status(review, ReviewStatus.DRAFT)
        assert review.status == ReviewStatus.DRAFT
        assert workflow.allowed_moves(review) == [ReviewStatus.ANALYSIS]
        # Signed off again later: the new date is recorded.
        for target in (ReviewStatus.ANALYSIS, ReviewStatus.FINDINGS, ReviewStatus.SIGNED_OFF):
            change_status(review, target, today=date(2024, 10, 1))
        assert review.signed_off_on == date(2024, 10, 1)
        change_status(review, ReviewStatus.PUBLISHED, today=date(2024, 10, 2))
        assert workflow.allowed_moves(review) == []
        assert review.published_on == date(2024, 10, 2)


# Through the status route ----------------------------------------------------------------


def sign_in(app, key: str):
    client = app.test_client()
    response = client.post(
        "/auth/login",
        data={"email": f"{key}@test.example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    return client


def test_sign_off_of_an_incomplete_review_is_refused_with_the_missing_items(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.status = ReviewStatus.FINDINGS
        db.session.commit()
    client = sign_in(app, "lead")
    response = client.post(f"/reviews/{world.draft}/status", data={"status": "signed_off"})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Sign-off is refused until these are put right." in body
    assert "To put right" in body
    for item in (
        "No research questions yet",
        "Only one lead reviewer: the method expects two",
        "No case group members yet",
        "The chronology is empty",
        "No findings yet",
    ):
        assert str(escape(item)) in body, item
    with app.app_context():
        review = db.session.get(Review, world.draft)
        assert (review.status, review.signed_off_on) == ("findings", None)


def test_status_route_refuses_skips_and_unknown_statuses(app, world):
    client = sign_in(app, "lead")
    response = client.post(f"/reviews/{world.draft}/status", data={"status": "published"})
    assert response.status_code == 409
    assert "A draft review cannot move to published." in response.get_data(as_text=True)
    response = client.post(f"/reviews/{world.draft}/status", data={"status": "finished"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Review, world.draft).status == "draft"


def test_lead_signs_off_and_publishes_a_complete_review(app, world):
    with app.app_context():
        board = db.session.get(Board, world.board)
        review = build_complete_review(board, users(world, "lead", "lead2"), users(world, "team"))
        db.session.commit()
        review_id = review.id
    # The team member may not move it; a lead may.
    team = sign_in(app, "team")
    assert (
        team.post(f"/reviews/{review_id}/status", data={"status": "signed_off"}).status_code == 403
    )
    client = sign_in(app, "lead")
    response = client.post(f"/reviews/{review_id}/status", data={"status": "signed_off"})
    assert response.status_code == 200  # the confirmation page: nothing changed yet
    assert "What cannot be undone" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Review, review_id).status == "findings"
    response = client.post(
        f"/reviews/{review_id}/status", data={"status": "signed_off", "confirm": "yes"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/reviews/{review_id}")
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert review.status == "signed_off"
        assert review.signed_off_on == date.today()
    confirm = {"status": "published", "confirm": "yes"}
    response = client.post(f"/reviews/{review_id}/status", data=confirm)
    assert response.status_code == 200  # the Board's approval is asked for
    body = response.get_data(as_text=True)
    assert "Enter who approved publication" in body
    assert "Enter the minute that records the approval" in body
    approval = {
        "approved_by": "Independent Chair",
        "approved_on": "2024-05-01",
        "approval_minute": "SCP/2024/7",
    }
    response = client.post(f"/reviews/{review_id}/status", data={**confirm, **approval})
    assert response.status_code == 302
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert (review.status, review.published_on) == ("published", date.today())
        assert (review.approved_by, review.approved_on, review.approval_minute) == (
            "Independent Chair",
            date(2024, 5, 1),
            "SCP/2024/7",
        )
    body = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Published. Everyone who uses the app can now read the review." in body
    assert "approved by Independent Chair on 1 May 2024 (minute SCP/2024/7)" in body


def test_published_review_is_read_only_even_for_its_lead(app, world):
    with app.app_context():
        board = db.session.get(Board, world.board)
        review = build_complete_review(
            board,
            users(world, "lead", "lead2"),
            users(world, "team"),
            status=ReviewStatus.PUBLISHED,
        )
        review.signed_off_on, review.published_on = date(2024, 4, 1), date(2024, 5, 1)
        db.session.commit()
        rid = review.id
        ids = {
            "question": review.research_questions[0].id,
            "membership": review.memberships[0].id,
            "member": review.case_group[0].id,
            "entry": review.chronology[0].id,
            "episode": review.episodes[0].id,
            "factor": review.episodes[0].factors[0].id,
            "finding": review.findings[0].id,
            "board_question": review.findings[0].questions[0].id,
        }
    base = f"/reviews/{rid}"
    edit_urls = [
        f"{base}/edit",
        f"{base}/questions/new",
        f"{base}/questions/{ids['question']}/edit",
        f"{base}/questions/{ids['question']}/delete",
        f"{base}/team/new",
        f"{base}/team/{ids['membership']}/edit",
        f"{base}/team/{ids['membership']}/delete",
        f"{base}/case-group/new",
        f"{base}/case-group/{ids['member']}/edit",
        f"{base}/case-group/{ids['member']}/conversation",
        f"{base}/chronology/new",
        f"{base}/chronology/{ids['entry']}/edit",
        f"{base}/episodes/new",
        f"{base}/episodes/{ids['episode']}/edit",
        f"{base}/episodes/{ids['episode']}/delete",
        f"{base}/episodes/{ids['episode']}/factors/new",
        f"{base}/episodes/{ids['episode']}/factors/{ids['factor']}/edit",
        f"{base}/findings/new",
        f"{base}/findings/{ids['finding']}/edit",
        f"{base}/findings/{ids['finding']}/questions/new",
        f"{base}/findings/{ids['finding']}/questions/{ids['board_question']}/delete",
    ]
    move_urls = [
        f"{base}/questions/{ids['question']}/move",
        f"{base}/episodes/{ids['episode']}/move",
        f"{base}/findings/{ids['finding']}/move",
    ]
    for key in ("lead", "team"):
        client = sign_in(app, key)
        wrong = []
        for url in edit_urls:
            for method in ("GET", "POST"):
                response = client.open(url, method=method, data={"text": "Changed"})
                if response.status_code != 403:
                    wrong.append(f"{method} {url}: {response.status_code}")
        for url in move_urls:
            response = client.post(url, data={"direction": "down"})
            if response.status_code != 403:
                wrong.append(f"POST {url}: {response.status_code}")
        assert not wrong, f"{key}:\n" + "\n".join(wrong)
        # Reading still works.
        assert client.get(base).status_code == 200
    # No status move leaves publication.
    lead = sign_in(app, "lead")
    assert lead.post(f"{base}/status", data={"status": "signed_off"}).status_code == 409
    with app.app_context():
        review = db.session.get(Review, rid)
        assert review.status == "published"
        assert review.research_questions[0].text.startswith("How do agencies")


def test_a_team_member_without_a_job_title_or_agency_is_a_suggestion(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        stage = workflow.preparation(review)
        gaps = [g for g in stage.gaps if "for the report" in g.message]
        assert {g.message for g in gaps} == {
            "Lead has no job title or agency for the report",
            "Team has no job title or agency for the report",
        }
        assert all(not g.required and g.endpoint == "reviews.member_edit" for g in gaps)
        review.memberships[0].role_title = "Lead reviewer"
        review.memberships[0].agency = "Independent"
        assert len([g for g in workflow.preparation(review).gaps if "report" in g.message]) == 1
