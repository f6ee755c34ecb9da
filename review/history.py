"""Reading the audit trail: a review's history, one record's history, text diffs, restoring.

Domain code: no request here. Views (blueprints/history.py) and the `audit` command use it.
"""

import difflib
import html
from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup
from sqlalchemy import Date, DateTime, select

from . import audit
from .extensions import db
from .models import AuditEvent, Review

PAGE = 100
#: record types a lead reviewer may restore from the history, parents before children
RESTORABLE = {cls.__name__: cls for cls in audit.AUDITED if cls not in (audit.User, Review)}


def events(review_id: int | None = None, record: tuple[str, int] | None = None, page: int = 1):
    """Events, newest first: all, a review's, or one record's."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if review_id is not None:
        query = query.where(AuditEvent.review_id == review_id)
    if record is not None:
        query = query.where(AuditEvent.record_type == record[0], AuditEvent.record_id == record[1])
    return list(db.session.scalars(query.limit(PAGE).offset((max(page, 1) - 1) * PAGE)))


def diff(before, after) -> Markup:
    """A word-level diff of two texts: deletions struck through, insertions marked."""
    old, new = str(before or "").split(" "), str(after or "").split(" ")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{html.escape(' '.join(old[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{html.escape(' '.join(new[b1:b2]))}</ins>")
    return Markup(" ".join(parts))


@dataclass
class Change:
    field: str
    before: object
    after: object

    @property
    def is_text(self) -> bool:
        return isinstance(self.before, str) and isinstance(self.after, str)

    @property
    def diff(self) -> Markup:
        return diff(self.before, self.after)


def changes_of(event: AuditEvent) -> list[Change]:
    """An update's changed fields (deletes keep a snapshot, not changes)."""
    if event.action == "delete" or not isinstance(event.changes, dict):
        return []
    return [
        Change(name.replace("_", " "), *value)
        for name, value in event.changes.items()
        if isinstance(value, list) and len(value) == 2
    ]


class RestoreRefused(Exception):
    """The record cannot be put back; the message says why."""


def restorable(event: AuditEvent) -> bool:
    return event.action == "delete" and event.record_type in RESTORABLE


def restore(event: AuditEvent, review: Review) -> list:
    """Put back a deleted record and whatever was deleted with it (same transaction), with
    their old ids, so links and numbers come back. Flushes; the caller commits."""
    if not restorable(event) or event.review_id != review.id:
        raise RestoreRefused("Only deleted records of this review can be restored.")
    group = db.session.scalars(
        select(AuditEvent).where(AuditEvent.txn == event.txn, AuditEvent.action == "delete")
    ).all()
    group = sorted(group, key=lambda item: (_rank(item.record_type), item.id))  # parents first
    restored = []
    db.session.info[audit.ACTION_KEY] = "restore"
    try:
        for item in group:
            model = RESTORABLE.get(item.record_type)
            if model is None or item.review_id != review.id:
                continue
            if db.session.get(model, item.record_id) is not None:
                raise RestoreRefused(f"{item.label} is already back.")
            restored.append(_rebuild(model, item.changes))
        db.session.flush()
    finally:
        db.session.info.pop(audit.ACTION_KEY, None)
    return restored


def _rank(record_type: str) -> int:
    """How deep a record type hangs below its review: parents are restored before children."""
    model, depth = RESTORABLE.get(record_type), 0
    while model in audit.PARENTS:
        model, depth = audit.PARENTS[model][1], depth + 1
    return depth


def _rebuild(model, values: dict):
    columns = model.__table__.columns
    record = model()
    with db.session.no_autoflush:
        for key, value in values.items():
            if key.startswith("_") or key not in columns:
                continue
            if value is not None and isinstance(columns[key].type, DateTime):
                value = datetime.fromisoformat(value)
            elif value is not None and isinstance(columns[key].type, Date):
                value = date.fromisoformat(value)
            setattr(record, key, value)
        parent = _missing_parent(record)
        if parent:
            raise RestoreRefused(
                f"It belonged to {parent}, which no longer exists: restore it first."
            )
        db.session.add(record)
        for name in audit.LINKS.get(model, ()):
            target = getattr(model, name).property.mapper.class_
            linked = [db.session.get(target, i) for i in values.get(f"_{name}", [])]
            setattr(record, name, [item for item in linked if item is not None])
    return record


def _missing_parent(record) -> str | None:
    for fk in record.__table__.foreign_keys:
        value = getattr(record, fk.parent.key, None)
        if value is None or fk.column.table.name in ("taxonomy_term", "user_account"):
            continue
        found = db.session.execute(select(fk.column).where(fk.column == value)).first()
        if found is None and not _pending(fk.column.table.name, value):
            return f"a {fk.column.table.name.replace('_', ' ')} (id {value})"
    return None


def _pending(table: str, record_id: int) -> bool:
    return any(o.__table__.name == table and o.id == record_id for o in db.session.new)
