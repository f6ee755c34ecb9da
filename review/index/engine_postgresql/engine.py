"""The PostgreSQL engine behind review.search: the operations every engine provides.

Documents live in the database (`search_document`, written in the same transaction as the
records: `sync.py`), so every app host searches the same, current data; there is no index
folder, no writer lock and nothing parked. `run` answers one parsed query for one
visibility, `respellings` finds what unknown words may have meant (pg_trgm), `similar_to`
finds related findings, `rebuild`, `indexed_digests` and `repair` keep the table right.
"""

from collections.abc import Callable, Iterable

from flask import current_app
from sqlalchemy import select, text

from ...extensions import db
from ...models import Finding, KeyPracticeEpisode
from .. import querylang as ql
from ..documents import documents_for
from ..results import Results, Similar
from ..visibility import Visibility
from . import background, similar, spelling, store
from . import rebuild as rebuilding
from .compile import Compiler, analyse, texts_of
from .run import TimedOut, deadline, execute

REBUILDING = (
    "The search index is being rebuilt, so search results are incomplete for a few minutes. "
    "Please try again shortly."
)


def configured() -> bool:
    return True


def ready(reindex: Callable[[], int]) -> bool:
    """Whether search can answer: not while an empty table is being filled (it starts that)."""
    has_documents, filling = background.state()
    if filling:
        return False
    if has_documents:
        return True
    has_records = db.session.scalar(select(Finding.id).limit(1)) or db.session.scalar(
        select(KeyPracticeEpisode.id).limit(1)
    )
    if not has_records:
        return True  # nothing to find yet
    background.start(reindex)
    return False


def _limit() -> float:
    return current_app.config.get("SEARCH_TIME_LIMIT", 2.0)


def run(tree, *, visibility: Visibility, selected: dict[str, list[str]], page: int,
        sort: str, messages: list[str]) -> tuple[Results, int]:  # fmt: skip
    """One page of results, and how many plain words the best hit has."""
    session = db.session
    lexemes = analyse(session.connection(), texts_of(tree))
    compiled = Compiler(lexemes, messages).compile(tree)
    return execute(session, compiled, visibility=visibility, selected=selected, page=page,
                   sort=sort, everything=isinstance(tree, ql.Everything),
                   time_limit=_limit(), messages=messages,
                   exact_up_to=int(current_app.config["SEARCH_EXACT_UP_TO"]))  # fmt: skip


def respellings(words: list[ql.Word], visibility: Visibility) -> dict[str, tuple[str, ...]]:
    try:
        with deadline(db.session, _limit()) as connection:
            return spelling.respellings(connection, words, visibility)
    except TimedOut:
        return {}


def similar_to(finding: Finding | None, *, text: str, review_id: int, limit: int) -> list[Similar]:
    doc_id = f"finding:{finding.id}" if finding is not None else None
    source = text or (finding.statement if finding is not None else "")
    try:
        with deadline(db.session, _limit()) as connection:
            return similar.similar(connection, source=source, doc_id=doc_id,
                                   review_id=review_id, limit=limit)  # fmt: skip
    except TimedOut:
        return []


def rebuild(batches: Iterable[list[dict]]) -> int:
    """Rewrite every document, then drop documents without records.

    Batches are built here while a writer thread stores the previous one, each in the
    REPEATABLE READ transaction whose snapshot it was built from; a batch a save got in the
    way of is built and written again holding the lock saves hold shared (`rebuild.py`).
    Searches see the old documents until each batch commits; saves never wait. Safe while
    the app runs, on any number of hosts.
    """
    session = db.session
    with background.advisory_lock():  # one rebuild at a time, across hosts
        session.execute(text("DELETE FROM search_word"))
        session.commit()
        count, refused = rebuilding.write_all(batches)
        rebuilding.rewrite_serially(refused)
        store.remove_orphans(session.connection())
        session.commit()
        session.execute(text("ANALYZE search_document"))
        session.commit()
    return count


def indexed_digests() -> dict[str, str]:
    return store.digests(db.session.connection())


def repair(refresh: set[str], extra: set[str]) -> bool:
    """Rebuild exactly these documents from the database and remove the extra ones."""
    session = db.session
    store.refresh(session, refresh)
    if extra:
        store.delete(session.connection(), extra)
    session.commit()
    return True


def apply_parked() -> bool:
    """Nothing is ever parked: documents are written with the records."""
    return True


def documents(finding_ids: set[int], episode_ids: set[int]) -> list[dict]:
    return documents_for(finding_ids, episode_ids)
