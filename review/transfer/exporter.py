"""Export reviews to the documented JSON format, the same one `import_reviews` reads.

Only what a published report may carry leaves the app: no user accounts, e-mails or passwords
(lead reviewers by display name only), no conversation notes, and the protected terms only on
purpose (`with_protected_terms`, for moving a review between installations). Every field is
written out explicitly, so a new column is never exported by accident.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Board,
    CaseGroupMember,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    Review,
    ReviewMembership,
    TaxonomyTerm,
)
from .importer import EPISODE_TEXT, HEADINGS, TEXT_FIELDS
from .protected import export_terms
from .response import export_response
from .schema import FORMAT_VERSION
from .team import export_team


def _key(term: TaxonomyTerm | None) -> str | None:
    return term.key if term is not None else None


def _iso(when: date | None) -> str | None:
    return when.isoformat() if when else None


def _member(m: CaseGroupMember) -> dict:
    return {
        "label": m.label,
        "role": m.role_title,
        "agency": m.agency,
        "agency_type": _key(m.agency_type),
        "family_member": m.is_family_member,
        "conversation_date": _iso(m.conversation_date),
        "attended_meeting_1": m.attended_meeting_1,
        "attended_meeting_2": m.attended_meeting_2,
    }


def _factor(f: ContributoryFactor) -> dict:
    return {
        "level": _key(f.level),
        "subfactor": _key(f.subfactor),
        "effect": f.effect,
        "description": f.description,
    }


def _episode(e: KeyPracticeEpisode) -> dict:
    return {
        "number": e.number,
        "title": e.title,
        "date_from": _iso(e.date_from),
        "date_to": _iso(e.date_to),
        "agencies": e.agencies,
        **{name: getattr(e, name) for name in EPISODE_TEXT},
        "contributory_factors": [_factor(f) for f in e.factors],
    }


def _finding(f: Finding) -> dict:
    return {
        "number": f.number,
        "statement": f.statement,
        "short_title": f.short_title,
        "category": _key(f.category),
        "themes": [t.key for t in f.themes],
        "priority": f.priority,
        **{name: getattr(f, name) for name in HEADINGS},
        "board_questions": [q.text for q in f.questions],
        "kpes": [e.number for e in f.episodes],
        "board_response": export_response(f),
    }


def export_review(review: Review, *, with_protected_terms: bool = False) -> dict:
    """One review as a plain dict in the documented format; its protected terms only when
    asked (`with_protected_terms`): the file is then as sensitive as the terms."""
    data = {
        "board": {"name": review.board.name, "kind": _key(review.board.kind)},
        "title": review.title,
        "review_type": _key(review.review_type),
        "status": review.status,
        "year": review.year,
        "commissioned_on": _iso(review.commissioned_on),
        "signed_off_on": _iso(review.signed_off_on),
        "published_on": _iso(review.published_on),
        "subject_pseudonym": review.subject_pseudonym,
        "period": {"start": _iso(review.period_start), "end": _iso(review.period_end)},
        **{name: getattr(review, name) for name in TEXT_FIELDS},
        "research_questions": [q.text for q in review.research_questions],
        "review_team": export_team(review),
        "lead_reviewer_names": review.lead_reviewer_names,
        "report_version": review.report_version,
        "case_group": [_member(m) for m in review.case_group],
        "chronology": [
            {
                "date": _iso(e.occurred_on),
                "agency": e.agency,
                "event": e.event,
                "source": e.source,
            }
            for e in review.chronology
        ],
        "key_practice_episodes": [_episode(e) for e in review.episodes],
        "findings": [_finding(f) for f in review.findings],
    }
    if with_protected_terms:
        data["protected_terms"] = export_terms(review)
    return data


def export_reviews(reviews: Iterable[Review], *, with_protected_terms: bool = False) -> dict:
    """The reviews as one document of the import format (it validates against the schema)."""
    return {
        "version": FORMAT_VERSION,
        "reviews": [export_review(r, with_protected_terms=with_protected_terms) for r in reviews],
    }


def reviews_for_export(ids: Sequence[int] | None = None) -> list[Review]:
    """The reviews with these ids (all when None), by id, with everything an export reads.

    Raises LookupError naming the ids that match no review.
    """
    query = (
        select(Review)
        .order_by(Review.id)
        .options(
            selectinload(Review.board).selectinload(Board.kind),
            selectinload(Review.review_type),
            selectinload(Review.research_questions),
            selectinload(Review.memberships).selectinload(ReviewMembership.user),
            selectinload(Review.printed_team),
            selectinload(Review.case_group).selectinload(CaseGroupMember.agency_type),
            selectinload(Review.chronology),
            selectinload(Review.episodes)
            .selectinload(KeyPracticeEpisode.factors)
            .options(
                selectinload(ContributoryFactor.level), selectinload(ContributoryFactor.subfactor)
            ),
            selectinload(Review.findings).options(
                selectinload(Finding.category),
                selectinload(Finding.themes),
                selectinload(Finding.questions),
                selectinload(Finding.episodes),
                selectinload(Finding.response),
                selectinload(Finding.actions),
            ),
        )
    )
    if ids:
        query = query.where(Review.id.in_(ids))
    reviews = list(db.session.scalars(query))
    missing = sorted(set(ids or ()) - {r.id for r in reviews})
    if missing:
        raise LookupError(f"No review has the id {', '.join(map(str, missing))}.")
    return reviews
