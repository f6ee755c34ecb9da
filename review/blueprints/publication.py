"""The reading view: a review's publication as a web page, the same blocks as its Word report.

This is all that people outside the review's team and its Board ever see of a review. The
team and the Board use it as a preview of what will be published.
"""

from flask import Blueprint, current_app, render_template, url_for
from flask_login import current_user

from ..access import review_route, sees_working
from ..exports import KIND_LABELS, KINDS, can_download, has_publication
from ..exports.html import render_html
from ..exports.publication import documents, located, scan
from ..models import Review

bp = Blueprint("publication", __name__, url_prefix="/reviews/<int:review_id>")


@bp.app_template_global("sees_working")
def sees_working_global(review: Review) -> bool:
    """Whether the current user sees the review's working pages (its team and its Board)."""
    return sees_working(current_user, review)


@bp.route("/publication")
@review_route(publication=True)
def read(review: Review):
    return reading_view(review)


def publication_anchor(review: Review, anchor: str) -> str:
    """A place in the reading view: "kpe-3", "finding-2" (see exports.html.heading_id)."""
    return url_for("publication.read", review_id=review.id, _anchor=anchor)


def reading_view(review: Review):
    """The publication, or a notice that it is withheld while identifying details remain.

    Outside the team and the Board the page is withheld as a whole while the scan finds
    anything (a protected term added after publication, say): nothing of it is shown.
    """
    working = sees_working(current_user, review)
    docs = documents(review, current_app.config)
    hits = scan(review, located(review, docs))
    if hits and not working:
        return render_template("publication/withheld.html", review=review)
    downloads = [
        (kind, KIND_LABELS[kind])
        for kind in KINDS
        if can_download(current_user, review, draft=False)
    ]
    return render_template(
        "publication/read.html",
        review=review,
        body=render_html(docs[0]),
        marking=docs[0].header_text,
        hits=hits,
        working=working,
        preview=not review.is_published,
        signed_off=has_publication(review),
        downloads=downloads,
    )
