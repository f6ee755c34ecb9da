"""Answering a compiled query in PostgreSQL: visibility, facets, ranking, highlights, a deadline.

One statement (`bounded.py`) finds the matches the user may read once (the visibility rule
and the facet choices are in its WHERE), ranks them (coverage, then `ts_rank` weighed by
rarity) within a bounded candidate set, takes the page, and counts the total and every
facet over all the matches; a second one builds highlights for the page's rows only. Each runs under
`statement_timeout`, inside a savepoint, so a search that runs out of time answers with a
message and leaves the request's transaction usable.
"""

from contextlib import contextmanager

import nh3
from markupsafe import Markup
from psycopg import errors
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from ..results import PAGE_SIZE, Hit, Results, about
from ..visibility import Visibility
from . import bounded
from .bounded import FACET_COLUMNS
from .compile import CONFIG, Compiled
from .statistics import idf, shares

TIMED_OUT = (
    "This search took too long to finish, so it was stopped. Add words or a filter to narrow it."
)
#: ts_rank weights for D (review title), C (body), B (labels, expansions), A (title): Whoosh's
#: field boosts (title 2, body and review 1, expansions and labels 0.7), halved
WEIGHTS = [0.5, 0.5, 0.35, 1.0]
#: no length normalisation: on the judged set (benchmarks/README.md) dividing by 1 + log(length)
#: or by the length lowered MRR (0.993 -> 0.979 / 0.967) and changed recall@10 by < 0.01
NORMALISATION = 0
START, STOP = "\ue000", "\ue001"  # private-use characters: never in what people write
HEADLINE = (
    f'StartSel="{START}", StopSel="{STOP}", MaxFragments=2, MaxWords=30, MinWords=12, '
    'ShortWord=2, FragmentDelimiter=" … "'
)


class TimedOut(Exception):
    """The statement ran past the search's time limit."""


@contextmanager
def deadline(session, seconds: float):
    """Run the block's statements with a statement timeout, in a savepoint rolled back after.

    Searches only read, so rolling the savepoint back loses nothing and also ends the timeout
    (a `SET LOCAL` inside a savepoint lasts until it is rolled back): three statements.
    """
    connection = session.connection()
    savepoint = connection.begin_nested()
    try:
        milliseconds = str(max(1, int(seconds * 1000)))
        connection.execute(text("SELECT set_config('statement_timeout', :ms, true)"),
                           {"ms": milliseconds})  # fmt: skip
        yield connection
    except OperationalError as error:
        if isinstance(error.orig, errors.QueryCanceled):
            raise TimedOut from error
        raise
    finally:
        savepoint.rollback()


def visible_sql(visibility: Visibility, params: dict) -> str:
    """The one visibility rule, as SQL over `search_document d`."""
    params["drafts"] = sorted(visibility.draft_review_ids)
    rule = "(d.published OR d.review_id = ANY(CAST(:drafts AS int[])))"
    return rule + _doc_type(visibility, params)


def _doc_type(visibility: Visibility, params: dict) -> str:
    if not visibility.doc_type:
        return ""
    params["doc_type"] = visibility.doc_type
    return " AND d.doc_type = :doc_type"


def facet_sql(selected: dict[str, list[str]], params: dict) -> str:
    """Facet choices: OR within one facet, AND across facets."""
    parts = []
    for name, values in selected.items():
        if name not in FACET_COLUMNS or not values:
            continue
        column, multi = FACET_COLUMNS[name]
        key = f"facet_{name}"
        if name == "year":
            params[key] = [int(v) for v in values if v.isdigit()]
            parts.append(f"d.year = ANY(CAST(:{key} AS int[]))")
        else:
            params[key] = list(values)
            test = "&&" if multi else "= ANY"
            parts.append(f"d.{column} {test}(CAST(:{key} AS text[]))")
    return "".join(f" AND {p}" for p in parts)


def rank_sql(connection, compiled: Compiled, params: dict) -> str:
    """BM25-like: each word or phrase's `ts_rank` (title above labels above body), weighed
    by its rarity, summed."""
    found, size = shares(
        connection, sorted({x for _q, lexemes in compiled.ranked for x in lexemes})
    )
    params["weights"] = WEIGHTS
    parts = []
    for n, (query, lexemes) in enumerate(compiled.ranked):
        weight = max((idf(found[x], size) for x in lexemes), default=1.0)
        params[f"r{n}"] = query
        parts.append(f"{weight:.4f} * ts_rank(CAST(:weights AS real[]), d.words, "
                     f"CAST(:r{n} AS tsquery), {NORMALISATION})")  # fmt: skip
    return "(" + " + ".join(parts) + ")"


