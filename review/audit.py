"""The audit trail: every change to a record, written in the same transaction as the change.

SQLAlchemy session events (like the search hooks) turn each flush's new, changed and deleted
records into `audit_event` rows, inserted on the flush's own connection: the change and its
record commit or roll back together. Updates keep each changed field's value before and
after; deletes keep every column (and a finding's links), so a lead reviewer can restore them.
Secrets are never copied: passwords, tokens and two-factor keys show as "(changed)", protected
terms as "(protected)". The app adds audit rows and never changes or deletes one.
"""

import uuid

from flask import has_request_context
from flask_login import current_user
from flask_sqlalchemy.session import Session
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import object_session

from . import audit_snapshots as snapshots
from .models import (
    AuditEvent,
    Board,
    BoardAction,
    BoardQuestion,
    BoardResponse,
    CaseGroupMember,
    ChronologyEntry,
    ContributoryFactor,
    Conversation,
    Finding,
    KeyPracticeEpisode,
    PrintedTeamMember,
    ProtectedTerm,
    ResearchQuestion,
    Review,
    ReviewMembership,
    TaxonomyTerm,
    User,
)

AUDITED = (
    Review, ResearchQuestion, ReviewMembership, PrintedTeamMember, CaseGroupMember, Conversation,
    ChronologyEntry, KeyPracticeEpisode, ContributoryFactor, Finding, BoardQuestion, BoardResponse,
    BoardAction, ProtectedTerm, User, Board, TaxonomyTerm,
)  # fmt: skip
#: how a record without a review_id column finds its review: (foreign key, parent model)
PARENTS = {
    ContributoryFactor: ("episode_id", KeyPracticeEpisode),
    BoardQuestion: ("finding_id", Finding),
    BoardResponse: ("finding_id", Finding),
    BoardAction: ("finding_id", Finding),
    Conversation: ("member_id", CaseGroupMember),
}
NOT_RECORDED = {"created_at", "updated_at", "version", "session_version", "totp_last_step"}
LINKS = {Finding: ("episodes", "themes")}
LABEL_FIELDS = (
    "title", "short_title", "label", "name", "display_name", "statement", "text", "what",
    "event", "description", "response", "knew_then",
)  # fmt: skip
ACTION_KEY = "audit_action"  # session.info: overrides "create" (e.g. "restore")
DELETED_KEY = "audit_deleted"  # session.info: rows of records deleted in the current flush


def record_type(obj) -> str:
    return type(obj).__name__


def label_of(obj) -> str:
    """A short name for the record, from its own columns (no SQL: this runs inside a flush)."""
    return label_from(type(obj), obj.__dict__)


def label_from(model, values: dict) -> str:
    if model is ProtectedTerm:
        return "a protected term"
    for name in LABEL_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 120 else text[:119] + "…"
    return f"{model.__name__} {values.get('id', '')}".strip()


def _review_id(session, obj) -> int | None:
    if isinstance(obj, Review):
        return obj.id
    if hasattr(obj, "review_id"):
        return obj.review_id
    for _ in range(3):  # factor → episode → review, action → finding → review
        link = PARENTS.get(type(obj))
        if link is None:
            return getattr(obj, "review_id", None)
        column, parent = link
        parent_id = obj.__dict__.get(column)
        if parent_id is None:
            return None
        found = session.identity_map.get(
            inspect(parent).identity_key_from_primary_key((parent_id,))
        )
        if found is None:
            table = parent.__table__
            wanted = table.c.review_id if "review_id" in table.c else None
            if wanted is None:
                return None
            return session.connection().scalar(select(wanted).where(table.c.id == parent_id))
        obj = found
    return getattr(obj, "review_id", None)


def _actor() -> tuple[int | None, str]:
    if not has_request_context():
        return None, "command line"
    if current_user and current_user.is_authenticated:
        return current_user.id, current_user.display_name
    return None, "not signed in"


