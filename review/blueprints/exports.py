"""Downloads of a review's Word exports (the report and the 7-minute briefing), behind the guard.

Who may download what is `exports.can_download`: the review's team and its Board at any stage,
drafts included; everyone who can read a published review, its publication exports. Someone
who cannot see the review gets 404; someone who can see it but not download (a draft of a
published review, for a practitioner) gets 403. Without `?draft=1` the routes are read routes:
whoever can see the review can use them.
A publication download is refused (409, with the list of what to fix) while the guard finds
identifying details; a draft goes through, marked DRAFT, and its hits are listed on the
exports page.
"""

from io import BytesIO

from flask import Blueprint, abort, flash, render_template, request, send_file
from flask_login import current_user

from ..access import can_edit, is_on_team, review_route, sees_working
from ..exports import (
    KIND_LABELS,
    KINDS,
    ExportRefused,
    can_download,
    describe,
    export_review,
    has_publication,
    may_download_drafts,
    publication_hits,
)
from ..models import Review

bp = Blueprint("exports", __name__, url_prefix="/reviews/<int:review_id>/exports")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _hit_view(review: Review, hits) -> dict:
    """What the hit list may show this user: protected terms and excerpts only to the team."""
    return {
        "hits": hits,
        "reveal": is_on_team(current_user, review),
        "fixable": can_edit(current_user, review),
        "describe": describe,
    }


@bp.route("/")
@review_route()
def index(review: Review):
    """The exports, with what the guard finds in each; drafts for the team and the Board."""
    hits = publication_hits(review)  # loads everything it reads, in a fixed number of queries
    return render_template(
        "exports/index.html",
        review=review,
        kinds=[(kind, KIND_LABELS[kind]) for kind in KINDS],
        signed_off=has_publication(review),
        drafts=may_download_drafts(current_user, review),
        **_hit_view(review, hits),
    )


@bp.route("/report.docx")
@review_route(publication=True)
def report(review: Review):
    return _download(review, "report")


@bp.route("/briefing.docx")
@review_route(publication=True)
def briefing(review: Review):
    return _download(review, "briefing")


def _download(review: Review, kind: str):
    draft = request.args.get("draft") == "1"
    working = sees_working(current_user, review)
    if not working and draft:
        abort(404)  # outside the team and the Board: the publication, or nothing at all
    if not can_download(current_user, review, draft=draft):
        abort(403, description="Only the review's team and its Board can download drafts.")
    try:
        export = export_review(review, kind, draft=draft)
    except ExportRefused as refused:
        if not working:
            abort(404)  # a publication with hits is withheld from readers, as is its page
        return render_template(
            "exports/refused.html",
            review=review,
            kind=kind,
            label=KIND_LABELS[kind],
            drafts=may_download_drafts(current_user, review),
            **_hit_view(review, refused.hits),
        ), 409
    if export.hits:
        flash(
            f"The draft {KIND_LABELS[kind].lower()} was downloaded with "
            f"{len(export.hits)} identifying detail{'s' if len(export.hits) != 1 else ''} "
            "still in it: see Downloads and checks.",
            "error",
        )
    response = send_file(
        BytesIO(export.data), mimetype=DOCX, as_attachment=True, download_name=export.filename
    )
    response.headers["X-Export-Hits"] = str(len(export.hits))
    return response


bp.add_app_template_global(has_publication, "has_publication")


@bp.app_template_global()
def can_export(review: Review, draft: bool = False) -> bool:
    """Whether the current user may download the review's exports (or its drafts)."""
    return can_download(current_user, review, draft=draft)
