"""A fixed sample of the search documents, narrow rows, and indexes for estimates and date order

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

# frozen here as it was written (a migration must not change when the model does)
NARROW_ROWS = (
    "ALTER TABLE search_document SET (toast_tuple_target = 128); ALTER TABLE search_document "
    "ALTER COLUMN id SET STORAGE MAIN, ALTER COLUMN doc_type SET STORAGE MAIN, "
    "ALTER COLUMN board SET STORAGE MAIN, ALTER COLUMN category SET STORAGE MAIN, "
    "ALTER COLUMN review_type SET STORAGE MAIN, ALTER COLUMN themes SET STORAGE MAIN, "
    "ALTER COLUMN levels SET STORAGE MAIN, ALTER COLUMN agencies SET STORAGE MAIN, "
    "ALTER COLUMN digest SET STORAGE MAIN"
)

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "search_document",
        sa.Column("sample", sa.SmallInteger(), server_default="0", nullable=False),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(NARROW_ROWS)
        # the same bucket the engine writes (store.UPSERT): the id's hash, its last six bits;
        # every row is written again, so its text moves out of line too
        op.execute("UPDATE search_document SET sample = hashtext(id) & 63")
    op.create_index(
        "ix_search_document_sample_words",
        "search_document",
        ["words"],
        postgresql_using="gin",
        postgresql_where=sa.text("sample < 4"),
    )
    op.create_index(
        "ix_search_document_sparse_sample_words",
        "search_document",
        ["words"],
        postgresql_using="gin",
        postgresql_where=sa.text("sample = 0"),
    )
    op.create_index("ix_search_document_recent", "search_document", ["sort_date", "id"])
    op.create_index("ix_search_document_board", "search_document", ["board"])
    op.create_index(
        "ix_search_document_themes", "search_document", ["themes"], postgresql_using="gin"
    )
    op.create_index(
        "ix_search_document_published_findings",
        "search_document",
        ["words"],
        postgresql_using="gin",
        postgresql_where=sa.text("doc_type = 'finding' AND published"),
    )
    if postgresql:
        with op.get_context().autocommit_block():  # the old row versions' space given back
            op.execute("VACUUM FULL search_document")


def downgrade():
    op.drop_index("ix_search_document_themes", table_name="search_document")
    op.drop_index("ix_search_document_board", table_name="search_document")
    op.drop_index("ix_search_document_sparse_sample_words", table_name="search_document")
    op.drop_index("ix_search_document_published_findings", table_name="search_document")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_document RESET (toast_tuple_target)")
    op.drop_index("ix_search_document_recent", table_name="search_document")
    op.drop_index("ix_search_document_sample_words", table_name="search_document")
    op.drop_column("search_document", "sample")
