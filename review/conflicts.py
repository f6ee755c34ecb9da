"""No lost edit: a form carries the version of the record it was loaded from; saving over a
newer version shows theirs and yours side by side instead of overwriting theirs.

Records carry SQLAlchemy's `version_id_col` (`models.base.Versioned`), so a save racing another
between loading and writing is caught too (StaleDataError: answered 409, nothing saved).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import Flask, render_template
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug import exceptions

from .extensions import db
from .models import AuditEvent

#: the version a form carries when its record did not exist yet (a first Board response)
NOTHING_YET = "0"


class Conflict(list):
    """The differences, and who saved the version they conflict with (from the audit trail)."""

    saved_by: str = ""


@dataclass
class Difference:
    """One field that differs: its label, the saved ("theirs") and the typed ("yours") value."""

    name: str
    label: str
    theirs: str
    yours: str


def loaded(form, record) -> None:
    """Note in the form which version of the record it shows (before it is first sent)."""
    if not form.is_submitted():
        form.version.data = str(record.version) if record is not None else NOTHING_YET


def _shown(field) -> str:
    """A field's value as a person reads it: choice labels, Yes/No, dates, text."""
    if field.type == "BooleanField":
        return "Yes" if field.data else "No"
    if hasattr(field, "iter_choices") and getattr(field, "choices", None) is not None:
        return ", ".join(str(c[1]) for c in field.iter_choices() if c[2] and c[0] not in ("", None))
    if isinstance(field.data, date):
        return field.data.strftime("%d %B %Y")
    return "" if field.data is None else str(field.data).strip()


def conflict(form, record, fresh: Callable[[], object]) -> Conflict | None:
    """What differs if the form was loaded from an older version of `record`; else None.

    `fresh()` builds the same form from the record as it is now. Afterwards the form carries
    the current version, so saving it again (merged) is accepted.
    """
    sent = "" if form.version.data is None else str(form.version.data)
    if record is None or not sent or sent == str(record.version):
        return None
    theirs = fresh()
    found = [
        Difference(field.name, field.label.text, _shown(theirs[field.name]), _shown(field))
        for field in form
        if field.name not in ("csrf_token", "version")
        and field.name in theirs
        and _shown(theirs[field.name]) != _shown(field)
    ]
    form.version.data = str(record.version)
    if not found:
        return None
    result = Conflict(found)
    last = db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.record_type == type(record).__name__, AuditEvent.record_id == record.id)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if last is not None:
        result.saved_by = f"{last.user_name}, {last.at:%d %B %Y at %H:%M} (UTC)"
    return result


def init_app(app: Flask) -> None:
    @app.errorhandler(StaleDataError)
    def changed_meanwhile(_error):
        """Two saves of one record at the same moment: the second is refused, not merged."""
        db.session.rollback()
        error = exceptions.Conflict(
            "Someone else saved this record at the same moment, so your change was not saved. "
            "Go back: what you typed is still in the form; open the record again to see theirs."
        )
        return render_template("error.html", error=error), 409
