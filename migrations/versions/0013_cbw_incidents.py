"""cbw: the incident register (Cbw meldplicht), the board training register (Cbw art. 24), and the
organisation's horizon for planned dates

Revision ID: 0013_cbw
Revises: 0012_plan
Create Date: 2026-12-01
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from core.dbtypes import refuse_changes_ddl

revision = "0013_cbw"
down_revision = "0012_plan"
branch_labels = None
depends_on = None


# Revisions, messages sent and training records are append-only: the database refuses UPDATE and DELETE on
# them (as core.dbtypes.append_only declares for create_all, through core.dbtypes.refuse_changes_ddl).
APPEND_ONLY = ("incident_revision", "incident_message", "board_training")


def refuse_changes() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        for statement in refuse_changes_ddl(table, dialect):
            op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "board_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("position", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("board_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_board_member_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "incident",
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("affected", sa.Text(), nullable=False),
        sa.Column("aware_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("occurred_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.Column("thresholds", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("significance_reason", sa.Text(), nullable=False),
        sa.Column("suspected_malicious", sa.Boolean(), nullable=True),
        sa.Column("cross_border", sa.Boolean(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.Column("root_cause", sa.Text(), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("handled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("links", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("status IN ('ongoing', 'handled', 'closed')", name="ck_incident_status"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "number"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "board_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("course", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("trained_on", sa.Date(), nullable=False),
        sa.Column("certificate_on", sa.Date(), nullable=True),
        sa.Column("certificate_valid_until", sa.Date(), nullable=True),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["board_member.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("board_training", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_training_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_board_training_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "incident_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("portal_reference", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.CheckConstraint(
            "kind IN ('early_warning', 'notification', 'intermediate', 'progress', 'final')",
            name="ck_incident_message_kind",
        ),
        sa.CheckConstraint(
            "recipient IN ('csirt', 'authority', 'both')", name="ck_incident_message_recipient"
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_message_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_incident_message_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "incident_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("due_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("lead_hours", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recipients", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "deadline", "due_at", "lead_hours"),
    )
    with op.batch_alter_table("incident_reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_reminder_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_revision",
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("affected", sa.Text(), nullable=False),
        sa.Column("aware_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("occurred_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.Column("thresholds", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("significance_reason", sa.Text(), nullable=False),
        sa.Column("suspected_malicious", sa.Boolean(), nullable=True),
        sa.Column("cross_border", sa.Boolean(), nullable=True),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.Column("root_cause", sa.Text(), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("handled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("links", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.CheckConstraint("status IN ('ongoing', 'handled', 'closed')", name="ck_incident_revision_status"),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incident.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "number"),
    )
    with op.batch_alter_table("incident_revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_revision_incident_id"), ["incident_id"], unique=False)

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_horizon_years", sa.Integer(), nullable=False, server_default="3"))

    refuse_changes()


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("plan_horizon_years")

    with op.batch_alter_table("incident_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_revision_incident_id"))

    op.drop_table("incident_revision")
    with op.batch_alter_table("incident_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_reminder_incident_id"))

    op.drop_table("incident_reminder")
    with op.batch_alter_table("incident_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_message_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_incident_message_incident_id"))

    op.drop_table("incident_message")
    with op.batch_alter_table("board_training", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_training_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_board_training_member_id"))

    op.drop_table("board_training")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_organisation_id"))

    op.drop_table("incident")
    with op.batch_alter_table("board_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_member_organisation_id"))

    op.drop_table("board_member")
