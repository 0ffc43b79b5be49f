"""weerstand: the begroting's own figures per P&C moment (append-only, chained) and the impact convention

Revision ID: 0022_weerstand
Revises: 0019_publish
Create Date: 2026-12-01

`pc_budget_figures` holds the municipality's available capacity and the required capacity of its other risks
per moment; `risk_settings.impact_convention` says what a risk costs when it occurs (existing organisations keep
the triangle they were computed with). Snapshots get no column: their method name names the convention.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from core.dbtypes import allow_changes_ddl, refuse_changes_ddl

revision = "0022_weerstand"
down_revision = "0019_publish"
branch_labels = None
depends_on = None

CONVENTIONS = "impact_convention IN ('triangular', 'maximum', 'uniform', 'most_likely')"


def upgrade() -> None:
    with op.batch_alter_table("risk_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "impact_convention",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="triangular",
            )
        )
        batch_op.create_check_constraint("ck_risk_settings_impact_convention", CONVENTIONS)
    op.create_table(
        "pc_budget_figures",
        sa.Column("chain_seq", sa.Integer(), nullable=False),
        sa.Column("chain_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("moment_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("available_capacity", sa.BigInteger(), nullable=False),
        sa.Column("other_required_capacity", sa.BigInteger(), nullable=False),
        sa.Column("certainty", sa.Float(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.CheckConstraint("available_capacity >= 0", name="ck_pc_budget_figures_available"),
        sa.CheckConstraint("other_required_capacity >= 0", name="ck_pc_budget_figures_other"),
        sa.CheckConstraint("certainty > 0 AND certainty < 1", name="ck_pc_budget_figures_certainty"),
        sa.ForeignKeyConstraint(["entered_by_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["moment_id"], ["pc_moment.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
        info={"append_only": True},
    )
    with op.batch_alter_table("pc_budget_figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pc_budget_figures_moment_id"), ["moment_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pc_budget_figures_organisation_id"), ["organisation_id"], unique=False
        )
    for statement in refuse_changes_ddl("pc_budget_figures", op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in allow_changes_ddl("pc_budget_figures", op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("pc_budget_figures")
    with op.batch_alter_table("risk_settings", schema=None) as batch_op:
        batch_op.drop_constraint("ck_risk_settings_impact_convention", type_="check")
        batch_op.drop_column("impact_convention")
