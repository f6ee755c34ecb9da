"""A review's protected terms: the real names its report must never contain.

Only the review's team (its lead reviewers and review team) sees the list, whatever the
review's status: everyone else gets a 404, as for a review they may not see. The team adds
and deletes terms, and lists each term's variants (nicknames, spellings), while the review is
editable. The terms are never indexed or shown on any other page, and exported only on
purpose (`export-reviews --with-protected-terms`); flash messages do not repeat them either (a
flash is kept in the session cookie, which is signed but not encrypted).
"""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from .. import conflicts, loading
from ..access import is_on_team, review_route
from ..crud import permissions
from ..exports.publication import publication_hits
from ..extensions import db
from ..forms.protected import ProtectedTermForm, VariantsForm
from ..models import ProtectedTerm, Review

bp = Blueprint("protected", __name__, url_prefix="/reviews/<int:review_id>/protected-terms")


def team_route(*, edit: bool = False):
    """review_route, but a 404 for anyone who is not on the review's team."""

    def decorator(view):
        guarded = review_route(edit=edit)(view)

        @wraps(view)
        def wrapped(review_id: int, **kwargs):
            review = db.session.get(Review, review_id)
            if review is None or not is_on_team(current_user, review):
                abort(404)
            return guarded(review_id=review_id, **kwargs)

        return wrapped

    return decorator


def _page(review: Review, form: ProtectedTermForm):
    review = loading.load(review, "everything")
    return render_template(
        "protected/index.html",
        review=review,
        form=form,
        hits=publication_hits(review),
        can=permissions(review),
    )


@bp.route("")
@team_route()
def index(review: Review):
    return _page(review, ProtectedTermForm(review))


@bp.route("", methods=["POST"])
@team_route(edit=True)
def add(review: Review):
    form = ProtectedTermForm(review)
    if form.validate_on_submit():
        review.protected_terms.append(
            ProtectedTerm(
                term=form.term.data,
                note=(form.note.data or "").strip(),
                variants=form.variant_list(),
            )
        )
        try:
            db.session.commit()
        except IntegrityError:  # entered twice at the same moment
            db.session.rollback()
            form.term.errors = [*form.term.errors, "This term is already protected."]
            return _page(review, form)
        flash("Protected term added.", "success")
        return redirect(url_for("protected.index", review_id=review.id))
    return _page(review, form)


def _term_of(review: Review, protected_term_id: int) -> ProtectedTerm:
    term = db.session.get(ProtectedTerm, protected_term_id)
    if term is None or term.review_id != review.id:
        abort(404)
    return term


@bp.route("/<int:protected_term_id>/edit", methods=["GET", "POST"])
@team_route(edit=True)
def edit(review: Review, protected_term_id: int):
    """What a term is and its variants (nicknames, spellings); the term itself stays."""
    term = _term_of(review, protected_term_id)
    form = VariantsForm(review)
    if request.method == "GET":
        form.note.data, form.variants.data = term.note, term.variants
    conflicts.loaded(form, term)
    conflict = None
    if form.validate_on_submit():
        conflict = conflicts.conflict(form, term, lambda: _variants_form(review, term))
        if not conflict:
            term.note = (form.note.data or "").strip()
            term.variants = form.variant_list()
            db.session.commit()
            flash("Protected term changed.", "success")
            return redirect(url_for("protected.index", review_id=review.id))
    page = render_template(
        "protected/edit.html", review=review, term=term, form=form, conflict=conflict
    )
    return page, 409 if conflict else 200


def _variants_form(review: Review, term: ProtectedTerm) -> VariantsForm:
    """The variants form as the term is saved now (theirs, beside what was typed)."""
    form = VariantsForm(review, formdata=None)
    form.note.data, form.variants.data = term.note, term.variants
    return form


@bp.route("/<int:protected_term_id>/delete", methods=["GET", "POST"])
@team_route(edit=True)
def delete(review: Review, protected_term_id: int):
    term = _term_of(review, protected_term_id)
    if request.method == "POST":
        review.protected_terms.remove(term)
        db.session.commit()
        flash("Protected term deleted.", "success")
        return redirect(url_for("protected.index", review_id=review.id))
    return render_template("protected/confirm_delete.html", review=review, term=term)


@bp.app_template_global()
def review_is_on_team(review: Review) -> bool:
    """Whether the current user is on the review's team (and so may see its protected terms)."""
    return is_on_team(current_user, review)
