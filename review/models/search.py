"""Search documents kept in the database, for the PostgreSQL full-text engine.

With `REVIEW_SEARCH_BACKEND=postgresql` every finding and KPE has a row here, written in the
same transaction as the records it is built from, so search and data can never disagree.
The tables exist on SQLite too (the schema is the same everywhere) but stay empty there:
the PostgreSQL engine refuses to start on any other database.
"""

from sqlalchemy import (
    DDL,
    JSON,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

#: a list of labels: a text[] on PostgreSQL (counted with unnest), JSON elsewhere
Labels = JSON().with_variant(ARRAY(Text()), "postgresql")
#: the weighted words of a document: a tsvector on PostgreSQL, unused text elsewhere
Words = Text().with_variant(TSVECTOR(), "postgresql")


class SearchDocument(db.Model):
    """One finding or KPE as search sees it: filters, facets, stored text and its words.

    `words` weighs the title A, labels and acronym/concept expansions B, the body C and the
    review's title D; labels searched by field (`theme:neglect`) are added as lexemes
    prefixed with the field's name ("theme:neglect"), without positions.
    """

    __tablename__ = "search_document"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # "finding:12", "kpe:3"
    doc_type: Mapped[str] = mapped_column(String(10))
    record_id: Mapped[int] = mapped_column()
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    published: Mapped[bool] = mapped_column()
    number: Mapped[int] = mapped_column(default=0)
    year: Mapped[int | None] = mapped_column()
    sort_date: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    review: Mapped[str] = mapped_column(Text, default="")
    board: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(Text, default="")
    review_type: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(Labels, default=list)
    levels: Mapped[list[str]] = mapped_column(Labels, default=list)
    agencies: Mapped[list[str]] = mapped_column(Labels, default=list)
    digest: Mapped[str] = mapped_column(String(40), default="")
    words: Mapped[str | None] = mapped_column(Words)
    #: 0-63 from a hash of the id: buckets 0-3 are the fixed 1-in-16 sample and bucket 0 the
    #: 1-in-64 one that estimate counts when a search matches too many documents to count them
    #: all (engine_postgresql/bounded.py)
    sample: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")

    __table_args__ = (
        Index("ix_search_document_words", "words", postgresql_using="gin"),
        Index(
            "ix_search_document_sample_words",
            "words",
            postgresql_using="gin",
            postgresql_where=text("sample < 4"),
        ),
        Index(
            "ix_search_document_sparse_sample_words",
            "words",
            postgresql_using="gin",
            postgresql_where=text("sample = 0"),
        ),
        Index("ix_search_document_recent", "sort_date", "id"),
        # the most selective facets narrow a search through the index (1 board in 150, a theme);
        # an index on a facet with few values (category, year, level) made the planner take
        # it alone and read thousands of rows' words: measured slower, so none
        Index("ix_search_document_board", "board"),
        Index("ix_search_document_themes", "themes", postgresql_using="gin"),
        Index(  # similar findings (engine_postgresql/similar.py) look only here
            "ix_search_document_published_findings",
            "words",
            postgresql_using="gin",
            postgresql_where=text("doc_type = 'finding' AND published"),
        ),
    )


class SearchWord(db.Model):
    """Every word of the documents as written (unstemmed): the vocabulary for "did you mean".

    Searched by trigram similarity (pg_trgm); a candidate is offered only if a document the
    user may read contains it, so stale words here are harmless and `reindex` renews them.
    """

    __tablename__ = "search_word"

    word: Mapped[str] = mapped_column(String(60), primary_key=True)

    __table_args__ = (
        Index(
            "ix_search_word_trigrams",
            "word",
            postgresql_using="gin",
            postgresql_ops={"word": "gin_trgm_ops"},
        ),
    )


#: the text (title, body, review's title) is stored out of line and the facet columns in line,
#: so the rows a search visits to count and filter are narrow (measured at 150,000 documents:
#: the table's main part 448 MB -> 86 MB; benchmarks/README.md); as migration 0012 does
NARROW_ROWS = (
    "ALTER TABLE search_document SET (toast_tuple_target = 128); ALTER TABLE search_document "
    + ", ".join(
        f"ALTER COLUMN {c} SET STORAGE MAIN"
        for c in (
            "id",
            "doc_type",
            "board",
            "category",
            "review_type",
            "themes",
            "levels",
            "agencies",
            "digest",
        )  # fmt: skip
    )
)
event.listen(
    SearchDocument.__table__,
    "after_create",
    DDL(NARROW_ROWS).execute_if(dialect="postgresql"),
)

# create_all() (tests, a fresh database) needs pg_trgm for the trigram index, as the migration does
event.listen(
    SearchWord.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
