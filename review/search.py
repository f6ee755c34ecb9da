"""Search across the learning of every review: the small interface the rest of the app uses.

Every function here is a no-op (or an empty answer) when no index is configured
(`WHOOSH_INDEX_DIR` empty), so the app runs without search, as microblog's does.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app
from whoosh.query import And, Not, Or, Term

from .access import visible_reviews
from .extensions import db
from .index import hooks, store  # noqa: F401  (hooks registers the session events)
from .index.documents import acronyms, all_keys, documents_for
from .index.query import Results, clean, parse, run
from .index.schema import FACETS
from .models import Finding, Review, ReviewStatus, User

REINDEX_BATCH = 200


def init_app(app: Flask) -> None:
    app.config.setdefault("SEARCH_WRITER_TIMEOUT", 10.0)


def _visible_filter(user: User):
    """Published reviews for everyone; drafts only for those who may read them."""
    drafts = db.session.scalars(
        visible_reviews(user)
        .where(Review.status != ReviewStatus.PUBLISHED)
        .with_only_columns(Review.id)
    ).all()
    return Or([Term("published", "yes"), *(Term("review_id", str(i)) for i in drafts)])


def search(
    text: str,
    user: User,
    *,
    selected: dict[str, list[str]] | None = None,
    doc_type: str | None = None,
    page: int = 1,
    sort: str = "relevance",
) -> Results:
    """Search what `user` may read; bad input gives messages, never an exception."""
    directory = store.index_dir()
    messages: list[str] = []
    if directory is None:
        return Results(query=text, messages=["Search is not configured on this server."])
    cleaned = clean(text, messages)
    s = store.searcher(directory)
    query = parse(s.schema, cleaned, acronyms(), messages)
    visible = _visible_filter(user)
    if doc_type in ("finding", "kpe"):
        visible = And([visible, Term("doc_type", doc_type)])
    found = run(
        s, query, visible=visible, selected=selected or {}, page=page, sort=sort,
        messages=messages,
    )  # fmt: skip
    found.query = text
    if cleaned and found.total < 3:
        found.suggestion = _did_you_mean(s, cleaned, visible)
    return found


def _did_you_mean(s, text: str, visible) -> str | None:
    """Respell words the index has never seen, from its own vocabulary; offer the respelling
    only if it finds something under the same visibility filter as the search."""
    corrector = s.corrector("spell")
    reader = s.reader()

    def respell(match: re.Match) -> str:
        word = match.group(0)
        if (
            len(word) < 4
            or word.upper() in ("AND", "OR", "NOT")
            or reader.frequency("spell", word.lower())
        ):
            return word
        found = corrector.suggest(word.lower(), limit=1, maxdist=2)
        return found[0] if found else word

    suggestion = re.sub(r"(?<![\w:])[^\W\d_]+(?![\w:])", respell, text)
    if suggestion == text:
        return None
    messages: list[str] = []
    query = parse(s.schema, suggestion, acronyms(), messages)
    hits = s.search(query, limit=1, filter=visible)
    return suggestion if len(hits) else None


@dataclass
class Similar:
    finding_id: int
    review_id: int
    number: int
    statement: str
    review: str
    board: str
    year: int | None

    @classmethod
    def of(cls, finding: Finding) -> "Similar":
        review = finding.review
        return cls(finding.id, review.id, finding.number, finding.statement, review.title,
                   review.board.name, review.year)  # fmt: skip


def similar_findings(finding: Finding | None, *, text: str = "", review_id: int | None = None,
                     limit: int = 5) -> list[Similar]:  # fmt: skip
    """The most similar findings in *other published* reviews: how widespread is the pattern?"""
    directory = store.index_dir()
    if directory is None:
        return []
    s = store.searcher(directory)
    review_id = finding.review_id if finding is not None else review_id
    others = And(
        [
            Term("doc_type", "finding"),
            Term("published", "yes"),
            Not(Term("review_id", str(review_id))),
        ]
    )
    docnum = None
    if finding is not None:
        docnum = s.document_number(id=f"finding:{finding.id}")
        if docnum is None:
            text = text or finding.statement
    hits = s.more_like(docnum, "body", text=None if docnum is not None else text, top=limit,
                       filter=others)  # fmt: skip
    return [
        Similar(
            finding_id=hit["record_id"],
            review_id=int(hit["review_id"]),
            number=hit.get("number") or 0,
            statement=hit["title"],
            review=hit.get("review", ""),
            board=hit.get("board_facet", ""),
            year=hit.get("year") or None,
        )
        for hit in hits
    ]


def reindex(progress: Callable[[int], None] = lambda n: None) -> int:
    """Rebuild the whole index from the database (the source of truth)."""
    directory = store.index_dir()
    if directory is None:
        return 0
    finding_ids, episode_ids = all_keys()

    def batches():
        for ids, is_finding in ((finding_ids, True), (episode_ids, False)):
            for start in range(0, len(ids), REINDEX_BATCH):
                chunk = set(ids[start : start + REINDEX_BATCH])
                docs = documents_for(chunk, set()) if is_finding else documents_for(set(), chunk)
                db.session.expunge_all()  # keep memory flat on big corpora
                progress(len(chunk))
                yield docs

    timeout = max(60.0, current_app.config["SEARCH_WRITER_TIMEOUT"])
    return store.rebuild(directory, batches(), timeout)


def total_documents() -> int:
    finding_ids, episode_ids = all_keys()
    return len(finding_ids) + len(episode_ids)


def check() -> tuple[set[str], set[str]]:
    """Documents missing from the index, and documents in it that the database no longer has."""
    directory = store.index_dir()
    if directory is None:
        return set(), set()
    finding_ids, episode_ids = all_keys()
    expected = {f"finding:{i}" for i in finding_ids} | {f"kpe:{i}" for i in episode_ids}
    present = set(store.indexed_ids(directory))
    return expected - present, present - expected


def facet_labels() -> dict[str, str]:
    return {name: label for name, (_field, label) in FACETS.items()}
