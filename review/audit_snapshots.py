"""Snapshots of deleted rows for the audit trail, taken before the DELETE, on its connection.

A record's own columns come from its loaded state; children the ORM leaves to the database
(`passive_deletes`: ON DELETE CASCADE) are read with plain SELECTs, since no ORM event will
ever see them. Many-to-many links (a finding's KPEs and themes) are kept too.
"""

from datetime import date, datetime
from enum import Enum

from sqlalchemy import inspect, select
from sqlalchemy.orm.base import NO_VALUE

SECRET = {"password_hash", "api_token_hash", "totp_secret"}
PROTECTED = {("ProtectedTerm", "term"), ("ProtectedTerm", "term_key")}
#: many-to-many links kept with a deleted record, to restore them with it
LINKS = {"Finding": ("episodes", "themes")}


def plain(value):
    """A column value as JSON keeps it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def shown(model_name: str, key: str, value):
    """A value as the trail may keep it: never a secret or a protected term."""
    if key in SECRET:
        return "(changed)" if value else ""
    if (model_name, key) in PROTECTED:
        return "(protected)"
    return plain(value)


def _links(model, record_id: int, connection) -> dict:
    values = {}
    for name in LINKS.get(model.__name__, ()):
        prop = getattr(model, name).property
        secondary = prop.secondary
        mine = next(c for c in secondary.c if c.references(model.__table__.c.id))
        theirs = next(c for c in secondary.c if c is not mine)
        found = connection.scalars(select(theirs).where(mine == record_id)).all()
        values[f"_{name}"] = sorted(found)
    return values


def of_record(obj, connection) -> dict:
    """Every column of a record about to be deleted (and its links): enough to put it back."""
    state = inspect(obj)
    name = type(obj).__name__
    values = {}
    for attr in state.mapper.column_attrs:
        value = state.attrs[attr.key].loaded_value
        if attr.key != "version" and value is not NO_VALUE:
            values[attr.key] = shown(name, attr.key, value)
    values.update(_links(type(obj), values.get("id"), connection))
    for name in LINKS.get(type(obj).__name__, ()):
        if name not in state.unloaded:  # the flush may already have deleted the link rows
            history = state.attrs[name].history
            values[f"_{name}"] = sorted(o.id for o in (*history.unchanged, *history.deleted))
    return values


def cascaded(obj, connection, depth: int = 0):
    """(model, values) of the rows the database will delete with `obj`, children first."""
    from .audit import AUDITED

    if depth > 3:
        return
    state = inspect(obj) if depth == 0 else None
    model = type(obj) if depth == 0 else obj[0]
    record_id = state.identity[0] if state is not None else obj[1]["id"]
    for prop in model.__mapper__.relationships:
        child = prop.mapper.class_
        if not (prop.cascade.delete and prop.passive_deletes and child in AUDITED):
            continue
        if state is not None and prop.key not in state.unloaded:
            continue  # loaded: the ORM deletes these itself, with their own events
        (fk,) = [c for c in child.__table__.c if c.references(model.__table__.c.id)]
        for row in connection.execute(select(child.__table__).where(fk == record_id)).mappings():
            values = {
                key: shown(child.__name__, key, value)
                for key, value in row.items()
                if key != "version"
            }
            values.update(_links(child, values["id"], connection))
            yield from cascaded((child, values), connection, depth + 1)
            yield child, values
