"""chain checkpoints: the last verdict on each hash chain, so the logboek checks only the links added since

Revision ID: 0024_scale
Revises: 0020_incontrol
Create Date: 2026-12-01

`core.chain_verdict` keeps per chain the last link found intact, when, when the whole chain was last recomputed
(`naleving verify`) and the first break found. Without a row the next check recomputes the whole chain. An
index on the audit events by organisation and time: the logboek reads one organisation's events, newest first.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0024_scale"
down_revision = "0020_incontrol"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_checkpoint",
        sa.Column("key", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("checked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("full_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_auditevent_organisation_at", "auditevent", ["organisation_id", "at", "id"])


def downgrade() -> None:
    op.drop_index("ix_auditevent_organisation_at", table_name="auditevent")
    op.drop_table("chain_checkpoint")
