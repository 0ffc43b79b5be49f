"""organisations users audit log and catalogue

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogueload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("loaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("withdrawn", sa.Integer(), nullable=False),
        sa.Column("carried_over", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("review_interval_months", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_slug"), ["slug"], unique=True)

    op.create_table(
        "requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("framework", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("theme", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("sort_key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title_nl", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("title_en", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("summary_nl", sa.Text(), nullable=False),
        sa.Column("summary_en", sa.Text(), nullable=False),
        sa.Column("categories", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("moved_to", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("government_measures", sa.Boolean(), nullable=True),
        sa.Column("article", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("cbw", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("note_nl", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("note_en", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("replaces", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("introduced_in", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("withdrawn_in", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.CheckConstraint("framework IN ('bio2', 'nis2')", name="ck_requirement_framework"),
        sa.CheckConstraint("kind IN ('control', 'measure', 'nis2')", name="ck_requirement_kind"),
        sa.CheckConstraint("status IN ('active', 'withdrawn', 'moved')", name="ck_requirement_status"),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["requirement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_requirement_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_requirement_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_requirement_sort_key"), ["sort_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_requirement_theme"), ["theme"], unique=False)

    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
        sa.Column("login_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_login_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_account_email"), ["email"], unique=True)
        batch_op.create_index(batch_op.f("ix_user_account_login_token"), ["login_token"], unique=True)

    op.create_table(
        "auditevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("ip", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auditevent_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditevent_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditevent_subject"), ["subject"], unique=False)

    op.create_table(
        "mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("relationship", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("rationale_nl", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("rationale_en", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.CheckConstraint(
            "relationship IN ('equal', 'subset', 'superset', 'intersect')", name="ck_mapping_relationship"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["requirement.id"],
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["requirement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id", "target_id"),
    )
    with op.batch_alter_table("mapping", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mapping_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mapping_target_id"), ["target_id"], unique=False)

    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.CheckConstraint("role IN ('admin', 'ciso', 'auditor', 'management')", name="ck_membership_role"),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "organisation_id"),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_user_id"), ["user_id"], unique=False)

    op.create_table(
        "requirementtext",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("text_nl", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("loaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["requirement.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "requirement_id"),
    )
    with op.batch_alter_table("requirementtext", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_requirementtext_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("requirementtext", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requirementtext_organisation_id"))

    op.drop_table("requirementtext")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_user_id"))
        batch_op.drop_index(batch_op.f("ix_membership_organisation_id"))

    op.drop_table("membership")
    with op.batch_alter_table("mapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mapping_target_id"))
        batch_op.drop_index(batch_op.f("ix_mapping_source_id"))

    op.drop_table("mapping")
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditevent_subject"))
        batch_op.drop_index(batch_op.f("ix_auditevent_at"))
        batch_op.drop_index(batch_op.f("ix_auditevent_action"))

    op.drop_table("auditevent")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_account_login_token"))
        batch_op.drop_index(batch_op.f("ix_user_account_email"))

    op.drop_table("user_account")
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requirement_theme"))
        batch_op.drop_index(batch_op.f("ix_requirement_sort_key"))
        batch_op.drop_index(batch_op.f("ix_requirement_kind"))
        batch_op.drop_index(batch_op.f("ix_requirement_code"))

    op.drop_table("requirement")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_slug"))

    op.drop_table("organisation")
    op.drop_table("catalogueload")
