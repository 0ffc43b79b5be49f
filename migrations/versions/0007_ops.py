"""ops: the organisation's allowed mail domains; report records found by their SHA-256 (`naleving report verify`).

Revision ID: 0007_ops
Revises: 0010_api
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_ops"
down_revision = "0010_api"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "mail_domains",
                sqlmodel.sql.sqltypes.AutoString(length=2000),
                nullable=False,
                server_default="",
            )
        )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_sha256"))
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("mail_domains")
