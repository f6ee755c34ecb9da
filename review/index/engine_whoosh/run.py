"""Answering a compiled query on Whoosh: visibility, facets, highlights, a time limit."""

import heapq
import weakref

import nh3
from markupsafe import Markup
from whoosh import collectors, sorting
from whoosh.query import And, Every, Not, Or, Term

from ..fields import FACETS
from ..results import PAGE_SIZE, Hit, Results, Similar
from ..visibility import Visibility
from . import bulk, collect
from .bulk import Bulk
from .collect import Bounded, facet_counts
from .highlight import highlight, query_terms

TIMED_OUT = (
    "This search took too long to finish, so these are the results found in the time "
    "allowed. Add words or a filter to narrow it."
)


def visible_filter(visibility: Visibility):
    """The one visibility rule, as a Whoosh filter."""
    allowed = Or(
        [
            Term("published", "yes"),
            *(Term("review_id", str(i)) for i in sorted(visibility.draft_review_ids)),
        ]
    )
    if visibility.doc_type:
        return And([allowed, Term("doc_type", visibility.doc_type)])
    return allowed


def facet_filter(selected: dict[str, list[str]]):
    """Facet choices: OR within one facet, AND across facets."""
    parts = []
    for name, values in selected.items():
        if name in FACETS and values:
            fieldname = FACETS[name][0]
            parts.append(Or([Term(fieldname, v) for v in values]))
    return And(parts) if parts else None


def _highlights(hit, terms: dict[str, frozenset[str]]) -> Markup:
    text = highlight(hit.get("body", ""), terms["body"]) or highlight(
        hit["title"], terms["title"], top=1
    )
    if not text:
        body = hit.get("body", "")
        text = (body[:240] + "…") if len(body) > 240 else body
        text = Markup.escape(text)
    return Markup(nh3.clean(str(text), tags={"mark"}, attributes={}))


#: searcher (one index version; document numbers change with it) -> visibility -> documents
_allowed: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def allowed_documents(searcher, visibility: Visibility) -> set[int]:
    """The document numbers the user may see, cached per searcher (i.e. per index version)."""
    per_visibility = _allowed.get(searcher)
    if per_visibility is None:
        per_visibility = _allowed[searcher] = {}
    found = per_visibility.get(visibility)
    if found is None:
        if len(per_visibility) > 64:
            per_visibility.clear()
        found = per_visibility[visibility] = set(
            searcher.docs_for_query(visible_filter(visibility))
        )
    return found


def execute(searcher, query, *, visibility: Visibility, selected, page: int, sort: str,
            time_limit: float, messages: list[str]) -> tuple[Results, float]:  # fmt: skip
    """One page of hits with facet counts; returns the results and the top hit's score."""
    page = max(page, 1)
    allowed = allowed_documents(searcher, visibility)
    extra = facet_filter(selected)
    with bulk.deadline(time_limit):
        if isinstance(query, Bulk) and sort != "date":
            ids, ranked = _listed(searcher, query, allowed, extra, page)
        else:
            ids, ranked = _collected(searcher, query, allowed, extra, page, sort, time_limit)
        if bulk.late():
            messages.append(TIMED_OUT)
    terms = {name: query_terms(query, name) for name in ("body", "title")}
    found = Results(query="", total=len(ids), page=page, messages=messages)
    found.pages = (found.total + PAGE_SIZE - 1) // PAGE_SIZE
    top_score = ranked[0][0] if ranked and sort != "date" else 0.0
    for score, docnum in ranked[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        found.hits.append(_hit(searcher.stored_fields(docnum), score, terms))
    for name, (fieldname, _label) in FACETS.items():
        counts = facet_counts(searcher, ids, fieldname)
        found.facets[name] = sorted(
            ((value, n) for value, n in counts.items() if value),
            key=lambda item: (-item[1], item[0]),
        )
    return found, top_score or 0.0


def _listed(searcher, query, allowed: set[int], extra, page: int):
    """Plain words and phrases list every match with its score at once: keep the visible
    ones and take the best (ties: the earlier document, as Whoosh's collector does)."""
    keep = allowed if extra is None else allowed & set(searcher.docs_for_query(extra))
    ids, scores = query.listed(searcher)
    matched: list[tuple[float, int]] = []
    step = collect.CHECK_EVERY  # as the collector does: look at the clock now and then
    for start in range(0, len(ids), step):
        matched.extend((score, -docnum) for docnum, score in
                       zip(ids[start:start + step], scores[start:start + step], strict=True)
                       if docnum in keep)  # fmt: skip
        if bulk.late():
            break
    best = heapq.nlargest(page * PAGE_SIZE, matched)
    return [-negative for _score, negative in matched], [(s, -n) for s, n in best]


def _collected(searcher, query, allowed: set[int], extra, page: int, sort: str,
               time_limit: float):  # fmt: skip
    """Any other query through Whoosh's collector, within the time limit."""
    if extra is not None:
        query = And([query, extra]) if not isinstance(query, Every) else extra
    options = {}
    if sort == "date" or isinstance(query, Every):
        options["sortedby"] = sorting.FieldFacet("sort_date", reverse=True)
    # Every match must be visited (facet counts and totals need all of them): no block-quality
    # skipping, and no replacing the matcher by one that drops documents below the top N.
    child = searcher.collector(limit=page * PAGE_SIZE, optimize=False, **options)
    child.replace = 0
    bounded = Bounded(child, allowed, time_limit)
    try:
        searcher.search_with_collector(query, bounded)
    except collectors.TimeLimit:
        bulk.late()  # the deadline has passed: said once, by the caller
    results = bounded.results()
    sorted_by_date = "sortedby" in options
    ranked = [(0.0 if sorted_by_date else results.score(i), results.docnum(i))
              for i in range(results.scored_length())]  # fmt: skip
    return bounded.ids, ranked


def _hit(fields: dict, score: float, terms: dict[str, frozenset[str]]) -> Hit:
    return Hit(
        doc_type=fields["doc_type"],
        record_id=fields["record_id"],
        review_id=int(fields["review_id"]),
        number=fields.get("number") or 0,
        title=fields["title"],
        review=fields.get("review", ""),
        board=fields.get("board_facet", ""),
        category=fields.get("category_facet", ""),
        year=fields.get("year") or None,
        score=round(score or 0.0, 3),
        highlights=_highlights(fields, terms),
    )


def similar(searcher, *, docnum: int | None, text: str, review_id: int, limit: int):
    """More Like This over findings of *other published* reviews."""
    others = And(
        [
            Term("doc_type", "finding"),
            Term("published", "yes"),
            Not(Term("review_id", str(review_id))),
        ]
    )
    hits = searcher.more_like(docnum, "body", text=None if docnum is not None else text,
                              top=limit, filter=others)  # fmt: skip
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
