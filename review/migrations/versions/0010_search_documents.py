"""Search documents in the database for the PostgreSQL full-text engine

Revision ID: 0010
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None

LABELS = sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), "postgresql")
WORDS = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # trusted since PostgreSQL 13: the database's owner may create it
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "search_document",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("doc_type", sa.String(length=10), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("sort_date", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("review", sa.Text(), nullable=False),
        sa.Column("board", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("review_type", sa.Text(), nullable=False),
        sa.Column("themes", LABELS, nullable=False),
        sa.Column("levels", LABELS, nullable=False),
        sa.Column("agencies", LABELS, nullable=False),
        sa.Column("digest", sa.String(length=40), nullable=False),
        sa.Column("words", WORDS, nullable=True),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_search_document_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_document")),
    )
    op.create_index(
        op.f("ix_search_document_review_id"), "search_document", ["review_id"], unique=False
    )
    op.create_index(
        "ix_search_document_words", "search_document", ["words"], postgresql_using="gin"
    )
    op.create_table(
        "search_word",
        sa.Column("word", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_word")),
    )
    op.create_index(
        "ix_search_word_trigrams",
        "search_word",
        ["word"],
        postgresql_using="gin",
        postgresql_ops={"word": "gin_trgm_ops"},
    )


def downgrade():
    op.drop_index("ix_search_word_trigrams", table_name="search_word")
    op.drop_table("search_word")
    op.drop_index("ix_search_document_words", table_name="search_document")
    op.drop_index(op.f("ix_search_document_review_id"), table_name="search_document")
    op.drop_table("search_document")
