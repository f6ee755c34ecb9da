"""Reviews: the list, set-up, the stepper home page, status changes, research questions, team."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from .. import conflicts, loading, moves, workflow
from ..access import (
    can_create_review,
    is_lead,
    membership,
    review_route,
    sees_working,
    visible_reviews,
)
from ..crud import RecordKind, fresh_form, permissions, register
from ..extensions import db
from ..forms.reviews import (
    MembershipForm,
    PrintedTeamMemberForm,
    PublicationForm,
    ResearchQuestionForm,
    ReviewForm,
    lead_count,
)
from ..models import (
    PrintedTeamMember,
    ResearchQuestion,
    Review,
    ReviewMembership,
    ReviewStatus,
    TeamRole,
)
from .publication import reading_view

bp = Blueprint("reviews", __name__, url_prefix="/reviews")


@bp.route("/")
def index():
    loading.taxonomy_terms()  # review types, resolved in memory
    reviews = db.session.scalars(
        visible_reviews(current_user)
        .options(joinedload(Review.board), selectinload(Review.memberships))
        .order_by(Review.updated_at.desc())
    ).all()
    mine = sorted((r for r in reviews if membership(current_user, r)), key=lambda r: r.is_published)
    board = [r for r in reviews if r not in mine and not r.is_published]
    published = [r for r in reviews if r not in mine and r.is_published]
    return render_template(
        "reviews/index.html",
        groups=[
            ("Reviews you work on", mine),
            ("Reviews of your board in progress", board),
            ("Published reviews", published),
        ],
        can_create=can_create_review(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    if not can_create_review(current_user):
        abort(403, description="Only lead reviewers can start a review.")
    form = ReviewForm(board_id=current_user.board_id)
    form.setup(None)
    if form.validate_on_submit():
        review = Review()
        form.apply(review)
        review.memberships.append(ReviewMembership(user=current_user, team_role=TeamRole.LEAD))
        db.session.add(review)
        db.session.commit()
        flash("Review created. The stepper below shows what each stage still needs.", "success")
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template(
        "records/form.html", form=form, title="Start a review", cancel=url_for("reviews.index")
    )


@bp.route("/<int:review_id>")
@review_route(publication=True)
def show(review: Review):
    """The review's team and Board get the working home page; everyone else the publication."""
    if not sees_working(current_user, review):
        return reading_view(review)
    return _home(review)


def _home(review: Review, refusal: workflow.WorkflowError | None = None) -> str:
    """The review's home page: the stepper, the status panel and any refused move."""
    review = loading.load(review, "stepper")
    return render_template(
        "reviews/show.html",
        review=review,
        stages=workflow.stages(review),
        moves=[
            (m, moves.button_label(review, m), moves.needs_confirmation(review, m))
            for m in workflow.allowed_moves(review)
        ],
        can=permissions(review),
        refusal=refusal,
    )


@bp.route("/<int:review_id>/edit", methods=["GET", "POST"])
@review_route(edit=True)
def edit(review: Review):
    form = ReviewForm(obj=review)
    form.setup(review, review)
    conflicts.loaded(form, review)
    conflict = None
    if form.validate_on_submit():
        conflict = conflicts.conflict(form, review, lambda: fresh_form(ReviewForm, review, review))
        if not conflict:
            form.apply(review)
            db.session.commit()
            flash("Set-up saved.", "success")
            return redirect(url_for("reviews.preparation", review_id=review.id))
    return render_template(
        "records/form.html",
        form=form,
        review=review,
        title="Set-up of the review",
        cancel=url_for("reviews.preparation", review_id=review.id),
        conflict=conflict,
    ), 409 if conflict else 200


@bp.route("/<int:review_id>/preparation")
@review_route()
def preparation(review: Review):
    review = loading.load(review, "team")
    return render_template(
        "reviews/preparation.html",
        review=review,
        stage=workflow.preparation(review),
        can=permissions(review),
    )


