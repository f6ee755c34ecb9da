"""The Whoosh engine behind review.search: the operations every engine provides.

`run` answers one parsed query for one visibility, `respellings` finds what unknown words may
have meant, `similar` finds related findings, `ready` says whether the index can answer (and
starts a background rebuild when it cannot), `rebuild`, `compare` and `repair` keep it right.
"""

from collections.abc import Callable, Iterable

from flask import current_app
from sqlalchemy import select

from ...extensions import db
from ...models import Finding, KeyPracticeEpisode
from .. import querylang as ql
from ..documents import documents_for
from ..results import Results, Similar
from ..visibility import Visibility
from . import background, store
from .compile import BONUS, Compiler
from .run import execute, similar
from .schema import REQUIRED
from .spelling import Speller

REBUILDING = (
    "The search index is being rebuilt, so search results are incomplete for a few minutes. "
    "Please try again shortly."
)


def configured() -> bool:
    return store.index_dir() is not None


def _searcher():
    directory = store.index_dir()
    try:
        return store.searcher(directory)
    except Exception:  # the folder was deleted or damaged under us: open afresh
        store.forget_searchers()
        return store.searcher(directory)


def ready(reindex: Callable[[], int]) -> bool:
    """Whether the index can answer; if it is missing, empty or outdated, rebuild it."""
    directory = store.index_dir()
    if store.has_ready(directory):
        background.notify()  # changes parked by a process that could not finish them
    # what this process saved is searchable before it searches
    background.wait(current_app.config["SEARCH_WAIT_FOR_WRITES"])
    if background.rebuilding(directory):
        return False
    s = _searcher()  # reopened (or created empty) if the folder was deleted
    current = set(s.schema.names()) >= REQUIRED
    if current and s.doc_count() > 0:
        return True
    has_records = db.session.scalar(select(Finding.id).limit(1)) or db.session.scalar(
        select(KeyPracticeEpisode.id).limit(1)
    )
    if current and not has_records:
        return True  # nothing to index yet
    background.start_rebuild(directory, reindex)
    return False


def run(tree, *, visibility: Visibility, selected: dict[str, list[str]], page: int,
        sort: str, messages: list[str]) -> tuple[Results, int]:  # fmt: skip
    """One page of results, and how many plain words the best hit has (when known)."""
    s = _searcher()
    query = Compiler(s.reader(), messages).compile(tree)
    limit = current_app.config.get("SEARCH_TIME_LIMIT", 2.0)
    found, top = execute(s, query, visibility=visibility, selected=selected, page=page,
                         sort=sort, time_limit=limit, messages=messages)  # fmt: skip
    return found, int(top // BONUS)


def respellings(words: list[ql.Word], visibility: Visibility) -> dict[str, tuple[str, ...]]:
    return Speller(_searcher(), visibility).respellings(words)


def similar_to(finding: Finding | None, *, text: str, review_id: int, limit: int) -> list[Similar]:
    background.wait(current_app.config["SEARCH_WAIT_FOR_WRITES"])
    s = _searcher()
    docnum = None
    if finding is not None:
        docnum = s.document_number(id=f"finding:{finding.id}")
        if docnum is None:
            text = text or finding.statement
    return similar(s, docnum=docnum, text=text, review_id=review_id, limit=limit)


def rebuild(batches: Iterable[list[dict]]) -> int:
    timeout = max(60.0, current_app.config["SEARCH_WRITER_TIMEOUT"])
    return store.rebuild(store.index_dir(), batches, timeout)


def indexed_digests() -> dict[str, str]:
    return store.indexed_digests(store.index_dir())


def repair(refresh: set[str], extra: set[str]) -> bool:
    """Rebuild exactly these documents from the database and remove the extra ones."""
    batch = store.Batch(refresh=refresh, delete_ids=extra)
    timeout = max(60.0, current_app.config["SEARCH_WRITER_TIMEOUT"])
    return store.write(store.index_dir(), batch, timeout)


def apply_parked() -> bool:
    """Apply every parked change now (before a check, or from the command line)."""
    directory = store.index_dir()
    return store.write(directory, None, current_app.config["SEARCH_WRITER_TIMEOUT"])


def documents(finding_ids: set[int], episode_ids: set[int]) -> list[dict]:
    return documents_for(finding_ids, episode_ids)
