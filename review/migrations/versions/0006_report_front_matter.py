"""Report front matter: lead reviewers' names as printed, independence statement, version;
findings' short titles

Revision ID: 0006
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("review") as batch:
        batch.add_column(
            sa.Column("lead_reviewer_names", sa.String(300), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("independence_statement", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("report_version", sa.String(40), nullable=False, server_default="")
        )
    with op.batch_alter_table("finding") as batch:
        batch.add_column(
            sa.Column("short_title", sa.String(150), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("finding") as batch:
        batch.drop_column("short_title")
    with op.batch_alter_table("review") as batch:
        batch.drop_column("report_version")
        batch.drop_column("independence_statement")
        batch.drop_column("lead_reviewer_names")
