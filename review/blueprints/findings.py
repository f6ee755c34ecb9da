"""Findings under the SCIE headings, and the questions they put to the Board."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from .. import loading, search
from ..access import review_route, sees_working
from ..crud import RecordKind, permissions, register
from ..extensions import db
from ..forms.findings import BoardQuestionForm, FindingForm
from ..limits import bounded_id
from ..models import BoardQuestion, Finding, Review
from .publication import publication_anchor

bp = Blueprint("findings", __name__, url_prefix="/reviews/<int:review_id>/findings")


@bp.route("/")
@review_route()
def index(review: Review):
    review = loading.load(review, "findings")
    return render_template("findings/index.html", review=review, can=permissions(review))


def finding_of(review: Review, finding_id: int) -> Finding:
    finding = db.session.get(Finding, finding_id)
    if finding is None or finding.review_id != review.id:
        abort(404)
    g.finding = finding  # holds the parent while a view works on its collection
    return finding


@bp.route("/<int:finding_id>")
@review_route(publication=True)
def show(review: Review, finding_id: int):
    finding = finding_of(review, finding_id)
    if not sees_working(current_user, review):  # search results and citations land here
        return redirect(publication_anchor(review, f"finding-{finding.number}"))
    return render_template(
        "findings/show.html",
        review=review,
        finding=finding,
        can=permissions(review),
        similar=search.similar_findings(finding),
    )


def citation(similar: search.Similar) -> str:
    """A Markdown line citing another review's finding as evidence of how widespread it is."""
    year = f", {similar.year}" if similar.year else ""
    url = url_for("findings.show", review_id=similar.review_id, finding_id=similar.finding_id)
    return (
        f"- {similar.board}, “{similar.review}”{year}, "
        f"[Finding {similar.number}]({url}): {similar.statement}"
    )


@bp.route("/<int:finding_id>/cite", methods=["POST"])
@review_route(edit=True)
def cite(review: Review, finding_id: int):
    """Add a citation of a similar published finding under “How widespread is the pattern?”."""
    finding = finding_of(review, finding_id)
    source = db.session.get(Finding, bounded_id(request.form.get("source_id", type=int)))
    if source is None or not source.review.is_published or source.review_id == review.id:
        abort(404)
    line = citation(search.Similar.of(source))
    if line not in finding.prevalence:
        finding.prevalence = f"{finding.prevalence.rstrip()}\n\n{line}".strip()
        db.session.commit()
        flash(f"Cited {source.label} of “{source.review.title}” as evidence.", "success")
    return redirect(url_for("findings.show", review_id=review.id, finding_id=finding.id))


register(
    bp,
    RecordKind(
        name="finding",
        model=Finding,
        form=FindingForm,
        noun="finding",
        collection=lambda review: review.findings,
        after=lambda f: url_for("findings.show", review_id=f.review.id, finding_id=f.id),
        describe=lambda f: f.label,
        delete_warning=lambda f: "Its Board questions will be deleted too.",
        help="A finding names a pattern in the system, not a failing of a person. Test that it "
        "is not peculiar to this case before you write it.",
        context=lambda review, record: (
            {
                "aside": "findings/_similar.html",
                "similar": search.similar_findings(record) if record else [],
                "finding": record,
                "can": permissions(review),
                "cite_in_place": True,
                "citation_for": citation,
            }
            if record
            else {}
        ),
    ),
)

register(
    bp,
    RecordKind(
        name="question",
        model=BoardQuestion,
        form=BoardQuestionForm,
        noun="Board question",
        path="/<int:finding_id>/questions",
        collection=lambda review, finding_id: finding_of(review, finding_id).questions,
        after=lambda q: url_for(
            "findings.show", review_id=q.finding.review_id, finding_id=q.finding_id
        ),
        describe=lambda q: f"question {q.position + 1}",
    ),
)
