"""The Whoosh index: one schema for findings and KPEs, Snowball English stemming."""

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..fields import STOP_WORDS, WORD_PATTERN, stem

ANALYZER = StemmingAnalyzer(expression=WORD_PATTERN, stoplist=STOP_WORDS, stemfn=stem)

#: query field -> index field, where they differ
INDEX_FIELDS = {"year": "year_facet", "doc_type": "doc_type"}
#: fields an index built by an older version lacks: it is rebuilt rather than used
REQUIRED = {"labels", "digest", "spell"}


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
        category_facet=ID(stored=True),
        theme_facet=KEYWORD(stored=True, commas=True),
        level_facet=KEYWORD(stored=True, commas=True),
        board_facet=ID(stored=True),
        type_facet=ID(stored=True),
        year_facet=ID(stored=True),
        agency_facet=KEYWORD(stored=True, commas=True),
    )


def whoosh_fields(doc: dict) -> dict:
    """An engine-neutral document as Whoosh stores it (plus its spelling vocabulary)."""
    return {**doc, "spell": f"{doc['title']}\n{doc['body']}"}
