"""Per-user request counts for rate limits (shared by every worker process)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limit_window",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("started", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limit_window")),
    )


def downgrade():
    op.drop_table("rate_limit_window")
