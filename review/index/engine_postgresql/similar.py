"""More Like This in PostgreSQL: findings of *other published* reviews sharing a finding's
most telling words.

The source's lexemes are weighed by how often it uses them and how rare they are (tf·idf);
the ten best form an OR query, and candidates rank by the summed weight of the key words
they contain, then by `ts_rank` (rarity: `statistics.py`).
"""

from sqlalchemy import text

from ..results import Similar
from .compile import CONFIG, quote
from .statistics import idf, shares

KEY_TERMS = 10
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
    params = {"review_id": review_id, "limit": limit, "exclude": doc_id or ""}
    scores = []
    for n, (lexeme, weight) in enumerate(terms):
        params[f"t{n}"] = quote(lexeme)
        scores.append(f"{weight:.6f} * (words @@ CAST(:t{n} AS tsquery))::int")
    params["any"] = " | ".join(quote(lex) for lex, _w in terms)
    rows = connection.execute(
        text(
            f"SELECT record_id, review_id, number, title, review, board, year, "
            f"({' + '.join(scores)}) AS score FROM search_document "
            "WHERE doc_type = 'finding' AND published AND review_id <> :review_id "
            "AND id <> :exclude AND words @@ CAST(:any AS tsquery) "
            "ORDER BY score DESC, ts_rank(words, CAST(:any AS tsquery)) DESC, id LIMIT :limit"
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