def _changes(obj) -> dict:
    found = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in NOT_RECORDED:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if snapshots.plain(before) == snapshots.plain(after):
            continue
        name = type(obj).__name__
        found[key] = [snapshots.shown(name, key, before), snapshots.shown(name, key, after)]
    for name in LINKS.get(type(obj), ()):
        history = state.attrs[name].history
        if history.added or history.deleted:
            found[name] = [
                sorted(label_of(o) for o in history.unchanged + history.deleted),
                sorted(label_of(o) for o in history.unchanged + history.added),
            ]
    return found


def _action(obj, kind: str, changes: dict) -> str:
    """A specific action where there is one: status changes, sign-off, publication, accounts."""
    if kind != "update":
        return kind
    if isinstance(obj, Review) and "status" in changes:
        after = changes["status"][1]
        return {"signed_off": "sign-off", "published": "publication"}.get(after, "status change")
    if isinstance(obj, User) and "role" in changes:
        return "role change"
    if isinstance(obj, User) and "active" in changes:
        return "account " + ("reactivated" if changes["active"][1] else "deactivated")
    if isinstance(obj, ReviewMembership) and "team_role" in changes:
        return "role change"
    return kind


def _row(session, obj, kind: str, changes: dict, txn: str) -> dict:
    user_id, user_name = _actor()
    return {
        "txn": txn,
        "user_id": user_id,
        "user_name": user_name[:120],
        "action": _action(obj, kind, changes),
        "record_type": record_type(obj),
        "record_id": obj.__dict__.get("id"),
        "review_id": _review_id(session, obj),
        "label": label_of(obj)[:300],
        "changes": changes,
    }


def _txn(session) -> str:
    return session.info.setdefault("audit_txn", uuid.uuid4().hex)


@event.listens_for(Session, "before_flush")
def _refuse_changing_the_trail(session, _context, _instances) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionError("Audit events are never changed or deleted.")


@event.listens_for(Session, "after_flush")
def _write(session, _context) -> None:
    """Audit rows for this flush, on its connection (so in the same transaction)."""
    txn = _txn(session)
    creating = session.info.get(ACTION_KEY, "create")
    rows = []
    for obj in session.new:
        if isinstance(obj, AUDITED):
            rows.append(_row(session, obj, creating, {}, txn))
    for obj in session.dirty:
        if isinstance(obj, AUDITED) and session.is_modified(obj, include_collections=True):
            changes = _changes(obj)
            if changes:
                rows.append(_row(session, obj, "update", changes, txn))
    rows.extend(session.info.pop(DELETED_KEY, []))
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)


def _deleted(_mapper, connection, target) -> None:
    """Snapshot a row about to be deleted, and the rows the database will delete with it
    (children the ORM leaves to ON DELETE CASCADE): all still exist at this point."""
    session = object_session(target)
    if session is None:
        return
    txn = _txn(session)
    row = _row(session, target, "delete", snapshots.of_record(target, connection), txn)
    rows = session.info.setdefault(DELETED_KEY, [])
    rows.append(row)
    for model, values in snapshots.cascaded(target, connection):
        rows.append(
            {
                **row,
                "action": "delete",
                "record_type": model.__name__,
                "record_id": values["id"],
                "label": label_from(model, values)[:300],
                "changes": values,
            }
        )


for _model in AUDITED:
    event.listen(_model, "before_delete", _deleted)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _new_transaction(session) -> None:
    session.info.pop("audit_txn", None)
    session.info.pop(DELETED_KEY, None)


def note(session, action: str, *, review_id=None, record=None, label="", changes=None) -> None:
    """Record an event that is not a row change: a download, a sign-in, a failed sign-in."""
    user_id, user_name = _actor()
    session.add(
        AuditEvent(
            txn=_txn(session),
            user_id=user_id,
            user_name=user_name[:120],
            action=action,
            record_type=record_type(record) if record is not None else "",
            record_id=getattr(record, "id", None),
            review_id=review_id,
            label=label[:300],
            changes=changes or {},
        )
    )
