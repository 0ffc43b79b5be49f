"""report_language: a schedule makes its report in the language chosen (Dutch or English)

Revision ID: 0025_report_language
Revises: 0022_weerstand
Create Date: 2026-12-01

`schedule` is an ordinary table (a schedule is changed in place and every change is audited, reports/schedules.py),
not a history table: no triggers to lift. Existing schedules keep making Dutch reports.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0025_report_language"
down_revision = "0022_weerstand"
branch_labels = None
depends_on = None

LANGUAGES = "language IN ('nl', 'en')"


def upgrade() -> None:
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "language", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False, server_default="nl"
            )
        )
        batch_op.create_check_constraint("ck_schedule_language", LANGUAGES)


def downgrade() -> None:
    with op.batch_alter_table("schedule", schema=None) as batch_op:
        batch_op.drop_constraint("ck_schedule_language", type_="check")
        batch_op.drop_column("language")
