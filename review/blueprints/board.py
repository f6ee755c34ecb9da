"""The Board's response to a review's findings, its actions, and the board dashboard."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import board as domain
from .. import conflicts, loading
from ..access import review_route
from ..crud import RecordKind, fresh_form, permissions, register
from ..extensions import db
from ..forms.board import ActionForm, ResponseForm
from ..models import BoardAction, BoardResponse, Review
from .findings import finding_of

bp = Blueprint("board", __name__)


@bp.route("/reviews/<int:review_id>/response")
@review_route()
def index(review: Review):
    """Each finding with the Board's response and its actions; overdue actions flagged."""
    review = loading.load(review, "response")
    return render_template(
        "board/index.html",
        review=review,
        states=domain.finding_states(review),
        awaiting=domain.awaits_response(review),
        can=permissions(review),
        today=date.today(),
    )


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/response", methods=["GET", "POST"])
@review_route(respond=True)
def respond(review: Review, finding_id: int):
    finding = finding_of(review, finding_id)
    form = ResponseForm(obj=finding.response)
    if not form.is_submitted() and form.responded_on.data is None:
        form.responded_on.data = date.today()
    conflicts.loaded(form, finding.response)
    conflict = None
    if form.validate_on_submit():
        conflict = conflicts.conflict(
            form, finding.response, lambda: fresh_form(ResponseForm, review, finding.response)
        )
        if not conflict:
            finding.response = finding.response or BoardResponse()
            form.apply(finding.response)
            finding.response.responded_by = current_user
            db.session.commit()
            flash(f"Saved the Board's response to {finding.label}.", "success")
            return redirect(
                url_for("board.index", review_id=review.id, _anchor=f"finding-{finding.id}")
            )
    return render_template(
        "records/form.html",
        form=form,
        review=review,
        title=f"The Board's response to {finding.label}",
        intro=finding.statement,
        above="board/_questions.html",
        finding=finding,
        cancel=url_for("board.index", review_id=review.id),
        conflict=conflict,
    ), 409 if conflict else 200


register(
    bp,
    RecordKind(
        name="action",
        model=BoardAction,
        form=ActionForm,
        noun="Board action",
        path="/reviews/<int:review_id>/findings/<int:finding_id>/actions",
        collection=lambda review, finding_id: finding_of(review, finding_id).actions,
        after=lambda a: url_for(
            "board.index", review_id=a.finding.review_id, _anchor=f"finding-{a.finding_id}"
        ),
        describe=lambda a: f"action {a.position + 1} on {a.finding.label}",
        respond=True,
        help="Who will do what by when, and how the Board will know it made a difference.",
    ),
)


@bp.route("/board")
def dashboard():
    """One board's reviews by stage, findings awaiting a response and actions, as far as the
    user may read them."""
    boards = domain.boards_for(current_user)
    if not boards:
        return render_template("board/dashboard.html", boards=[], picture=None)
    chosen = request.args.get("board", type=int)
    board = next((b for b in boards if b.id == chosen), None) if chosen else boards[0]
    if board is None:  # no such board, or none of its reviews is readable by this user
        abort(404)
    return render_template(
        "board/dashboard.html",
        boards=boards,
        picture=domain.dashboard(board, current_user),
        today=date.today(),
    )
