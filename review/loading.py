"""What each page loads of a review, in a fixed number of statements whatever its size.

A page walking a review's records one lazy load at a time sends one statement per record (a
stepper over 80 KPEs sent 300). Each page names here the parts it shows; `load` fetches them
with one `selectinload` statement per relationship, and the taxonomy terms (a few dozen, shared
by every review) in one statement, so many-to-one links to them never query.
"""

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, joinedload, selectinload

from .extensions import db
from .models import (
    CaseGroupMember,
    Finding,
    KeyPracticeEpisode,
    Review,
    ReviewMembership,
    TaxonomyTerm,
)

_team = selectinload(Review.memberships).joinedload(ReviewMembership.user)
_printed_team = selectinload(Review.printed_team)
_questions = selectinload(Review.research_questions)
_case_group = selectinload(Review.case_group).joinedload(CaseGroupMember.conversation)
_chronology = selectinload(Review.chronology)
_episodes = selectinload(Review.episodes)
_factors = _episodes.selectinload(KeyPracticeEpisode.factors)
_episode_findings = _episodes.selectinload(KeyPracticeEpisode.findings)
_findings = selectinload(Review.findings)
_finding_episodes = _findings.selectinload(Finding.episodes)
_finding_themes = _findings.selectinload(Finding.themes)
_board_questions = _findings.selectinload(Finding.questions)
_responses = _findings.joinedload(Finding.response)
_actions = _findings.selectinload(Finding.actions)
_protected = selectinload(Review.protected_terms)

#: The records behind the stepper (workflow.stages), which also reads factors, links and actions.
STEPPER = (
    _team, _printed_team, _questions, _case_group, _chronology, _factors, _finding_episodes,
    _board_questions, _responses, _actions, _protected,
)  # fmt: skip
#: Everything a report, a briefing or the identifier guard reads.
EVERYTHING = (*STEPPER, _episode_findings, _finding_themes)

PLANS = {
    "stepper": STEPPER,
    "everything": EVERYTHING,
    "team": (_team, _printed_team),
    "case_group": (_team, _case_group),
    "chronology": (_team, _chronology),
    "episodes": (_team, _factors, _episode_findings),
    "findings": (_team, _finding_episodes, _finding_themes, _board_questions),
    "response": (_team, _board_questions, _responses, _actions),
    "timeline": (_team, _chronology, _episodes),
}


def load(review: Review, plan: str) -> Review:
    """Load the parts of `review` that page `plan` shows, before it reads them.

    Parts already loaded in this session are kept as they are, and a plan already loaded for
    this review (until a commit expires it) is not loaded again.
    """
    done = db.session.info.setdefault("loaded_plans", set())
    if (review.id, plan) in done and "findings" not in inspect(review).unloaded:
        return review
    done.add((review.id, plan))
    taxonomy_terms()
    return db.session.scalars(
        select(Review).where(Review.id == review.id).options(joinedload(Review.board), *PLANS[plan])
    ).one()


def taxonomy_terms() -> list[TaxonomyTerm]:
    """All taxonomy terms in the session, so factor levels and categories resolve in memory.

    The session's identity map holds objects weakly: the list is kept in `session.info` (for
    the session's life, one request) so the terms stay there.
    """
    info = db.session.info
    if "taxonomy_terms" not in info:
        info["taxonomy_terms"] = list(db.session.scalars(select(TaxonomyTerm)))
    return info["taxonomy_terms"]


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    """A commit or rollback expires what was loaded: load it afresh next time."""
    session.info.pop("taxonomy_terms", None)
    session.info.pop("loaded_plans", None)
