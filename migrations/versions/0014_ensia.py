"""ensia: the ENSIA self-evaluation as a kind of report (and of schedule)

Revision ID: 0014
Revises: 0005
Create Date: 2026-12-01

Only the CHECK constraints on the kind change; every row stays.
"""

from alembic import op

revision = "0014"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD = "kind IN ('soa', 'risks', 'pc', 'management')"
NEW = "kind IN ('soa', 'risks', 'pc', 'management', 'ensia')"


def _kinds(table: str, name: str, condition: str) -> None:
    with op.batch_alter_table(table, schema=None, recreate="auto") as batch_op:
        batch_op.drop_constraint(name, type_="check")
        batch_op.create_check_constraint(name, condition)


def upgrade() -> None:
    _kinds("report", "ck_report_kind", NEW)
    _kinds("schedule", "ck_schedule_kind", NEW)


def downgrade() -> None:
    op.execute("DELETE FROM schedule WHERE kind = 'ensia'")
    _kinds("schedule", "ck_schedule_kind", OLD)
    _kinds("report", "ck_report_kind", OLD)
