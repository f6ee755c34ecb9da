"""Search across the learning of every review: the one interface the rest of the app uses.

This module holds what every engine shares: cleaning and parsing what people type
(`index/querylang.py`), who may read what (`index/visibility.py`), when to respell and what
to tell the user. The engine (`index/engine_whoosh/` or `index/engine_postgresql/`, chosen by
`SEARCH_BACKEND`: `index/backends.py`) only answers parsed queries.
Every function is a no-op (or an empty answer) when no index is configured
(Whoosh with `WHOOSH_INDEX_DIR` empty), so the app runs without search.
"""

import re
from collections.abc import Callable

from flask import Flask

from .extensions import db
from .index import hooks  # noqa: F401  (registers the session events)
from .index import querylang as ql
from .index.backends import check as check_backend
from .index.backends import engine
from .index.documents import all_keys, documents_for
from .index.fields import FACETS
from .index.results import Results, Similar
from .index.visibility import visibility_for
from .models import Finding, User

REINDEX_BATCH = 200
FEW = 3  # fewer results than this and a respelling that finds more is run instead
NOT_ALL_WORDS = "No result has all of your words, so results with most of them come first."


def init_app(app: Flask) -> None:
    app.config.setdefault("SEARCH_WRITER_TIMEOUT", 10.0)
    app.config.setdefault("SEARCH_TIME_LIMIT", 2.0)
    app.config.setdefault("SEARCH_EXACT_UP_TO", 10_000)  # PostgreSQL: estimates above this
    app.config.setdefault("SEARCH_ORPHAN_AGE", 30.0)
    app.config.setdefault("SEARCH_WAIT_FOR_WRITES", 1.0)
    app.config.setdefault("SEARCH_RATE_LIMIT", "60/minute")
    check_backend(app)  # REVIEW_SEARCH_BACKEND: whoosh (default) or postgresql


def search(
    text: str,
    user: User,
    *,
    selected: dict[str, list[str]] | None = None,
    doc_type: str | None = None,
    page: int = 1,
    sort: str = "relevance",
    exact: bool = False,
) -> Results:
    """Search what `user` may read; bad input gives messages, never an exception.

    Plain words are matched tolerantly; if the search finds little and a respelling of its
    unknown words finds more, the respelling is run instead (unless `exact`).
    """
    messages: list[str] = []
    if not engine.configured():
        return Results(query=text, messages=["Search is not configured on this server."])
    if not engine.ready(reindex):
        return Results(query=text, messages=[engine.REBUILDING], rebuilding=True)
    cleaned = ql.clean(text, messages)
    tree = ql.parse(cleaned, messages)
    if tree is None:
        return Results(query=text, messages=messages)
    visibility = visibility_for(user, doc_type)
    options = {"visibility": visibility, "selected": selected or {}, "page": page, "sort": sort}
    found, covered = engine.run(tree, messages=messages, **options)
    wanted = ql.tolerant_size(tree)
    words = ql.plain_words(tree)
    if words and (found.total < FEW or covered < wanted):
        spellings = engine.respellings(words, visibility)
        if spellings and not exact and found.total < FEW:
            respelt = _respelt_text(cleaned, spellings)
            again, covered_again = engine.run(ql.respell(tree, spellings), messages=[], **options)
            if again.total > found.total:
                again.messages = messages + again.messages
                again.showing = respelt
                found, covered = again, covered_again
            elif again.total:
                found.suggestion = respelt
        elif spellings:  # each respelt word is in a document the user may read: offer it
            found.suggestion = _respelt_text(cleaned, spellings)
    if wanted > 1 and found.hits and sort != "date" and covered < wanted:
        found.messages.append(NOT_ALL_WORDS)
    found.query = text
    return found


def _respelt_text(text: str, spellings: dict[str, tuple[str, ...]]) -> str:
    def swap(match: re.Match) -> str:
        word = match.group(0)
        return spellings[word][0] if word in spellings else word

    return re.sub(r"(?<![\w:])[^\W\d_]+(?![\w:])", swap, text)


def similar_findings(finding: Finding | None, *, text: str = "", review_id: int | None = None,
                     limit: int = 5) -> list[Similar]:  # fmt: skip
    """The most similar findings in *other published* reviews: how widespread is the pattern?"""
    if not engine.configured():
        return []
    review_id = finding.review_id if finding is not None else review_id
    return engine.similar_to(finding, text=text, review_id=review_id, limit=limit)


class Batches:
    """Every finding and KPE in chunks of ids; iterating builds each chunk's documents here.

    `processes` (> 1) lets an engine that can (PostgreSQL) build chunks in that many worker
    processes instead (`flask reindex`; never in a web process, which runs threads).
    """

    def __init__(self, finding_ids: list[int], episode_ids: list[int],
                 progress: Callable[[int], None], processes: int = 0):  # fmt: skip
        self.chunks = [
            (set(ids[start : start + REINDEX_BATCH]), is_finding)
            for ids, is_finding in ((finding_ids, True), (episode_ids, False))
            for start in range(0, len(ids), REINDEX_BATCH)
        ]
        self.progress = progress
        self.processes = processes

    @staticmethod
    def build(ids: set[int], is_finding: bool) -> list[dict]:
        docs = documents_for(ids, set()) if is_finding else documents_for(set(), ids)
        db.session.expunge_all()  # keep memory flat on big corpora
        return docs

    def __iter__(self):
        for ids, is_finding in self.chunks:
            docs = self.build(ids, is_finding)
            self.progress(len(ids))
            yield docs


def _batches(finding_ids: list[int], episode_ids: list[int], progress: Callable[[int], None]):
    return iter(Batches(finding_ids, episode_ids, progress))


def reindex(progress: Callable[[int], None] = lambda n: None, *, processes: int = 0) -> int:
    """Rebuild the whole index from the database (the source of truth)."""
    if not engine.configured():
        return 0
    return engine.rebuild(Batches(*all_keys(), progress, processes))


def total_documents() -> int:
    finding_ids, episode_ids = all_keys()
    return len(finding_ids) + len(episode_ids)


def check(*, stale: bool = False) -> tuple[set[str], ...]:
    """Documents missing from the index and extra in it (and, with `stale`, out of date).

    Parked changes are applied first: they are on their way, not missing.
    """
    if not engine.configured():
        return (set(), set(), set()) if stale else (set(), set())
    engine.apply_parked()
    indexed = engine.indexed_digests()
    finding_ids, episode_ids = all_keys()
    expected = {f"finding:{i}" for i in finding_ids} | {f"kpe:{i}" for i in episode_ids}
    missing, extra = expected - set(indexed), set(indexed) - expected
    if not stale:
        return missing, extra
    outdated = set()
    for docs in _batches(finding_ids, episode_ids, lambda n: None):
        outdated |= {d["id"] for d in docs if indexed.get(d["id"], d["digest"]) != d["digest"]}
    return missing, extra, outdated


def repair(missing: set[str], extra: set[str], stale: set[str]) -> bool:
    """Fix exactly the documents `check` found wrong."""
    return engine.repair(missing | stale, extra)


def facet_labels() -> dict[str, str]:
    return {name: label for name, (_field, label) in FACETS.items()}
