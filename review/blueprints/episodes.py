"""Key practice episodes and their contributory factors."""

from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask_login import current_user

from .. import loading
from ..access import review_route, sees_working
from ..crud import RecordKind, permissions, register
from ..extensions import db
from ..factors import factors_by_level
from ..forms.episodes import EpisodeForm, FactorForm
from ..models import ContributoryFactor, KeyPracticeEpisode, Review
from .publication import publication_anchor

bp = Blueprint("episodes", __name__, url_prefix="/reviews/<int:review_id>/episodes")


@bp.route("/")
@review_route()
def index(review: Review):
    review = loading.load(review, "episodes")
    return render_template("episodes/index.html", review=review, can=permissions(review))


def episode_of(review: Review, episode_id: int) -> KeyPracticeEpisode:
    episode = db.session.get(KeyPracticeEpisode, episode_id)
    if episode is None or episode.review_id != review.id:
        abort(404)
    g.episode = episode  # holds the parent while a view works on its collection
    return episode


@bp.route("/<int:episode_id>")
@review_route(publication=True)
def show(review: Review, episode_id: int):
    episode = episode_of(review, episode_id)
    if not sees_working(current_user, review):  # search results land here
        return redirect(publication_anchor(review, f"kpe-{episode.number}"))
    return render_template(
        "episodes/show.html",
        review=review,
        episode=episode,
        grouped=factors_by_level(episode),
        can=permissions(review),
    )


def _linked_findings(kpe: KeyPracticeEpisode) -> str | None:
    if not kpe.findings:
        return None
    names = ", ".join(f.label for f in kpe.findings)
    return f"{names} link to this episode; the links will be removed."


register(
    bp,
    RecordKind(
        name="episode",
        model=KeyPracticeEpisode,
        form=EpisodeForm,
        noun="key practice episode",
        collection=lambda review: review.episodes,
        after=lambda k: url_for("episodes.show", review_id=k.review.id, episode_id=k.id),
        describe=lambda k: k.label,
        delete_warning=lambda k: " ".join(
            filter(None, [_linked_findings(k), "Its contributory factors will be deleted too."])
        ),
        help="Analyse the episode in three steps: the facts, an appraisal with hindsight, and "
        "why it made sense at the time.",
    ),
)

register(
    bp,
    RecordKind(
        name="factor",
        model=ContributoryFactor,
        form=FactorForm,
        noun="contributory factor",
        path="/<int:episode_id>/factors",
        collection=lambda review, episode_id: episode_of(review, episode_id).factors,
        after=lambda f: url_for(
            "episodes.show", review_id=f.episode.review_id, episode_id=f.episode_id
        ),
        describe=lambda f: f"a factor at the level “{f.level.label}”",
        orderable=False,
        help="Levels follow the adapted London Protocol. Mark whether the factor supported good "
        "practice or made poor practice more likely.",
    ),
)
