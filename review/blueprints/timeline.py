"""The child's journey: a review's chronology and key practice episodes on one timeline."""

from flask import Blueprint, Response, render_template, url_for
from markupsafe import Markup

from ..access import review_route
from ..models import Review
from ..timeline import build_layout, events, render_svg, timeline_png

bp = Blueprint("timeline", __name__, url_prefix="/reviews/<int:review_id>")


@bp.route("/timeline")
@review_route()
def index(review: Review):
    layout = build_layout(review)

    def href(bar) -> str:
        return url_for("episodes.show", review_id=review.id, episode_id=bar.episode_id)

    # render_svg escapes every text it writes, so its output is markup.
    svg = Markup(render_svg(layout, href))  # noqa: S704
    return render_template(
        "timeline/index.html", review=review, layout=layout, svg=svg, events=events(review)
    )


@bp.route("/timeline.png")
@review_route()
def png(review: Review):
    """The same timeline as an image, at print resolution (for the Word report or a slide)."""
    return Response(
        timeline_png(review),
        mimetype="image/png",
        headers={"Content-Disposition": f'inline; filename="timeline-review-{review.id}.png"'},
    )
