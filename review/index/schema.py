"""One Whoosh index, two document types (findings and KPEs), and the fields users search."""

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

ANALYZER = StemmingAnalyzer()

#: facet name (URL argument) -> (stored facet field, label shown to people)
FACETS = {
    "category": ("category_facet", "Category"),
    "theme": ("theme_facet", "Theme"),
    "level": ("level_facet", "Contributory factor level"),
    "board": ("board_facet", "Board"),
    "review_type": ("type_facet", "Review type"),
    "year": ("year_facet", "Year"),
    "agency": ("agency_facet", "Agency type"),
}
MULTI_VALUED = {"theme_facet", "level_facet", "agency_facet"}

#: fields a query may name (`category:tools`), as people write them
QUERY_FIELDS = {
    "title": "title",
    "text": "body",
    "body": "body",
    "review": "review",
    "board": "board",
    "category": "category",
    "theme": "theme",
    "level": "level",
    "factor": "level",
    "type": "review_type",
    "agency": "agency_type",
    "question": "questions",
    "questions": "questions",
    "year": "year",
    "kind": "doc_type",
}
DEFAULT_FIELDS = ["title", "body", "expansions", "review"]


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        doc_type=ID(stored=True),
        record_id=STORED,
        review_id=ID(stored=True),
        published=ID(stored=True),
        version=STORED,
        number=STORED,
        title=TEXT(stored=True, analyzer=ANALYZER, field_boost=2.0),
        body=TEXT(stored=True, analyzer=ANALYZER),
        questions=TEXT(analyzer=ANALYZER),
        expansions=TEXT(analyzer=ANALYZER),
        spell=TEXT(),  # unstemmed words: the vocabulary for "did you mean"
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
