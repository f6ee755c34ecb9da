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

**Estimates above `SEARCH_EXACT_UP_TO` matches.** Finding and counting 100,000 matches of a
common word costs ~0.5 s however it is written (the rows must be visited). So a search first
counts its matches in a fixed 1-in-64 sample of the published documents (`sample = 0`;
`sample` is a hash of the id, 0-63) and, unless that says more than `SPARSE_FACTOR` times the
limit, in a 1-in-16 sample (`sample < 4`), each with its own partial GIN index, plus every
visible draft document (few, counted exactly). Up to `SEARCH_EXACT_UP_TO` estimated
matches everything is exact as above. Beyond, the total and the facet counts are the
sample's counts times 16 (or 64; drafts once), shown as estimates; the relevance-ordered
pages are ranked within the sample's matches and the drafts (a random sample ranks like the
whole: the best of its most recent best-covered matches); date order stays exact (newest
first through the `sort_date` index). At 150,000 documents a common word's 1-in-64 sample is
~1,500 rows, enough for "about 100,000" and facet counts of a few thousand to within ~10 %.
"""

from dataclasses import dataclass

#: at most this many matches (per tier) are ranked for one page
BOUND = 400
#: samples of the published documents by name: (1 in how many, which rows); a row's `sample`
#: is 0-63 from a hash of its id (store.UPSERT), each sample has its partial GIN index
#: (models/search.py)
SAMPLES = {"s64": (64, "d.sample = 0"), "s16": (16, "d.sample < 4")}
#: above this many times the exact limit, the sparser sample is used
SPARSE_FACTOR = 5
#: a match found through a phrase costs about this many plain matches (its words are read to
#: check positions: "dip sample" alcohol, 6,029 matches, 76 ms against 16 ms for "injury",
#: 6,875), so searches with a phrase are estimated above a fifth of the limit
PHRASE_COST = 5
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
    """Rows (kind, value, count) over `m`: 'total' and each facet value (each row weighs `w`)."""
    single = {name: column for name, (column, multi) in FACET_COLUMNS.items() if not multi}
    kind = " ".join(f"WHEN GROUPING({c}) = 0 THEN '{n}'" for n, c in single.items())
    value = ", ".join(f"CAST({c} AS text)" for c in single.values())
    sets = ", ".join(f"({c})" for c in single.values())
    lists = "".join(  # per distinct list first: far fewer rows to take apart than values
        f"\nUNION ALL SELECT '{name}', v, CAST(sum(n) AS bigint), NULL::real, NULL::bigint "
        f"FROM (SELECT {column} AS a, sum(w) AS n FROM m GROUP BY {column}) AS {name}_lists, "
        f"unnest({name}_lists.a) AS v GROUP BY v"
        for name, (column, multi) in FACET_COLUMNS.items()
        if multi
    )
    return (
        f"SELECT CASE {kind} ELSE 'total' END, coalesce({value}), "
        f"CAST(coalesce(sum(w), 0) AS bigint), NULL::real, NULL::bigint "
        f"FROM m GROUP BY GROUPING SETS ({sets}, ()){lists}"
    )


@dataclass(frozen=True)
class Matches:
    """Where the matches are: SQL over `search_document d` with an extra condition inside.

    `exact` is every visible match; `sampled` the sample's published matches and the visible
    drafts' matches (each arm with the condition inside it, so each uses its own index).
    """

    visible: str  # the visibility rule
    match: str  # the query and the facet choices
    drafts: bool  # whether the user sees draft documents (`:drafts` is bound)
    doc_type: str  # "" or " AND d.doc_type = :doc_type"

    def exact(self, extra: str = "") -> str:
        return f"{self.visible} AND {self.match}{extra}"

    def sampled(self, rows: str, extra: str = "") -> str:
        arms = [f"({rows} AND d.published{self.doc_type} AND {self.match}{extra})"]
        if self.drafts:
            arms.append(
                f"(NOT d.published AND d.review_id = ANY(CAST(:drafts AS int[])){self.doc_type} "
                f"AND {self.match}{extra})"
            )
        return "(" + " OR ".join(arms) + ")"


def statement(matches: Matches, coverage: str, rank: str, order: str, by_relevance: bool) -> str:
    """One statement. The sparse sample's matches (`s64`) give a first estimate; at most
    :sparse_above, the 1-in-16 sample's (`s16`) give the estimate (`est`). The matches `m` are
    every match when the estimate is at most :exact_up_to, else the 1-in-16 sample's, or the
    sparse sample's above :sparse_above, each published one counting as many as it stands
    for (the other branches are never run: their conditions are decided before, once). Rows
    (kind, value, number, rank, position): the page's hits ('hit', id, coverage, rank,
    position), the best coverage ('best'), the estimate ('estimate'), the total ('total'),
    each facet value (facet name, value, count) and how many rows the pages can reach ('reach').

    Parameters: :bound (candidates per tier), :need (offset + limit), :limit, :offset,
    :exact_up_to, :sparse_above.
    """
    covered, words = all_covered(coverage)
    sparse = "(SELECT n FROM e64) > :sparse_above"
    small = "(SELECT n FROM est) <= :exact_up_to"
    gates = {"exact": small, "s16": f"NOT {small} AND NOT {sparse}", "s64": sparse}
    names = list(dict.fromkeys(c for c, _m in FACET_COLUMNS.values()))
    columns = ", ".join(f"d.{c}" for c in names)
    recent = "SELECT id FROM m {} ORDER BY sort_date DESC, id LIMIT :bound"

    def where(tier: str, extra: str = "") -> str:
        return matches.exact(extra) if tier == "exact" else matches.sampled(SAMPLES[tier][1], extra)

    def sample(tier: str) -> str:
        weight = SAMPLES[tier][0]
        return f"d.id, d.sort_date, {columns}, CASE WHEN d.published THEN {weight} ELSE 1 END AS w"

    if words:  # the best-covered matches, from the index
        full = " UNION ALL ".join(
            f"SELECT d.id, d.sort_date FROM search_document d WHERE "
            f"{where(tier, f' AND {covered}')} AND {gate}"
            for tier, gate in gates.items()
        )
    else:
        full = "SELECT id, sort_date FROM m"
    if by_relevance:
        candidates = (
            # `+ 0`: from the GIN index then sorted, never newest-first through the sort_date
            # index testing each row's words (the planner does not price reading them)
            f"f AS MATERIALIZED (SELECT id, sort_date FROM ({full}) AS x "
            f"ORDER BY sort_date + 0 DESC, id LIMIT :bound), c AS "
            f"(SELECT id FROM f UNION SELECT id FROM "
            f"({recent.format('WHERE (SELECT count(*) FROM f) < :need')}) AS o)"
        )
    else:  # newest first: of `m`, or of every match through the sort_date index when sampled
        candidates = (
            f"f AS (SELECT id FROM ({full}) AS x LIMIT 1), c AS (SELECT id FROM "
            f"({recent.format(f'WHERE {small}')}) AS e UNION ALL SELECT id FROM (SELECT d.id "
            f"FROM search_document d WHERE {matches.exact()} AND NOT {small} "
            f"ORDER BY d.sort_date DESC, d.id LIMIT :bound) AS s)"
        )
    plain = ", ".join(names)
    return f"""
WITH s64 AS MATERIALIZED (
  SELECT {sample("s64")} FROM search_document d WHERE {where("s64")}
), e64 AS (SELECT coalesce(sum(w), 0) AS n FROM s64
), s16 AS MATERIALIZED (
  SELECT {sample("s16")} FROM search_document d WHERE {where("s16")} AND NOT {sparse}
), est AS (SELECT CASE WHEN {sparse} THEN (SELECT n FROM e64)
  ELSE (SELECT coalesce(sum(w), 0) FROM s16) END AS n
), m AS MATERIALIZED (
  SELECT d.id, d.sort_date, {columns}, 1 AS w FROM search_document d
  WHERE {where("exact")} AND {small}
  UNION ALL SELECT id, sort_date, {plain}, w FROM s16 WHERE {gates["s16"]}
  UNION ALL SELECT id, sort_date, {plain}, w FROM s64 WHERE {sparse}
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
UNION ALL SELECT 'estimate', NULL, n, NULL::real, NULL::bigint FROM est
UNION ALL SELECT 'reach', NULL, count(*), NULL::real, NULL::bigint FROM m
UNION ALL {_counts()}
"""
