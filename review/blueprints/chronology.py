"""The chronology: a dated narrative of the agencies' perspectives, always in date order."""

from flask import Blueprint, render_template, url_for

from .. import agencies, loading
from ..access import review_route
from ..crud import RecordKind, permissions, register
from ..forms.chronology import ChronologyEntryForm
from ..models import ChronologyEntry, Review
from ..rendering import format_date

bp = Blueprint("chronology", __name__, url_prefix="/reviews/<int:review_id>/chronology")


@bp.route("/")
@review_route()
def index(review: Review):
    review = loading.load(review, "chronology")
    return render_template("chronology/index.html", review=review, can=permissions(review))


register(
    bp,
    RecordKind(
        name="entry",
        model=ChronologyEntry,
        form=ChronologyEntryForm,
        noun="chronology entry",
        collection=lambda review: review.chronology,
        after=lambda e: url_for("chronology.index", review_id=e.review.id, _anchor=f"entry-{e.id}"),
        describe=lambda e: f"the chronology entry of {format_date(e.occurred_on)}",
        orderable=False,
        warn=lambda review, e: agencies.outside_period(review, e.occurred_on),
        help="Entries are kept in date order.",
    ),
)
