"""Writing search documents into `search_document`, inside the caller's transaction.

A save writes the documents it changes before its own commit, so they commit (or roll back)
with the records. Documents of one review are built and written under a transaction-level
advisory lock on that review: two saves touching the same document (a review's title and
one of its findings) take turns, and the second builds from what the first committed, so
the last document written is always built from the last data committed. A rebuild never
writes a document built before a save committed: each batch is written in the REPEATABLE
READ transaction whose snapshot it was built from, so a save in between makes it fail, and
it is written again holding a lock that saves hold shared (`rebuild.py`). Review locks
have a class of their own, so review 1 or 2 never shares a key with the table's locks
(rebuild, filling).
"""

import json
import re

from sqlalchemy import text

from ...models import TaxonomyKind
from ..documents import documents_for
from ..synonyms import Synonyms
from .compile import CONFIG, LABEL_TEXT

LOCK_CLASS = 7210  # advisory locks of the whole table: (LOCK_CLASS, 0 / 1 / 2)
REVIEW_LOCK_CLASS = 7211  # one review's documents: (REVIEW_LOCK_CLASS, review id), apart
#: label fields searched by name (`theme:neglect`): lexemes stored as "~theme:neglect"
LABEL_FIELDS = {name: name for name in LABEL_TEXT}

_COLUMNS = (
    "id, doc_type, record_id, review_id, published, number, year, sort_date, title, body, "
    "review, board, category, review_type, themes, levels, agencies, digest"
)
UPSERT = text(f"""
INSERT INTO search_document ({_COLUMNS}, sample, words)
VALUES (CAST(:id AS text), :doc_type, :record_id, :review_id, :published, :number, :year,
  :sort_date, :title, :body, :review, :board, :category, :review_type, CAST(:themes AS text[]),
  CAST(:levels AS text[]), CAST(:agencies AS text[]), :digest, hashtext(CAST(:id AS text)) & 63,
  setweight(to_tsvector('{CONFIG}', :title), 'A')
  || setweight(to_tsvector('{CONFIG}', :labels), 'B')
  || setweight(to_tsvector('{CONFIG}', :body), 'C')
  || setweight(to_tsvector('{CONFIG}', :review), 'D')
  || (SELECT coalesce(array_to_tsvector(array_agg(DISTINCT '~' || f.key || ':' || l.lexeme)),
                      ''::tsvector)
      FROM jsonb_each_text(CAST(:fields AS jsonb)) AS f,
           unnest(to_tsvector('{CONFIG}', f.value)) AS l))
ON CONFLICT (id) DO UPDATE SET
  (doc_type, record_id, review_id, published, number, year, sort_date, title, body, review,
   board, category, review_type, themes, levels, agencies, digest, words)
  = (EXCLUDED.doc_type, EXCLUDED.record_id, EXCLUDED.review_id, EXCLUDED.published,
     EXCLUDED.number, EXCLUDED.year, EXCLUDED.sort_date, EXCLUDED.title, EXCLUDED.body,
     EXCLUDED.review, EXCLUDED.board, EXCLUDED.category, EXCLUDED.review_type,
     EXCLUDED.themes, EXCLUDED.levels, EXCLUDED.agencies, EXCLUDED.digest, EXCLUDED.words)
  WHERE search_document.digest IS DISTINCT FROM EXCLUDED.digest
""")  # an unchanged document (same digest) is not rewritten: no new row version, no index entries
ADD_WORDS = text(
    "INSERT INTO search_word (word) SELECT w FROM unnest(CAST(:words AS text[])) AS w "
    "ORDER BY w ON CONFLICT DO NOTHING"
)
#: which acronym and concept rows there are and the transaction that last wrote each (xmin:
#: never the same for two writes), so the lists are loaded again only after one is written
SYNONYMS_WRITTEN = (
    "SELECT md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM taxonomy_term "
    "WHERE kind = ANY(CAST(:kinds AS text[]))"
)
#: one round trip before a save builds its documents: the shared lock of saves, the records'
#: reviews' locks one by one in id order (so two saves never deadlock), the synonyms' digest
LOCK = text(
    f"SELECT (SELECT count(pg_advisory_xact_lock({REVIEW_LOCK_CLASS}, r)) FROM ("
    "SELECT review_id AS r FROM finding WHERE id = ANY(CAST(:findings AS int[])) UNION "
    "SELECT review_id FROM key_practice_episode WHERE id = ANY(CAST(:episodes AS int[])) "
    f"ORDER BY 1) AS reviews), ({SYNONYMS_WRITTEN}) "
    f"FROM pg_advisory_xact_lock_shared({LOCK_CLASS}, 0)"
)
#: (LOCK_CLASS, 0): held shared by every save (LOCK), exclusively by a rebuild rewriting a batch
REBUILDING = text(f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, 0)")
_WORD = re.compile(r"[^\W\d_]{2,60}")
_synonyms: dict[str, tuple[str, Synonyms]] = {}  # per process: database -> (written, lists)


