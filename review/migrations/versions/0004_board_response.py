"""Board responses and actions

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "board_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["finding.id"],
            name=op.f("fk_board_response_finding_id_finding"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responded_by_id"], ["user_account.id"],
            name=op.f("fk_board_response_responded_by_id_user_account"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_response")),
        sa.UniqueConstraint("finding_id", name=op.f("uq_board_response_finding_id")),
    )  # fmt: skip
    op.create_table(
        "board_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("owner_role", sa.String(length=200), nullable=False),
        sa.Column("owner_agency", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence_of_impact", sa.Text(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"], ["finding.id"],
            name=op.f("fk_board_action_finding_id_finding"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_action")),
    )  # fmt: skip
    with op.batch_alter_table("board_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_action_finding_id"), ["finding_id"], unique=False)


def downgrade():
    with op.batch_alter_table("board_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_action_finding_id"))
    op.drop_table("board_action")
    op.drop_table("board_response")
