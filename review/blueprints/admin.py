"""Administration: users, boards and the taxonomies a board refines."""

import re

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from .. import conflicts
from ..extensions import db
from ..forms.admin import BoardForm, TermForm, UserForm
from ..models import Board, Role, TaxonomyKind, TaxonomyTerm, User

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only():
    if current_user.role != Role.ADMIN:
        abort(403, description="Only administrators can open this page.")


@bp.route("/")
def index():
    return render_template(
        "admin/index.html",
        users=db.session.scalars(select(User).order_by(User.display_name)).all(),
        boards=db.session.scalars(select(Board).order_by(Board.name)).all(),
        kinds=list(TaxonomyKind),
    )


def _edit(model, form_cls, record_id: int | None, noun: str, **setup):
    """Create or edit one admin record with the shared form page."""
    record = db.session.get(model, record_id) if record_id else None
    if record_id and record is None:
        abort(404)
    form = form_cls(obj=record)
    form.setup(None, record, **setup)
    conflicts.loaded(form, record)
    conflict = None
    if form.validate_on_submit():

        def fresh():
            again = form_cls(formdata=None, obj=record)
            again.setup(None, record, **setup)
            return again

        conflict = conflicts.conflict(form, record, fresh)
        if not conflict:
            if record is None:
                record = model(**{k: v for k, v in setup.items() if k == "kind"})
                db.session.add(record)
            form.apply(record)
            return record
    title = f"Edit {noun}" if record else f"New {noun}"
    return render_template(
        "records/form.html",
        form=form,
        title=title,
        cancel=url_for("admin.index"),
        conflict=conflict,
    ), 409 if conflict else 200


@bp.route("/users/new", methods=["GET", "POST"], defaults={"user_id": None})
@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int | None):
    result = _edit(User, UserForm, user_id, "user")
    if not isinstance(result, User):
        return result
    db.session.commit()
    flash(f"Saved the account of {result.display_name}.", "success")
    return redirect(url_for("admin.index"))


@bp.route("/boards/new", methods=["GET", "POST"], defaults={"board_id": None})
@bp.route("/boards/<int:board_id>", methods=["GET", "POST"])
def board(board_id: int | None):
    result = _edit(Board, BoardForm, board_id, "board")
    if not isinstance(result, Board):
        return result
    db.session.commit()
    flash(f"Saved the board {result.name}.", "success")
    return redirect(url_for("admin.index"))


@bp.route("/taxonomies/<kind>")
def taxonomy(kind: str):
    kind = _kind(kind)
    found = db.session.scalars(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.kind == kind)
        .order_by(TaxonomyTerm.parent_id, TaxonomyTerm.position)
    ).all()
    return render_template("admin/taxonomy.html", kind=kind, terms=found)


@bp.route("/taxonomies/<kind>/new", methods=["GET", "POST"], defaults={"term_id": None})
@bp.route("/taxonomies/<kind>/<int:term_id>", methods=["GET", "POST"])
def term(kind: str, term_id: int | None):
    kind = _kind(kind)
    existing = db.session.get(TaxonomyTerm, term_id) if term_id else None
    if term_id and (existing is None or existing.kind != kind):
        abort(404)
    result = _edit(TaxonomyTerm, TermForm, term_id, "term", kind=kind)
    if not isinstance(result, TaxonomyTerm):
        return result
    if not result.key:
        with db.session.no_autoflush:
            result.key = _new_key(kind, result.label)
            result.position = _next_position(kind)
    db.session.commit()
    flash(f"Saved “{result.label}”.", "success")
    return redirect(url_for("admin.taxonomy", kind=kind.value))


def _kind(value: str) -> TaxonomyKind:
    try:
        return TaxonomyKind(value)
    except ValueError:
        abort(404)


def _new_key(kind: TaxonomyKind, label: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:60] or "term"
    key, n = base, 1
    while db.session.scalar(
        select(TaxonomyTerm.id).where(TaxonomyTerm.kind == kind, TaxonomyTerm.key == key)
    ):
        n += 1
        key = f"{base}_{n}"
    return key


def _next_position(kind: TaxonomyKind) -> int:
    top = db.session.scalar(
        select(func.max(TaxonomyTerm.position)).where(TaxonomyTerm.kind == kind)
    )
    return (top or 0) + 1
