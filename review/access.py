"""Who may see and change which review: checked on every route that names a review."""

from functools import wraps

from flask import abort, g
from flask_login import current_user
from sqlalchemy import Select, or_, select

from .extensions import db
from .models import Review, ReviewMembership, ReviewStatus, Role, TeamRole, User


def membership(user: User, review: Review) -> ReviewMembership | None:
    """The user's place on the review's team, if any."""
    return next((m for m in review.memberships if m.user_id == user.id), None)


def can_view(user: User, review: Review) -> bool:
    """Published reviews are for everyone signed in; drafts for their team and their board."""
    if not user.is_authenticated:
        return False
    if review.status == ReviewStatus.PUBLISHED:
        return True
    if user.role == Role.BOARD_MEMBER:
        return user.board_id == review.board_id
    if user.role in (Role.LEAD_REVIEWER, Role.TEAM_MEMBER):
        return membership(user, review) is not None
    return False


def sees_working(user: User, review: Review) -> bool:
    """The review's team and its Board see its working material: the stepper, chronology,
    case group, conversations, drafts. Everyone else sees only its publication, once published.
    """
    if not user.is_authenticated:
        return False
    if user.role == Role.BOARD_MEMBER:
        return user.board_id == review.board_id
    return is_on_team(user, review)


def can_edit(user: User, review: Review) -> bool:
    """Team members may edit a review they are on, until it is signed off."""
    return review.status_enum.editable and is_on_team(user, review)


def is_on_team(user: User, review: Review) -> bool:
    return (
        user.is_authenticated
        and user.role in (Role.LEAD_REVIEWER, Role.TEAM_MEMBER)
        and membership(user, review) is not None
    )


def is_lead(user: User, review: Review) -> bool:
    """Lead reviewers of this review manage its team and move it through its stages."""
    found = membership(user, review) if user.is_authenticated else None
    return (
        found is not None and found.team_role == TeamRole.LEAD and user.role == Role.LEAD_REVIEWER
    )


def can_respond(user: User, review: Review) -> bool:
    """The Board owns the findings: its members answer them once the review is signed off."""
    return (
        user.is_authenticated
        and user.role == Role.BOARD_MEMBER
        and user.board_id == review.board_id
        and review.status in (ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED)
    )


def can_create_review(user: User) -> bool:
    return user.is_authenticated and user.role == Role.LEAD_REVIEWER


def _drafts_rule(user: User):
    """Which unpublished reviews this user may read, as SQL (None: none)."""
    if user.role == Role.BOARD_MEMBER:
        return Review.board_id == user.board_id
    if user.role in (Role.LEAD_REVIEWER, Role.TEAM_MEMBER):
        return Review.id.in_(
            select(ReviewMembership.review_id).where(ReviewMembership.user_id == user.id)
        )
    return None


def visible_reviews(user: User) -> Select:
    """A query for the reviews this user may read (the same rule as can_view, in SQL)."""
    published = Review.status == ReviewStatus.PUBLISHED
    drafts = _drafts_rule(user)
    return select(Review).where(published if drafts is None else or_(published, drafts))


def visible_draft_ids(user: User) -> Select | None:
    """The ids of the unpublished reviews this user may read (None when there can be none):
    the same rule without asking the database to rule out every published review."""
    drafts = _drafts_rule(user)
    if drafts is None:
        return None
    return select(Review.id).where(Review.status != ReviewStatus.PUBLISHED, drafts)


def review_route(
    *, edit: bool = False, lead: bool = False, respond: bool = False, publication: bool = False
):
    """Load the review named by `review_id` into g.review; 404 if unseen, 403 if not allowed.

    A route is a working page unless it says `publication=True`: working pages are 404 to
    everyone outside the review's team and its Board, as unseen reviews are. Publication routes
    (the reading view, the publication downloads) are open to whoever may read the review and
    must show its publication and nothing else to those outside (`sees_working` is false).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(review_id: int, **kwargs):
            review = db.session.get(Review, review_id)
            if review is None or not can_view(current_user, review):
                abort(404)
            if not publication and not sees_working(current_user, review):
                abort(404)
            if lead and not is_lead(current_user, review):
                abort(403)
            if edit and not can_edit(current_user, review):
                abort(403, description=_refusal(review))
            if respond and not can_respond(current_user, review):
                abort(403, description="Only members of the review's Board respond to it, "
                      "once it is signed off.")  # fmt: skip
            g.review = review
            return view(review, **kwargs)

        return wrapped

    return decorator


def _refusal(review: Review) -> str:
    if not review.status_enum.editable:
        return f"This review is {review.status_enum.label.lower()} and can no longer be edited."
    return "Only the review's lead reviewers and review team can change it."
