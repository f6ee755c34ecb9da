"""Keep the index in step with the database through SQLAlchemy session events.

Changes are collected per model in `session.info` over every flush of a transaction and
turned, in `before_commit` (while SQL still works), into the ids of the documents to rebuild
and the reviews to remove: the same for every engine. The engine's `sync` module takes them
from there (Whoosh: parked before the commit, written after it by a background writer;
PostgreSQL: written before the commit, in the same transaction).
A failed index step is logged, never raised into the user's save.
"""

import logging

from flask import has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event, inspect, select

from ..models import (
    BoardQuestion,
    CaseGroupMember,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    Review,
)
from ..models.findings import finding_episode
from . import backends

log = logging.getLogger(__name__)
CHANGES = "search_changes"
#: links no document of this record shows (a KPE's findings: each finding's own document
#: lists its KPEs, and a new link marks that finding changed)
UNSHOWN = {KeyPracticeEpisode: frozenset({"findings"})}


def _changes(session) -> dict[str, set[int]]:
    return session.info.setdefault(
        CHANGES, {"Finding": set(), "KeyPracticeEpisode": set(), "Review": set(), "deleted": set()}
    )


def _enabled() -> bool:
    return backends.enabled()


def _note(changes: dict[str, set[int]], obj) -> None:
    """Record which indexed records a changed object affects."""
    if isinstance(obj, Finding):
        changes["Finding"].add(obj.id)
    elif isinstance(obj, BoardQuestion):
        changes["Finding"].add(obj.finding_id)
    elif isinstance(obj, KeyPracticeEpisode):
        changes["KeyPracticeEpisode"].add(obj.id)
    elif isinstance(obj, ContributoryFactor):
        changes["KeyPracticeEpisode"].add(obj.episode_id)
    elif isinstance(obj, Review | CaseGroupMember):
        changes["Review"].add(obj.id if isinstance(obj, Review) else obj.review_id)


@event.listens_for(Session, "before_flush")
def _before_flush(session, _context, _instances) -> None:
    if not _enabled():
        return
    changes = _changes(session)
    for obj in session.deleted:
        if isinstance(obj, KeyPracticeEpisode):
            # The links go with the episode: note its findings while they can still be read.
            changes["Finding"].update(f.id for f in obj.findings)


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    if not _enabled():
        return
    changes = _changes(session)
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Review) and obj in session.deleted:
            changes["deleted"].add(obj.id)
        else:
            _note(changes, obj)
    for obj in session.dirty:
        # A review that only gained a child is not itself changed: don't rebuild all its docs.
        if isinstance(obj, Review):
            if session.is_modified(obj, include_collections=False):
                _note(changes, obj)
        elif _shown_change(obj):
            _note(changes, obj)


def _shown_change(obj) -> bool:
    """Whether a dirty object changed anything its documents show: a KPE only linked to a
    new finding did not, and would otherwise rebuild every finding linked to it."""
    unshown = UNSHOWN.get(type(obj))
    if not unshown:
        return True
    return any(a.history.has_changes() for a in inspect(obj).attrs if a.key not in unshown)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> None:
    """Bulk UPDATE/DELETE never reach session.deleted: find the rows they touch first."""
    if not (state.is_delete or state.is_update) or not _enabled() or state.bind_mapper is None:
        return
    model = state.bind_mapper.class_
    if model not in (Finding, KeyPracticeEpisode, Review):
        return
    ids = set(state.session.scalars(select(model.id).where(state.statement.whereclause)))
    changes = _changes(state.session)
    if model is Review:
        changes["deleted" if state.is_delete else "Review"].update(ids)
    else:
        changes[model.__name__].update(ids)
        if model is KeyPracticeEpisode:
            changes["Finding"].update(
                state.session.scalars(
                    select(finding_episode.c.finding_id).where(
                        finding_episode.c.episode_id.in_(ids)
                    )
                )
            )


@event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    if not _enabled():
        return
    session.flush()  # commit flushes only after this hook: flush now to see every change
    changes = session.info.pop(CHANGES, None)
    if not changes:
        return
    try:
        refresh, deleted = changed_documents(session, changes)
        if refresh or deleted:
            backends.sync().before_commit(session, refresh, deleted)
    except Exception:  # never let indexing fail a save; `flask search-check` will see it
        log.exception("could not note the search documents to rebuild; run `flask reindex`")


def changed_documents(session, changes: dict[str, set[int]]) -> tuple[set[str], set[int]]:
    """Noted changes as document ids to rebuild (or remove) and review ids to remove."""
    findings = set(changes["Finding"])
    episodes = set(changes["KeyPracticeEpisode"])
    reviews = changes["Review"] - changes["deleted"]
    if reviews:
        findings |= set(session.scalars(select(Finding.id).where(Finding.review_id.in_(reviews))))
        episodes |= set(
            session.scalars(
                select(KeyPracticeEpisode.id).where(KeyPracticeEpisode.review_id.in_(reviews))
            )
        )
    if episodes:
        findings |= set(
            session.scalars(
                select(finding_episode.c.finding_id).where(
                    finding_episode.c.episode_id.in_(episodes)
                )
            )
        )
    findings.discard(None)
    episodes.discard(None)
    refresh = {f"finding:{i}" for i in findings} | {f"kpe:{i}" for i in episodes}
    return refresh, set(changes["deleted"])


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    if _enabled():
        backends.sync().after_commit(session)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session) -> None:
    session.info.pop(CHANGES, None)
    if has_app_context():
        backends.sync().after_rollback(session)
