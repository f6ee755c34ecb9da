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
        review.memberships.append(
            ReviewMembership(
                user=user, team_role=TeamRole.LEAD, role_title="Lead reviewer", agency="Independent"
            )
        )
    for user in team:
        review.memberships.append(
            ReviewMembership(
                user=user, team_role=TeamRole.TEAM, role_title="Head of service", agency="Health"
            )
        )
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


def build_large_review(
    board: Board,
    leads: Sequence[User],
    team: Sequence[User] = (),
    *,
    members: int = 80,
    entries: int = 160,
    episodes: int = 80,
    findings: int = 64,
    status: ReviewStatus = ReviewStatus.FINDINGS,
) -> Review:
    """A review the size of a long real one, to show that no page grows with it."""
    from review.models import (
        BoardAction,
        BoardResponse,
        PrintedTeamMember,
        ProtectedTerm,
        TaxonomyTerm,
    )

    levels = list(
        db.session.scalars(
            db.select(TaxonomyTerm).where(TaxonomyTerm.kind == TaxonomyKind.FACTOR_LEVEL)
        )
    )
    subfactors = {level.id: list(level.children) for level in levels}
    category = term(TaxonomyKind.FINDING_CATEGORY, "tools")
    themes = list(
        db.session.scalars(
            db.select(TaxonomyTerm).where(TaxonomyTerm.kind == TaxonomyKind.THEME).limit(3)
        )
    )
    review = build_complete_review(board, leads, team, title="Child L: a large review")
    review.status = status
    for n in range(20):
        review.printed_team.append(
            PrintedTeamMember(name=f"Manager {n + 1}", role_title="Head of Service", agency="X")
        )
    for n in range(members):
        member = CaseGroupMember(
            label=f"Practitioner {n + 1}",
            role_title="Social worker",
            agency=f"Agency {n % 8 + 1}",
            conversation_date=date(2023, 9, 1 + n % 28),
            attended_meeting_1=n % 2 == 0,
            attended_meeting_2=n % 3 == 0,
        )
        member.conversation = Conversation(knew_then=f"What practitioner {n + 1} knew then.")
        review.case_group.append(member)
    for n in range(entries):
        review.chronology.append(
            ChronologyEntry(
                occurred_on=date(2022, 1 + n % 12, 1 + n % 28),
                agency=f"Agency {n % 8 + 1}",
                event=f"Event {n + 1}: a home visit.",
                source="Agency records",
            )
        )
    kpes = []
    for n in range(episodes):
        kpe = KeyPracticeEpisode(
            title=f"Episode {n + 1}",
            date_from=date(2022, 1 + n % 12, 1),
            date_to=date(2022, 1 + n % 12, 20),
            agencies=f"Agency {n % 8 + 1}",
            what_happened="What happened.",
            appraisal="An appraisal.",
            explanation="Why it made sense.",
            hindsight_guard="Against what was known then.",
        )
        for k in range(3):
            level = levels[(n + k) % len(levels)]
            subs = subfactors.get(level.id) or [None]
            kpe.factors.append(
                ContributoryFactor(level=level, subfactor=subs[0], description=f"Factor {k + 1}.")
            )
        review.episodes.append(kpe)
        kpes.append(kpe)
    for n in range(findings):
        finding = Finding(
            statement=f"Pattern {n + 1} in the system.",
            category=category,
            priority="Medium",
            manifestation="How it showed.",
            underlying_evidence="Evidence.",
            prevalence="Widespread.",
            significance="Why it matters.",
        )
        finding.themes.extend(themes[: 1 + n % 3])
        finding.episodes.extend([kpes[n % len(kpes)], kpes[(n + 1) % len(kpes)]])
        for k in range(3):
            finding.questions.append(BoardQuestion(text=f"Question {k + 1} for the Board?"))
        finding.response = BoardResponse(
            response="The Board's answer.", responded_on=date(2024, 1, 5)
        )
        for k in range(2):
            finding.actions.append(
                BoardAction(
                    what=f"Action {k + 1}",
                    owner_role="Head of service",
                    owner_agency="Children's social care",
                    due_on=date(2024, 6, 1),
                )
            )
        review.findings.append(finding)
    for n in range(20):
        review.protected_terms.append(ProtectedTerm(term=f"Zebediah Quux{n}"))
    db.session.flush()
    return review
