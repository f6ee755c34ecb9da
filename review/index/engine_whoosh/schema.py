"""The Whoosh index: one schema for findings and KPEs, Snowball English stemming."""

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..fields import STOP_WORDS, WORD_PATTERN, stem

ANALYZER = StemmingAnalyzer(expression=WORD_PATTERN, stoplist=STOP_WORDS, stemfn=stem)

#: query field -> index field, where they differ
INDEX_FIELDS = {"year": "year_facet", "doc_type": "doc_type"}
#: fields an index built by an older version lacks: it is rebuilt rather than used
REQUIRED = {"labels", "digest", "spell", "theme_all"}
#: facet field -> the column its counts are read from (multi-valued: all values in one string)
COUNTED = {"theme_facet": "theme_all", "level_facet": "level_all", "agency_facet": "agency_all"}


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        doc_type=ID(stored=True),
        record_id=STORED,
        review_id=ID(stored=True),
        published=ID(stored=True),
        version=STORED,
        digest=STORED,
        number=STORED,
        title=TEXT(stored=True, analyzer=ANALYZER, field_boost=2.0),
        body=TEXT(stored=True, analyzer=ANALYZER),
        questions=TEXT(analyzer=ANALYZER),
        expansions=TEXT(analyzer=ANALYZER, field_boost=0.7),
        labels=TEXT(analyzer=ANALYZER, field_boost=0.7),
        spell=TEXT(),  # unstemmed words: the vocabulary for respelling
        review=TEXT(stored=True, analyzer=ANALYZER),
        board=TEXT(analyzer=ANALYZER),
        category=TEXT(analyzer=ANALYZER),
        theme=TEXT(analyzer=ANALYZER),
        level=TEXT(analyzer=ANALYZER),
        review_type=TEXT(analyzer=ANALYZER),
        agency_type=TEXT(analyzer=ANALYZER),
        year=NUMERIC(stored=True, sortable=True),
        sort_date=NUMERIC(sortable=True),
        # facets: filtered by term, counted from columns (fast per matching document)
        category_facet=ID(stored=True, sortable=True),
        theme_facet=KEYWORD(stored=True, commas=True),
        level_facet=KEYWORD(stored=True, commas=True),
        board_facet=ID(stored=True, sortable=True),
        type_facet=ID(stored=True, sortable=True),
        year_facet=ID(stored=True, sortable=True),
        agency_facet=KEYWORD(stored=True, commas=True),
        theme_all=ID(sortable=True),
        level_all=ID(sortable=True),
        agency_all=ID(sortable=True),
    )


def whoosh_fields(doc: dict) -> dict:
    """An engine-neutral document as Whoosh stores it (plus its spelling vocabulary)."""
    counted = {column: doc.get(field, "") for field, column in COUNTED.items()}
    return {**doc, **counted, "spell": f"{doc['title']}\n{doc['body']}"}
