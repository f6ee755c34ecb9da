"""Turning what people type into a Whoosh query, and answering it with facets and highlights.

The parser is forgiving: control characters are dropped, very long input is cut, unknown field
names are searched as words, and anything the parser cannot use is reported back in plain
words instead of failing.
"""

import re
from dataclasses import dataclass, field

import nh3
from markupsafe import Markup
from whoosh import highlight, sorting
from whoosh.qparser import FieldAliasPlugin, MultifieldParser, OrGroup
from whoosh.query import And, Every, NullQuery, Or, Term

from .schema import DEFAULT_FIELDS, FACETS, MULTI_VALUED, QUERY_FIELDS

MAX_QUERY = 500
PAGE_SIZE = 10


@dataclass
class Hit:
    doc_type: str
    record_id: int
    review_id: int
    number: int
    title: str
    review: str
    board: str
    category: str
    year: int | None
    score: float
    highlights: Markup


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    suggestion: str | None = None


def clean(text: str, messages: list[str]) -> str:
    """Make any input safe to parse, saying what was changed."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text or "").strip()
    if len(text) > MAX_QUERY:
        text = text[:MAX_QUERY]
        messages.append(f"Your search was cut to its first {MAX_QUERY} characters.")

    def unknown(match: re.Match) -> str:
        name = match.group(1)
        if name.lower() in QUERY_FIELDS:
            return name.lower() + ":"
        messages.append(
            f"“{name}:” is not something we can search by, so we searched for what follows it. "
            f"You can use: {', '.join(sorted(set(QUERY_FIELDS) - {'body', 'factor'}))}."
        )
        return ""

    return re.sub(r"(?<![\w\"])([A-Za-z_]+):(?=\S)", unknown, text)


def expand_acronyms(text: str, table: dict[str, list[str]]) -> str:
    """DV -> (DV OR "domestic violence" OR "domestic abuse"), outside quotes and fields."""
    if not table:
        return text
    pattern = re.compile(
        r"(?<![\w:&\"])("
        + "|".join(re.escape(a) for a in sorted(table, key=len, reverse=True))
        + r")(?![\w&:])",
        re.IGNORECASE,
    )
    lookup = {a.lower(): a for a in table}

    def expand(match: re.Match) -> str:
        acronym = lookup[match.group(1).lower()]
        alternatives = [f'"{acronym}"'] + [f'"{m}"' for m in table[acronym]]
        return "(" + " OR ".join(alternatives) + ")"

    parts = re.split(r"(\"[^\"]*\")", text)  # leave quoted phrases as typed
    return "".join(p if p.startswith('"') else pattern.sub(expand, p) for p in parts)


def parser(schema, *, any_word: bool = False):
    options = {"group": OrGroup} if any_word else {}
    qp = MultifieldParser(DEFAULT_FIELDS, schema, **options)
    qp.add_plugin(FieldAliasPlugin({v: [k] for k, v in QUERY_FIELDS.items() if k != v}))
    return qp


def _errors(query) -> list[str]:
    found = []
    if getattr(query, "error", None):
        found.append(str(query.error))
    for child in query.children() if hasattr(query, "children") else []:
        found.extend(_errors(child))
    return found


def parse(schema, text: str, table: dict[str, list[str]], messages: list[str]):
    """Parse cleaned text, falling back to its plain words if the parser cannot use it."""
    if not text:
        return Every()
    try:
        query = parser(schema).parse(expand_acronyms(text, table))
    except Exception:
        query = NullQuery
    problems = _errors(query)
    if query is NullQuery or problems:
        words = re.findall(r"\w+", text)
        messages.append(
            "Part of your search could not be understood"
            + (f" ({problems[0]})" if problems else "")
            + (", so we searched for the words in it." if words else ".")
        )
        query = parser(schema, any_word=True).parse(" ".join(words)) if words else NullQuery
    return query


def facet_filter(selected: dict[str, list[str]]):
    """Facet choices: OR within one facet, AND across facets."""
    parts = []
    for name, values in selected.items():
        if name in FACETS and values:
            fieldname = FACETS[name][0]
            parts.append(Or([Term(fieldname, v) for v in values]))
    return And(parts) if parts else None


FORMATTER = highlight.HtmlFormatter(tagname="mark", classname="", termclass="")


def _highlights(hit) -> Markup:
    text = hit.highlights("body", top=2) or hit.highlights("title", top=1)
    if not text:
        body = hit.get("body", "")
        text = (body[:240] + "…") if len(body) > 240 else body
        text = Markup.escape(text)
    return Markup(nh3.clean(str(text), tags={"mark"}, attributes={}))


def run(searcher, query, *, visible, selected, page: int, sort: str, messages) -> Results:
    """Search, with the visibility filter, facets, highlights and one page of hits."""
    extra = facet_filter(selected)
    if extra is not None:
        query = And([query, extra]) if not isinstance(query, Every) else extra
    facets = {
        name: sorting.FieldFacet(
            fieldname, allow_overlap=fieldname in MULTI_VALUED, maptype=sorting.Count
        )
        for name, (fieldname, _label) in FACETS.items()
    }
    options = {"filter": visible, "groupedby": facets}
    if sort == "date" or isinstance(query, Every):
        options["sortedby"] = sorting.FieldFacet("sort_date", reverse=True)
    page = max(page, 1)
    results = searcher.search(query, limit=page * PAGE_SIZE, **options)
    results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
    results.formatter = FORMATTER
    found = Results(query="", total=len(results), page=page, messages=messages)
    found.pages = (found.total + PAGE_SIZE - 1) // PAGE_SIZE
    for hit in results[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        found.hits.append(
            Hit(
                doc_type=hit["doc_type"],
                record_id=hit["record_id"],
                review_id=int(hit["review_id"]),
                number=hit.get("number") or 0,
                title=hit["title"],
                review=hit.get("review", ""),
                board=hit.get("board_facet", ""),
                category=hit.get("category_facet", ""),
                year=hit.get("year") or None,
                score=round(hit.score or 0.0, 3),
                highlights=_highlights(hit),
            )
        )
    for name in FACETS:
        counts = results.groups(name)
        found.facets[name] = sorted(
            ((value, n) for value, n in counts.items() if value),
            key=lambda item: (-item[1], item[0]),
        )
    return found
