"""A review's history: who changed what and when, for its team and its Board; restoring."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from .. import audit, history
from ..access import is_lead, review_route
from ..extensions import db
from ..limits import MAX_ID
from ..models import AuditEvent, Review

bp = Blueprint("history", __name__, url_prefix="/reviews/<int:review_id>/history")


def _record_filter() -> tuple[str, int] | None:
    """`?record=Finding-12`: one record's history."""
    kind, _, number = request.args.get("record", "").partition("-")
    known = kind in history.RESTORABLE or kind == "Review"
    if known and number.isdigit() and 0 < int(number) <= MAX_ID:
        return kind, int(number)
    return None


@bp.route("/")
@review_route()
def index(review: Review):
    record = _record_filter()
    page = request.args.get("page", 1, type=int) or 1
    page = min(max(page, 1), 10_000)
    found = history.events(review.id, record, page)
    return render_template(
        "history/index.html",
        review=review,
        events=found,
        record=record,
        page=page,
        more=len(found) == history.PAGE,
        history=history,
        may_restore=is_lead(current_user, review) and review.status_enum.editable,
    )


@bp.route("/<int:event_id>/restore", methods=["POST"])
@review_route(lead=True)
def restore(review: Review, event_id: int):
    """Put back a deleted record (and what was deleted with it): the review's leads only."""
    event = db.session.get(AuditEvent, event_id)
    if event is None or event.review_id != review.id:
        abort(404)
    if not review.status_enum.editable:
        flash(
            f"This review is {review.status_enum.label.lower()}: nothing can be restored.", "error"
        )
        return redirect(url_for("history.index", review_id=review.id))
    try:
        restored = history.restore(event, review)
    except history.RestoreRefused as refused:
        db.session.rollback()
        flash(f"Not restored: {refused}", "error")
        return redirect(url_for("history.index", review_id=review.id))
    db.session.commit()
    flash(f"Restored {event.label} (and {len(restored) - 1} records deleted with it).", "success")
    return redirect(url_for("history.index", review_id=review.id))


@bp.after_app_request
def note_downloads(response):
    """A Word export handed to someone is part of the review's history."""
    if request.endpoint in DOWNLOADS and response.status_code == 200 and "review" in g:
        draft = request.args.get("draft") == "1"
        kind = DOWNLOADS[request.endpoint]
        audit.note(
            db.session,
            "export downloaded",
            review_id=g.review.id,
            label=f"{'draft ' if draft else ''}{kind}",
        )
        db.session.commit()
    return response


DOWNLOADS = {"exports.report": "report", "exports.briefing": "7-minute briefing"}
