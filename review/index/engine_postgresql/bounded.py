"""A search's statement at national scale: matches found once, counts without the words,
ranking within a bounded candidate set.

Measured on 150,000 documents (benchmarks/README.md, issue 10): reading a document's
`words` (a tsvector of ~4.5 kB, stored out of line) costs more than anything else, and ranking
every match of a common word (each word's coverage and `ts_rank`, every row) grows with the
matches. So:

- the matches (`m`) are found once, by the GIN index, with only the narrow columns: the
  planner is told not to scan the whole table (it would test `@@` on every row's words);
  the total and the facets are counted over `m` in one grouped pass (`GROUPING SETS`) and
  one pass per list facet (grouped by the whole list first, then taken apart);
- **the page** is ranked within a bounded candidate set: the most recent `BOUND` matches
  that have every plain word (the best coverage, found in the index), and, only when there
  are fewer of those than the page needs, the most recent `BOUND` matches of all. Up to
  `BOUND` matches (a board's own search, the judged relevance set) every match is ranked,
  exactly as before; above it, a common word's page is the best-ranked of its most recent
  best-covered matches. Each candidate's words are read once (a copy in memory), not once
  per word of the query.
"""

#: at most this many matches (per tier) are ranked for one page
BOUND = 400
#: planner settings for a search that matches words (reverted with the search's savepoint)
PLANNER = (
    "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true), "
    "set_config('work_mem', '32MB', true)"
)

#: facet name -> (column, holds several values), as in the `search_document` table
FACET_COLUMNS = {
    "category": ("category", False),
    "theme": ("themes", True),
    "level": ("levels", True),
    "board": ("board", False),
    "review_type": ("review_type", False),
    "year": ("year", False),
    "agency": ("agencies", True),
}


def all_covered(coverage: str) -> tuple[str, int]:
    """SQL true when a document has every plain word (index-searchable), and how many."""
    terms = [t.removesuffix("::int") for t in coverage.split(" + ") if t.strip() != "0"]
    return (" AND ".join(terms) or "true"), len(terms)


def _counts() -> str:
    """Rows (kind, value, count) over `m`: 'total' and each facet value."""
    single = {name: column for name, (column, multi) in FACET_COLUMNS.items() if not multi}
    kind = " ".join(f"WHEN GROUPING({c}) = 0 THEN '{n}'" for n, c in single.items())
    value = ", ".join(f"CAST({c} AS text)" for c in single.values())
    sets = ", ".join(f"({c})" for c in single.values())
    lists = "".join(  # per distinct list first: far fewer rows to take apart than values
        f"\nUNION ALL SELECT '{name}', v, CAST(sum(n) AS bigint), NULL::real, NULL::bigint "
        f"FROM (SELECT {column} AS a, count(*) AS n FROM m GROUP BY {column}) AS {name}_lists, "
        f"unnest({name}_lists.a) AS v GROUP BY v"
        for name, (column, multi) in FACET_COLUMNS.items()
        if multi
    )
    return (
        f"SELECT CASE {kind} ELSE 'total' END, coalesce({value}), count(*), NULL::real, "
        f"NULL::bigint FROM m GROUP BY GROUPING SETS ({sets}, ()){lists}"
    )


def statement(where: str, coverage: str, rank: str, order: str, by_relevance: bool) -> str:
    """One statement over the matches `m` (found once): rows (kind, value, number, rank,
    position) for the page's hits ('hit', id, coverage, rank, position), the best coverage
    ('best'), the total ('total') and each facet value (facet name, value, count).

    Parameters: :bound (candidates per tier), :need (offset + limit), :limit, :offset.
    """
    covered, words = all_covered(coverage)
    columns = ", ".join(dict.fromkeys(f"d.{c}" for c, _m in FACET_COLUMNS.values()))
    recent = "SELECT id FROM m {} ORDER BY sort_date DESC, id LIMIT :bound"
    if words:  # the best-covered matches, from the index
        full = f"SELECT d.id, d.sort_date FROM search_document d WHERE {where} AND {covered}"
    else:
        full = "SELECT id, sort_date FROM m"
    if by_relevance:
        candidates = (
            f"f AS MATERIALIZED ({full} ORDER BY sort_date DESC, id LIMIT :bound), c AS "
            f"(SELECT id FROM f UNION SELECT id FROM "
            f"({recent.format('WHERE (SELECT count(*) FROM f) < :need')}) AS o)"
        )
    else:
        candidates = f"f AS ({full} LIMIT 1), c AS ({recent.format('')})"
    return f"""
WITH m AS MATERIALIZED (
  SELECT d.id, d.sort_date, {columns} FROM search_document d WHERE {where}
), {candidates}, r AS MATERIALIZED (
  SELECT d.id, d.sort_date, {coverage} AS coverage, {rank} AS rank FROM (
    SELECT s.id, s.sort_date, s.words || ''::tsvector AS words FROM search_document s
    WHERE s.id IN (SELECT id FROM c) OFFSET 0
  ) AS d
), page AS (
  SELECT id, rank, coverage, row_number() OVER (ORDER BY {order}) AS pos FROM r
  ORDER BY {order} LIMIT :limit OFFSET :offset
)
SELECT 'hit', id, coverage::bigint, rank, pos FROM page
UNION ALL SELECT 'best', NULL, CASE WHEN EXISTS (SELECT 1 FROM f) THEN {words}
  ELSE (SELECT max(coverage) FROM r) END, NULL::real, NULL::bigint
UNION ALL {_counts()}
"""