@bp.route("/<int:review_id>/status", methods=["GET", "POST"])
@review_route(lead=True)
def status(review: Review):
    """Move the review one step; sign-off, publication and reopening are confirmed first."""
    review = loading.load(review, "everything")
    raw = request.form.get("status") if request.method == "POST" else request.args.get("to")
    if not raw:
        return _confirm(review, None, None)
    try:
        target = ReviewStatus(raw)
    except ValueError:
        abort(400, description="Unknown status.")
    form = PublicationForm() if target is ReviewStatus.PUBLISHED else None
    confirmed = request.method == "POST" and (
        not moves.needs_confirmation(review, target) or request.form.get("confirm") == "yes"
    )
    if confirmed and (form is None or form.validate()):
        approval = None
        if form is not None:
            approval = moves.Approval(
                form.approved_by.data.strip(), form.approved_on.data, form.approval_minute.data
            )
        before = review.status_enum
        try:
            workflow.change_status(review, target, approval=approval)
        except workflow.WorkflowError as refusal:
            db.session.rollback()
            return _home(review, refusal), 409
        db.session.commit()
        flash(moves.done_message(before, target), "success")
        return redirect(url_for("reviews.show", review_id=review.id))
    if target not in workflow.allowed_moves(review):
        refusal = workflow.WorkflowError(
            f"A {review.status_enum.label.lower()} review cannot move to {target.label.lower()}."
        )
        return _home(review, refusal), 409
    blockers = []
    if target is ReviewStatus.SIGNED_OFF:
        blockers = workflow.sign_off_blockers(review) + workflow.identifier_gaps(review)
    elif target is ReviewStatus.PUBLISHED:
        blockers = workflow.identifier_gaps(review)
    if blockers and request.method == "POST":
        message = (
            "Sign-off is refused until these are put right."
            if target is ReviewStatus.SIGNED_OFF
            else "Publication is refused while identifying details remain."
        )
        return _home(review, workflow.WorkflowError(message, blockers)), 409
    return _confirm(review, target, form, blockers)


def _confirm(review: Review, target: ReviewStatus | None, form, blockers=()) -> str:
    """The page that says what a move will do, and asks for the Board's approval to publish."""
    happens, final = moves.consequences(review, target) if target else ([], [])
    return render_template(
        "reviews/confirm_status.html",
        review=review,
        target=target,
        form=form,
        happens=happens,
        final=final,
        blockers=blockers,
        title=moves.button_label(review, target) if target else "Change the review's status",
        choices=[(m, moves.button_label(review, m)) for m in workflow.allowed_moves(review)],
    )


@bp.route("/<int:review_id>/delete", methods=["GET", "POST"])
@review_route(lead=True)
def delete(review: Review):
    refusal = None
    if not review.status_enum.editable:
        refusal = f"A {review.status_enum.label.lower()} review cannot be deleted."
    if request.method == "POST" and refusal is None:
        db.session.delete(review)
        db.session.commit()
        flash(f"Deleted the review “{review.title}”.", "success")
        return redirect(url_for("reviews.index"))
    return render_template(
        "records/confirm_delete.html",
        review=review,
        record=review,
        noun="review",
        refusal=refusal,
        warning="Everything in it (case group, conversations, chronology, KPEs, findings) "
        "will be deleted too.",
        cancel=url_for("reviews.show", review_id=review.id),
    )


@bp.route("/<int:review_id>/team")
@review_route()
def team(review: Review):
    review = loading.load(review, "team")
    return render_template("reviews/team.html", review=review, can=permissions(review))


def _last_lead_refusal(member: ReviewMembership) -> str | None:
    if member.team_role == TeamRole.LEAD and lead_count(member.review, excluding=member) == 0:
        return "A review needs at least one lead reviewer: add another before removing this one."
    return None


register(
    bp,
    RecordKind(
        name="question",
        model=ResearchQuestion,
        form=ResearchQuestionForm,
        noun="research question",
        path="/<int:review_id>/questions",
        collection=lambda review: review.research_questions,
        after=lambda q: url_for("reviews.preparation", review_id=q.review.id),
        describe=lambda q: f"research question {q.position + 1}",
    ),
)

register(
    bp,
    RecordKind(
        name="member",
        model=ReviewMembership,
        form=MembershipForm,
        noun="member of the review team",
        path="/<int:review_id>/team",
        collection=lambda review: review.memberships,
        after=lambda m: url_for("reviews.team", review_id=m.review.id),
        describe=lambda m: f"{m.user.display_name} ({m.team_role_label.lower()})",
        lead_only=True,
        refuse_delete=_last_lead_refusal,
    ),
)

register(
    bp,
    RecordKind(
        name="person",
        model=PrintedTeamMember,
        form=PrintedTeamMemberForm,
        noun="review team member without an account",
        path="/<int:review_id>/team/people",
        collection=lambda review: review.printed_team,
        after=lambda p: url_for("reviews.team", review_id=p.review.id),
        describe=lambda p: p.name,
        lead_only=True,
        help="For the report only: a senior manager on the review team who will not use the "
        "app. They are printed by name, job title and agency, and cannot see the review.",
    ),
)


@bp.app_template_global()
def review_is_lead(review: Review) -> bool:
    return is_lead(current_user, review)
