"""More Like This in PostgreSQL: findings of *other published* reviews sharing a finding's
most telling words.

The source's lexemes are weighed by how often it uses them and how rare they are (tf·idf);
the ten best form an OR query, and candidates rank by the summed weight of the key words
they contain, then by `ts_rank` (rarity: `statistics.py`).

At national scale (50,000 findings) testing ten words against every candidate's `words` took
1.4 s. The summed weights are now counted from the GIN index alone, one key word at a time
(no document's words are read; a partial index holds the published findings only), and only
the best `POOL` by that score are read again for `ts_rank`, the tie-break: the order is the
same unless more than `POOL` findings tie at the cut, where the id decides among them.
"""

from sqlalchemy import text

from ..results import Similar
from .bounded import PLANNER
from .compile import CONFIG, quote
from .statistics import idf, shares

KEY_TERMS = 10
#: findings scored exactly (summed weights), of which the best are ordered by ts_rank
POOL = 50
_LEXEMES = text(
    f"SELECT lexeme, coalesce(array_length(positions, 1), 1) FROM unnest(to_tsvector('{CONFIG}', "
    "coalesce((SELECT body FROM search_document WHERE id = :id), :text))) "
    "WHERE lexeme !~ '^[0-9]+$' AND length(lexeme) > 1"
)


def key_terms(connection, doc_id: str | None, source: str) -> list[tuple[str, float]]:
    """The most telling lexemes of the stored document (or else the text), with weights."""
    tf = dict(connection.execute(_LEXEMES, {"id": doc_id or "", "text": source}).all())
    if not tf:
        return []
    found, size = shares(connection, sorted(tf))
    weights = {lex: n * idf(found[lex], size) for lex, n in tf.items()}
    return sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:KEY_TERMS]


def similar(connection, *, source: str, doc_id: str | None, review_id: int, limit: int):
    """Findings of other published reviews like the stored document `doc_id` (or `source`)."""
    terms = key_terms(connection, doc_id, source)
    if not terms:
        return []
    params = {"review_id": review_id, "limit": limit, "exclude": doc_id or "", "pool": POOL}
    scored = []
    for n, (lexeme, weight) in enumerate(terms):
        params[f"t{n}"] = quote(lexeme)
        scored.append(
            f"SELECT d.id, {weight:.6f} AS w FROM search_document d WHERE d.doc_type = 'finding' "
            "AND d.published AND d.review_id <> :review_id AND d.id <> :exclude "
            f"AND d.words @@ CAST(:t{n} AS tsquery)"
        )
    params["any"] = " | ".join(quote(lex) for lex, _w in terms)
    connection.execute(text(PLANNER))  # the GIN index, never every row's words
    rows = connection.execute(
        text(
            f"WITH best AS (SELECT id, sum(w) AS score FROM ({' UNION ALL '.join(scored)}) AS k "
            "GROUP BY id ORDER BY score DESC, id LIMIT :pool) "
            "SELECT s.record_id, s.review_id, s.number, s.title, s.review, s.board, s.year "
            "FROM best JOIN search_document s ON s.id = best.id ORDER BY best.score DESC, "
            "ts_rank(s.words, CAST(:any AS tsquery)) DESC, s.id LIMIT :limit"
        ),
        params,
    )
    return [
        Similar(
            finding_id=r[0],
            review_id=r[1],
            number=r[2] or 0,
            statement=r[3],
            review=r[4],
            board=r[5],
            year=r[6] or None,
        )  # fmt: skip
        for r in rows
    ]
