"""The Board's side of a review: response state, overdue actions, and the dashboard's numbers.

Plain functions over the models so they are tested without a request.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .access import visible_reviews
from .extensions import db
from .models import ActionStatus, Board, BoardAction, Finding, Review, ReviewStatus, User


@dataclass
class FindingState:
    """How far the Board has answered one finding."""

    finding: Finding
    responded: bool
    actions: int
    open: int
    overdue: list[BoardAction]

    @property
    def label(self) -> str:
        if not self.responded:
            return "Awaiting the Board's response"
        if self.overdue:
            return f"Responded; {len(self.overdue)} overdue"
        return "Responded"


def finding_states(review: Review, today: date | None = None) -> list[FindingState]:
    today = today or date.today()
    return [
        FindingState(
            finding=f,
            responded=f.has_response,
            actions=len(f.actions),
            open=sum(1 for a in f.actions if a.status_enum.open),
            overdue=[a for a in f.actions if a.is_overdue(today)],
        )
        for f in review.findings
    ]


def awaits_response(review: Review) -> bool:
    """Signed-off and published reviews are the Board's to answer."""
    return review.status in (ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED)


@dataclass
class Dashboard:
    """One board's picture, over the reviews the user may read."""

    board: Board
    by_stage: list[tuple[ReviewStatus, list[Review]]] = field(default_factory=list)
    awaiting: list[Finding] = field(default_factory=list)
    overdue: list[BoardAction] = field(default_factory=list)
    done_this_year: list[BoardAction] = field(default_factory=list)


def dashboard(board: Board, user: User, today: date | None = None) -> Dashboard:
    today = today or date.today()
    reviews = db.session.scalars(
        visible_reviews(user)
        .where(Review.board_id == board.id)
        .options(
            selectinload(Review.findings).selectinload(Finding.actions),
            selectinload(Review.findings).selectinload(Finding.response),
        )
        .order_by(Review.title)
    ).all()
    found = Dashboard(board=board)
    for status in ReviewStatus:
        found.by_stage.append((status, [r for r in reviews if r.status == status]))
    for review in reviews:
        for finding in review.findings:
            if awaits_response(review) and not finding.has_response:
                found.awaiting.append(finding)
            for action in finding.actions:
                if action.is_overdue(today):
                    found.overdue.append(action)
                if (
                    action.status == ActionStatus.DONE
                    and action.completed_on
                    and action.completed_on.year == today.year
                ):
                    found.done_this_year.append(action)
    found.overdue.sort(key=lambda a: a.due_on)
    return found


def boards_for(user: User) -> list[Board]:
    """The boards whose dashboard a user may open: their own first, then any whose reviews
    they may read."""
    readable = select(Review.board_id).where(
        Review.id.in_(visible_reviews(user).with_only_columns(Review.id))
    )
    boards = db.session.scalars(
        select(Board).where(Board.id.in_(readable)).order_by(Board.name)
    ).all()
    if user.board is not None and user.board not in boards:
        boards.insert(0, user.board)
    return sorted(boards, key=lambda b: (b.id != user.board_id, b.name))