def execute(session, compiled: Compiled, *, visibility: Visibility, selected, page: int,
            sort: str, everything: bool, time_limit: float, messages: list[str],
            exact_up_to: int) -> tuple[Results, int]:  # fmt: skip
    """One page of hits with the total and facet counts; returns them and the best coverage."""
    params = dict(compiled.params)
    matches = bounded.Matches(
        visible=visible_sql(visibility, params),
        match=f"({compiled.where}){facet_sql(selected, params)}",
        drafts=bool(visibility.draft_review_ids),
        doc_type=_doc_type(visibility, params),
    )
    by_relevance = not (sort == "date" or everything or not compiled.ranked)
    order = "coverage DESC, rank DESC, sort_date DESC, id" if by_relevance else "sort_date DESC, id"
    page = max(page, 1)
    need = page * PAGE_SIZE
    if compiled.has_phrase:
        exact_up_to //= bounded.PHRASE_COST
    params.update(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, need=need,
                  bound=max(bounded.BOUND, need) if by_relevance else need,
                  exact_up_to=exact_up_to,
                  sparse_above=exact_up_to * bounded.SPARSE_FACTOR)  # fmt: skip
    found = Results(query="", page=page, messages=messages)
    try:
        with deadline(session, time_limit) as connection:
            rank = rank_sql(connection, compiled, params) if by_relevance else "0::real"
            if "@@" in compiled.where:  # the index finds the matches; never test every row's words
                connection.execute(text(bounded.PLANNER))
            sql = bounded.statement(matches, compiled.coverage, rank, order, by_relevance)
            rows = connection.execute(text(sql), params).all()
            hits = sorted((r for r in rows if r[0] == "hit"), key=lambda r: r[4])
            details = _details(connection, [r[1] for r in hits], compiled.rank_query)
    except TimedOut:
        messages.append(TIMED_OUT)
        return found, 0
    best, reach = 0, 0
    for kind, value, count, _rank, _pos in rows:
        if kind == "best":
            best = int(count or 0)
        elif kind == "reach":
            reach = int(count)
        elif kind == "estimate":
            found.estimated = int(count) > exact_up_to
        elif kind == "total":
            found.total = int(count)
        elif kind != "hit" and value:
            found.facets.setdefault(kind, []).append((value, int(count)))
    for name in FACET_COLUMNS:
        found.facets[name] = sorted(found.facets.get(name, []), key=lambda i: (-i[1], i[0]))
    if found.estimated:
        found.total = about(found.total)
        found.facets = {n: [(v, about(c)) for v, c in vs] for n, vs in found.facets.items()}
    reachable = found.total if not (found.estimated and by_relevance) else reach
    found.pages = (reachable + PAGE_SIZE - 1) // PAGE_SIZE
    for _kind, doc_id, coverage, score, _pos in hits:
        if doc_id in details:
            found.hits.append(details[doc_id](round(coverage + (score or 0.0), 3)))
    return found, best


def _details(connection, ids: list[str], rank_query: str) -> dict:
    """Each hit of the page as a function of its score (highlights made here, for these only)."""
    if not ids:
        return {}
    params = {"ids": ids, "rq": rank_query or "", "opts": HEADLINE, "marks": START + STOP}
    if rank_query:
        marked = ", ".join(
            f"ts_headline('{CONFIG}', translate({column}, :marks, ''), CAST(:rq AS tsquery), :opts)"
            for column in ("body", "title")
        )  # our marks are taken out of the text first: only ts_headline's own remain
    else:
        marked = "'', ''"
    rows = connection.execute(
        text(
            "SELECT id, doc_type, record_id, review_id, number, title, review, board, category, "
            f"year, body, {marked} FROM search_document WHERE id = ANY(CAST(:ids AS text[]))"
        ),
        params,
    )
    found = {}
    for row in rows:
        found[row[0]] = _hit_maker(row)
    return found


def _hit_maker(row):
    doc_id, doc_type, record_id, review_id, number, title, review, board, category = row[:9]
    year, body, body_marked, title_marked = row[9:]

    def make(score: float) -> Hit:
        return Hit(doc_type=doc_type, record_id=record_id, review_id=review_id,
                   number=number or 0, title=title, review=review, board=board,
                   category=category, year=year or None, score=score,
                   highlights=highlights(body, body_marked, title_marked))  # fmt: skip

    return make


def highlights(body: str, body_marked: str, title_marked: str) -> Markup:
    """The marked fragments, escaped, with only our own marks turned into <mark>."""
    for marked in (body_marked, title_marked):
        if marked and START in marked:
            escaped = str(Markup.escape(marked)).replace(START, "<mark>").replace(STOP, "</mark>")
            return Markup(nh3.clean(escaped, tags={"mark"}, attributes={}))
    plain = (body[:240] + "…") if len(body) > 240 else body
    return Markup(nh3.clean(str(Markup.escape(plain)), tags={"mark"}, attributes={}))
