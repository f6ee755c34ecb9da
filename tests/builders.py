"""Builders of reviews in a known state, shared by the test modules."""

from collections.abc import Sequence
from datetime import date

from conftest import make_review

from review.extensions import db
from review.models import (
    Board,
    BoardQuestion,
    CaseGroupMember,
    ChronologyEntry,
    ContributoryFactor,
    Conversation,
    Finding,
    KeyPracticeEpisode,
    ResearchQuestion,
    Review,
    ReviewMembership,
    ReviewStatus,
    TaxonomyKind,
    TeamRole,
    User,
)
from review.taxonomy import term


def build_complete_review(
    board: Board,
    leads: Sequence[User],
    team: Sequence[User] = (),
    *,
    title: str = "Child G: a complete review",
    status: ReviewStatus = ReviewStatus.FINDINGS,
) -> Review:
    """A review with everything every stage asks for, required and advisory."""
    level = term(TaxonomyKind.FACTOR_LEVEL, "team")  # queries first: they autoflush
    category = term(TaxonomyKind.FINDING_CATEGORY, "tools")
    review = make_review(
        board,
        title,
        status,
        period_start=date(2022, 1, 1),
        period_end=date(2023, 6, 30),
        reason_for_review="Child G was seriously harmed; the Board chose a systems review.",
        summary="A family known to several agencies over eighteen months.",
        family_composition="Mother; Child G, aged 2; Sibling 1, aged 7.",
    )
    for user in leads:
        review.memberships.append(ReviewMembership(user=user, team_role=TeamRole.LEAD))
    for user in team:
        review.memberships.append(ReviewMembership(user=user, team_role=TeamRole.TEAM))
    review.research_questions.append(
        ResearchQuestion(text="How do agencies share concerns about neglect?")
    )
    member = CaseGroupMember(
        label="Health visitor 1",
        role_title="Health visitor",
        agency="Community health",
        conversation_date=date(2023, 9, 1),
        attended_meeting_1=True,
        attended_meeting_2=True,
    )
    member.conversation = Conversation(
        knew_then="Two missed appointments.", did_and_why="Re-booked: it was usual."
    )
    review.case_group.append(member)
    review.chronology.append(
        ChronologyEntry(occurred_on=date(2022, 3, 4), agency="Health", event="Home visit.")
    )
    episode = KeyPracticeEpisode(
        title="The referral that was not made",
        what_happened="The GP saw bruising and did not refer.",
        appraisal="A referral was expected under local procedures.",
        explanation="The explanation offered by the mother was plausible at the time.",
        hindsight_guard="Appraised against what was known on the day.",
    )
    review.episodes.append(episode)
    episode.factors.append(ContributoryFactor(level=level, description="No supervision."))
    finding = Finding(
        statement="Professionals accept plausible explanations without checking them.",
        category=category,
        priority="High",
        manifestation="The GP accepted the explanation.",
        underlying_evidence="Seen across three agencies.",
        prevalence="Widespread, by the case group's account.",
        significance="Children's injuries go unexplained.",
    )
    review.findings.append(finding)
    finding.episodes.append(episode)
    finding.questions.append(BoardQuestion(text="How will the Board know this is changing?"))
    db.session.flush()
    return review
