"""Create, edit, delete and reorder views for the records that belong to a review.

Every record in the workflow (research questions, case group members, KPEs, factors, findings,
Board questions, …) follows the same rules: only the review's team may change it, a failed form
keeps what was typed, deleting asks first, and ordered records move up and down. One
`RecordKind` per record type states the differences; `register` adds the four routes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user

from . import conflicts
from .access import can_edit, can_respond, is_lead, review_route
from .extensions import db
from .forms.base import RecordForm
from .models import Review


@dataclass
class RecordKind:
    """How one record type hangs off a review."""

    name: str  # endpoint and URL argument prefix: "episode" -> episode_new, episode_id
    model: type
    form: type[RecordForm]
    noun: str  # "key practice episode"
    collection: Callable[..., list]  # (review, **url_kwargs) -> the list that holds the records
    after: Callable[[Any], str]  # record -> URL to go to after a save or delete
    path: str = ""  # extra URL segment before /new, e.g. "/<int:episode_id>/factors"
    orderable: bool = True
    lead_only: bool = False
    respond: bool = False  # the Board's records: its members change them, not the review team
    describe: Callable[[Any], str] = str
    refuse_delete: Callable[[Any], str | None] = lambda record: None
    delete_warning: Callable[[Any], str | None] = lambda record: None
    help: str = ""
    #: (review, record) -> a warning to show after a save (the record is kept), or None
    warn: Callable[[Review, Any], str | None] = lambda review, record: None
    #: (review, record) -> extra template context, e.g. an `aside` template beside the form
    context: Callable[[Review, Any], dict] = lambda review, record: {}

    @property
    def id_arg(self) -> str:
        return f"{self.name}_id"

    def find(self, review: Review, kwargs: dict):
        """The record named in the URL, or 404 unless it belongs to this review (and parent)."""
        record_id = kwargs.pop(self.id_arg)
        items = self.collection(review, **kwargs)
        record = db.session.get(self.model, record_id)
        if record is None or record not in items:
            abort(404)
        return record, items


#: every record kind with routes, for checks that must cover them all (tests, the audit trail)
KINDS: dict[str, RecordKind] = {}


def register(bp: Blueprint, kind: RecordKind) -> None:
    """Add the new/edit/delete/move routes for `kind` to the blueprint."""
    KINDS[f"{bp.name}.{kind.name}"] = kind
    item = f"{kind.path}/<int:{kind.id_arg}>"
    guard = (
        review_route(respond=True) if kind.respond else review_route(edit=True, lead=kind.lead_only)
    )

    def render_form(review, form, record, conflict=None):
        return render_template(
            "records/form.html",
            **kind.context(review, record),
            review=review,
            form=form,
            kind=kind,
            record=record,
            conflict=conflict,
        )

    @guard
    def new(review: Review, **kwargs):
        items = kind.collection(review, **kwargs)
        form = kind.form()
        form.setup(review)
        if form.is_submitted() and form.row_action():  # add, move or remove an inline row
            return render_form(review, form, None)
        if form.validate_on_submit():
            record = kind.model()
            form.apply(record)
            items.append(record)
            db.session.commit()
            flash(f"Added {kind.describe(record)}.", "success")
            _warn(kind, review, record)
            return redirect(kind.after(record))
        return render_form(review, form, None)

    @guard
    def edit(review: Review, **kwargs):
        record, _ = kind.find(review, kwargs)
        form = kind.form(obj=record)
        form.setup(review, record)
        conflicts.loaded(form, record)
        if form.is_submitted() and form.row_action():
            return render_form(review, form, record)
        if form.validate_on_submit():
            conflict = conflicts.conflict(
                form, record, lambda: fresh_form(kind.form, review, record)
            )
            if conflict:
                return render_form(review, form, record, conflict), 409
            form.apply(record)
            db.session.commit()
            flash(f"Saved {kind.describe(record)}.", "success")
            _warn(kind, review, record)
            return redirect(kind.after(record))
        return render_form(review, form, record)

    @guard
    def delete(review: Review, **kwargs):
        record, items = kind.find(review, kwargs)
        refusal = kind.refuse_delete(record)
        if request.method == "POST" and refusal is None:
            target = kind.after(record)
            description = kind.describe(record)
            items.remove(record)
            if kind.orderable:
                items.reorder()
            db.session.commit()
            flash(f"Deleted {description}.", "success")
            return redirect(target)
        return render_template(
            "records/confirm_delete.html",
            review=review,
            kind=kind,
            record=record,
            refusal=refusal,
            warning=kind.delete_warning(record),
        )

    @guard
    def move(review: Review, **kwargs):
        record, items = kind.find(review, kwargs)
        step = -1 if request.form.get("direction") == "up" else 1
        index = items.index(record)
        if 0 <= index + step < len(items):
            items.insert(index + step, items.pop(index))
            items.reorder()
            db.session.commit()
        return redirect(local_url(request.form.get("next")) or kind.after(record))

    bp.add_url_rule(f"{kind.path}/new", f"{kind.name}_new", new, methods=["GET", "POST"])
    bp.add_url_rule(f"{item}/edit", f"{kind.name}_edit", edit, methods=["GET", "POST"])
    bp.add_url_rule(f"{item}/delete", f"{kind.name}_delete", delete, methods=["GET", "POST"])
    if kind.orderable:
        bp.add_url_rule(f"{item}/move", f"{kind.name}_move", move, methods=["POST"])


def _warn(kind: RecordKind, review: Review, record) -> None:
    warning = kind.warn(review, record)
    if warning:
        flash(warning, "error")


def fresh_form(form_class, review, record):
    """The form as it would be loaded now, from the record as saved (for a conflict)."""
    form = form_class(formdata=None, obj=record)
    form.is_submitted = lambda: False  # setup() loads derived fields only for unsent forms
    form.setup(review, record)
    return form


def local_url(url: str | None) -> str | None:
    """`url` if it stays on this site, so a crafted `next` cannot send the user elsewhere.

    Browsers drop tabs and newlines and read backslashes as slashes, so `/<tab>/evil.example`
    would become `//evil.example`: refuse control characters, whitespace and backslashes, and
    anything with a scheme or host, also once percent-decoded.
    """
    if not url or len(url) > 2000:
        return None
    if any(c.isspace() for c in url):
        return None
    for candidate in (url, unquote(url)):
        if any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in candidate):
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc or not candidate.startswith("/"):
            return None
        if candidate.startswith("//"):
            return None
    return url


def permissions(review: Review) -> dict[str, bool]:
    """What the current user may do on this review, for the templates."""
    return {
        "edit": can_edit(current_user, review),
        "lead": is_lead(current_user, review),
        "respond": can_respond(current_user, review),
    }
