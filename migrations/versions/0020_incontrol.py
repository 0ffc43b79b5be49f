"""incontrol: the draft collegeverklaring and In Control Verklaring as kinds of report (and of schedule), and the
organisation's ENSIA year (which bijlagen apply, the assurance reports' references)

Revision ID: 0020_incontrol
Revises: 0016_chain_more
Create Date: 2026-12-01

The CHECK constraints on the kind change (every row stays) and one table is added.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from core.dbtypes import allow_changes_ddl, refuse_changes_ddl

revision = "0020_incontrol"
down_revision = "0016_chain_more"
branch_labels = None
depends_on = None

OLD = "kind IN ('soa', 'risks', 'pc', 'management', 'ensia')"
NEW = "kind IN ('soa', 'risks', 'pc', 'management', 'ensia', 'college', 'in-control')"


APPEND_ONLY = {"report"}  # SQLite rebuilds the table: its triggers go with it and are made again


def _kinds(table: str, name: str, condition: str) -> None:
    dialect = op.get_bind().dialect.name
    guarded = table in APPEND_ONLY
    for statement in allow_changes_ddl(table, dialect) if guarded else ():
        op.execute(statement)
    with op.batch_alter_table(table, schema=None, recreate="auto") as batch_op:
        batch_op.drop_constraint(name, type_="check")
        batch_op.create_check_constraint(name, condition)
    for statement in refuse_changes_ddl(table, dialect) if guarded else ():
        op.execute(statement)


def upgrade() -> None:
    _kinds("report", "ck_report_kind", NEW)
    _kinds("schedule", "ck_schedule_kind", NEW)
    op.create_table(
        "ensia_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("digid_applies", sa.Boolean(), nullable=False),
        sa.Column("digid_reference", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("suwinet_applies", sa.Boolean(), nullable=False),
        sa.Column("suwinet_reference", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("auditor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "year", name="uq_ensia_year"),
    )
    with op.batch_alter_table("ensia_year", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ensia_year_organisation_id"), ["organisation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ensia_year", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ensia_year_organisation_id"))
    op.drop_table("ensia_year")
    op.execute("DELETE FROM schedule WHERE kind IN ('college', 'in-control')")
    _kinds("schedule", "ck_schedule_kind", OLD)
    _kinds("report", "ck_report_kind", OLD)
