"""shared services: a provider's offers of requirements, with the text it shares (inheritance by consent)

Revision ID: 0008_input
Revises: 0006_record
Create Date: 2026-12-01

Answers marked "inherited" before this migration stay as they are: with no offer of their provider they show
"the provider does not share this", count as unanswered and show nothing of the provider until it offers the
requirement (controls.sharing). No data is moved.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from core.dbtypes import refuse_changes_ddl

revision = "0008_input"
down_revision = "0006_record"
branch_labels = None
depends_on = None

# Offer revisions are append-only, as core.dbtypes.append_only declares for create_all, with the one trigger
# definition, core.dbtypes.refuse_changes_ddl.
TABLE = "shared_service_revision"


def refuse_changes() -> None:
    for statement in refuse_changes_ddl(TABLE, op.get_bind().dialect.name):
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("offered", sa.Boolean(), nullable=False),
        sa.Column("shared_text", sa.Text(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["provider_id"], ["organisation.id"]),
        sa.ForeignKeyConstraint(["requirement_id"], ["requirement.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider_id", "requirement_id", "number"),
        info={"append_only": True},
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_service_revision_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shared_service_revision_recorded_at"), ["recorded_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_shared_service_revision_requirement_id"), ["requirement_id"], unique=False
        )
    refuse_changes()


def downgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_service_revision_requirement_id"))
        batch_op.drop_index(batch_op.f("ix_shared_service_revision_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_shared_service_revision_provider_id"))
    op.drop_table(TABLE)
    # naleving_refuse_change() stays: other areas' append-only tables use it.