def _split(value: str) -> list[str]:
    """A facet's values as Whoosh's comma-separated KEYWORD field reads them."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def row(doc: dict) -> dict:
    """An engine-neutral document as the statement's parameters."""
    fields = {name: doc.get(source, "") or "" for name, source in LABEL_FIELDS.items()}
    return {
        "id": doc["id"],
        "doc_type": doc["doc_type"],
        "record_id": doc["record_id"],
        "review_id": int(doc["review_id"]),
        "published": doc["published"] == "yes",
        "number": doc.get("number") or 0,
        "year": doc.get("year") or None,
        "sort_date": doc.get("sort_date") or 0,
        "title": doc["title"] or "",
        "body": doc["body"] or "",
        "review": doc.get("review", ""),
        "board": doc.get("board_facet", ""),
        "category": doc.get("category_facet", ""),
        "review_type": doc.get("type_facet", ""),
        "themes": _split(doc.get("theme_facet", "")),
        "levels": _split(doc.get("level_facet", "")),
        "agencies": _split(doc.get("agency_facet", "")),
        "digest": doc["digest"],
        "labels": f"{doc.get('labels', '')}\n{doc.get('expansions', '')}",
        "fields": json.dumps(fields),
    }


def vocabulary(docs: list[dict]) -> list[str]:
    """The words of the documents as written, lower-cased: what "did you mean" offers."""
    words: set[str] = set()
    for doc in docs:
        words.update(_WORD.findall(f"{doc['title']}\n{doc['body']}".lower()))
    return sorted(words)


def _ids(doc_ids: set[str]) -> tuple[set[int], set[int]]:
    findings = {int(i.split(":")[1]) for i in doc_ids if i.startswith("finding:")}
    episodes = {int(i.split(":")[1]) for i in doc_ids if i.startswith("kpe:")}
    return findings, episodes


def lock_reviews(connection, finding_ids: set[int], episode_ids: set[int]) -> str:
    """Take the shared lock of saves and the records' reviews' locks; answers the digest of
    the acronym and concept rows, read in the same statement."""
    found = connection.execute(LOCK, {
        "findings": sorted(finding_ids), "episodes": sorted(episode_ids),
        "kinds": [TaxonomyKind.ACRONYM.value, TaxonomyKind.CONCEPT.value],
    }).one()  # fmt: skip
    return found[1] or ""


def write_documents(connection, docs: list[dict]) -> int:
    """Upsert these documents and add their words to the vocabulary."""
    if docs:
        docs = sorted(docs, key=lambda d: d["id"])  # rows locked in one order: no deadlock
        connection.execute(UPSERT, [row(d) for d in docs])
        connection.execute(ADD_WORDS, {"words": vocabulary(docs)})
    return len(docs)


def synonyms(connection, written: str) -> Synonyms:
    """The acronym and concept lists, kept per process while none of their rows is written
    (`written`: their digest): a save reads one digest instead of loading every term twice."""
    database = connection.engine.url.render_as_string()
    known = _synonyms.get(database)
    if known is None or known[0] != written:
        known = _synonyms[database] = (written, Synonyms.load())
    return known[1]


def refresh(session, doc_ids: set[str], deleted_reviews: set[int] = frozenset()) -> int:
    """Rebuild these documents from the database as this transaction sees it; drop the rest."""
    connection = session.connection()
    findings, episodes = _ids(doc_ids)
    written = lock_reviews(connection, findings, episodes)
    session.expire_all()  # built from the rows as they are now (after the lock), not as loaded
    docs = documents_for(findings, episodes, synonyms(connection, written))
    write_documents(connection, docs)
    gone = doc_ids - {d["id"] for d in docs}
    if gone:
        delete(connection, gone)
    if deleted_reviews:
        connection.execute(
            text("DELETE FROM search_document WHERE review_id = ANY(CAST(:r AS int[]))"),
            {"r": sorted(deleted_reviews)},
        )
    return len(docs)


def delete(connection, doc_ids: set[str]) -> None:
    connection.execute(
        text("DELETE FROM search_document WHERE id = ANY(CAST(:ids AS text[]))"),
        {"ids": sorted(doc_ids)},
    )


def digests(connection) -> dict[str, str]:
    return dict(connection.execute(text("SELECT id, digest FROM search_document")).all())


def remove_orphans(connection) -> int:
    """Delete documents whose record is gone (what a rebuild did not rewrite)."""
    removed = connection.execute(
        text(
            "DELETE FROM search_document d WHERE (d.doc_type = 'finding' AND NOT EXISTS "
            "(SELECT 1 FROM finding f WHERE f.id = d.record_id)) OR (d.doc_type = 'kpe' AND "
            "NOT EXISTS (SELECT 1 FROM key_practice_episode k WHERE k.id = d.record_id))"
        )
    )
    return removed.rowcount
