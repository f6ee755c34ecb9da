"""How common each lexeme is among the documents: the rarity that weighs words in a ranking.

Read from the planner's statistics of the `words` column (its most common elements, kept by
ANALYZE and autovacuum), so it costs nothing per query at any size; a lexeme not among them
is rarer than all of them. A table without statistics yet (new or small) is counted.
"""

import math

from sqlalchemy import text

_STATISTICS = text(
    "SELECT c.reltuples::bigint, s.most_common_elems::text::text[], s.most_common_elem_freqs "
    "FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = 'search_document' AND "
    "s.attname = 'words' AND s.schemaname = current_schema() "
    "WHERE c.oid = 'search_document'::regclass"
)
_COUNTS = text(
    "SELECT NULL, count(*) FROM search_document UNION ALL "
    "SELECT l, (SELECT count(*) FROM search_document WHERE words @@ CAST(quote_literal(l) AS "
    "tsquery)) FROM unnest(CAST(:lexemes AS text[])) AS l"
)


def shares(connection, lexemes: list[str]) -> tuple[dict[str, float], int]:
    """Each lexeme's share of the documents (0..1), and how many documents there are."""
    if not lexemes:
        return {}, 0
    reltuples, common, frequencies = connection.execute(_STATISTICS).one()
    if common and reltuples and reltuples > 0:
        found = dict(zip(common, frequencies, strict=False))
        floor = min(found.values()) / 2
        return {lex: found.get(lex, floor) for lex in lexemes}, reltuples
    counts = dict(connection.execute(_COUNTS, {"lexemes": sorted(set(lexemes))}).all())
    size = max(counts.pop(None, 0), 1)
    return {lex: counts.get(lex, 0) / size for lex in lexemes}, size


def idf(share: float, size: int) -> float:
    """BM25's inverse document frequency of a lexeme in `share` of `size` documents."""
    n = share * size
    return math.log(1 + (size - n + 0.5) / (n + 0.5))
